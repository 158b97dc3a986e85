/* Decompression of gzip, xz and zstd: inputs are made here with the same
 * libraries, so the tests need no fixture files. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "format/decompress.h"

#define DATA_SIZE (300u * 1024 + 7)
#define LIMIT	  (64u << 20)

/* Compressible but not trivial: text with pseudo-random digits. */
static uint8_t *make_data(size_t n)
{
	uint8_t *d = malloc(n ? n : 1);
	uint32_t x = 12345;
	size_t i;

	assert_non_null(d);
	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		d[i] = (i % 61 == 60) ? '\n' : (uint8_t)('0' + (x >> 16) % 10);
	}
	return d;
}

static size_t gzip_into(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	z_stream zs;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY),
			 Z_OK);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	n = zs.total_out;
	deflateEnd(&zs);
	return n;
}

static size_t xz_into(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t pos = 0;

	assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, in,
						 n, out, &pos, cap),
			 LZMA_OK);
	return pos;
}

static size_t zstd_into(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	size_t r = ZSTD_compress(out, cap, in, n, 3);

	assert_false(ZSTD_isError(r));
	return r;
}

/* A zstd frame that does not record its content size, as streaming
 * compressors write it. */
static size_t zstd_stream_into(const uint8_t *in, size_t n, uint8_t *out,
			       size_t cap)
{
	ZSTD_CCtx *cctx = ZSTD_createCCtx();
	ZSTD_inBuffer ib = {in, n, 0};
	ZSTD_outBuffer ob = {out, cap, 0};

	assert_non_null(cctx);
	ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 0);
	assert_int_equal(ZSTD_compressStream2(cctx, &ob, &ib, ZSTD_e_end), 0);
	ZSTD_freeCCtx(cctx);
	assert_int_equal(ZSTD_getFrameContentSize(out, ob.pos),
			 ZSTD_CONTENTSIZE_UNKNOWN);
	return ob.pos;
}

typedef size_t (*compress_fn)(const uint8_t *, size_t, uint8_t *, size_t);

struct packed {
	uint8_t *data;
	size_t size;
};

static struct packed pack(compress_fn fn, const uint8_t *in, size_t n)
{
	struct packed p;
	size_t cap = n + n / 2 + 4096;

	p.data = malloc(cap);
	assert_non_null(p.data);
	p.size = fn(in, n, p.data, cap);
	return p;
}

static int run(const void *in, size_t n, size_t max, struct kx_buf *out,
	       char *msg, size_t msglen)
{
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	assert_non_null(ctx);
	rc = kx_decompress(ctx, "initrd.img", in, n, max, out);
	snprintf(msg, msglen, "%s", kx_ctx_message(ctx));
	kx_ctx_free(ctx);
	return rc;
}

static void round_trip(compress_fn fn, enum kx_compression comp, size_t n)
{
	uint8_t *data = make_data(n);
	struct packed p = pack(fn, data, n);
	struct kx_buf out = {NULL, 0};
	char msg[KX_MSG_MAX];

	assert_int_equal(kx_detect_compression(p.data, p.size), comp);
	assert_int_equal(run(p.data, p.size, LIMIT, &out, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
	assert_int_equal(out.size, n);
	assert_memory_equal(out.data, data, n);
	kx_buf_free(&out);
	free(p.data);
	free(data);
}

static void test_round_trip_gzip(void **state)
{
	(void)state;
	round_trip(gzip_into, KX_COMP_GZIP, DATA_SIZE);
	round_trip(gzip_into, KX_COMP_GZIP, 0);
}

static void test_round_trip_xz(void **state)
{
	(void)state;
	round_trip(xz_into, KX_COMP_XZ, DATA_SIZE);
	round_trip(xz_into, KX_COMP_XZ, 1);
}

static void test_round_trip_zstd(void **state)
{
	(void)state;
	round_trip(zstd_into, KX_COMP_ZSTD, DATA_SIZE);
	round_trip(zstd_stream_into, KX_COMP_ZSTD, DATA_SIZE);
}

static void test_detect(void **state)
{
	static const uint8_t xz[] = {0xfd, '7', 'z', 'X', 'Z', 0, 1};
	static const uint8_t zst[] = {0x28, 0xb5, 0x2f, 0xfd};
	static const uint8_t gz[] = {0x1f, 0x8b};

	(void)state;
	assert_int_equal(kx_detect_compression(gz, 2), KX_COMP_GZIP);
	assert_int_equal(kx_detect_compression(gz, 1), KX_COMP_NONE);
	assert_int_equal(kx_detect_compression(xz, 7), KX_COMP_XZ);
	assert_int_equal(kx_detect_compression(xz, 5), KX_COMP_NONE);
	assert_int_equal(kx_detect_compression(zst, 4), KX_COMP_ZSTD);
	assert_int_equal(kx_detect_compression(zst, 3), KX_COMP_NONE);
	assert_int_equal(kx_detect_compression("MZ\0\0", 4), KX_COMP_NONE);
	assert_int_equal(kx_detect_compression("", 0), KX_COMP_NONE);
}

/* Several members, streams or frames back to back decode to the
 * concatenation, as gzip -d, xz -d and zstd -d do. */
static void concatenated(compress_fn fn)
{
	uint8_t *data = make_data(2 * DATA_SIZE);
	struct packed a = pack(fn, data, DATA_SIZE);
	struct packed b = pack(fn, data + DATA_SIZE, DATA_SIZE);
	uint8_t *both = malloc(a.size + b.size);
	struct kx_buf out = {NULL, 0};
	char msg[KX_MSG_MAX];

	assert_non_null(both);
	memcpy(both, a.data, a.size);
	memcpy(both + a.size, b.data, b.size);
	assert_int_equal(
	    run(both, a.size + b.size, LIMIT, &out, msg, sizeof(msg)), 0);
	assert_int_equal(out.size, 2 * DATA_SIZE);
	assert_memory_equal(out.data, data, 2 * DATA_SIZE);
	kx_buf_free(&out);
	free(both);
	free(a.data);
	free(b.data);
	free(data);
}

static void test_concatenated(void **state)
{
	(void)state;
	concatenated(gzip_into);
	concatenated(xz_into);
	concatenated(zstd_into);
}

/* Append TAIL_LEN bytes of TAIL to a compressed buffer and decompress. */
static int with_tail(compress_fn fn, const uint8_t *tail, size_t tail_len,
		     char *msg, size_t msglen)
{
	uint8_t *data = make_data(DATA_SIZE);
	struct packed p = pack(fn, data, DATA_SIZE);
	uint8_t *buf = malloc(p.size + tail_len);
	struct kx_buf out = {NULL, 0};
	int rc;

	assert_non_null(buf);
	memcpy(buf, p.data, p.size);
	memcpy(buf + p.size, tail, tail_len);
	rc = run(buf, p.size + tail_len, LIMIT, &out, msg, msglen);
	if (rc == 0)
		assert_int_equal(out.size, DATA_SIZE);
	kx_buf_free(&out);
	free(buf);
	free(p.data);
	free(data);
	return rc;
}

static void test_trailing_bytes(void **state)
{
	static const uint8_t zeros[512];
	static const uint8_t junk[] = "junk after the stream";
	char msg[KX_MSG_MAX];

	(void)state;
	assert_int_equal(
	    with_tail(gzip_into, zeros, sizeof(zeros), msg, sizeof(msg)), 0);
	assert_int_equal(
	    with_tail(zstd_into, zeros, sizeof(zeros), msg, sizeof(msg)), 0);
	/* xz's own padding: multiples of four zero bytes. */
	assert_int_equal(with_tail(xz_into, zeros, 8, msg, sizeof(msg)), 0);
	assert_int_equal(
	    with_tail(gzip_into, junk, sizeof(junk), msg, sizeof(msg)),
	    -EINVAL);
	assert_non_null(strstr(msg, "initrd.img: corrupt gzip data: 22 bytes "
				    "of trailing garbage at offset "));
	assert_int_equal(
	    with_tail(xz_into, junk, sizeof(junk), msg, sizeof(msg)), -EINVAL);
	assert_true(strncmp(msg, "initrd.img: corrupt xz data: ", 29) == 0);
	assert_int_equal(
	    with_tail(zstd_into, junk, sizeof(junk), msg, sizeof(msg)),
	    -EINVAL);
	assert_true(strncmp(msg, "initrd.img: corrupt zstd data: ", 31) == 0);
}

/* Every cut must fail with a one-line message naming the file and leave
 * OUT alone. */
static void truncated(compress_fn fn, const char *fmt_name)
{
	uint8_t *data = make_data(DATA_SIZE);
	struct packed p = pack(fn, data, DATA_SIZE);
	const size_t cuts[] = {2,  4,	       6,	   7,	      12,
			       20, p.size / 2, p.size - 4, p.size - 1};
	struct kx_buf out = {(uint8_t *)"untouched", 9};
	char msg[KX_MSG_MAX], want[64];
	size_t i;

	snprintf(want, sizeof(want), " %s data: ", fmt_name);
	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		int rc = run(p.data, cuts[i], LIMIT, &out, msg, sizeof(msg));

		if (kx_detect_compression(p.data, cuts[i]) == KX_COMP_NONE) {
			assert_int_equal(rc, -ENOEXEC);
			continue;
		}
		assert_int_equal(rc, -EINVAL);
		assert_true(strncmp(msg, "initrd.img: ", 12) == 0);
		assert_non_null(strstr(msg, want));
		assert_null(strchr(msg, '\n'));
		assert_int_equal(out.size, 9);
	}
	free(p.data);
	free(data);
}

static void test_truncated(void **state)
{
	char msg[KX_MSG_MAX];
	struct kx_buf out;
	uint8_t *data = make_data(DATA_SIZE);
	struct packed p = pack(xz_into, data, DATA_SIZE);

	(void)state;
	truncated(gzip_into, "gzip");
	truncated(xz_into, "xz");
	truncated(zstd_into, "zstd");
	truncated(zstd_stream_into, "zstd");
	assert_int_equal(run(p.data, p.size - 1, LIMIT, &out, msg, sizeof(msg)),
			 -EINVAL);
	assert_string_equal(msg, "initrd.img: truncated xz data: input ends "
				 "inside the stream");
	free(p.data);
	free(data);
}

static void test_garbage_after_magic(void **state)
{
	static const uint8_t gz[] = {0x1f, 0x8b, 0x08, 0,   0,	  0,
				     0,	   0,	 0,    3,   0xff, 0xff,
				     0xff, 0xff, 0xff, 0xff};
	static const uint8_t badmethod[] = {0x1f, 0x8b, 0x07, 0, 0, 0, 0,
					    0,	  0,	3,    1, 2, 3, 4};
	static const uint8_t xz[] = {0xfd, '7',	 'z', 'X', 'Z', 0,
				     0xaa, 0xbb, 1,   2,   3,	4,
				     5,	   6,	 7,   8,   9,	10};
	/* Reserved bit set in the frame header descriptor. */
	static const uint8_t zst[] = {0x28, 0xb5, 0x2f, 0xfd, 0x08, 0x00,
				      0x01, 0x00, 0x00, 0x00, 0x00, 0x00};
	struct kx_buf out;
	char msg[KX_MSG_MAX];

	(void)state;
	assert_int_equal(run(gz, sizeof(gz), LIMIT, &out, msg, sizeof(msg)),
			 -EINVAL);
	assert_true(strncmp(msg, "initrd.img: corrupt gzip data: ", 31) == 0);
	assert_int_equal(
	    run(badmethod, sizeof(badmethod), LIMIT, &out, msg, sizeof(msg)),
	    -EINVAL);
	assert_string_equal(msg, "initrd.img: corrupt gzip data: unknown "
				 "compression method");
	assert_int_equal(run(xz, sizeof(xz), LIMIT, &out, msg, sizeof(msg)),
			 -EINVAL);
	assert_true(strncmp(msg, "initrd.img: corrupt xz data: ", 29) == 0);
	assert_int_equal(run(zst, sizeof(zst), LIMIT, &out, msg, sizeof(msg)),
			 -EINVAL);
	assert_true(strncmp(msg, "initrd.img: corrupt zstd data: ", 31) == 0);
}

static void test_not_compressed(void **state)
{
	struct kx_buf out;
	char msg[KX_MSG_MAX];

	(void)state;
	assert_int_equal(run("plain", 5, LIMIT, &out, msg, sizeof(msg)),
			 -ENOEXEC);
	assert_string_equal(msg,
			    "initrd.img: not compressed with gzip, xz or zstd");
}

/* 16 MiB of zeros packs into a few KiB: the limit must stop it at the
 * limit, not after the whole output was made. */
static void limit(compress_fn fn)
{
	const size_t n = 16u << 20;
	uint8_t *zeros = calloc(1, n);
	struct packed p;
	struct kx_buf out = {NULL, 0};
	char msg[KX_MSG_MAX];

	assert_non_null(zeros);
	p = pack(fn, zeros, n);
	assert_true(p.size < n / 100);
	assert_int_equal(run(p.data, p.size, n - 1, &out, msg, sizeof(msg)),
			 -EFBIG);
	assert_string_equal(msg, "initrd.img: decompresses to more than "
				 "16777215 bytes, the limit (refusing a "
				 "possible decompression bomb)");
	assert_null(out.data);
	assert_int_equal(run(p.data, p.size, 1000, &out, msg, sizeof(msg)),
			 -EFBIG);
	/* Exactly at the limit is fine. */
	assert_int_equal(run(p.data, p.size, n, &out, msg, sizeof(msg)), 0);
	assert_int_equal(out.size, n);
	kx_buf_free(&out);
	free(p.data);
	free(zeros);
}

static void test_output_limit(void **state)
{
	(void)state;
	limit(gzip_into);
	limit(xz_into);
	limit(zstd_into);
	limit(zstd_stream_into);
}

static void test_memfd(void **state)
{
	uint8_t *data = make_data(DATA_SIZE), *back = malloc(DATA_SIZE);
	kx_ctx *ctx = kx_ctx_new();
	int fd = -1, seals;

	(void)state;
	assert_non_null(back);
	assert_int_equal(
	    kx_memfd_from_buf(ctx, "/boot/vmlinuz", data, DATA_SIZE, &fd), 0);
	assert_true(fd >= 0);
	assert_int_equal(lseek(fd, 0, SEEK_END), DATA_SIZE);
	assert_int_equal(pread(fd, back, DATA_SIZE, 0), DATA_SIZE);
	assert_memory_equal(back, data, DATA_SIZE);
	seals = fcntl(fd, F_GET_SEALS);
	assert_true(seals & F_SEAL_WRITE);
	assert_true(seals & F_SEAL_SHRINK);
	assert_true(seals & F_SEAL_GROW);
	assert_true(seals & F_SEAL_SEAL);
	assert_int_equal(pwrite(fd, "x", 1, 0), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(ftruncate(fd, 1), -1);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	/* An empty image is still a valid fd. */
	assert_int_equal(kx_memfd_from_buf(ctx, "empty", data, 0, &fd), 0);
	assert_int_equal(lseek(fd, 0, SEEK_END), 0);
	close(fd);
	kx_ctx_free(ctx);
	free(back);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_round_trip_gzip),
	    cmocka_unit_test(test_round_trip_xz),
	    cmocka_unit_test(test_round_trip_zstd),
	    cmocka_unit_test(test_concatenated),
	    cmocka_unit_test(test_trailing_bytes),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_garbage_after_magic),
	    cmocka_unit_test(test_not_compressed),
	    cmocka_unit_test(test_output_limit),
	    cmocka_unit_test(test_memfd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
