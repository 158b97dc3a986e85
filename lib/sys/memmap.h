/* The machine's memory map, parsed: /sys/firmware/memmap (the firmware's
 * e820 as the running kernel received it), with /proc/iomem as the
 * fallback for kernels built without CONFIG_FIRMWARE_MEMMAP.  The snapshot
 * (sys/system.h) reads the files; these are the pure pieces.
 *
 * Maps come back normalized (ranges_normalize): sorted, disjoint, merged,
 * and where entries of different types overlap the higher e820 type wins,
 * as in the kernel's own sanitizer, so RAM never wins.  The kernel already
 * sanitizes what it shows in /sys/firmware/memmap, so this changes nothing
 * on a real machine; it makes hand-made or broken maps safe. */
#ifndef KX_SYS_MEMMAP_H
#define KX_SYS_MEMMAP_H

#include "core/ranges.h"

enum memmap_source {
	MEMMAP_FROM_SYSFS,
	MEMMAP_FROM_IOMEM,
};

/* The e820 type of a type string the kernel prints for firmware memory
 * ("System RAM", "Reserved" or "reserved", "ACPI Tables", ..., and
 * "Unknown E820 type" as KX_RANGE_RESERVED).  False for any other string
 * (device resources in iomem, types of kernels newer than this code). */
bool memmap_type_from_name(const char *name, size_t len, uint32_t *type);

/* One /sys/firmware/memmap/N entry from the text of its start, end
 * (inclusive, "0x..." as the kernel prints it) and type files, each NUL
 * terminated with the trailing newline removed.  DIR names the entry in
 * messages.  A type string memmap_type_from_name does not know becomes
 * KX_RANGE_RESERVED: passed on to the next kernel, never used.  An entry ending
 * at 0xffffffffffffffff is clamped to end (exclusive) at UINT64_MAX, so one
 * holding only that byte comes back empty (start == end; ranges_add drops
 * it). */
int memmap_parse_entry(kx_ctx *ctx, const char *dir, const char *start,
		       const char *end, const char *type, struct kx_range *out);


#endif
