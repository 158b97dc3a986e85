/* Version comparison of the UAPI Version Format Specification, as
 * systemd's strverscmp_improved() implements it, so entries sort the way
 * systemd-boot and bootctl sort them. */
#include <string.h>

#include "core/ctx.h"

static int cmp_int(long a, long b)
{
	return (a > b) - (a < b);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_version_char(char c)
{
	return is_digit(c) || is_alpha(c) || c == '~' || c == '-' || c == '^' ||
	       c == '.';
}

/* A separator SEP present in only one string decides: the one without it
 * is newer, except that '~' (pre-release) makes its string older.  Both
 * present: skip it in both and carry on. */
static int separator(const char **a, const char **b, char sep, bool *done)
{
	int r;

	*done = false;
	if (**a != sep && **b != sep)
		return 0;
	r = cmp_int(**a != sep, **b != sep);
	if (r) {
		*done = true;
		return r;
	}
	(*a)++;
	(*b)++;
	return 0;
}

static int numeric_segment(const char **a, const char **b, bool *done)
{
	const char *aa = *a, *bb = *b;
	int r;

	while (is_digit(*aa))
		aa++;
	while (is_digit(*bb))
		bb++;
	/* A number is newer than no number. */
	r = cmp_int(aa != *a, bb != *b);
	while (!r && **a == '0')
		(*a)++;
	while (!r && **b == '0')
		(*b)++;
	if (!r)
		r = cmp_int(aa - *a, bb - *b);
	if (!r)
		r = memcmp(*a, *b, (size_t)(aa - *a));
	*done = r != 0;
	*a = aa;
	*b = bb;
	return r;
}

static int alpha_segment(const char **a, const char **b, bool *done)
{
	const char *aa = *a, *bb = *b;
	size_t la, lb;
	int r;

	while (is_alpha(*aa))
		aa++;
	while (is_alpha(*bb))
		bb++;
	la = (size_t)(aa - *a);
	lb = (size_t)(bb - *b);
	r = memcmp(*a, *b, la < lb ? la : lb);
	if (!r)
		r = cmp_int((long)la, (long)lb);
	*done = r != 0;
	*a = aa;
	*b = bb;
	return r;
}

static int sign(int r)
{
	return (r > 0) - (r < 0);
}

KX_PUBLIC int kx_version_compare(const char *a, const char *b)
{
	static const char seps[] = {'-', '^', '.'};
	bool done;
	int r;

	if (!a || !*a || !b || !*b)
		return cmp_int(a && *a, b && *b);
	for (;;) {
		while (*a && !is_version_char(*a))
			a++;
		while (*b && !is_version_char(*b))
			b++;
		/* '~' first: "1~rc1" is older than "1", even at the end. */
		if (*a == '~' || *b == '~') {
			r = cmp_int(*a != '~', *b != '~');
			if (r)
				return r;
			a++;
			b++;
		}
		if (!*a || !*b)
			return sign(strcmp(a, b));
		for (size_t i = 0; i < sizeof(seps); i++) {
			r = separator(&a, &b, seps[i], &done);
			if (done)
				return r;
		}
		if (is_digit(*a) || is_digit(*b))
			r = numeric_segment(&a, &b, &done);
		else
			r = alpha_segment(&a, &b, &done);
		if (done)
			return sign(r);
	}
}
