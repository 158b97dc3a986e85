/* The probe kernel: prints on COM1, one `probe: key=value` line per fact,
 * everything a loader handed over (registers, the Multiboot 1 or 2
 * information, modules with their SHA-256), checks it for consistency
 * (`warn=` lines), then powers the virtual machine off.  The format is
 * documented in docs/probe.md; keep the two in step.
 *
 * Built -m32 for the Multiboot images and -m64 for probe64.elf.  Paging is
 * off (32-bit) or identity mapped (64-bit), so a physical address is a
 * pointer.  Memory is read a byte at a time: the structures may sit at any
 * alignment, and x86 is little-endian.  With PROBE_HOSTED the same code is
 * built into a host test program (probe/hosttest.c) that feeds it made-up
 * information blocks; the hardware parts are left out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "../purgatory/sha256.c"

#define MB1_BOOT_MAGIC 0x2BADB002u
#define MB2_BOOT_MAGIC 0x36d76289u
#define STRING_MAX     4096u
#define PAGE	       4096u

/* ------------------------------------------------------------------ */
/* Output */

#ifdef PROBE_HOSTED
static void put(char c);
#else
#define COM1 0x3f8

static void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* 115200 8N1, FIFO on, no interrupts. */
static void serial_init(void)
{
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x80);
	outb(COM1 + 0, 0x01);
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);
	outb(COM1 + 2, 0xc7);
	outb(COM1 + 4, 0x03);
}

/* Bounded: a missing UART (reads 0xff) or a wedged one must not hang us. */
static void put(char c)
{
	for (unsigned spin = 0; spin < 100000; spin++)
		if (inb(COM1 + 5) & 0x20)
			break;
	outb(COM1, (uint8_t)c);
}
#endif

static void puts_(const char *s)
{
	while (*s)
		put(*s++);
}

static void puthex(uint64_t v)
{
	int s = 60;

	while (s > 0 && !(v >> s))
		s -= 4;
	for (; s >= 0; s -= 4)
		put("0123456789abcdef"[(v >> s) & 15]);
}

static void putdec(unsigned v)
{
	char buf[12];
	int n = 0;

	do
		buf[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		put(buf[--n]);
}

/* A subset of printf: %s %c %u %x %llx.  Numbers are printed without
 * padding; the formats say "0x" themselves. */
static void vout(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 's':
			puts_(va_arg(ap, const char *));
			break;
		case 'c':
			put((char)va_arg(ap, int));
			break;
		case 'u':
			putdec(va_arg(ap, unsigned));
			break;
		case 'x':
			puthex(va_arg(ap, unsigned));
			break;
		case 'l': /* %llx */
			fmt += 2;
			puthex(va_arg(ap, unsigned long long));
			break;
		default:
			put('%');
			put(*fmt);
		}
	}
}

/* One line: "probe: " + the formatted text + CR LF. */
__attribute__((format(printf, 1, 2))) static void line(const char *fmt, ...)
{
	va_list ap;

	puts_("probe: ");
	va_start(ap, fmt);
	vout(fmt, ap);
	va_end(ap);
	puts_("\r\n");
}

static unsigned warnings;

__attribute__((format(printf, 1, 2))) static void warn(const char *fmt, ...)
{
	va_list ap;

	puts_("probe: warn=");
	va_start(ap, fmt);
	vout(fmt, ap);
	va_end(ap);
	puts_("\r\n");
	warnings++;
}

/* ------------------------------------------------------------------ */
/* Memory */

/* A physical address as a pointer; NULL if this build cannot reach it
 * (at or above 4 GiB in the 32-bit build). */
static const volatile uint8_t *ptr(uint64_t a)
{
	uintptr_t p = (uintptr_t)a;

	if (p != a)
		return NULL;
	/* Hide where p came from: gcc takes a small constant address for a
	 * null pointer plus an offset and warns (-Warray-bounds). */
	__asm__("" : "+r"(p));
	return (const volatile uint8_t *)p;
}

static uint8_t r8(uint64_t a)
{
	return *ptr(a);
}

static uint16_t r16(uint64_t a)
{
	return (uint16_t)(r8(a) | r8(a + 1) << 8);
}

static uint32_t r32(uint64_t a)
{
	return r16(a) | (uint32_t)r16(a + 2) << 16;
}

static uint64_t r64(uint64_t a)
{
	return r32(a) | (uint64_t)r32(a + 4) << 32;
}

/* Length of the string at a, not counting its NUL, looking at most max
 * bytes; max if there is no NUL. */
static uint32_t str_len(uint64_t a, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && r8(a + n))
		n++;
	return n;
}

/* n bytes at a, escaped so that they stay on one line: bytes outside
 * 0x20-0x7e and the backslash become \xNN. */
static void put_escaped(uint64_t a, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint8_t c = r8(a + i);

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			put((char)c);
		} else {
			puts_("\\x");
			put("0123456789abcdef"[c >> 4]);
			put("0123456789abcdef"[c & 15]);
		}
	}
}

/* "probe: KEY=VALUE" for the NUL-terminated string at a, escaped. */
__attribute__((format(printf, 3, 4))) static void
line_string(uint64_t a, uint32_t max, const char *fmt, ...)
{
	uint32_t n = str_len(a, max);
	va_list ap;

	puts_("probe: ");
	va_start(ap, fmt);
	vout(fmt, ap);
	va_end(ap);
	put('=');
	put_escaped(a, n);
	puts_("\r\n");
	if (n == max)
		warn("string at 0x%llx has no NUL within %u bytes",
		     (unsigned long long)a, max);
}

/* ------------------------------------------------------------------ */
/* What the loader placed: every piece, checked at the end against the
 * available memory of the memory map, and for overlaps where one side is
 * the image or a module (a string sharing bytes with another is harmless;
 * a module or the image sharing bytes with anything is not). */

struct piece {
	const char *name;
	int idx;   /* -1: none */
	int whole; /* the image or a module */
	uint64_t start, end;
};

static struct piece pieces[64];
static unsigned npieces;
static struct {
	uint64_t start, end;
} ram[64];
static unsigned nram;
static int have_mmap;
static uint64_t image_start, image_end;

static void add_piece(const char *name, int idx, int whole, uint64_t start,
		      uint64_t len)
{
	if (len && npieces < sizeof(pieces) / sizeof(pieces[0]))
		pieces[npieces++] =
		    (struct piece){name, idx, whole, start, start + len};
}

static void add_ram(uint64_t base, uint64_t len)
{
	have_mmap = 1;
	if (len && nram < sizeof(ram) / sizeof(ram[0])) {
		ram[nram].start = base;
		ram[nram++].end = base + len;
	}
}

static void piece_name(const struct piece *p)
{
	puts_(p->name);
	if (p->idx >= 0)
		putdec((unsigned)p->idx);
}

static void piece_warn(const struct piece *p, const char *what,
		       const struct piece *other)
{
	puts_("probe: warn=");
	piece_name(p);
	put(' ');
	puts_(what);
	if (other) {
		put(' ');
		piece_name(other);
	}
	puts_("\r\n");
	warnings++;
}

/* Within the union of the available ranges (adjacent entries count). */
static int in_ram(uint64_t start, uint64_t end)
{
	uint64_t pos = start;
	int moved = 1;

	while (pos < end && moved) {
		moved = 0;
		for (unsigned i = 0; i < nram; i++)
			if (ram[i].start <= pos && pos < ram[i].end) {
				pos = ram[i].end;
				moved = 1;
			}
	}
	return pos >= end;
}

static void check_pieces(void)
{
	for (unsigned i = 0; i < npieces; i++) {
		const struct piece *p = &pieces[i];

		if (p->end > 0x100000000ull)
			piece_warn(p, "ends above 4 GiB", NULL);
		if (have_mmap && !in_ram(p->start, p->end))
			piece_warn(p, "is not in available memory", NULL);
		for (unsigned j = 0; j < i; j++)
			if ((p->whole || pieces[j].whole) &&
			    p->start < pieces[j].end &&
			    pieces[j].start < p->end)
				piece_warn(p, "overlaps", &pieces[j]);
	}
}

/* ------------------------------------------------------------------ */
/* Modules */

static void module(unsigned n, uint32_t start, uint32_t end, uint64_t str,
		   uint32_t str_max, int aligned)
{
	uint8_t d[KX_SHA256_SIZE];

	line("module.%u.start=0x%x", n, start);
	line("module.%u.end=0x%x", n, end);
	line_string(str, str_max, "module.%u.cmdline", n);
	if (end < start) {
		warn("module.%u ends before it starts", n);
		return;
	}
	if (aligned && start % PAGE)
		warn("module.%u is not page aligned", n);
	add_piece("module.", (int)n, 1, start, end - start);
	kx_sha256((const void *)ptr(start), end - start, d);
	puts_("probe: module.");
	putdec(n);
	puts_(".sha256=");
	for (unsigned i = 0; i < KX_SHA256_SIZE; i++) {
		put("0123456789abcdef"[d[i] >> 4]);
		put("0123456789abcdef"[d[i] & 15]);
	}
	puts_("\r\n");
}

/* ------------------------------------------------------------------ */
/* ACPI RSDP: a copy in a Multiboot 2 tag, or found by the BIOS scan */

static int checksum_ok(uint64_t a, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + r8(a + i));
	return sum == 0;
}

static int is_rsdp(uint64_t a)
{
	static const char sig[] = "RSD PTR ";

	for (unsigned i = 0; i < 8; i++)
		if (r8(a + i) != (uint8_t)sig[i])
			return 0;
	return checksum_ok(a, 20);
}

/* The fields of the RSDP at a; avail: bytes we may read there. */
static void rsdp(const char *key, uint64_t a, uint32_t avail)
{
	uint8_t rev;

	if (avail < 20 || !is_rsdp(a)) {
		warn("%s: no valid RSDP (signature or checksum)", key);
		return;
	}
	rev = r8(a + 15);
	puts_("probe: "); /* the OEM id: 6 bytes, no NUL */
	puts_(key);
	puts_(".oem=");
	put_escaped(a + 9, 6);
	puts_("\r\n");
	line("%s.revision=0x%x", key, rev);
	line("%s.rsdt=0x%x", key, r32(a + 16));
	if (rev >= 2 && avail >= 36) {
		line("%s.xsdt=0x%llx", key, (unsigned long long)r64(a + 24));
		if (r32(a + 20) < 36 || r32(a + 20) > avail ||
		    !checksum_ok(a, r32(a + 20)))
			warn("%s: bad extended checksum or length", key);
	}
}

/* ------------------------------------------------------------------ */
/* Framebuffer (same fields in both protocols, at different offsets) */

static void framebuffer(uint64_t a, uint64_t color)
{
	uint8_t type = r8(a + 21);

	line("framebuffer.addr=0x%llx", (unsigned long long)r64(a));
	line("framebuffer.pitch=0x%x", r32(a + 8));
	line("framebuffer.width=0x%x", r32(a + 12));
	line("framebuffer.height=0x%x", r32(a + 16));
	line("framebuffer.bpp=0x%x", r8(a + 20));
	line("framebuffer.type=0x%x", type);
	if (type == 1)
		line("framebuffer.rgb=%u:%u,%u:%u,%u:%u", r8(color),
		     r8(color + 1), r8(color + 2), r8(color + 3), r8(color + 4),
		     r8(color + 5));
}

/* ------------------------------------------------------------------ */
/* Multiboot 1 (the information block at a) */

static int modules_aligned; /* the image asked for page-aligned modules */

static void mb1_mmap(uint32_t addr, uint32_t len)
{
	uint64_t pos = addr, end = (uint64_t)addr + len;
	unsigned n = 0;

	line("mmap_length=0x%x", len);
	line("mmap_addr=0x%x", addr);
	add_piece("mmap", -1, 0, addr, len);
	while (pos + 4 <= end) {
		uint32_t size = r32(pos);

		if (size < 20 || pos + 4 + size > end)
			break;
		line("mmap.%u=0x%llx,0x%llx,0x%x", n,
		     (unsigned long long)r64(pos + 4),
		     (unsigned long long)r64(pos + 12), r32(pos + 20));
		if (size != 20)
			line("mmap.%u.size=0x%x", n, size);
		if (r32(pos + 20) == 1)
			add_ram(r64(pos + 4), r64(pos + 12));
		pos += 4 + size;
		n++;
	}
	if (pos != end)
		warn("mmap_length 0x%x is not a whole number of entries", len);
}

static void dump_mb1(uint64_t a)
{
	uint32_t flags = r32(a), i;

	line("flags=0x%x", flags);
	add_piece("info", -1, 0, a, flags & (1u << 12) ? 116 : 88);
	if (flags & 1) {
		line("mem_lower=0x%x", r32(a + 4));
		line("mem_upper=0x%x", r32(a + 8));
	}
	if (flags & 2)
		line("boot_device=0x%x", r32(a + 12));
	if (flags & 4) {
		line_string(r32(a + 16), STRING_MAX, "cmdline");
		add_piece("cmdline", -1, 0, r32(a + 16),
			  str_len(r32(a + 16), STRING_MAX) + 1);
	}
	if (flags & 8) {
		uint32_t count = r32(a + 20), mods = r32(a + 24);

		line("mods_count=0x%x", count);
		line("mods_addr=0x%x", mods);
		if (count > 64) {
			warn("mods_count 0x%x: only the first 64 shown", count);
			count = 64;
		}
		add_piece("mods", -1, 0, mods, 16 * count);
		for (i = 0; i < count; i++) {
			uint64_t m = mods + 16 * i;

			module(i, r32(m), r32(m + 4), r32(m + 8), STRING_MAX,
			       modules_aligned);
			add_piece("module_cmdline.", (int)i, 0, r32(m + 8),
				  str_len(r32(m + 8), STRING_MAX) + 1);
		}
	}
	if ((flags & 0x30) == 0x30)
		warn("flags bits 4 and 5 are both set");
	if (flags & 0x10)
		line("aout_syms=0x%x,0x%x,0x%x", r32(a + 28), r32(a + 32),
		     r32(a + 36));
	if (flags & 0x20)
		line("elf_sections=0x%x,0x%x,0x%x,0x%x", r32(a + 28),
		     r32(a + 32), r32(a + 36), r32(a + 40));
	if (flags & 0x40)
		mb1_mmap(r32(a + 48), r32(a + 44));
	if (flags & 0x80) {
		line("drives_length=0x%x", r32(a + 52));
		line("drives_addr=0x%x", r32(a + 56));
		add_piece("drives", -1, 0, r32(a + 56), r32(a + 52));
	}
	if (flags & 0x100)
		line("config_table=0x%x", r32(a + 60));
	if (flags & 0x200) {
		line_string(r32(a + 64), STRING_MAX, "boot_loader_name");
		add_piece("boot_loader_name", -1, 0, r32(a + 64),
			  str_len(r32(a + 64), STRING_MAX) + 1);
	}
	if (flags & 0x400)
		line("apm_table=0x%x", r32(a + 68));
	if (flags & 0x800) {
		line("vbe_control_info=0x%x", r32(a + 72));
		line("vbe_mode_info=0x%x", r32(a + 76));
		line("vbe_mode=0x%x", r16(a + 80));
		line("vbe_interface=0x%x,0x%x,0x%x", r16(a + 82), r16(a + 84),
		     r16(a + 86));
	}
	if (flags & 0x1000) {
		framebuffer(a + 88, a + 110);
		if (r8(a + 109) == 0)
			line("framebuffer.palette=0x%x,0x%x", r32(a + 110),
			     r16(a + 114));
	}
	if (flags >> 13)
		warn("flags 0x%x: unknown bits set", flags);
}

/* ------------------------------------------------------------------ */
/* Multiboot 2 (the information block at a) */

static void mb2_mmap(uint64_t t, uint32_t size, int show)
{
	uint32_t esize = r32(t + 8), n;

	if (show) {
		line("mmap.entry_size=0x%x", esize);
		line("mmap.entry_version=0x%x", r32(t + 12));
		if (esize < 24 || (size - 16) % esize)
			warn("mmap tag size 0x%x is not 16 + a whole number of "
			     "0x%x-byte entries",
			     size, esize);
	}
	if (esize < 24)
		return;
	for (n = 0; 16 + (n + 1) * esize <= size; n++) {
		uint64_t e = t + 16 + n * esize;

		if (show)
			line("mmap.%u=0x%llx,0x%llx,0x%x", n,
			     (unsigned long long)r64(e),
			     (unsigned long long)r64(e + 8), r32(e + 16));
		else if (r32(e + 16) == 1)
			add_ram(r64(e), r64(e + 8));
	}
}

static void efi_mmap(uint64_t t, uint32_t size)
{
	uint32_t dsize = r32(t + 8), n;

	line("efi_mmap.descr_size=0x%x", dsize);
	line("efi_mmap.descr_version=0x%x", r32(t + 12));
	if (dsize < 40) {
		warn("efi_mmap descriptor size 0x%x is too small", dsize);
		return;
	}
	for (n = 0; 16 + (n + 1) * dsize <= size; n++) {
		uint64_t e = t + 16 + n * dsize;

		line("efi_mmap.%u=0x%x,0x%llx,0x%llx,0x%llx", n, r32(e),
		     (unsigned long long)r64(e + 8),
		     (unsigned long long)r64(e + 24),
		     (unsigned long long)r64(e + 32));
	}
}

/* Fields of one tag at t (size bytes, at least 8). */
static void mb2_tag(uint64_t t, uint32_t type, uint32_t size, unsigned *mods)
{
	/* The smallest size each known type needs to hold its fields. */
	static const uint8_t need[22] = {
	    [1] = 9,   [2] = 9,	  [3] = 17,  [4] = 16,	[5] = 20,
	    [6] = 16,  [8] = 32,  [11] = 12, [12] = 16, [14] = 28,
	    [15] = 44, [17] = 16, [19] = 12, [20] = 16, [21] = 12,
	};

	if (type < sizeof(need) && size < need[type]) {
		warn("tag type %u: size 0x%x is too small", type, size);
		return;
	}
	switch (type) {
	case 1:
		line_string(t + 8, size - 8, "cmdline");
		break;
	case 2:
		line_string(t + 8, size - 8, "boot_loader_name");
		break;
	case 3:
		module((*mods)++, r32(t + 8), r32(t + 12), t + 16, size - 16,
		       modules_aligned);
		break;
	case 4:
		line("mem_lower=0x%x", r32(t + 8));
		line("mem_upper=0x%x", r32(t + 12));
		break;
	case 5:
		line("boot_device=0x%x,0x%x,0x%x", r32(t + 8), r32(t + 12),
		     r32(t + 16));
		break;
	case 6:
		mb2_mmap(t, size, 1);
		break;
	case 8:
		framebuffer(t + 8, t + 32);
		if (r8(t + 29) == 0)
			line("framebuffer.palette_colors=0x%x", r16(t + 32));
		break;
	case 11:
		line("efi32.system_table=0x%x", r32(t + 8));
		break;
	case 12:
		line("efi64.system_table=0x%llx",
		     (unsigned long long)r64(t + 8));
		break;
	case 14:
		rsdp("acpi_old", t + 8, size - 8);
		break;
	case 15:
		rsdp("acpi_new", t + 8, size - 8);
		break;
	case 17:
		efi_mmap(t, size);
		break;
	case 18:
		line("efi_boot_services=not_terminated");
		break;
	case 19:
		line("efi32.image_handle=0x%x", r32(t + 8));
		break;
	case 20:
		line("efi64.image_handle=0x%llx",
		     (unsigned long long)r64(t + 8));
		break;
	case 21:
		line("load_base_addr=0x%x", r32(t + 8));
		if (r32(t + 8) != image_start)
			warn("load_base_addr is not the image's start 0x%llx",
			     (unsigned long long)image_start);
		break;
	}
}

/* Walks the tags; with show clear only collects the memory map (the
 * checks need it whatever the order of the tags). */
static void mb2_walk(uint64_t a, uint32_t total, int show)
{
	uint64_t pos = a + 8, end = a + total;
	unsigned n = 0, mods = 0;

	while (pos + 8 <= end) {
		uint32_t type = r32(pos), size = r32(pos + 4);

		if (show)
			line("tag.%u=0x%x,0x%x", n, type, size);
		if (size < 8 || pos + size > end) {
			if (show)
				warn("tag.%u: size 0x%x leaves the block", n,
				     size);
			return;
		}
		if (type == 0) {
			if (show && (size != 8 || pos + 8 != end))
				warn("end tag: size 0x%x, 0x%llx bytes before "
				     "total_size",
				     size,
				     (unsigned long long)(end - pos - size));
			return;
		}
		if (show)
			mb2_tag(pos, type, size, &mods);
		else if (type == 6)
			mb2_mmap(pos, size, 0);
		pos += (size + 7) & ~7u;
		n++;
	}
	if (show)
		warn("no end tag within total_size");
}

static void dump_mb2(uint64_t a)
{
	uint32_t total = r32(a);

	line("total_size=0x%x", total);
	if (a % 8)
		warn("information block not 8-byte aligned");
	if (r32(a + 4))
		warn("reserved field is 0x%x", r32(a + 4));
	if (total < 16 || total > (16u << 20)) {
		warn("total_size 0x%x is implausible", total);
		return;
	}
	add_piece("info", -1, 0, a, total);
	mb2_walk(a, total, 0);
	mb2_walk(a, total, 1);
}

/* ------------------------------------------------------------------ */
/* Common to both entries */

/* Multiboot information at info, if magic says there is any. */
static void dump_info(uint32_t magic, uint64_t info)
{
	line("magic=0x%x", magic);
	if (magic != MB1_BOOT_MAGIC && magic != MB2_BOOT_MAGIC) {
		warn("no Multiboot magic: information not read");
		return;
	}
	line("info=0x%llx", (unsigned long long)info);
	if (!info) {
		warn("information block address is 0");
		return;
	}
	if (magic == MB1_BOOT_MAGIC)
		dump_mb1(info);
	else
		dump_mb2(info);
}

static void finish(void)
{
	check_pieces();
	line("warnings=%u", warnings);
	line("end");
}

#ifndef PROBE_HOSTED

extern char __probe_start[], __probe_end[], probe_bss_canary[];
#define CANARY_SIZE 256

/* In .data: proves the loader put the data segment's bytes in place. */
static volatile uint32_t data_canary = 0x600dda7a;

/* The image's own header (mb1.S, mb2.S; none in entry64.S): its kind,
 * 1 or 2 or 0, and its words.  Not told apart by their magic numbers: a
 * header magic as an immediate in our code could be taken by a loader's
 * scan for a second header. */
extern const uint32_t probe_header_kind, probe_header[];

static const char *header_kind(void)
{
	static const char *const kinds[] = {"none", "multiboot1", "multiboot2"};

	return kinds[probe_header_kind];
}

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

static int has_efer(void)
{
	uint32_t r[4];

	cpuid(0x80000000, r);
	if (r[0] < 0x80000001)
		return 0;
	cpuid(0x80000001, r);
	return (r[3] & (1u << 29 | 1u << 20 | 1u << 11)) != 0;
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return lo | (uint64_t)hi << 32;
}

static void begin(const char *protocol)
{
	serial_init();
	puts_("\r\n");
	line("begin");
	line("protocol=%s", protocol);
	line("header=%s", header_kind());
	line("image.start=0x%llx", (unsigned long long)image_start);
	line("image.end=0x%llx", (unsigned long long)image_end);
	add_piece("image", -1, 1, image_start, image_end - image_start);
	for (const char *c = probe_bss_canary;
	     c < probe_bss_canary + CANARY_SIZE; c++)
		if (*c) {
			warn("bss not zeroed at 0x%llx",
			     (unsigned long long)(uintptr_t)c);
			break;
		}
	if (data_canary != 0x600dda7a)
		warn("data segment not loaded: 0x%x at 0x%llx", data_canary,
		     (unsigned long long)(uintptr_t)&data_canary);
	if (probe_header_kind == 1)
		modules_aligned = probe_header[1] & 1;
	if (probe_header_kind == 2)
		modules_aligned = 1; /* mb2.S carries a module-alignment tag */
}

/* Where a BIOS keeps it: the first KiB of the EBDA, then 0xE0000-0xFFFFF. */
static void rsdp_scan(void)
{
	uint64_t ebda = (uint64_t)r16(0x40e) << 4, a;

	for (a = ebda; ebda && a < ebda + 1024; a += 16)
		if (is_rsdp(a))
			goto found;
	for (a = 0xe0000; a < 0x100000; a += 16)
		if (is_rsdp(a))
			goto found;
	line("rsdp.scan=none");
	return;
found:
	line("rsdp.scan=0x%llx", (unsigned long long)a);
	rsdp("rsdp", a, 36);
}

static void delay(void)
{
	for (unsigned i = 0; i < 20000; i++)
		outb(0x80, 0);
}

/* Ports only a virtual machine is known to have: on real hardware these
 * could belong to anything, so there we only halt. */
static __attribute__((noreturn)) void poweroff(void)
{
	uint32_t r[4];

	cpuid(1, r);
	if (r[2] & (1u << 31)) {
		outw(0x604, 0x2000); /* QEMU q35: ICH9 PM1a_CNT, S5 */
		delay();
		outw(0xb004, 0x2000); /* QEMU pc (PIIX4), Bochs */
		delay();
		outw(0x4004, 0x3400); /* VirtualBox */
		delay();
		outb(0x501, 0x31); /* QEMU isa-debug-exit: exit code 99 */
		delay();
	}
	for (;;)
		__asm__ volatile("cli; hlt");
}

#ifdef __x86_64__
struct regs64 {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, r8, r9, r10, r11, r12,
	    r13, r14, r15, rflags, cs, ds, es, fs, gs, ss, cr0, cr3, cr4;
};

void probe_main64(const struct regs64 *r);
void probe_main64(const struct regs64 *r)
{
	static const char *const names[] = {
	    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",    "r8",
	    "r9",  "r10", "r11", "r12", "r13", "r14", "r15", "rflags", "cs",
	    "ds",  "es",  "fs",	 "gs",	"ss",  "cr0", "cr3", "cr4"};
	const uint64_t *v = &r->rax;

	image_start = (uintptr_t)__probe_start;
	image_end = (uintptr_t)__probe_end;
	begin("elf64");
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		line("%s=0x%llx", names[i], (unsigned long long)v[i]);
	if (has_efer())
		line("efer=0x%llx", (unsigned long long)rdmsr(0xc0000080));
	/* A loader may also hand an ELF64 kernel Multiboot information. */
	if ((uint32_t)r->rax == MB1_BOOT_MAGIC ||
	    (uint32_t)r->rax == MB2_BOOT_MAGIC)
		dump_info((uint32_t)r->rax, r->rbx);
	rsdp_scan(); /* the kernel's identity map covers the first MiB */
	finish();
	poweroff();
}
#else
struct regs32 {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, esp, eflags, cs, ds, es, fs,
	    gs, ss, cr0, cr3, cr4;
};

void probe_main32(const struct regs32 *r);
void probe_main32(const struct regs32 *r)
{
	static const char *const names[] = {
	    "eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp", "eflags",
	    "cs",  "ds",  "es",	 "fs",	"gs",  "ss",  "cr0", "cr3", "cr4"};
	const uint32_t *v = &r->eax;
	const char *protocol = r->eax == MB1_BOOT_MAGIC	  ? "multiboot1"
			       : r->eax == MB2_BOOT_MAGIC ? "multiboot2"
							  : "unknown";

	image_start = (uintptr_t)__probe_start;
	image_end = (uintptr_t)__probe_end;
	begin(protocol);
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		line("%s=0x%x", names[i], v[i]);
	if (has_efer())
		line("efer=0x%llx", (unsigned long long)rdmsr(0xc0000080));
	if (r->cr0 & 0x80000000u)
		warn("paging is on (cr0.PG)");
	if (r->eflags & 0x200)
		warn("interrupts are on (eflags.IF)");
	if (r->eflags & 0x20000)
		warn("virtual-8086 mode (eflags.VM)");
	if (r->eax == MB1_BOOT_MAGIC && probe_header_kind != 1)
		warn("Multiboot 1 entry, but the image has no Multiboot 1 "
		     "header");
	if (r->eax == MB2_BOOT_MAGIC && probe_header_kind != 2)
		warn("Multiboot 2 entry, but the image has no Multiboot 2 "
		     "header");
	dump_info(r->eax, r->ebx);
	rsdp_scan();
	finish();
	poweroff();
}
#endif
#endif /* !PROBE_HOSTED */
