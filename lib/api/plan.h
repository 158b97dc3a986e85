/* The object behind kx_plan: what was read and decided before any system
 * call, kept until the load so the kernel sees exactly the bytes that were
 * checked.  The protocol's work is its loader's (load/loader.h); this is
 * the part every protocol shares. */
#ifndef KX_API_PLAN_H
#define KX_API_PLAN_H

#include "core/desc.h"
#include "core/file.h"
#include "load/loader.h"
#include "sys/system.h"

struct kx_plan {
	struct desc *desc;	      /* what the plan says, as fields */
	const struct loader *loader;
	void *state;		      /* the loader's */
	struct load_input in;	      /* points into the members below */
	char *kernel_path;
	char *initrd_path;
	char *cmdline;
	char **modules;
	size_t n_modules;
	struct kx_buf kernel; /* the image after decompression */
	int kernel_fd;	      /* the original file, or a memfd when it
				 was compressed */
	int initrd_fd;	      /* -1 when none */
	enum kx_syscall_mode syscall;
	struct kx_system *sys;		/* the running machine, read lazily */
	bool built;			/* the kexec_load layout in out */
	struct load_output out;
};

#endif
