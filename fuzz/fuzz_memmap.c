/* libFuzzer target: /sys/firmware/memmap entries.  The input is a list of
 * entries, each three NUL-separated fields (start, end, type) as the three
 * sysfs files hold them; valid ones are collected and normalized, and the
 * result must be sorted, disjoint and agree with every entry's type. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sys/memmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next NUL-terminated field (a copy), or NULL at the end. */
static char *next_field(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nul;
	size_t len;
	char *s;

	if (*p >= end)
		return NULL;
	nul = memchr(*p, '\0', (size_t)(end - *p));
	len = nul ? (size_t)(nul - *p) : (size_t)(end - *p);
	s = malloc(len + 1);
	if (!s)
		abort();
	memcpy(s, *p, len);
	s[len] = '\0';
	*p += len + 1;
	return s;
}

static void check_normal(const struct kx_ranges *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i].start >= r->v[i].end)
			abort();
		if (i && r->v[i - 1].end > r->v[i].start)
			abort();
		if (i && r->v[i - 1].end == r->v[i].start &&
		    r->v[i - 1].type == r->v[i].type)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	struct kx_ranges raw, map;
	kx_ctx *ctx = kx_ctx_new();

	if (!ctx)
		return 0;
	ranges_init(&raw);
	ranges_init(&map);
	for (int i = 0; i < 64; i++) {
		char *s = next_field(&p, end), *e = next_field(&p, end);
		char *t = next_field(&p, end);
		struct kx_range r;

		kx_clear(ctx);
		if (s && e && t &&
		    memmap_parse_entry(ctx, "/sys/firmware/memmap/0", s, e, t,
				       &r) == 0) {
			/* Empty only for the unrepresentable last byte. */
			if (r.start > r.end ||
			    (r.start == r.end && r.start != UINT64_MAX) ||
			    ranges_add(ctx, &raw, r.start, r.end, r.type))
				abort();
		} else if (s && e && t && kx_ctx_message(ctx)[0] == '\0') {
			abort(); /* a failure must say why */
		}
		free(s);
		free(e);
		free(t);
		if (p >= end)
			break;
	}
	if (ranges_copy(ctx, &map, &raw) || ranges_normalize(ctx, &map))
		abort();
	check_normal(&map);
	/* Every byte keeps the highest type any entry gave it. */
	for (size_t i = 0; i < raw.n; i++) {
		uint64_t probes[2] = {raw.v[i].start, raw.v[i].end - 1};

		for (int k = 0; k < 2; k++)
			if (ranges_type_at(&map, probes[k]) !=
			    ranges_type_at(&raw, probes[k]))
				abort();
	}
	ranges_free(&raw);
	ranges_free(&map);
	kx_ctx_free(ctx);
	return 0;
}
