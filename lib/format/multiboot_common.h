/* What the Multiboot 1 and 2 parsers share: finding a header with a valid
 * checksum in the search window, bounding it, and computing the piece the
 * a.out kludge describes.  PROTO names the protocol in messages. */
#ifndef KX_FORMAT_MULTIBOOT_COMMON_H
#define KX_FORMAT_MULTIBOOT_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "format/multiboot.h"

/* How one protocol's header is searched for. */
struct mb_scan {
	uint32_t magic;
	size_t window; /* bytes searched from the start of the file */
	size_t align;
	size_t fixed; /* bytes the checksum covers, checksum included */
};

/* The first magic with a valid checksum: true and *OFF.  Otherwise
 * *BAD_OFF is the first magic seen with a bad checksum (SIZE_MAX when
 * none). */
bool mb_scan_header(const struct mb_scan *s, const uint8_t *d, size_t size,
		    size_t *off, size_t *bad_off);

/* mb_scan_header, failing with -ENOEXEC and a message when none is found. */
int mb_locate(kx_ctx *ctx, const char *name, const char *proto,
	      const struct mb_scan *s, const uint8_t *d, size_t size,
	      size_t *off);

/* The header's LEN bytes at OFF lie within the search window and the
 * file. */
int mb_check_extent(kx_ctx *ctx, const char *name, const char *proto,
		    const struct mb_scan *s, size_t off, uint64_t len,
		    size_t size);

/* Fill A->piece from the kludge's addresses (MB2's conventions when MB2)
 * for a header at HDR_OFF in a file of SIZE bytes, and check that ENTRY
 * lies inside it; refused when they do not fit the file or 4 GiB. */
int mb_aout_place(kx_ctx *ctx, const char *name, const char *proto,
		  struct mb_aout *a, bool mb2, size_t hdr_off, size_t size,
		  uint32_t entry);

#endif
