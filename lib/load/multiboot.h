/* Multiboot 1, Multiboot 2 and plain ELF64 kernels through kexec_load and
 * our purgatory (plan.c dispatches here by image type).  kexec_file_load
 * cannot load them: the kernel's own loader parses only bzImages. */
#ifndef KX_API_MULTIBOOT_H
#define KX_API_MULTIBOOT_H

#include "api/plan.h"

/* Which of these formats DATA is, in the order they are tried: Multiboot
 * 2, Multiboot 1 (a magic with a bad checksum counts, so that the parser
 * can say what is wrong with it), then ELF; KX_IMAGE_UNKNOWN otherwise. */
enum kx_image_type plan_probe_multiboot(const void *data, size_t size);

/* Read the headers of the decompressed image as TYPE (MULTIBOOT1,
 * MULTIBOOT2 or ELF) into plan->mb: where each piece goes and the entry.
 * Malformed headers are refused with a message naming the file. */
int plan_parse_multiboot(kx_ctx *ctx, struct kx_plan *plan,
			 enum kx_image_type type);

/* What of REQ applies to such a kernel: refuses -s, -p, --initrd, and
 * --module or a command line for a plain ELF kernel; takes the modules. */
int plan_request_multiboot(kx_ctx *ctx, struct kx_plan *plan,
			   const struct kx_load_request *req);

/* Lay out everything (memory map, placement, information block, segments,
 * purgatory) and describe it in plan->info; no system call. */
int plan_build_multiboot(kx_ctx *ctx, struct kx_plan *plan);

/* kexec_load of the built layout. */
int plan_load_multiboot(kx_ctx *ctx, struct kx_plan *plan);

void plan_multiboot_free(struct plan_mb *mb);

#endif
