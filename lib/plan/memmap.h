/* The machine's memory map: /sys/firmware/memmap (the firmware's e820 as
 * the running kernel received it), with /proc/iomem as the fallback for
 * kernels built without CONFIG_FIRMWARE_MEMMAP.
 *
 * Maps come back normalized (ranges_normalize): sorted, disjoint, merged,
 * and where entries of different types overlap the higher e820 type wins,
 * as in the kernel's own sanitizer, so RAM never wins.  The kernel already
 * sanitizes what it shows in /sys/firmware/memmap, so this changes nothing
 * on a real machine; it makes hand-made or broken maps safe. */
#ifndef KX_PLAN_MEMMAP_H
#define KX_PLAN_MEMMAP_H

#include "core/ranges.h"

#define MEMMAP_SYSFS_DIR  "/sys/firmware/memmap"
#define MEMMAP_IOMEM_FILE "/proc/iomem"

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

/* Read every /sys/firmware/memmap/N below the context root, in the order
 * of N, into MAP (replacing its content; left empty on failure) and
 * normalize.  -ENOENT only when the directory is missing or empty; a
 * missing file inside an entry is -EINVAL. */
int memmap_read_sysfs(kx_ctx *ctx, struct kx_ranges *map);

/* The memory map from /sys/firmware/memmap, else (only when that is
 * absent) from /proc/iomem, replacing MAP's content.  Fails when the map
 * holds no System RAM.  SOURCE (may be NULL) says which was used. */
int memmap_read(kx_ctx *ctx, struct kx_ranges *map, enum memmap_source *source);

#endif
