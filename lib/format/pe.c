#include "format/pe.h"

#include <errno.h>
#include <string.h>

#include "core/bytes.h"

#define DOS_LFANEW   0x3c
#define COFF_SIZE    20
#define SECTION_SIZE 40

/* The sections whose bytes the UKI loader hands on. */
static bool is_uki_section(const char *name)
{
	static const char *const used[] = {".linux", ".initrd", ".cmdline",
					   ".osrel", ".uname",	NULL};

	for (size_t i = 0; used[i]; i++)
		if (!strcmp(name, used[i]))
			return true;
	return false;
}

static int check_overlaps(kx_ctx *ctx, const char *name,
			  const struct pe_info *pe)
{
	for (size_t i = 0; i < pe->n; i++) {
		const struct pe_section *a = &pe->s[i];

		if (!a->size || !is_uki_section(a->name))
			continue;
		for (size_t j = i + 1; j < pe->n; j++) {
			const struct pe_section *b = &pe->s[j];

			if (!b->size || !is_uki_section(b->name))
				continue;
			if (a->offset < b->offset + b->size &&
			    b->offset < a->offset + a->size)
				return kx_fail(ctx, -EINVAL,
					       "%s: PE sections %s and %s "
					       "overlap",
					       name, a->name, b->name);
		}
	}
	return 0;
}

static int read_section(kx_ctx *ctx, const char *name, const uint8_t *p,
			uint64_t file_size, struct pe_section *s)
{
	uint32_t vsize = get_le32(p + 8), rawsize = get_le32(p + 16);
	uint32_t rawptr = get_le32(p + 20);

	/* A name starting with '/' points into the COFF string table; no
	 * section a UKI needs has one. */
	if (p[0] != '/')
		memcpy(s->name, p, 8);
	s->name[8] = '\0';
	s->offset = rawptr;
	/* The raw size is rounded up to the file alignment; the virtual
	 * size is the payload when it is smaller. */
	s->size = vsize && vsize < rawsize ? vsize : rawsize;
	if (!rawsize)
		s->offset = 0;
	if (s->offset > file_size || s->size > file_size - s->offset)
		return kx_fail(ctx, -EINVAL,
			       "%s: PE section %s points past the end of the "
			       "file (%llu + %llu > %llu bytes)",
			       name, s->name[0] ? s->name : "(unnamed)",
			       (unsigned long long)s->offset,
			       (unsigned long long)s->size,
			       (unsigned long long)file_size);
	return 0;
}

int pe_parse(kx_ctx *ctx, const char *name, const void *head, size_t head_len,
	     uint64_t file_size, struct pe_info *out)
{
	const uint8_t *d = head;
	uint64_t pe_off, table;
	uint16_t nsect, optsize;
	int rc;

	memset(out, 0, sizeof(*out));
	if (head_len > file_size)
		head_len = (size_t)file_size;
	if (head_len < DOS_LFANEW + 4 || d[0] != 'M' || d[1] != 'Z')
		return kx_fail(ctx, -ENOEXEC, "%s: not a PE/EFI image", name);
	pe_off = get_le32(d + DOS_LFANEW);
	if (pe_off > head_len || head_len - pe_off < 4 + COFF_SIZE ||
	    memcmp(d + pe_off, "PE\0\0", 4))
		return kx_fail(ctx, -ENOEXEC,
			       "%s: an MZ header without a PE header", name);
	out->machine = get_le16(d + pe_off + 4);
	nsect = get_le16(d + pe_off + 6);
	optsize = get_le16(d + pe_off + 20);
	if (nsect > PE_MAX_SECTIONS)
		return kx_fail(ctx, -EINVAL, "%s: %u PE sections (at most %u)",
			       name, nsect, PE_MAX_SECTIONS);
	table = pe_off + 4 + COFF_SIZE + optsize;
	if (table > head_len ||
	    (uint64_t)nsect * SECTION_SIZE > head_len - table)
		return kx_fail(ctx, -EINVAL,
			       "%s: the PE section table is truncated", name);
	for (uint16_t i = 0; i < nsect; i++) {
		rc = read_section(ctx, name, d + table + i * SECTION_SIZE,
				  file_size, &out->s[i]);
		if (rc)
			return rc;
		out->n++;
	}
	return check_overlaps(ctx, name, out);
}

const struct pe_section *pe_find(const struct pe_info *pe, const char *name)
{
	for (size_t i = 0; i < pe->n; i++)
		if (!strcmp(pe->s[i].name, name))
			return &pe->s[i];
	return NULL;
}
