#include "plan/memmap.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "plan/iomem.h"
#include "core/text.h"

static const struct {
	const char *name;
	uint32_t type;
} type_names[] = {
    /* The strings of the kernel's e820_type_to_string(). */
    {"System RAM", KX_RANGE_RAM},
    {"Reserved", KX_RANGE_RESERVED},
    {"ACPI Tables", KX_RANGE_ACPI},
    {"ACPI Non-volatile Storage", KX_RANGE_NVS},
    {"Unusable memory", KX_RANGE_UNUSABLE},
    {"Persistent Memory (legacy)", KX_RANGE_PRAM},
    {"Persistent Memory", KX_RANGE_PMEM},
    {"Soft Reserved", KX_RANGE_SOFT_RESERVED},
    /* Its number is lost; reserved keeps it away from placement. */
    {"Unknown E820 type", KX_RANGE_RESERVED},
    /* Older kernels print reserved e820 entries in lower case. */
    {"reserved", KX_RANGE_RESERVED},
};

bool memmap_type_from_name(const char *name, size_t len, uint32_t *type)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (strlen(type_names[i].name) == len &&
		    memcmp(type_names[i].name, name, len) == 0) {
			*type = type_names[i].type;
			return true;
		}
	}
	return false;
}

static int parse_address(kx_ctx *ctx, const char *dir, const char *file,
			 const char *text, uint64_t *out)
{
	size_t len = strlen(text);
	char q[64];
	int rc = text_parse_hex(text, len, true, out);

	if (rc == -ERANGE)
		return kx_fail(ctx, -EINVAL,
			       "%s/%s: address beyond 64 bits: "
			       "\"%s\"",
			       dir, file, text_quote(text, len, q, sizeof(q)));
	if (rc)
		return kx_fail(ctx, -EINVAL,
			       "%s/%s: not a hexadecimal "
			       "address: \"%s\"",
			       dir, file, text_quote(text, len, q, sizeof(q)));
	return 0;
}

int memmap_parse_entry(kx_ctx *ctx, const char *dir, const char *start,
		       const char *end, const char *type, struct kx_range *out)
{
	uint64_t s, e;
	uint32_t t;
	int rc;

	rc = parse_address(ctx, dir, "start", start, &s);
	if (!rc)
		rc = parse_address(ctx, dir, "end", end, &e);
	if (rc)
		return rc;
	if (s > e)
		return kx_fail(ctx, -EINVAL,
			       "%s: start %#llx is after end %#llx", dir,
			       (unsigned long long)s, (unsigned long long)e);
	if (type[0] == '\0')
		return kx_fail(ctx, -EINVAL, "%s/type: empty", dir);
	if (!memmap_type_from_name(type, strlen(type), &t))
		t = KX_RANGE_RESERVED;
	out->start = s;
	out->end = e == UINT64_MAX ? UINT64_MAX : e + 1;
	out->type = t;
	return 0;
}

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
static int list_entries(kx_ctx *ctx, unsigned long **out, size_t *n)
{
	unsigned long *v = NULL, num;
	size_t cap = 0;
	char path[4096];
	struct dirent *de;
	DIR *d;

	*n = 0;
	if (kx_sys_path(ctx, MEMMAP_SYSFS_DIR, path, sizeof(path)))
		return kx_fail(ctx, -ENAMETOOLONG, "%s: path too long",
			       MEMMAP_SYSFS_DIR);
	d = opendir(path);
	if (!d) {
		int err = errno;

		return kx_fail(ctx, -err, "%s: cannot open: %s", path,
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
				return kx_fail(ctx, -ENOMEM, "out of memory");
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

static int read_entry_file(kx_ctx *ctx, const char *dir, const char *file,
			   char *out, size_t len)
{
	char path[256];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	rc = kx_read_sys_text(ctx, path, out, len);
	/* Not -ENOENT: that would read as "no firmware map" and fall back. */
	if (rc == -ENOENT)
		return kx_fail(ctx, -EINVAL, "%s: missing", path);
	return rc;
}

static int read_entry(kx_ctx *ctx, unsigned long num, struct kx_ranges *map)
{
	char dir[64], start[64], end[64], type[128];
	struct kx_range r;
	int rc;

	snprintf(dir, sizeof(dir), "%s/%lu", MEMMAP_SYSFS_DIR, num);
	rc = read_entry_file(ctx, dir, "start", start, sizeof(start));
	if (!rc)
		rc = read_entry_file(ctx, dir, "end", end, sizeof(end));
	if (!rc)
		rc = read_entry_file(ctx, dir, "type", type, sizeof(type));
	if (!rc)
		rc = memmap_parse_entry(ctx, dir, start, end, type, &r);
	if (!rc)
		rc = ranges_add(ctx, map, r.start, r.end, r.type);
	return rc;
}

int memmap_read_sysfs(kx_ctx *ctx, struct kx_ranges *map)
{
	unsigned long *nums = NULL;
	size_t i, n;
	int rc;

	ranges_clear(map);
	rc = list_entries(ctx, &nums, &n);
	if (rc)
		return rc;
	if (n == 0) {
		free(nums);
		return kx_fail(ctx, -ENOENT, "%s: no entries",
			       MEMMAP_SYSFS_DIR);
	}
	for (i = 0; i < n && !rc; i++)
		rc = read_entry(ctx, nums[i], map);
	free(nums);
	if (!rc)
		rc = ranges_normalize(ctx, map);
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

int memmap_read(kx_ctx *ctx, struct kx_ranges *map, enum memmap_source *source)
{
	enum memmap_source src = MEMMAP_FROM_SYSFS;
	const char *name = MEMMAP_SYSFS_DIR;
	int rc = memmap_read_sysfs(ctx, map);

	/* Only absence falls back: a broken firmware map must be reported,
	 * not papered over by the kernel's edited view in iomem. */
	if (rc == -ENOENT) {
		src = MEMMAP_FROM_IOMEM;
		name = MEMMAP_IOMEM_FILE;
		rc = iomem_read_map(ctx, map);
	}
	if (rc)
		return rc;
	if (!has_ram(map)) {
		ranges_clear(map);
		return kx_fail(ctx, -ENODATA,
			       "%s: no System RAM in the "
			       "memory map",
			       name);
	}
	if (source)
		*source = src;
	return 0;
}
