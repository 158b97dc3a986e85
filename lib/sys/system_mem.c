/* The snapshot's memory facts: the firmware memory map
 * (/sys/firmware/memmap, else /proc/iomem), the text of /proc/iomem and
 * the crashkernel= reservations in it. */
#include "sys/system.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "sys/iomem.h"

#define MEMMAP_DIR SYSTEM_MEMMAP_DIR
#define IOMEM_FILE SYSTEM_IOMEM_FILE

/* ---- /proc/iomem ------------------------------------------------------ */

static int read_iomem(struct kx_system *sys)
{
	char path[4096];
	struct kx_buf buf;
	int rc = system_path(sys, IOMEM_FILE, path, sizeof(path));

	if (!rc)
		rc = kx_read_file(sys->ctx, path, &buf);
	if (rc)
		return rc;
	sys->iomem_file = strdup(path);
	if (!sys->iomem_file) {
		kx_buf_free(&buf);
		return kx_fail(sys->ctx, -ENOMEM, "out of memory");
	}
	sys->iomem = (char *)buf.data;
	sys->iomem_len = buf.size;
	return 0;
}

int system_iomem(struct kx_system *sys, const char **text, size_t *len,
		 const char **file)
{
	int rc;

	/* Absence is not remembered: callers need the file, so its
	 * absence is an error with a message each time. */
	if (!system_recall(sys, SYSTEM_IOMEM, &rc)) {
		rc = read_iomem(sys);
		if (!rc)
			system_remember(sys, SYSTEM_IOMEM, 0);
	}
	*text = rc ? NULL : sys->iomem;
	*len = rc ? 0 : sys->iomem_len;
	if (file)
		*file = rc ? NULL : sys->iomem_file;
	return rc;
}

int system_crash_regions(struct kx_system *sys, const struct kx_ranges **crash)
{
	const char *text, *file;
	size_t len;
	int rc;

	*crash = NULL;
	if (!system_recall(sys, SYSTEM_CRASH_REGIONS, &rc)) {
		rc = system_iomem(sys, &text, &len, &file);
		if (!rc)
			rc = iomem_parse_crash(sys->ctx, file, text, len,
					       &sys->crash_regions);
		if (!rc)
			system_remember(sys, SYSTEM_CRASH_REGIONS, 0);
	}
	if (!rc)
		*crash = &sys->crash_regions;
	return rc;
}

/* ---- /sys/firmware/memmap --------------------------------------------- */

/* Entry directories are named by decimal numbers; anything else ("." and
 * "..") is not an entry. */
static bool entry_number(const char *name, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (name[0] == '\0' || strlen(name) > 9)
		return false;
	for (i = 0; name[i]; i++) {
		if (name[i] < '0' || name[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(name[i] - '0');
	}
	*out = v;
	return true;
}

static int cmp_ulong(const void *pa, const void *pb)
{
	unsigned long a = *(const unsigned long *)pa;
	unsigned long b = *(const unsigned long *)pb;

	return (a > b) - (a < b);
}

/* The entry numbers, sorted: readdir order is arbitrary, and memory hot
 * removal leaves gaps, so counting up from 0 would miss entries. */
static int list_entries(struct kx_system *sys, unsigned long **out, size_t *n)
{
	unsigned long *v = NULL, num;
	size_t cap = 0;
	char path[4096];
	struct dirent *de;
	DIR *d;

	*n = 0;
	if (system_path(sys, MEMMAP_DIR, path, sizeof(path)))
		return -ENAMETOOLONG;
	d = opendir(path);
	if (!d) {
		int err = errno;

		return kx_fail(sys->ctx, -err, "%s: cannot open: %s", path,
			       strerror(err));
	}
	while ((de = readdir(d)) != NULL) {
		if (!entry_number(de->d_name, &num))
			continue;
		if (*n == cap) {
			unsigned long *nv;

			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				closedir(d);
				free(v);
				return kx_fail(sys->ctx, -ENOMEM,
					       "out of memory");
			}
			v = nv;
		}
		v[(*n)++] = num;
	}
	closedir(d);
	if (*n > 1)
		qsort(v, *n, sizeof(*v), cmp_ulong);
	*out = v;
	return 0;
}

static int read_entry_file(struct kx_system *sys, const char *dir,
			   const char *file, char *out, size_t len)
{
	char path[256];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	rc = system_read_text(sys, path, out, len);
	/* Not -ENOENT: that would read as "no firmware map" and fall back. */
	if (rc == -ENOENT)
		return kx_fail(sys->ctx, -EINVAL, "%s: missing", path);
	return rc;
}

static int read_entry(struct kx_system *sys, unsigned long num,
		      struct kx_ranges *map)
{
	char dir[64], start[64], end[64], type[128];
	struct kx_range r;
	int rc;

	snprintf(dir, sizeof(dir), "%s/%lu", MEMMAP_DIR, num);
	rc = read_entry_file(sys, dir, "start", start, sizeof(start));
	if (!rc)
		rc = read_entry_file(sys, dir, "end", end, sizeof(end));
	if (!rc)
		rc = read_entry_file(sys, dir, "type", type, sizeof(type));
	if (!rc)
		rc = memmap_parse_entry(sys->ctx, dir, start, end, type, &r);
	if (!rc)
		rc = ranges_add(sys->ctx, map, r.start, r.end, r.type);
	return rc;
}

static int read_sysfs(struct kx_system *sys, struct kx_ranges *map)
{
	unsigned long *nums = NULL;
	size_t i, n;
	int rc;

	ranges_clear(map);
	rc = list_entries(sys, &nums, &n);
	if (rc)
		return rc;
	if (n == 0) {
		free(nums);
		return kx_fail(sys->ctx, -ENOENT, "%s: no entries", MEMMAP_DIR);
	}
	for (i = 0; i < n && !rc; i++)
		rc = read_entry(sys, nums[i], map);
	free(nums);
	if (!rc)
		rc = ranges_normalize(sys->ctx, map);
	if (rc)
		ranges_clear(map);
	return rc;
}

static bool has_ram(const struct kx_ranges *map)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (map->v[i].type == KX_RANGE_RAM)
			return true;
	return false;
}

/* Only absence falls back: a broken firmware map must be reported, not
 * papered over by the kernel's edited view in iomem. */
static int read_memmap(struct kx_system *sys)
{
	const char *name = MEMMAP_DIR, *text, *file;
	size_t len;
	int rc = read_sysfs(sys, &sys->memmap);

	sys->memmap_source = MEMMAP_FROM_SYSFS;
	if (rc == -ENOENT) {
		sys->memmap_source = MEMMAP_FROM_IOMEM;
		name = IOMEM_FILE;
		rc = system_iomem(sys, &text, &len, &file);
		if (!rc)
			rc = iomem_parse_map(sys->ctx, file, text, len,
					     &sys->memmap);
	}
	if (rc)
		return rc;
	if (!has_ram(&sys->memmap)) {
		ranges_clear(&sys->memmap);
		return kx_fail(sys->ctx, -ENODATA,
			       "%s: no System RAM in the memory map", name);
	}
	return 0;
}

int system_memmap(struct kx_system *sys, const struct kx_ranges **map,
		  enum memmap_source *source)
{
	int rc = 0;

	*map = NULL;
	if (!system_recall(sys, SYSTEM_MEMMAP, &rc)) {
		rc = read_memmap(sys);
		if (!rc)
			system_remember(sys, SYSTEM_MEMMAP, 0);
	}
	if (rc)
		return rc;
	*map = &sys->memmap;
	if (source)
		*source = sys->memmap_source;
	return 0;
}
