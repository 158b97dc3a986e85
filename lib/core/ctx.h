/* The library context: the last error, the system calls and the root for
 * /proc and /sys.  Internal; the public face is in libkexec.h. */
#ifndef KX_CORE_CTX_H
#define KX_CORE_CTX_H

#include "libkexec.h"

#define KX_MSG_MAX 512

/* Marks the definitions of public functions: the library is built with
 * -fvisibility=hidden, so only these are exported. */
#ifndef KX_PUBLIC
#define KX_PUBLIC __attribute__((visibility("default")))
#endif

/* The kernel interface the library calls; each member replaceable alone
 * through kx_ctx_set_*, never NULL. */
struct kx_sys_ops {
	kx_kexec_file_load_fn kexec_file_load;
	kx_kexec_load_fn kexec_load;
	kx_reboot_kexec_fn reboot_kexec;
};

struct kx_ctx {
	int err;
	char msg[KX_MSG_MAX];
	struct kx_sys_ops sys_ops;
	/* Always &sys_ops: callers write ctx->sys->kexec_load(ctx->sys_data,
	 * ...), whatever was replaced. */
	const struct kx_sys_ops *sys;
	void *sys_data;
	char *root; /* NULL means "/" */
};

/* Record a failure: CODE is a negative errno value, returned unchanged so
 * callers can write `return kx_fail(ctx, -EINVAL, "...")`. */
int kx_fail(kx_ctx *ctx, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kx_clear(kx_ctx *ctx);

/* The real kernel interface (sys/syscall.c), one call at a time. */
long kx_sys_kexec_file_load(void *data, int kernel_fd, int initrd_fd,
			    unsigned long cmdline_len, const char *cmdline,
			    unsigned long flags);
long kx_sys_kexec_load(void *data, unsigned long entry,
		       unsigned long nr_segments,
		       const struct kx_segment *segments, unsigned long flags);
long kx_sys_reboot_kexec(void *data);

#endif
