/* The plan object behind kx_plan: what was read and decided before any
 * system call, kept until the load so the kernel sees exactly the bytes
 * that were checked. */
#ifndef KX_API_PLAN_H
#define KX_API_PLAN_H

#include "core/file.h"

struct kx_plan {
	struct kx_plan_info info;
	char *kernel_path;
	char *initrd_path;
	char *cmdline;
	struct kx_buf kernel; /* the image after decompression */
	int kernel_fd;	      /* the original file, or a memfd when it
				 was compressed */
	int initrd_fd;	      /* -1 when none */
	unsigned flags;	      /* KX_LOAD_* */
	uint64_t mem_min, mem_max;
	struct plan_classic *classic; /* the kexec_load layout, once built */
	struct plan_mb *mb; /* Multiboot and ELF kernels (api/multiboot.h) */
	struct kx_mem_range *crash_regions; /* -p: the crashkernel= ranges */
};

/* Lay out everything for kexec_load (memory map, placement, boot_params,
 * segments, purgatory) and describe it in plan->info; no system call. */
int plan_build_classic(kx_ctx *ctx, struct kx_plan *plan);
void plan_classic_free(struct plan_classic *c);

/* kexec_load for PLAN, building the layout first when needed. */
int plan_load_classic(kx_ctx *ctx, struct kx_plan *plan);

#endif
