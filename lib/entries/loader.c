#include "entries/loader.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "entries/entries.h"
#include "sys/system.h"

/* systemd-boot's vendor GUID for its variables. */
#define LOADER_GUID "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
/* Entry ids are short; a variable larger than this is not one. */
#define EFIVAR_MAX 4096

int loader_conf_parse(const char *text, size_t len, char **dflt)
{
	const char *pos = text, *end = text + len, *line;
	size_t n;

	*dflt = NULL;
	while (ent_next_line(&pos, end, &line, &n)) {
		const char *v;
		size_t vn;

		ent_trim(&line, &n);
		if (n < 8 || memcmp(line, "default", 7) ||
		    (line[7] != ' ' && line[7] != '\t'))
			continue;
		v = line + 7;
		vn = n - 7;
		ent_trim(&v, &vn);
		/* A NUL byte would cut the pattern short: not a text line. */
		if (!vn || memchr(v, '\0', vn))
			continue;
		/* The last `default` line counts, as in systemd-boot. */
		free(*dflt);
		*dflt = ent_strndup(v, vn);
		if (!*dflt)
			return -ENOMEM;
	}
	return 0;
}

static size_t utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The code point at units U[*I] (and the next for a surrogate pair). */
static int utf16_next(const uint8_t *u, size_t n, size_t *i, uint32_t *cp)
{
	uint32_t hi = get_le16(u + 2 * *i), lo;

	(*i)++;
	if (hi < 0xd800 || hi > 0xdfff) {
		*cp = hi;
		return 0;
	}
	if (hi > 0xdbff || *i >= n)
		return -EINVAL;
	lo = get_le16(u + 2 * *i);
	if (lo < 0xdc00 || lo > 0xdfff)
		return -EINVAL;
	(*i)++;
	*cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
	return 0;
}

int efivar_decode_string(const void *data, size_t len, char **out)
{
	const uint8_t *u = (const uint8_t *)data + 4;
	size_t n, i = 0, o = 0;
	char *s;

	*out = NULL;
	if (len < 4 || (len - 4) % 2 || len > EFIVAR_MAX)
		return -EINVAL;
	n = (len - 4) / 2;
	/* At most 3 bytes of UTF-8 per UTF-16 unit. */
	s = malloc(3 * n + 1);
	if (!s)
		return -ENOMEM;
	while (i < n) {
		uint32_t cp;

		if (utf16_next(u, n, &i, &cp))
			goto bad;
		if (cp == 0) {
			/* Only a final NUL is allowed. */
			if (i != n)
				goto bad;
			break;
		}
		if (cp < 0x20 || cp == 0x7f)
			goto bad;
		o += utf8_put(s + o, cp);
	}
	if (!o)
		goto bad;
	s[o] = '\0';
	*out = s;
	return 0;
bad:
	free(s);
	return -EINVAL;
}

int loader_read_efivar(kx_ctx *ctx, const char *name, char **out)
{
	struct kx_system *sys;
	struct ent_quiet q;
	const uint8_t *data;
	size_t len;
	int rc;

	*out = NULL;
	ent_quiet_save(ctx, &q);
	rc = system_new(ctx, &sys);
	if (!rc)
		rc = system_efivar(sys, name, LOADER_GUID, &data, &len);
	if (!rc)
		rc = efivar_decode_string(data, len, out);
	system_free(sys);
	if (rc)
		ent_quiet_restore(ctx, &q);
	return rc;
}

int loader_conf_default(kx_ctx *ctx, char **pattern)
{
	/* The ESP's loader.conf is the one systemd-boot reads. */
	static const char *const places[] = {
	    "/efi/loader/loader.conf",
	    "/boot/efi/loader/loader.conf",
	    "/boot/loader/loader.conf",
	    NULL,
	};
	int rc = -ENOENT;

	*pattern = NULL;
	for (size_t i = 0; places[i] && !*pattern; i++) {
		char *path = ent_rooted(ctx, places[i]), *text;
		size_t len;

		if (!path)
			return -ENOMEM;
		rc = ent_read_text(ctx, path, ENT_TEXT_MAX, &text, &len);
		free(path);
		if (rc)
			continue;
		rc = loader_conf_parse(text, len, pattern);
		free(text);
		if (rc)
			return rc;
	}
	return *pattern ? 0 : -ENOENT;
}
