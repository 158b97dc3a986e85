/* From a plan to the kernel: kexec_file_load, or the loader's kexec_load
 * layout, with the fallback between them; unloading and exec. */
#include "api/plan.h"

#include <errno.h>
#include <string.h>

#include "arch/arch.h"
#include "sys/explain.h"

KX_PUBLIC const char *kx_syscall_name(enum kx_syscall_mode mode)
{
	switch (mode) {
	case KX_SYSCALL_FILE:
		return "kexec_file_load";
	case KX_SYSCALL_CLASSIC:
		return "kexec_load";
	default:
		return "auto";
	}
}

KX_PUBLIC int kx_plan_build_classic(kx_ctx *ctx, kx_plan *plan)
{
	int rc;

	if (!ctx || !plan)
		return -EINVAL;
	if (plan->built)
		return 0;
	rc = plan->loader->build(ctx, &plan->in, plan->state, &plan->out,
				 plan->desc);
	plan->built = rc == 0;
	return rc;
}

static int used(kx_ctx *ctx, struct kx_plan *plan, enum kx_syscall_mode m)
{
	return desc_set_u64(ctx, plan->desc, KX_KEY_SYSCALL_USED, m);
}

static int load_classic(kx_ctx *ctx, struct kx_plan *plan)
{
	unsigned long flags = ARCH_KEXEC_FLAGS;
	long rc;

	if (plan->in.flags & KX_LOAD_CRASH)
		flags |= KX_ON_CRASH;
	rc = used(ctx, plan, KX_SYSCALL_CLASSIC);
	if (!rc)
		rc = kx_plan_build_classic(ctx, plan);
	if (rc)
		return (int)rc;
	rc = ctx->sys->kexec_load(ctx->sys_data, plan->out.entry,
				 plan->out.nr, plan->out.seg, flags);
	if (rc < 0)
		return explain_syscall_error(ctx, "kexec_load", (int)rc,
					     plan->kernel_path);
	return 0;
}

static int load_file(kx_ctx *ctx, struct kx_plan *plan)
{
	unsigned long flags =
	    (plan->in.flags & KX_LOAD_CRASH) ? KX_FILE_ON_CRASH : 0;
	long rc = used(ctx, plan, KX_SYSCALL_FILE);

	if (rc)
		return (int)rc;
	if (plan->initrd_fd < 0)
		flags |= KX_FILE_NO_INITRAMFS;
	rc = ctx->sys->kexec_file_load(ctx->sys_data, plan->kernel_fd,
				      plan->initrd_fd,
				      strlen(plan->cmdline) + 1, plan->cmdline,
				      flags);
	if (rc < 0)
		return explain_syscall_error(ctx, "kexec_file_load", (int)rc,
					     plan->kernel_path);
	return 0;
}

KX_PUBLIC int kx_plan_load(kx_ctx *ctx, kx_plan *plan)
{
	char first[KX_MSG_MAX];
	int rc, rc2;

	if (!ctx || !plan)
		return -EINVAL;
	kx_clear(ctx);
	if (plan->syscall == KX_SYSCALL_CLASSIC)
		return load_classic(ctx, plan);
	rc = load_file(ctx, plan);
	if (!rc || plan->syscall != KX_SYSCALL_AUTO ||
	    !explain_may_fall_back(rc))
		return rc;
	memcpy(first, ctx->msg, sizeof(first));
	rc2 = load_classic(ctx, plan);
	/* Both failed: the file syscall's reason is usually the one that
	 * explains the situation. */
	if (rc2 == -EOPNOTSUPP)
		return kx_fail(ctx, rc, "%s", first);
	return rc2;
}

static int unload_file(kx_ctx *ctx, unsigned flags)
{
	unsigned long f = KX_FILE_UNLOAD |
			  ((flags & KX_LOAD_CRASH) ? KX_FILE_ON_CRASH : 0);
	long rc = ctx->sys->kexec_file_load(ctx->sys_data, -1, -1, 0, NULL, f);

	return rc < 0 ? (int)rc : 0;
}

/* kexec_load with no segments unloads. */
static int unload_classic(kx_ctx *ctx, unsigned flags)
{
	unsigned long f =
	    ARCH_KEXEC_FLAGS | ((flags & KX_LOAD_CRASH) ? KX_ON_CRASH : 0);
	long rc = ctx->sys->kexec_load(ctx->sys_data, 0, 0, NULL, f);

	return rc < 0 ? (int)rc : 0;
}

KX_PUBLIC int kx_unload(kx_ctx *ctx, enum kx_syscall_mode mode, unsigned flags)
{
	int rc;

	if (!ctx || (unsigned)mode > KX_SYSCALL_CLASSIC)
		return -EINVAL;
	kx_clear(ctx);
	if (mode == KX_SYSCALL_CLASSIC) {
		rc = unload_classic(ctx, flags);
		return rc ? explain_syscall_error(ctx, "kexec_load", rc, NULL)
			  : 0;
	}
	rc = unload_file(ctx, flags);
	if (rc && mode == KX_SYSCALL_AUTO && explain_may_fall_back(rc))
		rc = unload_classic(ctx, flags);
	return rc ? explain_syscall_error(ctx, "unload", rc, NULL) : 0;
}

KX_PUBLIC int kx_exec(kx_ctx *ctx)
{
	long rc;

	if (!ctx)
		return -EINVAL;
	kx_clear(ctx);
	rc = ctx->sys->reboot_kexec(ctx->sys_data);
	if (rc == -EINVAL)
		return kx_fail(ctx, (int)rc,
			       "reboot(LINUX_REBOOT_CMD_KEXEC) failed: no "
			       "kernel is loaded (%s)",
			       strerror(EINVAL));
	return rc < 0 ? explain_syscall_error(ctx, "reboot", (int)rc, NULL)
		      : 0;
}
