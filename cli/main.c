/* The kexec command: the real kernel, the real system, stdout and
 * stderr.  Everything else is in actions.c. */
#include <stdio.h>

#include "actions.h"
#include "shutdown.h"

static void real_sync(void *data)
{
	(void)data;
	kexec_sync_disks();
}

static int real_ifdown(void *data)
{
	(void)data;
	return kexec_ifdown();
}

static int real_shutdown(void *data)
{
	(void)data;
	return kexec_run_shutdown();
}

int main(int argc, char **argv)
{
	const struct kexec_env env = {
	    .out = stdout,
	    .err = stderr,
	    .sync = real_sync,
	    .ifdown = real_ifdown,
	    .shutdown = real_shutdown,
	};
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	if (!ctx) {
		fputs("kexec: out of memory\n", stderr);
		return KEXEC_EXIT_FAILURE;
	}
	rc = kexec_main(argc, argv, ctx, &env);
	kx_ctx_free(ctx);
	return rc;
}
