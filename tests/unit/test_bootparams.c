/* The boot_params builder: fields against synthetic and real kernel
 * images, e820 tables of every size, the setup_data chain, EFI and RSDP
 * from fixture trees captured on real (virtual) machines, and malformed
 * inputs. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/x86_64/bootparams.h"
#include "arch/x86_64/zeropage.h"
#include "core/file.h"
#include "format/bzimage.h"
#include "helpers.h"
#include "sys/memmap.h"

/* The running system's facts as the loaders get them: from a snapshot of
 * the context's root (sys/system.h), copied out so each test owns them. */
static int snap_boot_params(kx_ctx *ctx, uint8_t *page)
{
	const uint8_t *p;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	if (!rc)
		rc = system_boot_params(sys, &p);
	if (!rc)
		memcpy(page, p, SYSTEM_BOOT_PARAMS_SIZE);
	system_free(sys);
	return rc;
}

static int snap_efi(kx_ctx *ctx, struct sys_efi *efi)
{
	const struct sys_efi *e;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	memset(efi, 0, sizeof(*efi));
	if (!rc)
		rc = system_efi(sys, &e);
	if (!rc) {
		*efi = *e;
		efi->map = NULL;
		if (e->map_n) {
			efi->map = malloc(e->map_n * sizeof(*efi->map));
			assert_non_null(efi->map);
			memcpy(efi->map, e->map, e->map_n * sizeof(*efi->map));
		}
	}
	system_free(sys);
	return rc;
}

static int snap_seed(kx_ctx *ctx, uint8_t *seed)
{
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	if (!rc)
		rc = system_random_seed(sys, seed, BOOTPARAMS_RNG_SEED_SIZE);
	system_free(sys);
	return rc;
}

/* RUNNING is the snapshot's own boot_params now; NULL or not, the
 * answer must be the same. */
static int snap_rsdp(kx_ctx *ctx, const uint8_t *running, uint64_t *rsdp,
		     enum sys_rsdp_source *source)
{
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	(void)running;
	if (!rc)
		rc = system_rsdp(sys, rsdp, source);
	system_free(sys);
	return rc;
}

#define IMG_SIZE   (64 * 1024)
#define HOST_ROOT  "tests/fixtures/boot/host-root"
#define EFI_ROOT   "tests/fixtures/boot/efi-root"
#define BIOS_ROOT  "tests/fixtures/boot/bios-root"
#define LOAD_LOW   UINT64_C(0x90000)
#define LOAD_HIGH  UINT64_C(0x123450000)
#define XLF_64	   (KX_XLF_KERNEL_64 | KX_XLF_CAN_BE_LOADED_ABOVE_4G)
#define XLF_64_EFI (XLF_64 | KX_XLF_EFI_KEXEC)
#define FOUR_GIB   (UINT64_C(1) << 32)

/* ---- fixtures built here --------------------------------------------- */

/* A parsed bzImage and its bytes. */
struct image {
	uint8_t *data;
	size_t size;
	struct kx_bzimage_info info;
};

/* th_make_bzimage() with the jump at 0x200 that says where the header
 * ends (0x26c, protocol 2.15), initrd_addr_max and a few header bytes the
 * builder must copy through. */
static void make_image(struct image *img, uint16_t xloadflags)
{
	kx_ctx *ctx = kx_ctx_new();

	img->size = IMG_SIZE;
	img->data = th_make_bzimage(IMG_SIZE, 0x020f, xloadflags);
	img->data[0x200] = 0xeb;
	img->data[0x201] = 0x6a;
	zp_put32(img->data, 0x22c, 0x7fffffff); /* initrd_addr_max */
	zp_put16(img->data, 0x1fa, 0xffff);	/* vid_mode */
	zp_put32(img->data, 0x264, 0x190);	/* handover_offset */
	img->data[0x211] |= ZP_QUIET_FLAG | ZP_CAN_USE_HEAP;
	zp_put16(img->data, 0x224, 0xde00);    /* heap_end_ptr */
	img->data[0x1ef] = 0xff;	       /* sentinel, not copied */
	memset(img->data + 0x26c, 0xcc, 0x30); /* code past the header */
	assert_non_null(ctx);
	assert_int_equal(kx_bzimage_parse(ctx, "synthetic", img->data,
					  img->size, &img->info),
			 0);
	kx_ctx_free(ctx);
}

static void free_image(struct image *img)
{
	free(img->data);
	img->data = NULL;
}

/* N non-empty ranges: low RAM, the EBDA, RAM from 1 MiB to 1 GiB, then
 * alternating small ranges above 4 GiB in every common e820 type. */
static void make_map(struct kx_ranges *map, size_t n)
{
	static const uint32_t types[] = {KX_RANGE_RAM, KX_RANGE_RESERVED,
					 KX_RANGE_ACPI, KX_RANGE_NVS,
					 KX_RANGE_PMEM};
	kx_ctx *ctx = kx_ctx_new();
	size_t i;

	ranges_init(map);
	for (i = 0; i < n; i++) {
		uint64_t start, end;
		uint32_t type = types[i % 5];

		if (i == 0) {
			start = 0, end = 0x9fc00, type = KX_RANGE_RAM;
		} else if (i == 1) {
			start = 0x9fc00, end = 0xa0000;
			type = KX_RANGE_RESERVED;
		} else if (i == 2) {
			start = 0x100000, end = 0x40000000;
			type = KX_RANGE_RAM;
		} else {
			start = FOUR_GIB + (uint64_t)i * 0x200000;
			end = start + 0x100000;
		}
		assert_int_equal(ranges_add(ctx, map, start, end, type), 0);
	}
	kx_ctx_free(ctx);
}

static void input_init(struct bootparams_input *in, const struct image *img,
		       const struct kx_ranges *map, const char *cmdline)
{
	memset(in, 0, sizeof(*in));
	in->image = img->data;
	in->image_size = img->size;
	in->info = &img->info;
	in->cmdline = cmdline;
	in->memmap = map;
}

/* Lay out and build at LOAD; returns the buffer, the layout in LAY. */
static uint8_t *build(const struct bootparams_input *in, uint64_t load,
		      struct bootparams_layout *lay)
{
	kx_ctx *ctx = kx_ctx_new();
	uint8_t *buf;

	assert_non_null(ctx);
	assert_int_equal(bootparams_layout(ctx, in, lay), 0);
	buf = malloc(lay->size);
	assert_non_null(buf);
	memset(buf, 0x5a, lay->size);
	assert_int_equal(bootparams_build(ctx, in, load, buf, lay->size), 0);
	assert_string_equal(kx_ctx_message(ctx), "");
	kx_ctx_free(ctx);
	return buf;
}

/* Build at LOAD expecting failure RC with a message containing TEXT. */
static void expect_build_error(const struct bootparams_input *in, uint64_t load,
			       int rc, const char *text)
{
	struct bootparams_layout lay;
	kx_ctx *ctx = kx_ctx_new();
	uint8_t *buf = NULL;
	int got;

	got = bootparams_layout(ctx, in, &lay);
	if (got == 0) {
		buf = calloc(1, lay.size);
		assert_non_null(buf);
		got = bootparams_build(ctx, in, load, buf, lay.size);
	}
	assert_int_equal(got, rc);
	if (!strstr(kx_ctx_message(ctx), text))
		fail_msg("message \"%s\" lacks \"%s\"", kx_ctx_message(ctx),
			 text);
	free(buf);
	kx_ctx_free(ctx);
}

static void expect_layout_error(const struct bootparams_input *in, int rc,
				const char *text)
{
	expect_build_error(in, LOAD_LOW, rc, text);
}

static uint8_t *read_fixture(const char *root, const char *path, size_t *size)
{
	kx_ctx *ctx = kx_ctx_new();
	struct kx_buf b;
	char *full = th_path(root, path);

	assert_int_equal(kx_read_file(ctx, full, &b), 0);
	free(full);
	kx_ctx_free(ctx);
	*size = b.size;
	return b.data;
}

/* The running boot_params of a fixture tree, through the reader. */
static void read_running(const char *root, uint8_t *page)
{
	kx_ctx *ctx = kx_ctx_new();

	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	assert_int_equal(snap_boot_params(ctx, page), 0);
	kx_ctx_free(ctx);
}

static void read_efi(const char *root, struct sys_efi *efi)
{
	kx_ctx *ctx = kx_ctx_new();

	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	assert_int_equal(snap_efi(ctx, efi), 0);
	kx_ctx_free(ctx);
}

static void read_memmap(const char *root, struct kx_ranges *map)
{
	kx_ctx *ctx = kx_ctx_new();

	ranges_init(map);
	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	assert_int_equal(th_memmap(ctx, map, NULL), 0);
	kx_ctx_free(ctx);
}

static void decode(const uint8_t *buf, size_t size, uint64_t load,
		   struct bootparams_summary *sum, struct kx_ranges *e820)
{
	kx_ctx *ctx = kx_ctx_new();

	if (e820)
		ranges_init(e820);
	assert_int_equal(bootparams_decode(ctx, buf, size, load, sum, e820), 0);
	kx_ctx_free(ctx);
}

static void assert_ranges_equal(const struct kx_ranges *a,
				const struct kx_ranges *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		assert_int_equal(a->v[i].start, b->v[i].start);
		assert_int_equal(a->v[i].end, b->v[i].end);
		assert_int_equal(a->v[i].type, b->v[i].type);
	}
}

/* Walk the setup_data list as the kernel does, from hdr.setup_data by
 * physical address; check each node lies in the buffer, 8-byte aligned,
 * with its payload inside.  Returns the count; TYPES receives the types. */
static size_t walk_chain(const uint8_t *buf, size_t size, uint64_t load,
			 uint32_t *types, size_t max)
{
	uint64_t addr = zp_get64(buf, ZP_OFF(hdr.setup_data));
	size_t n = 0;

	while (addr) {
		uint64_t off = addr - load;

		assert_true(addr >= load && off + 16 <= size);
		assert_int_equal(addr % 8, 0);
		assert_true(n < max);
		types[n++] = zp_get32(buf, off + 8);
		assert_true(off + 16 + zp_get32(buf, off + 12) <= size);
		addr = zp_get64(buf, off);
	}
	return n;
}

/* Offset of the node of TYPE, checked through the chain. */
static size_t node_of_type(const uint8_t *buf, uint64_t load, uint32_t type)
{
	uint64_t addr = zp_get64(buf, ZP_OFF(hdr.setup_data));

	while (addr) {
		if (zp_get32(buf, addr - load + 8) == type)
			return (size_t)(addr - load);
		addr = zp_get64(buf, addr - load);
	}
	fail_msg("no setup_data node of type %u", type);
	return 0;
}

/* ---- the zero page itself -------------------------------------------- */

static void test_layout_small(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "console=ttyS0");
	assert_int_equal(bootparams_layout(ctx, &in, &lay), 0);
	assert_int_equal(lay.cmdline_off, 4096);
	assert_int_equal(lay.cmdline_len, 14);
	assert_int_equal(lay.size, 4096 + 16);
	assert_int_equal(lay.e820_n, 5);
	assert_int_equal(lay.e820_ext_n, 0);
	assert_int_equal(lay.e820_ext_off, 0);
	assert_int_equal(lay.efi_setup_off, 0);
	assert_int_equal(lay.rng_off, 0);
	assert_int_equal(lay.efi_reason, KX_REASON_NOT_EFI);
	/* Addresses do not change the size. */
	in.has_initrd = true;
	in.initrd_addr = 0x7000000;
	in.initrd_size = 12345;
	assert_int_equal(bootparams_layout(ctx, &in, &lay), 0);
	assert_int_equal(lay.size, 4096 + 16);
	ranges_free(&map);
	free_image(&img);
	kx_ctx_free(ctx);
}

static void test_header_copy(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	uint8_t *bp;
	size_t off;

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "root=/dev/vda");
	bp = build(&in, LOAD_LOW, &lay);
	/* Copied: everything up to the header's end but our own fields. */
	for (off = ZP_HDR_START; off < 0x26c; off++) {
		if (off == 0x210 || off == 0x211 ||  /* loader, flags */
		    (off >= 0x218 && off < 0x220) || /* ramdisk */
		    (off >= 0x224 && off < 0x22c) || /* heap, cmdline */
		    (off >= 0x23c && off < 0x240))   /* subarch */
			continue;
		if (bp[off] != img.data[off])
			fail_msg("header byte 0x%zx: 0x%02x, image 0x%02x", off,
				 bp[off], img.data[off]);
	}
	/* Not copied: the real-mode code after it, nor the sentinel. */
	for (off = 0x26c; off < ZP_HDR_LIMIT; off++)
		assert_int_equal(bp[off], 0);
	assert_int_equal(bp[ZP_OFF(sentinel)], 0);
	for (off = 0; off < ZP_HDR_START; off++)
		if (off != ZP_SCREEN_EXT_MEM_K &&
		    off != ZP_SCREEN_EXT_MEM_K + 1 &&
		    (off < ZP_OFF(alt_mem_k) || off >= ZP_OFF(alt_mem_k) + 4) &&
		    off != ZP_OFF(e820_entries))
			assert_int_equal(bp[off], 0);
	assert_int_equal(zp_get16(bp, ZP_OFF(hdr.version)), 0x020f);
	assert_int_equal(zp_get16(bp, ZP_OFF(hdr.vid_mode)), 0xffff);
	assert_int_equal(bp[ZP_OFF(hdr.type_of_loader)], 0xff);
	assert_int_equal(bp[ZP_OFF(hdr.loadflags)], ZP_LOADED_HIGH);
	assert_int_equal(zp_get16(bp, ZP_OFF(hdr.heap_end_ptr)), 0);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.cmdline_size)), 2047);
	assert_int_equal(zp_get64(bp, ZP_OFF(hdr.setup_data)), 0);
	assert_int_equal(zp_get64(bp, ZP_OFF(acpi_rsdp_addr)), 0);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.ramdisk_image)), 0);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.ramdisk_size)), 0);
	/* Padding after the command line is zero, not left over. */
	for (off = lay.cmdline_off + lay.cmdline_len; off < lay.size; off++)
		assert_int_equal(bp[off], 0);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

static void test_cmdline_low(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	uint8_t *bp;

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "console=ttyS0 quiet");
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.cmd_line_ptr)),
			 LOAD_LOW + 4096);
	assert_int_equal(zp_get32(bp, ZP_OFF(ext_cmd_line_ptr)), 0);
	assert_string_equal((char *)bp + 4096, "console=ttyS0 quiet");
	decode(bp, lay.size, LOAD_LOW, &sum, NULL);
	assert_int_equal(sum.cmdline_addr, LOAD_LOW + 4096);
	assert_string_equal(sum.cmdline, "console=ttyS0 quiet");
	free(bp);
	/* No command line: an empty string, still pointed at. */
	input_init(&in, &img, &map, NULL);
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(lay.cmdline_len, 1);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.cmd_line_ptr)),
			 LOAD_LOW + 4096);
	assert_int_equal(bp[4096], 0);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

static void test_cmdline_high(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	uint8_t *bp;

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "console=ttyS0");
	bp = build(&in, LOAD_HIGH, &lay);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.cmd_line_ptr)),
			 (uint32_t)(LOAD_HIGH + 4096));
	assert_int_equal(zp_get32(bp, ZP_OFF(ext_cmd_line_ptr)), 1);
	free(bp);
	free_image(&img);
	/* A kernel that must stay below 4 GiB. */
	make_image(&img, KX_XLF_KERNEL_64);
	input_init(&in, &img, &map, "console=ttyS0");
	assert_int_equal(bootparams_buffer_max(&img.info), FOUR_GIB - 1);
	expect_build_error(&in, LOAD_HIGH, -ERANGE,
			   "ends above 4 GiB, and the kernel lacks "
			   "XLF_CAN_BE_LOADED_ABOVE_4G");
	/* The buffer's last byte counts, not only its start. */
	expect_build_error(&in, FOUR_GIB - 4096, -ERANGE, "above 4 GiB");
	bp = build(&in, FOUR_GIB - 8192, &lay);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

static void test_cmdline_too_long(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	char *line = malloc(2049);
	uint8_t *bp;

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5);
	memset(line, 'a', 2048);
	line[2048] = '\0';
	input_init(&in, &img, &map, line);
	expect_layout_error(&in, -EINVAL,
			    "boot_params: the command line is 2048 bytes, the "
			    "kernel accepts at most 2047");
	line[2047] = '\0';
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(lay.cmdline_len, 2048);
	assert_int_equal(strlen((char *)bp + 4096), 2047);
	free(bp);
	free(line);
	ranges_free(&map);
	free_image(&img);
}

static void test_initrd_low(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	uint8_t *bp;

	(void)state;
	make_image(&img, KX_XLF_KERNEL_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "");
	in.has_initrd = true;
	in.initrd_addr = 0x3f000000;
	in.initrd_size = 0x800000;
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.ramdisk_image)), 0x3f000000);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.ramdisk_size)), 0x800000);
	assert_int_equal(zp_get32(bp, ZP_OFF(ext_ramdisk_image)), 0);
	assert_int_equal(zp_get32(bp, ZP_OFF(ext_ramdisk_size)), 0);
	decode(bp, lay.size, LOAD_LOW, &sum, NULL);
	assert_int_equal(sum.initrd_addr, 0x3f000000);
	assert_int_equal(sum.initrd_size, 0x800000);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

static void test_initrd_above_4g(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	uint8_t *bp;

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "");
	in.has_initrd = true;
	in.initrd_addr = UINT64_C(0x240001000);
	in.initrd_size = UINT64_C(0x100002000); /* over 4 GiB itself */
	assert_int_equal(bootparams_initrd_max(img.data, img.size, &img.info),
			 UINT64_MAX);
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.ramdisk_image)), 0x40001000);
	assert_int_equal(zp_get32(bp, ZP_OFF(ext_ramdisk_image)), 2);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.ramdisk_size)), 0x2000);
	assert_int_equal(zp_get32(bp, ZP_OFF(ext_ramdisk_size)), 1);
	decode(bp, lay.size, LOAD_LOW, &sum, NULL);
	assert_int_equal(sum.initrd_addr, in.initrd_addr);
	assert_int_equal(sum.initrd_size, in.initrd_size);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

static void test_initrd_bounds_without_flag(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	uint8_t *bp;

	(void)state;
	make_image(&img, KX_XLF_KERNEL_64);
	make_map(&map, 5);
	assert_int_equal(bootparams_initrd_max(img.data, img.size, &img.info),
			 0x7fffffff);
	input_init(&in, &img, &map, "");
	in.has_initrd = true;
	in.initrd_addr = UINT64_C(0x120000000);
	in.initrd_size = 0x1000;
	expect_build_error(&in, LOAD_LOW, -ERANGE,
			   "boot_params: initrd at 0x120000000 ends above "
			   "4 GiB, and the kernel lacks "
			   "XLF_CAN_BE_LOADED_ABOVE_4G");
	/* Below 4 GiB but past initrd_addr_max. */
	in.initrd_addr = 0x7ffff000;
	in.initrd_size = 0x2000;
	expect_build_error(&in, LOAD_LOW, -ERANGE,
			   "ends past the kernel's initrd_addr_max 0x7fffffff");
	/* Ending exactly at initrd_addr_max is fine. */
	in.initrd_size = 0x1000;
	bp = build(&in, LOAD_LOW, &lay);
	free(bp);
	/* An old header without initrd_addr_max: the documented default. */
	img.data[0x201] = 0x2a; /* header ends at 0x22c */
	assert_int_equal(bootparams_initrd_max(img.data, img.size, &img.info),
			 0x37ffffff);
	ranges_free(&map);
	free_image(&img);
}

static void test_initrd_wraps(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "");
	in.has_initrd = true;
	in.initrd_addr = UINT64_MAX - 0xfff;
	in.initrd_size = 0x2000;
	expect_build_error(&in, LOAD_LOW, -EINVAL, "wraps around");
	ranges_free(&map);
	free_image(&img);
}

/* ---- e820 ------------------------------------------------------------ */

/* Build with a map of N entries; check the table, the SETUP_E820_EXT node
 * and that decoding gives the map back. */
static void check_e820(size_t n)
{
	struct image img;
	struct kx_ranges map, back;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	uint32_t types[8];
	size_t in_page = n < 128 ? n : 128, i;
	uint8_t *bp;

	make_image(&img, XLF_64);
	make_map(&map, n);
	input_init(&in, &img, &map, "console=ttyS0");
	bp = build(&in, LOAD_HIGH, &lay);
	assert_int_equal(bp[ZP_OFF(e820_entries)], in_page);
	assert_int_equal(lay.e820_n, in_page);
	assert_int_equal(lay.e820_ext_n, n - in_page);
	for (i = 0; i < in_page; i++) {
		size_t e = ZP_OFF(e820_table) + i * 20;

		assert_int_equal(zp_get64(bp, e), map.v[i].start);
		assert_int_equal(zp_get64(bp, e + 8),
				 map.v[i].end - map.v[i].start);
		assert_int_equal(zp_get32(bp, e + 16), map.v[i].type);
	}
	for (i = in_page; i < 128; i++)
		assert_int_equal(zp_get64(bp, ZP_OFF(e820_table) + i * 20 + 8),
				 0);
	if (n > 128) {
		size_t off = node_of_type(bp, LOAD_HIGH, ZP_SETUP_E820_EXT);

		assert_int_equal(walk_chain(bp, lay.size, LOAD_HIGH, types, 8),
				 1);
		assert_int_equal(off, lay.e820_ext_off);
		assert_int_equal(zp_get32(bp, off + 12), (n - 128) * 20);
		assert_int_equal(zp_get64(bp, off), 0);
		assert_int_equal(zp_get64(bp, off + 16), map.v[128].start);
	} else {
		assert_int_equal(zp_get64(bp, ZP_OFF(hdr.setup_data)), 0);
	}
	decode(bp, lay.size, LOAD_HIGH, &sum, &back);
	assert_int_equal(sum.e820_n, n);
	assert_ranges_equal(&map, &back);
	ranges_free(&back);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

static void test_e820_5(void **state)
{
	(void)state;
	check_e820(5);
}

static void test_e820_128(void **state)
{
	(void)state;
	check_e820(128);
}

static void test_e820_129(void **state)
{
	(void)state;
	check_e820(129);
}

static void test_e820_300(void **state)
{
	(void)state;
	check_e820(300);
}

static void test_e820_limits(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	char text[128];

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, BOOTPARAMS_E820_MAX);
	input_init(&in, &img, &map, "");
	check_e820(BOOTPARAMS_E820_MAX);
	ranges_free(&map);
	make_map(&map, BOOTPARAMS_E820_MAX + 1);
	snprintf(text, sizeof(text),
		 "boot_params: the memory map has %u entries, a kernel takes "
		 "at most %u",
		 BOOTPARAMS_E820_MAX + 1, BOOTPARAMS_E820_MAX);
	expect_layout_error(&in, -E2BIG, text);
	ranges_free(&map);
	/* Empty and internal types never reach a kernel. */
	ranges_init(&map);
	expect_layout_error(&in, -EINVAL, "the memory map is empty");
	make_map(&map, 5);
	map.v[3].type = KX_RANGE_CRASH_KERNEL;
	expect_layout_error(&in, -EINVAL,
			    "memory map entry 3 has type 0xf0000001, which is "
			    "not an e820 type");
	map.v[3].type = KX_RANGE_NONE;
	expect_layout_error(&in, -EINVAL, "entry 3 has type 0x0");
	map.v[3].type = KX_RANGE_SOFT_RESERVED; /* a real e820 type */
	map.v[4].start = map.v[4].end + 1;
	expect_layout_error(&in, -EINVAL,
			    "memory map entry 4 starts after its end");
	/* An empty range is skipped, not passed as a zero-length entry. */
	map.v[4].start = map.v[4].end;
	{
		struct bootparams_layout lay;
		uint8_t *bp = build(&in, LOAD_LOW, &lay);

		assert_int_equal(bp[ZP_OFF(e820_entries)], 4);
		assert_int_equal(zp_get32(bp, ZP_OFF(e820_table) + 3 * 20 + 16),
				 KX_RANGE_SOFT_RESERVED);
		free(bp);
	}
	in.memmap = NULL;
	expect_layout_error(&in, -EINVAL, "no memory map");
	ranges_free(&map);
	free_image(&img);
}

static void test_mem_k(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	uint8_t *bp;
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5); /* RAM 1 MiB..1 GiB */
	input_init(&in, &img, &map, "");
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(zp_get16(bp, ZP_SCREEN_EXT_MEM_K), 0xfc00);
	assert_int_equal(zp_get32(bp, ZP_OFF(alt_mem_k)),
			 ((0x40000000 - 1) >> 10) - 1024);
	free(bp);
	/* Small RAM: ext_mem_k is exact too. */
	ranges_clear(&map);
	assert_int_equal(ranges_add(ctx, &map, 0, 0x9f000, KX_RANGE_RAM), 0);
	assert_int_equal(
	    ranges_add(ctx, &map, 0x100000, 0x1100000, KX_RANGE_RAM), 0);
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(zp_get16(bp, ZP_SCREEN_EXT_MEM_K), 16 * 1024 - 1);
	assert_int_equal(zp_get32(bp, ZP_OFF(alt_mem_k)), 16 * 1024 - 1);
	free(bp);
	kx_ctx_free(ctx);
	ranges_free(&map);
	free_image(&img);
}

/* ---- setup_data ------------------------------------------------------ */

static void test_rng_seed(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	uint8_t seed[BOOTPARAMS_RNG_SEED_SIZE], *bp;
	uint32_t types[4];
	size_t off, i;

	(void)state;
	for (i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(0xa0 + i);
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "x");
	in.rng_seed = seed;
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(walk_chain(bp, lay.size, LOAD_LOW, types, 4), 1);
	assert_int_equal(types[0], ZP_SETUP_RNG_SEED);
	off = node_of_type(bp, LOAD_LOW, ZP_SETUP_RNG_SEED);
	assert_int_equal(off, lay.rng_off);
	assert_int_equal(zp_get32(bp, off + 12), 32);
	assert_memory_equal(bp + off + 16, seed, 32);
	decode(bp, lay.size, LOAD_LOW, &sum, NULL);
	assert_true(sum.rng_seed);
	assert_int_equal(sum.setup_data_n, 1);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

static void test_random_seed(void **state)
{
	uint8_t a[BOOTPARAMS_RNG_SEED_SIZE], b[BOOTPARAMS_RNG_SEED_SIZE];
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	(void)state;
	rc = snap_seed(ctx, a);
	if (rc == -EAGAIN) {
		assert_string_equal(kx_ctx_message(ctx), "");
		kx_ctx_free(ctx);
		th_skip("getrandom() would block: the entropy pool is not "
			"initialised");
	}
	assert_int_equal(rc, 0);
	assert_int_equal(snap_seed(ctx, b), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	kx_ctx_free(ctx);
}

/* ---- the running kernel's boot_params -------------------------------- */

static void test_read_running(void **state)
{
	uint8_t page[BOOTPARAMS_PAGE_SIZE], *raw;
	char *root = th_mkdtemp();
	kx_ctx *ctx = kx_ctx_new();
	size_t size;

	(void)state;
	raw = read_fixture(HOST_ROOT, "/sys/kernel/boot_params/data", &size);
	assert_int_equal(size, 4096);
	read_running(HOST_ROOT, page);
	assert_memory_equal(page, raw, 4096);
	/* The host's: Firecracker writes protocol 2.12 and six e820
	 * entries. */
	assert_int_equal(zp_get16(page, ZP_OFF(hdr.version)), 0x020c);
	assert_int_equal(page[ZP_OFF(e820_entries)], 6);
	/* Missing: quiet -ENOENT. */
	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	assert_int_equal(snap_boot_params(ctx, page), -ENOENT);
	assert_string_equal(kx_ctx_message(ctx), "");
	/* Truncated. */
	th_write(root, "/sys/kernel/boot_params/data", raw, 100);
	assert_int_equal(snap_boot_params(ctx, page), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx),
			       "/sys/kernel/boot_params/data: 100 bytes, a "
			       "boot_params page is 4096 (truncated)"));
	free(raw);
	th_rmtree(root);
	free(root);
	kx_ctx_free(ctx);
}

/* A running page with every carried field set to something recognizable. */
static void make_running(uint8_t *run)
{
	size_t i;

	memset(run, 0, BOOTPARAMS_PAGE_SIZE);
	for (i = 0; i < 0x40; i++)
		run[i] = (uint8_t)(i + 1);
	zp_put32(run, ZP_OFF(hdr.hardware_subarch), 2);
	zp_put64(run, ZP_OFF(hdr.hardware_subarch_data), 0x12345678);
	run[ZP_OFF(eddbuf_entries)] = 2;
	run[ZP_OFF(edd_mbr_sig_buf_entries)] = 3;
	for (i = 0; i < 3; i++)
		zp_put32(run, ZP_OFF(edd_mbr_sig_buffer) + i * 4,
			 0xdead0000u + (uint32_t)i);
	memset(run + ZP_OFF(eddbuf), 0x77, 2 * 82);
	zp_put64(run, ZP_OFF(acpi_rsdp_addr), 0xf59d0);
	zp_put64(run, ZP_OFF(tboot_addr), 0x1000);
	memset(run + ZP_OFF(edid_info), 0x44, 0x80);
	/* Fields the running kernel got from its own loader, not ours. */
	zp_put32(run, ZP_OFF(hdr.cmd_line_ptr), 0x3dd0e018);
	run[ZP_OFF(e820_entries)] = 99;
}

static void test_running_carried(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	uint8_t run[BOOTPARAMS_PAGE_SIZE], *bp;
	size_t i;

	(void)state;
	make_running(run);
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "console=ttyS0");
	in.running = run;
	in.running_size = sizeof(run);
	in.acpi_rsdp = 0xe0000;
	bp = build(&in, LOAD_LOW, &lay);
	for (i = 0; i < 0x40; i++)
		if (i != ZP_SCREEN_EXT_MEM_K && i != ZP_SCREEN_EXT_MEM_K + 1)
			assert_int_equal(bp[i], run[i]);
	assert_int_equal(zp_get16(bp, ZP_SCREEN_EXT_MEM_K), 0xfc00);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.hardware_subarch)), 2);
	assert_int_equal(zp_get64(bp, ZP_OFF(hdr.hardware_subarch_data)), 0);
	assert_int_equal(bp[ZP_OFF(eddbuf_entries)], 2);
	assert_int_equal(bp[ZP_OFF(edd_mbr_sig_buf_entries)], 3);
	assert_memory_equal(bp + ZP_OFF(edd_mbr_sig_buffer),
			    run + ZP_OFF(edd_mbr_sig_buffer), 64);
	assert_memory_equal(bp + ZP_OFF(eddbuf), run + ZP_OFF(eddbuf), 6 * 82);
	/* The RSDP is the caller's choice, not the running page's. */
	assert_int_equal(zp_get64(bp, ZP_OFF(acpi_rsdp_addr)), 0xe0000);
	/* Not carried. */
	assert_int_equal(zp_get64(bp, ZP_OFF(tboot_addr)), 0);
	assert_int_equal(bp[ZP_OFF(edid_info)], 0);
	assert_int_equal(bp[ZP_OFF(e820_entries)], 5);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.cmd_line_ptr)),
			 LOAD_LOW + 4096);
	assert_int_equal(zp_get32(bp, ZP_OFF(efi_info) + 20), 0);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

static void test_running_malformed(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	uint8_t run[BOOTPARAMS_PAGE_SIZE];

	(void)state;
	make_running(run);
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "");
	in.running = run;
	in.running_size = 4000;
	expect_layout_error(&in, -EINVAL,
			    "the running kernel's boot_params are 4000 bytes, "
			    "expected 4096 (truncated)");
	in.running_size = 5000;
	expect_layout_error(&in, -EINVAL, "are 5000 bytes, expected 4096");
	in.running_size = sizeof(run);
	run[ZP_OFF(eddbuf_entries)] = 7;
	expect_layout_error(&in, -EINVAL, "eddbuf_entries is 7, at most 6 fit");
	run[ZP_OFF(eddbuf_entries)] = 6;
	run[ZP_OFF(edd_mbr_sig_buf_entries)] = 17;
	expect_layout_error(&in, -EINVAL,
			    "edd_mbr_sig_buf_entries is 17, at most 16 fit");
	ranges_free(&map);
	free_image(&img);
}

/* The host's own boot_params and memory map, end to end. */
static void test_host_fixture(void **state)
{
	struct image img;
	struct kx_ranges map, back;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	uint8_t run[BOOTPARAMS_PAGE_SIZE], *bp;

	(void)state;
	read_running(HOST_ROOT, run);
	read_memmap(HOST_ROOT, &map);
	make_image(&img, XLF_64_EFI);
	input_init(&in, &img, &map, "console=ttyS0 reboot=k panic=1");
	in.running = run;
	in.running_size = sizeof(run);
	bp = build(&in, LOAD_LOW, &lay);
	decode(bp, lay.size, LOAD_LOW, &sum, &back);
	assert_ranges_equal(&map, &back);
	assert_int_equal(sum.protocol, 0x020f);
	assert_false(sum.efi);
	assert_int_equal(sum.acpi_rsdp, 0);
	assert_string_equal(sum.cmdline, "console=ttyS0 reboot=k panic=1");
	assert_int_equal(lay.efi_reason, KX_REASON_NOT_EFI);
	ranges_free(&back);
	free(bp);
	ranges_free(&map);
	free_image(&img);
}

/* ---- EFI ------------------------------------------------------------- */

static void test_read_efi_fixture(void **state)
{
	struct sys_efi efi;

	(void)state;
	read_efi(EFI_ROOT, &efi);
	assert_int_equal(efi.fw_vendor, 0x3f51c818);
	assert_int_equal(efi.runtime, 0x3f5ecb98);
	assert_int_equal(efi.tables, 0x3f5ecc98);
	assert_int_equal(efi.smbios, 0x3f518000);
	assert_int_equal(efi.map_n, 7);
	assert_int_equal(efi.map[0].type, 6);
	assert_int_equal(efi.map[0].phys_addr, 0x3ff58000);
	assert_int_equal(efi.map[0].virt_addr, UINT64_C(0xfffffffefff58000));
	assert_int_equal(efi.map[0].num_pages, 0x20);
	assert_int_equal(efi.map[0].attribute, UINT64_C(0x800000000000000f));
	sys_efi_free(&efi);
	assert_null(efi.map);
}

static void test_efi_passed(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	struct sys_efi efi;
	uint8_t run[BOOTPARAMS_PAGE_SIZE], seed[32] = {1}, *bp;
	const size_t ei = ZP_OFF(efi_info);
	uint32_t types[4];
	size_t off, i;

	(void)state;
	read_running(EFI_ROOT, run);
	read_efi(EFI_ROOT, &efi);
	read_memmap(EFI_ROOT, &map);
	make_image(&img, XLF_64_EFI);
	input_init(&in, &img, &map, "console=ttyS0");
	in.running = run;
	in.running_size = sizeof(run);
	in.efi = &efi;
	in.rng_seed = seed;
	bp = build(&in, LOAD_HIGH, &lay);
	assert_int_equal(lay.efi_reason, KX_REASON_NONE);
	/* efi_info: the running kernel's system table and signature, our
	 * memory map of the runtime regions. */
	assert_memory_equal(bp + ei, "EL64", 4);
	assert_int_equal(zp_get32(bp, ei + 4), 0x3f5ec018);
	assert_int_equal(zp_get32(bp, ei + 8), 40);
	assert_int_equal(zp_get32(bp, ei + 12), 1);
	assert_int_equal(zp_get32(bp, ei + 16),
			 (uint32_t)(LOAD_HIGH + lay.efi_map_off));
	assert_int_equal(zp_get32(bp, ei + 28),
			 (uint32_t)((LOAD_HIGH + lay.efi_map_off) >> 32));
	assert_int_equal(zp_get32(bp, ei + 20), 7 * 40);
	assert_int_equal(zp_get32(bp, ei + 24), 0);
	assert_int_equal(lay.efi_map_off % 16, 0);
	for (i = 0; i < efi.map_n; i++) {
		const uint8_t *md = bp + lay.efi_map_off + i * 40;

		assert_int_equal(zp_get32(md, 0), efi.map[i].type);
		assert_int_equal(zp_get32(md, 4), 0);
		assert_int_equal(zp_get64(md, 8), efi.map[i].phys_addr);
		assert_int_equal(zp_get64(md, 16), efi.map[i].virt_addr);
		assert_int_equal(zp_get64(md, 24), efi.map[i].num_pages);
		assert_int_equal(zp_get64(md, 32), efi.map[i].attribute);
	}
	/* SETUP_EFI, then the seed, chained by physical address. */
	assert_int_equal(walk_chain(bp, lay.size, LOAD_HIGH, types, 4), 2);
	assert_int_equal(types[0], ZP_SETUP_EFI);
	assert_int_equal(types[1], ZP_SETUP_RNG_SEED);
	off = node_of_type(bp, LOAD_HIGH, ZP_SETUP_EFI);
	assert_int_equal(zp_get64(bp, off), LOAD_HIGH + lay.rng_off);
	assert_int_equal(zp_get32(bp, off + 12), 96);
	assert_int_equal(zp_get64(bp, off + 16), 0x3f51c818);
	assert_int_equal(zp_get64(bp, off + 24), 0x3f5ecb98);
	assert_int_equal(zp_get64(bp, off + 32), 0x3f5ecc98);
	assert_int_equal(zp_get64(bp, off + 40), 0x3f518000);
	/* The screen the firmware set up (EFI framebuffer, type 0x70). */
	assert_int_equal(bp[0x0f], 0x70);
	decode(bp, lay.size, LOAD_HIGH, &sum, NULL);
	assert_true(sum.efi);
	assert_true(sum.rng_seed);
	assert_int_equal(sum.efi_systab, 0x3f5ec018);
	assert_int_equal(sum.efi_memmap, LOAD_HIGH + lay.efi_map_off);
	assert_int_equal(sum.efi_memmap_size, 280);
	assert_int_equal(sum.efi_memdesc_size, 40);
	free(bp);
	ranges_free(&map);
	free_image(&img);
	sys_efi_free(&efi);
}

/* Build with EFI data where it must not be passed; WHY says why. */
static void expect_no_efi(struct bootparams_input *in, enum kx_reason why)
{
	struct bootparams_layout lay;
	uint8_t *bp = build(in, LOAD_LOW, &lay);
	size_t i;

	assert_int_equal(lay.efi_reason, why);
	assert_int_equal(lay.efi_setup_off, 0);
	assert_int_equal(zp_get64(bp, ZP_OFF(hdr.setup_data)), 0);
	for (i = 0; i < 32; i++)
		assert_int_equal(bp[ZP_OFF(efi_info) + i], 0);
	free(bp);
}

static void test_efi_withheld(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct sys_efi efi;
	uint8_t run[BOOTPARAMS_PAGE_SIZE];
	size_t n;

	(void)state;
	read_running(EFI_ROOT, run);
	read_efi(EFI_ROOT, &efi);
	read_memmap(EFI_ROOT, &map);
	make_image(&img, XLF_64);
	input_init(&in, &img, &map, "");
	in.running = run;
	in.running_size = sizeof(run);
	in.efi = &efi;
	expect_no_efi(&in, KX_REASON_NO_XLF_EFI_KEXEC);
	free_image(&img);
	make_image(&img, XLF_64_EFI);
	input_init(&in, &img, &map, "");
	in.efi = &efi;
	expect_no_efi(&in, KX_REASON_NO_RUNNING_BOOT_PARAMS);
	in.running = run;
	in.running_size = sizeof(run);
	n = efi.map_n;
	efi.map_n = 0;
	expect_no_efi(&in, KX_REASON_NO_EFI_RUNTIME_MAP);
	efi.map_n = n;
	memcpy(run + ZP_OFF(efi_info), "EL32", 4);
	expect_no_efi(&in, KX_REASON_EFI_NOT_64BIT);
	memcpy(run + ZP_OFF(efi_info), "EL64", 4);
	zp_put32(run, ZP_OFF(efi_info) + 12, 2);
	expect_no_efi(&in, KX_REASON_EFI_MEMDESC_VERSION);
	zp_put32(run, ZP_OFF(efi_info) + 20, 0);
	expect_no_efi(&in, KX_REASON_NO_EFI_MEMMAP);
	efi.map_n = BOOTPARAMS_EFI_MAP_MAX + 1;
	expect_layout_error(&in, -E2BIG, "EFI runtime map has 4097 entries");
	efi.map_n = n;
	ranges_free(&map);
	free_image(&img);
	sys_efi_free(&efi);
}

/* Copy the EFI fixture's sysfs files into a scratch tree to spoil them. */
static char *efi_scratch(void)
{
	static const char *const files[] = {
	    "/sys/firmware/efi/fw_vendor",
	    "/sys/firmware/efi/runtime",
	    "/sys/firmware/efi/config_table",
	    "/sys/firmware/efi/systab",
	};
	static const char *const fields[] = {"type", "phys_addr", "virt_addr",
					     "num_pages", "attribute"};
	char *root = th_mkdtemp(), path[128];
	size_t i, size;

	for (i = 0; i < 4; i++) {
		uint8_t *d = read_fixture(EFI_ROOT, files[i], &size);

		th_write(root, files[i], d, size);
		free(d);
	}
	for (i = 0; i < 5; i++) {
		uint8_t *d;

		snprintf(path, sizeof(path),
			 "/sys/firmware/efi/runtime-map/0/%s", fields[i]);
		d = read_fixture(EFI_ROOT, path, &size);
		th_write(root, path, d, size);
		free(d);
	}
	return root;
}

static void expect_efi_error(const char *root, int rc, const char *text)
{
	struct sys_efi efi;
	kx_ctx *ctx = kx_ctx_new();

	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	assert_int_equal(snap_efi(ctx, &efi), rc);
	if (!strstr(kx_ctx_message(ctx), text))
		fail_msg("message \"%s\" lacks \"%s\"", kx_ctx_message(ctx),
			 text);
	assert_null(efi.map);
	kx_ctx_free(ctx);
}

static void test_read_efi_malformed(void **state)
{
	char *root = efi_scratch();
	struct sys_efi efi;

	(void)state;
	read_efi(root, &efi);
	assert_int_equal(efi.map_n, 1);
	sys_efi_free(&efi);
	th_write(root, "/sys/firmware/efi/fw_vendor", "garbage\n", (size_t)-1);
	expect_efi_error(root, -EINVAL,
			 "/sys/firmware/efi/fw_vendor: \"garbage\" is not a "
			 "hexadecimal number");
	th_write(root, "/sys/firmware/efi/fw_vendor", "0x12345678123456789\n",
		 (size_t)-1);
	expect_efi_error(root, -EINVAL,
			 "is not a hexadecimal number of 64 bits");
	th_write(root, "/sys/firmware/efi/fw_vendor", "0x3f51c818\n",
		 (size_t)-1);
	th_write(root, "/sys/firmware/efi/systab", "SMBIOS=0xnope\n",
		 (size_t)-1);
	expect_efi_error(root, -EINVAL, "/sys/firmware/efi/systab: \"0xnope\"");
	th_write(root, "/sys/firmware/efi/systab", "SMBIOS3=0x1000\n",
		 (size_t)-1);
	read_efi(root, &efi);
	assert_int_equal(efi.smbios, 0); /* SMBIOS3 is not SMBIOS */
	sys_efi_free(&efi);
	th_write(root, "/sys/firmware/efi/runtime-map/0/type", "0x1ffffffff\n",
		 (size_t)-1);
	expect_efi_error(root, -ERANGE,
			 "runtime-map/0/type: 0x1ffffffff does "
			 "not fit 32 bits");
	th_write(root, "/sys/firmware/efi/runtime-map/0/type", "0x5\n",
		 (size_t)-1);
	th_write(root, "/sys/firmware/efi/runtime-map/1/type", "0x5\n",
		 (size_t)-1);
	expect_efi_error(root, -EINVAL,
			 "/sys/firmware/efi/runtime-map/1/phys_addr: missing");
	th_rmtree(root);
	free(root);
}

static void test_read_efi_absent(void **state)
{
	char *root = th_mkdtemp();
	struct sys_efi efi;
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	assert_int_equal(snap_efi(ctx, &efi), -ENOENT);
	assert_string_equal(kx_ctx_message(ctx), "");
	/* EFI without a runtime map: nothing to pass, but no error. */
	th_write(root, "/sys/firmware/efi/fw_vendor", "0x1000\n", (size_t)-1);
	th_write(root, "/sys/firmware/efi/config_table", "0x2000\n",
		 (size_t)-1);
	assert_int_equal(snap_efi(ctx, &efi), 0);
	assert_int_equal(efi.map_n, 0);
	assert_int_equal(efi.runtime, 0);
	assert_int_equal(efi.tables, 0x2000);
	sys_efi_free(&efi);
	th_rmtree(root);
	free(root);
	kx_ctx_free(ctx);
}

/* ---- ACPI RSDP ------------------------------------------------------- */

static void expect_rsdp(const char *root, const uint8_t *running, uint64_t want,
			enum sys_rsdp_source src)
{
	kx_ctx *ctx = kx_ctx_new();
	enum sys_rsdp_source got_src;
	uint64_t got;

	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	assert_int_equal(snap_rsdp(ctx, running, &got, &got_src), 0);
	assert_int_equal(got, want);
	assert_int_equal(got_src, src);
	assert_string_equal(sys_rsdp_source_name(got_src),
			    sys_rsdp_source_name(src));
	kx_ctx_free(ctx);
}

static void test_rsdp_kx_source(void **state)
{
	(void)state;
	assert_int_equal(sys_rsdp_kx_source(SYS_RSDP_NONE),
			 KX_SOURCE_NONE);
	assert_int_equal(sys_rsdp_kx_source(SYS_RSDP_BOOT_PARAMS),
			 KX_SOURCE_BOOT_PARAMS);
	assert_int_equal(sys_rsdp_kx_source(SYS_RSDP_EFI_ACPI20),
			 KX_SOURCE_EFI_ACPI20);
	assert_int_equal(sys_rsdp_kx_source(SYS_RSDP_EFI_ACPI),
			 KX_SOURCE_EFI_ACPI);
	assert_int_equal(sys_rsdp_kx_source(SYS_RSDP_CMDLINE),
			 KX_SOURCE_CMDLINE);
}

static void test_rsdp_fixtures(void **state)
{
	uint8_t run[BOOTPARAMS_PAGE_SIZE];

	(void)state;
	/* SeaBIOS: the decompressor stored it in boot_params. */
	read_running(BIOS_ROOT, run);
	expect_rsdp(BIOS_ROOT, run, 0xf59d0, SYS_RSDP_BOOT_PARAMS);
	/* OVMF: boot_params has none; the EFI system table does. */
	read_running(EFI_ROOT, run);
	expect_rsdp(EFI_ROOT, run, 0x3f77e014, SYS_RSDP_EFI_ACPI20);
	expect_rsdp(EFI_ROOT, NULL, 0x3f77e014, SYS_RSDP_EFI_ACPI20);
	/* Firecracker: nowhere; the next kernel searches. */
	read_running(HOST_ROOT, run);
	expect_rsdp(HOST_ROOT, run, 0, SYS_RSDP_NONE);
}

static void test_rsdp_order(void **state)
{
	char *root = th_mkdtemp();
	uint8_t run[BOOTPARAMS_PAGE_SIZE] = {0};

	(void)state;
	th_write(root, "/proc/cmdline", "quiet acpi_rsdp=0xf0000 ro\n",
		 (size_t)-1);
	th_write(root, "/sys/firmware/efi/systab",
		 "ACPI20=0x7fb7e014\nACPI=0x7fb7e000\nSMBIOS=0x7f8d5000\n",
		 (size_t)-1);
	/* boot_params first ... */
	zp_put64(run, ZP_OFF(acpi_rsdp_addr), 0x12340);
	th_write(root, "/sys/kernel/boot_params/data", run, sizeof(run));
	expect_rsdp(root, run, 0x12340, SYS_RSDP_BOOT_PARAMS);
	/* ... then ACPI20, ACPI ... */
	zp_put64(run, ZP_OFF(acpi_rsdp_addr), 0);
	th_write(root, "/sys/kernel/boot_params/data", run, sizeof(run));
	expect_rsdp(root, run, 0x7fb7e014, SYS_RSDP_EFI_ACPI20);
	th_write(root, "/sys/firmware/efi/systab",
		 "ACPI=0x7fb7e000\nSMBIOS=0x7f8d5000\n", (size_t)-1);
	expect_rsdp(root, run, 0x7fb7e000, SYS_RSDP_EFI_ACPI);
	/* ... then the command line ... */
	th_write(root, "/sys/firmware/efi/systab", "SMBIOS=0x7f8d5000\n",
		 (size_t)-1);
	expect_rsdp(root, run, 0xf0000, SYS_RSDP_CMDLINE);
	/* (base 16 without 0x, quoted, the last one winning, none after
	 * "--") ... */
	th_write(root, "/proc/cmdline",
		 "acpi_rsdp=f0000 acpi_rsdp=\"0xe0010\" -- acpi_rsdp=0x1\n",
		 (size_t)-1);
	expect_rsdp(root, run, 0xe0010, SYS_RSDP_CMDLINE);
	/* ... then nothing. */
	th_write(root, "/proc/cmdline", "quiet\n", (size_t)-1);
	expect_rsdp(root, run, 0, SYS_RSDP_NONE);
	th_rmtree(root);
	free(root);
}

static void test_rsdp_malformed(void **state)
{
	char *root = th_mkdtemp();
	kx_ctx *ctx = kx_ctx_new();
	enum sys_rsdp_source src;
	uint64_t rsdp;

	(void)state;
	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	th_write(root, "/sys/firmware/efi/systab", "ACPI20=0xzz\n", (size_t)-1);
	assert_int_equal(snap_rsdp(ctx, NULL, &rsdp, &src), -EINVAL);
	assert_string_equal(kx_ctx_message(ctx),
			    "/sys/firmware/efi/systab: \"0xzz\" is not a "
			    "hexadecimal number");
	assert_int_equal(rsdp, 0);
	/* The kernel ignores a malformed acpi_rsdp= (kstrtoul fails and
	 * leaves the value alone), so the last well-formed one counts. */
	th_write(root, "/sys/firmware/efi/systab", "SMBIOS=0x1\n", (size_t)-1);
	th_write(root, "/proc/cmdline", "acpi_rsdp= acpi_rsdp=xyz\n",
		 (size_t)-1);
	assert_int_equal(snap_rsdp(ctx, NULL, &rsdp, &src), 0);
	assert_int_equal(rsdp, 0);
	assert_int_equal(src, SYS_RSDP_NONE);
	th_write(root, "/proc/cmdline", "acpi_rsdp=0x100 acpi_rsdp=0xg\n",
		 (size_t)-1);
	assert_int_equal(snap_rsdp(ctx, NULL, &rsdp, &src), 0);
	assert_int_equal(rsdp, 0x100);
	assert_int_equal(src, SYS_RSDP_CMDLINE);
	th_rmtree(root);
	free(root);
	kx_ctx_free(ctx);
}

/* ---- the buffer as a whole ------------------------------------------- */

static void test_build_checks(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	kx_ctx *ctx = kx_ctx_new();
	uint8_t *buf;

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 5);
	input_init(&in, &img, &map, "");
	assert_int_equal(bootparams_layout(ctx, &in, &lay), 0);
	buf = calloc(1, lay.size + 16);
	assert_int_equal(
	    bootparams_build(ctx, &in, LOAD_LOW, buf, lay.size + 16), -EINVAL);
	assert_string_equal(kx_ctx_message(ctx),
			    "boot_params: buffer is 4128 bytes, the layout "
			    "needs 4112");
	expect_build_error(&in, LOAD_LOW + 8, -EINVAL,
			   "load address 0x90008 is not 16-byte aligned");
	expect_build_error(&in, UINT64_MAX - 0xfff, -EINVAL, "wraps around");
	/* Images the builder cannot use. */
	in.image_size = 0x100;
	expect_layout_error(&in, -EINVAL, "no HdrS at 0x202");
	in.image_size = img.size;
	img.data[0x201] = 0xa0; /* header "ends" at 0x2a2 */
	expect_layout_error(&in, -EINVAL,
			    "the setup header ends at 0x2a2, past its space in "
			    "boot_params (0x290)");
	img.data[0x201] = 0x6a;
	in.image_size = 0x260;
	expect_layout_error(&in, -EINVAL,
			    "ends at 0x26c, past the end of the image");
	in.image_size = img.size;
	img.info.protocol = 0x020b;
	expect_layout_error(&in, -EINVAL, "boot protocol 2.11 is too old");
	free(buf);
	ranges_free(&map);
	free_image(&img);
	kx_ctx_free(ctx);
}

static void test_decode_malformed(void **state)
{
	struct image img;
	struct kx_ranges map;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	uint8_t seed[32] = {0}, *bp;
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	make_image(&img, XLF_64);
	make_map(&map, 130);
	input_init(&in, &img, &map, "");
	in.rng_seed = seed;
	bp = build(&in, LOAD_LOW, &lay);
	assert_int_equal(bootparams_decode(ctx, bp, 100, LOAD_LOW, &sum, NULL),
			 -EINVAL);
	/* Loaded elsewhere than built for: the chain leaves the buffer. */
	assert_int_equal(bootparams_decode(ctx, bp, lay.size,
					   LOAD_LOW + 0x10000, &sum, NULL),
			 -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "lies outside the buffer"));
	/* A node pointing at itself. */
	zp_put64(bp, lay.rng_off, LOAD_LOW + lay.rng_off);
	assert_int_equal(
	    bootparams_decode(ctx, bp, lay.size, LOAD_LOW, &sum, NULL), -ELOOP);
	zp_put64(bp, lay.rng_off, 0);
	/* A payload running past the end. */
	zp_put32(bp, lay.rng_off + 12, 33);
	assert_int_equal(
	    bootparams_decode(ctx, bp, lay.size, LOAD_LOW, &sum, NULL),
	    -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "runs past the buffer"));
	zp_put32(bp, lay.rng_off + 12, 32);
	zp_put32(bp, lay.e820_ext_off + 12, 21);
	assert_int_equal(
	    bootparams_decode(ctx, bp, lay.size, LOAD_LOW, &sum, NULL),
	    -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "not a whole number"));
	bp[ZP_OFF(e820_entries)] = 129;
	assert_int_equal(
	    bootparams_decode(ctx, bp, lay.size, LOAD_LOW, &sum, NULL),
	    -EINVAL);
	free(bp);
	ranges_free(&map);
	free_image(&img);
	kx_ctx_free(ctx);
}

/* ---- the real Debian kernel ------------------------------------------ */

static void test_debian_kernel(void **state)
{
	struct kx_ranges map, back;
	struct bootparams_input in;
	struct bootparams_layout lay;
	struct bootparams_summary sum;
	struct sys_efi efi;
	struct image img;
	struct kx_buf file;
	uint8_t run[BOOTPARAMS_PAGE_SIZE], seed[32] = {9}, *bp;
	char *path = th_fixture(TH_FIXTURE_KERNEL);
	kx_ctx *ctx = kx_ctx_new();
	size_t end, off;

	(void)state;
	assert_int_equal(kx_read_file(ctx, path, &file), 0);
	img.data = file.data;
	img.size = file.size;
	assert_int_equal(
	    kx_bzimage_parse(ctx, path, img.data, img.size, &img.info), 0);
	assert_true(img.info.xloadflags & KX_XLF_EFI_KEXEC);
	end = bzimage_header_end(img.data);
	assert_int_equal(end, 0x26c);
	read_running(EFI_ROOT, run);
	read_efi(EFI_ROOT, &efi);
	read_memmap(EFI_ROOT, &map);
	input_init(&in, &img, &map, "console=ttyS0 panic=-1");
	in.running = run;
	in.running_size = sizeof(run);
	in.efi = &efi;
	in.rng_seed = seed;
	in.acpi_rsdp = 0x3f77e014;
	in.has_initrd = true;
	in.initrd_addr = 0x3d000000;
	in.initrd_size = 0x1234567;
	assert_int_equal(bootparams_initrd_max(img.data, img.size, &img.info),
			 UINT64_MAX);
	bp = build(&in, 0x1000000, &lay);
	/* The header as the kernel's own loader copies it. */
	assert_memory_equal(bp + 0x1f1, img.data + 0x1f1, 0x210 - 0x1f1);
	assert_memory_equal(bp + 0x212, img.data + 0x212, 0x218 - 0x212);
	assert_memory_equal(bp + 0x22c, img.data + 0x22c, 0x23c - 0x22c);
	assert_memory_equal(bp + 0x248, img.data + 0x248, 0x250 - 0x248);
	assert_memory_equal(bp + 0x258, img.data + 0x258, end - 0x258);
	for (off = end; off < ZP_HDR_LIMIT; off++)
		assert_int_equal(bp[off], 0);
	assert_memory_equal(bp + 0x202, "HdrS", 4);
	assert_int_equal(zp_get16(bp, ZP_OFF(hdr.version)), img.info.protocol);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.init_size)),
			 img.info.init_size);
	assert_int_equal(zp_get32(bp, ZP_OFF(hdr.kernel_alignment)),
			 img.info.kernel_alignment);
	assert_int_equal(bp[ZP_OFF(hdr.loadflags)], ZP_LOADED_HIGH);
	assert_int_equal(bp[ZP_OFF(hdr.type_of_loader)], 0xff);
	decode(bp, lay.size, 0x1000000, &sum, &back);
	assert_string_equal(sum.cmdline, "console=ttyS0 panic=-1");
	assert_int_equal(sum.initrd_addr, 0x3d000000);
	assert_int_equal(sum.initrd_size, 0x1234567);
	assert_int_equal(sum.acpi_rsdp, 0x3f77e014);
	assert_true(sum.efi);
	assert_true(sum.rng_seed);
	assert_int_equal(sum.setup_data_n, 2);
	assert_ranges_equal(&map, &back);
	ranges_free(&back);
	free(bp);
	ranges_free(&map);
	sys_efi_free(&efi);
	kx_buf_free(&file);
	free(path);
	kx_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout_small),
	    cmocka_unit_test(test_header_copy),
	    cmocka_unit_test(test_cmdline_low),
	    cmocka_unit_test(test_cmdline_high),
	    cmocka_unit_test(test_cmdline_too_long),
	    cmocka_unit_test(test_initrd_low),
	    cmocka_unit_test(test_initrd_above_4g),
	    cmocka_unit_test(test_initrd_bounds_without_flag),
	    cmocka_unit_test(test_initrd_wraps),
	    cmocka_unit_test(test_e820_5),
	    cmocka_unit_test(test_e820_128),
	    cmocka_unit_test(test_e820_129),
	    cmocka_unit_test(test_e820_300),
	    cmocka_unit_test(test_e820_limits),
	    cmocka_unit_test(test_mem_k),
	    cmocka_unit_test(test_rng_seed),
	    cmocka_unit_test(test_random_seed),
	    cmocka_unit_test(test_read_running),
	    cmocka_unit_test(test_running_carried),
	    cmocka_unit_test(test_running_malformed),
	    cmocka_unit_test(test_host_fixture),
	    cmocka_unit_test(test_read_efi_fixture),
	    cmocka_unit_test(test_efi_passed),
	    cmocka_unit_test(test_efi_withheld),
	    cmocka_unit_test(test_read_efi_malformed),
	    cmocka_unit_test(test_read_efi_absent),
	    cmocka_unit_test(test_rsdp_kx_source),
	    cmocka_unit_test(test_rsdp_fixtures),
	    cmocka_unit_test(test_rsdp_order),
	    cmocka_unit_test(test_rsdp_malformed),
	    cmocka_unit_test(test_build_checks),
	    cmocka_unit_test(test_decode_malformed),
	    cmocka_unit_test(test_debian_kernel),
	};

	return th_exit(cmocka_run_group_tests(tests, NULL, NULL));
}
