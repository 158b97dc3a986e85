/* Reading whole files and the small text files of /proc and /sys. */
#ifndef KX_CORE_FILE_H
#define KX_CORE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

struct kx_buf {
	uint8_t *data;
	size_t size;
};

void kx_buf_free(struct kx_buf *buf);

/* The most any read of a user's file takes when the format sets no
 * tighter bound. */
#define KX_FILE_MAX ((size_t)1 << 30)

/* Read all of PATH, a regular file of at most KX_FILE_MAX bytes, into BUF.
 * Errors name the file. */
int kx_read_file(kx_ctx *ctx, const char *path, struct kx_buf *buf);

/* Read all of PATH into BUF when it is a regular file (memfds are) of at
 * most MAX bytes: anything else (a FIFO, a device, a directory, a larger
 * or growing file) is refused before or while reading, with a message
 * naming the file (-EINVAL, -EISDIR or -EFBIG).  For files whose content
 * a hostile tree may choose, such as boot entries. */
int kx_read_file_max(kx_ctx *ctx, const char *path, size_t max,
		     struct kx_buf *buf);

/* Open PATH read-only when it is a regular file (memfds are) of at most
 * MAX bytes; a FIFO, a device or a directory is refused by its type
 * without blocking or reading.  The error names the file. */
int kx_open_file(kx_ctx *ctx, const char *path, size_t max, int *fd);

/* Read everything from FD, a regular file named NAME in errors, into BUF:
 * at most MAX bytes, even when the file grows while it is read. */
int kx_read_fd(kx_ctx *ctx, const char *name, int fd, size_t max,
	       struct kx_buf *buf);

/* Build ROOT + PATH (PATH absolute) into OUT. */
int kx_sys_path(const kx_ctx *ctx, const char *path, char *out, size_t len);

/* Read a small text file below the context's root, NUL terminated, with a
 * trailing newline removed.  Returns -ENOENT quietly (no message) when the
 * file is missing so callers can treat absence as an answer. */
int kx_read_sys_text(kx_ctx *ctx, const char *path, char *out, size_t len);

#endif
