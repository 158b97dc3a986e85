#include "core/text.h"

#include <errno.h>
#include <stdio.h>

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int text_parse_hex(const char *s, size_t len, bool prefix_ok, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (prefix_ok && len >= 2 && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X'))
		i = 2;
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		int d = hex_digit(s[i]);

		if (d < 0)
			return -EINVAL;
		if (v >> 60)
			return -ERANGE;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

const char *text_quote(const char *s, size_t len, char *out, size_t outlen)
{
	static const char ellipsis[] = "...";
	size_t i, o = 0;

	if (outlen == 0)
		return out;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t need = (c >= 0x20 && c < 0x7f && c != '\\') ? 1 : 4;

		/* Keep room for the ellipsis and the NUL. */
		if (o + need + sizeof(ellipsis) > outlen) {
			if (o + sizeof(ellipsis) <= outlen) {
				snprintf(out + o, outlen - o, "%s", ellipsis);
				o += sizeof(ellipsis) - 1;
			}
			break;
		}
		if (need == 1)
			out[o++] = (char)c;
		else
			o +=
			    (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
	}
	out[o < outlen ? o : outlen - 1] = '\0';
	return out;
}

const char *text_size(uint64_t bytes, char *out, size_t outlen)
{
	static const char *const units[] = {"KiB", "MiB", "GiB",
					    "TiB", "PiB", "EiB"};
	unsigned u = 0;
	uint64_t div = 1024;

	if (bytes < 1024) {
		snprintf(out, outlen, "%llu bytes", (unsigned long long)bytes);
		return out;
	}
	/* Decide on the rounded value, so 0xfffff bytes read "1.0 MiB" and
	 * not "1024.0 KiB". */
	while (u + 1 < sizeof(units) / sizeof(units[0]) &&
	       (double)bytes / (double)div >= 1023.95) {
		div *= 1024;
		u++;
	}
	if (bytes % div == 0)
		snprintf(out, outlen, "%llu %s",
			 (unsigned long long)(bytes / div), units[u]);
	else
		snprintf(out, outlen, "%.1f %s", (double)bytes / (double)div,
			 units[u]);
	return out;
}

size_t text_word_len(const char *s)
{
	bool quoted = false;
	size_t n = 0;

	for (; s[n] && (quoted || !(s[n] == ' ' || s[n] == '\t' ||
				    s[n] == '\n' || s[n] == '\r'));
	     n++)
		if (s[n] == '"')
			quoted = !quoted;
	return n;
}
