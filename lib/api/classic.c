/* kexec_load through our own purgatory.  Until the userspace boot
 * protocol lands, the classic path refuses clearly instead of guessing. */
#include "api/plan.h"

#include <errno.h>

int plan_load_classic(kx_ctx *ctx, struct kx_plan *plan)
{
	plan->info.used = KX_SYSCALL_CLASSIC;
	return kx_fail(ctx, -EOPNOTSUPP,
		       "%s: loading through kexec_load (-c) is not supported "
		       "yet; use kexec_file_load (-s)",
		       plan->kernel_path);
}
