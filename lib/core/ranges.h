/* Lists of physical address ranges, typed with the e820 numbering.
 *
 * Ranges are half open, [start, end).  The last byte of the 64-bit space
 * (0xffffffffffffffff) cannot be named by an exclusive end; parsers clamp a
 * range reaching it to end at UINT64_MAX, which loses nothing real (x86
 * physical addresses stop at 52 bits). */
#ifndef KX_CORE_RANGES_H
#define KX_CORE_RANGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

/* e820 types as the kernel numbers them (arch/x86/include/asm/e820/types.h),
 * so a list can become a boot_params e820 table unchanged. */
enum kx_range_type {
	KX_RANGE_NONE = 0, /* "not covered": what ranges_type_at returns */
	KX_RANGE_RAM = 1,
	KX_RANGE_RESERVED = 2,
	KX_RANGE_ACPI = 3,
	KX_RANGE_NVS = 4,
	KX_RANGE_UNUSABLE = 5,
	KX_RANGE_PMEM = 7,
	KX_RANGE_PRAM = 12,
	KX_RANGE_SOFT_RESERVED = 0xefffffffu,
	/* Internal kinds, never passed to a kernel. */
	KX_RANGE_CRASH_KERNEL = 0xf0000001u, /* "Crash kernel" in iomem */
};

struct kx_range {
	uint64_t start;
	uint64_t end; /* exclusive */
	uint32_t type;
};

struct kx_ranges {
	struct kx_range *v;
	size_t n;
	size_t cap;
};

/* Name of a type for messages ("System RAM", "Reserved", ...). */
const char *ranges_type_name(uint32_t type);

void ranges_init(struct kx_ranges *r);
void ranges_free(struct kx_ranges *r);
/* Drop every range, keeping the storage. */
void ranges_clear(struct kx_ranges *r);
int ranges_copy(kx_ctx *ctx, struct kx_ranges *dst,
		const struct kx_ranges *src);

/* Append [start, end).  An empty range is ignored; start > end is an
 * error (-EINVAL). */
int ranges_add(kx_ctx *ctx, struct kx_ranges *r, uint64_t start, uint64_t end,
	       uint32_t type);

/* Order by start, then end, then type: a total order, so the result never
 * depends on the input order. */
void ranges_sort(struct kx_ranges *r);

/* Join ranges of the same type that overlap or touch; leave ranges of
 * different types alone (they may still overlap).  Sorts the list. */
void ranges_merge(struct kx_ranges *r);

/* Make the list sorted and disjoint: where ranges of different types
 * overlap, the higher type number wins, as in the kernel's e820 sanitizer
 * (so RAM never wins over anything).  Then merges. */
int ranges_normalize(kx_ctx *ctx, struct kx_ranges *r);

/* Remove [start, end) from every range, splitting those that contain it.
 * Keeps a sorted disjoint list sorted and disjoint. */
int ranges_subtract(kx_ctx *ctx, struct kx_ranges *r, uint64_t start,
		    uint64_t end);

/* Keep only the parts of the ranges inside [start, end). */
void ranges_intersect(struct kx_ranges *r, uint64_t start, uint64_t end);

/* Keep only the ranges of TYPE. */
void ranges_filter(struct kx_ranges *r, uint32_t type);

/* The type at ADDR (the highest, if ranges overlap), KX_RANGE_NONE when no
 * range covers it. */
uint32_t ranges_type_at(const struct kx_ranges *r, uint64_t addr);

/* True when one range of TYPE contains all of [start, end) (the list must
 * be merged for a run of adjacent ranges to count as one). */
bool ranges_contains(const struct kx_ranges *r, uint64_t start, uint64_t end,
		     uint32_t type);

#endif
