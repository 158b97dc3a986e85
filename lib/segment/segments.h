/* From pieces at byte addresses to the page-granular segments kexec_load
 * takes: each segment starts and ends on a page boundary, pieces that share
 * a page are merged into one segment, and the bytes between them are zero.
 * Page-aligned pieces keep their buffers (no copy of a kernel or initrd);
 * only merged or unaligned pieces are copied. */
#ifndef KX_SEGMENT_SEGMENTS_H
#define KX_SEGMENT_SEGMENTS_H

#include <stdint.h>

#include "core/ctx.h"

#define SEGMENTS_PAGE 4096u
#define SEGMENTS_MAX 16u /* KEXEC_SEGMENT_MAX */

struct seg_piece {
	const char *name;
	const void *buf;
	uint64_t bufsz;
	uint64_t mem;
	uint64_t memsz; /* >= bufsz */
	/* The next kernel overwrites [bufsz, memsz) before reading it, so
	 * the purgatory need not check that it is zero. */
	bool tail_unused;
};

struct seg_list {
	struct kx_segment seg[SEGMENTS_MAX];
	char name[SEGMENTS_MAX][64]; /* the pieces each holds, "+"-joined */
	bool tail_unused[SEGMENTS_MAX];
	void *owned[SEGMENTS_MAX];   /* buffers built here, freed with it */
	size_t n;
};

/* Build LIST from N pieces (any order).  Refuses overlapping pieces, sizes
 * that overflow, and more than SEGMENTS_MAX segments. */
int segments_build(kx_ctx *ctx, const struct seg_piece *pieces, size_t n,
		   struct seg_list *list);
void segments_free(struct seg_list *list);

#endif
