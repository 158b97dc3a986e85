/* Turning a failed kexec system call into advice a user can act on. */
#ifndef KX_SYS_EXPLAIN_H
#define KX_SYS_EXPLAIN_H

#include "core/ctx.h"

/* Record why SYSCALL ("kexec_file_load", ...) failed with ERR (negative)
 * while loading KERNEL (may be NULL for unload and exec). */
int explain_syscall_error(kx_ctx *ctx, const char *syscall, int err,
			  const char *kernel);

/* Whether kexec_file_load's ERR lets -a retry with kexec_load: only when
 * the kernel lacks the call or cannot parse the image, never around a
 * signature or permission refusal. */
bool explain_may_fall_back(int err);

#endif
