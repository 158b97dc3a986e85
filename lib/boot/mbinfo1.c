#include "boot/mbinfo1.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"

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
#define MB1_FB_ADDR	    88 /* to the type at +21: mbinfo_put_fb() */
#define MB1_FB_COLOR	    110
#define MB1_MMAP_OFF	    120 /* first byte after the structure, 8-aligned */
#define MB1_MMAP_SIZE_FIELD 20u

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
	if (!grow(off, strlen(mbinfo_loader_name(in)) + 1))
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
		put_le32(p, MB1_MMAP_SIZE_FIELD);
		mbinfo_put_mmap_entry(p + 4, &map->v[i]);
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

		put_le32(p, (uint32_t)m->start);
		put_le32(p + 4, (uint32_t)(m->start + m->size));
		put_le32(p + 8, put_string(buf, &str, addr, m->cmdline));
		put_le32(p + 12, 0);
	}
}

static void fill_fb(const struct mbinfo_framebuffer *fb,
		    const struct mb1_layout *l, uint64_t addr, uint8_t *buf)
{
	uint8_t *c = buf + MB1_FB_COLOR;

	mbinfo_put_fb(buf + MB1_FB_ADDR, fb);
	if (fb->type == MBINFO_FB_INDEXED) {
		put_le32(c, (uint32_t)(addr + l->palette_off));
		put_le16(c + 4, fb->palette_n);
		if (fb->palette_n)
			memcpy(buf + l->palette_off, fb->palette,
			       (size_t)fb->palette_n * 3);
	} else if (fb->type == MBINFO_FB_RGB) {
		mbinfo_put_rgb(c, fb);
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
		rc = mbinfo_check_place(ctx, "Multiboot", addr, size, l.size,
					MBINFO1_ALIGN);
	if (rc == 0)
		rc = mbinfo_mem_bounds(ctx, in->memmap, &lower, &upper);
	if (rc)
		return rc;
	memset(buf, 0, size);
	put_le32(buf + MB1_FLAGS, fill_flags(in));
	put_le32(buf + MB1_MEM_LOWER, lower);
	put_le32(buf + MB1_MEM_UPPER, upper);
	put_le32(buf + MB1_MODS_COUNT, (uint32_t)in->n_modules);
	put_le32(buf + MB1_MODS_ADDR, (uint32_t)(addr + l.mods_off));
	put_le32(buf + MB1_MMAP_LENGTH,
		 (uint32_t)(in->memmap->n * MBINFO1_MMAP_ENTRY));
	put_le32(buf + MB1_MMAP_ADDR, (uint32_t)(addr + MB1_MMAP_OFF));
	fill_mmap(in->memmap, buf + MB1_MMAP_OFF);
	off = l.cmdline_off;
	if (in->cmdline)
		put_le32(buf + MB1_CMDLINE,
			 put_string(buf, &off, addr, in->cmdline));
	off = l.loader_off;
	put_le32(buf + MB1_LOADER_NAME,
		 put_string(buf, &off, addr, mbinfo_loader_name(in)));
	fill_modules(in, &l, addr, buf);
	if (in->fb)
		fill_fb(in->fb, &l, addr, buf);
	return 0;
}

/* ---- decoding --------------------------------------------------------- */

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
	uint32_t n = get_le32(b->buf + MB1_MODS_COUNT);
	size_t off = 0, i;

	if (span_at(ctx, b, get_le32(b->buf + MB1_MODS_ADDR),
		    (uint64_t)n * MBINFO1_MODULE, "module list", &off))
		return -EINVAL;
	d->mods = calloc(n ? n : 1, sizeof(*d->mods));
	if (!d->mods)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	d->n_mods = n;
	for (i = 0; i < n; i++) {
		const uint8_t *p = b->buf + off + i * MBINFO1_MODULE;
		uint32_t str = get_le32(p + 8);

		d->mods[i].start = get_le32(p);
		d->mods[i].end = get_le32(p + 4);
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
	uint32_t len = get_le32(b->buf + MB1_MMAP_LENGTH);
	size_t off = 0, pos;

	if (span_at(ctx, b, get_le32(b->buf + MB1_MMAP_ADDR), len, "memory map",
		    &off))
		return -EINVAL;
	d->mmap = calloc(len / MBINFO1_MMAP_ENTRY + 1, sizeof(*d->mmap));
	if (!d->mmap)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (pos = 0; pos < len;) {
		const uint8_t *p = b->buf + off + pos;
		uint32_t esz = len - pos >= 4 ? get_le32(p) : 0;

		if (esz < MB1_MMAP_SIZE_FIELD || esz > len - pos - 4)
			return kx_fail(ctx, -EINVAL,
				       "Multiboot information: memory map "
				       "entry at +%zu has a bad size",
				       pos);
		mbinfo_get_mmap_entry(p + 4, &d->mmap[d->n_mmap++]);
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
	mbinfo_get_fb(b->buf + MB1_FB_ADDR, fb);
	if (fb->type == MBINFO_FB_RGB) {
		mbinfo_get_rgb(c, fb);
	} else if (fb->type == MBINFO_FB_INDEXED) {
		fb->palette_n = get_le16(c + 4);
		if (span_at(ctx, b, get_le32(c), (uint64_t)fb->palette_n * 3,
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
	    string_at(ctx, b, get_le32(b->buf + MB1_CMDLINE), "command line",
		      &d->cmdline))
		return -EINVAL;
	if ((d->flags & MBI1_LOADER_NAME) &&
	    string_at(ctx, b, get_le32(b->buf + MB1_LOADER_NAME),
		      "boot loader name", &d->loader_name))
		return -EINVAL;
	return 0;
}

static int decode_parts(kx_ctx *ctx, const struct block *b,
			struct mbinfo_decoded *d)
{
	if (d->flags & MBI1_MEMORY) {
		d->has_mem = true;
		d->mem_lower = get_le32(b->buf + MB1_MEM_LOWER);
		d->mem_upper = get_le32(b->buf + MB1_MEM_UPPER);
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
	d->flags = get_le32(b.buf + MB1_FLAGS);
	rc = decode_parts(ctx, &b, d);
	if (rc)
		mbinfo_decoded_free(d);
	return rc;
}
