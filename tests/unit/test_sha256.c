/* Unit tests for purgatory/sha256.c as the library builds it
 * (lib/segment/sha256.c): the FIPS 180-4 examples, lengths around the
 * padding boundaries, and incremental updates in every split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "segment/sha256.h"

static void hex(const uint8_t d[KX_SHA256_SIZE], char out[65])
{
	for (int i = 0; i < KX_SHA256_SIZE; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void expect_digest(const void *data, size_t len, const char *want)
{
	uint8_t d[KX_SHA256_SIZE];
	char got[65];

	kx_sha256(data, len, d);
	hex(d, got);
	assert_string_equal(got, want);
}

static void test_empty(void **state)
{
	(void)state;
	expect_digest("", 0,
		      "e3b0c44298fc1c149afbf4c8996fb924"
		      "27ae41e4649b934ca495991b7852b855");
	/* A NULL buffer of length 0 is what an empty piece passes. */
	expect_digest(NULL, 0,
		      "e3b0c44298fc1c149afbf4c8996fb924"
		      "27ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state)
{
	(void)state;
	expect_digest("abc", 3,
		      "ba7816bf8f01cfea414140de5dae2223"
		      "b00361a396177a9cb410ff61f20015ad");
}

static void test_448_bits(void **state)
{
	static const char msg[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	assert_int_equal(strlen(msg) * 8, 448);
	expect_digest(msg, strlen(msg),
		      "248d6a61d20638b8e5c026930c3e6039"
		      "a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bits(void **state)
{
	static const char msg[] =
	    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	(void)state;
	expect_digest(msg, strlen(msg),
		      "cf5b16a778af8380036ce59e7b049237"
		      "0b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
	static const char want[] = "cdc76e5c9914fb9281a1c7e284d73e67"
				   "f1809a48a497200e046d39ccc7112cd0";
	struct kx_sha256 s;
	uint8_t d[KX_SHA256_SIZE];
	char got[65];
	char *a = malloc(1000000);

	(void)state;
	assert_non_null(a);
	memset(a, 'a', 1000000);
	expect_digest(a, 1000000, want);
	/* Also in odd-sized pieces, so partial blocks meet at every offset. */
	kx_sha256_init(&s);
	for (size_t off = 0; off < 1000000; off += 997)
		kx_sha256_update(&s, a + off,
				 1000000 - off < 997 ? 1000000 - off : 997);
	kx_sha256_final(&s, d);
	hex(d, got);
	assert_string_equal(got, want);
	free(a);
}

static void fill(uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(i * 7 + 3);
}

/* Lengths where the padding needs one block or two (digests from Python's
 * hashlib over the same bytes). */
static void test_padding_edges(void **state)
{
	static const struct {
		size_t len;
		const char *want;
	} v[] = {
	    {55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac"
		 "70b"},
	    {56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6"
		 "c27"},
	    {57, "35df609437dcfea3279283ab79fd554e2bf78f8f7ae2de532d8ee300b09e8"
		 "f73"},
	    {63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625"
		 "055"},
	    {64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882"
		 "241"},
	    {65, "aacca6ff74fdbb296d165a45cecfa04e5127bc008770fbbdd48006f2d2fae"
		 "95e"},
	    {119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc"
		  "177e"},
	    {120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a"
		  "04b5"},
	    {1000, "1e9bc38cbf860b9ec31918b065f9b52476c549a782e0e7990bed8ce3868"
		   "d2371"},
	};
	uint8_t buf[1000];

	(void)state;
	fill(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		expect_digest(buf, v[i].len, v[i].want);
}

/* Two updates split at every point give the one-shot digest. */
static void test_every_split(void **state)
{
	uint8_t buf[200], one[KX_SHA256_SIZE], two[KX_SHA256_SIZE];

	(void)state;
	fill(buf, sizeof(buf));
	for (size_t len = 0; len <= sizeof(buf); len += 13) {
		kx_sha256(buf, len, one);
		for (size_t cut = 0; cut <= len; cut++) {
			struct kx_sha256 s;

			kx_sha256_init(&s);
			kx_sha256_update(&s, buf, cut);
			kx_sha256_update(&s, buf + cut, len - cut);
			kx_sha256_final(&s, two);
			assert_memory_equal(one, two, sizeof(one));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_abc),
	    cmocka_unit_test(test_448_bits),
	    cmocka_unit_test(test_896_bits),
	    cmocka_unit_test(test_million_a),
	    cmocka_unit_test(test_padding_edges),
	    cmocka_unit_test(test_every_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
