#include "boot/mbinfo1.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOUR_GIB    0x100000000ull
#define LOWER_LIMIT 0xa0000ull	/* 640 KiB: where lower memory ends */
#define UPPER_START 0x100000ull /* 1 MiB: where upper memory starts */

/* Offsets in the information structure. */
#define MB1_FLAGS	    0
#define MB1_MEM_LOWER	    4
#define MB1_MEM_UPPER	    8
#define MB1_CMDLINE	    16
#define MB1_MODS_COUNT	    20
#define MB1_MODS_ADDR	    24
#define MB1_MMAP_LENGTH	    44
#define MB1_MMAP_ADDR	    48
#define MB1_LOADER_NAME	    64
#define MB1_FB_ADDR	    88
#define MB1_FB_PITCH	    96
#define MB1_FB_WIDTH	    100
#define MB1_FB_HEIGHT	    104
#define MB1_FB_BPP	    108
#define MB1_FB_TYPE	    109
#define MB1_FB_COLOR	    110
#define MB1_MMAP_OFF	    120 /* first byte after the structure, 8-aligned */
#define MB1_MMAP_SIZE_FIELD 20u

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* ---- shared with Multiboot 2 ------------------------------------------ */

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

/* ---- layout ----------------------------------------------------------- */

struct mb1_layout {
	size_t mods_off;
	size_t palette_off;
	size_t cmdline_off; /* 0: no command line */
	size_t loader_off;
	size_t modstr_off; /* module strings, one after another */
	size_t size;
};

/* *TOTAL += ADD, false past MBINFO_MAX_SIZE (no overflow either way). */
static bool grow(size_t *total, size_t add)
{
	if (add > MBINFO_MAX_SIZE - *total)
		return false;
	*total += add;
	return true;
}

static bool grow_n(size_t *total, size_t n, size_t each)
{
	return n <= MBINFO_MAX_SIZE / each && grow(total, n * each);
}

static const char *loader_name(const struct mbinfo_input *in)
{
	return in->loader_name ? in->loader_name : MBINFO_LOADER_NAME;
}

static size_t palette_bytes(const struct mbinfo_input *in)
{
	return in->fb && in->fb->type == MBINFO_FB_INDEXED
		   ? (size_t)in->fb->palette_n * 3
		   : 0;
}

static bool layout_strings(const struct mbinfo_input *in, struct mb1_layout *l,
			   size_t *off)
{
	size_t i;

	l->cmdline_off = in->cmdline ? *off : 0;
	if (in->cmdline && !grow(off, strlen(in->cmdline) + 1))
		return false;
	l->loader_off = *off;
	if (!grow(off, strlen(loader_name(in)) + 1))
		return false;
	l->modstr_off = *off;
	for (i = 0; i < in->n_modules; i++) {
		const char *s = in->modules[i].cmdline;

		if (!grow(off, (s ? strlen(s) : 0) + 1))
			return false;
	}
	return true;
}

static int mb1_layout(kx_ctx *ctx, const struct mbinfo_input *in,
		      struct mb1_layout *l)
{
	size_t off = MB1_MMAP_OFF;
	int rc = mbinfo_check_input(ctx, in);

	if (rc)
		return rc;
	memset(l, 0, sizeof(*l));
	if (!grow_n(&off, in->memmap->n, MBINFO1_MMAP_ENTRY))
		goto too_big;
	l->mods_off = off;
	if (!grow_n(&off, in->n_modules, MBINFO1_MODULE))
		goto too_big;
	l->palette_off = off;
	if (!grow(&off, palette_bytes(in)) || !layout_strings(in, l, &off))
		goto too_big;
	l->size = off;
	return 0;
too_big:
	return kx_fail(ctx, -E2BIG,
		       "Multiboot information: the block would exceed %u "
		       "bytes (memory map, modules or strings too large)",
		       MBINFO_MAX_SIZE);
}

int mbinfo1_size(kx_ctx *ctx, const struct mbinfo_input *in, size_t *size)
{
	struct mb1_layout l;
	int rc = mb1_layout(ctx, in, &l);

	if (rc == 0)
		*size = l.size;
	return rc;
}

/* ---- filling ---------------------------------------------------------- */

static void fill_mmap(const struct kx_ranges *map, uint8_t *p)
{
	size_t i;

	for (i = 0; i < map->n; i++, p += MBINFO1_MMAP_ENTRY) {
		put32(p, MB1_MMAP_SIZE_FIELD);
		put64(p + 4, map->v[i].start);
		put64(p + 12, map->v[i].end - map->v[i].start);
		put32(p + 20, mbinfo_mmap_type(map->v[i].type));
	}
}

/* Copy S (NULL: "") with its NUL to BUF + *OFF; return its address. */
static uint32_t put_string(uint8_t *buf, size_t *off, uint64_t addr,
			   const char *s)
{
	size_t len = (s ? strlen(s) : 0) + 1;
	uint32_t at = (uint32_t)(addr + *off);

	memcpy(buf + *off, s ? s : "", len);
	*off += len;
	return at;
}

static void fill_modules(const struct mbinfo_input *in,
			 const struct mb1_layout *l, uint64_t addr,
			 uint8_t *buf)
{
	size_t str = l->modstr_off;
	size_t i;

	for (i = 0; i < in->n_modules; i++) {
		const struct mbinfo_module *m = &in->modules[i];
		uint8_t *p = buf + l->mods_off + i * MBINFO1_MODULE;

		put32(p, (uint32_t)m->start);
		put32(p + 4, (uint32_t)(m->start + m->size));
		put32(p + 8, put_string(buf, &str, addr, m->cmdline));
		put32(p + 12, 0);
	}
}

static void fill_fb(const struct mbinfo_framebuffer *fb,
		    const struct mb1_layout *l, uint64_t addr, uint8_t *buf)
{
	uint8_t *c = buf + MB1_FB_COLOR;

	put64(buf + MB1_FB_ADDR, fb->addr);
	put32(buf + MB1_FB_PITCH, fb->pitch);
	put32(buf + MB1_FB_WIDTH, fb->width);
	put32(buf + MB1_FB_HEIGHT, fb->height);
	buf[MB1_FB_BPP] = fb->bpp;
	buf[MB1_FB_TYPE] = fb->type;
	if (fb->type == MBINFO_FB_INDEXED) {
		put32(c, (uint32_t)(addr + l->palette_off));
		put16(c + 4, fb->palette_n);
		if (fb->palette_n)
			memcpy(buf + l->palette_off, fb->palette,
			       (size_t)fb->palette_n * 3);
	} else if (fb->type == MBINFO_FB_RGB) {
		c[0] = fb->red_pos;
		c[1] = fb->red_size;
		c[2] = fb->green_pos;
		c[3] = fb->green_size;
		c[4] = fb->blue_pos;
		c[5] = fb->blue_size;
	}
}

static uint32_t fill_flags(const struct mbinfo_input *in)
{
	uint32_t flags = MBI1_MEMORY | MBI1_MODS | MBI1_MMAP | MBI1_LOADER_NAME;

	if (in->cmdline)
		flags |= MBI1_CMDLINE;
	if (in->fb)
		flags |= MBI1_FRAMEBUFFER;
	return flags;
}

static int check_place(kx_ctx *ctx, uint64_t addr, size_t size, size_t want,
		       unsigned align)
{
	if (size != want)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: buffer of %zu bytes, "
			       "the block needs %zu",
			       size, want);
	if (addr % align)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: address 0x%" PRIx64
			       " is not %u-byte aligned",
			       addr, align);
	if (addr > FOUR_GIB || size > FOUR_GIB - addr)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information at 0x%" PRIx64
			       " (%zu bytes) does not end below 4 GiB",
			       addr, size);
	return 0;
}

int mbinfo1_build(kx_ctx *ctx, const struct mbinfo_input *in, uint64_t addr,
		  void *out, size_t size)
{
	uint8_t *buf = out;
	struct mb1_layout l;
	uint32_t lower, upper;
	size_t off = 0;
	int rc;

	rc = mb1_layout(ctx, in, &l);
	if (rc == 0)
		rc = check_place(ctx, addr, size, l.size, MBINFO1_ALIGN);
	if (rc == 0)
		rc = mbinfo_mem_bounds(ctx, in->memmap, &lower, &upper);
	if (rc)
		return rc;
	memset(buf, 0, size);
	put32(buf + MB1_FLAGS, fill_flags(in));
	put32(buf + MB1_MEM_LOWER, lower);
	put32(buf + MB1_MEM_UPPER, upper);
	put32(buf + MB1_MODS_COUNT, (uint32_t)in->n_modules);
	put32(buf + MB1_MODS_ADDR, (uint32_t)(addr + l.mods_off));
	put32(buf + MB1_MMAP_LENGTH,
	      (uint32_t)(in->memmap->n * MBINFO1_MMAP_ENTRY));
	put32(buf + MB1_MMAP_ADDR, (uint32_t)(addr + MB1_MMAP_OFF));
	fill_mmap(in->memmap, buf + MB1_MMAP_OFF);
	off = l.cmdline_off;
	if (in->cmdline)
		put32(buf + MB1_CMDLINE,
		      put_string(buf, &off, addr, in->cmdline));
	off = l.loader_off;
	put32(buf + MB1_LOADER_NAME,
	      put_string(buf, &off, addr, loader_name(in)));
	fill_modules(in, &l, addr, buf);
	if (in->fb)
		fill_fb(in->fb, &l, addr, buf);
	return 0;
}

/* ---- decoding --------------------------------------------------------- */

void mbinfo_decoded_free(struct mbinfo_decoded *d)
{
	free(d->mods);
	free(d->mmap);
	d->mods = NULL;
	d->mmap = NULL;
	d->n_mods = d->n_mmap = 0;
}

struct block {
	const uint8_t *buf;
	size_t size;
	uint64_t addr;
};

/* LEN bytes at physical address PA, inside the block: their offset. */
static int span_at(kx_ctx *ctx, const struct block *b, uint64_t pa,
		   uint64_t len, const char *what, size_t *off)
{
	if (pa < b->addr || pa - b->addr > b->size ||
	    len > b->size - (pa - b->addr))
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: %s at 0x%" PRIx64
			       " (%" PRIu64 " bytes) lies outside the block",
			       what, pa, len);
	*off = (size_t)(pa - b->addr);
	return 0;
}

/* The NUL-terminated string at PA, inside the block. */
static int string_at(kx_ctx *ctx, const struct block *b, uint64_t pa,
		     const char *what, const char **s)
{
	size_t off = 0;

	if (span_at(ctx, b, pa, 1, what, &off))
		return -EINVAL;
	if (!memchr(b->buf + off, 0, b->size - off))
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: %s at 0x%" PRIx64
			       " is not terminated inside the block",
			       what, pa);
	*s = (const char *)b->buf + off;
	return 0;
}

static int decode_mods(kx_ctx *ctx, const struct block *b,
		       struct mbinfo_decoded *d)
{
	uint32_t n = get32(b->buf + MB1_MODS_COUNT);
	size_t off = 0, i;

	if (span_at(ctx, b, get32(b->buf + MB1_MODS_ADDR),
		    (uint64_t)n * MBINFO1_MODULE, "module list", &off))
		return -EINVAL;
	d->mods = calloc(n ? n : 1, sizeof(*d->mods));
	if (!d->mods)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	d->n_mods = n;
	for (i = 0; i < n; i++) {
		const uint8_t *p = b->buf + off + i * MBINFO1_MODULE;
		uint32_t str = get32(p + 8);

		d->mods[i].start = get32(p);
		d->mods[i].end = get32(p + 4);
		if (str && string_at(ctx, b, str, "module command line",
				     &d->mods[i].cmdline))
			return -EINVAL;
	}
	return 0;
}

/* Entries are walked by their size fields, as kernels walk them. */
static int decode_mmap(kx_ctx *ctx, const struct block *b,
		       struct mbinfo_decoded *d)
{
	uint32_t len = get32(b->buf + MB1_MMAP_LENGTH);
	size_t off = 0, pos;

	if (span_at(ctx, b, get32(b->buf + MB1_MMAP_ADDR), len, "memory map",
		    &off))
		return -EINVAL;
	d->mmap = calloc(len / MBINFO1_MMAP_ENTRY + 1, sizeof(*d->mmap));
	if (!d->mmap)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (pos = 0; pos < len;) {
		const uint8_t *p = b->buf + off + pos;
		uint32_t esz = len - pos >= 4 ? get32(p) : 0;

		if (esz < MB1_MMAP_SIZE_FIELD || esz > len - pos - 4)
			return kx_fail(ctx, -EINVAL,
				       "Multiboot information: memory map "
				       "entry at +%zu has a bad size",
				       pos);
		d->mmap[d->n_mmap].base = get64(p + 4);
		d->mmap[d->n_mmap].length = get64(p + 12);
		d->mmap[d->n_mmap].type = get32(p + 20);
		d->n_mmap++;
		pos += (size_t)esz + 4;
	}
	return 0;
}

static int decode_fb(kx_ctx *ctx, const struct block *b,
		     struct mbinfo_decoded *d)
{
	const uint8_t *c = b->buf + MB1_FB_COLOR;
	struct mbinfo_framebuffer *fb = &d->fb;
	size_t off = 0;

	d->has_fb = true;
	fb->addr = get64(b->buf + MB1_FB_ADDR);
	fb->pitch = get32(b->buf + MB1_FB_PITCH);
	fb->width = get32(b->buf + MB1_FB_WIDTH);
	fb->height = get32(b->buf + MB1_FB_HEIGHT);
	fb->bpp = b->buf[MB1_FB_BPP];
	fb->type = b->buf[MB1_FB_TYPE];
	if (fb->type == MBINFO_FB_RGB) {
		fb->red_pos = c[0];
		fb->red_size = c[1];
		fb->green_pos = c[2];
		fb->green_size = c[3];
		fb->blue_pos = c[4];
		fb->blue_size = c[5];
	} else if (fb->type == MBINFO_FB_INDEXED) {
		fb->palette_n = get16(c + 4);
		if (span_at(ctx, b, get32(c), (uint64_t)fb->palette_n * 3,
			    "framebuffer palette", &off))
			return -EINVAL;
		fb->palette = b->buf + off;
	}
	return 0;
}

static int decode_strings(kx_ctx *ctx, const struct block *b,
			  struct mbinfo_decoded *d)
{
	if ((d->flags & MBI1_CMDLINE) &&
	    string_at(ctx, b, get32(b->buf + MB1_CMDLINE), "command line",
		      &d->cmdline))
		return -EINVAL;
	if ((d->flags & MBI1_LOADER_NAME) &&
	    string_at(ctx, b, get32(b->buf + MB1_LOADER_NAME),
		      "boot loader name", &d->loader_name))
		return -EINVAL;
	return 0;
}

static int decode_parts(kx_ctx *ctx, const struct block *b,
			struct mbinfo_decoded *d)
{
	if (d->flags & MBI1_MEMORY) {
		d->has_mem = true;
		d->mem_lower = get32(b->buf + MB1_MEM_LOWER);
		d->mem_upper = get32(b->buf + MB1_MEM_UPPER);
	}
	if (decode_strings(ctx, b, d))
		return -EINVAL;
	if ((d->flags & MBI1_MODS) && decode_mods(ctx, b, d))
		return -EINVAL;
	if ((d->flags & MBI1_MMAP) && decode_mmap(ctx, b, d))
		return -EINVAL;
	if ((d->flags & MBI1_FRAMEBUFFER) && decode_fb(ctx, b, d))
		return -EINVAL;
	return 0;
}

int mbinfo1_decode(kx_ctx *ctx, const void *buf, size_t size, uint64_t addr,
		   struct mbinfo_decoded *d)
{
	struct block b = {buf, size, addr};
	int rc;

	memset(d, 0, sizeof(*d));
	d->version = 1;
	d->addr = addr;
	d->size = size;
	if (size < MBINFO1_FIXED_SIZE)
		return kx_fail(
		    ctx, -EINVAL,
		    "Multiboot information: %zu bytes, too short for "
		    "the %u-byte structure",
		    size, MBINFO1_FIXED_SIZE);
	d->flags = get32(b.buf + MB1_FLAGS);
	rc = decode_parts(ctx, &b, d);
	if (rc)
		mbinfo_decoded_free(d);
	return rc;
}

/* ---- description ------------------------------------------------------ */

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
			get32(r + 16));
	if (len >= 32)
		fprintf(f, ", XSDT 0x%016" PRIx64, get64(r + 24));
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

int mbinfo1_describe(kx_ctx *ctx, const void *buf, size_t size, uint64_t addr,
		     char **text)
{
	struct mbinfo_decoded d;
	int rc = mbinfo1_decode(ctx, buf, size, addr, &d);

	if (rc)
		return rc;
	rc = mbinfo_describe(ctx, &d, text);
	mbinfo_decoded_free(&d);
	return rc;
}
