/* The ELF executable parser: images built here by a small generator (no
 * toolchain at test time), then damaged one field at a time. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/elf.h"

#define PT_LOAD_ 1
#define PT_NOTE_ 4
#define EHDR32	 52
#define EHDR64	 64
#define PHDR32	 32
#define PHDR64	 56

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

struct gseg {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

struct gelf {
	unsigned cls; /* 32 or 64 */
	uint16_t machine, type;
	uint64_t entry;
	const struct gseg *segs;
	unsigned n;
	size_t size; /* file size; at least the headers */
};

static size_t phdr_size(unsigned cls)
{
	return cls == 64 ? PHDR64 : PHDR32;
}

static size_t ehdr_size(unsigned cls)
{
	return cls == 64 ? EHDR64 : EHDR32;
}

static void put_phdr(uint8_t *p, unsigned cls, const struct gseg *s)
{
	put32(p, s->type);
	if (cls == 64) {
		put32(p + 4, 7); /* RWX */
		put64(p + 8, s->offset);
		put64(p + 16, s->vaddr);
		put64(p + 24, s->paddr);
		put64(p + 32, s->filesz);
		put64(p + 40, s->memsz);
		put64(p + 48, 1);
	} else {
		put32(p + 4, (uint32_t)s->offset);
		put32(p + 8, (uint32_t)s->vaddr);
		put32(p + 12, (uint32_t)s->paddr);
		put32(p + 16, (uint32_t)s->filesz);
		put32(p + 20, (uint32_t)s->memsz);
		put32(p + 24, 7);
		put32(p + 28, 1);
	}
}

static void put_ehdr(uint8_t *d, const struct gelf *g)
{
	size_t eh = ehdr_size(g->cls);

	memcpy(d, "\177ELF", 4);
	d[4] = g->cls == 64 ? 2 : 1;
	d[5] = 1; /* little-endian */
	d[6] = 1;
	put16(d + 16, g->type);
	put16(d + 18, g->machine);
	put32(d + 20, 1);
	if (g->cls == 64) {
		put64(d + 24, g->entry);
		put64(d + 32, eh);
		put16(d + 52, (uint16_t)eh);
		put16(d + 54, PHDR64);
		put16(d + 56, (uint16_t)g->n);
	} else {
		put32(d + 24, (uint32_t)g->entry);
		put32(d + 28, (uint32_t)eh);
		put16(d + 40, (uint16_t)eh);
		put16(d + 42, PHDR32);
		put16(d + 44, (uint16_t)g->n);
	}
}

/* The image G describes: headers, then every byte a pattern of its
 * offset, so tests can tell where pieces come from. */
static uint8_t *make_elf(const struct gelf *g, size_t *size)
{
	size_t need = ehdr_size(g->cls) + g->n * phdr_size(g->cls);
	size_t len = g->size > need ? g->size : need;
	uint8_t *d = malloc(len);
	unsigned i;

	assert_non_null(d);
	for (i = 0; i < len; i++)
		d[i] = (uint8_t)(i * 7 + 3);
	memset(d, 0, need);
	put_ehdr(d, g);
	for (i = 0; i < g->n; i++)
		put_phdr(d + ehdr_size(g->cls) + i * phdr_size(g->cls), g->cls,
			 &g->segs[i]);
	*size = len;
	return d;
}

/* Parse DATA as "kernel.elf"; the message is copied to MSG. */
static int parse(const uint8_t *data, size_t size, struct elf_image *img,
		 char *msg, size_t msglen)
{
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	assert_non_null(ctx);
	rc = elf_parse(ctx, "kernel.elf", data, size, img);
	snprintf(msg, msglen, "%s", kx_ctx_message(ctx));
	kx_ctx_free(ctx);
	return rc;
}

/* G must be refused with a message naming the file and containing
 * WANT. */
static void expect_refused(const struct gelf *g, const char *want)
{
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(g, &size);
	int rc = parse(d, size, &img, msg, sizeof(msg));

	if (rc >= 0 || !strstr(msg, want) ||
	    strncmp(msg, "kernel.elf: ", 12) != 0)
		fail_msg("rc %d, message \"%s\", wanted \"%s\"", rc, msg, want);
	assert_null(img.pieces);
	free(d);
}

/* A Multiboot-style ELF32 kernel: text at 1 MiB + 0x70 (not page
 * aligned), data right after, bss. */
static const struct gseg segs32[] = {
    {PT_LOAD_, 0x100, 0x100070, 0x100070, 0x300, 0x300},
    {PT_NOTE_, 0x400, 0, 0, 0x20, 0x20},
    {PT_LOAD_, 0x400, 0x100370, 0x100370, 0x100, 0x2000},
};

static struct gelf elf32(void)
{
	struct gelf g = {32,	 ELF_EM_386, ELF_ET_EXEC, 0x100080,
			 segs32, 3,	     0x600};

	return g;
}

static void test_elf32_multiboot(void **state)
{
	struct gelf g = elf32();
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
	assert_int_equal(img.elf_class, 32);
	assert_int_equal(img.machine, ELF_EM_386);
	assert_int_equal(img.type, ELF_ET_EXEC);
	assert_false(img.by_vaddr);
	assert_int_equal(img.n, 2);
	assert_int_equal(img.pieces[0].addr, 0x100070);
	assert_int_equal(img.pieces[0].offset, 0x100);
	assert_int_equal(img.pieces[0].filesz, 0x300);
	assert_int_equal(img.pieces[0].memsz, 0x300);
	assert_int_equal(img.pieces[0].index, 0);
	assert_int_equal(img.pieces[1].addr, 0x100370);
	assert_int_equal(img.pieces[1].filesz, 0x100);
	assert_int_equal(img.pieces[1].memsz, 0x2000);
	assert_int_equal(img.pieces[1].index, 2);
	assert_int_equal(img.entry, 0x100080);
	assert_int_equal(img.lowest, 0x100070);
	assert_int_equal(img.highest, 0x102370);
	assert_int_equal(elf_check_below_4g(NULL, "x", &img), 0);
	elf_image_free(&img);
	assert_null(img.pieces);
	free(d);
}

/* A higher-half kernel: linked at 0xC0100000, loaded at 1 MiB; e_entry is
 * virtual and becomes the physical address of the same byte. */
static void test_higher_half_entry(void **state)
{
	static const struct gseg s[] = {
	    {PT_LOAD_, 0x1000, 0xc0100000, 0x100000, 0x800, 0x1000},
	    {PT_LOAD_, 0x1800, 0xc0101000, 0x101000, 0x100, 0x100},
	};
	struct gelf g = {32, ELF_EM_386, ELF_ET_EXEC, 0xc0101010, s, 2, 0x2000};
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
	assert_int_equal(img.entry, 0x101010);
	assert_int_equal(img.entry_virt, 0xc0101010);
	assert_int_equal(img.pieces[0].addr, 0x100000);
	elf_image_free(&img);
	free(d);
}

/* vmlinux: virtual 0xffffffff81000000, physical 16 MiB, e_entry already
 * physical. */
static void test_elf64_vmlinux_entry(void **state)
{
	static const struct gseg s[] = {
	    {PT_LOAD_, 0x200, 0xffffffff81000000ull, 0x1000000, 0x1000, 0x1000},
	    {PT_LOAD_, 0x1200, 0xffffffff81001000ull, 0x1001000, 0x100, 0x5000},
	};
	struct gelf g = {64, ELF_EM_X86_64, ELF_ET_EXEC, 0x1000000, s,
			 2,  0x1400};
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
	assert_int_equal(img.elf_class, 64);
	assert_int_equal(img.entry, 0x1000000);
	assert_int_equal(img.highest, 0x1006000);
	elf_image_free(&img);
	free(d);
}

static void test_paddr_zero_uses_vaddr(void **state)
{
	static const struct gseg s[] = {
	    {PT_LOAD_, 0x100, 0x200000, 0, 0x100, 0x100},
	    {PT_LOAD_, 0x200, 0x201000, 0, 0x100, 0x100},
	};
	struct gelf g = {64, ELF_EM_X86_64, ELF_ET_EXEC, 0x201004, s, 2, 0x400};
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
	assert_true(img.by_vaddr);
	assert_int_equal(img.pieces[0].addr, 0x200000);
	assert_int_equal(img.pieces[1].addr, 0x201000);
	assert_int_equal(img.entry, 0x201004);
	elf_image_free(&img);
	free(d);
}

/* Program headers out of address order come back sorted; empty PT_LOADs
 * and other types are dropped; a DYN image is taken at its p_paddr. */
static void test_sorted_and_filtered(void **state)
{
	static const struct gseg s[] = {
	    {PT_LOAD_, 0x300, 0x300000, 0x300000, 0x10, 0x10},
	    {PT_LOAD_, 0, 0x500000, 0x500000, 0, 0},
	    {6 /* PT_PHDR */, 0x40, 0, 0, 0x70, 0x70},
	    {PT_LOAD_, 0x200, 0x100001, 0x100001, 0x10, 0x11},
	};
	struct gelf g = {64, ELF_EM_X86_64, ELF_ET_DYN, 0x100001, s, 4, 0x400};
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
	assert_int_equal(img.type, ELF_ET_DYN);
	assert_int_equal(img.n, 2);
	assert_int_equal(img.pieces[0].addr, 0x100001);
	assert_int_equal(img.pieces[0].index, 3);
	assert_int_equal(img.pieces[1].addr, 0x300000);
	assert_int_equal(img.pieces[1].index, 0);
	elf_image_free(&img);
	free(d);
}

/* Touching segments (end == next start) are fine; any byte shared is
 * not. */
static void test_overlap(void **state)
{
	struct gseg s[] = {
	    {PT_LOAD_, 0x100, 0x100000, 0x100000, 0x100, 0x1000},
	    {PT_LOAD_, 0x200, 0x101000, 0x101000, 0x100, 0x100},
	};
	struct gelf g = {32, ELF_EM_386, ELF_ET_EXEC, 0x100000, s, 2, 0x400};
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
	elf_image_free(&img);
	free(d);
	s[1].paddr = s[1].vaddr = 0x100fff;
	expect_refused(&g, "segments 0 [0x100000-0x101000) and 1 "
			   "[0x100fff-0x1010ff) overlap");
}

static void test_bad_ident(void **state)
{
	struct gelf g = elf32();
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	d[0] = 0x7e;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), -ENOEXEC);
	assert_non_null(strstr(msg, "not an ELF file"));
	d[0] = 0x7f;
	d[4] = 3;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), -ENOEXEC);
	assert_non_null(strstr(msg, "unknown ELF class 3"));
	d[4] = 1;
	d[5] = 2;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), -ENOEXEC);
	assert_non_null(strstr(msg, "big-endian"));
	d[5] = 1;
	d[6] = 0;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), -ENOEXEC);
	assert_non_null(strstr(msg, "ELF version 0"));
	free(d);
}

static void test_bad_kind(void **state)
{
	struct gelf g = elf32();

	(void)state;
	g.machine = ELF_EM_X86_64;
	expect_refused(&g, "ELF32 for machine 62, not i386 (3)");
	g = elf32();
	g.cls = 64;
	g.machine = ELF_EM_386;
	expect_refused(&g, "ELF64 for machine 3, not x86-64 (62)");
	g = elf32();
	g.type = 1; /* ET_REL */
	expect_refused(&g, "ELF type 1 is not an executable");
}

static void test_bad_phdr_table(void **state)
{
	struct gelf g = elf32();
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d;

	(void)state;
	g.n = 0;
	expect_refused(&g, "no program headers");

	g = elf32();
	d = make_elf(&g, &size);
	put16(d + 42, 40); /* phentsize */
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), -ENOEXEC);
	assert_non_null(strstr(msg, "entries are 40 bytes, ELF32 needs 32"));
	put16(d + 42, PHDR32);
	put32(d + 28, (uint32_t)size - 40); /* phoff: table cut */
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), -ENOEXEC);
	assert_non_null(strstr(msg, "truncated: 3 program headers"));
	put32(d + 28, 0xffffffff);
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), -ENOEXEC);
	assert_non_null(strstr(msg, "truncated"));
	put32(d + 28, EHDR32);
	put16(d + 44, 0xffff);
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), -ENOEXEC);
	assert_non_null(strstr(msg, "PN_XNUM"));
	free(d);
}

static void test_segment_outside_file(void **state)
{
	struct gseg s[] = {
	    {PT_LOAD_, 0x100, 0x100000, 0x100000, 0x100, 0x100},
	};
	struct gelf g = {64, ELF_EM_X86_64, ELF_ET_EXEC, 0x100000, s, 1, 0x200};

	(void)state;
	s[0].offset = 0x101; /* one byte past the end */
	expect_refused(&g, "truncated: segment 0 needs file bytes "
			   "0x101+0x100, the file has 512 bytes");
	s[0].offset = 0x1000;
	expect_refused(&g, "truncated: segment 0");
	/* offset + filesz wraps around 2^64 */
	s[0].offset = UINT64_MAX - 0x10;
	s[0].filesz = 0x20;
	s[0].memsz = 0x20;
	expect_refused(&g, "truncated: segment 0");
	/* A pure-bss segment may have any offset. */
	s[0].offset = UINT64_MAX;
	s[0].filesz = 0;
	{
		struct elf_image img;
		char msg[512];
		size_t size;
		uint8_t *d = make_elf(&g, &size);

		assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
		assert_int_equal(img.pieces[0].filesz, 0);
		elf_image_free(&img);
		free(d);
	}
}

static void test_filesz_above_memsz(void **state)
{
	struct gseg s[] = {
	    {PT_LOAD_, 0x100, 0x100000, 0x100000, 0x100, 0xff},
	};
	struct gelf g = {32, ELF_EM_386, ELF_ET_EXEC, 0x100000, s, 1, 0x200};

	(void)state;
	expect_refused(&g, "segment 0 has more file bytes (0x100) than memory "
			   "(0xff)");
}

static void test_address_wraparound(void **state)
{
	struct gseg s[] = {
	    {PT_LOAD_, 0x100, 0xfffff000, 0xfffff000, 0x100, 0x1001},
	};
	struct gelf g32 = {32, ELF_EM_386, ELF_ET_EXEC, 0xfffff000,
			   s,  1,	   0x200};
	struct gelf g64 = {64, ELF_EM_X86_64, ELF_ET_EXEC, 0, s, 1, 0x200};
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d;

	(void)state;
	expect_refused(&g32, "wraps around the 32-bit address space");
	/* Ending exactly at 4 GiB is allowed, and below_4g accepts it. */
	s[0].memsz = 0x1000;
	d = make_elf(&g32, &size);
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
	assert_int_equal(img.highest, 0x100000000ull);
	assert_int_equal(elf_check_below_4g(NULL, "x", &img), 0);
	elf_image_free(&img);
	free(d);

	s[0].paddr = s[0].vaddr = UINT64_MAX - 0xff;
	s[0].memsz = 0x100;
	g64.entry = s[0].paddr;
	expect_refused(&g64, "wraps around the 64-bit address space");
}

static void test_entry_outside(void **state)
{
	struct gelf g = elf32();

	(void)state;
	g.entry = 0x102370; /* one past the last byte */
	expect_refused(&g, "entry point 0x102370 is inside no loadable "
			   "segment");
}

static void test_no_load(void **state)
{
	static const struct gseg s[] = {
	    {PT_NOTE_, 0x100, 0, 0, 0x10, 0x10},
	    {PT_LOAD_, 0x100, 0x100000, 0x100000, 0, 0},
	};
	struct gelf g = {64, ELF_EM_X86_64, ELF_ET_EXEC, 0, s, 2, 0x200};

	(void)state;
	expect_refused(&g, "no loadable segment");
}

/* Every prefix of a valid image is refused cleanly (ASan watches the
 * reads). */
static void test_truncated_everywhere(void **state)
{
	struct gelf g = elf32();
	struct elf_image img;
	char msg[512];
	size_t size, cut;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	for (cut = 0; cut < 0x500; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, d, cut);
		assert_true(parse(copy, cut, &img, msg, sizeof(msg)) < 0);
		free(copy);
	}
	assert_int_equal(parse(d, 0x500, &img, msg, sizeof(msg)), 0);
	elf_image_free(&img);
	free(d);
}

static void test_probe(void **state)
{
	struct gelf g = elf32();
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	assert_true(elf_probe(d, size));
	assert_false(elf_probe(d, 15));
	d[5] = 2;
	assert_false(elf_probe(d, size));
	free(d);
	assert_false(elf_probe("MZ\0\0", 4));
}

static void test_below_4g_and_rebase(void **state)
{
	static const struct gseg s[] = {
	    {PT_LOAD_, 0x200, 0x100000000ull, 0x100000000ull, 0x100, 0x100},
	};
	struct gelf g = {64, ELF_EM_X86_64, ELF_ET_EXEC, 0x100000010ull, s,
			 1,  0x400};
	kx_ctx *ctx = kx_ctx_new();
	struct elf_image img;
	char msg[512];
	size_t size;
	uint8_t *d = make_elf(&g, &size);

	(void)state;
	assert_int_equal(parse(d, size, &img, msg, sizeof(msg)), 0);
	assert_int_equal(elf_check_below_4g(ctx, "k", &img), -ENOEXEC);
	assert_non_null(strstr(kx_ctx_message(ctx), "above 4 GiB"));
	assert_int_equal(elf_image_rebase(ctx, "k", &img, 0x200000), 0);
	assert_int_equal(img.pieces[0].addr, 0x200000);
	assert_int_equal(img.entry, 0x200010);
	assert_int_equal(img.lowest, 0x200000);
	assert_int_equal(img.highest, 0x200100);
	assert_int_equal(elf_check_below_4g(ctx, "k", &img), 0);
	assert_int_equal(elf_image_rebase(ctx, "k", &img, UINT64_MAX - 0x10),
			 -EINVAL);
	elf_image_free(&img);
	kx_ctx_free(ctx);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_elf32_multiboot),
	    cmocka_unit_test(test_higher_half_entry),
	    cmocka_unit_test(test_elf64_vmlinux_entry),
	    cmocka_unit_test(test_paddr_zero_uses_vaddr),
	    cmocka_unit_test(test_sorted_and_filtered),
	    cmocka_unit_test(test_overlap),
	    cmocka_unit_test(test_bad_ident),
	    cmocka_unit_test(test_bad_kind),
	    cmocka_unit_test(test_bad_phdr_table),
	    cmocka_unit_test(test_segment_outside_file),
	    cmocka_unit_test(test_filesz_above_memsz),
	    cmocka_unit_test(test_address_wraparound),
	    cmocka_unit_test(test_entry_outside),
	    cmocka_unit_test(test_no_load),
	    cmocka_unit_test(test_truncated_everywhere),
	    cmocka_unit_test(test_probe),
	    cmocka_unit_test(test_below_4g_and_rebase),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
