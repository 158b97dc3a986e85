#include "boot/cmdline.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "sys/system.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool word_named(const char *word, size_t len, const char *name)
{
	size_t nlen = strlen(name);

	return len >= nlen && memcmp(word, name, nlen) == 0 &&
	       (len == nlen || word[nlen] == '=');
}

static bool word_dropped(const char *word, size_t len, const char *const *names)
{
	for (; names && *names; names++)
		if (word_named(word, len, *names))
			return true;
	return false;
}

char *cmdline_drop_words(const char *text, const char *const *names)
{
	char *out = malloc(strlen(text) + 1), *p = out;

	if (!out)
		return NULL;
	while (*text) {
		size_t len;

		while (is_space(*text))
			text++;
		len = text_word_len(text);
		if (len && !word_dropped(text, len, names)) {
			if (p != out)
				*p++ = ' ';
			memcpy(p, text, len);
			p += len;
		}
		text += len;
	}
	*p = '\0';
	return out;
}

KX_PUBLIC int kx_cmdline_reuse(kx_ctx *ctx, unsigned flags, char **out)
{
	/* A boot loader's BOOT_IMAGE= names the old kernel; the crash kernel
	 * must not reserve memory again inside the reservation. */
	static const char *const normal[] = {"BOOT_IMAGE", NULL};
	static const char *const crash[] = {"BOOT_IMAGE", "crashkernel", NULL};
	struct kx_system *sys;
	const char *text;
	int rc;

	if (!ctx)
		return -EINVAL;
	if (!out)
		return kx_fail(ctx, -EINVAL, "kx_cmdline_reuse: no result pointer");
	*out = NULL;
	rc = system_new(ctx, &sys);
	if (!rc)
		rc = system_cmdline(sys, &text);
	if (rc == -ENOENT)
		kx_fail(ctx, rc,
			SYSTEM_CMDLINE_FILE ": missing: is /proc mounted?");
	if (!rc) {
		*out = cmdline_drop_words(
		    text, (flags & KX_LOAD_CRASH) ? crash : normal);
		if (!*out)
			rc = kx_fail(ctx, -ENOMEM, "out of memory");
	}
	system_free(sys);
	return rc;
}

KX_PUBLIC int kx_cmdline_join(kx_ctx *ctx, const char *const *parts,
			      size_t n, char **out)
{
	size_t total = 1, i;
	char *p;

	if (!ctx)
		return -EINVAL;
	if (!out || (n && !parts))
		return kx_fail(ctx, -EINVAL,
			       "kx_cmdline_join: no parts or result pointer");
	for (i = 0; i < n; i++)
		total += parts[i] ? strlen(parts[i]) + 1 : 0;
	*out = p = malloc(total);
	if (!p)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	*p = '\0';
	for (i = 0; i < n; i++) {
		size_t len;

		if (!parts[i] || !parts[i][0])
			continue;
		if (p != *out)
			*p++ = ' ';
		len = strlen(parts[i]);
		memcpy(p, parts[i], len + 1);
		p += len;
	}
	return 0;
}
