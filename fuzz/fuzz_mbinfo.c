/* libFuzzer target: the Multiboot 1 and 2 information builders and their
 * decoders.  The input is read as a description of a machine (memory map,
 * command line, modules, framebuffer, RSDP, EFI data, load address); both
 * blocks are built, decoded back and compared with what went in, and
 * described.  The raw input is also decoded as a block of each kind. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/mbinfo1.h"
#include "boot/mbinfo2.h"
#include "core/desc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_RANGES  48
#define MAX_MODULES 8
#define MAX_STRING  96

/* Bytes of the input, zeros once it runs out. */
struct reader {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct reader *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

static uint64_t un(struct reader *r, unsigned bytes)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)u8(r) << (8 * i);
	return v;
}

/* A string of up to MAX_STRING bytes; an embedded NUL ends it early. */
static char *string(struct reader *r)
{
	size_t len = u8(r) % MAX_STRING, i;
	char *s = calloc(1, len + 1);

	if (!s)
		abort();
	for (i = 0; i < len; i++)
		s[i] = (char)u8(r);
	return s;
}

struct machine {
	struct kx_range ranges[MAX_RANGES];
	struct kx_ranges map;
	struct mbinfo_module mods[MAX_MODULES];
	char *strings[MAX_MODULES + 1];
	struct mbinfo_framebuffer fb;
	uint8_t palette[3 * 300];
	uint8_t rsdp[64];
	uint8_t efi_mmap[256];
	struct mbinfo_input in;
	uint64_t addr;
};

static void read_map(struct reader *r, struct machine *m)
{
	size_t n = u8(r) % MAX_RANGES, i;

	for (i = 0; i < n; i++) {
		uint64_t start = un(r, 8), len = un(r, u8(r) % 9);

		m->ranges[i].start = start;
		m->ranges[i].end =
		    len > UINT64_MAX - start ? UINT64_MAX : start + len;
		m->ranges[i].type = u8(r) % 8;
	}
	m->map.v = m->ranges;
	m->map.n = m->map.cap = n;
	m->in.memmap = &m->map;
}

static void read_modules(struct reader *r, struct machine *m)
{
	size_t i;

	m->in.n_modules = u8(r) % (MAX_MODULES + 1);
	for (i = 0; i < m->in.n_modules; i++) {
		m->mods[i].start = un(r, 4 + u8(r) % 2);
		m->mods[i].size = un(r, 4);
		m->strings[i + 1] = u8(r) & 1 ? string(r) : NULL;
		m->mods[i].cmdline = m->strings[i + 1];
	}
	m->in.modules = m->in.n_modules ? m->mods : NULL;
}

static void read_fb(struct reader *r, struct machine *m)
{
	size_t i;

	if (!(u8(r) & 1))
		return;
	m->fb.addr = un(r, 8);
	m->fb.pitch = (uint32_t)un(r, 4);
	m->fb.width = (uint32_t)un(r, 4);
	m->fb.height = (uint32_t)un(r, 4);
	m->fb.bpp = u8(r);
	m->fb.type = u8(r) % 4;
	m->fb.red_pos = u8(r);
	m->fb.blue_size = u8(r);
	m->fb.palette_n = (uint16_t)(un(r, 2) % 300);
	for (i = 0; i < 3u * m->fb.palette_n; i++)
		m->palette[i] = u8(r);
	m->fb.palette = u8(r) & 1 ? m->palette : NULL;
	m->in.fb = &m->fb;
}

/* Mostly a valid RSDP (so the builder accepts it), sometimes raw bytes. */
static void read_rsdp(struct reader *r, struct machine *m)
{
	uint8_t mode = u8(r) % 4, s = 0;
	size_t i, len;

	if (mode == 0)
		return;
	for (i = 0; i < sizeof(m->rsdp); i++)
		m->rsdp[i] = u8(r);
	len = u8(r) % (sizeof(m->rsdp) + 1);
	if (mode >= 2) {
		memcpy(m->rsdp, "RSD PTR ", 8);
		m->rsdp[15] = mode == 2 ? 0 : 2;
		m->rsdp[20] = (uint8_t)(36 + u8(r) % 28);
		m->rsdp[21] = m->rsdp[22] = m->rsdp[23] = 0;
		m->rsdp[8] = 0;
		for (i = 0; i < 20; i++)
			s = (uint8_t)(s + m->rsdp[i]);
		m->rsdp[8] = (uint8_t)-s;
		m->rsdp[32] = 0;
		for (s = 0, i = 0; i < m->rsdp[20]; i++)
			s = (uint8_t)(s + m->rsdp[i]);
		m->rsdp[32] = (uint8_t)-s;
		len = mode == 2 ? 20 : m->rsdp[20];
	}
	m->in.rsdp = m->rsdp;
	m->in.rsdp_len = len;
}

static void read_efi(struct reader *r, struct machine *m)
{
	uint8_t f = u8(r);
	size_t i;

	m->in.has_efi32 = f & 1;
	m->in.efi32_systab = (uint32_t)un(r, 4);
	m->in.has_efi64 = f & 2;
	m->in.efi64_systab = un(r, 8);
	m->in.has_load_base = f & 4;
	m->in.load_base = (uint32_t)un(r, 4);
	if (!(f & 8))
		return;
	m->in.efi_mmap_size = u8(r) % (sizeof(m->efi_mmap) + 1);
	m->in.efi_desc_size = u8(r) % 64;
	m->in.efi_desc_version = u8(r);
	for (i = 0; i < m->in.efi_mmap_size; i++)
		m->efi_mmap[i] = u8(r);
	m->in.efi_mmap = m->efi_mmap;
}

static void read_machine(struct reader *r, struct machine *m)
{
	memset(m, 0, sizeof(*m));
	read_map(r, m);
	m->strings[0] = u8(r) & 1 ? string(r) : NULL;
	m->in.cmdline = m->strings[0];
	m->in.loader_name = u8(r) & 1 ? "fuzz loader" : NULL;
	read_modules(r, m);
	read_fb(r, m);
	read_rsdp(r, m);
	read_efi(r, m);
	m->addr = un(r, 4 + u8(r) % 2);
	if (u8(r) & 1)
		m->addr &= ~(uint64_t)7;
}

static void free_machine(struct machine *m)
{
	size_t i;

	for (i = 0; i <= MAX_MODULES; i++)
		free(m->strings[i]);
}

static bool same_string(const char *built, const char *in)
{
	return built && strcmp(built, in ? in : "") == 0;
}

/* What both protocols must give back. */
static void compare_common(const struct mbinfo_decoded *d,
			   const struct mbinfo_input *in)
{
	size_t i;

	if (!d->has_mem || d->n_mmap != in->memmap->n ||
	    d->n_mods != in->n_modules)
		abort();
	if (in->cmdline ? !same_string(d->cmdline, in->cmdline) : !!d->cmdline)
		abort();
	if (!same_string(d->loader_name, in->loader_name ? in->loader_name
							 : MBINFO_LOADER_NAME))
		abort();
	for (i = 0; i < d->n_mmap; i++)
		if (d->mmap[i].base != in->memmap->v[i].start ||
		    d->mmap[i].length !=
			in->memmap->v[i].end - in->memmap->v[i].start ||
		    d->mmap[i].type != mbinfo_mmap_type(in->memmap->v[i].type))
			abort();
	for (i = 0; i < d->n_mods; i++)
		if (d->mods[i].start != in->modules[i].start ||
		    d->mods[i].end !=
			in->modules[i].start + in->modules[i].size ||
		    !same_string(d->mods[i].cmdline, in->modules[i].cmdline))
			abort();
	if (!!in->fb != d->has_fb ||
	    (in->fb &&
	     (d->fb.addr != in->fb->addr || d->fb.type != in->fb->type ||
	      (in->fb->type == MBINFO_FB_INDEXED &&
	       d->fb.palette_n != in->fb->palette_n))))
		abort();
}

static void compare_mb2(const struct mbinfo_decoded *d,
			const struct mbinfo_input *in)
{
	if (d->has_efi32 != in->has_efi32 || d->has_efi64 != in->has_efi64 ||
	    d->has_load_base != in->has_load_base ||
	    !!d->efi_mmap != !!in->efi_mmap)
		abort();
	if ((in->has_efi64 && d->efi64_systab != in->efi64_systab) ||
	    (in->efi_mmap && d->efi_mmap_size != in->efi_mmap_size))
		abort();
	if (!!d->rsdp_old != !!in->rsdp ||
	    (d->rsdp_old && memcmp(d->rsdp_old, in->rsdp, 20) != 0))
		abort();
}

/* Every decoded block becomes fields, and the lists match the block. */
static void describe(kx_ctx *ctx, const struct mbinfo_decoded *d)
{
	struct desc *desc = desc_new();

	if (!desc || mbinfo_fields(ctx, d, desc) != 0 ||
	    desc_count(desc, KX_LIST_INFO_MODULES) != d->n_mods ||
	    desc_count(desc, KX_LIST_INFO_MMAP) != d->n_mmap)
		abort();
	desc_free(desc);
}

/* Build with BUILD_SIZE/BUILD at the machine's address, decode, compare.
 * Refusals are fine as long as size and build agree. */
static void round_trip(kx_ctx *ctx, const struct machine *m, int version)
{
	struct mbinfo_decoded d;
	size_t size;
	uint8_t *buf;
	int rc = version == 1 ? mbinfo1_size(ctx, &m->in, &size)
			      : mbinfo2_size(ctx, &m->in, &size);

	if (rc != 0)
		return;
	buf = malloc(size);
	if (!buf)
		abort();
	rc = version == 1 ? mbinfo1_build(ctx, &m->in, m->addr, buf, size)
			  : mbinfo2_build(ctx, &m->in, m->addr, buf, size);
	if (rc == 0) {
		if (m->addr % 8 || m->addr + size > 0x100000000ull)
			abort();
		rc = version == 1 ? mbinfo1_decode(ctx, buf, size, m->addr, &d)
				  : mbinfo2_decode(ctx, buf, size, m->addr, &d);
		if (rc != 0)
			abort();
		compare_common(&d, &m->in);
		if (version == 2)
			compare_mb2(&d, &m->in);
		describe(ctx, &d);
		mbinfo_decoded_free(&d);
	}
	free(buf);
}

static void decode_raw(kx_ctx *ctx, const uint8_t *data, size_t size)
{
	struct mbinfo_decoded d;
	uint64_t addr = size >= 4 ? (data[0] | (uint64_t)data[1] << 8) << 8 : 0;

	if (mbinfo1_decode(ctx, data, size, addr, &d) == 0) {
		describe(ctx, &d);
		mbinfo_decoded_free(&d);
	}
	if (mbinfo2_decode(ctx, data, size, addr, &d) == 0) {
		describe(ctx, &d);
		mbinfo_decoded_free(&d);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = {data, size};
	struct machine *m = malloc(sizeof(*m));
	kx_ctx *ctx = kx_ctx_new();

	if (!ctx || !m)
		abort();
	read_machine(&r, m);
	round_trip(ctx, m, 1);
	round_trip(ctx, m, 2);
	free_machine(m);
	free(m);
	decode_raw(ctx, data, size);
	kx_ctx_free(ctx);
	return 0;
}
