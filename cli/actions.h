/* The kexec command without its process: everything main() does, with
 * the output streams and the steps that touch the running system passed
 * in, so tests can drive it with a fake kernel and no shutdown. */
#ifndef KEXEC_CLI_ACTIONS_H
#define KEXEC_CLI_ACTIONS_H

#include <stdio.h>

#include "libkexec.h"

enum {
	KEXEC_EXIT_OK = 0,
	KEXEC_EXIT_USAGE = 1,	  /* also: a precondition is not met */
	KEXEC_EXIT_FAILURE = 255, /* refused image, failed system call */
};

struct kexec_env {
	FILE *out;
	FILE *err;
	void (*sync)(void *data);
	/* Returns the number of interfaces taken down or -errno. */
	int (*ifdown)(void *data);
	/* Starts `shutdown -r now`; returns -errno when it cannot. */
	int (*shutdown)(void *data);
	void *data;
};

/* Run the kexec command line ARGV against CTX; returns the exit code. */
int kexec_main(int argc, char **argv, kx_ctx *ctx, const struct kexec_env *env);

#endif
