/* The Multiboot 2 information structure: golden bytes and text for a
 * fixed EFI machine (tests/fixtures/multiboot/), every tag read back at
 * the offsets spec 2.0 section 3.6 gives, the decoder fed damaged blocks,
 * and the builder's refusals.
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

#include "boot/mbinfo2.h"
#include "core/desc.h"
#include "format/multiboot.h"

#define GOLDEN_HEX  "tests/fixtures/multiboot/mbinfo2.hex"
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

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static const struct kx_range machine_map[] = {
    {0x0, 0x9fc00, KX_RANGE_RAM},
    {0x9fc00, 0xa0000, KX_RANGE_RESERVED},
    {0xf0000, 0x100000, KX_RANGE_RESERVED},
    {0x100000, 0x7fee0000, KX_RANGE_RAM},
    {0x7fee0000, 0x7ff00000, KX_RANGE_ACPI},
    {0x7ff00000, 0x7ff10000, KX_RANGE_NVS},
    {0xfffc0000, 0x100000000ull, KX_RANGE_RESERVED},
    {0x100000000ull, 0x180000000ull, KX_RANGE_RAM},
};

static const struct mbinfo_module machine_mods[] = {
    {0x200000, 0x1234, "/boot/mod1.bin alpha=1"},
    {0x202000, 0x800, "/boot/mod2.bin"},
};

static const struct mbinfo_framebuffer machine_fb = {
    .addr = 0x80000000,
    .pitch = 5120,
    .width = 1280,
    .height = 800,
    .bpp = 32,
    .type = MBINFO_FB_RGB,
    .red_pos = 16,
    .red_size = 8,
    .green_pos = 8,
    .green_size = 8,
    .blue_pos = 0,
    .blue_size = 8,
};

/* Two 48-byte EFI memory descriptors, recognisable bytes. */
static uint8_t efi_map[96];

/* An ACPI 2.0 RSDP with both checksums right. */
static uint8_t rsdp[36];

static uint8_t sum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static void make_rsdp(uint8_t revision)
{
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "BOCHS ", 6);
	rsdp[15] = revision;
	put32(rsdp + 16, 0x7ffe1234);
	put32(rsdp + 20, 36);
	put64(rsdp + 24, 0x7ffe5678);
	rsdp[8] = (uint8_t)-sum(rsdp, 20);
	rsdp[32] = (uint8_t)-sum(rsdp, 36);
}

struct fixture {
	struct kx_ranges map;
	struct mbinfo_input in;
};

static void machine(struct fixture *f)
{
	size_t i;

	for (i = 0; i < sizeof(efi_map); i++)
		efi_map[i] = (uint8_t)(i * 13);
	make_rsdp(2);
	memset(f, 0, sizeof(*f));
	f->map.v = (struct kx_range *)machine_map;
	f->map.n = f->map.cap = sizeof(machine_map) / sizeof(machine_map[0]);
	f->in.memmap = &f->map;
	f->in.cmdline = CMDLINE;
	f->in.modules = machine_mods;
	f->in.n_modules = 2;
	f->in.fb = &machine_fb;
	f->in.rsdp = rsdp;
	f->in.rsdp_len = sizeof(rsdp);
	f->in.has_efi64 = true;
	f->in.efi64_systab = 0x7fe8e018;
	f->in.efi_mmap = efi_map;
	f->in.efi_mmap_size = sizeof(efi_map);
	f->in.efi_desc_size = 48;
	f->in.efi_desc_version = 1;
	f->in.has_load_base = true;
	f->in.load_base = 0x100000;
}

static uint8_t *build(const struct mbinfo_input *in, uint64_t addr,
		      size_t *size)
{
	kx_ctx *ctx = kx_ctx_new();
	uint8_t *buf;

	if (mbinfo2_size(ctx, in, size) != 0)
		fail_msg("size: %s", kx_ctx_message(ctx));
	buf = malloc(*size);
	assert_non_null(buf);
	if (mbinfo2_build(ctx, in, addr, buf, *size) != 0)
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

/* What the command's golden text (mbinfo2.txt) is printed from. */
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
	assert_int_equal(mbinfo_block_fields(ctx, 2, b, size, ADDR, d), 0);
	assert_int_equal(num(d, KX_KEY_MB_VERSION), 2);
	assert_int_equal(num(d, KX_KEY_INFO_ADDR), ADDR);
	assert_int_equal(num(d, KX_KEY_INFO_SIZE), 656);
	assert_int_equal(num(d, KX_KEY_INFO_TAGS), 13);
	assert_int_equal(desc_get_u64(d, KX_KEY_INFO_FLAGS, &v), -ENOENT);
	assert_int_equal(num(d, KX_KEY_INFO_MEM_LOWER), 639);
	assert_int_equal(num(d, KX_KEY_INFO_MEM_UPPER), 2094976);
	assert_string_equal(desc_get_str(d, KX_KEY_INFO_CMDLINE), CMDLINE);
	assert_string_equal(desc_get_str(d, KX_KEY_INFO_LOADER_NAME),
			    MBINFO_LOADER_NAME);
	assert_int_equal(desc_count(d, KX_LIST_INFO_MODULES), 2);
	assert_int_equal(item(d, KX_LIST_INFO_MODULES, 1, KX_KEY_START),
			 0x202000);
	assert_int_equal(item(d, KX_LIST_INFO_MODULES, 1, KX_KEY_END),
			 0x202800);
	assert_string_equal(
	    desc_item_get_str(d, KX_LIST_INFO_MODULES, 0, KX_KEY_ARGS),
	    "/boot/mod1.bin alpha=1");
	assert_int_equal(desc_count(d, KX_LIST_INFO_MMAP), 8);
	assert_int_equal(item(d, KX_LIST_INFO_MMAP, 5, KX_KEY_START),
			 0x7ff00000);
	assert_int_equal(item(d, KX_LIST_INFO_MMAP, 5, KX_KEY_SIZE), 0x10000);
	assert_int_equal(item(d, KX_LIST_INFO_MMAP, 5, KX_KEY_TYPE), 4);
	assert_int_equal(num(d, KX_KEY_INFO_FB_ADDR), 0x80000000);
	assert_int_equal(num(d, KX_KEY_INFO_FB_WIDTH), 1280);
	assert_int_equal(num(d, KX_KEY_INFO_FB_HEIGHT), 800);
	assert_int_equal(num(d, KX_KEY_INFO_FB_PITCH), 5120);
	assert_int_equal(num(d, KX_KEY_INFO_FB_RGB), 0x000808081008ull);
	assert_int_equal(num(d, KX_KEY_INFO_RSDP_OLD_LEN), 20);
	assert_int_equal(num(d, KX_KEY_INFO_RSDP_NEW_LEN), 36);
	assert_int_equal(num(d, KX_KEY_INFO_RSDP_REVISION), 2);
	assert_int_equal(num(d, KX_KEY_INFO_RSDT), 0x7ffe1234);
	assert_int_equal(num(d, KX_KEY_INFO_XSDT), 0x7ffe5678);
	assert_int_equal(desc_get_u64(d, KX_KEY_INFO_EFI32_SYSTAB, &v),
			 -ENOENT);
	assert_int_equal(num(d, KX_KEY_INFO_EFI64_SYSTAB), 0x7fe8e018);
	assert_int_equal(num(d, KX_KEY_INFO_EFI_MMAP_SIZE), 96);
	assert_int_equal(num(d, KX_KEY_INFO_EFI_DESC_SIZE), 48);
	assert_int_equal(num(d, KX_KEY_INFO_EFI_DESC_VERSION), 1);
	assert_int_equal(num(d, KX_KEY_INFO_LOAD_BASE), 0x100000);
	desc_free(d);
	free(b);
	kx_ctx_free(ctx);
}

/* ---- reading tags without the library -------------------------------- */

static void check_mmap_tag(const uint8_t *t)
{
	static const uint32_t types[] = {1, 2, 2, 1, 3, 4, 2, 1};
	size_t i;

	assert_int_equal(get32(t + 4), 16 + 8 * 24);
	assert_int_equal(get32(t + 8), 24); /* entry_size */
	assert_int_equal(get32(t + 12), 0); /* entry_version */
	for (i = 0; i < 8; i++) {
		const uint8_t *e = t + 16 + 24 * i;

		assert_int_equal(get64(e), machine_map[i].start);
		assert_int_equal(get64(e + 8),
				 machine_map[i].end - machine_map[i].start);
		assert_int_equal(get32(e + 16), types[i]);
		assert_int_equal(get32(e + 20), 0);
	}
}

static void check_fb_tag(const uint8_t *t)
{
	assert_int_equal(get32(t + 4), 38);
	assert_int_equal(get64(t + 8), 0x80000000);
	assert_int_equal(get32(t + 16), 5120);
	assert_int_equal(get32(t + 20), 1280);
	assert_int_equal(get32(t + 24), 800);
	assert_int_equal(t[28], 32);
	assert_int_equal(t[29], 1);
	assert_int_equal(t[30] | t[31] << 8, 0);
	assert_int_equal(t[32], 16);
	assert_int_equal(t[33], 8);
	assert_int_equal(t[34], 8);
	assert_int_equal(t[35], 8);
	assert_int_equal(t[36], 0);
	assert_int_equal(t[37], 8);
}

static void check_tag(const uint8_t *t, uint32_t type, unsigned *mod)
{
	switch (type) {
	case 1:
		assert_string_equal((const char *)t + 8, CMDLINE);
		assert_int_equal(get32(t + 4), 8 + sizeof(CMDLINE));
		break;
	case 2:
		assert_string_equal((const char *)t + 8, "libkexec " KX_VERSION_STRING);
		break;
	case 3:
		assert_int_equal(get32(t + 8), machine_mods[*mod].start);
		assert_int_equal(get32(t + 12), machine_mods[*mod].start +
						    machine_mods[*mod].size);
		assert_string_equal((const char *)t + 16,
				    machine_mods[*mod].cmdline);
		++*mod;
		break;
	case 4:
		assert_int_equal(get32(t + 4), 16);
		assert_int_equal(get32(t + 8), 639);
		assert_int_equal(get32(t + 12), (0x7fee0000 - 0x100000) / 1024);
		break;
	case 6:
		check_mmap_tag(t);
		break;
	case 8:
		check_fb_tag(t);
		break;
	case 12:
		assert_int_equal(get32(t + 4), 16);
		assert_int_equal(get64(t + 8), 0x7fe8e018);
		break;
	case 14:
		assert_int_equal(get32(t + 4), 8 + 20);
		assert_memory_equal(t + 8, rsdp, 20);
		break;
	case 15:
		assert_int_equal(get32(t + 4), 8 + 36);
		assert_memory_equal(t + 8, rsdp, 36);
		break;
	case 17:
		assert_int_equal(get32(t + 4), 16 + sizeof(efi_map));
		assert_int_equal(get32(t + 8), 48);
		assert_int_equal(get32(t + 12), 1);
		assert_memory_equal(t + 16, efi_map, sizeof(efi_map));
		break;
	case 21:
		assert_int_equal(get32(t + 4), 12);
		assert_int_equal(get32(t + 8), 0x100000);
		break;
	default:
		fail_msg("unexpected tag %u", type);
	}
}

static void test_tags_by_spec(void **state)
{
	static const uint32_t order[] = {1,  2,	 3,  3,	 4,  6, 8,
					 14, 15, 12, 17, 21, 0};
	struct fixture f;
	unsigned n = 0, mod = 0;
	size_t size, off = 8;
	uint8_t *b;

	(void)state;
	machine(&f);
	b = build(&f.in, ADDR, &size);
	assert_int_equal(get32(b), size);
	assert_int_equal(get32(b + 4), 0);
	assert_int_equal(size % 8, 0);
	for (;;) {
		uint32_t type = get32(b + off), tsize = get32(b + off + 4);

		assert_true(n < sizeof(order) / sizeof(order[0]));
		assert_int_equal(type, order[n++]);
		assert_true(off + tsize <= size);
		if (type == 0) {
			assert_int_equal(tsize, 8);
			assert_int_equal(off + 8, size);
			break;
		}
		check_tag(b + off, type, &mod);
		off += (tsize + 7) & ~7u;
	}
	assert_int_equal(mod, 2);
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
	assert_int_equal(mbinfo2_decode(ctx, b, size, ADDR, &d), 0);
	assert_int_equal(d.version, 2);
	assert_int_equal(d.total_size, size);
	assert_int_equal(d.n_tags, 13);
	assert_string_equal(d.cmdline, CMDLINE);
	assert_string_equal(d.loader_name, MBINFO_LOADER_NAME);
	assert_int_equal(d.n_mods, 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(d.mods[i].start, machine_mods[i].start);
		assert_string_equal(d.mods[i].cmdline, machine_mods[i].cmdline);
	}
	assert_int_equal(d.n_mmap, 8);
	assert_int_equal(d.mmap[5].type, MBINFO_MEM_NVS);
	assert_true(d.has_fb);
	assert_int_equal(d.fb.width, 1280);
	assert_int_equal(d.rsdp_old_len, 20);
	assert_int_equal(d.rsdp_new_len, 36);
	assert_true(d.has_efi64);
	assert_false(d.has_efi32);
	assert_int_equal(d.efi64_systab, 0x7fe8e018);
	assert_int_equal(d.efi_mmap_size, sizeof(efi_map));
	assert_true(d.has_load_base);
	assert_int_equal(d.load_base, 0x100000);
	mbinfo_decoded_free(&d);
	free(b);
	kx_ctx_free(ctx);
}

/* A BIOS machine: ACPI 1.0 RSDP, no EFI, no framebuffer, no command
 * line, an indexed framebuffer elsewhere; EFI32. */
static void test_variants(void **state)
{
	static const uint8_t pal[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	struct mbinfo_framebuffer fb = machine_fb;
	kx_ctx *ctx = kx_ctx_new();
	struct mbinfo_decoded d;
	struct fixture f;
	size_t size;
	uint8_t *b;

	(void)state;
	machine(&f);
	make_rsdp(0);
	f.in.rsdp_len = 20;
	f.in.has_efi64 = false;
	f.in.efi_mmap = NULL;
	f.in.has_load_base = false;
	f.in.cmdline = NULL;
	f.in.has_efi32 = true;
	f.in.efi32_systab = 0x7f000000;
	fb.type = MBINFO_FB_INDEXED;
	fb.palette = pal;
	fb.palette_n = 3;
	f.in.fb = &fb;
	b = build(&f.in, ADDR, &size);
	assert_int_equal(mbinfo2_decode(ctx, b, size, ADDR, &d), 0);
	assert_null(d.cmdline);
	assert_non_null(d.rsdp_old);
	assert_null(d.rsdp_new);
	assert_true(d.has_efi32);
	assert_int_equal(d.efi32_systab, 0x7f000000);
	assert_null(d.efi_mmap);
	assert_false(d.has_load_base);
	assert_int_equal(d.fb.palette_n, 3);
	assert_memory_equal(d.fb.palette, pal, 9);
	assert_int_equal(d.n_tags, 9); /* 2 3 3 4 6 8 14 11 0 */
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

	rc = mbinfo2_size(ctx, in, &size);
	if (rc == 0) {
		assert_true(size + size_delta <= sizeof(buf));
		rc = mbinfo2_build(ctx, in, addr, buf, size + size_delta);
	}
	if (rc >= 0 || !strstr(kx_ctx_message(ctx), want))
		fail_msg("rc %d, message \"%s\", wanted \"%s\"", rc,
			 kx_ctx_message(ctx), want);
	kx_ctx_free(ctx);
}

static void test_refusals(void **state)
{
	struct mbinfo_module high[] = {{0xffffff00, 0x100, "m"}};
	struct fixture f;

	(void)state;
	machine(&f);
	expect_refused(&f.in, 0xffffff00, 0, "does not end below 4 GiB");
	expect_refused(&f.in, ADDR + 4, 0, "is not 8-byte aligned");
	expect_refused(&f.in, ADDR, 8, "the block needs");
	rsdp[8]++;
	expect_refused(&f.in, ADDR, 0, "RSDP given is damaged");
	make_rsdp(2);
	rsdp[32]++;
	expect_refused(&f.in, ADDR, 0, "ACPI 2.0 RSDP given is damaged");
	make_rsdp(2);
	f.in.rsdp_len = 35;
	expect_refused(&f.in, ADDR, 0, "ACPI 2.0 RSDP given is damaged");
	machine(&f);
	f.in.efi_desc_size = 40;
	expect_refused(&f.in, ADDR, 0,
		       "EFI memory map of 96 bytes is not a whole number of "
		       "40-byte descriptors");
	machine(&f);
	f.in.modules = high;
	f.in.n_modules = 1;
	expect_refused(&f.in, ADDR, 0, "module 1");
}

static void expect_decode_error(const uint8_t *b, size_t size, const char *want)
{
	kx_ctx *ctx = kx_ctx_new();
	struct desc *desc = desc_new();
	struct mbinfo_decoded d;
	uint64_t v;

	assert_true(mbinfo2_decode(ctx, b, size, ADDR, &d) < 0);
	if (!strstr(kx_ctx_message(ctx), want))
		fail_msg("message \"%s\", wanted \"%s\"", kx_ctx_message(ctx),
			 want);
	assert_true(mbinfo_block_fields(ctx, 2, b, size, ADDR, desc) < 0);
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
	put32(c, (uint32_t)size + 8);
	expect_decode_error(c, size, "does not fit the");
	memcpy(c, b, size);
	put32(c, (uint32_t)size - 8); /* end tag cut off */
	expect_decode_error(c, size, "no end tag within total_size");
	memcpy(c, b, size);
	put32(c + 12, 0x1000); /* first tag's size */
	expect_decode_error(c, size, "tag 1 at +8 has size 4096, outside");
	memcpy(c, b, size);
	c[8 + 8 + sizeof(CMDLINE) - 1] = 'x';
	expect_decode_error(c, size,
			    "command line tag at +8 holds no "
			    "terminated string");
	expect_decode_error(b, 8, "too short");
	for (cut = 0; cut < size; cut++) {
		kx_ctx *ctx = kx_ctx_new();
		struct mbinfo_decoded d;
		uint8_t *p = malloc(cut ? cut : 1);

		memcpy(p, b, cut);
		if (mbinfo2_decode(ctx, p, cut, ADDR, &d) == 0)
			mbinfo_decoded_free(&d);
		free(p);
		kx_ctx_free(ctx);
	}
	free(c);
	free(b);
}

/* What a required information request may ask for is exactly what the
 * builder can produce. */
static void test_supported_matches_builder(void **state)
{
	kx_ctx *ctx = kx_ctx_new();
	struct mbinfo_decoded d;
	struct fixture f;
	uint64_t seen = MB2_INFO_BIT(MB2_INFO_END);
	size_t size, off = 8;
	uint8_t *b;

	(void)state;
	machine(&f);
	f.in.has_efi32 = true;
	b = build(&f.in, ADDR, &size);
	while (off < size) {
		seen |= MB2_INFO_BIT(get32(b + off));
		off += (get32(b + off + 4) + 7) & ~7u;
	}
	assert_int_equal(seen, MB2_INFO_SUPPORTED);
	assert_int_equal(mbinfo2_decode(ctx, b, size, ADDR, &d), 0);
	mbinfo_decoded_free(&d);
	free(b);
	kx_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_golden_bytes),
	    cmocka_unit_test(test_golden_fields),
	    cmocka_unit_test(test_tags_by_spec),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_variants),
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_decode_damaged),
	    cmocka_unit_test(test_supported_matches_builder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
