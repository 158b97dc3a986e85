#include "core/ctx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

kx_ctx *kx_ctx_new(void)
{
	kx_ctx *ctx = calloc(1, sizeof(*ctx));

	if (ctx)
		ctx->sys = &kx_sys_real;
	return ctx;
}

void kx_ctx_free(kx_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->root);
	free(ctx);
}

const char *kx_ctx_message(const kx_ctx *ctx)
{
	return ctx->msg;
}

int kx_ctx_errno(const kx_ctx *ctx)
{
	return ctx->err;
}

void kx_ctx_set_sys(kx_ctx *ctx, const struct kx_sys_ops *ops, void *data)
{
	ctx->sys = ops ? ops : &kx_sys_real;
	ctx->sys_data = ops ? data : NULL;
}

int kx_ctx_set_root(kx_ctx *ctx, const char *root)
{
	char *copy = NULL;

	if (root && strcmp(root, "/") != 0) {
		copy = strdup(root);
		if (!copy)
			return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	free(ctx->root);
	ctx->root = copy;
	return 0;
}

const char *kx_ctx_root(const kx_ctx *ctx)
{
	return ctx->root ? ctx->root : "/";
}

int kx_fail(kx_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->msg, sizeof(ctx->msg), fmt, ap);
	va_end(ap);
	ctx->err = code;
	return code;
}

void kx_clear(kx_ctx *ctx)
{
	ctx->err = 0;
	ctx->msg[0] = '\0';
}
