#include "core/ctx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

KX_PUBLIC kx_ctx *kx_ctx_new(void)
{
	kx_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	ctx->sys_ops.kexec_file_load = kx_sys_kexec_file_load;
	ctx->sys_ops.kexec_load = kx_sys_kexec_load;
	ctx->sys_ops.reboot_kexec = kx_sys_reboot_kexec;
	ctx->sys = &ctx->sys_ops;
	return ctx;
}

KX_PUBLIC void kx_ctx_free(kx_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->root);
	free(ctx);
}

KX_PUBLIC const char *kx_ctx_message(const kx_ctx *ctx)
{
	return ctx ? ctx->msg : "";
}

KX_PUBLIC int kx_ctx_errno(const kx_ctx *ctx)
{
	return ctx ? ctx->err : -EINVAL;
}

KX_PUBLIC int kx_ctx_set_kexec_file_load(kx_ctx *ctx, kx_kexec_file_load_fn fn)
{
	if (!ctx)
		return -EINVAL;
	ctx->sys_ops.kexec_file_load = fn ? fn : kx_sys_kexec_file_load;
	return 0;
}

KX_PUBLIC int kx_ctx_set_kexec_load(kx_ctx *ctx, kx_kexec_load_fn fn)
{
	if (!ctx)
		return -EINVAL;
	ctx->sys_ops.kexec_load = fn ? fn : kx_sys_kexec_load;
	return 0;
}

KX_PUBLIC int kx_ctx_set_reboot_kexec(kx_ctx *ctx, kx_reboot_kexec_fn fn)
{
	if (!ctx)
		return -EINVAL;
	ctx->sys_ops.reboot_kexec = fn ? fn : kx_sys_reboot_kexec;
	return 0;
}

KX_PUBLIC int kx_ctx_set_sys_data(kx_ctx *ctx, void *data)
{
	if (!ctx)
		return -EINVAL;
	ctx->sys_data = data;
	return 0;
}

KX_PUBLIC int kx_ctx_set_root(kx_ctx *ctx, const char *root)
{
	char *copy = NULL;

	if (!ctx)
		return -EINVAL;
	if (root && !root[0])
		return kx_fail(ctx, -EINVAL, "the root directory is empty");
	if (root && strcmp(root, "/") != 0) {
		copy = strdup(root);
		if (!copy)
			return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	free(ctx->root);
	ctx->root = copy;
	return 0;
}

KX_PUBLIC const char *kx_ctx_root(const kx_ctx *ctx)
{
	return ctx && ctx->root ? ctx->root : "/";
}

int kx_fail(kx_ctx *ctx, int code, const char *fmt, ...)
{
	va_list ap;

	if (!ctx)
		return code;
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
