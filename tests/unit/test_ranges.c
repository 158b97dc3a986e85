/* Unit tests for lib/core/ranges.c: the operations one by one, edges near
 * 2^64, and random operations checked against a byte map. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/ctx.h"
#include "core/ranges.h"

static int setup_ctx(void **state)
{
	*state = kx_ctx_new();
	return *state ? 0 : -1;
}

static int teardown_ctx(void **state)
{
	kx_ctx_free(*state);
	return 0;
}

static void expect_range(const struct kx_ranges *r, size_t i, uint64_t start,
			 uint64_t end, uint32_t type)
{
	assert_true(i < r->n);
	assert_int_equal(r->v[i].start, start);
	assert_int_equal(r->v[i].end, end);
	assert_int_equal(r->v[i].type, type);
}

/* Field by field: the padding after the type is not part of a range. */
static void expect_same(const struct kx_ranges *a, const struct kx_ranges *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		expect_range(b, i, a->v[i].start, a->v[i].end, a->v[i].type);
}

static void test_add(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r;

	ranges_init(&r);
	assert_int_equal(ranges_add(ctx, &r, 10, 20, KX_RANGE_RAM), 0);
	/* Empty ranges carry nothing and are dropped. */
	assert_int_equal(ranges_add(ctx, &r, 5, 5, KX_RANGE_RAM), 0);
	assert_int_equal(r.n, 1);
	assert_int_equal(ranges_add(ctx, &r, 30, 29, KX_RANGE_RAM), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "ends before it starts"));
	assert_int_equal(r.n, 1);
	/* Growth past the initial capacity. */
	for (uint64_t i = 0; i < 1000; i++)
		assert_int_equal(ranges_add(ctx, &r, i * 100, i * 100 + 50, 2),
				 0);
	assert_int_equal(r.n, 1001);
	ranges_free(&r);
	assert_int_equal(r.n, 0);
	assert_null(r.v);
}

static void test_sort_total_order(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges a, b;

	ranges_init(&a);
	ranges_init(&b);
	ranges_add(ctx, &a, 10, 20, 2);
	ranges_add(ctx, &a, 10, 20, 1);
	ranges_add(ctx, &a, 10, 15, 3);
	ranges_add(ctx, &a, 0, 5, 1);
	ranges_add(ctx, &b, 0, 5, 1);
	ranges_add(ctx, &b, 10, 20, 1);
	ranges_add(ctx, &b, 10, 15, 3);
	ranges_add(ctx, &b, 10, 20, 2);
	ranges_sort(&a);
	ranges_sort(&b);
	expect_same(&a, &b);
	expect_range(&a, 0, 0, 5, 1);
	expect_range(&a, 1, 10, 15, 3);
	expect_range(&a, 2, 10, 20, 1);
	expect_range(&a, 3, 10, 20, 2);
	ranges_free(&a);
	ranges_free(&b);
}

static void test_merge(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r;

	ranges_init(&r);
	ranges_add(ctx, &r, 20, 30, 1);
	ranges_add(ctx, &r, 0, 10, 1);
	ranges_add(ctx, &r, 10, 15, 1); /* touches */
	ranges_add(ctx, &r, 12, 18, 2); /* other type in between */
	ranges_add(ctx, &r, 25, 40, 1); /* overlaps */
	ranges_add(ctx, &r, 26, 27, 1); /* inside */
	ranges_add(ctx, &r, 15, 20, 1); /* joins the two RAM runs */
	ranges_merge(&r);
	assert_int_equal(r.n, 2);
	expect_range(&r, 0, 0, 40, 1);
	expect_range(&r, 1, 12, 18, 2);
	ranges_free(&r);
}

static void test_normalize_precedence(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r;

	ranges_init(&r);
	ranges_add(ctx, &r, 0, 0x100000, KX_RANGE_RAM);
	ranges_add(ctx, &r, 0x9f000, 0xa0000, KX_RANGE_RESERVED);
	ranges_add(ctx, &r, 0x9f800, 0xa8000, KX_RANGE_NVS);
	ranges_add(ctx, &r, 0x100000, 0x200000, KX_RANGE_RAM);
	ranges_add(ctx, &r, 0x300000, 0x400000, KX_RANGE_ACPI);
	ranges_add(ctx, &r, 0x300000, 0x400000, KX_RANGE_RAM);
	assert_int_equal(ranges_normalize(ctx, &r), 0);
	assert_int_equal(r.n, 5);
	expect_range(&r, 0, 0, 0x9f000, KX_RANGE_RAM);
	expect_range(&r, 1, 0x9f000, 0x9f800, KX_RANGE_RESERVED);
	expect_range(&r, 2, 0x9f800, 0xa8000, KX_RANGE_NVS);
	expect_range(&r, 3, 0xa8000, 0x200000, KX_RANGE_RAM);
	expect_range(&r, 4, 0x300000, 0x400000, KX_RANGE_ACPI);
	/* Only the [0x200000, 0x300000) hole is uncovered. */
	assert_int_equal(ranges_type_at(&r, 0x2fffff), KX_RANGE_NONE);
	ranges_free(&r);
}

static void test_normalize_top(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r;

	ranges_init(&r);
	ranges_add(ctx, &r, UINT64_MAX - 0x1000, UINT64_MAX, KX_RANGE_RAM);
	ranges_add(ctx, &r, UINT64_MAX - 1, UINT64_MAX, KX_RANGE_RESERVED);
	ranges_add(ctx, &r, 0, 1, KX_RANGE_RAM);
	assert_int_equal(ranges_normalize(ctx, &r), 0);
	assert_int_equal(r.n, 3);
	expect_range(&r, 0, 0, 1, KX_RANGE_RAM);
	expect_range(&r, 1, UINT64_MAX - 0x1000, UINT64_MAX - 1, KX_RANGE_RAM);
	expect_range(&r, 2, UINT64_MAX - 1, UINT64_MAX, KX_RANGE_RESERVED);
	ranges_free(&r);
}

static void test_normalize_is_idempotent(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r, again;

	ranges_init(&r);
	ranges_init(&again);
	ranges_add(ctx, &r, 0, 100, 1);
	ranges_add(ctx, &r, 50, 60, 2);
	ranges_add(ctx, &r, 55, 200, 1);
	assert_int_equal(ranges_normalize(ctx, &r), 0);
	assert_int_equal(ranges_copy(ctx, &again, &r), 0);
	assert_int_equal(ranges_normalize(ctx, &again), 0);
	expect_same(&r, &again);
	ranges_free(&r);
	ranges_free(&again);
}

static void test_subtract(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r;

	ranges_init(&r);
	ranges_add(ctx, &r, 0, 100, 1);
	ranges_add(ctx, &r, 200, 300, 1);
	ranges_add(ctx, &r, 400, 500, 2);
	/* Splits the first, keeps order. */
	assert_int_equal(ranges_subtract(ctx, &r, 10, 20), 0);
	assert_int_equal(r.n, 4);
	expect_range(&r, 0, 0, 10, 1);
	expect_range(&r, 1, 20, 100, 1);
	expect_range(&r, 2, 200, 300, 1);
	/* Trims across two ranges, removes a whole one. */
	assert_int_equal(ranges_subtract(ctx, &r, 90, 250), 0);
	expect_range(&r, 1, 20, 90, 1);
	expect_range(&r, 2, 250, 300, 1);
	assert_int_equal(ranges_subtract(ctx, &r, 400, 500), 0);
	assert_int_equal(r.n, 3);
	/* Empty or inverted holes change nothing. */
	assert_int_equal(ranges_subtract(ctx, &r, 30, 30), 0);
	assert_int_equal(ranges_subtract(ctx, &r, 40, 30), 0);
	assert_int_equal(r.n, 3);
	/* Edges touching but not overlapping. */
	assert_int_equal(ranges_subtract(ctx, &r, 10, 20), 0);
	assert_int_equal(r.n, 3);
	ranges_free(&r);
}

static void test_subtract_top(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r;

	ranges_init(&r);
	ranges_add(ctx, &r, 0, UINT64_MAX, 1);
	assert_int_equal(ranges_subtract(ctx, &r, UINT64_MAX - 1, UINT64_MAX),
			 0);
	assert_int_equal(ranges_subtract(ctx, &r, 0, 1), 0);
	assert_int_equal(ranges_subtract(ctx, &r, 1ull << 63, (1ull << 63) + 1),
			 0);
	assert_int_equal(r.n, 2);
	expect_range(&r, 0, 1, 1ull << 63, 1);
	expect_range(&r, 1, (1ull << 63) + 1, UINT64_MAX - 1, 1);
	ranges_free(&r);
}

static void test_intersect_filter(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r;

	ranges_init(&r);
	ranges_add(ctx, &r, 0, 100, 1);
	ranges_add(ctx, &r, 150, 160, 2);
	ranges_add(ctx, &r, 200, 300, 1);
	ranges_intersect(&r, 50, 250);
	assert_int_equal(r.n, 3);
	expect_range(&r, 0, 50, 100, 1);
	expect_range(&r, 1, 150, 160, 2);
	expect_range(&r, 2, 200, 250, 1);
	ranges_filter(&r, 1);
	assert_int_equal(r.n, 2);
	ranges_intersect(&r, 100, 200);
	assert_int_equal(r.n, 0);
	ranges_free(&r);
}

static void test_lookup(void **state)
{
	kx_ctx *ctx = *state;
	struct kx_ranges r;

	ranges_init(&r);
	ranges_add(ctx, &r, 0x1000, 0x2000, KX_RANGE_RAM);
	ranges_add(ctx, &r, 0x1800, 0x1900, KX_RANGE_ACPI);
	ranges_add(ctx, &r, UINT64_MAX - 10, UINT64_MAX, KX_RANGE_PMEM);
	assert_int_equal(ranges_type_at(&r, 0xfff), KX_RANGE_NONE);
	assert_int_equal(ranges_type_at(&r, 0x1000), KX_RANGE_RAM);
	assert_int_equal(ranges_type_at(&r, 0x1800), KX_RANGE_ACPI);
	assert_int_equal(ranges_type_at(&r, 0x1fff), KX_RANGE_RAM);
	assert_int_equal(ranges_type_at(&r, 0x2000), KX_RANGE_NONE);
	assert_int_equal(ranges_type_at(&r, UINT64_MAX - 1), KX_RANGE_PMEM);
	assert_int_equal(ranges_type_at(&r, UINT64_MAX), KX_RANGE_NONE);
	assert_true(ranges_contains(&r, 0x1000, 0x2000, KX_RANGE_RAM));
	assert_false(ranges_contains(&r, 0x1000, 0x2001, KX_RANGE_RAM));
	assert_false(ranges_contains(&r, 0x1000, 0x1000, KX_RANGE_RAM));
	assert_false(ranges_contains(&r, 0x1800, 0x1801, KX_RANGE_PMEM));
	ranges_free(&r);
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(ranges_type_name(KX_RANGE_RAM), "System RAM");
	assert_string_equal(ranges_type_name(KX_RANGE_NVS),
			    "ACPI Non-volatile Storage");
	assert_string_equal(ranges_type_name(KX_RANGE_PRAM),
			    "Persistent Memory (legacy)");
	assert_string_equal(ranges_type_name(99), "Unknown E820 type");
}

/* ---- random operations against a byte map ---------------------------- */

#define SPACE 512

/* xorshift64*: a fixed seed makes every run test the same cases. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static uint64_t below(uint64_t *s, uint64_t n)
{
	return rnd(s) % n;
}

/* The byte map of a list: the highest type covering each byte. */
static void paint(const struct kx_ranges *r, uint32_t *map)
{
	memset(map, 0, SPACE * sizeof(*map));
	for (size_t i = 0; i < r->n; i++)
		for (uint64_t a = r->v[i].start; a < r->v[i].end; a++)
			if (r->v[i].type > map[a])
				map[a] = r->v[i].type;
}

static void expect_normal(const struct kx_ranges *r)
{
	for (size_t i = 0; i < r->n; i++) {
		assert_true(r->v[i].start < r->v[i].end);
		if (i == 0)
			continue;
		assert_true(r->v[i - 1].end <= r->v[i].start);
		if (r->v[i - 1].end == r->v[i].start)
			assert_int_not_equal(r->v[i - 1].type, r->v[i].type);
	}
}

static void random_list(kx_ctx *ctx, uint64_t *seed, struct kx_ranges *r)
{
	size_t n = below(seed, 12);

	ranges_clear(r);
	for (size_t i = 0; i < n; i++) {
		uint64_t a = below(seed, SPACE), b = below(seed, SPACE + 1);

		if (a > b) {
			uint64_t t = a;
			a = b;
			b = t;
		}
		assert_int_equal(
		    ranges_add(ctx, r, a, b, 1 + (uint32_t)below(seed, 5)), 0);
	}
}

static void test_random_against_bytes(void **state)
{
	kx_ctx *ctx = *state;
	static uint32_t want[SPACE], got[SPACE];
	uint64_t seed = 0x9e3779b97f4a7c15ull;
	struct kx_ranges r;

	ranges_init(&r);
	for (int iter = 0; iter < 5000; iter++) {
		uint64_t a = below(&seed, SPACE), b = below(&seed, SPACE + 1);

		random_list(ctx, &seed, &r);
		paint(&r, want);
		assert_int_equal(ranges_normalize(ctx, &r), 0);
		expect_normal(&r);
		paint(&r, got);
		assert_memory_equal(want, got, sizeof(want));
		for (uint64_t x = 0; x < SPACE; x += 7)
			assert_int_equal(ranges_type_at(&r, x), want[x]);

		switch (iter % 3) {
		case 0: /* subtract on a normalized list keeps it normal */
			assert_int_equal(ranges_subtract(ctx, &r, a, b), 0);
			for (uint64_t x = a; x < b; x++)
				want[x] = 0;
			expect_normal(&r);
			break;
		case 1:
			ranges_intersect(&r, a, b);
			for (uint64_t x = 0; x < SPACE; x++)
				if (x < a || x >= b)
					want[x] = 0;
			expect_normal(&r);
			break;
		default: /* merge keeps the bytes of each type */
			ranges_merge(&r);
			break;
		}
		paint(&r, got);
		assert_memory_equal(want, got, sizeof(want));
	}
	ranges_free(&r);
}

/* Subtract on an unsorted, overlapping list still removes every byte. */
static void test_random_subtract_raw(void **state)
{
	kx_ctx *ctx = *state;
	static uint32_t want[SPACE], got[SPACE];
	uint64_t seed = 12345;
	struct kx_ranges r;

	ranges_init(&r);
	for (int iter = 0; iter < 3000; iter++) {
		uint64_t a = below(&seed, SPACE), b = below(&seed, SPACE + 1);

		random_list(ctx, &seed, &r);
		paint(&r, want);
		assert_int_equal(ranges_subtract(ctx, &r, a, b), 0);
		for (uint64_t x = a; x < b; x++)
			want[x] = 0;
		paint(&r, got);
		assert_memory_equal(want, got, sizeof(want));
	}
	ranges_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add),
	    cmocka_unit_test(test_sort_total_order),
	    cmocka_unit_test(test_merge),
	    cmocka_unit_test(test_normalize_precedence),
	    cmocka_unit_test(test_normalize_top),
	    cmocka_unit_test(test_normalize_is_idempotent),
	    cmocka_unit_test(test_subtract),
	    cmocka_unit_test(test_subtract_top),
	    cmocka_unit_test(test_intersect_filter),
	    cmocka_unit_test(test_lookup),
	    cmocka_unit_test(test_type_names),
	    cmocka_unit_test(test_random_against_bytes),
	    cmocka_unit_test(test_random_subtract_raw),
	};

	return cmocka_run_group_tests(tests, setup_ctx, teardown_ctx);
}
