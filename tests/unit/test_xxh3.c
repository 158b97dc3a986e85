/* Unit tests for the loader's side of XXH3-128 verification: the digest
 * lib/segment/xxh3.c writes (the purgatory's source built for the host)
 * is xxHash's XXH3_128bits of the same bytes in canonical order, the
 * parameter block names the algorithm the request chose, and the request
 * takes only the choices it knows. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "api/request.h"
#include "load/layout.h"
#include "segment/xxh3.h"

static void reference(const void *data, size_t len, uint8_t out[16])
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits(data, len));
	memcpy(out, c.digest, sizeof(c.digest));
}

static void test_known_value(void **state)
{
	static const uint8_t empty[KX_XXH3_SIZE] = {
	    0x99, 0xaa, 0x06, 0xd3, 0x01, 0x47, 0x98, 0xd8,
	    0x60, 0x01, 0xc3, 0x24, 0x46, 0x8d, 0x49, 0x7f};
	uint8_t d[KX_XXH3_SIZE];

	(void)state;
	kx_xxh3_128(NULL, 0, d); /* an empty piece passes NULL */
	assert_memory_equal(d, empty, sizeof(d));
}

/* Every length class of XXH3 (0-16, 17-128, 129-240, stripes, several
 * 1 KiB blocks, a partial last stripe) on bytes that are not a pattern. */
static void test_matches_xxhash(void **state)
{
	enum { MAX = 9000 };
	uint8_t *buf = malloc(MAX), want[16], got[16];
	uint32_t x = 2463534242u;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < MAX; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
	for (size_t n = 0; n <= MAX; n += n < 300 ? 1 : 97) {
		reference(buf + 1, n - (n == MAX), want);
		kx_xxh3_128(buf + 1, n - (n == MAX), got);
		assert_memory_equal(want, got, sizeof(want));
	}
	free(buf);
}

static uint8_t alg_for(enum kx_verify v, unsigned flags, uint32_t *pflags)
{
	struct load_input in;
	struct kx_purgatory_params pp;

	memset(&in, 0, sizeof(in));
	in.verify = v;
	in.flags = flags;
	layout_purgatory_init(&in, &pp);
	*pflags = pp.flags;
	return pp.digest_alg;
}

static void test_params_carry_alg(void **state)
{
	uint32_t flags;

	(void)state;
	assert_int_equal(alg_for(KX_VERIFY_XXH3, 0, &flags),
			 KX_PURG_DIGEST_XXH3_128);
	assert_int_equal(KX_PURG_DIGEST_XXH3_128, 1);
	assert_false(flags & KX_PURG_NO_CHECKS);
	assert_int_equal(alg_for(KX_VERIFY_SHA256, 0, &flags),
			 KX_PURG_DIGEST_SHA256);
	assert_false(flags & KX_PURG_NO_CHECKS);
	alg_for(KX_VERIFY_NONE, 0, &flags);
	assert_true(flags & KX_PURG_NO_CHECKS);
	alg_for(KX_VERIFY_XXH3, KX_LOAD_NO_CHECKS, &flags);
	assert_true(flags & KX_PURG_NO_CHECKS);
}

static void test_request_verify(void **state)
{
	kx_ctx *ctx = kx_ctx_new();
	kx_request *req;

	(void)state;
	assert_non_null(ctx);
	assert_int_equal(kx_request_new(ctx, &req), 0);
	assert_int_equal(req->verify, KX_VERIFY_XXH3); /* the default */
	assert_int_equal(kx_request_set_verify(req, KX_VERIFY_SHA256), 0);
	assert_int_equal(req->verify, KX_VERIFY_SHA256);
	assert_int_equal(kx_request_set_verify(req, KX_VERIFY_NONE), 0);
	assert_int_equal(req->verify, KX_VERIFY_NONE);
	assert_int_equal(kx_request_set_verify(req, (enum kx_verify)3),
			 -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "verification"));
	assert_int_equal(req->verify, KX_VERIFY_NONE);
	assert_int_equal(kx_request_set_verify(NULL, KX_VERIFY_XXH3), -EINVAL);
	kx_request_free(req);
	kx_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_known_value),
	    cmocka_unit_test(test_matches_xxhash),
	    cmocka_unit_test(test_params_carry_alg),
	    cmocka_unit_test(test_request_verify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
