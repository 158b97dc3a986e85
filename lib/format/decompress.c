#include "format/decompress.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ZLIB_CONST
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

/* First allocation for the output; it doubles from there. */
#define SINK_MIN (64u << 10)
/* xz decoders allocate their whole dictionary up front, as large as the
 * stream header asks.  xz -9 needs 65 MiB; refusing above this keeps a
 * crafted header from taking memory the output limit would not. */
#define XZ_MEMLIMIT (256u << 20)

enum kx_compression kx_detect_compression(const void *data, size_t size)
{
	static const uint8_t gz[] = {0x1f, 0x8b};
	static const uint8_t xz[] = {0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00};
	static const uint8_t zst[] = {0x28, 0xb5, 0x2f, 0xfd};

	if (size >= sizeof(xz) && memcmp(data, xz, sizeof(xz)) == 0)
		return KX_COMP_XZ;
	if (size >= sizeof(zst) && memcmp(data, zst, sizeof(zst)) == 0)
		return KX_COMP_ZSTD;
	if (size >= sizeof(gz) && memcmp(data, gz, sizeof(gz)) == 0)
		return KX_COMP_GZIP;
	return KX_COMP_NONE;
}

/* The growing output buffer.  It never grows past MAX + 1 bytes: one byte
 * more than allowed is enough to know the limit was crossed. */
struct sink {
	uint8_t *data;
	size_t size, cap, max, first;
};

static void sink_init(struct sink *s, size_t max, size_t in_size)
{
	memset(s, 0, sizeof(*s));
	s->max = max;
	s->first = in_size > SIZE_MAX / 4 ? SIZE_MAX : in_size * 4;
	if (s->first < SINK_MIN)
		s->first = SINK_MIN;
}

static size_t sink_ceiling(const struct sink *s)
{
	return s->max == SIZE_MAX ? SIZE_MAX : s->max + 1;
}

static int too_big(kx_ctx *ctx, const char *name, const struct sink *s)
{
	return kx_fail(ctx, -EFBIG,
		       "%s: decompresses to more than %zu bytes, the limit "
		       "(refusing a possible decompression bomb)",
		       name, s->max);
}

static int sink_check(kx_ctx *ctx, const char *name, const struct sink *s)
{
	return s->size > s->max ? too_big(ctx, name, s) : 0;
}

/* Ensure at least one free byte. */
static int sink_room(kx_ctx *ctx, const char *name, struct sink *s)
{
	size_t ceiling = sink_ceiling(s), ncap;
	uint8_t *p;

	if (s->size < s->cap)
		return 0;
	if (s->cap >= ceiling)
		return too_big(ctx, name, s);
	if (s->cap == 0)
		ncap = s->first;
	else
		ncap = s->cap > SIZE_MAX / 2 ? SIZE_MAX : s->cap * 2;
	if (ncap > ceiling)
		ncap = ceiling;
	p = realloc(s->data, ncap);
	if (!p)
		return kx_fail(ctx, -ENOMEM,
			       "%s: out of memory decompressing (%zu bytes)",
			       name, ncap);
	s->data = p;
	s->cap = ncap;
	return 0;
}

static void sink_take(struct sink *s, struct kx_buf *out)
{
	uint8_t *p = s->size ? realloc(s->data, s->size) : NULL;

	out->data = p ? p : s->data;
	out->size = s->size;
	s->data = NULL;
}

static uInt clamp_uint(size_t n)
{
	return n > UINT_MAX ? UINT_MAX : (uInt)n;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* After one gzip member: go on with the next, stop at the end or at zero
 * padding (block devices and some tools pad), or refuse anything else. */
static int gzip_next_member(kx_ctx *ctx, const char *name, z_stream *zs,
			    const uint8_t *in, size_t in_size, bool *done)
{
	size_t pos = (size_t)(zs->next_in - in), left = in_size - pos;

	*done = left == 0 || all_zero(zs->next_in, left);
	if (*done)
		return 0;
	if (left < 2 || zs->next_in[0] != 0x1f || zs->next_in[1] != 0x8b)
		return kx_fail(ctx, -EINVAL,
			       "%s: corrupt gzip data: %zu bytes of trailing "
			       "garbage at offset %zu",
			       name, left, pos);
	return inflateReset(zs) == Z_OK
		   ? 0
		   : kx_fail(ctx, -EINVAL, "%s: corrupt gzip data", name);
}

static int gzip_error(kx_ctx *ctx, const char *name, const z_stream *zs,
		      int zret)
{
	if (zret == Z_MEM_ERROR)
		return kx_fail(ctx, -ENOMEM, "%s: out of memory decompressing",
			       name);
	/* Output room is always given, so no progress means no input. */
	if (zret == Z_BUF_ERROR)
		return kx_fail(ctx, -EINVAL,
			       "%s: truncated gzip data: input ends inside the "
			       "stream",
			       name);
	return kx_fail(ctx, -EINVAL, "%s: corrupt gzip data: %s", name,
		       zs->msg ? zs->msg : "invalid stream");
}

static int gzip_step(kx_ctx *ctx, const char *name, z_stream *zs,
		     struct sink *s, const uint8_t *in, size_t in_size)
{
	int zret, rc;

	rc = sink_room(ctx, name, s);
	if (rc)
		return rc;
	zs->avail_in = clamp_uint(in_size - (size_t)(zs->next_in - in));
	zs->next_out = s->data + s->size;
	zs->avail_out = clamp_uint(s->cap - s->size);
	zret = inflate(zs, Z_NO_FLUSH);
	s->size = (size_t)(zs->next_out - s->data);
	rc = sink_check(ctx, name, s);
	if (rc)
		return rc;
	if (zret == Z_OK || zret == Z_STREAM_END)
		return zret == Z_STREAM_END;
	return gzip_error(ctx, name, zs, zret);
}

static int gunzip(kx_ctx *ctx, const char *name, const uint8_t *in,
		  size_t in_size, struct sink *s)
{
	z_stream zs;
	bool done = false;
	int rc = 0;

	memset(&zs, 0, sizeof(zs));
	/* 16 + MAX_WBITS: the gzip wrapper only, checking its CRC. */
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return kx_fail(ctx, -ENOMEM, "%s: out of memory decompressing",
			       name);
	zs.next_in = in;
	while (!done) {
		rc = gzip_step(ctx, name, &zs, s, in, in_size);
		if (rc < 0)
			break;
		if (rc == 1)
			rc = gzip_next_member(ctx, name, &zs, in, in_size,
					      &done);
		if (rc < 0)
			break;
	}
	inflateEnd(&zs);
	return rc < 0 ? rc : 0;
}

static const char *xz_reason(lzma_ret ret)
{
	switch (ret) {
	case LZMA_FORMAT_ERROR:
		return "not an xz stream";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "invalid stream";
	case LZMA_BUF_ERROR:
		return "truncated: input ends inside the stream";
	default:
		return "decoder error";
	}
}

static int xz_error(kx_ctx *ctx, const char *name, lzma_ret ret)
{
	if (ret == LZMA_MEM_ERROR)
		return kx_fail(ctx, -ENOMEM, "%s: out of memory decompressing",
			       name);
	if (ret == LZMA_MEMLIMIT_ERROR)
		return kx_fail(ctx, -EINVAL,
			       "%s: corrupt xz data: needs more than %u MiB "
			       "to decompress (dictionary too large)",
			       name, XZ_MEMLIMIT >> 20);
	if (ret == LZMA_BUF_ERROR)
		return kx_fail(ctx, -EINVAL, "%s: truncated xz data: %s", name,
			       "input ends inside the stream");
	return kx_fail(ctx, -EINVAL, "%s: corrupt xz data: %s", name,
		       xz_reason(ret));
}

static int unxz_loop(kx_ctx *ctx, const char *name, lzma_stream *xs,
		     struct sink *s)
{
	lzma_ret ret;
	int rc;

	for (;;) {
		rc = sink_room(ctx, name, s);
		if (rc)
			return rc;
		xs->next_out = s->data + s->size;
		xs->avail_out = s->cap - s->size;
		/* All input is there from the start, so LZMA_FINISH
		 * throughout: the decoder then reports truncation. */
		ret = lzma_code(xs, LZMA_FINISH);
		s->size = (size_t)(xs->next_out - s->data);
		rc = sink_check(ctx, name, s);
		if (rc)
			return rc;
		if (ret == LZMA_STREAM_END)
			return 0;
		if (ret != LZMA_OK)
			return xz_error(ctx, name, ret);
	}
}

static int unxz(kx_ctx *ctx, const char *name, const uint8_t *in,
		size_t in_size, struct sink *s)
{
	lzma_stream xs = LZMA_STREAM_INIT;
	lzma_ret ret;
	int rc;

	/* LZMA_CONCATENATED: several streams and stream padding, like
	 * xz -d. */
	ret = lzma_stream_decoder(&xs, XZ_MEMLIMIT, LZMA_CONCATENATED);
	if (ret != LZMA_OK)
		return xz_error(ctx, name, ret);
	xs.next_in = in;
	xs.avail_in = in_size;
	rc = unxz_loop(ctx, name, &xs, s);
	lzma_end(&xs);
	return rc;
}

static int zstd_error(kx_ctx *ctx, const char *name, size_t zret)
{
	ZSTD_ErrorCode code = ZSTD_getErrorCode(zret);

	if (code == ZSTD_error_memory_allocation)
		return kx_fail(ctx, -ENOMEM, "%s: out of memory decompressing",
			       name);
	return kx_fail(ctx, -EINVAL, "%s: corrupt zstd data: %s", name,
		       ZSTD_getErrorName(zret));
}

/* Streaming, because a frame need not record its content size. */
static int unzstd_loop(kx_ctx *ctx, const char *name, ZSTD_DCtx *dctx,
		       ZSTD_inBuffer *ib, struct sink *s)
{
	ZSTD_outBuffer ob;
	size_t zret;
	int rc;

	for (;;) {
		rc = sink_room(ctx, name, s);
		if (rc)
			return rc;
		ob.dst = s->data;
		ob.size = s->cap;
		ob.pos = s->size;
		zret = ZSTD_decompressStream(dctx, &ob, ib);
		s->size = ob.pos;
		rc = sink_check(ctx, name, s);
		if (rc)
			return rc;
		if (ZSTD_isError(zret))
			return zstd_error(ctx, name, zret);
		/* 0: a frame ended and is flushed; more may follow. */
		if (zret == 0 && all_zero((const uint8_t *)ib->src + ib->pos,
					  ib->size - ib->pos))
			return 0;
		/* Room left but no input: the frame was cut short. */
		if (ib->pos == ib->size && ob.pos < ob.size)
			return kx_fail(ctx, -EINVAL,
				       "%s: truncated zstd data: input ends "
				       "inside a frame",
				       name);
	}
}

static int unzstd(kx_ctx *ctx, const char *name, const uint8_t *in,
		  size_t in_size, struct sink *s)
{
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	ZSTD_inBuffer ib = {in, in_size, 0};
	int rc;

	if (!dctx)
		return kx_fail(ctx, -ENOMEM, "%s: out of memory decompressing",
			       name);
	rc = unzstd_loop(ctx, name, dctx, &ib, s);
	ZSTD_freeDCtx(dctx);
	return rc;
}

int kx_decompress(kx_ctx *ctx, const char *name, const void *in, size_t in_size,
		  size_t max_out, struct kx_buf *out)
{
	struct sink s;
	int rc;

	sink_init(&s, max_out, in_size);
	switch (kx_detect_compression(in, in_size)) {
	case KX_COMP_GZIP:
		rc = gunzip(ctx, name, in, in_size, &s);
		break;
	case KX_COMP_XZ:
		rc = unxz(ctx, name, in, in_size, &s);
		break;
	case KX_COMP_ZSTD:
		rc = unzstd(ctx, name, in, in_size, &s);
		break;
	default:
		return kx_fail(ctx, -ENOEXEC,
			       "%s: not compressed with gzip, xz or zstd",
			       name);
	}
	if (rc == 0)
		sink_take(&s, out);
	free(s.data);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Sealing makes the fd's contents final: what was checked is what the
 * kernel reads, whoever else gets hold of the fd. */
static int memfd_fill(int fd, const void *data, size_t size)
{
	int rc = write_all(fd, data, size);

	if (rc)
		return rc;
	if (fcntl(fd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL))
		return -errno;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	return 0;
}

int kx_memfd_from_buf(kx_ctx *ctx, const char *name, const void *data,
		      size_t size, int *fd)
{
	char label[200];
	int mfd, rc;

	/* memfd names are capped at 249 bytes; only the tail is useful. */
	snprintf(label, sizeof(label), "libkexec:%.180s", base_name(name));
	mfd = memfd_create(label, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd < 0)
		return kx_fail(ctx, -errno,
			       "%s: cannot create a memfd for the "
			       "decompressed image: %s",
			       name, strerror(errno));
	rc = memfd_fill(mfd, data, size);
	if (rc) {
		close(mfd);
		return kx_fail(ctx, rc,
			       "%s: cannot write the decompressed image to a "
			       "memfd: %s",
			       name, strerror(-rc));
	}
	*fd = mfd;
	return 0;
}
