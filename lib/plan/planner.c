#include "plan/planner.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* Free ranges listed in a "nothing fits" message. */
#define PLANNER_SHOW_FREE 3

/* Exclusive end of the inclusive bound MAX; the top byte of the address
 * space cannot be named by an exclusive end, so it is never used. */
static uint64_t end_of(uint64_t max)
{
	return max == UINT64_MAX ? UINT64_MAX : max + 1;
}

int planner_init(kx_ctx *ctx, struct planner *p, const struct kx_ranges *map,
		 uint64_t mem_min, uint64_t mem_max)
{
	int rc;

	/* Zeroed first, so planner_free is safe after any failure. */
	*p = (struct planner){.mem_min = mem_min, .mem_max = mem_max};
	if (mem_min > mem_max)
		return kx_fail(ctx, -EINVAL,
			       "memory bounds: minimum %#llx is above maximum "
			       "%#llx",
			       (unsigned long long)mem_min,
			       (unsigned long long)mem_max);
	rc = ranges_copy(ctx, &p->map, map);
	if (!rc)
		rc = ranges_normalize(ctx, &p->map);
	if (!rc)
		rc = ranges_copy(ctx, &p->free, &p->map);
	if (rc) {
		planner_free(p);
		return rc;
	}
	ranges_filter(&p->free, KX_RANGE_RAM);
	ranges_intersect(&p->free, mem_min, end_of(mem_max));
	return 0;
}

void planner_free(struct planner *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->pieces[i].name);
	free(p->pieces);
	p->pieces = NULL;
	p->n = p->cap = 0;
	ranges_free(&p->map);
	ranges_free(&p->free);
}

static int add_piece(kx_ctx *ctx, struct planner *p, const char *name,
		     uint64_t start, uint64_t size, uint64_t memsz,
		     enum planner_kind kind)
{
	struct planner_piece *v;
	char *copy;
	int rc;

	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 16;

		v = realloc(p->pieces, ncap * sizeof(*v));
		if (!v)
			return kx_fail(ctx, -ENOMEM, "out of memory");
		p->pieces = v;
		p->cap = ncap;
	}
	copy = strdup(name ? name : "piece");
	if (!copy)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	rc = ranges_subtract(ctx, &p->free, start, start + memsz);
	if (rc) {
		free(copy);
		return rc;
	}
	p->pieces[p->n++] =
	    (struct planner_piece){copy, start, size, memsz, kind};
	return 0;
}

const struct planner_piece *planner_piece_at(const struct planner *p,
					     uint64_t addr)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->pieces[i].start <= addr &&
		    addr - p->pieces[i].start < p->pieces[i].memsz)
			return &p->pieces[i];
	return NULL;
}

/* The first piece overlapping [start, end), skipping reserved ranges when
 * SKIP_RESERVED (they may overlap each other). */
static const struct planner_piece *find_overlap(const struct planner *p,
						uint64_t start, uint64_t end,
						bool skip_reserved)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct planner_piece *x = &p->pieces[i];

		if (skip_reserved && x->kind == PLANNER_RESERVED)
			continue;
		if (x->start < end && start < x->start + x->memsz)
			return x;
	}
	return NULL;
}

static const char *kind_name(enum planner_kind kind)
{
	return kind == PLANNER_RESERVED ? "reserved range" : "piece";
}

static int overlap_error(kx_ctx *ctx, const char *what, const char *name,
			 uint64_t start, uint64_t end,
			 const struct planner_piece *x)
{
	return kx_fail(ctx, -EBUSY,
		       "%s %.64s [%#llx-%#llx] overlaps %s %.64s [%#llx-%#llx]",
		       what, name, (unsigned long long)start,
		       (unsigned long long)(end - 1), kind_name(x->kind),
		       x->name, (unsigned long long)x->start,
		       (unsigned long long)(x->start + x->memsz - 1));
}

int planner_reserve(kx_ctx *ctx, struct planner *p, const char *name,
		    uint64_t start, uint64_t len)
{
	const struct planner_piece *x;

	if (!name)
		name = "reserved";
	if (len == 0 || len > UINT64_MAX - start)
		return kx_fail(ctx, -EINVAL,
			       "reserved range %.64s: bad length %#llx at "
			       "%#llx",
			       name, (unsigned long long)len,
			       (unsigned long long)start);
	x = find_overlap(p, start, start + len, true);
	if (x)
		return overlap_error(ctx, "reserved range", name, start,
				     start + len, x);
	return add_piece(ctx, p, name, start, 0, len, PLANNER_RESERVED);
}

static int check_sizes(kx_ctx *ctx, const char *name, uint64_t size,
		       uint64_t memsz)
{
	if (memsz == 0)
		return kx_fail(ctx, -EINVAL, "%.64s: memory size is 0", name);
	if (size > memsz)
		return kx_fail(ctx, -EINVAL,
			       "%.64s: %#llx bytes of data do not fit its "
			       "memory size %#llx",
			       name, (unsigned long long)size,
			       (unsigned long long)memsz);
	return 0;
}

/* Explain why [start, end) is not all usable RAM: the first byte that is
 * not, and what the map says is there. */
static int not_ram_error(kx_ctx *ctx, const struct planner *p, const char *name,
			 uint64_t start, uint64_t end)
{
	uint64_t addr = start;
	uint32_t type;
	size_t i;

	/* p->map is sorted and disjoint: walk the RAM run from START. */
	for (i = 0; i < p->map.n; i++) {
		const struct kx_range *r = &p->map.v[i];

		if (r->end <= addr)
			continue;
		if (r->start > addr || r->type != KX_RANGE_RAM)
			break;
		addr = r->end;
	}
	if (addr >= end) /* unreachable: the caller saw a gap */
		addr = start;
	type = ranges_type_at(&p->map, addr);
	return kx_fail(ctx, -EADDRNOTAVAIL,
		       "piece %.64s [%#llx-%#llx] is not all in RAM: %#llx is "
		       "%s",
		       name, (unsigned long long)start,
		       (unsigned long long)(end - 1), (unsigned long long)addr,
		       ranges_type_name(type));
}

int planner_place_fixed(kx_ctx *ctx, struct planner *p, const char *name,
			uint64_t start, uint64_t size, uint64_t memsz)
{
	const struct planner_piece *x;
	uint64_t end;
	int rc;

	if (!name)
		name = "piece";
	rc = check_sizes(ctx, name, size, memsz);
	if (rc)
		return rc;
	if (memsz > UINT64_MAX - start)
		return kx_fail(ctx, -EINVAL,
			       "piece %.64s at %#llx: memory size %#llx runs "
			       "past the end of the address space",
			       name, (unsigned long long)start,
			       (unsigned long long)memsz);
	end = start + memsz;
	x = find_overlap(p, start, end, false);
	if (x)
		return overlap_error(ctx, "piece", name, start, end, x);
	if (start < p->mem_min || end - 1 > p->mem_max)
		return kx_fail(
		    ctx, -EADDRNOTAVAIL,
		    "piece %.64s [%#llx-%#llx] is outside the memory "
		    "bounds [%#llx-%#llx]",
		    name, (unsigned long long)start,
		    (unsigned long long)(end - 1),
		    (unsigned long long)p->mem_min,
		    (unsigned long long)p->mem_max);
	if (!ranges_contains(&p->map, start, end, KX_RANGE_RAM))
		return not_ram_error(ctx, p, name, start, end);
	return add_piece(ctx, p, name, start, size, memsz, PLANNER_FIXED);
}

static int check_request(kx_ctx *ctx, const struct planner_request *req)
{
	const char *name = req->name ? req->name : "piece";
	int rc = check_sizes(ctx, name, req->size, req->memsz);

	if (rc)
		return rc;
	if (req->align == 0 || (req->align & (req->align - 1)))
		return kx_fail(ctx, -EINVAL,
			       "%.64s: alignment %#llx is not a power of two",
			       name, (unsigned long long)req->align);
	if (req->min > req->max)
		return kx_fail(ctx, -EINVAL,
			       "%.64s: lowest address %#llx is above the "
			       "highest %#llx",
			       name, (unsigned long long)req->min,
			       (unsigned long long)req->max);
	return 0;
}

/* The lowest aligned start in [lo, hi] (inclusive) with room for memsz. */
static bool fit_low(uint64_t lo, uint64_t hi, uint64_t memsz, uint64_t align,
		    uint64_t *start)
{
	uint64_t s;

	if (lo > UINT64_MAX - (align - 1))
		return false;
	s = (lo + align - 1) & ~(align - 1);
	if (s > hi || hi - s < memsz - 1)
		return false;
	*start = s;
	return true;
}

/* The highest aligned start in [lo, hi] (inclusive) with room for memsz. */
static bool fit_high(uint64_t lo, uint64_t hi, uint64_t memsz, uint64_t align,
		     uint64_t *start)
{
	uint64_t s;

	if (lo > hi || hi < memsz - 1)
		return false;
	s = (hi - (memsz - 1)) & ~(align - 1);
	if (s < lo)
		return false;
	*start = s;
	return true;
}

/* Bounds of free range I clipped to [min, max]; false when empty. */
static bool clip(const struct kx_range *r, uint64_t min, uint64_t max,
		 uint64_t *lo, uint64_t *hi)
{
	*lo = r->start > min ? r->start : min;
	*hi = r->end - 1 < max ? r->end - 1 : max;
	return *lo <= *hi;
}

static bool find_place(const struct planner *p,
		       const struct planner_request *req, uint64_t *start)
{
	size_t i, n = p->free.n;
	uint64_t lo, hi;

	for (i = 0; i < n; i++) {
		/* Top-down walks the sorted free list from the end. */
		const struct kx_range *r =
		    &p->free.v[req->dir == PLANNER_TOP_DOWN ? n - 1 - i : i];

		if (!clip(r, req->min, req->max, &lo, &hi))
			continue;
		if (req->dir == PLANNER_TOP_DOWN
			? fit_high(lo, hi, req->memsz, req->align, start)
			: fit_low(lo, hi, req->memsz, req->align, start))
			return true;
	}
	return false;
}

static int cmp_largest(const void *pa, const void *pb)
{
	const struct kx_range *a = pa, *b = pb;
	uint64_t la = a->end - a->start, lb = b->end - b->start;

	if (la != lb)
		return la > lb ? -1 : 1;
	return (a->start > b->start) - (a->start < b->start);
}

/* "[a-b] (size), ..." of the largest free ranges within [min, max]. */
static int describe_free(kx_ctx *ctx, const struct planner *p, uint64_t min,
			 uint64_t max, char *out, size_t len)
{
	struct kx_ranges in;
	size_t i, o = 0;
	char sz[32];
	int rc;

	ranges_init(&in);
	rc = ranges_copy(ctx, &in, &p->free);
	if (rc)
		return rc;
	ranges_intersect(&in, min, end_of(max));
	if (in.n == 0)
		snprintf(out, len, "none");
	else
		out[0] = '\0';
	if (in.n > 1)
		qsort(in.v, in.n, sizeof(*in.v), cmp_largest);
	for (i = 0; i < in.n && i < PLANNER_SHOW_FREE && o < len; i++) {
		int w = snprintf(
		    out + o, len - o, "%s[%#llx-%#llx] (%s)", i ? ", " : "",
		    (unsigned long long)in.v[i].start,
		    (unsigned long long)(in.v[i].end - 1),
		    text_size(in.v[i].end - in.v[i].start, sz, sizeof(sz)));

		if (w > 0)
			o += (size_t)w;
	}
	if (in.n > PLANNER_SHOW_FREE && o < len)
		snprintf(out + o, len - o, " and %zu smaller",
			 in.n - PLANNER_SHOW_FREE);
	ranges_free(&in);
	return 0;
}

static int no_room_error(kx_ctx *ctx, const struct planner *p,
			 const struct planner_request *req, uint64_t min,
			 uint64_t max)
{
	char size[32], memsz[32], free_text[256];
	int rc = describe_free(ctx, p, min, max, free_text, sizeof(free_text));

	if (rc)
		return rc;
	return kx_fail(ctx, -ENOMEM,
		       "%.64s: no room for %s (%s of memory, alignment %#llx) "
		       "in [%#llx-%#llx]; largest free there: %s",
		       req->name ? req->name : "piece",
		       text_size(req->size, size, sizeof(size)),
		       text_size(req->memsz, memsz, sizeof(memsz)),
		       (unsigned long long)req->align, (unsigned long long)min,
		       (unsigned long long)max, free_text);
}

/* The global bounds exclude everything the request allows: no range to
 * search, so name the bound that is in the way. */
static int bounds_error(kx_ctx *ctx, const struct planner *p,
			const struct planner_request *req)
{
	bool low = req->min > p->mem_max;

	return kx_fail(ctx, -ENOMEM,
		       "%.64s: cannot go %s %#llx, but the memory %s is %#llx",
		       req->name ? req->name : "piece",
		       low ? "below" : "above",
		       (unsigned long long)(low ? req->min : req->max),
		       low ? "maximum" : "minimum",
		       (unsigned long long)(low ? p->mem_max : p->mem_min));
}

int planner_place(kx_ctx *ctx, struct planner *p,
		  const struct planner_request *req, uint64_t *start)
{
	struct planner_request r = *req;
	uint64_t s;
	int rc = check_request(ctx, req);

	if (rc)
		return rc;
	/* The global bounds narrow every request; the free list already
	 * honours them, but the message should show the effective ones. */
	if (r.min < p->mem_min)
		r.min = p->mem_min;
	if (r.max > p->mem_max)
		r.max = p->mem_max;
	if (r.min > r.max)
		return bounds_error(ctx, p, req);
	if (!find_place(p, &r, &s))
		return no_room_error(ctx, p, req, r.min, r.max);
	rc = add_piece(ctx, p, req->name, s, req->size, req->memsz,
		       PLANNER_PLACED);
	if (rc)
		return rc;
	*start = s;
	return 0;
}
