/* Multiboot 2 (spec 2.0) image headers and their tags. */
#include "format/multiboot.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "core/bytes.h"
#include "format/multiboot_common.h"

#define MB2_FIXED_LEN	16u /* magic, architecture, length, checksum */
#define MB2_TAG_HDR_LEN 8u
#define MB2_END_TAG_LEN 8u

static const struct mb_scan mb2_scan = {MB2_HEADER_MAGIC, MB2_SEARCH,
					MB2_HEADER_ALIGN, MB2_FIXED_LEN};

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

bool multiboot2_probe(const void *data, size_t size)
{
	size_t off, bad;

	return mb_scan_header(&mb2_scan, data, size, &off, &bad);
}

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
	return mb_check_extent(ctx, name, mb2_proto, &mb2_scan, off, *len,
			       size);
}

static int mb2_finish(kx_ctx *ctx, const char *name, struct mb2_header *h,
		      size_t size)
{
	if (!h->has_aout)
		return 0;
	/* Without an entry tag the kludge leaves no way to know where to
	 * jump (GRUB refuses the same). */
	if (!h->has_entry)
		return kx_fail(ctx, -EINVAL,
			       "%s: Multiboot 2 header has an address tag but "
			       "no entry address tag",
			       name);
	return mb_aout_place(ctx, name, mb2_proto, &h->aout, true, h->offset,
			     size, h->entry_addr);
}

int multiboot2_find(kx_ctx *ctx, const char *name, const void *data,
		    size_t size, struct mb2_header *hdr)
{
	const uint8_t *d = data;
	int rc;

	memset(hdr, 0, sizeof(*hdr));
	rc = mb_locate(ctx, name, mb2_proto, &mb2_scan, d, size, &hdr->offset);
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
