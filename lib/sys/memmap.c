#include "sys/memmap.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

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
