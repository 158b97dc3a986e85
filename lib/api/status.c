/* kx_status: the opaque snapshot of what the running kernel says about
 * loaded images, read by sys/status.c into a plain struct. */
#include <errno.h>
#include <stdlib.h>

#include "sys/status.h"

struct kx_status {
	struct status_info info;
};

KX_PUBLIC int kx_status_read(kx_ctx *ctx, kx_status **out)
{
	kx_status *st;
	int rc;

	if (!ctx)
		return -EINVAL;
	if (!out)
		return kx_fail(ctx, -EINVAL, "kx_status_read: no result pointer");
	*out = NULL;
	st = calloc(1, sizeof(*st));
	if (!st)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	rc = status_read(ctx, &st->info);
	if (rc) {
		free(st);
		return rc;
	}
	*out = st;
	return 0;
}

KX_PUBLIC void kx_status_free(kx_status *st)
{
	free(st);
}

KX_PUBLIC bool kx_status_loaded(const kx_status *st)
{
	return st && st->info.loaded;
}

KX_PUBLIC bool kx_status_crash_loaded(const kx_status *st)
{
	return st && st->info.crash_loaded;
}

KX_PUBLIC bool kx_status_crash_known(const kx_status *st)
{
	return st && st->info.crash_known;
}

KX_PUBLIC uint64_t kx_status_crash_size(const kx_status *st)
{
	return st ? st->info.crash_size : 0;
}

KX_PUBLIC const char *kx_status_lockdown(const kx_status *st)
{
	return st ? st->info.lockdown : "";
}
