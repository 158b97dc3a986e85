/* The library context: the last error, the system calls and the root for
 * /proc and /sys.  Internal; the public face is in libkexec.h. */
#ifndef KX_CORE_CTX_H
#define KX_CORE_CTX_H

#include "libkexec.h"

#define KX_MSG_MAX 512

struct kx_ctx {
	int err;
	char msg[KX_MSG_MAX];
	const struct kx_sys_ops *sys;
	void *sys_data;
	char *root; /* NULL means "/" */
};

/* Record a failure: CODE is a negative errno value, returned unchanged so
 * callers can write `return kx_fail(ctx, -EINVAL, "...")`. */
int kx_fail(kx_ctx *ctx, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kx_clear(kx_ctx *ctx);

/* The real kernel interface. */
extern const struct kx_sys_ops kx_sys_real;

#endif
