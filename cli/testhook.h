/* Hooks for the QEMU tests, built only into kexec-test (-DKX_TEST_HOOKS):
 * the installed command has neither the options nor the code. */
#ifndef KEXEC_CLI_TESTHOOK_H
#define KEXEC_CLI_TESTHOOK_H

#include "libkexec.h"
#include "options.h"

#ifdef KX_TEST_HOOKS
/* --test-corrupt-after-hash: replace CTX's kexec_load with one that
 * damages PLAN's kernel segment after the library took its digests, so
 * the purgatory must catch it and reset the machine. */
int testhook_install(kx_ctx *ctx, const kx_plan *plan,
		     const struct kexec_options *opts);
#else
static inline int testhook_install(kx_ctx *ctx, const kx_plan *plan,
				   const struct kexec_options *opts)
{
	(void)ctx;
	(void)plan;
	(void)opts;
	return 0;
}
#endif

#endif
