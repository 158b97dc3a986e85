/* kx_request: what a caller asks to load, kept as copies so the caller's
 * strings may go away before kx_plan_create(). */
#include "api/request.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define KX_LOAD_ALL (KX_LOAD_CRASH | KX_LOAD_NO_CHECKS | KX_LOAD_DEBUG)

KX_PUBLIC int kx_request_new(kx_ctx *ctx, kx_request **out)
{
	kx_request *req;

	if (!ctx)
		return -EINVAL;
	if (!out)
		return kx_fail(ctx, -EINVAL, "kx_request_new: no result pointer");
	*out = NULL;
	req = calloc(1, sizeof(*req));
	if (!req)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	req->ctx = ctx;
	req->syscall = KX_SYSCALL_AUTO;
	*out = req;
	return 0;
}

KX_PUBLIC void kx_request_free(kx_request *req)
{
	size_t i;

	if (!req)
		return;
	free(req->kernel);
	free(req->initrd);
	free(req->cmdline);
	free(req->type);
	for (i = 0; i < req->n_modules; i++)
		free(req->modules[i]);
	free(req->modules);
	free(req);
}

/* Replace *FIELD by a copy of S (NULL clears it). */
static int set_copy(kx_request *req, char **field, const char *s)
{
	char *copy = NULL;

	if (s && !(copy = strdup(s)))
		return kx_fail(req->ctx, -ENOMEM, "out of memory");
	free(*field);
	*field = copy;
	return 0;
}

KX_PUBLIC int kx_request_set_kernel(kx_request *req, const char *path)
{
	if (!req)
		return -EINVAL;
	if (!path || !path[0])
		return kx_fail(req->ctx, -EINVAL,
			       "the kernel image path is empty");
	return set_copy(req, &req->kernel, path);
}

KX_PUBLIC int kx_request_set_initrd(kx_request *req, const char *path)
{
	if (!req)
		return -EINVAL;
	if (path && !path[0])
		return kx_fail(req->ctx, -EINVAL, "the initrd path is empty");
	return set_copy(req, &req->initrd, path);
}

KX_PUBLIC int kx_request_set_cmdline(kx_request *req, const char *cmdline)
{
	if (!req)
		return -EINVAL;
	return set_copy(req, &req->cmdline, cmdline);
}

KX_PUBLIC int kx_request_set_type(kx_request *req, const char *type)
{
	enum kx_image_type t;

	if (!req)
		return -EINVAL;
	if (type && kx_image_type_from_name(type, &t) != 0)
		return kx_fail(req->ctx, -EINVAL,
			       "--type=%.64s: unknown image type", type);
	return set_copy(req, &req->type, type);
}

KX_PUBLIC int kx_request_set_syscall(kx_request *req,
				     enum kx_syscall_mode mode)
{
	if (!req)
		return -EINVAL;
	switch (mode) {
	case KX_SYSCALL_AUTO:
	case KX_SYSCALL_FILE:
	case KX_SYSCALL_CLASSIC:
		req->syscall = mode;
		return 0;
	}
	return kx_fail(req->ctx, -EINVAL, "unknown system call mode %d",
		       (int)mode);
}

KX_PUBLIC int kx_request_set_flags(kx_request *req, unsigned flags)
{
	if (!req)
		return -EINVAL;
	if (flags & ~KX_LOAD_ALL)
		return kx_fail(req->ctx, -EINVAL, "unknown load flags 0x%x",
			       flags & ~KX_LOAD_ALL);
	req->flags = flags;
	return 0;
}

KX_PUBLIC int kx_request_set_verify(kx_request *req, enum kx_verify v)
{
	if (!req)
		return -EINVAL;
	switch (v) {
	case KX_VERIFY_XXH3:
	case KX_VERIFY_SHA256:
	case KX_VERIFY_NONE:
		req->verify = v;
		return 0;
	}
	return kx_fail(req->ctx, -EINVAL, "unknown verification %d", (int)v);
}

KX_PUBLIC int kx_request_set_mem_range(kx_request *req, uint64_t min,
				       uint64_t max)
{
	if (!req)
		return -EINVAL;
	if (max && max < min)
		return kx_fail(req->ctx, -EINVAL,
			       "--mem-max 0x%llx is below --mem-min 0x%llx",
			       (unsigned long long)max,
			       (unsigned long long)min);
	req->mem_min = min;
	req->mem_max = max;
	return 0;
}

KX_PUBLIC int kx_request_add_module(kx_request *req, const char *spec)
{
	char **v, *copy;

	if (!req)
		return -EINVAL;
	if (!spec || !spec[strspn(spec, " \t")])
		return kx_fail(req->ctx, -EINVAL, "--module names no file");
	v = realloc(req->modules, (req->n_modules + 1) * sizeof(*v));
	if (!v)
		return kx_fail(req->ctx, -ENOMEM, "out of memory");
	req->modules = v;
	copy = strdup(spec);
	if (!copy)
		return kx_fail(req->ctx, -ENOMEM, "out of memory");
	v[req->n_modules++] = copy;
	return 0;
}

KX_PUBLIC const char *kx_request_get_kernel(const kx_request *req)
{
	return req ? req->kernel : NULL;
}

KX_PUBLIC const char *kx_request_get_initrd(const kx_request *req)
{
	return req ? req->initrd : NULL;
}

KX_PUBLIC const char *kx_request_get_cmdline(const kx_request *req)
{
	return req ? req->cmdline : NULL;
}

KX_PUBLIC unsigned kx_request_get_flags(const kx_request *req)
{
	return req ? req->flags : 0;
}

KX_PUBLIC enum kx_syscall_mode kx_request_get_syscall(const kx_request *req)
{
	return req ? req->syscall : KX_SYSCALL_AUTO;
}
