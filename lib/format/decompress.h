/* Compressed images: gzip, xz and zstd, recognised by their magic and
 * decompressed whole into memory, under a size limit the caller sets. */
#ifndef KX_FORMAT_DECOMPRESS_H
#define KX_FORMAT_DECOMPRESS_H

#include <stddef.h>

#include "core/ctx.h"
#include "core/file.h"

/* The compression DATA starts with, by magic; KX_COMP_NONE when none. */
enum kx_compression kx_detect_compression(const void *data, size_t size);

/* Decompress all of IN (its format from kx_detect_compression()) into a
 * new malloc'd OUT.  Concatenated gzip members, xz streams and zstd frames
 * are all decoded; zero padding after the last gzip member or zstd frame
 * (and xz's own stream padding) is ignored, other trailing bytes refused.
 * More than MAX_OUT bytes of output fails with -EFBIG (a decompression
 * bomb, or a limit too small); corrupt or truncated data with -EINVAL.
 * OUT is written only on success, so it may be the buffer IN points
 * into. */
int kx_decompress(kx_ctx *ctx, const char *name, const void *in, size_t in_size,
		  size_t max_out, struct kx_buf *out);

/* A sealed (no more writes, no resizing) memfd holding DATA, for handing
 * bytes that exist only in memory to kexec_file_load.  NAME names the
 * memfd (as seen in /proc/PID/fd) and error messages.  *FD is set on
 * success; the caller closes it. */
int kx_memfd_from_buf(kx_ctx *ctx, const char *name, const void *data,
		      size_t size, int *fd);

#endif
