/* /proc/iomem: the kernel's resource tree, one line per resource,
 * "START-END : NAME" in hexadecimal with END inclusive, indented two spaces
 * per level of nesting. */
#ifndef KX_SYS_IOMEM_H
#define KX_SYS_IOMEM_H

#include "core/ctx.h"
#include "core/ranges.h"

struct iomem_line {
	uint64_t start;
	uint64_t end;	  /* exclusive, clamped at UINT64_MAX (so may
			   * equal start for the last byte alone) */
	unsigned depth;	  /* 0 for top-level resources */
	unsigned lineno;  /* from 1 */
	const char *name; /* not NUL terminated */
	size_t name_len;
};

/* Called for each line; a non-zero return stops the parse and is
 * returned. */
typedef int (*iomem_visit_fn)(kx_ctx *ctx, void *arg,
			      const struct iomem_line *line);

/* Parse TEXT[0, LEN) (NULs included: it is bytes) and call FN for each
 * line, in order.  Empty lines are skipped; any other malformed line (bad
 * hex, no " : ", start after end, odd indentation, a child two levels
 * below its parent) fails naming FILE and the line number. */
int iomem_parse(kx_ctx *ctx, const char *file, const char *text, size_t len,
		iomem_visit_fn fn, void *arg);

/* The memory map: top-level lines of the firmware types only ("System
 * RAM", "Reserved", "ACPI Tables", ...); devices and children are left
 * out.  Replaces MAP's content (left empty on failure) and normalizes.  Fails
 * with -EPERM when every address reads as zero (the kernel hides them from
 * unprivileged readers). */
int iomem_parse_map(kx_ctx *ctx, const char *file, const char *text, size_t len,
		    struct kx_ranges *map);

/* Every "Crash kernel" line at any depth (the crashkernel= reservations,
 * nested under System RAM; there may be a low and a high one), typed
 * KX_RANGE_CRASH_KERNEL, appended to CRASH, sorted and merged. */
int iomem_parse_crash(kx_ctx *ctx, const char *file, const char *text,
		      size_t len, struct kx_ranges *crash);

#endif
