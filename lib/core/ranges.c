#include "core/ranges.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *ranges_type_name(uint32_t type)
{
	switch (type) {
	case KX_RANGE_NONE:
		return "no memory";
	case KX_RANGE_RAM:
		return "System RAM";
	case KX_RANGE_RESERVED:
		return "Reserved";
	case KX_RANGE_ACPI:
		return "ACPI Tables";
	case KX_RANGE_NVS:
		return "ACPI Non-volatile Storage";
	case KX_RANGE_UNUSABLE:
		return "Unusable memory";
	case KX_RANGE_PMEM:
		return "Persistent Memory";
	case KX_RANGE_PRAM:
		return "Persistent Memory (legacy)";
	case KX_RANGE_SOFT_RESERVED:
		return "Soft Reserved";
	case KX_RANGE_CRASH_KERNEL:
		return "Crash kernel";
	default:
		return "Unknown E820 type";
	}
}

void ranges_init(struct kx_ranges *r)
{
	r->v = NULL;
	r->n = 0;
	r->cap = 0;
}

void ranges_free(struct kx_ranges *r)
{
	free(r->v);
	ranges_init(r);
}

void ranges_clear(struct kx_ranges *r)
{
	r->n = 0;
}

static int ranges_reserve(kx_ctx *ctx, struct kx_ranges *r, size_t want)
{
	size_t ncap = r->cap ? r->cap : 16;
	struct kx_range *v;

	if (want <= r->cap)
		return 0;
	while (ncap < want) {
		if (ncap > SIZE_MAX / 2 / sizeof(*v))
			return kx_fail(ctx, -ENOMEM,
				       "out of memory for ranges");
		ncap *= 2;
	}
	v = realloc(r->v, ncap * sizeof(*v));
	if (!v)
		return kx_fail(ctx, -ENOMEM, "out of memory for ranges");
	r->v = v;
	r->cap = ncap;
	return 0;
}

int ranges_copy(kx_ctx *ctx, struct kx_ranges *dst, const struct kx_ranges *src)
{
	int rc = ranges_reserve(ctx, dst, src->n);

	if (rc)
		return rc;
	if (src->n)
		memcpy(dst->v, src->v, src->n * sizeof(*src->v));
	dst->n = src->n;
	return 0;
}

int ranges_add(kx_ctx *ctx, struct kx_ranges *r, uint64_t start, uint64_t end,
	       uint32_t type)
{
	int rc;

	if (start > end)
		return kx_fail(
		    ctx, -EINVAL, "range [%#llx, %#llx) ends before it starts",
		    (unsigned long long)start, (unsigned long long)end);
	if (start == end)
		return 0;
	rc = ranges_reserve(ctx, r, r->n + 1);
	if (rc)
		return rc;
	r->v[r->n++] = (struct kx_range){start, end, type};
	return 0;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int cmp_by_start(const void *pa, const void *pb)
{
	const struct kx_range *a = pa, *b = pb;
	int c = cmp_u64(a->start, b->start);

	if (!c)
		c = cmp_u64(a->end, b->end);
	if (!c)
		c = cmp_u64(a->type, b->type);
	return c;
}

static int cmp_by_type(const void *pa, const void *pb)
{
	const struct kx_range *a = pa, *b = pb;
	int c = cmp_u64(a->type, b->type);

	return c ? c : cmp_by_start(pa, pb);
}

void ranges_sort(struct kx_ranges *r)
{
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), cmp_by_start);
}

void ranges_merge(struct kx_ranges *r)
{
	size_t i, out = 0;

	if (r->n < 2)
		return;
	/* Grouping by type first makes same-type ranges neighbours even when
	 * ranges of other types sit between them by address. */
	qsort(r->v, r->n, sizeof(*r->v), cmp_by_type);
	for (i = 1; i < r->n; i++) {
		struct kx_range *last = &r->v[out];

		if (r->v[i].type == last->type && r->v[i].start <= last->end) {
			if (r->v[i].end > last->end)
				last->end = r->v[i].end;
			continue;
		}
		r->v[++out] = r->v[i];
	}
	r->n = out + 1;
	ranges_sort(r);
}

/* A max-heap of ranges keyed by type: the sweep in ranges_normalize keeps
 * the ranges covering the current point in it. */
static void heap_push(struct kx_range *h, size_t *n, struct kx_range x)
{
	size_t i = (*n)++;

	while (i > 0 && h[(i - 1) / 2].type < x.type) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = x;
}

static void heap_pop(struct kx_range *h, size_t *n)
{
	struct kx_range x = h[--(*n)];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1].type > h[c].type)
			c++;
		if (h[c].type <= x.type)
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n)
		h[i] = x;
}

static int cmp_u64_p(const void *pa, const void *pb)
{
	return cmp_u64(*(const uint64_t *)pa, *(const uint64_t *)pb);
}

/* Sorted, unique starts and ends of all ranges. */
static size_t collect_bounds(const struct kx_ranges *r, uint64_t *pos)
{
	size_t i, n = 0, out = 0;

	for (i = 0; i < r->n; i++) {
		pos[n++] = r->v[i].start;
		pos[n++] = r->v[i].end;
	}
	qsort(pos, n, sizeof(*pos), cmp_u64_p);
	for (i = 0; i < n; i++)
		if (out == 0 || pos[out - 1] != pos[i])
			pos[out++] = pos[i];
	return out;
}

/* Sweep over the elementary intervals between bounds; each takes the type
 * of the highest-typed range covering it.  O(n log n), which matters for
 * the fuzzers and for machines with thousands of iomem lines. */
static void sweep(const struct kx_ranges *in, const uint64_t *pos, size_t npos,
		  struct kx_range *heap, struct kx_ranges *out)
{
	size_t k, i = 0, nheap = 0;

	for (k = 0; k + 1 < npos; k++) {
		struct kx_range *last;

		while (i < in->n && in->v[i].start == pos[k])
			heap_push(heap, &nheap, in->v[i++]);
		while (nheap && heap[0].end <= pos[k])
			heap_pop(heap, &nheap);
		if (!nheap)
			continue;
		last = out->n ? &out->v[out->n - 1] : NULL;
		if (last && last->end == pos[k] && last->type == heap[0].type)
			last->end = pos[k + 1];
		else
			out->v[out->n++] =
			    (struct kx_range){pos[k], pos[k + 1], heap[0].type};
	}
}

int ranges_normalize(kx_ctx *ctx, struct kx_ranges *r)
{
	struct kx_ranges out;
	struct kx_range *heap;
	uint64_t *pos;
	size_t npos;

	if (r->n < 2)
		return 0;
	ranges_sort(r);
	if (r->n > SIZE_MAX / 2 / sizeof(*pos))
		return kx_fail(ctx, -ENOMEM, "out of memory for ranges");
	/* npos - 1 elementary intervals bound the output size. */
	pos = malloc(2 * r->n * sizeof(*pos));
	heap = malloc(r->n * sizeof(*heap));
	out.v = malloc(2 * r->n * sizeof(*out.v));
	out.n = 0;
	out.cap = 2 * r->n;
	if (!pos || !heap || !out.v) {
		free(pos);
		free(heap);
		free(out.v);
		return kx_fail(ctx, -ENOMEM, "out of memory for ranges");
	}
	npos = collect_bounds(r, pos);
	sweep(r, pos, npos, heap, &out);
	free(pos);
	free(heap);
	free(r->v);
	*r = out;
	return 0;
}

static int insert_at(kx_ctx *ctx, struct kx_ranges *r, size_t i,
		     struct kx_range x)
{
	int rc = ranges_reserve(ctx, r, r->n + 1);

	if (rc)
		return rc;
	memmove(&r->v[i + 1], &r->v[i], (r->n - i) * sizeof(*r->v));
	r->v[i] = x;
	r->n++;
	return 0;
}

int ranges_subtract(kx_ctx *ctx, struct kx_ranges *r, uint64_t start,
		    uint64_t end)
{
	size_t i = 0, out;
	int rc;

	if (start >= end)
		return 0;
	/* Split first: a range strictly containing the hole becomes two, the
	 * right part inserted just after it to keep the order. */
	for (i = 0; i < r->n; i++) {
		struct kx_range *x = &r->v[i];

		if (x->start < start && x->end > end) {
			struct kx_range right = {end, x->end, x->type};

			x->end = start;
			rc = insert_at(ctx, r, i + 1, right);
			if (rc)
				return rc;
			i++;
		}
	}
	for (i = 0, out = 0; i < r->n; i++) {
		struct kx_range x = r->v[i];

		if (x.end > start && x.start < end) {
			if (x.start < start)
				x.end = start;
			else if (x.end > end)
				x.start = end;
			else
				continue;
		}
		r->v[out++] = x;
	}
	r->n = out;
	return 0;
}

void ranges_intersect(struct kx_ranges *r, uint64_t start, uint64_t end)
{
	size_t i, out = 0;

	for (i = 0; i < r->n; i++) {
		struct kx_range x = r->v[i];

		if (x.start < start)
			x.start = start;
		if (x.end > end)
			x.end = end;
		if (x.start < x.end)
			r->v[out++] = x;
	}
	r->n = out;
}

void ranges_filter(struct kx_ranges *r, uint32_t type)
{
	size_t i, out = 0;

	for (i = 0; i < r->n; i++)
		if (r->v[i].type == type)
			r->v[out++] = r->v[i];
	r->n = out;
}

uint32_t ranges_type_at(const struct kx_ranges *r, uint64_t addr)
{
	uint32_t type = KX_RANGE_NONE;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].start <= addr && addr < r->v[i].end &&
		    r->v[i].type > type)
			type = r->v[i].type;
	return type;
}

bool ranges_contains(const struct kx_ranges *r, uint64_t start, uint64_t end,
		     uint32_t type)
{
	size_t i;

	if (start >= end)
		return false;
	for (i = 0; i < r->n; i++)
		if (r->v[i].type == type && r->v[i].start <= start &&
		    end <= r->v[i].end)
			return true;
	return false;
}
