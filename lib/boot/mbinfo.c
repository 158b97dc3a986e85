#include "boot/mbinfo.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/mbinfo1.h"
#include "boot/mbinfo2.h"
#include "core/bytes.h"
#include "core/desc.h"

#define FOUR_GIB    0x100000000ull
#define LOWER_LIMIT 0xa0000ull	/* 640 KiB: where lower memory ends */
#define UPPER_START 0x100000ull /* 1 MiB: where upper memory starts */

/* ---- input and placement ---------------------------------------------- */

uint32_t mbinfo_mmap_type(uint32_t e820_type)
{
	switch (e820_type) {
	case KX_RANGE_RAM:
		return MBINFO_MEM_AVAILABLE;
	case KX_RANGE_ACPI:
		return MBINFO_MEM_ACPI;
	case KX_RANGE_NVS:
		return MBINFO_MEM_NVS;
	case KX_RANGE_UNUSABLE:
		return MBINFO_MEM_BADRAM;
	default:
		return MBINFO_MEM_RESERVED;
	}
}

/* End of the RAM run containing ADDR in a normalized map (ADDR when ADDR
 * is not RAM): normalizing merged touching RAM and let every other type
 * win over RAM, so one range is the whole run. */
static uint64_t ram_run_end(const struct kx_ranges *n, uint64_t addr)
{
	size_t i;

	for (i = 0; i < n->n; i++)
		if (n->v[i].type == KX_RANGE_RAM && n->v[i].start <= addr &&
		    addr < n->v[i].end)
			return n->v[i].end;
	return addr;
}

int mbinfo_mem_bounds(kx_ctx *ctx, const struct kx_ranges *map,
		      uint32_t *mem_lower, uint32_t *mem_upper)
{
	struct kx_ranges n;
	uint64_t lower, upper;
	int rc;

	ranges_init(&n);
	rc = ranges_copy(ctx, &n, map);
	if (rc == 0)
		rc = ranges_normalize(ctx, &n);
	if (rc) {
		ranges_free(&n);
		return rc;
	}
	lower = ram_run_end(&n, 0);
	upper = ram_run_end(&n, UPPER_START) - UPPER_START;
	ranges_free(&n);
	*mem_lower =
	    (uint32_t)((lower < LOWER_LIMIT ? lower : LOWER_LIMIT) / 1024);
	upper /= 1024;
	*mem_upper = upper > UINT32_MAX ? UINT32_MAX : (uint32_t)upper;
	return 0;
}

static int check_map(kx_ctx *ctx, const struct kx_ranges *map)
{
	bool ram = false;
	size_t i;

	for (i = 0; map && i < map->n; i++) {
		if (map->v[i].start > map->v[i].end)
			return kx_fail(ctx, -EINVAL,
				       "Multiboot information: memory map "
				       "entry %zu ends before it starts",
				       i);
		if (map->v[i].type == KX_RANGE_RAM &&
		    map->v[i].start < map->v[i].end)
			ram = true;
	}
	if (!ram)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: the memory map has no "
			       "RAM");
	return 0;
}

static int check_modules(kx_ctx *ctx, const struct mbinfo_input *in)
{
	size_t i;

	for (i = 0; i < in->n_modules; i++) {
		const struct mbinfo_module *m = &in->modules[i];

		/* mod_end is a 32-bit exclusive end. */
		if (m->start > UINT32_MAX || m->size > UINT32_MAX - m->start)
			return kx_fail(ctx, -EINVAL,
				       "Multiboot information: module %zu "
				       "(0x%" PRIx64 " bytes at 0x%" PRIx64
				       ") does not end below 4 GiB",
				       i + 1, m->size, m->start);
	}
	return 0;
}

static int check_fb(kx_ctx *ctx, const struct mbinfo_framebuffer *fb)
{
	if (fb->type > MBINFO_FB_EGA_TEXT)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: unknown framebuffer "
			       "type %u",
			       fb->type);
	if (fb->type == MBINFO_FB_INDEXED &&
	    (fb->palette_n > MBINFO_PALETTE_MAX ||
	     (fb->palette_n && !fb->palette)))
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: framebuffer palette of "
			       "%u colours (at most %u, with their bytes)",
			       fb->palette_n, MBINFO_PALETTE_MAX);
	return 0;
}

int mbinfo_check_input(kx_ctx *ctx, const struct mbinfo_input *in)
{
	if (check_map(ctx, in->memmap))
		return -EINVAL;
	if (in->n_modules && !in->modules)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: %zu modules without a "
			       "list",
			       in->n_modules);
	if (check_modules(ctx, in))
		return -EINVAL;
	return in->fb ? check_fb(ctx, in->fb) : 0;
}

const char *mbinfo_loader_name(const struct mbinfo_input *in)
{
	return in->loader_name ? in->loader_name : MBINFO_LOADER_NAME;
}

int mbinfo_check_place(kx_ctx *ctx, const char *proto, uint64_t addr,
		       size_t size, size_t want, unsigned align)
{
	if (size != want)
		return kx_fail(ctx, -EINVAL,
			       "%s information: buffer of %zu bytes, "
			       "the block needs %zu",
			       proto, size, want);
	if (addr % align)
		return kx_fail(ctx, -EINVAL,
			       "%s information: address 0x%" PRIx64
			       " is not %u-byte aligned",
			       proto, addr, align);
	if (addr > FOUR_GIB || size > FOUR_GIB - addr)
		return kx_fail(ctx, -EINVAL,
			       "%s information at 0x%" PRIx64
			       " (%zu bytes) does not end below 4 GiB",
			       proto, addr, size);
	return 0;
}

/* ---- fields both protocols lay out alike ----------------------------- */

void mbinfo_put_mmap_entry(uint8_t *p, const struct kx_range *r)
{
	put_le64(p, r->start);
	put_le64(p + 8, r->end - r->start);
	put_le32(p + 16, mbinfo_mmap_type(r->type));
}

void mbinfo_get_mmap_entry(const uint8_t *p, struct mbinfo_mmap_entry *e)
{
	e->base = get_le64(p);
	e->length = get_le64(p + 8);
	e->type = get_le32(p + 16);
}

void mbinfo_put_fb(uint8_t *p, const struct mbinfo_framebuffer *fb)
{
	put_le64(p, fb->addr);
	put_le32(p + 8, fb->pitch);
	put_le32(p + 12, fb->width);
	put_le32(p + 16, fb->height);
	p[20] = fb->bpp;
	p[21] = fb->type;
}

void mbinfo_get_fb(const uint8_t *p, struct mbinfo_framebuffer *fb)
{
	fb->addr = get_le64(p);
	fb->pitch = get_le32(p + 8);
	fb->width = get_le32(p + 12);
	fb->height = get_le32(p + 16);
	fb->bpp = p[20];
	fb->type = p[21];
}

void mbinfo_put_rgb(uint8_t *c, const struct mbinfo_framebuffer *fb)
{
	c[0] = fb->red_pos;
	c[1] = fb->red_size;
	c[2] = fb->green_pos;
	c[3] = fb->green_size;
	c[4] = fb->blue_pos;
	c[5] = fb->blue_size;
}

void mbinfo_get_rgb(const uint8_t *c, struct mbinfo_framebuffer *fb)
{
	fb->red_pos = c[0];
	fb->red_size = c[1];
	fb->green_pos = c[2];
	fb->green_size = c[3];
	fb->blue_pos = c[4];
	fb->blue_size = c[5];
}

/* ---- decoded blocks --------------------------------------------------- */

void mbinfo_decoded_free(struct mbinfo_decoded *d)
{
	free(d->mods);
	free(d->mmap);
	d->mods = NULL;
	d->mmap = NULL;
	d->n_mods = d->n_mmap = 0;
}

/* One number of the block, set when PRESENT. */
struct num {
	enum kx_key key;
	uint64_t value;
	bool present;
};

static int set_nums(kx_ctx *ctx, struct desc *desc, const struct num *v,
		    size_t n)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++)
		if (v[i].present)
			rc = desc_set_u64(ctx, desc, v[i].key, v[i].value);
	return rc;
}

static int set_text(kx_ctx *ctx, struct desc *desc, enum kx_key key,
		    const char *s)
{
	return s ? desc_set_str(ctx, desc, key, s) : 0;
}

/* red, green, blue (size, position), one per byte from the lowest. */
static uint64_t fb_rgb(const struct mbinfo_framebuffer *fb)
{
	const uint8_t b[6] = {fb->red_size,   fb->red_pos,  fb->green_size,
			      fb->green_pos,  fb->blue_size, fb->blue_pos};
	uint64_t v = 0;
	int i;

	for (i = 5; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
}

static int fields_fb(kx_ctx *ctx, const struct mbinfo_framebuffer *fb,
		     struct desc *desc)
{
	const struct num v[] = {
	    {KX_KEY_INFO_FB_ADDR, fb->addr, true},
	    {KX_KEY_INFO_FB_WIDTH, fb->width, true},
	    {KX_KEY_INFO_FB_HEIGHT, fb->height, true},
	    {KX_KEY_INFO_FB_BPP, fb->bpp, true},
	    {KX_KEY_INFO_FB_PITCH, fb->pitch, true},
	    {KX_KEY_INFO_FB_TYPE, fb->type, true},
	    {KX_KEY_INFO_FB_RGB, fb_rgb(fb), fb->type == MBINFO_FB_RGB},
	};

	return set_nums(ctx, desc, v, sizeof(v) / sizeof(v[0]));
}

/* The RSDP's revision and RSDT from the newer copy when there is one (both
 * copies name the same tables), the XSDT when the copy is long enough. */
static int fields_rsdp(kx_ctx *ctx, const struct mbinfo_decoded *d,
		       struct desc *desc)
{
	const uint8_t *r = d->rsdp_new ? d->rsdp_new : d->rsdp_old;
	size_t len = d->rsdp_new ? d->rsdp_new_len : d->rsdp_old_len;
	const struct num v[] = {
	    {KX_KEY_INFO_RSDP_OLD_LEN, d->rsdp_old_len, d->rsdp_old != NULL},
	    {KX_KEY_INFO_RSDP_NEW_LEN, d->rsdp_new_len, d->rsdp_new != NULL},
	    {KX_KEY_INFO_RSDP_REVISION, r && len >= 20 ? r[15] : 0,
	     r && len >= 20},
	    {KX_KEY_INFO_RSDT, r && len >= 20 ? get_le32(r + 16) : 0,
	     r && len >= 20},
	    {KX_KEY_INFO_XSDT, r && len >= 32 ? get_le64(r + 24) : 0,
	     r && len >= 32},
	};

	return set_nums(ctx, desc, v, sizeof(v) / sizeof(v[0]));
}

static int fields_top(kx_ctx *ctx, const struct mbinfo_decoded *d,
		      struct desc *desc)
{
	const struct num v[] = {
	    {KX_KEY_MB_VERSION, (uint64_t)d->version, true},
	    {KX_KEY_INFO_ADDR, d->addr, true},
	    {KX_KEY_INFO_SIZE, d->size, true},
	    {KX_KEY_INFO_FLAGS, d->flags, d->version == 1},
	    {KX_KEY_INFO_TAGS, d->n_tags, d->version == 2},
	    {KX_KEY_INFO_MEM_LOWER, d->mem_lower, d->has_mem},
	    {KX_KEY_INFO_MEM_UPPER, d->mem_upper, d->has_mem},
	    {KX_KEY_INFO_EFI32_SYSTAB, d->efi32_systab, d->has_efi32},
	    {KX_KEY_INFO_EFI64_SYSTAB, d->efi64_systab, d->has_efi64},
	    {KX_KEY_INFO_EFI_MMAP_SIZE, d->efi_mmap_size, d->efi_mmap != NULL},
	    {KX_KEY_INFO_EFI_DESC_SIZE, d->efi_desc_size, d->efi_mmap != NULL},
	    {KX_KEY_INFO_EFI_DESC_VERSION, d->efi_desc_version,
	     d->efi_mmap != NULL},
	    {KX_KEY_INFO_LOAD_BASE, d->load_base, d->has_load_base},
	};
	int rc = set_nums(ctx, desc, v, sizeof(v) / sizeof(v[0]));

	if (!rc)
		rc = set_text(ctx, desc, KX_KEY_INFO_CMDLINE, d->cmdline);
	if (!rc)
		rc = set_text(ctx, desc, KX_KEY_INFO_LOADER_NAME,
			      d->loader_name);
	return rc;
}

/* A module without a command line has no ARGS: absent, not "". */
static int fields_mods(kx_ctx *ctx, const struct mbinfo_decoded *d,
		       struct desc *desc)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < d->n_mods && !rc; i++) {
		const struct mbinfo_decoded_module *m = &d->mods[i];
		const struct desc_field f[] = {
		    {KX_KEY_START, m->start, NULL},
		    {KX_KEY_END, m->end, NULL},
		    {KX_KEY_ARGS, 0, m->cmdline},
		};

		rc = desc_item_add_fields(ctx, desc, KX_LIST_INFO_MODULES, f,
					  m->cmdline ? 3 : 2);
	}
	return rc;
}

static int fields_mmap(kx_ctx *ctx, const struct mbinfo_decoded *d,
		       struct desc *desc)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < d->n_mmap && !rc; i++) {
		const struct mbinfo_mmap_entry *e = &d->mmap[i];
		const struct desc_field f[] = {
		    {KX_KEY_START, e->base, NULL},
		    {KX_KEY_SIZE, e->length, NULL},
		    {KX_KEY_TYPE, e->type, NULL},
		};

		rc = desc_item_add_fields(ctx, desc, KX_LIST_INFO_MMAP, f,
					  DESC_N(f));
	}
	return rc;
}

int mbinfo_fields(kx_ctx *ctx, const struct mbinfo_decoded *d,
		  struct desc *desc)
{
	int rc = fields_top(ctx, d, desc);

	if (!rc)
		rc = fields_mods(ctx, d, desc);
	if (!rc)
		rc = fields_mmap(ctx, d, desc);
	if (!rc && d->has_fb)
		rc = fields_fb(ctx, &d->fb, desc);
	if (!rc)
		rc = fields_rsdp(ctx, d, desc);
	return rc;
}

int mbinfo_block_fields(kx_ctx *ctx, int version, const void *buf,
			size_t size, uint64_t addr, struct desc *desc)
{
	struct mbinfo_decoded d;
	int rc = version == 1 ? mbinfo1_decode(ctx, buf, size, addr, &d)
			      : mbinfo2_decode(ctx, buf, size, addr, &d);

	if (rc)
		return rc;
	rc = mbinfo_fields(ctx, &d, desc);
	mbinfo_decoded_free(&d);
	return rc;
}
