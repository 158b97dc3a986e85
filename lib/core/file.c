#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void kx_buf_free(struct kx_buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->size = 0;
}

static int check_regular(kx_ctx *ctx, const char *path, int fd, size_t max,
			 size_t *size)
{
	struct stat st;

	if (fstat(fd, &st))
		return kx_fail(ctx, -errno, "%s: cannot stat: %s", path,
			       strerror(errno));
	if (S_ISDIR(st.st_mode))
		return kx_fail(ctx, -EISDIR, "%s: is a directory", path);
	if (!S_ISREG(st.st_mode))
		return kx_fail(ctx, -EINVAL, "%s: not a regular file", path);
	if ((uint64_t)st.st_size > max)
		return kx_fail(ctx, -EFBIG, "%s: %llu bytes, more than %zu",
			       path, (unsigned long long)st.st_size, max);
	*size = (size_t)st.st_size;
	return 0;
}

/* Room for the size fstat gave plus one byte, growing up to MAX + 1: a
 * file that grew past MAX since fstat is caught, and the data always has
 * a spare byte after it for a NUL. */
static int read_bounded(kx_ctx *ctx, const char *path, int fd, size_t size,
			size_t max, struct kx_buf *buf)
{
	size_t cap = size + 1;

	for (;;) {
		ssize_t n;

		if (buf->size == cap && cap <= max) {
			size_t ncap = cap > max / 2 ? max + 1 : cap * 2;
			uint8_t *p = realloc(buf->data, ncap);

			if (!p)
				return kx_fail(ctx, -ENOMEM,
					       "%s: out of memory", path);
			buf->data = p;
			cap = ncap;
		}
		if (buf->size == cap)
			return kx_fail(ctx, -EFBIG, "%s: more than %zu bytes",
				       path, max);
		if (!buf->data && !(buf->data = malloc(cap)))
			return kx_fail(ctx, -ENOMEM, "%s: out of memory", path);
		n = read(fd, buf->data + buf->size, cap - buf->size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return kx_fail(ctx, -errno, "%s: read error: %s", path,
				       strerror(errno));
		if (n == 0)
			return 0;
		buf->size += (size_t)n;
	}
}

int kx_read_fd(kx_ctx *ctx, const char *name, int fd, size_t max,
	       struct kx_buf *buf)
{
	size_t size = 0;
	int rc;

	buf->data = NULL;
	buf->size = 0;
	if (max >= SIZE_MAX / 2)
		return kx_fail(ctx, -EINVAL, "%s: no size limit", name);
	rc = check_regular(ctx, name, fd, max, &size);
	if (!rc)
		rc = read_bounded(ctx, name, fd, size, max, buf);
	if (rc)
		kx_buf_free(buf);
	return rc;
}

int kx_open_file(kx_ctx *ctx, const char *path, size_t max, int *fd)
{
	size_t size;
	int rc;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is
	 * refused just after, by its type, before anything is read. */
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (*fd < 0)
		return kx_fail(ctx, -errno, "%s: cannot open: %s", path,
			       strerror(errno));
	rc = check_regular(ctx, path, *fd, max, &size);
	if (rc) {
		close(*fd);
		*fd = -1;
	}
	return rc;
}

int kx_read_file_max(kx_ctx *ctx, const char *path, size_t max,
		     struct kx_buf *buf)
{
	int fd, rc;

	buf->data = NULL;
	buf->size = 0;
	rc = kx_open_file(ctx, path, max, &fd);
	if (rc)
		return rc;
	rc = kx_read_fd(ctx, path, fd, max, buf);
	close(fd);
	return rc;
}

int kx_read_file(kx_ctx *ctx, const char *path, struct kx_buf *buf)
{
	return kx_read_file_max(ctx, path, KX_FILE_MAX, buf);
}

int kx_sys_path(const kx_ctx *ctx, const char *path, char *out, size_t len)
{
	int n = snprintf(out, len, "%s%s", ctx->root ? ctx->root : "", path);

	return (n < 0 || (size_t)n >= len) ? -ENAMETOOLONG : 0;
}

int kx_read_sys_text(kx_ctx *ctx, const char *path, char *out, size_t len)
{
	char full[4096];
	ssize_t n;
	int fd;

	if (len == 0 || kx_sys_path(ctx, path, full, sizeof(full)))
		return kx_fail(ctx, -ENAMETOOLONG, "%s: path too long", path);
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return -ENOENT;
		return kx_fail(ctx, -errno, "%s: cannot open: %s", full,
			       strerror(errno));
	}
	do
		n = read(fd, out, len - 1);
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return kx_fail(ctx, -errno, "%s: read error: %s", full,
			       strerror(errno));
	out[n] = '\0';
	if (n > 0 && out[n - 1] == '\n')
		out[n - 1] = '\0';
	return 0;
}
