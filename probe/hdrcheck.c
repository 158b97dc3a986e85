/* Host-side check of the probe images' headers, for the ones QEMU cannot
 * boot by itself (and the others too):
 *
 *   hdrcheck KIND FILE     KIND: mb1, mb1-fb, mb1-unaligned, mb2, elf64
 *
 * Prints one TAP line, `ok probe.header.KIND` or `not ok ...`, with what it
 * found as `# ` lines, and exits 0 or 1.  Checks the ELF program headers
 * (class, machine, loadable at or above 1 MiB and below 4 GiB, entry in an
 * executable segment), the Multiboot header the image should carry (where,
 * alignment, checksum, flags or tags) and that it carries no other. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MB1_MAGIC 0x1BADB002u
#define MB2_MAGIC 0xE85250D6u

static unsigned char img[1 << 20];
static size_t len;
static int bad;
static FILE *log_; /* the details, printed after the TAP line */

__attribute__((format(printf, 1, 2))) static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(log_, "#   ");
	va_start(ap, fmt);
	vfprintf(log_, fmt, ap);
	va_end(ap);
	fprintf(log_, "\n");
	bad = 1;
}

static uint64_t rd(size_t off, unsigned n)
{
	uint64_t v = 0;

	if (off + n > len)
		return 0;
	while (n--)
		v = v << 8 | img[off + n];
	return v;
}

/* Offset of the first magic at align-byte steps in the first limit bytes,
 * or -1. */
static long find(uint32_t magic, size_t limit, size_t align)
{
	for (size_t off = 0; off + 4 <= limit && off + 4 <= len; off += align)
		if (rd(off, 4) == magic)
			return (long)off;
	return -1;
}

struct seg {
	uint64_t off, paddr, vaddr, filesz, memsz, flags;
};

static struct seg segs[16];
static unsigned nsegs;
static uint64_t entry;

static void elf(int is64)
{
	unsigned machine = is64 ? 62 : 3;
	uint64_t phoff = is64 ? rd(32, 8) : rd(28, 4);
	unsigned phentsize = (unsigned)rd(is64 ? 54 : 42, 2);
	unsigned phnum = (unsigned)rd(is64 ? 56 : 44, 2);

	if (len < 64 || memcmp(img, "\177ELF", 4) != 0) {
		fail("not an ELF file");
		return;
	}
	if (img[4] != (is64 ? 2 : 1) || img[5] != 1)
		fail("ELF class %u / data %u: want ELF%s little-endian", img[4],
		     img[5], is64 ? "64" : "32");
	if (rd(16, 2) != 2)
		fail("e_type %u: want ET_EXEC", (unsigned)rd(16, 2));
	if (rd(18, 2) != machine)
		fail("e_machine %u: want %u", (unsigned)rd(18, 2), machine);
	entry = is64 ? rd(24, 8) : rd(24, 4);
	for (unsigned i = 0; i < phnum && nsegs < 16; i++) {
		size_t p = phoff + (size_t)i * phentsize;
		struct seg *s = &segs[nsegs];

		if (rd(p, 4) != 1) /* PT_LOAD */
			continue;
		if (is64) {
			s->flags = rd(p + 4, 4);
			s->off = rd(p + 8, 8);
			s->vaddr = rd(p + 16, 8);
			s->paddr = rd(p + 24, 8);
			s->filesz = rd(p + 32, 8);
			s->memsz = rd(p + 40, 8);
		} else {
			s->off = rd(p + 4, 4);
			s->vaddr = rd(p + 8, 4);
			s->paddr = rd(p + 12, 4);
			s->filesz = rd(p + 16, 4);
			s->memsz = rd(p + 20, 4);
			s->flags = rd(p + 24, 4);
		}
		fprintf(log_,
			"#   PT_LOAD paddr 0x%llx filesz 0x%llx memsz 0x%llx "
			"flags %c%c%c\n",
			(unsigned long long)s->paddr,
			(unsigned long long)s->filesz,
			(unsigned long long)s->memsz, s->flags & 4 ? 'r' : '-',
			s->flags & 2 ? 'w' : '-', s->flags & 1 ? 'x' : '-');
		if (s->vaddr != s->paddr)
			fail("segment %u: vaddr 0x%llx != paddr", nsegs,
			     (unsigned long long)s->vaddr);
		if (s->paddr < 0x100000 || s->paddr + s->memsz > 0x100000000ull)
			fail("segment %u not between 1 MiB and 4 GiB", nsegs);
		if (s->filesz > s->memsz || s->off + s->filesz > len)
			fail("segment %u: bad sizes", nsegs);
		for (unsigned j = 0; j < nsegs; j++)
			if (s->paddr < segs[j].paddr + segs[j].memsz &&
			    segs[j].paddr < s->paddr + s->memsz)
				fail("segments %u and %u overlap", j, nsegs);
		nsegs++;
	}
	if (!nsegs)
		fail("no PT_LOAD segment");
	for (unsigned i = 0; i < nsegs; i++)
		if ((segs[i].flags & 1) && segs[i].paddr <= entry &&
		    entry < segs[i].paddr + segs[i].filesz)
			return;
	fail("entry 0x%llx is not in an executable segment",
	     (unsigned long long)entry);
}

/* The header must be loaded too: the probe reads it to know its kind. */
static void loaded(long off, size_t size)
{
	for (unsigned i = 0; i < nsegs; i++)
		if (segs[i].off <= (uint64_t)off &&
		    off + size <= segs[i].off + segs[i].filesz)
			return;
	fail("header at 0x%lx is not inside a loaded segment", off);
}

static void mb1(uint32_t want_flags)
{
	long off = find(MB1_MAGIC, 8192, 4);
	uint32_t flags, sum;

	if (off < 0) {
		fail("no Multiboot 1 header in the first 8 KiB");
		return;
	}
	flags = (uint32_t)rd(off + 4, 4);
	sum = (uint32_t)(MB1_MAGIC + flags + rd(off + 8, 4));
	fprintf(log_, "#   Multiboot 1 header at 0x%lx, flags 0x%x\n", off,
		flags);
	if (sum)
		fail("checksum: the three words sum to 0x%x", sum);
	if (flags != want_flags)
		fail("flags 0x%x: want 0x%x", flags, want_flags);
	loaded(off, flags & 4 ? 48 : 12);
	if (find(MB2_MAGIC, 32768, 8) >= 0)
		fail("also carries a Multiboot 2 header");
}

/* The types an information request tag at t (size bytes) asks for. */
static int requests(size_t t, uint32_t size, uint32_t type)
{
	for (uint32_t o = 8; o + 4 <= size; o += 4)
		if (rd(t + o, 4) == type)
			return 1;
	return 0;
}

static void mb2(void)
{
	static const uint32_t required[] = {1, 2, 3, 4, 6};
	static const uint32_t optional[] = {8, 11, 12, 14, 15, 17, 19, 20, 21};
	long off = find(MB2_MAGIC, 32768, 8);
	uint32_t hlen, sum, arch;
	size_t t, end;
	int req = 0, opt = 0, align = 0, ended = 0;

	if (off < 0) {
		fail("no Multiboot 2 header (8-byte aligned, first 32 KiB)");
		return;
	}
	arch = (uint32_t)rd(off + 4, 4);
	hlen = (uint32_t)rd(off + 8, 4);
	sum = (uint32_t)(MB2_MAGIC + arch + hlen + rd(off + 12, 4));
	fprintf(log_, "#   Multiboot 2 header at 0x%lx, length 0x%x\n", off,
		hlen);
	if (arch != 0)
		fail("architecture %u: want 0 (i386)", arch);
	if (sum)
		fail("checksum: the four words sum to 0x%x", sum);
	if (hlen < 24 || off + hlen > 32768)
		fail("header length 0x%x", hlen);
	loaded(off, hlen);
	end = (size_t)off + hlen;
	for (t = (size_t)off + 16; t + 8 <= end;) {
		uint32_t type = (uint32_t)rd(t, 2),
			 flags = (uint32_t)rd(t + 2, 2);
		uint32_t size = (uint32_t)rd(t + 4, 4);

		fprintf(log_, "#   tag type %u flags %u size %u\n", type, flags,
			size);
		if (size < 8 || t + size > end) {
			fail("tag at 0x%zx leaves the header", t);
			break;
		}
		if (type == 0) {
			ended = size == 8 && t + 8 == end;
			break;
		}
		if (type == 1 && !(flags & 1)) {
			req = 1;
			for (unsigned i = 0; i < 5; i++)
				if (!requests(t, size, required[i]))
					fail("required request lacks type %u",
					     required[i]);
		}
		if (type == 1 && (flags & 1)) {
			opt = 1;
			for (unsigned i = 0; i < 9; i++)
				if (!requests(t, size, optional[i]))
					fail("optional request lacks type %u",
					     optional[i]);
		}
		if (type == 3 && rd(t + 8, 4) != entry)
			fail("entry tag 0x%llx != ELF entry 0x%llx",
			     (unsigned long long)rd(t + 8, 4),
			     (unsigned long long)entry);
		if (type == 6)
			align = 1;
		if (type > 10)
			fail("unknown header tag type %u", type);
		t += (size + 7) & ~7u;
	}
	if (!ended)
		fail("no end tag (type 0, size 8) closing the header");
	if (!req || !opt)
		fail("want a required and an optional information request");
	if (!align)
		fail("no module alignment tag");
	if (find(MB1_MAGIC, 8192, 4) >= 0)
		fail("also carries a Multiboot 1 header");
}

int main(int argc, char **argv)
{
	const char *kind = argc == 3 ? argv[1] : "";
	FILE *f = argc == 3 ? fopen(argv[2], "rb") : NULL;

	if (!f) {
		printf("not ok probe.header.%s\n#   usage: hdrcheck "
		       "mb1|mb1-fb|mb1-unaligned|mb2|elf64 FILE\n",
		       kind);
		return 1;
	}
	len = fread(img, 1, sizeof(img), f);
	fclose(f);
	/* TAP wants the result first: collect the details, then print. */
	char *details = NULL;
	size_t dlen = 0;

	log_ = open_memstream(&details, &dlen);
	if (!log_)
		return 1;
	elf(strcmp(kind, "elf64") == 0);
	if (strcmp(kind, "mb1") == 0) {
		mb1(0x3);
	} else if (strcmp(kind, "mb1-fb") == 0) {
		mb1(0x7);
	} else if (strcmp(kind, "mb1-unaligned") == 0) {
		mb1(0x3);
		if (!nsegs || segs[0].paddr % 4096 == 0)
			fail("first segment is page aligned");
		if (nsegs < 2 || segs[1].paddr / 4096 !=
				     (segs[0].paddr + segs[0].memsz - 1) / 4096)
			fail("the segments do not share a page");
	} else if (strcmp(kind, "mb2") == 0) {
		mb2();
	} else if (strcmp(kind, "elf64") == 0) {
		if (find(MB1_MAGIC, 8192, 4) >= 0 ||
		    find(MB2_MAGIC, 32768, 8) >= 0)
			fail("carries a Multiboot header");
	} else {
		fail("unknown kind");
	}
	fclose(log_);
	printf("%sok probe.header.%s\n%s", bad ? "not " : "", kind, details);
	free(details);
	return bad;
}
