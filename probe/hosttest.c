/* The probe's parsers on the host: made-up Multiboot 1 and 2 information
 * blocks, good and broken, are built at fixed addresses below 4 GiB in this
 * process (so their 32-bit pointers are real pointers), handed to the
 * probe's own dump functions, and the lines it would print on COM1 go to
 * stdout.  probe/selftest compares them with probe/hosttest.expected.
 * This is what tests the Multiboot 2 code before a loader can boot it. */
#define PROBE_HOSTED 1
#include "probe.c"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define BASE	    0x10000000u
#define SIZE	    0x01000000u
#define IMAGE_START (BASE + 0x800000u)
#define IMAGE_END   (BASE + 0x810000u)

static void put(char c)
{
	if (c != '\r')
		putchar(c);
}

static uint8_t *at(uint32_t a)
{
	return (uint8_t *)(uintptr_t)a;
}

static void w8(uint32_t a, uint8_t v)
{
	*at(a) = v;
}

static void w16(uint32_t a, uint16_t v)
{
	w8(a, (uint8_t)v);
	w8(a + 1, (uint8_t)(v >> 8));
}

static void w32(uint32_t a, uint32_t v)
{
	w16(a, (uint16_t)v);
	w16(a + 2, (uint16_t)(v >> 16));
}

static void w64(uint32_t a, uint64_t v)
{
	w32(a, (uint32_t)v);
	w32(a + 4, (uint32_t)(v >> 32));
}

static void wstr(uint32_t a, const char *s)
{
	memcpy(at(a), s, strlen(s) + 1);
}

/* Module contents: a line of text, and 5000 bytes of a pattern. */
static void modules(uint32_t m0, uint32_t m1)
{
	wstr(m0, "first module\n"); /* 13 bytes hashed, no NUL */
	for (uint32_t i = 0; i < 5000; i++)
		w8(m1 + i, (uint8_t)(i * 7));
}

/* An RSDP (revision rev) at a, checksums right. */
static void make_rsdp(uint32_t a, uint8_t rev)
{
	uint8_t sum = 0;

	memcpy(at(a), "RSD PTR ", 8);
	memcpy(at(a + 9), "PROBE ", 6);
	w8(a + 15, rev);
	w32(a + 16, 0x7fe1ad8);
	w32(a + 20, 36);
	w64(a + 24, 0x7fe1b00);
	for (int i = 0; i < 20; i++)
		sum = (uint8_t)(sum + at(a)[i]);
	w8(a + 8, (uint8_t)-sum);
	sum = 0;
	for (int i = 0; i < 36; i++)
		sum = (uint8_t)(sum + at(a)[i]);
	w8(a + 32, (uint8_t)-sum);
}

/* The Multiboot 2 tag builder: tags at pos, 8-byte aligned. */
static uint32_t pos, tag;

static void tag_begin(uint32_t type)
{
	tag = pos;
	w32(tag, type);
	pos = tag + 8;
}

static void tag_end(void)
{
	w32(tag + 4, pos - tag);
	pos = (pos + 7) & ~7u;
}

static void mb2_mmap_entry(uint64_t base, uint64_t len, uint32_t type)
{
	w64(pos, base);
	w64(pos + 8, len);
	w32(pos + 16, type);
	w32(pos + 20, 0);
	pos += 24;
}

static void reset(void)
{
	memset(at(BASE), 0, SIZE);
	npieces = nram = 0;
	have_mmap = 0;
	warnings = 0;
	image_start = IMAGE_START;
	image_end = IMAGE_END;
	add_piece("image", -1, 1, image_start, image_end - image_start);
	modules_aligned = 1;
}

static void run(const char *name, uint32_t magic, uint32_t info)
{
	printf("== %s\n", name);
	dump_info(magic, info);
	finish();
}

static void mb2_good(void)
{
	uint32_t info = BASE + 0x1000, m0 = BASE + 0x100000,
		 m1 = BASE + 0x101000;

	reset();
	modules(m0, m1);
	pos = info + 8;
	tag_begin(1);
	wstr(pos, "/boot/probe-mb2.elf console=ttyS0");
	pos += 35;
	tag_end();
	tag_begin(2);
	wstr(pos, "libkexec");
	pos += 9;
	tag_end();
	tag_begin(3);
	w32(pos, m0);
	w32(pos + 4, m0 + 13);
	wstr(pos + 8, "mod0 a=1");
	pos += 8 + 9;
	tag_end();
	tag_begin(3);
	w32(pos, m1);
	w32(pos + 4, m1 + 5000);
	wstr(pos + 8, "");
	pos += 8 + 1;
	tag_end();
	tag_begin(4);
	w32(pos, 639);
	w32(pos + 4, 0x7fb80);
	pos += 8;
	tag_end();
	tag_begin(6);
	w32(pos, 24);
	w32(pos + 4, 0);
	pos += 8;
	mb2_mmap_entry(0, 0x9fc00, 1);
	mb2_mmap_entry(0x100000, 0x1ff00000, 1);
	mb2_mmap_entry(0xfffc0000, 0x40000, 2);
	tag_end();
	tag_begin(8);
	w64(pos, 0xfd000000);
	w32(pos + 8, 4096);
	w32(pos + 12, 1024);
	w32(pos + 16, 768);
	w8(pos + 20, 32);
	w8(pos + 21, 1);
	w16(pos + 22, 0);
	w8(pos + 24, 16);
	w8(pos + 25, 8);
	w8(pos + 26, 8);
	w8(pos + 27, 8);
	w8(pos + 28, 0);
	w8(pos + 29, 8);
	pos += 30;
	tag_end();
	tag_begin(14);
	make_rsdp(pos, 0);
	pos += 20;
	tag_end();
	tag_begin(15);
	make_rsdp(pos, 2);
	pos += 36;
	tag_end();
	tag_begin(12);
	w64(pos, 0x7f9e018);
	pos += 8;
	tag_end();
	tag_begin(21);
	w32(pos, IMAGE_START);
	pos += 4;
	tag_end();
	tag_begin(0x1234);
	pos += 3;
	tag_end();
	tag_begin(0);
	tag_end();
	w32(info, pos - info);
	run("mb2 good", 0x36d76289, info);
}

/* Each thing a loader can get wrong, once. */
static void mb2_bad(void)
{
	uint32_t info = BASE + 0x2000, m0 = BASE + 0x100000;

	reset();
	modules(m0, IMAGE_START + 0x100);
	pos = info + 8;
	tag_begin(6); /* 3.5 entries, a hole at BASE + 4 MiB */
	w32(pos, 24);
	pos += 8;
	mb2_mmap_entry(0, 0x9fc00, 1);
	mb2_mmap_entry(0x100000, BASE + 0x300000, 1);
	mb2_mmap_entry(BASE + 0x600000, 0x1000000, 1);
	pos += 12;
	tag_end();
	tag_begin(3); /* ends before it starts */
	w32(pos, m0 + 0x2000);
	w32(pos + 4, m0);
	wstr(pos + 8, "backwards");
	pos += 18;
	tag_end();
	tag_begin(3); /* inside the probe image, not page aligned */
	w32(pos, IMAGE_START + 0x100);
	w32(pos + 4, IMAGE_START + 0x200);
	wstr(pos + 8, "over the image");
	pos += 23;
	tag_end();
	tag_begin(3); /* in the hole of the memory map */
	w32(pos, BASE + 0x500000);
	w32(pos + 4, BASE + 0x500010);
	pos += 9;
	tag_end();
	tag_begin(1); /* no NUL inside the tag */
	memcpy(at(pos), "abc", 3);
	pos += 3;
	tag_end();
	tag_begin(14); /* bad checksum */
	make_rsdp(pos, 0);
	w8(pos + 8, (uint8_t)(at(pos)[8] + 1));
	pos += 20;
	tag_end();
	tag_begin(4); /* too short for its fields */
	tag_end();
	tag_begin(21); /* not where the image is */
	w32(pos, 0x200000);
	pos += 4;
	tag_end();
	tag_begin(0);
	tag_end();
	w32(info, pos - info + 8); /* 8 bytes past the end tag */
	run("mb2 bad", 0x36d76289, info);

	reset();
	info = BASE + 0x3004; /* not 8-byte aligned, tag runs off the end */
	w32(info, 24);
	w32(info + 8, 1);
	w32(info + 12, 40);
	run("mb2 truncated", 0x36d76289, info);
}

static void mb1_mmap_entry(uint32_t size, uint64_t base, uint64_t len,
			   uint32_t type)
{
	w32(pos, size);
	w64(pos + 4, base);
	w64(pos + 12, len);
	w32(pos + 20, type);
	pos += 4 + size;
}

static void mb1_good(void)
{
	uint32_t info = BASE + 0x1000, mods = BASE + 0x1100,
		 mmap = BASE + 0x1200, str = BASE + 0x1400,
		 m0 = BASE + 0x100000, m1 = BASE + 0x101000;

	reset();
	modules(m0, m1);
	w32(info, 0x1 | 0x4 | 0x8 | 0x40 | 0x200 | 0x1000);
	w32(info + 4, 639);
	w32(info + 8, 0x7fb80);
	wstr(str, "/boot/probe-mb1.elf a\\b\tc");
	w32(info + 16, str);
	w32(info + 20, 2);
	w32(info + 24, mods);
	w32(mods, m0);
	w32(mods + 4, m0 + 13);
	wstr(str + 0x40, "mod0 a=1");
	w32(mods + 8, str + 0x40);
	w32(mods + 16, m1);
	w32(mods + 20, m1 + 5000);
	wstr(str + 0x80, "mod1");
	w32(mods + 24, str + 0x80);
	pos = mmap;
	mb1_mmap_entry(20, 0, 0x9fc00, 1);
	mb1_mmap_entry(24, 0x100000, 0x1000000, 1);   /* a larger entry */
	mb1_mmap_entry(20, 0x1100000, 0x1ef00000, 1); /* adjacent */
	w32(info + 44, pos - mmap);
	w32(info + 48, mmap);
	wstr(str + 0xc0, "libkexec");
	w32(info + 64, str + 0xc0);
	w64(info + 88, 0xb8000);
	w32(info + 96, 160);
	w32(info + 100, 80);
	w32(info + 104, 25);
	w8(info + 108, 16);
	w8(info + 109, 2);
	run("mb1 good", 0x2badb002, info);
}

static void mb1_bad(void)
{
	uint32_t info = BASE + 0x1000, mods = BASE + 0x1100,
		 mmap = BASE + 0x1200, m0 = BASE + 0x100000;

	reset();
	modules(m0, m0 + 0x10);
	w32(info, 0x8 | 0x10 | 0x20 | 0x40 | 0x4000);
	w32(info + 20, 2);
	w32(info + 24, mods);
	w32(mods, m0);
	w32(mods + 4, m0 + 0x20);
	w32(mods + 8, mods + 12);  /* the reserved word: an empty string */
	w32(mods + 16, m0 + 0x10); /* overlaps module 0, not aligned */
	w32(mods + 20, m0 + 0x30);
	w32(mods + 24, mods + 12);
	pos = mmap;
	mb1_mmap_entry(20, 0x100000, 0x1ff00000, 1);
	w32(info + 44, pos - mmap + 6);
	w32(info + 48, mmap);
	run("mb1 bad", 0x2badb002, info);

	reset();
	run("no magic", 0x12345678, info);
}

int main(void)
{
	void *p =
	    mmap((void *)(uintptr_t)BASE, SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p != (void *)(uintptr_t)BASE) {
		perror("hosttest: mmap at 0x10000000");
		return 2;
	}
	mb2_good();
	mb2_bad();
	mb1_good();
	mb1_bad();
	return 0;
}
