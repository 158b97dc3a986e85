/* libFuzzer target: the boot_params builder and decoder.  The input picks
 * the flags, addresses, command line, the running kernel's boot_params
 * (whole, truncated or absent), a memory map and an EFI runtime map; a
 * successful build must decode back to what went in.  The raw input is
 * also decoded as if it were a built buffer. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/bootparams.h"
#include "boot/zeropage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct reader {
	const uint8_t *p;
	size_t left;
};

static uint64_t take(struct reader *r, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n && r->left; i++, r->left--)
		v |= (uint64_t)*r->p++ << (8 * i);
	return v;
}

static const uint8_t *take_bytes(struct reader *r, size_t *n)
{
	const uint8_t *p = r->p;

	if (*n > r->left)
		*n = r->left;
	r->p += *n;
	r->left -= *n;
	return p;
}

/* A protocol 2.15 setup header ending at 0x26c. */
static void make_image(uint8_t *img, struct kx_bzimage_info *info, uint16_t xlf)
{
	memset(img, 0, 0x400);
	zp_put16(img, 0x1fe, 0xaa55);
	img[0x200] = 0xeb;
	img[0x201] = 0x6a;
	memcpy(img + 0x202, "HdrS", 4);
	zp_put16(img, 0x206, 0x020f);
	img[0x211] = 0xff;
	zp_put32(img, 0x22c, 0x7fffffff);
	zp_put16(img, 0x236, xlf);
	zp_put32(img, 0x238, 2047);
	memset(info, 0, sizeof(*info));
	info->protocol = 0x020f;
	info->xloadflags = xlf;
	info->cmdline_size = 2047;
}

static void read_map(struct reader *r, struct kx_ranges *map, size_t n)
{
	size_t i;

	ranges_init(map);
	map->v = calloc(n ? n : 1, sizeof(*map->v));
	if (!map->v)
		abort();
	map->cap = n ? n : 1;
	for (i = 0; i < n; i++) {
		/* Sorted by construction when the input runs dry. */
		uint64_t start = r->left ? take(r, 8) : (uint64_t)i << 21;
		uint64_t len = r->left ? take(r, 4) << 12 : 0x1000;
		uint32_t type = r->left ? (uint32_t)take(r, 1) % 8 : 1;

		map->v[map->n].start = start;
		map->v[map->n].end =
		    start > UINT64_MAX - len ? UINT64_MAX : start + len;
		map->v[map->n].type = type ? type : KX_RANGE_RAM;
		map->n++;
	}
}

static void read_efi(struct reader *r, struct sys_efi *efi, size_t n)
{
	size_t i;

	memset(efi, 0, sizeof(*efi));
	efi->fw_vendor = take(r, 8);
	efi->tables = take(r, 8);
	efi->smbios = take(r, 8);
	efi->map = calloc(n ? n : 1, sizeof(*efi->map));
	if (!efi->map)
		abort();
	efi->map_n = n;
	for (i = 0; i < n; i++) {
		efi->map[i].type = (uint32_t)take(r, 1);
		efi->map[i].phys_addr = take(r, 8);
		efi->map[i].virt_addr = take(r, 8);
		efi->map[i].num_pages = take(r, 2);
	}
}

static size_t nonempty(const struct kx_ranges *map)
{
	size_t i, n = 0;

	for (i = 0; i < map->n; i++)
		n += map->v[i].start < map->v[i].end;
	return n;
}

/* What must hold for a buffer that was built from IN. */
static void check_roundtrip(kx_ctx *ctx, const struct bootparams_input *in,
			    const struct bootparams_layout *lay,
			    const uint8_t *buf, uint64_t load)
{
	struct bootparams_summary sum;
	struct kx_ranges e820;
	size_t i, j = 0;

	ranges_init(&e820);
	if (bootparams_decode(ctx, buf, lay->size, load, &sum, &e820))
		abort();
	if (sum.e820_n != nonempty(in->memmap) || e820.n != sum.e820_n)
		abort();
	for (i = 0; i < in->memmap->n; i++) {
		const struct kx_range *r = &in->memmap->v[i];

		if (r->start == r->end)
			continue;
		if (e820.v[j].start != r->start || e820.v[j].end != r->end ||
		    e820.v[j].type != r->type)
			abort();
		j++;
	}
	if (!sum.cmdline || strcmp(sum.cmdline, in->cmdline) != 0)
		abort();
	if (sum.efi != (lay->efi_reason == KX_REASON_NONE) || sum.rng_seed != !!in->rng_seed)
		abort();
	if (in->has_initrd && in->initrd_size &&
	    (sum.initrd_addr != in->initrd_addr ||
	     sum.initrd_size != in->initrd_size))
		abort();
	if (sum.acpi_rsdp != in->acpi_rsdp || buf[ZP_OFF(sentinel)] != 0)
		abort();
	ranges_free(&e820);
}

static void build_once(kx_ctx *ctx, const struct bootparams_input *in,
		       uint64_t load)
{
	struct bootparams_layout lay;
	uint8_t *buf;

	if (bootparams_layout(ctx, in, &lay))
		return;
	if (lay.size < BOOTPARAMS_PAGE_SIZE || lay.size % 16)
		abort();
	buf = malloc(lay.size);
	if (!buf)
		abort();
	if (bootparams_build(ctx, in, load, buf, lay.size) == 0)
		check_roundtrip(ctx, in, &lay, buf, load);
	free(buf);
}

static void decode_raw(kx_ctx *ctx, const uint8_t *data, size_t size)
{
	struct bootparams_summary sum;
	struct kx_ranges e820;

	ranges_init(&e820);
	(void)bootparams_decode(ctx, data, size, 0x100000, &sum, &e820);
	ranges_free(&e820);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reader r = {data, size};
	struct bootparams_input in;
	struct sys_efi efi;
	struct kx_bzimage_info info;
	struct kx_ranges map;
	static uint8_t img[0x400];
	uint8_t seed[BOOTPARAMS_RNG_SEED_SIZE] = {0};
	char cmdline[256];
	size_t clen, rlen = BOOTPARAMS_PAGE_SIZE, n_map, n_efi;
	uint64_t load, flags;
	kx_ctx *ctx = kx_ctx_new();

	if (!ctx)
		return 0;
	decode_raw(ctx, data, size);
	flags = take(&r, 1);
	make_image(
	    img, &info,
	    (uint16_t)(KX_XLF_KERNEL_64 |
		       (flags & 0x10 ? KX_XLF_CAN_BE_LOADED_ABOVE_4G : 0) |
		       (flags & 0x20 ? KX_XLF_EFI_KEXEC : 0)));
	n_map = take(&r, 2) % (BOOTPARAMS_E820_MAX + 10);
	n_efi = take(&r, 1);
	load = take(&r, 8) & ~(uint64_t)(flags & 0x40 ? 0 : 15);
	memset(&in, 0, sizeof(in));
	in.image = img;
	in.image_size = sizeof(img);
	in.info = &info;
	in.has_initrd = flags & 0x08;
	in.initrd_addr = take(&r, 8);
	in.initrd_size = take(&r, 8);
	in.acpi_rsdp = take(&r, 8);
	clen = take(&r, 1);
	memcpy(cmdline, take_bytes(&r, &clen), clen);
	cmdline[clen] = '\0';
	in.cmdline = cmdline;
	if (flags & 0x01) {
		in.running = take_bytes(&r, &rlen);
		in.running_size = rlen;
	}
	if (flags & 0x04)
		in.rng_seed = seed;
	read_map(&r, &map, n_map);
	in.memmap = &map;
	read_efi(&r, &efi, n_efi);
	if (flags & 0x02)
		in.efi = &efi;
	build_once(ctx, &in, load);
	sys_efi_free(&efi);
	ranges_free(&map);
	kx_ctx_free(ctx);
	return 0;
}
