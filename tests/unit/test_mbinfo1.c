/* The Multiboot 1 information block: golden bytes for a fixed machine
 * (tests/fixtures/multiboot/; the .txt there is the command's golden
 * text, tests/unit/test_cli_*), the fields a plan gets from it, every
 * field read back at the
 * offsets the spec gives, the decoder fed damaged blocks, and the
 * builder's refusals.
 *
 * MBINFO_GOLDEN_UPDATE=1 rewrites the fixtures instead of comparing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boot/mbinfo1.h"
#include "core/desc.h"

#define GOLDEN_HEX  "tests/fixtures/multiboot/mbinfo1.hex"
#define ADDR	    0x203000u
#define CMDLINE	    "/boot/probe.elf console=ttyS0,115200 debug"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* A QEMU-like machine with 3 GiB of RAM, as /sys/firmware/memmap lists
 * it. */
static const struct kx_range machine_map[] = {
    {0x0, 0x9fc00, KX_RANGE_RAM},
    {0x9fc00, 0xa0000, KX_RANGE_RESERVED},
    {0xf0000, 0x100000, KX_RANGE_RESERVED},
    {0x100000, 0x7fee0000, KX_RANGE_RAM},
    {0x7fee0000, 0x7ff00000, KX_RANGE_ACPI},
    {0xfeffc000, 0xff000000, KX_RANGE_RESERVED},
    {0xfffc0000, 0x100000000ull, KX_RANGE_RESERVED},
    {0x100000000ull, 0x180000000ull, KX_RANGE_RAM},
};

static const struct mbinfo_module machine_mods[] = {
    {0x200000, 0x1234, "/boot/mod1.bin alpha=1"},
    {0x202000, 0x800, "/boot/mod2.bin"},
};

static const struct mbinfo_framebuffer machine_fb = {
    .addr = 0xfd000000,
    .pitch = 4096,
    .width = 1024,
    .height = 768,
    .bpp = 32,
    .type = MBINFO_FB_RGB,
    .red_pos = 16,
    .red_size = 8,
    .green_pos = 8,
    .green_size = 8,
    .blue_pos = 0,
    .blue_size = 8,
};

struct fixture {
	struct kx_ranges map;
	struct mbinfo_input in;
};

static void machine(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->map.v = (struct kx_range *)machine_map;
	f->map.n = f->map.cap = sizeof(machine_map) / sizeof(machine_map[0]);
	f->in.memmap = &f->map;
	f->in.cmdline = CMDLINE;
	f->in.modules = machine_mods;
	f->in.n_modules = 2;
	f->in.fb = &machine_fb;
}

/* Build IN at ADDR into a malloc'd buffer. */
static uint8_t *build(const struct mbinfo_input *in, uint64_t addr,
		      size_t *size)
{
	kx_ctx *ctx = kx_ctx_new();
	uint8_t *buf;

	if (mbinfo1_size(ctx, in, size) != 0)
		fail_msg("size: %s", kx_ctx_message(ctx));
	buf = malloc(*size);
	assert_non_null(buf);
	if (mbinfo1_build(ctx, in, addr, buf, *size) != 0)
		fail_msg("build: %s", kx_ctx_message(ctx));
	kx_ctx_free(ctx);
	return buf;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;
	long n;

	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, (size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return s;
}

static void write_text(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static char *to_hex(const uint8_t *b, size_t n)
{
	char *s = malloc(n * 2 + n / 16 + 2);
	size_t i, o = 0;

	assert_non_null(s);
	for (i = 0; i < n; i++) {
		o += (size_t)sprintf(s + o, "%02x", b[i]);
		if (i % 16 == 15 || i == n - 1)
			s[o++] = '\n';
	}
	s[o] = '\0';
	return s;
}

static bool updating(void)
{
	return getenv("MBINFO_GOLDEN_UPDATE") != NULL;
}

static void test_golden_bytes(void **state)
{
	struct fixture f;
	size_t size;
	uint8_t *b;
	char *hex, *want;

	(void)state;
	machine(&f);
	b = build(&f.in, ADDR, &size);
	hex = to_hex(b, size);
	if (updating())
		write_text(GOLDEN_HEX, hex);
	want = read_text(GOLDEN_HEX);
	assert_string_equal(hex, want);
	free(want);
	free(hex);
	free(b);
}

static uint64_t num(const struct desc *d, enum kx_key key)
{
	uint64_t v = 0;

	if (desc_get_u64(d, key, &v) != 0)
		fail_msg("no field %s", kx_key_name(key));
	return v;
}

static uint64_t item(const struct desc *d, enum kx_list l, size_t i,
		     enum kx_key key)
{
	uint64_t v = 0;

	if (desc_item_get_u64(d, l, i, key, &v) != 0)
		fail_msg("no %s in %s[%zu]", kx_key_name(key), kx_list_name(l),
			 i);
	return v;
}

/* What the command's golden text (mbinfo1.txt) is printed from. */
static void test_golden_fields(void **state)
{
	kx_ctx *ctx = kx_ctx_new();
	struct desc *d = desc_new();
	struct fixture f;
	uint64_t v;
	size_t size;
	uint8_t *b;

	(void)state;
	machine(&f);
	b = build(&f.in, ADDR, &size);
	assert_int_equal(mbinfo_block_fields(ctx, 1, b, size, ADDR, d), 0);
	assert_int_equal(num(d, KX_KEY_MB_VERSION), 1);
	assert_int_equal(num(d, KX_KEY_INFO_ADDR), ADDR);
	assert_int_equal(num(d, KX_KEY_INFO_SIZE), 440);
	assert_int_equal(num(d, KX_KEY_INFO_FLAGS), 0x124d);
	assert_int_equal(desc_get_u64(d, KX_KEY_INFO_TAGS, &v), -ENOENT);
	assert_int_equal(num(d, KX_KEY_INFO_MEM_LOWER), 639);
	assert_int_equal(num(d, KX_KEY_INFO_MEM_UPPER), 2094976);
	assert_string_equal(desc_get_str(d, KX_KEY_INFO_CMDLINE), CMDLINE);
	assert_string_equal(desc_get_str(d, KX_KEY_INFO_LOADER_NAME),
			    MBINFO_LOADER_NAME);
	assert_int_equal(desc_count(d, KX_LIST_INFO_MODULES), 2);
	assert_int_equal(item(d, KX_LIST_INFO_MODULES, 0, KX_KEY_START),
			 0x200000);
	assert_int_equal(item(d, KX_LIST_INFO_MODULES, 0, KX_KEY_END),
			 0x201234);
	assert_string_equal(
	    desc_item_get_str(d, KX_LIST_INFO_MODULES, 1, KX_KEY_ARGS),
	    "/boot/mod2.bin");
	assert_int_equal(desc_count(d, KX_LIST_INFO_MMAP), 8);
	assert_int_equal(item(d, KX_LIST_INFO_MMAP, 4, KX_KEY_START),
			 0x7fee0000);
	assert_int_equal(item(d, KX_LIST_INFO_MMAP, 4, KX_KEY_SIZE), 0x20000);
	assert_int_equal(item(d, KX_LIST_INFO_MMAP, 4, KX_KEY_TYPE), 3);
	assert_int_equal(item(d, KX_LIST_INFO_MMAP, 7, KX_KEY_SIZE),
			 0x80000000ull);
	assert_int_equal(num(d, KX_KEY_INFO_FB_ADDR), 0xfd000000);
	assert_int_equal(num(d, KX_KEY_INFO_FB_WIDTH), 1024);
	assert_int_equal(num(d, KX_KEY_INFO_FB_HEIGHT), 768);
	assert_int_equal(num(d, KX_KEY_INFO_FB_BPP), 32);
	assert_int_equal(num(d, KX_KEY_INFO_FB_PITCH), 4096);
	assert_int_equal(num(d, KX_KEY_INFO_FB_TYPE), 1);
	/* red 8@16 green 8@8 blue 8@0, (size, position) from the lowest */
	assert_int_equal(num(d, KX_KEY_INFO_FB_RGB), 0x000808081008ull);
	/* Multiboot 2 only */
	assert_int_equal(desc_get_u64(d, KX_KEY_INFO_RSDT, &v), -ENOENT);
	assert_int_equal(desc_get_u64(d, KX_KEY_INFO_LOAD_BASE, &v), -ENOENT);
	assert_int_equal(desc_get_u64(d, KX_KEY_INFO_EFI64_SYSTAB, &v),
			 -ENOENT);
	desc_free(d);
	free(b);
	kx_ctx_free(ctx);
}

/* The string at physical address PA, which must lie in the block. */
static const char *str_at(const uint8_t *b, size_t size, uint32_t pa)
{
	assert_true(pa >= ADDR && pa - ADDR < size);
	assert_non_null(memchr(b + (pa - ADDR), 0, size - (pa - ADDR)));
	return (const char *)b + (pa - ADDR);
}

static void check_modules(const uint8_t *b, size_t size)
{
	uint32_t mods = get32(b + 24);
	size_t i;

	assert_int_equal(get32(b + 20), 2);
	assert_true(mods >= ADDR && mods + 32 <= ADDR + size);
	for (i = 0; i < 2; i++) {
		const uint8_t *m = b + (mods - ADDR) + 16 * i;

		assert_int_equal(get32(m), machine_mods[i].start);
		assert_int_equal(get32(m + 4),
				 machine_mods[i].start + machine_mods[i].size);
		assert_string_equal(str_at(b, size, get32(m + 8)),
				    machine_mods[i].cmdline);
		assert_int_equal(get32(m + 12), 0);
	}
}

/* Walked by the size fields, as kernels walk it. */
static void check_mmap(const uint8_t *b, size_t size)
{
	static const uint32_t types[] = {1, 2, 2, 1, 3, 2, 2, 1};
	uint32_t addr = get32(b + 48), len = get32(b + 44), pos;
	size_t i = 0;

	assert_int_equal(len, 8 * 24);
	assert_true(addr >= ADDR && addr + len <= ADDR + size);
	for (pos = 0; pos < len; pos += get32(b + addr - ADDR + pos) + 4) {
		const uint8_t *e = b + addr - ADDR + pos;

		assert_int_equal(get32(e), 20);
		assert_int_equal(get64(e + 4), machine_map[i].start);
		assert_int_equal(get64(e + 12),
				 machine_map[i].end - machine_map[i].start);
		assert_int_equal(get32(e + 20), types[i]);
		i++;
	}
	assert_int_equal(i, 8);
}

static void check_fb(const uint8_t *b)
{
	assert_int_equal(get64(b + 88), 0xfd000000);
	assert_int_equal(get32(b + 96), 4096);
	assert_int_equal(get32(b + 100), 1024);
	assert_int_equal(get32(b + 104), 768);
	assert_int_equal(b[108], 32);
	assert_int_equal(b[109], 1);
	assert_int_equal(b[110], 16);
	assert_int_equal(b[111], 8);
	assert_int_equal(b[112], 8);
	assert_int_equal(b[113], 8);
	assert_int_equal(b[114], 0);
	assert_int_equal(b[115], 8);
}

/* Every field at the offset spec 0.6.96 section 3.3 gives, read without
 * the library's decoder. */
static void test_fields_by_spec(void **state)
{
	struct fixture f;
	size_t size;
	uint8_t *b;

	(void)state;
	machine(&f);
	b = build(&f.in, ADDR, &size);
	assert_int_equal(get32(b), 0x124d); /* mem cmdline mods mmap
					       loader_name framebuffer */
	assert_int_equal(get32(b + 4), 639);
	assert_int_equal(get32(b + 8), (0x7fee0000 - 0x100000) / 1024);
	assert_int_equal(get32(b + 12), 0); /* no boot device */
	assert_string_equal(str_at(b, size, get32(b + 16)), CMDLINE);
	check_modules(b, size);
	check_mmap(b, size);
	assert_string_equal(str_at(b, size, get32(b + 64)), "libkexec " KX_VERSION_STRING);
	check_fb(b);
	free(b);
}

static void test_round_trip(void **state)
{
	kx_ctx *ctx = kx_ctx_new();
	struct mbinfo_decoded d;
	struct fixture f;
	size_t size, i;
	uint8_t *b;

	(void)state;
	machine(&f);
	b = build(&f.in, ADDR, &size);
	assert_int_equal(mbinfo1_decode(ctx, b, size, ADDR, &d), 0);
	assert_int_equal(d.version, 1);
	assert_true(d.has_mem);
	assert_string_equal(d.cmdline, CMDLINE);
	assert_string_equal(d.loader_name, MBINFO_LOADER_NAME);
	assert_int_equal(d.n_mods, 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(d.mods[i].start, machine_mods[i].start);
		assert_int_equal(d.mods[i].end,
				 machine_mods[i].start + machine_mods[i].size);
		assert_string_equal(d.mods[i].cmdline, machine_mods[i].cmdline);
	}
	assert_int_equal(d.n_mmap, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(d.mmap[i].base, machine_map[i].start);
		assert_int_equal(d.mmap[i].type,
				 mbinfo_mmap_type(machine_map[i].type));
	}
	assert_true(d.has_fb);
	assert_memory_equal(&d.fb.addr, &machine_fb.addr, sizeof(uint64_t));
	assert_int_equal(d.fb.red_pos, 16);
	mbinfo_decoded_free(&d);
	free(b);
	kx_ctx_free(ctx);
}

/* Lower and upper memory from maps of several shapes. */
static void mem_case(const struct kx_range *v, size_t n, uint32_t lower,
		     uint32_t upper)
{
	struct kx_ranges map = {(struct kx_range *)v, n, n};
	kx_ctx *ctx = kx_ctx_new();
	uint32_t lo = 1, up = 1;

	assert_int_equal(mbinfo_mem_bounds(ctx, &map, &lo, &up), 0);
	assert_int_equal(lo, lower);
	assert_int_equal(up, upper);
	kx_ctx_free(ctx);
}

static void test_mem_bounds(void **state)
{
	static const struct kx_range split[] = {
	    {0x50000, 0x9fc00, KX_RANGE_RAM},
	    {0, 0x50000, KX_RANGE_RAM},
	    {0x100000, 0x10000000, KX_RANGE_RAM},
	    {0x800000, 0x900000, KX_RANGE_RESERVED},
	};
	static const struct kx_range big[] = {
	    {0, 0x100000, KX_RANGE_RAM},
	    {0x100000, 0x200000000ull, KX_RANGE_RAM},
	};
	static const struct kx_range no_zero[] = {
	    {0x1000, 0x9f000, KX_RANGE_RAM},
	    {0x200000, 0x300000, KX_RANGE_RAM},
	};

	(void)state;
	/* Touching RAM ranges count as one; a reserved range over RAM cuts
	 * the run. */
	mem_case(split, 4, 639, (0x800000 - 0x100000) / 1024);
	/* RAM through 640K caps lower memory; upper may pass 4 GiB. */
	mem_case(big, 2, 640, (uint32_t)((0x200000000ull - 0x100000) / 1024));
	/* No RAM at 0 or at 1 MiB. */
	mem_case(no_zero, 2, 0, 0);
}

static void test_minimal(void **state)
{
	static const struct kx_range ram[] = {{0x100000, 0x200000, 1}};
	struct kx_ranges map = {(struct kx_range *)ram, 1, 1};
	struct mbinfo_input in = {.memmap = &map, .loader_name = "x"};
	kx_ctx *ctx = kx_ctx_new();
	struct mbinfo_decoded d;
	size_t size;
	uint8_t *b;

	(void)state;
	b = build(&in, ADDR, &size);
	assert_int_equal(size, 120 + 24 + 2);
	assert_int_equal(get32(b), 0x0249); /* mem mods mmap loader_name */
	assert_int_equal(get32(b + 20), 0);
	assert_int_equal(get32(b + 24), ADDR + 144); /* empty list */
	assert_int_equal(get32(b + 4), 0);
	assert_int_equal(get32(b + 8), 1024);
	assert_int_equal(mbinfo1_decode(ctx, b, size, ADDR, &d), 0);
	assert_null(d.cmdline);
	assert_string_equal(d.loader_name, "x");
	assert_false(d.has_fb);
	mbinfo_decoded_free(&d);
	free(b);
	kx_ctx_free(ctx);
}

static void test_indexed_palette(void **state)
{
	static const uint8_t pal[6] = {0, 0, 0, 0xff, 0x80, 0x01};
	struct mbinfo_framebuffer fb = machine_fb;
	kx_ctx *ctx = kx_ctx_new();
	struct mbinfo_decoded d;
	struct fixture f;
	size_t size;
	uint8_t *b;

	(void)state;
	machine(&f);
	fb.type = MBINFO_FB_INDEXED;
	fb.bpp = 8;
	fb.palette = pal;
	fb.palette_n = 2;
	f.in.fb = &fb;
	b = build(&f.in, ADDR, &size);
	assert_int_equal(b[109], 0);
	assert_int_equal(b[114], 2); /* palette_num_colors */
	assert_memory_equal(b + get32(b + 110) - ADDR, pal, 6);
	assert_int_equal(mbinfo1_decode(ctx, b, size, ADDR, &d), 0);
	assert_int_equal(d.fb.palette_n, 2);
	assert_memory_equal(d.fb.palette, pal, 6);
	mbinfo_decoded_free(&d);
	free(b);
	kx_ctx_free(ctx);
}

static void expect_refused(const struct mbinfo_input *in, uint64_t addr,
			   size_t size_delta, const char *want)
{
	kx_ctx *ctx = kx_ctx_new();
	uint8_t buf[4096];
	size_t size = 0;
	int rc;

	rc = mbinfo1_size(ctx, in, &size);
	if (rc == 0) {
		assert_true(size + size_delta <= sizeof(buf));
		rc = mbinfo1_build(ctx, in, addr, buf, size + size_delta);
	}
	if (rc >= 0 || !strstr(kx_ctx_message(ctx), want))
		fail_msg("rc %d, message \"%s\", wanted \"%s\"", rc,
			 kx_ctx_message(ctx), want);
	kx_ctx_free(ctx);
}

static void test_refusals(void **state)
{
	static const struct kx_range no_ram[] = {{0, 0x1000, 2}};
	static const struct kx_range backwards[] = {{0x2000, 0x1000, 1}};
	struct mbinfo_module high[] = {{0xfffff000, 0x1000, "m"}};
	struct mbinfo_framebuffer fb = machine_fb;
	struct fixture f;

	(void)state;
	machine(&f);
	expect_refused(&f.in, 0xffffff00, 0, "does not end below 4 GiB");
	expect_refused(&f.in, ADDR + 4, 0, "is not 8-byte aligned");
	expect_refused(&f.in, ADDR, 1, "the block needs");
	f.in.modules = high;
	f.in.n_modules = 1;
	expect_refused(&f.in, ADDR, 0,
		       "module 1 (0x1000 bytes at 0xfffff000) does not end "
		       "below 4 GiB");
	machine(&f);
	f.in.fb = &fb;
	fb.type = 3;
	expect_refused(&f.in, ADDR, 0, "unknown framebuffer type 3");
	fb.type = MBINFO_FB_INDEXED;
	fb.palette_n = 257;
	expect_refused(&f.in, ADDR, 0, "palette of 257 colours");
	machine(&f);
	f.map.v = (struct kx_range *)no_ram;
	f.map.n = 1;
	expect_refused(&f.in, ADDR, 0, "the memory map has no RAM");
	f.map.v = (struct kx_range *)backwards;
	expect_refused(&f.in, ADDR, 0, "entry 0 ends before it starts");
	f.in.memmap = NULL;
	expect_refused(&f.in, ADDR, 0, "no RAM");
}

static void expect_decode_error(const uint8_t *b, size_t size, const char *want)
{
	kx_ctx *ctx = kx_ctx_new();
	struct desc *desc = desc_new();
	struct mbinfo_decoded d;
	uint64_t v;

	assert_true(mbinfo1_decode(ctx, b, size, ADDR, &d) < 0);
	if (!strstr(kx_ctx_message(ctx), want))
		fail_msg("message \"%s\", wanted \"%s\"", kx_ctx_message(ctx),
			 want);
	assert_true(mbinfo_block_fields(ctx, 1, b, size, ADDR, desc) < 0);
	assert_int_equal(desc_get_u64(desc, KX_KEY_INFO_ADDR, &v), -ENOENT);
	desc_free(desc);
	kx_ctx_free(ctx);
}

static void test_decode_damaged(void **state)
{
	struct fixture f;
	size_t size, cut;
	uint8_t *b, *c;

	(void)state;
	machine(&f);
	b = build(&f.in, ADDR, &size);
	c = malloc(size);
	memcpy(c, b, size);
	put32(c + 16, ADDR - 1);
	expect_decode_error(c, size, "command line at 0x202fff");
	memcpy(c, b, size);
	put32(c + 20, 0x10000000); /* mods_count */
	expect_decode_error(c, size, "module list");
	memcpy(c, b, size);
	put32(c + 120, 12); /* first mmap entry's size */
	expect_decode_error(c, size, "memory map entry at +0 has a bad size");
	memcpy(c, b, size);
	c[size - 1] = 'x'; /* last module string unterminated */
	expect_decode_error(c, size, "not terminated inside the block");
	expect_decode_error(b, 100, "too short");
	/* Every prefix: refused or decoded, never read past. */
	for (cut = 0; cut < size; cut++) {
		kx_ctx *ctx = kx_ctx_new();
		struct mbinfo_decoded d;
		uint8_t *p = malloc(cut ? cut : 1);

		memcpy(p, b, cut);
		if (mbinfo1_decode(ctx, p, cut, ADDR, &d) == 0)
			mbinfo_decoded_free(&d);
		free(p);
		kx_ctx_free(ctx);
	}
	free(c);
	free(b);
}

/* Fields hold the bytes as they are; escaping is for whoever prints. */
static void test_fields_raw_strings(void **state)
{
	kx_ctx *ctx = kx_ctx_new();
	struct desc *d = desc_new();
	struct fixture f;
	size_t size;
	uint8_t *b;

	(void)state;
	machine(&f);
	f.in.cmdline = "a\nb\\c\x7f";
	b = build(&f.in, ADDR, &size);
	assert_int_equal(mbinfo_block_fields(ctx, 1, b, size, ADDR, d), 0);
	assert_string_equal(desc_get_str(d, KX_KEY_INFO_CMDLINE),
			    "a\nb\\c\x7f");
	desc_free(d);
	free(b);
	kx_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_golden_bytes),
	    cmocka_unit_test(test_golden_fields),
	    cmocka_unit_test(test_fields_by_spec),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_mem_bounds),
	    cmocka_unit_test(test_minimal),
	    cmocka_unit_test(test_indexed_palette),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_decode_damaged),
	    cmocka_unit_test(test_fields_raw_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
