#include "boot/mbinfo2.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"
#include "format/multiboot.h"

#define TAG_HDR	      8u
#define FIXED_LEN     8u  /* total_size, reserved */
#define FB_COMMON     24u /* framebuffer tag after its header */
#define RSDP_SIG      "RSD PTR "
#define RSDP_REVISION 15
#define RSDP_LENGTH   20

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

/* ---- checks ----------------------------------------------------------- */

static uint8_t byte_sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

/* How much of the RSDP goes into the old (v1) and new (v2) tags. */
static int rsdp_lengths(kx_ctx *ctx, const struct mbinfo_input *in, size_t *v1,
			size_t *v2)
{
	const uint8_t *r = in->rsdp;
	uint32_t len;

	*v1 = *v2 = 0;
	if (!r)
		return 0;
	if (in->rsdp_len < MBINFO2_RSDP_V1 || memcmp(r, RSDP_SIG, 8) != 0 ||
	    byte_sum(r, MBINFO2_RSDP_V1) != 0)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: the ACPI RSDP given is "
			       "damaged (signature or checksum)");
	*v1 = MBINFO2_RSDP_V1;
	if (r[RSDP_REVISION] < 2)
		return 0;
	len = in->rsdp_len >= MBINFO2_RSDP_V2 ? get_le32(r + RSDP_LENGTH) : 0;
	if (len < MBINFO2_RSDP_V2 || len > in->rsdp_len ||
	    byte_sum(r, len) != 0)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: the ACPI %u.0 RSDP "
			       "given is damaged (length or extended "
			       "checksum)",
			       r[RSDP_REVISION]);
	*v2 = len;
	return 0;
}

static int check_efi_mmap(kx_ctx *ctx, const struct mbinfo_input *in)
{
	if (!in->efi_mmap)
		return 0;
	if (in->efi_desc_size == 0 || in->efi_mmap_size % in->efi_desc_size ||
	    in->efi_mmap_size > MBINFO_MAX_SIZE)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot information: EFI memory map of %zu "
			       "bytes is not a whole number of %" PRIu32
			       "-byte descriptors",
			       in->efi_mmap_size, in->efi_desc_size);
	return 0;
}

static int check_input(kx_ctx *ctx, const struct mbinfo_input *in, size_t *v1,
		       size_t *v2)
{
	int rc = mbinfo_check_input(ctx, in);

	if (rc == 0)
		rc = rsdp_lengths(ctx, in, v1, v2);
	if (rc == 0)
		rc = check_efi_mmap(ctx, in);
	return rc;
}

/* ---- the writer: measures when buf is NULL, fills otherwise ------------ */

struct writer {
	uint8_t *buf;
	size_t off;
	bool too_big;
	size_t n_tags;
};

/* Start a tag of LEN payload bytes; its payload, or NULL when measuring
 * (or past MBINFO_MAX_SIZE). */
static uint8_t *tag(struct writer *w, uint32_t type, size_t len)
{
	size_t start = w->off;

	if (w->too_big || len > MBINFO_MAX_SIZE - TAG_HDR ||
	    align8(TAG_HDR + len) > MBINFO_MAX_SIZE - start) {
		w->too_big = true;
		return NULL;
	}
	w->off = start + align8(TAG_HDR + len);
	w->n_tags++;
	if (!w->buf)
		return NULL;
	put_le32(w->buf + start, type);
	put_le32(w->buf + start + 4, (uint32_t)(TAG_HDR + len));
	return w->buf + start + TAG_HDR;
}

static void emit_string(struct writer *w, uint32_t type, const char *s)
{
	size_t len = strlen(s) + 1;
	uint8_t *p = tag(w, type, len);

	if (p)
		memcpy(p, s, len);
}

static void emit_modules(struct writer *w, const struct mbinfo_input *in)
{
	size_t i;

	for (i = 0; i < in->n_modules; i++) {
		const struct mbinfo_module *m = &in->modules[i];
		const char *s = m->cmdline ? m->cmdline : "";
		size_t len = strlen(s) + 1;
		uint8_t *p = tag(w, MB2_INFO_MODULE, 8 + len);

		if (!p)
			continue;
		put_le32(p, (uint32_t)m->start);
		put_le32(p + 4, (uint32_t)(m->start + m->size));
		memcpy(p + 8, s, len);
	}
}

static void emit_meminfo(struct writer *w, uint32_t lower, uint32_t upper)
{
	uint8_t *p = tag(w, MB2_INFO_BASIC_MEMINFO, 8);

	if (!p)
		return;
	put_le32(p, lower);
	put_le32(p + 4, upper);
}

static void emit_mmap(struct writer *w, const struct kx_ranges *map)
{
	uint8_t *p;
	size_t i;

	if (map->n > MBINFO_MAX_SIZE / MBINFO2_MMAP_ENTRY) {
		w->too_big = true;
		return;
	}
	p = tag(w, MB2_INFO_MMAP, 8 + map->n * MBINFO2_MMAP_ENTRY);
	if (!p)
		return;
	put_le32(p, MBINFO2_MMAP_ENTRY);
	put_le32(p + 4, 0); /* entry_version */
	for (i = 0, p += 8; i < map->n; i++, p += MBINFO2_MMAP_ENTRY) {
		mbinfo_put_mmap_entry(p, &map->v[i]);
		put_le32(p + 20, 0);
	}
}

static size_t fb_color_len(const struct mbinfo_framebuffer *fb)
{
	if (fb->type == MBINFO_FB_INDEXED)
		return 2 + (size_t)fb->palette_n * 3;
	return fb->type == MBINFO_FB_RGB ? 6 : 0;
}

static void emit_fb(struct writer *w, const struct mbinfo_framebuffer *fb)
{
	uint8_t *p = tag(w, MB2_INFO_FRAMEBUFFER, FB_COMMON + fb_color_len(fb));
	uint8_t *c;

	if (!p)
		return;
	mbinfo_put_fb(p, fb);
	c = p + FB_COMMON;
	if (fb->type == MBINFO_FB_INDEXED) {
		put_le16(c, fb->palette_n);
		if (fb->palette_n)
			memcpy(c + 2, fb->palette, (size_t)fb->palette_n * 3);
	} else if (fb->type == MBINFO_FB_RGB) {
		mbinfo_put_rgb(c, fb);
	}
}

static void emit_bytes(struct writer *w, uint32_t type, const void *src,
		       size_t len)
{
	uint8_t *p = tag(w, type, len);

	if (p)
		memcpy(p, src, len);
}

static void emit_efi(struct writer *w, const struct mbinfo_input *in)
{
	uint8_t *p;

	if (in->has_efi32 && (p = tag(w, MB2_INFO_EFI32, 4)))
		put_le32(p, in->efi32_systab);
	if (in->has_efi64 && (p = tag(w, MB2_INFO_EFI64, 8)))
		put_le64(p, in->efi64_systab);
	if (in->efi_mmap &&
	    (p = tag(w, MB2_INFO_EFI_MMAP, 8 + in->efi_mmap_size))) {
		put_le32(p, in->efi_desc_size);
		put_le32(p + 4, in->efi_desc_version);
		memcpy(p + 8, in->efi_mmap, in->efi_mmap_size);
	}
}

struct mem {
	uint32_t lower, upper;
	size_t rsdp_v1, rsdp_v2;
};

/* Every tag in order; the same walk measures and fills. */
static void emit_all(struct writer *w, const struct mbinfo_input *in,
		     const struct mem *m)
{
	uint8_t *p;

	w->off = FIXED_LEN;
	if (in->cmdline)
		emit_string(w, MB2_INFO_CMDLINE, in->cmdline);
	emit_string(w, MB2_INFO_LOADER_NAME, mbinfo_loader_name(in));
	emit_modules(w, in);
	emit_meminfo(w, m->lower, m->upper);
	emit_mmap(w, in->memmap);
	if (in->fb)
		emit_fb(w, in->fb);
	if (m->rsdp_v1)
		emit_bytes(w, MB2_INFO_ACPI_OLD, in->rsdp, m->rsdp_v1);
	if (m->rsdp_v2)
		emit_bytes(w, MB2_INFO_ACPI_NEW, in->rsdp, m->rsdp_v2);
	emit_efi(w, in);
	if (in->has_load_base && (p = tag(w, MB2_INFO_LOAD_BASE, 4)))
		put_le32(p, in->load_base);
	tag(w, MB2_INFO_END, 0);
}

static int measure(kx_ctx *ctx, const struct mbinfo_input *in, struct mem *m,
		   size_t *size)
{
	struct writer w = {0};
	int rc;

	memset(m, 0, sizeof(*m));
	rc = check_input(ctx, in, &m->rsdp_v1, &m->rsdp_v2);
	if (rc)
		return rc;
	emit_all(&w, in, m);
	if (w.too_big)
		return kx_fail(
		    ctx, -E2BIG,
		    "Multiboot 2 information: the block would exceed "
		    "%u bytes (memory map, modules or strings too "
		    "large)",
		    MBINFO_MAX_SIZE);
	*size = w.off;
	return 0;
}

int mbinfo2_size(kx_ctx *ctx, const struct mbinfo_input *in, size_t *size)
{
	struct mem m;

	return measure(ctx, in, &m, size);
}

int mbinfo2_build(kx_ctx *ctx, const struct mbinfo_input *in, uint64_t addr,
		  void *buf, size_t size)
{
	struct writer w = {0};
	struct mem m;
	size_t want;
	int rc;

	rc = measure(ctx, in, &m, &want);
	if (rc == 0)
		rc = mbinfo_check_place(ctx, "Multiboot 2", addr, size, want,
					MBINFO2_ALIGN);
	if (rc == 0)
		rc = mbinfo_mem_bounds(ctx, in->memmap, &m.lower, &m.upper);
	if (rc)
		return rc;
	memset(buf, 0, size);
	w.buf = buf;
	emit_all(&w, in, &m);
	put_le32(w.buf, (uint32_t)size);
	put_le32(w.buf + 4, 0);
	return 0;
}

/* ---- decoding --------------------------------------------------------- */

struct rtag {
	uint32_t type;
	uint32_t size;	  /* header included */
	const uint8_t *p; /* payload */
	size_t off;
};

static int tag_short(kx_ctx *ctx, const struct rtag *t)
{
	return kx_fail(ctx, -EINVAL,
		       "Multiboot 2 information: %s tag at +%zu is too short "
		       "(%" PRIu32 " bytes)",
		       mb2_info_type_name(t->type), t->off, t->size);
}

/* A string filling the payload of T from offset AT, NUL-terminated. */
static int tag_string(kx_ctx *ctx, const struct rtag *t, size_t at,
		      const char **s)
{
	size_t len = t->size - TAG_HDR;

	if (at >= len || !memchr(t->p + at, 0, len - at))
		return kx_fail(ctx, -EINVAL,
			       "Multiboot 2 information: %s tag at +%zu holds "
			       "no terminated string",
			       mb2_info_type_name(t->type), t->off);
	*s = (const char *)t->p + at;
	return 0;
}

static int add_module(kx_ctx *ctx, const struct rtag *t,
		      struct mbinfo_decoded *d)
{
	struct mbinfo_decoded_module *v;

	if (t->size < TAG_HDR + 9)
		return tag_short(ctx, t);
	v = realloc(d->mods, (d->n_mods + 1) * sizeof(*v));
	if (!v)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	d->mods = v;
	v += d->n_mods++;
	v->start = get_le32(t->p);
	v->end = get_le32(t->p + 4);
	v->cmdline = NULL;
	return tag_string(ctx, t, 8, &v->cmdline);
}

static int read_mmap(kx_ctx *ctx, const struct rtag *t,
		     struct mbinfo_decoded *d)
{
	uint32_t esz;
	size_t n, i;

	if (t->size < TAG_HDR + 8)
		return tag_short(ctx, t);
	if (d->mmap)
		return 0; /* kernels use the first one */
	esz = get_le32(t->p);
	if (esz < MBINFO2_MMAP_ENTRY)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot 2 information: memory map entries of "
			       "%" PRIu32 " bytes",
			       esz);
	n = (t->size - TAG_HDR - 8) / esz;
	d->mmap = calloc(n ? n : 1, sizeof(*d->mmap));
	if (!d->mmap)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	d->n_mmap = n;
	for (i = 0; i < n; i++)
		mbinfo_get_mmap_entry(t->p + 8 + i * esz, &d->mmap[i]);
	return 0;
}

static int read_fb_color(kx_ctx *ctx, const struct rtag *t,
			 struct mbinfo_framebuffer *fb)
{
	const uint8_t *c = t->p + FB_COMMON;
	size_t room = t->size - TAG_HDR - FB_COMMON;

	if (fb->type == MBINFO_FB_INDEXED) {
		if (room < 2 || (room - 2) / 3 < get_le16(c))
			return tag_short(ctx, t);
		fb->palette_n = get_le16(c);
		fb->palette = c + 2;
	} else if (fb->type == MBINFO_FB_RGB) {
		if (room < 6)
			return tag_short(ctx, t);
		mbinfo_get_rgb(c, fb);
	}
	return 0;
}

static int read_fb(kx_ctx *ctx, const struct rtag *t, struct mbinfo_decoded *d)
{
	struct mbinfo_framebuffer *fb = &d->fb;

	if (t->size < TAG_HDR + FB_COMMON)
		return tag_short(ctx, t);
	memset(fb, 0, sizeof(*fb));
	d->has_fb = true;
	mbinfo_get_fb(t->p, fb);
	return read_fb_color(ctx, t, fb);
}

static int read_efi_mmap(kx_ctx *ctx, const struct rtag *t,
			 struct mbinfo_decoded *d)
{
	if (t->size < TAG_HDR + 8)
		return tag_short(ctx, t);
	d->efi_desc_size = get_le32(t->p);
	d->efi_desc_version = get_le32(t->p + 4);
	d->efi_mmap = t->p + 8;
	d->efi_mmap_size = t->size - TAG_HDR - 8;
	return 0;
}

/* Fixed-size tags: NEED payload bytes. */
static int read_small(kx_ctx *ctx, const struct rtag *t, size_t need,
		      struct mbinfo_decoded *d)
{
	if (t->size - TAG_HDR < need)
		return tag_short(ctx, t);
	switch (t->type) {
	case MB2_INFO_BASIC_MEMINFO:
		d->has_mem = true;
		d->mem_lower = get_le32(t->p);
		d->mem_upper = get_le32(t->p + 4);
		break;
	case MB2_INFO_EFI32:
		d->has_efi32 = true;
		d->efi32_systab = get_le32(t->p);
		break;
	case MB2_INFO_EFI64:
		d->has_efi64 = true;
		d->efi64_systab = get_le64(t->p);
		break;
	case MB2_INFO_LOAD_BASE:
		d->has_load_base = true;
		d->load_base = get_le32(t->p);
		break;
	}
	return 0;
}

static int read_rsdp(kx_ctx *ctx, const struct rtag *t,
		     struct mbinfo_decoded *d)
{
	size_t len = t->size - TAG_HDR;

	if (len < MBINFO2_RSDP_V1)
		return tag_short(ctx, t);
	if (t->type == MB2_INFO_ACPI_OLD) {
		d->rsdp_old = t->p;
		d->rsdp_old_len = len;
	} else {
		d->rsdp_new = t->p;
		d->rsdp_new_len = len;
	}
	return 0;
}

static int read_tag(kx_ctx *ctx, const struct rtag *t, struct mbinfo_decoded *d)
{
	switch (t->type) {
	case MB2_INFO_CMDLINE:
		return tag_string(ctx, t, 0, &d->cmdline);
	case MB2_INFO_LOADER_NAME:
		return tag_string(ctx, t, 0, &d->loader_name);
	case MB2_INFO_MODULE:
		return add_module(ctx, t, d);
	case MB2_INFO_BASIC_MEMINFO:
	case MB2_INFO_EFI64:
		return read_small(ctx, t, 8, d);
	case MB2_INFO_EFI32:
	case MB2_INFO_LOAD_BASE:
		return read_small(ctx, t, 4, d);
	case MB2_INFO_MMAP:
		return read_mmap(ctx, t, d);
	case MB2_INFO_FRAMEBUFFER:
		return read_fb(ctx, t, d);
	case MB2_INFO_ACPI_OLD:
	case MB2_INFO_ACPI_NEW:
		return read_rsdp(ctx, t, d);
	case MB2_INFO_EFI_MMAP:
		return read_efi_mmap(ctx, t, d);
	default:
		return 0; /* other loaders' tags: counted, not decoded */
	}
}

/* The tag at OFF, checked to lie within the first END bytes. */
static int next_tag(kx_ctx *ctx, const uint8_t *b, size_t off, size_t end,
		    struct rtag *t)
{
	if (end - off < TAG_HDR)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot 2 information: no end tag within "
			       "total_size (%zu bytes)",
			       end);
	t->off = off;
	t->type = get_le32(b + off);
	t->size = get_le32(b + off + 4);
	t->p = b + off + TAG_HDR;
	if (t->size < TAG_HDR || t->size > end - off)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot 2 information: tag %" PRIu32
			       " at +%zu has size %" PRIu32
			       ", outside the block",
			       t->type, off, t->size);
	return 0;
}

static int walk(kx_ctx *ctx, const uint8_t *b, size_t end,
		struct mbinfo_decoded *d)
{
	size_t off = FIXED_LEN;
	struct rtag t;
	int rc;

	for (;;) {
		rc = next_tag(ctx, b, off, end, &t);
		if (rc)
			return rc;
		d->n_tags++;
		if (t.type == MB2_INFO_END)
			return 0;
		rc = read_tag(ctx, &t, d);
		if (rc)
			return rc;
		off += align8(t.size);
		if (off >= end)
			return kx_fail(ctx, -EINVAL,
				       "Multiboot 2 information: no end tag "
				       "within total_size (%zu bytes)",
				       end);
	}
}

int mbinfo2_decode(kx_ctx *ctx, const void *buf, size_t size, uint64_t addr,
		   struct mbinfo_decoded *d)
{
	const uint8_t *b = buf;
	int rc;

	memset(d, 0, sizeof(*d));
	d->version = 2;
	d->addr = addr;
	d->size = size;
	if (size < FIXED_LEN + TAG_HDR)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot 2 information: %zu bytes, too short",
			       size);
	d->total_size = get_le32(b);
	if (d->total_size > size || d->total_size < FIXED_LEN + TAG_HDR)
		return kx_fail(ctx, -EINVAL,
			       "Multiboot 2 information: total_size %" PRIu32
			       " does not fit the %zu-byte block",
			       d->total_size, size);
	rc = walk(ctx, b, d->total_size, d);
	if (rc)
		mbinfo_decoded_free(d);
	return rc;
}
