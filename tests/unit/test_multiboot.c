/* The Multiboot 1 and 2 header parsers: headers written here at chosen
 * offsets of a synthetic file, then damaged one field at a time. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format/multiboot.h"

#define FILE_SIZE 0x10000

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

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* A file of FILE_SIZE bytes of filler that holds no magic. */
static uint8_t *blank(void)
{
	uint8_t *d = malloc(FILE_SIZE);
	size_t i;

	assert_non_null(d);
	for (i = 0; i < FILE_SIZE; i++)
		d[i] = (uint8_t)(i % 251);
	return d;
}

/* ---- Multiboot 1 ------------------------------------------------------ */

struct mb1w {
	uint32_t flags;
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry;
	uint32_t mode, width, height, depth;
};

static void put_mb1(uint8_t *d, size_t off, const struct mb1w *w)
{
	put32(d + off, MB1_HEADER_MAGIC);
	put32(d + off + 4, w->flags);
	put32(d + off + 8, (uint32_t) - (MB1_HEADER_MAGIC + w->flags));
	put32(d + off + 12, w->header_addr);
	put32(d + off + 16, w->load_addr);
	put32(d + off + 20, w->load_end_addr);
	put32(d + off + 24, w->bss_end_addr);
	put32(d + off + 28, w->entry);
	put32(d + off + 32, w->mode);
	put32(d + off + 36, w->width);
	put32(d + off + 40, w->height);
	put32(d + off + 44, w->depth);
}

static int find1(const uint8_t *d, size_t size, struct mb1_header *h, char *msg,
		 size_t len)
{
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	assert_non_null(ctx);
	rc = multiboot1_find(ctx, "kernel", d, size, h);
	snprintf(msg, len, "%s", kx_ctx_message(ctx));
	kx_ctx_free(ctx);
	return rc;
}

static void expect1(const uint8_t *d, size_t size, int code, const char *want)
{
	struct mb1_header h;
	char msg[512];
	int rc = find1(d, size, &h, msg, sizeof(msg));

	if (rc != code || !strstr(msg, want) ||
	    strncmp(msg, "kernel: ", 8) != 0)
		fail_msg("rc %d, message \"%s\", wanted %d \"%s\"", rc, msg,
			 code, want);
}

static void test_mb1_plain(void **state)
{
	struct mb1w w = {.flags = MB1_FLAG_PAGE_ALIGN | MB1_FLAG_MEMORY};
	uint8_t *d = blank();
	struct mb1_header h;
	char msg[512];

	(void)state;
	put_mb1(d, 0x1000, &w);
	assert_true(multiboot1_probe(d, FILE_SIZE));
	assert_false(multiboot2_probe(d, FILE_SIZE));
	assert_int_equal(find1(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_int_equal(h.offset, 0x1000);
	assert_int_equal(h.flags, 3);
	assert_false(h.has_aout);
	assert_false(h.has_video);
	/* The last place a 12-byte header fits. */
	free(d);
	d = blank();
	put_mb1(d, MB1_SEARCH - 12, &w);
	assert_int_equal(find1(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_int_equal(h.offset, MB1_SEARCH - 12);
	free(d);
}

static void test_mb1_not_found(void **state)
{
	struct mb1w w = {.flags = 0};
	uint8_t *d = blank();

	(void)state;
	expect1(d, FILE_SIZE, -ENOEXEC,
		"no Multiboot header in the first 8192");
	/* Past the window, or not 4-byte aligned: not a header. */
	put_mb1(d, MB1_SEARCH, &w);
	put_mb1(d, MB1_SEARCH - 8, &w);
	put_mb1(d, 0x102, &w);
	expect1(d, FILE_SIZE, -ENOEXEC, "no Multiboot header");
	assert_false(multiboot1_probe(d, FILE_SIZE));
	free(d);
	expect1((const uint8_t *)"", 0, -ENOEXEC, "no Multiboot header");
}

static void test_mb1_bad_checksum(void **state)
{
	struct mb1w w = {.flags = MB1_FLAG_MEMORY};
	uint8_t *d = blank();
	struct mb1_header h;
	char msg[512];

	(void)state;
	put_mb1(d, 0x20, &w);
	d[0x28] ^= 1;
	expect1(d, FILE_SIZE, -ENOEXEC,
		"Multiboot header at offset 0x20 has a bad checksum");
	/* A valid header later wins over the damaged one. */
	put_mb1(d, 0x40, &w);
	assert_int_equal(find1(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_int_equal(h.offset, 0x40);
	free(d);
}

static void test_mb1_unknown_mandatory(void **state)
{
	struct mb1w w = {.flags = MB1_FLAG_MEMORY | (1u << 3)};
	uint8_t *d = blank();
	struct mb1_header h;
	char msg[512];

	(void)state;
	put_mb1(d, 0, &w);
	expect1(d, FILE_SIZE, -EINVAL,
		"requires unknown mandatory feature bit 3 (flags 0x0000000a)");
	w.flags = 1u << 15;
	put_mb1(d, 0, &w);
	expect1(d, FILE_SIZE, -EINVAL, "feature bit 15");
	/* Unknown optional bits are ignored. */
	w.flags = (1u << 17) | (1u << 31);
	put_mb1(d, 0, &w);
	assert_int_equal(find1(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	free(d);
}

static void test_mb1_video(void **state)
{
	struct mb1w w = {.flags = MB1_FLAG_VIDEO,
			 .mode = 0,
			 .width = 1024,
			 .height = 768,
			 .depth = 32};
	uint8_t *d = blank();
	struct mb1_header h;
	char msg[512];

	(void)state;
	put_mb1(d, 0x100, &w);
	assert_int_equal(find1(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_true(h.has_video);
	assert_false(h.has_aout);
	assert_int_equal(h.mode_type, 0);
	assert_int_equal(h.width, 1024);
	assert_int_equal(h.height, 768);
	assert_int_equal(h.depth, 32);
	/* The 48-byte header must fit in the window and the file. */
	free(d);
	d = blank();
	put_mb1(d, MB1_SEARCH - 44, &w);
	expect1(d, FILE_SIZE, -EINVAL,
		"header at offset 0x1fd4 is 48 bytes and crosses the end of "
		"the first 8192 bytes");
	free(d);
	d = blank();
	put_mb1(d, 0x100, &w);
	expect1(d, 0x100 + 40, -EINVAL,
		"truncated: Multiboot header at offset 0x100 is 48 bytes, "
		"the file has 296");
	free(d);
}

/* An a.out kludge kernel: header at file offset 0x40, linked so the file
 * starts at 1 MiB. */
static struct mb1w aout(void)
{
	struct mb1w w = {.flags = MB1_FLAG_MEMORY | MB1_FLAG_AOUT_KLUDGE,
			 .header_addr = 0x100040,
			 .load_addr = 0x100000,
			 .load_end_addr = 0x108000,
			 .bss_end_addr = 0x110000,
			 .entry = 0x100080};

	return w;
}

static void test_mb1_aout(void **state)
{
	struct mb1w w = aout();
	uint8_t *d = blank();
	struct mb1_header h;
	char msg[512];

	(void)state;
	put_mb1(d, 0x40, &w);
	assert_int_equal(find1(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_true(h.has_aout);
	assert_int_equal(h.entry_addr, 0x100080);
	assert_int_equal(h.aout.piece.offset, 0);
	assert_int_equal(h.aout.piece.addr, 0x100000);
	assert_int_equal(h.aout.piece.filesz, 0x8000);
	assert_int_equal(h.aout.piece.memsz, 0x10000);

	/* load_end 0: to the end of the file; bss_end 0: no bss.  Loading
	 * starts 0x30 bytes into the file, at a byte address. */
	w.load_addr = 0x100010;
	w.load_end_addr = 0;
	w.bss_end_addr = 0;
	put_mb1(d, 0x40, &w);
	assert_int_equal(find1(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_int_equal(h.aout.piece.offset, 0x10);
	assert_int_equal(h.aout.piece.addr, 0x100010);
	assert_int_equal(h.aout.piece.filesz, FILE_SIZE - 0x10);
	assert_int_equal(h.aout.piece.memsz, FILE_SIZE - 0x10);
	free(d);
}

static void test_mb1_aout_inconsistent(void **state)
{
	struct mb1w w;
	uint8_t *d = blank();

	(void)state;
	w = aout();
	w.load_addr = 0x100044;
	put_mb1(d, 0x40, &w);
	expect1(d, FILE_SIZE, -EINVAL,
		"load_addr 0x100044 is above header_addr 0x100040");
	w = aout();
	w.load_addr = 0xff000;
	put_mb1(d, 0x40, &w);
	expect1(d, FILE_SIZE, -EINVAL,
		"load_addr 0xff000 is 0x1040 bytes below header_addr but the "
		"header is only 0x40 bytes into the file");
	w = aout();
	w.load_end_addr = 0x100000;
	put_mb1(d, 0x40, &w);
	expect1(d, FILE_SIZE, -EINVAL, "load_end_addr 0x100000 is not above");
	w = aout();
	w.load_end_addr = 0x100000 + FILE_SIZE + 1;
	w.bss_end_addr = 0;
	put_mb1(d, 0x40, &w);
	expect1(d, FILE_SIZE, -EINVAL,
		"truncated: Multiboot load_end_addr asks for 0x10001 bytes "
		"from offset 0x0, the file has 65536");
	w = aout();
	w.bss_end_addr = 0x107fff;
	put_mb1(d, 0x40, &w);
	expect1(d, FILE_SIZE, -EINVAL,
		"bss_end_addr 0x107fff is below the end of the loaded data "
		"0x108000");
	w = aout();
	w.entry = 0x110000;
	put_mb1(d, 0x40, &w);
	expect1(d, FILE_SIZE, -EINVAL,
		"entry_addr 0x110000 is outside the loaded image "
		"[0x100000-0x110000)");
	/* The flag set, every address field left 0: refused by the field,
	 * not later for want of an entry point. */
	w = (struct mb1w){.flags = MB1_FLAG_MEMORY | MB1_FLAG_AOUT_KLUDGE};
	put_mb1(d, 0x40, &w);
	expect1(d, FILE_SIZE, -EINVAL,
		"Multiboot entry_addr is 0 (the a.out kludge flag is set but "
		"its address fields are not)");
	/* To the end of a file that would cross 4 GiB. */
	w = aout();
	w.header_addr = 0xffff8040;
	w.load_addr = 0xffff8000;
	w.load_end_addr = 0;
	w.bss_end_addr = 0;
	w.entry = 0xffff8080;
	put_mb1(d, 0x40, &w);
	expect1(d, FILE_SIZE, -EINVAL, "ends above 4 GiB");
	/* The kludge fields cut by the end of the file. */
	w = aout();
	put_mb1(d, 0x40, &w);
	expect1(d, 0x40 + 20, -EINVAL, "truncated: Multiboot header");
	free(d);
}

/* ---- Multiboot 2 ------------------------------------------------------ */

struct mb2w {
	uint8_t *d;
	size_t off; /* of the header */
	size_t pos; /* next tag */
};

static void mb2_begin(struct mb2w *w, uint8_t *d, size_t off)
{
	w->d = d;
	w->off = off;
	w->pos = off + 16;
}

/* A tag with N u32 payload words, padded to 8 bytes with filler. */
static void mb2_tag(struct mb2w *w, uint16_t type, uint16_t flags,
		    const uint32_t *words, size_t n)
{
	size_t i, size = 8 + 4 * n;

	put16(w->d + w->pos, type);
	put16(w->d + w->pos + 2, flags);
	put32(w->d + w->pos + 4, (uint32_t)size);
	for (i = 0; i < n; i++)
		put32(w->d + w->pos + 8 + 4 * i, words[i]);
	w->pos += (size + 7) & ~(size_t)7;
}

/* The end tag and the fixed part with header_length LEN (0: up to the end
 * tag's end). */
static void mb2_finish(struct mb2w *w, uint32_t len)
{
	mb2_tag(w, 0, 0, NULL, 0);
	if (!len)
		len = (uint32_t)(w->pos - w->off);
	put32(w->d + w->off, MB2_HEADER_MAGIC);
	put32(w->d + w->off + 4, 0);
	put32(w->d + w->off + 8, len);
	put32(w->d + w->off + 12, (uint32_t) - (MB2_HEADER_MAGIC + len));
}

static int find2(const uint8_t *d, size_t size, struct mb2_header *h, char *msg,
		 size_t len)
{
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	assert_non_null(ctx);
	rc = multiboot2_find(ctx, "kernel", d, size, h);
	snprintf(msg, len, "%s", kx_ctx_message(ctx));
	kx_ctx_free(ctx);
	return rc;
}

static void expect2(const uint8_t *d, size_t size, int code, const char *want)
{
	struct mb2_header h;
	char msg[512];
	int rc = find2(d, size, &h, msg, sizeof(msg));

	if (rc != code || !strstr(msg, want) ||
	    strncmp(msg, "kernel: ", 8) != 0)
		fail_msg("rc %d, message \"%s\", wanted %d \"%s\"", rc, msg,
			 code, want);
}

static const uint32_t req_mem[] = {MB2_INFO_BASIC_MEMINFO, MB2_INFO_MMAP};

/* Xen's header, more or less. */
static void put_xen_like(uint8_t *d, size_t off)
{
	static const uint32_t opt[] = {MB2_INFO_FRAMEBUFFER,
				       MB2_INFO_ELF_SECTIONS, 99};
	static const uint32_t reloc[] = {0x200000, 0xffffffff, 0x200000,
					 MB2_RELOC_HIGH};
	static const uint32_t console[] = {MB2_CONSOLE_EGA_TEXT_SUPPORTED};
	static const uint32_t fb[] = {0, 0, 0};
	static const uint32_t efi_entry[] = {0x200100};
	struct mb2w w;

	mb2_begin(&w, d, off);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, 0, req_mem, 2);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, MB2_HTAG_OPTIONAL, opt, 3);
	mb2_tag(&w, MB2_HTAG_MODULE_ALIGN, 0, NULL, 0);
	mb2_tag(&w, MB2_HTAG_RELOCATABLE, MB2_HTAG_OPTIONAL, reloc, 4);
	mb2_tag(&w, MB2_HTAG_CONSOLE, MB2_HTAG_OPTIONAL, console, 1);
	mb2_tag(&w, MB2_HTAG_FRAMEBUFFER, MB2_HTAG_OPTIONAL, fb, 3);
	mb2_tag(&w, MB2_HTAG_EFI_BS, MB2_HTAG_OPTIONAL, NULL, 0);
	mb2_tag(&w, MB2_HTAG_ENTRY_EFI64, MB2_HTAG_OPTIONAL, efi_entry, 1);
	mb2_tag(&w, 77, MB2_HTAG_OPTIONAL, NULL, 0); /* unknown, optional */
	mb2_finish(&w, 0);
}

static void test_mb2_xen_like(void **state)
{
	uint8_t *d = blank();
	struct mb2_header h;
	char msg[512];

	(void)state;
	put_xen_like(d, 0x18);
	assert_true(multiboot2_probe(d, FILE_SIZE));
	assert_false(multiboot1_probe(d, FILE_SIZE));
	assert_int_equal(find2(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_int_equal(h.offset, 0x18);
	assert_int_equal(h.req_required, MB2_INFO_BIT(MB2_INFO_BASIC_MEMINFO) |
					     MB2_INFO_BIT(MB2_INFO_MMAP));
	assert_int_equal(h.req_optional,
			 MB2_INFO_BIT(MB2_INFO_FRAMEBUFFER) |
			     MB2_INFO_BIT(MB2_INFO_ELF_SECTIONS));
	assert_true(h.module_align);
	assert_true(h.relocatable);
	assert_int_equal(h.reloc_min, 0x200000);
	assert_int_equal(h.reloc_max, 0xffffffff);
	assert_int_equal(h.reloc_align, 0x200000);
	assert_int_equal(h.reloc_pref, MB2_RELOC_HIGH);
	assert_true(h.has_console);
	assert_int_equal(h.console_flags, MB2_CONSOLE_EGA_TEXT_SUPPORTED);
	assert_true(h.has_framebuffer);
	assert_true(h.efi_bs_ignored);
	assert_true(h.efi_entry_ignored);
	assert_false(h.has_aout);
	assert_false(h.has_entry);
	free(d);
}

static void test_mb2_not_found(void **state)
{
	uint8_t *d = blank();
	uint8_t *e = blank();

	(void)state;
	expect2(d, FILE_SIZE, -ENOEXEC,
		"no Multiboot 2 header in the first 32768 bytes");
	/* 4-byte aligned but not 8: not a header. */
	put_xen_like(d, 0x104);
	expect2(d, FILE_SIZE, -ENOEXEC, "no Multiboot 2 header");
	/* Beyond 32 KiB. */
	put_xen_like(e, MB2_SEARCH);
	expect2(e, FILE_SIZE, -ENOEXEC, "no Multiboot 2 header");
	free(d);
	free(e);
}

static void test_mb2_bad_fixed_part(void **state)
{
	uint8_t *d = blank();
	struct mb2w w;

	(void)state;
	put_xen_like(d, 0x20);
	d[0x2c] ^= 0x80; /* checksum */
	expect2(d, FILE_SIZE, -ENOEXEC,
		"Multiboot 2 header at offset 0x20 has a bad checksum");
	free(d);

	d = blank();
	put_xen_like(d, 0x20);
	put32(d + 0x24, 4); /* MIPS; checksum fixed up */
	put32(d + 0x2c, (uint32_t) - (MB2_HEADER_MAGIC + 4 + get32(d + 0x28)));
	expect2(d, FILE_SIZE, -ENOEXEC, "is for architecture 4, not i386");
	free(d);

	d = blank();
	mb2_begin(&w, d, 0);
	mb2_finish(&w, 16); /* no room for the end tag */
	expect2(d, FILE_SIZE, -EINVAL, "header_length 16 is too short");
	free(d);

	/* A header crossing 32 KiB, and one cut by the end of the file. */
	d = blank();
	put_xen_like(d, MB2_SEARCH - 16);
	expect2(d, FILE_SIZE, -EINVAL, "crosses the end of the first 32768");
	free(d);
	d = blank();
	put_xen_like(d, 0x20);
	expect2(d, 0x20 + 24, -EINVAL,
		"truncated: Multiboot 2 header at offset 0x20 is");
	free(d);
}

static void test_mb2_tag_bounds(void **state)
{
	uint8_t *d = blank();
	struct mb2w w;

	(void)state;
	/* header_length ends inside the information request. */
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, 0, req_mem, 2);
	mb2_finish(&w, 16 + 12);
	expect2(d, FILE_SIZE, -EINVAL,
		"information request tag at offset 0x10 (16 bytes) runs past "
		"the end of the header");

	/* header_length ends before the end tag. */
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, 0, req_mem, 2);
	mb2_finish(&w, 16 + 16);
	expect2(d, FILE_SIZE, -EINVAL,
		"no end tag within its header_length (32 bytes)");

	/* A tag smaller than its own header. */
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_MODULE_ALIGN, 0, NULL, 0);
	mb2_finish(&w, 0);
	put32(d + 16 + 4, 4);
	expect2(d, FILE_SIZE, -EINVAL,
		"module alignment tag at offset 0x10 has size 4, less than "
		"its own header");

	/* A tag of 4 GiB - 8: no wraparound. */
	put32(d + 16 + 4, 0xfffffff8);
	expect2(d, FILE_SIZE, -EINVAL, "runs past the end of the header");

	/* Too short for its fields. */
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_RELOCATABLE, MB2_HTAG_OPTIONAL, req_mem, 2);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL,
		"relocatable tag at offset 0x10 is 16 bytes, needs 24");
	free(d);
}

static void test_mb2_requests(void **state)
{
	static const uint32_t elf_sections[] = {MB2_INFO_MMAP,
						MB2_INFO_ELF_SECTIONS};
	static const uint32_t big[] = {70};
	uint8_t *d = blank();
	struct mb2_header h;
	char msg[512];
	struct mb2w w;

	(void)state;
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, 0, elf_sections, 2);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL,
		"requires information tag 9 (ELF sections), which libkexec "
		"cannot provide");

	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, 0, big, 1);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL, "information tag 70 (unknown)");

	/* Optional: accepted, the bit kept only below 64. */
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, MB2_HTAG_OPTIONAL, elf_sections, 2);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, MB2_HTAG_OPTIONAL, big, 1);
	mb2_finish(&w, 0);
	assert_int_equal(find2(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_int_equal(h.req_required, 0);
	assert_int_equal(h.req_optional,
			 MB2_INFO_BIT(MB2_INFO_MMAP) |
			     MB2_INFO_BIT(MB2_INFO_ELF_SECTIONS));

	/* Size not 8 + 4n. */
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_INFO_REQUEST, 0, req_mem, 2);
	mb2_finish(&w, 0);
	put32(d + 16 + 4, 14);
	expect2(d, FILE_SIZE, -EINVAL, "not 8 plus a multiple of 4");
	free(d);
}

static void test_mb2_required_tags(void **state)
{
	static const uint32_t one[] = {0x100000};
	uint8_t *d = blank();
	struct mb2_header h;
	char msg[512];
	struct mb2w w;

	(void)state;
	mb2_begin(&w, d, 0);
	mb2_tag(&w, 42, 0, NULL, 0);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL, "requires unknown tag type 42");

	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_EFI_BS, 0, NULL, 0);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL,
		"requires the EFI boot services tag: EFI boot services are "
		"gone after kexec");

	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_ENTRY_EFI32, 0, one, 1);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL, "requires the EFI i386 entry address");

	/* An entry tag alone (ELF kernel) is fine. */
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_ENTRY, 0, one, 1);
	mb2_finish(&w, 0);
	assert_int_equal(find2(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_true(h.has_entry);
	assert_int_equal(h.entry_addr, 0x100000);

	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_ENTRY, 0, one, 1);
	mb2_tag(&w, MB2_HTAG_ENTRY, 0, one, 1);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL, "has a second entry address tag");
	free(d);
}

/* The address tag with load_addr -1: the file from its first byte. */
static void test_mb2_address(void **state)
{
	uint32_t addr[] = {0x100040, 0xffffffff, 0x104000, 0x108000};
	uint32_t entry[] = {0x100100};
	uint8_t *d = blank();
	struct mb2_header h;
	char msg[512];
	struct mb2w w;

	(void)state;
	mb2_begin(&w, d, 0x40);
	mb2_tag(&w, MB2_HTAG_ADDRESS, 0, addr, 4);
	mb2_tag(&w, MB2_HTAG_ENTRY, 0, entry, 1);
	mb2_finish(&w, 0);
	assert_int_equal(find2(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_true(h.has_aout);
	assert_int_equal(h.aout.load_addr, 0xffffffff);
	assert_int_equal(h.aout.piece.offset, 0);
	assert_int_equal(h.aout.piece.addr, 0x100000);
	assert_int_equal(h.aout.piece.filesz, 0x4000);
	assert_int_equal(h.aout.piece.memsz, 0x8000);

	/* header_addr below the header's offset: cannot load from 0. */
	addr[0] = 0x20;
	mb2_begin(&w, d, 0x40);
	mb2_tag(&w, MB2_HTAG_ADDRESS, 0, addr, 4);
	mb2_tag(&w, MB2_HTAG_ENTRY, 0, entry, 1);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL,
		"header_addr 0x20 is below its offset 0x40 in the file");

	/* No entry tag. */
	addr[0] = 0x100040;
	memset(d, 0, 0x100);
	mb2_begin(&w, d, 0x40);
	mb2_tag(&w, MB2_HTAG_ADDRESS, 0, addr, 4);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL,
		"has an address tag but no entry address tag");
	free(d);
}

static void test_mb2_relocatable(void **state)
{
	uint32_t reloc[] = {0x100000, 0x1000000, 0x3000, MB2_RELOC_LOW};
	uint8_t *d = blank();
	struct mb2_header h;
	uint64_t lo, hi;
	char msg[512];
	struct mb2w w;
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_RELOCATABLE, 0, reloc, 4);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL,
		"alignment 0x3000 is not a power of two");

	reloc[2] = 0;
	reloc[3] = 7; /* unknown preference: none */
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_RELOCATABLE, 0, reloc, 4);
	mb2_finish(&w, 0);
	assert_int_equal(find2(d, FILE_SIZE, &h, msg, sizeof(msg)), 0);
	assert_int_equal(h.reloc_align, 1);
	assert_int_equal(h.reloc_pref, MB2_RELOC_NONE);
	assert_int_equal(
	    multiboot2_reloc_window(ctx, "k", &h, 0x10000, &lo, &hi), 0);
	assert_int_equal(lo, 0x100000);
	assert_int_equal(hi, 0x1000000 - 0x10000);
	assert_int_equal(
	    multiboot2_reloc_window(ctx, "k", &h, 0xf00001, &lo, &hi), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "does not fit"));
	assert_int_equal(
	    multiboot2_reloc_window(ctx, "k", &h, 0x2000000, &lo, &hi),
	    -EINVAL);

	reloc[0] = 0x2000000;
	mb2_begin(&w, d, 0);
	mb2_tag(&w, MB2_HTAG_RELOCATABLE, 0, reloc, 4);
	mb2_finish(&w, 0);
	expect2(d, FILE_SIZE, -EINVAL,
		"min_addr 0x2000000 is above max_addr 0x1000000");
	kx_ctx_free(ctx);
	free(d);
}

/* Every prefix of a valid header is refused cleanly. */
static void test_truncated_everywhere(void **state)
{
	uint8_t *d = blank();
	struct mb1w w1 = aout();
	struct mb1_header h1;
	struct mb2_header h2;
	char msg[512];
	size_t cut;

	(void)state;
	put_xen_like(d, 0x80);
	put_mb1(d, 0x40, &w1);
	for (cut = 0; cut < 0x200; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);

		memcpy(copy, d, cut);
		find2(copy, cut, &h2, msg, sizeof(msg));
		find1(copy, cut, &h1, msg, sizeof(msg));
		free(copy);
	}
	assert_int_equal(find2(d, FILE_SIZE, &h2, msg, sizeof(msg)), 0);
	free(d);
}

static void test_mb2_console(void **state)
{
	struct mb2_header h = {0};
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	assert_int_equal(multiboot2_check_console(ctx, "k", &h, false), 0);
	h.has_console = true;
	h.console_flags = MB2_CONSOLE_REQUIRED;
	assert_int_equal(multiboot2_check_console(ctx, "k", &h, true), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "no framebuffer tag"));
	h.has_framebuffer = true;
	assert_int_equal(multiboot2_check_console(ctx, "k", &h, false),
			 -EINVAL);
	assert_non_null(strstr(kx_ctx_message(ctx), "none is known"));
	assert_int_equal(multiboot2_check_console(ctx, "k", &h, true), 0);
	h.has_framebuffer = false;
	h.console_flags |= MB2_CONSOLE_EGA_TEXT_SUPPORTED;
	assert_int_equal(multiboot2_check_console(ctx, "k", &h, false), 0);
	kx_ctx_free(ctx);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(mb2_info_type_name(MB2_INFO_MMAP), "memory map");
	assert_string_equal(mb2_info_type_name(MB2_INFO_LOAD_BASE),
			    "image load base address");
	assert_string_equal(mb2_info_type_name(22), "unknown");
	assert_string_equal(mb2_header_tag_name(MB2_HTAG_RELOCATABLE),
			    "relocatable");
	assert_string_equal(mb2_header_tag_name(11), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mb1_plain),
	    cmocka_unit_test(test_mb1_not_found),
	    cmocka_unit_test(test_mb1_bad_checksum),
	    cmocka_unit_test(test_mb1_unknown_mandatory),
	    cmocka_unit_test(test_mb1_video),
	    cmocka_unit_test(test_mb1_aout),
	    cmocka_unit_test(test_mb1_aout_inconsistent),
	    cmocka_unit_test(test_mb2_xen_like),
	    cmocka_unit_test(test_mb2_not_found),
	    cmocka_unit_test(test_mb2_bad_fixed_part),
	    cmocka_unit_test(test_mb2_tag_bounds),
	    cmocka_unit_test(test_mb2_requests),
	    cmocka_unit_test(test_mb2_required_tags),
	    cmocka_unit_test(test_mb2_address),
	    cmocka_unit_test(test_mb2_relocatable),
	    cmocka_unit_test(test_mb2_console),
	    cmocka_unit_test(test_truncated_everywhere),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
