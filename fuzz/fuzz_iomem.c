/* libFuzzer target: /proc/iomem.  The input is the file's bytes.  Whatever
 * it holds, the map comes back normalized, crash ranges merged, failures
 * carry a message naming the line, and pieces planned over the map stay in
 * its RAM without overlapping. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sys/iomem.h"
#include "plan/planner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_sorted_disjoint(const struct kx_ranges *r)
{
	for (size_t i = 0; i < r->n; i++) {
		if (r->v[i].start >= r->v[i].end)
			abort();
		if (i && r->v[i - 1].end > r->v[i].start)
			abort();
	}
}

static void check_failure(const kx_ctx *ctx, int rc)
{
	if (rc == -EINVAL && !strstr(kx_ctx_message(ctx), "fuzz:"))
		abort();
	if (rc != -EINVAL && rc != -EPERM)
		abort();
}

/* A few placements sized from the input; each must land in RAM, apart
 * from the others. */
static void plan_over(kx_ctx *ctx, const struct kx_ranges *map,
		      const uint8_t *data, size_t size)
{
	struct planner p;

	if (planner_init(ctx, &p, map, 0, UINT64_MAX))
		abort();
	for (size_t i = 0; i + 2 < size && i < 48; i += 3) {
		struct planner_request r = {
		    "fuzz",
		    0,
		    1 + ((uint64_t)data[i] << (data[i + 1] % 40)),
		    1ull << (data[i + 2] % 32),
		    0,
		    UINT64_MAX,
		    data[i + 1] & 1 ? PLANNER_TOP_DOWN : PLANNER_BOTTOM_UP,
		};
		uint64_t at;

		if (planner_place(ctx, &p, &r, &at))
			continue;
		if (at & (r.align - 1) ||
		    !ranges_contains(map, at, at + r.memsz, KX_RANGE_RAM))
			abort();
		for (size_t j = 0; j + 1 < p.n; j++)
			if (p.pieces[j].start < at + r.memsz &&
			    at < p.pieces[j].start + p.pieces[j].memsz)
				abort();
	}
	planner_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct kx_ranges map, crash;
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	if (!ctx)
		return 0;
	ranges_init(&map);
	ranges_init(&crash);
	rc = iomem_parse_map(ctx, "fuzz", text, size, &map);
	if (rc) {
		check_failure(ctx, rc);
		if (map.n)
			abort();
	} else {
		check_sorted_disjoint(&map);
		plan_over(ctx, &map, data, size);
	}
	rc = iomem_parse_crash(ctx, "fuzz", text, size, &crash);
	if (rc)
		check_failure(ctx, rc);
	else
		check_sorted_disjoint(&crash);
	ranges_free(&map);
	ranges_free(&crash);
	kx_ctx_free(ctx);
	return 0;
}
