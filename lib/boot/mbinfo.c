#include "boot/mbinfo.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/mbinfo1.h"
#include "core/bytes.h"

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

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c > 0x7e || c == '\\')
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void put_string_line(FILE *f, const char *key, const char *s)
{
	fprintf(f, "%s: ", key);
	put_escaped(f, s);
	fputc('\n', f);
}

static const char *mem_type_name(uint32_t type)
{
	switch (type) {
	case MBINFO_MEM_AVAILABLE:
		return "available";
	case MBINFO_MEM_ACPI:
		return "ACPI reclaimable";
	case MBINFO_MEM_NVS:
		return "ACPI NVS";
	case MBINFO_MEM_BADRAM:
		return "bad RAM";
	default:
		return "reserved";
	}
}

static void describe_flags(FILE *f, uint32_t flags)
{
	static const char *const names[] = {
	    "mem",	    "boot_device",	"cmdline",   "mods",
	    "aout_syms",    "elf_shdr",		"mmap",	     "drives",
	    "config_table", "boot_loader_name", "apm_table", "vbe",
	    "framebuffer",
	};
	const char *sep = "";
	unsigned i;

	fprintf(f, "flags: 0x%08" PRIx32 " (", flags);
	for (i = 0; i < 32; i++) {
		if (!(flags & (1u << i)))
			continue;
		if (i < sizeof(names) / sizeof(names[0]))
			fprintf(f, "%s%s", sep, names[i]);
		else
			fprintf(f, "%sbit%u", sep, i);
		sep = " ";
	}
	fprintf(f, ")\n");
}

static void describe_header(FILE *f, const struct mbinfo_decoded *d)
{
	fprintf(f, "protocol: Multiboot %d\n", d->version);
	fprintf(f, "address: 0x%08" PRIx64 "\n", d->addr);
	fprintf(f, "size: %zu bytes\n", d->size);
	if (d->version == 1) {
		describe_flags(f, d->flags);
	} else {
		fprintf(f, "total_size: %" PRIu32 " bytes\n", d->total_size);
		fprintf(f, "tags: %zu\n", d->n_tags);
	}
}

static void describe_mods(FILE *f, const struct mbinfo_decoded *d)
{
	size_t i;

	fprintf(f, "modules: %zu\n", d->n_mods);
	for (i = 0; i < d->n_mods; i++) {
		const struct mbinfo_decoded_module *m = &d->mods[i];

		fprintf(f, "module[%zu]: 0x%08" PRIx64 "-0x%08" PRIx64, i,
			m->start, m->end);
		if (m->end >= m->start)
			fprintf(f, " (%" PRIu64 " bytes)", m->end - m->start);
		fprintf(f, " ");
		put_escaped(f, m->cmdline ? m->cmdline : "");
		fputc('\n', f);
	}
}

static void describe_mmap(FILE *f, const struct mbinfo_decoded *d)
{
	size_t i;

	fprintf(f, "mmap: %zu entries\n", d->n_mmap);
	for (i = 0; i < d->n_mmap; i++) {
		const struct mbinfo_mmap_entry *e = &d->mmap[i];

		fprintf(f,
			"mmap[%zu]: 0x%016" PRIx64 " +0x%016" PRIx64
			" type %" PRIu32 " (%s)\n",
			i, e->base, e->length, e->type, mem_type_name(e->type));
	}
}

static void describe_fb(FILE *f, const struct mbinfo_framebuffer *fb)
{
	static const char *const types[] = {"indexed", "RGB", "EGA text"};

	fprintf(f,
		"framebuffer: 0x%" PRIx64 " %" PRIu32 "x%" PRIu32
		"x%u pitch %" PRIu32 " type %u (%s)",
		fb->addr, fb->width, fb->height, fb->bpp, fb->pitch, fb->type,
		fb->type <= MBINFO_FB_EGA_TEXT ? types[fb->type] : "unknown");
	if (fb->type == MBINFO_FB_RGB)
		fprintf(f, " red %u@%u green %u@%u blue %u@%u", fb->red_size,
			fb->red_pos, fb->green_size, fb->green_pos,
			fb->blue_size, fb->blue_pos);
	else if (fb->type == MBINFO_FB_INDEXED)
		fprintf(f, " palette %u colours", fb->palette_n);
	fputc('\n', f);
}

static void describe_rsdp(FILE *f, const char *key, const uint8_t *r,
			  size_t len)
{
	fprintf(f, "%s: %zu bytes", key, len);
	if (len >= 20)
		fprintf(f, ", revision %u, RSDT 0x%08" PRIx32, r[15],
			get_le32(r + 16));
	if (len >= 32)
		fprintf(f, ", XSDT 0x%016" PRIx64, get_le64(r + 24));
	fputc('\n', f);
}

static void describe_efi(FILE *f, const struct mbinfo_decoded *d)
{
	if (d->has_efi32)
		fprintf(f, "efi32_system_table: 0x%08" PRIx32 "\n",
			d->efi32_systab);
	if (d->has_efi64)
		fprintf(f, "efi64_system_table: 0x%016" PRIx64 "\n",
			d->efi64_systab);
	if (d->efi_mmap)
		fprintf(f,
			"efi_mmap: %zu bytes, descriptor size %" PRIu32
			", version %" PRIu32 "\n",
			d->efi_mmap_size, d->efi_desc_size,
			d->efi_desc_version);
}

static void describe_body(FILE *f, const struct mbinfo_decoded *d)
{
	if (d->has_mem) {
		fprintf(f, "mem_lower: %" PRIu32 " KiB\n", d->mem_lower);
		fprintf(f, "mem_upper: %" PRIu32 " KiB\n", d->mem_upper);
	}
	if (d->cmdline)
		put_string_line(f, "cmdline", d->cmdline);
	if (d->loader_name)
		put_string_line(f, "boot_loader_name", d->loader_name);
	if (d->version == 2 || (d->flags & MBI1_MODS))
		describe_mods(f, d);
	if (d->mmap)
		describe_mmap(f, d);
	if (d->has_fb)
		describe_fb(f, &d->fb);
	if (d->rsdp_old)
		describe_rsdp(f, "acpi_old_rsdp", d->rsdp_old, d->rsdp_old_len);
	if (d->rsdp_new)
		describe_rsdp(f, "acpi_new_rsdp", d->rsdp_new, d->rsdp_new_len);
	describe_efi(f, d);
	if (d->has_load_base)
		fprintf(f, "load_base_addr: 0x%08" PRIx32 "\n", d->load_base);
}

int mbinfo_describe(kx_ctx *ctx, const struct mbinfo_decoded *d, char **text)
{
	size_t len;
	FILE *f;

	*text = NULL;
	f = open_memstream(text, &len);
	if (!f)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	describe_header(f, d);
	describe_body(f, d);
	if (fclose(f) != 0 || !*text) {
		free(*text);
		*text = NULL;
		return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}
