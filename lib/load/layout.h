/* What the kexec_load loaders share: whole-page placement, files mapped
 * rather than read, the purgatory's common parameters and digests, the
 * segment table with the purgatory last, and its description. */
#ifndef KX_LOAD_LAYOUT_H
#define KX_LOAD_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "load/loader.h"
#include "plan/planner.h"

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
 * and -i (no checks) and -d (say "purgatory: ok") from the request. */
/* Whether the purgatory verifies (neither -i nor --verify=none). */
bool layout_checks(const struct load_input *in);
void layout_purgatory_init(const struct load_input *in,
			   struct kx_purgatory_params *pp);

/* One purgatory region per segment, hashed from the very buffers handed
 * to kexec_load; none with KX_PURG_NO_CHECKS. */
int layout_hash_segments(kx_ctx *ctx, const struct seg_list *segs,
			 struct kx_purgatory_params *pp);

/* OUT receives the segments of SEGS then the purgatory's, whole pages,
 * and the purgatory's entry. */
int layout_collect(kx_ctx *ctx, const struct seg_list *segs,
		   const struct kx_purgatory_image *purg,
		   struct load_output *out);

/* The segment table, the entry, the purgatory's address and whether it
 * checks, as fields of D. */
int layout_describe(kx_ctx *ctx, const struct load_input *in,
		    const struct load_output *out, uint64_t purgatory_addr,
		    struct desc *d);

/* Prefix the last message with NAME (the kernel): the planner and the
 * segment builder name only the piece.  Keeps -ENOMEM, else -ENOEXEC. */
int layout_fail_named(kx_ctx *ctx, const char *name, int rc);

#endif
