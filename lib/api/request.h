/* The object behind kx_request: what the caller asked for, with copies of
 * every string.  Read by api/plan.c and the loaders. */
#ifndef KX_API_REQUEST_H
#define KX_API_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

struct kx_request {
	kx_ctx *ctx;	   /* for messages from the setters */
	char *kernel;	   /* NULL until set */
	char *initrd;	   /* NULL: none */
	char *cmdline;	   /* NULL: none */
	char *type;	   /* NULL: probe */
	enum kx_syscall_mode syscall;
	unsigned flags;	   /* KX_LOAD_* */
	enum kx_verify verify; /* 0: KX_VERIFY_XXH3 */
	uint64_t mem_min;
	uint64_t mem_max;  /* 0: no limit */
	char **modules;	   /* n_modules "FILE ARGS" strings */
	size_t n_modules;
};

#endif
