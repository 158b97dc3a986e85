/* What the kexec_load paths share (classic.c for Linux, multiboot.c for
 * Multiboot and ELF kernels): whole-page placement, files mapped rather
 * than read, the segment table with the purgatory last, the digests the
 * purgatory checks, and the kexec_load call itself. */
#ifndef KX_API_LAYOUT_H
#define KX_API_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "api/plan.h"
#include "sys/memmap.h"
#include "plan/planner.h"
#include "segment/purgatory.h"
#include "segment/segments.h"

#define LAYOUT_PAGE 4096ull

uint64_t layout_page_round(uint64_t n);

/* Place SIZE bytes on whole pages (ALIGN is raised to a page) between MIN
 * and MAX (inclusive, the last byte) searching in direction DIR. */
int layout_place_pages(kx_ctx *ctx, struct planner *pl, const char *name,
		       uint64_t size, uint64_t align, uint64_t min,
		       uint64_t max, enum planner_dir dir, uint64_t *addr);

/* Map the regular file FD (named NAME, a WHAT: "initrd", "module") read
 * only: the kernel copies it from the page cache, so a large file costs
 * no heap.  An empty file is refused.  Release with munmap(). */
int layout_map_fd(kx_ctx *ctx, const char *name, int fd, const char *what,
		  void **data, size_t *size);

/* Parameters with what every plan shares: failures reported on COM1,
 * and -i (no checks) and -d (say "purgatory: ok") from PLAN's flags. */
void layout_purgatory_init(const struct kx_plan *plan,
			   struct kx_purgatory_params *pp);

/* One purgatory region per segment, hashed from the very buffers handed
 * to kexec_load; none with KX_PURG_NO_CHECKS. */
int layout_hash_segments(kx_ctx *ctx, const struct seg_list *segs,
			 struct kx_purgatory_params *pp);

/* ALL and DESC (SEGMENTS_MAX entries each) receive the segments of SEGS
 * then the purgatory's, whole pages; *NR their number. */
int layout_collect(kx_ctx *ctx, const struct seg_list *segs,
		   const struct kx_purgatory_image *purg,
		   struct kx_segment *all, struct kx_plan_segment *desc,
		   size_t *nr);

/* kexec_load of NR segments entering at ENTRY (the purgatory), into the
 * crash slot for a crash plan; errors explained and naming the kernel. */
int layout_kexec_load(kx_ctx *ctx, struct kx_plan *plan, uint64_t entry,
		      size_t nr, const struct kx_segment *all);

/* "/sys/firmware/memmap" or "/proc/iomem", for the plan description. */
const char *layout_memmap_source(enum memmap_source source);

#endif
