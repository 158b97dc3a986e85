/* Pieces at byte addresses turned into page-granular kexec segments. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "segment/segments.h"

static kx_ctx *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = kx_ctx_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kx_ctx_free(ctx);
	return 0;
}

static void test_aligned_piece_not_copied(void **state)
{
	static uint8_t data[8192];
	struct seg_piece p = {"kernel", data, sizeof(data), 0x1000000, 0x3000000,
			      true};
	struct seg_list l;

	(void)state;
	assert_int_equal(segments_build(ctx, &p, 1, &l), 0);
	assert_int_equal(l.n, 1);
	assert_ptr_equal(l.seg[0].buf, data);
	assert_int_equal(l.seg[0].mem, 0x1000000);
	assert_int_equal(l.seg[0].memsz, 0x3000000);
	assert_int_equal(l.seg[0].bufsz, 8192);
	assert_true(l.tail_unused[0]);
	assert_string_equal(l.name[0], "kernel");
	segments_free(&l);
}

static void test_unaligned_piece_padded(void **state)
{
	const char msg[] = "hello";
	struct seg_piece p = {"params", msg, 6, 0x100070, 10, false};
	struct seg_list l;

	(void)state;
	assert_int_equal(segments_build(ctx, &p, 1, &l), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.seg[0].mem, 0x100000);
	assert_int_equal(l.seg[0].memsz, 0x1000);
	assert_int_equal(l.seg[0].bufsz, 0x76);
	assert_memory_equal((const uint8_t *)l.seg[0].buf + 0x70, msg, 6);
	assert_int_equal(((const uint8_t *)l.seg[0].buf)[0], 0);
	segments_free(&l);
}

static void test_shared_page_merged(void **state)
{
	const char a[] = "AAAA", b[] = "BBBB";
	struct seg_piece p[] = {
		{"b", b, 4, 0x2010, 4, false},
		{"a", a, 4, 0x1ff0, 0x20, false},
		{"far", a, 4, 0x10000, 4, false},
	};
	struct seg_list l;
	const uint8_t *buf;

	(void)state;
	assert_int_equal(segments_build(ctx, p, 3, &l), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.seg[0].mem, 0x1000);
	assert_int_equal(l.seg[0].memsz, 0x2000);
	assert_int_equal(l.seg[0].bufsz, 0x1014);
	buf = l.seg[0].buf;
	assert_memory_equal(buf + 0xff0, "AAAA", 4);
	assert_memory_equal(buf + 0x1010, "BBBB", 4);
	assert_int_equal(buf[0x1000], 0);
	assert_string_equal(l.name[0], "a+b");
	assert_int_equal(l.seg[1].mem, 0x10000);
	segments_free(&l);
}

static void test_overlap_refused(void **state)
{
	struct seg_piece p[] = {
		{"kernel", NULL, 0, 0x1000000, 0x100000, false},
		{"initrd", NULL, 0, 0x10ff000, 0x1000, false},
	};
	struct seg_list l;

	(void)state;
	assert_int_equal(segments_build(ctx, p, 2, &l), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "initrd"));
	assert_non_null(strstr(kx_ctx_message(ctx), "overlaps kernel"));
}

static void test_overflow_refused(void **state)
{
	struct seg_piece p = {"huge", NULL, 0, UINT64_MAX - 0x10, 0x100,
			      false};
	struct seg_piece q = {"bad", NULL, 10, 0x1000, 5, false};
	struct seg_list l;

	(void)state;
	assert_int_equal(segments_build(ctx, &p, 1, &l), -EOVERFLOW);
	assert_int_equal(segments_build(ctx, &q, 1, &l), -EINVAL);
}

static void test_too_many_segments(void **state)
{
	struct seg_piece p[17];
	struct seg_list l;
	int i;

	(void)state;
	for (i = 0; i < 17; i++)
		p[i] = (struct seg_piece){"p", NULL, 0, (uint64_t)i * 0x10000,
					  0x1000, false};
	assert_int_equal(segments_build(ctx, p, 17, &l), -E2BIG);
	assert_int_equal(segments_build(ctx, p, 16, &l), 0);
	assert_int_equal(l.n, 16);
	segments_free(&l);
}

/* Random pieces: every byte of every piece lands where it was asked. */
static void test_random_layouts(void **state)
{
	uint64_t seed = 42;
	int round;

	(void)state;
	for (round = 0; round < 500; round++) {
		struct seg_piece p[6];
		uint8_t data[6][300];
		struct seg_list l;
		uint64_t at = 0;
		size_t i, n = 1 + round % 6;

		for (i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ULL + 1;
			at += (seed >> 33) % 9000;
			memset(data[i], (int)(i + 1), sizeof(data[i]));
			p[i] = (struct seg_piece){"p", data[i],
						  (seed >> 20) % 300, at,
						  300 + (seed >> 40) % 200,
						  false};
			at += p[i].memsz;
		}
		assert_int_equal(segments_build(ctx, p, n, &l), 0);
		for (i = 0; i < n; i++) {
			size_t s;
			int found = 0;

			for (s = 0; s < l.n; s++) {
				const struct kx_segment *g = &l.seg[s];

				if (p[i].mem < g->mem ||
				    p[i].mem + p[i].memsz > g->mem + g->memsz)
					continue;
				found = 1;
				assert_true(g->mem % 4096 == 0);
				assert_true(g->memsz % 4096 == 0);
				assert_true(g->bufsz <= g->memsz);
				assert_true(p[i].mem - g->mem + p[i].bufsz <=
					    g->bufsz);
				assert_memory_equal(
					(const uint8_t *)g->buf +
						(p[i].mem - g->mem),
					data[i], p[i].bufsz);
			}
			assert_int_equal(found, 1);
		}
		segments_free(&l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aligned_piece_not_copied),
		cmocka_unit_test(test_unaligned_piece_padded),
		cmocka_unit_test(test_shared_page_merged),
		cmocka_unit_test(test_overlap_refused),
		cmocka_unit_test(test_overflow_refused),
		cmocka_unit_test(test_too_many_segments),
		cmocka_unit_test(test_random_layouts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
