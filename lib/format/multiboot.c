#include "format/multiboot.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "core/bytes.h"

/* The file is untrusted: a header is read only after its whole extent has
 * been checked against the file and the search window, and a tag only
 * after its extent has been checked against header_length. */

#define FOUR_GIB	0x100000000ull
#define MB1_BASE_LEN	12u /* magic, flags, checksum */
#define MB1_AOUT_LEN	32u /* ... header_addr .. entry_addr */
#define MB1_VIDEO_LEN	48u /* ... mode_type .. depth */
#define MB2_FIXED_LEN	16u /* magic, architecture, length, checksum */
#define MB2_TAG_HDR_LEN 8u
#define MB2_END_TAG_LEN 8u

const char *mb2_info_type_name(uint32_t type)
{
	static const char *const names[] = {
	    "end",
	    "command line",
	    "boot loader name",
	    "module",
	    "basic memory information",
	    "BIOS boot device",
	    "memory map",
	    "VBE information",
	    "framebuffer",
	    "ELF sections",
	    "APM table",
	    "EFI 32-bit system table",
	    "EFI 64-bit system table",
	    "SMBIOS tables",
	    "ACPI old RSDP",
	    "ACPI new RSDP",
	    "network information",
	    "EFI memory map",
	    "EFI boot services not terminated",
	    "EFI 32-bit image handle",
	    "EFI 64-bit image handle",
	    "image load base address",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type]
						       : "unknown";
}

const char *mb2_header_tag_name(uint32_t type)
{
	static const char *const names[] = {
	    "end",
	    "information request",
	    "address",
	    "entry address",
	    "console flags",
	    "framebuffer",
	    "module alignment",
	    "EFI boot services",
	    "EFI i386 entry address",
	    "EFI amd64 entry address",
	    "relocatable",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type]
						       : "unknown";
}

/* ---- search ----------------------------------------------------------- */

struct scan {
	uint32_t magic;
	size_t window; /* bytes searched from the start of the file */
	size_t align;
	size_t fixed; /* bytes the checksum covers, checksum included */
};

static const struct scan mb1_scan = {MB1_HEADER_MAGIC, MB1_SEARCH,
				     MB1_HEADER_ALIGN, MB1_BASE_LEN};
static const struct scan mb2_scan = {MB2_HEADER_MAGIC, MB2_SEARCH,
				     MB2_HEADER_ALIGN, MB2_FIXED_LEN};

/* The words covered by the checksum sum to 0 modulo 2^32. */
static bool checksum_ok(const uint8_t *p, size_t fixed)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < fixed; i += 4)
		sum += get_le32(p + i);
	return sum == 0;
}

/* The first magic with a valid checksum: true and *OFF.  Otherwise
 * *BAD_OFF is the first magic seen with a bad checksum (SIZE_MAX when
 * none). */
static bool scan_header(const struct scan *s, const uint8_t *d, size_t size,
			size_t *off, size_t *bad_off)
{
	size_t limit = size < s->window ? size : s->window;
	size_t o;

	*bad_off = SIZE_MAX;
	for (o = 0; limit >= s->fixed && o <= limit - s->fixed; o += s->align) {
		if (get_le32(d + o) != s->magic)
			continue;
		if (checksum_ok(d + o, s->fixed)) {
			*off = o;
			return true;
		}
		if (*bad_off == SIZE_MAX)
			*bad_off = o;
	}
	return false;
}

bool multiboot1_probe(const void *data, size_t size)
{
	size_t off, bad;

	return scan_header(&mb1_scan, data, size, &off, &bad);
}

bool multiboot2_probe(const void *data, size_t size)
{
	size_t off, bad;

	return scan_header(&mb2_scan, data, size, &off, &bad);
}

static int locate(kx_ctx *ctx, const char *name, const char *proto,
		  const struct scan *s, const uint8_t *d, size_t size,
		  size_t *off)
{
	size_t bad;

	if (scan_header(s, d, size, off, &bad))
		return 0;
	if (bad != SIZE_MAX)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: %s header at offset 0x%zx has a bad "
			       "checksum",
			       name, proto, bad);
	return kx_fail(ctx, -ENOEXEC, "%s: no %s header in the first %zu bytes",
		       name, proto, s->window);
}

/* The header's LEN bytes at OFF lie within the search window and the
 * file. */
static int check_extent(kx_ctx *ctx, const char *name, const char *proto,
			const struct scan *s, size_t off, uint64_t len,
			size_t size)
{
	if (off + len > s->window)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s header at offset 0x%zx is %" PRIu64
			       " bytes and crosses the end of the first %zu "
			       "bytes",
			       name, proto, off, len, s->window);
	if (off + len > size)
		return kx_fail(ctx, -EINVAL,
			       "%s: truncated: %s header at offset 0x%zx is "
			       "%" PRIu64 " bytes, the file has %zu",
			       name, proto, off, len, size);
	return 0;
}

/* ---- the a.out kludge ------------------------------------------------- */

/* The load address of the kludge: MB2's -1 means the file is loaded from
 * its first byte. */
static int aout_load_addr(kx_ctx *ctx, const char *name, const char *proto,
			  const struct mb_aout *a, bool mb2, size_t hdr_off,
			  uint64_t *load)
{
	if (!(mb2 && a->load_addr == UINT32_MAX)) {
		*load = a->load_addr;
		return 0;
	}
	if (a->header_addr < hdr_off)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s header_addr 0x%" PRIx32
			       " is below its offset 0x%zx in the file, so "
			       "the file cannot be loaded from its start",
			       name, proto, a->header_addr, hdr_off);
	*load = a->header_addr - hdr_off;
	return 0;
}

/* Where the file bytes to load start: the header's offset minus the
 * distance from load_addr to header_addr. */
static int aout_offset(kx_ctx *ctx, const char *name, const char *proto,
		       const struct mb_aout *a, uint64_t load, size_t hdr_off,
		       uint64_t *offset)
{
	uint64_t back;

	if (load > a->header_addr)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s load_addr 0x%" PRIx64
			       " is above header_addr 0x%" PRIx32,
			       name, proto, load, a->header_addr);
	back = a->header_addr - load;
	if (back > hdr_off)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s load_addr 0x%" PRIx64 " is 0x%" PRIx64
			       " bytes below header_addr but "
			       "the header is only 0x%zx bytes into the file",
			       name, proto, load, back, hdr_off);
	*offset = hdr_off - back;
	return 0;
}

static int aout_sizes(kx_ctx *ctx, const char *name, const char *proto,
		      const struct mb_aout *a, uint64_t load, uint64_t offset,
		      size_t size, struct elf_piece *p)
{
	if (a->load_end_addr == 0) {
		p->filesz = size - offset;
	} else if (a->load_end_addr <= load) {
		return kx_fail(ctx, -EINVAL,
			       "%s: %s load_end_addr 0x%" PRIx32
			       " is not above load_addr 0x%" PRIx64,
			       name, proto, a->load_end_addr, load);
	} else {
		p->filesz = a->load_end_addr - load;
		if (p->filesz > size - offset)
			return kx_fail(ctx, -EINVAL,
				       "%s: truncated: %s load_end_addr asks "
				       "for 0x%" PRIx64 " bytes from offset "
				       "0x%" PRIx64 ", the file has %zu",
				       name, proto, p->filesz, offset, size);
	}
	if (p->filesz > FOUR_GIB - load)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s image of 0x%" PRIx64
			       " bytes at 0x%" PRIx64 " ends above 4 GiB",
			       name, proto, p->filesz, load);
	if (a->bss_end_addr == 0) {
		p->memsz = p->filesz;
	} else if (a->bss_end_addr < load + p->filesz) {
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: %s bss_end_addr 0x%" PRIx32
		    " is below the end of the loaded data 0x%" PRIx64,
		    name, proto, a->bss_end_addr, load + p->filesz);
	} else {
		p->memsz = a->bss_end_addr - load;
	}
	return 0;
}

static int aout_compute(kx_ctx *ctx, const char *name, const char *proto,
			struct mb_aout *a, bool mb2, size_t hdr_off,
			size_t size)
{
	uint64_t load = 0, offset = 0;
	int rc;

	rc = aout_load_addr(ctx, name, proto, a, mb2, hdr_off, &load);
	if (rc == 0)
		rc = aout_offset(ctx, name, proto, a, load, hdr_off, &offset);
	if (rc == 0)
		rc = aout_sizes(ctx, name, proto, a, load, offset, size,
				&a->piece);
	if (rc)
		return rc;
	a->piece.offset = offset;
	a->piece.addr = load;
	a->piece.index = 0;
	return 0;
}

static int check_entry_in_piece(kx_ctx *ctx, const char *name,
				const char *proto, const struct elf_piece *p,
				uint32_t entry)
{
	if (entry < p->addr || entry - p->addr >= p->memsz)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s entry_addr 0x%" PRIx32
			       " is outside the loaded image [0x%" PRIx64
			       "-0x%" PRIx64 ")",
			       name, proto, entry, p->addr, p->addr + p->memsz);
	return 0;
}

/* ---- Multiboot 1 ------------------------------------------------------ */

static uint32_t mb1_length(uint32_t flags)
{
	if (flags & MB1_FLAG_VIDEO)
		return MB1_VIDEO_LEN;
	if (flags & MB1_FLAG_AOUT_KLUDGE)
		return MB1_AOUT_LEN;
	return MB1_BASE_LEN;
}

static int lowest_bit(uint32_t v)
{
	int b = 0;

	while (!(v & 1)) {
		v >>= 1;
		b++;
	}
	return b;
}

static int mb1_check_flags(kx_ctx *ctx, const char *name, uint32_t flags)
{
	uint32_t unknown = flags & MB1_FLAGS_MANDATORY & ~MB1_FLAGS_KNOWN;

	if (unknown)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: Multiboot header requires unknown mandatory "
		    "feature bit %d (flags 0x%08" PRIx32 ")",
		    name, lowest_bit(unknown), flags);
	return 0;
}

static void mb1_read_fields(const uint8_t *h, struct mb1_header *hdr)
{
	if (hdr->flags & MB1_FLAG_AOUT_KLUDGE) {
		hdr->has_aout = true;
		hdr->aout.header_addr = get_le32(h + 12);
		hdr->aout.load_addr = get_le32(h + 16);
		hdr->aout.load_end_addr = get_le32(h + 20);
		hdr->aout.bss_end_addr = get_le32(h + 24);
		hdr->entry_addr = get_le32(h + 28);
	}
	if (hdr->flags & MB1_FLAG_VIDEO) {
		hdr->has_video = true;
		hdr->mode_type = get_le32(h + 32);
		hdr->width = get_le32(h + 36);
		hdr->height = get_le32(h + 40);
		hdr->depth = get_le32(h + 44);
	}
}

int multiboot1_find(kx_ctx *ctx, const char *name, const void *data,
		    size_t size, struct mb1_header *hdr)
{
	static const char proto[] = "Multiboot";
	const uint8_t *d = data;
	int rc;

	memset(hdr, 0, sizeof(*hdr));
	rc = locate(ctx, name, proto, &mb1_scan, d, size, &hdr->offset);
	if (rc)
		return rc;
	hdr->flags = get_le32(d + hdr->offset + 4);
	rc = mb1_check_flags(ctx, name, hdr->flags);
	if (rc == 0)
		rc = check_extent(ctx, name, proto, &mb1_scan, hdr->offset,
				  mb1_length(hdr->flags), size);
	if (rc)
		return rc;
	mb1_read_fields(d + hdr->offset, hdr);
	if (!hdr->has_aout)
		return 0;
	rc = aout_compute(ctx, name, proto, &hdr->aout, false, hdr->offset,
			  size);
	if (rc)
		return rc;
	return check_entry_in_piece(ctx, name, proto, &hdr->aout.piece,
				    hdr->entry_addr);
}

/* ---- Multiboot 2 ------------------------------------------------------ */

static const char mb2_proto[] = "Multiboot 2";

struct tag {
	size_t off; /* in the file */
	uint16_t type;
	uint16_t flags;
	uint32_t size;
	const uint8_t *p;
};

static bool tag_required(const struct tag *t)
{
	return !(t->flags & MB2_HTAG_OPTIONAL);
}

static int tag_need(kx_ctx *ctx, const char *name, const struct tag *t,
		    uint32_t len)
{
	if (t->size < len)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: Multiboot 2 %s tag at offset 0x%zx is %" PRIu32
		    " bytes, needs %" PRIu32,
		    name, mb2_header_tag_name(t->type), t->off, t->size, len);
	return 0;
}

static int tag_once(kx_ctx *ctx, const char *name, const struct tag *t,
		    bool seen)
{
	if (seen)
		return kx_fail(ctx, -EINVAL,
			       "%s: Multiboot 2 header has a second %s tag (at "
			       "offset 0x%zx)",
			       name, mb2_header_tag_name(t->type), t->off);
	return 0;
}

static int add_request(kx_ctx *ctx, const char *name, struct mb2_header *h,
		       bool required, uint32_t type)
{
	bool known = type < 64 && (MB2_INFO_SUPPORTED & MB2_INFO_BIT(type));

	if (required && !known)
		return kx_fail(ctx, -EINVAL,
			       "%s: Multiboot 2 header requires information "
			       "tag %" PRIu32 " (%s), which libkexec cannot "
			       "provide",
			       name, type, mb2_info_type_name(type));
	if (type >= 64)
		return 0;
	if (required)
		h->req_required |= MB2_INFO_BIT(type);
	else
		h->req_optional |= MB2_INFO_BIT(type);
	return 0;
}

static int tag_info_request(kx_ctx *ctx, const char *name, const struct tag *t,
			    struct mb2_header *h)
{
	uint32_t i;
	int rc;

	if ((t->size - MB2_TAG_HDR_LEN) % 4)
		return kx_fail(ctx, -EINVAL,
			       "%s: Multiboot 2 information request tag at "
			       "offset 0x%zx has size %" PRIu32
			       ", not 8 plus a multiple of 4",
			       name, t->off, t->size);
	for (i = MB2_TAG_HDR_LEN; i < t->size; i += 4) {
		rc = add_request(ctx, name, h, tag_required(t),
				 get_le32(t->p + i));
		if (rc)
			return rc;
	}
	return 0;
}

static int tag_address(kx_ctx *ctx, const char *name, const struct tag *t,
		       struct mb2_header *h)
{
	int rc = tag_need(ctx, name, t, 24);

	if (rc == 0)
		rc = tag_once(ctx, name, t, h->has_aout);
	if (rc)
		return rc;
	h->has_aout = true;
	h->aout.header_addr = get_le32(t->p + 8);
	h->aout.load_addr = get_le32(t->p + 12);
	h->aout.load_end_addr = get_le32(t->p + 16);
	h->aout.bss_end_addr = get_le32(t->p + 20);
	return 0;
}

static int tag_entry(kx_ctx *ctx, const char *name, const struct tag *t,
		     struct mb2_header *h)
{
	int rc = tag_need(ctx, name, t, 12);

	if (rc == 0)
		rc = tag_once(ctx, name, t, h->has_entry);
	if (rc)
		return rc;
	h->has_entry = true;
	h->entry_addr = get_le32(t->p + 8);
	return 0;
}

static int tag_console(kx_ctx *ctx, const char *name, const struct tag *t,
		       struct mb2_header *h)
{
	int rc = tag_need(ctx, name, t, 12);

	if (rc)
		return rc;
	h->has_console = true;
	h->console_flags |= get_le32(t->p + 8);
	return 0;
}

static int tag_framebuffer(kx_ctx *ctx, const char *name, const struct tag *t,
			   struct mb2_header *h)
{
	int rc = tag_need(ctx, name, t, 20);

	if (rc)
		return rc;
	h->has_framebuffer = true;
	h->fb_width = get_le32(t->p + 8);
	h->fb_height = get_le32(t->p + 12);
	h->fb_depth = get_le32(t->p + 16);
	return 0;
}

static int check_reloc(kx_ctx *ctx, const char *name, const struct tag *t,
		       const struct mb2_header *h)
{
	if (h->reloc_align & (h->reloc_align - 1))
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: Multiboot 2 relocatable tag at offset 0x%zx: "
		    "alignment 0x%" PRIx32 " is not a power of two",
		    name, t->off, h->reloc_align);
	if (h->reloc_min > h->reloc_max)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: Multiboot 2 relocatable tag at offset 0x%zx: "
		    "min_addr 0x%" PRIx32 " is above max_addr 0x%" PRIx32,
		    name, t->off, h->reloc_min, h->reloc_max);
	return 0;
}

static int tag_relocatable(kx_ctx *ctx, const char *name, const struct tag *t,
			   struct mb2_header *h)
{
	int rc = tag_need(ctx, name, t, 24);

	if (rc == 0)
		rc = tag_once(ctx, name, t, h->relocatable);
	if (rc)
		return rc;
	h->relocatable = true;
	h->reloc_min = get_le32(t->p + 8);
	h->reloc_max = get_le32(t->p + 12);
	h->reloc_align = get_le32(t->p + 16);
	h->reloc_pref = get_le32(t->p + 20);
	/* GRUB reads alignment 0 as "any address". */
	if (h->reloc_align == 0)
		h->reloc_align = 1;
	if (h->reloc_pref > MB2_RELOC_HIGH)
		h->reloc_pref = MB2_RELOC_NONE;
	return check_reloc(ctx, name, t, h);
}

/* EFI boot services end before Linux runs; there is nothing to hand over
 * after kexec, so only an optional request can be honoured (by ignoring
 * it). */
static int tag_efi(kx_ctx *ctx, const char *name, const struct tag *t,
		   struct mb2_header *h)
{
	int rc = tag_need(ctx, name, t,
			  t->type == MB2_HTAG_EFI_BS ? MB2_TAG_HDR_LEN : 12);

	if (rc)
		return rc;
	if (tag_required(t))
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: Multiboot 2 header requires the %s tag: EFI "
		    "boot services are gone after kexec, so "
		    "libkexec cannot honour it",
		    name, mb2_header_tag_name(t->type));
	if (t->type == MB2_HTAG_EFI_BS)
		h->efi_bs_ignored = true;
	else
		h->efi_entry_ignored = true;
	return 0;
}

static int tag_unknown(kx_ctx *ctx, const char *name, const struct tag *t)
{
	if (tag_required(t))
		return kx_fail(ctx, -EINVAL,
			       "%s: Multiboot 2 header requires unknown tag "
			       "type %u (at offset 0x%zx)",
			       name, t->type, t->off);
	return 0;
}

static int handle_tag(kx_ctx *ctx, const char *name, const struct tag *t,
		      struct mb2_header *h)
{
	switch (t->type) {
	case MB2_HTAG_INFO_REQUEST:
		return tag_info_request(ctx, name, t, h);
	case MB2_HTAG_ADDRESS:
		return tag_address(ctx, name, t, h);
	case MB2_HTAG_ENTRY:
		return tag_entry(ctx, name, t, h);
	case MB2_HTAG_CONSOLE:
		return tag_console(ctx, name, t, h);
	case MB2_HTAG_FRAMEBUFFER:
		return tag_framebuffer(ctx, name, t, h);
	case MB2_HTAG_MODULE_ALIGN:
		h->module_align = true;
		return 0;
	case MB2_HTAG_EFI_BS:
	case MB2_HTAG_ENTRY_EFI32:
	case MB2_HTAG_ENTRY_EFI64:
		return tag_efi(ctx, name, t, h);
	case MB2_HTAG_RELOCATABLE:
		return tag_relocatable(ctx, name, t, h);
	default:
		return tag_unknown(ctx, name, t);
	}
}

/* The tag at OFF (its 8-byte header known to lie before END), checked
 * to lie within [OFF, END). */
static int read_tag(kx_ctx *ctx, const char *name, const uint8_t *d, size_t off,
		    size_t end, struct tag *t)
{
	t->off = off;
	t->p = d + off;
	t->type = get_le16(t->p);
	t->flags = get_le16(t->p + 2);
	t->size = get_le32(t->p + 4);
	/* The end tag's size is not checked: headers written before the
	 * 2.0 spec (and booted by GRUB) carry 0 or 12 there. */
	if (t->type == MB2_HTAG_END)
		return 0;
	if (t->size < MB2_TAG_HDR_LEN)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: Multiboot 2 %s tag at offset 0x%zx has size "
		    "%" PRIu32 ", less than its own header",
		    name, mb2_header_tag_name(t->type), off, t->size);
	if (t->size > end - off)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: Multiboot 2 %s tag at offset 0x%zx (%" PRIu32
		    " bytes) runs past the end of the header",
		    name, mb2_header_tag_name(t->type), off, t->size);
	return 0;
}

static int walk_tags(kx_ctx *ctx, const char *name, const uint8_t *d,
		     struct mb2_header *h)
{
	size_t end = h->offset + h->header_length;
	size_t off = h->offset + MB2_FIXED_LEN;
	struct tag t;
	int rc;

	while (off < end && end - off >= MB2_TAG_HDR_LEN) {
		rc = read_tag(ctx, name, d, off, end, &t);
		if (rc)
			return rc;
		if (t.type == MB2_HTAG_END)
			return 0;
		rc = handle_tag(ctx, name, &t, h);
		if (rc)
			return rc;
		/* size <= 32 KiB here, so the rounding cannot wrap. */
		off +=
		    (t.size + MB2_TAG_ALIGN - 1) & ~(size_t)(MB2_TAG_ALIGN - 1);
	}
	return kx_fail(ctx, -EINVAL,
		       "%s: Multiboot 2 header has no end tag within its "
		       "header_length (%" PRIu32 " bytes)",
		       name, h->header_length);
}

static int mb2_check_fixed(kx_ctx *ctx, const char *name, const uint8_t *h,
			   size_t off, size_t size, uint32_t *len)
{
	uint32_t arch = get_le32(h + 4);

	*len = get_le32(h + 8);
	if (arch != MB2_ARCH_I386)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: Multiboot 2 header at offset 0x%zx is for "
			       "architecture %" PRIu32 ", not i386 (0)",
			       name, off, arch);
	if (*len < MB2_FIXED_LEN + MB2_END_TAG_LEN)
		return kx_fail(ctx, -EINVAL,
			       "%s: Multiboot 2 header_length %" PRIu32
			       " is too short for the header and an end tag",
			       name, *len);
	return check_extent(ctx, name, mb2_proto, &mb2_scan, off, *len, size);
}

static int mb2_finish(kx_ctx *ctx, const char *name, struct mb2_header *h,
		      size_t size)
{
	int rc;

	if (!h->has_aout)
		return 0;
	/* Without an entry tag the kludge leaves no way to know where to
	 * jump (GRUB refuses the same). */
	if (!h->has_entry)
		return kx_fail(ctx, -EINVAL,
			       "%s: Multiboot 2 header has an address tag but "
			       "no entry address tag",
			       name);
	rc =
	    aout_compute(ctx, name, mb2_proto, &h->aout, true, h->offset, size);
	if (rc)
		return rc;
	return check_entry_in_piece(ctx, name, mb2_proto, &h->aout.piece,
				    h->entry_addr);
}

int multiboot2_find(kx_ctx *ctx, const char *name, const void *data,
		    size_t size, struct mb2_header *hdr)
{
	const uint8_t *d = data;
	int rc;

	memset(hdr, 0, sizeof(*hdr));
	rc = locate(ctx, name, mb2_proto, &mb2_scan, d, size, &hdr->offset);
	if (rc == 0)
		rc = mb2_check_fixed(ctx, name, d + hdr->offset, hdr->offset,
				     size, &hdr->header_length);
	if (rc == 0)
		rc = walk_tags(ctx, name, d, hdr);
	if (rc == 0)
		rc = mb2_finish(ctx, name, hdr, size);
	return rc;
}

int multiboot2_reloc_window(kx_ctx *ctx, const char *name,
			    const struct mb2_header *hdr, uint64_t load_size,
			    uint64_t *min_start, uint64_t *max_start)
{
	if (load_size > hdr->reloc_max ||
	    hdr->reloc_min > hdr->reloc_max - load_size)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: the image (0x%" PRIx64
		    " bytes) does not fit between min_addr 0x%" PRIx32
		    " and max_addr 0x%" PRIx32 " of its relocatable tag",
		    name, load_size, hdr->reloc_min, hdr->reloc_max);
	*min_start = hdr->reloc_min;
	*max_start = hdr->reloc_max - load_size;
	return 0;
}

int multiboot2_check_console(kx_ctx *ctx, const char *name,
			     const struct mb2_header *hdr, bool have_fb)
{
	bool ega = !hdr->has_console ||
		   (hdr->console_flags & MB2_CONSOLE_EGA_TEXT_SUPPORTED);
	bool fb = hdr->has_framebuffer && have_fb;

	if (!hdr->has_console || !(hdr->console_flags & MB2_CONSOLE_REQUIRED) ||
	    ega || fb)
		return 0;
	return kx_fail(ctx, -EINVAL,
		       "%s: Multiboot 2 header requires a console but accepts "
		       "neither EGA text nor %s",
		       name,
		       hdr->has_framebuffer
			   ? "the framebuffer (none is known on this machine)"
			   : "a framebuffer (no framebuffer tag)");
}
