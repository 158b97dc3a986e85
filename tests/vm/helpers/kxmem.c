/* kxmem: the memory side of the kdump cases, run inside the guests.
 *
 *   kxmem fill TOKEN MIB SAMPLES OUT
 *       Lock MIB MiB of anonymous memory and fill every 16 bytes of page I
 *       with TOKEN's 12 characters and I (32-bit little-endian), so each
 *       page is unique to this run.  Write "I:PFN,..." (hex) for SAMPLES
 *       pages spread over the buffer, from /proc/self/pagemap, to OUT (made
 *       atomically), then sleep holding the memory until killed: the panic
 *       must find the pattern where OUT says.
 *
 *   kxmem check TOKEN SAMPLES-TEXT [--want-text]
 *       In the capture kernel: /proc/vmcore starts with a valid ELF64
 *       ET_CORE header; its notes hold NT_PRSTATUS and a VMCOREINFO whose
 *       OSRELEASE is this kernel's; no PT_LOAD covers this kernel's own RAM
 *       above 1 MiB; with --want-text a PT_LOAD maps the kernel text; and
 *       every sampled page is found through the PT_LOADs with its pattern
 *       intact.  Exit 0 only when all of it holds.
 *
 * Static and libc-only: the guest has busybox and nothing else. */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#define PAGE		 4096u
#define TOKEN_LEN	 12u
#define UNIT		 16u
#define MAX_SAMPLES	 256u
#define START_KERNEL_MAP 0xffffffff80000000ull
#define LOW_END		 0x100000ull

static void die(const char *what)
{
	fprintf(stderr, "kxmem: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void fill_page(uint8_t *page, const char *token, uint32_t index)
{
	for (unsigned off = 0; off < PAGE; off += UNIT) {
		memcpy(page + off, token, TOKEN_LEN);
		memcpy(page + off + TOKEN_LEN, &index, 4);
	}
}

/* The first unit that differs from the pattern, or -1. */
static int page_mismatch(const uint8_t *page, const char *token,
			 uint32_t index)
{
	uint8_t want[UNIT];

	memcpy(want, token, TOKEN_LEN);
	memcpy(want + TOKEN_LEN, &index, 4);
	for (unsigned off = 0; off < PAGE; off += UNIT)
		if (memcmp(page + off, want, UNIT))
			return (int)off;
	return -1;
}

static uint64_t pfn_of(int pagemap, const void *addr)
{
	uint64_t entry;
	off_t at = (off_t)((uintptr_t)addr / PAGE * 8);

	if (pread(pagemap, &entry, 8, at) != 8)
		die("/proc/self/pagemap");
	if (!(entry >> 63)) {
		fprintf(stderr, "kxmem: page at %p not present\n", addr);
		exit(2);
	}
	return entry & ((1ull << 55) - 1);
}

static void write_samples(const char *out, uint8_t *buf, size_t pages,
			  unsigned samples)
{
	char tmp[4096];
	int pagemap = open("/proc/self/pagemap", O_RDONLY);
	uint64_t lo = UINT64_MAX, hi = 0;
	FILE *f;

	if (pagemap < 0)
		die("/proc/self/pagemap");
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	f = fopen(tmp, "w");
	if (!f)
		die(tmp);
	for (unsigned s = 0; s < samples; s++) {
		size_t i = samples > 1 ? s * (pages - 1) / (samples - 1) : 0;
		uint64_t pfn = pfn_of(pagemap, buf + i * PAGE);

		/* Without CAP_SYS_ADMIN the kernel shows PFN 0. */
		if (pfn == 0) {
			fprintf(stderr, "kxmem: pagemap hides PFNs (not root?)\n");
			exit(2);
		}
		lo = pfn < lo ? pfn : lo;
		hi = pfn > hi ? pfn : hi;
		fprintf(f, "%s%zx:%" PRIx64, s ? "," : "", i, pfn);
	}
	if (fclose(f) || rename(tmp, out))
		die(out);
	close(pagemap);
	printf("kxmem: %u sampled pages, PFNs 0x%" PRIx64 "-0x%" PRIx64 "\n",
	       samples, lo, hi);
}

static int cmd_fill(const char *token, size_t mib, unsigned samples,
		    const char *out)
{
	size_t len = mib << 20, pages = len / PAGE;
	uint8_t *buf;

	if (strlen(token) < TOKEN_LEN || !pages || !samples ||
	    samples > MAX_SAMPLES) {
		fprintf(stderr, "kxmem fill: bad arguments\n");
		return 2;
	}
	buf = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED)
		die("mmap");
	/* Locked pages are never swapped, and with
	 * vm.compact_unevictable_allowed=0 never migrated: the PFNs hold. */
	if (mlock(buf, len))
		die("mlock");
	for (size_t i = 0; i < pages; i++)
		fill_page(buf + i * PAGE, token, (uint32_t)i);
	printf("kxmem: filled %zu MiB (%zu pages)\n", mib, pages);
	write_samples(out, buf, pages, samples);
	fflush(stdout);
	for (;;)
		pause();
}

/* ---- check ------------------------------------------------------------ */

struct vmcore {
	int fd;
	Elf64_Ehdr eh;
	Elf64_Phdr *ph;
};

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
	va_list ap;

	printf("kxmem: FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return 1;
}

static int read_headers(struct vmcore *v)
{
	const Elf64_Ehdr *e = &v->eh;
	size_t len;

	v->fd = open("/proc/vmcore", O_RDONLY);
	if (v->fd < 0)
		return fail("/proc/vmcore: %s", strerror(errno));
	if (pread(v->fd, &v->eh, sizeof(v->eh), 0) != sizeof(v->eh))
		return fail("/proc/vmcore: short ELF header");
	if (memcmp(e->e_ident, ELFMAG, SELFMAG) ||
	    e->e_ident[EI_CLASS] != ELFCLASS64 || e->e_type != ET_CORE ||
	    e->e_machine != EM_X86_64 || e->e_phnum == 0 ||
	    e->e_phentsize != sizeof(Elf64_Phdr))
		return fail("/proc/vmcore: not an x86_64 ELF64 core (type %u, "
			    "%u program headers)",
			    e->e_type, e->e_phnum);
	len = (size_t)e->e_phnum * sizeof(Elf64_Phdr);
	v->ph = malloc(len);
	if (!v->ph || pread(v->fd, v->ph, len, (off_t)e->e_phoff) != (ssize_t)len)
		return fail("/proc/vmcore: cannot read the program headers");
	return 0;
}

static void summarize(const struct vmcore *v)
{
	unsigned loads = 0, notes = 0;
	uint64_t bytes = 0;

	for (unsigned i = 0; i < v->eh.e_phnum; i++) {
		if (v->ph[i].p_type == PT_NOTE)
			notes++;
		if (v->ph[i].p_type == PT_LOAD) {
			loads++;
			bytes += v->ph[i].p_memsz;
		}
	}
	printf("kxmem: /proc/vmcore: ELF64 ET_CORE x86_64, %u program headers "
	       "(%u PT_LOAD, %u PT_NOTE), %" PRIu64 " MiB of memory\n",
	       v->eh.e_phnum, loads, notes, bytes >> 20);
	for (unsigned i = 0; i < v->eh.e_phnum; i++)
		if (v->ph[i].p_type == PT_LOAD)
			printf("kxmem:   load 0x%012" PRIx64 "-0x%012" PRIx64
			       " vaddr 0x%016" PRIx64 "\n",
			       v->ph[i].p_paddr,
			       v->ph[i].p_paddr + v->ph[i].p_memsz - 1,
			       v->ph[i].p_vaddr);
}

/* Walk the merged notes: "CORE" NT_PRSTATUS from the crashed CPU and
 * "VMCOREINFO" with OSRELEASE=. */
static int check_notes_in(const char *buf, size_t len, int *prstatus,
			  char *release, size_t rlen)
{
	size_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= len) {
		Elf64_Nhdr n;
		const char *name, *desc;

		memcpy(&n, buf + off, sizeof(n));
		if (n.n_namesz == 0)
			break;
		name = buf + off + sizeof(n);
		desc = name + ((n.n_namesz + 3) & ~3u);
		if ((size_t)(desc - buf) + n.n_descsz > len)
			return fail("a note runs past its PT_NOTE");
		if (n.n_namesz == 5 && !memcmp(name, "CORE", 5) &&
		    n.n_type == NT_PRSTATUS)
			(*prstatus)++;
		if (n.n_namesz == 11 && !memcmp(name, "VMCOREINFO", 11)) {
			const char *r = memmem(desc, n.n_descsz, "OSRELEASE=", 10);

			if (r) {
				size_t k = 0;

				r += 10;
				while (k + 1 < rlen && r + k < desc + n.n_descsz &&
				       r[k] != '\n') {
					release[k] = r[k];
					k++;
				}
				release[k] = '\0';
			}
		}
		off = (size_t)(desc - buf) + ((n.n_descsz + 3) & ~3u);
	}
	return 0;
}

static int check_notes(const struct vmcore *v)
{
	char release[128] = "";
	struct utsname u;
	int prstatus = 0;

	for (unsigned i = 0; i < v->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &v->ph[i];
		char *buf;
		int rc;

		if (p->p_type != PT_NOTE || p->p_filesz > (1u << 24))
			continue;
		buf = malloc(p->p_filesz);
		if (!buf || pread(v->fd, buf, p->p_filesz, (off_t)p->p_offset) !=
				    (ssize_t)p->p_filesz)
			return fail("cannot read a PT_NOTE");
		rc = check_notes_in(buf, p->p_filesz, &prstatus, release,
				    sizeof(release));
		free(buf);
		if (rc)
			return rc;
	}
	uname(&u);
	printf("kxmem: notes: %d NT_PRSTATUS, VMCOREINFO OSRELEASE=%s\n",
	       prstatus, release[0] ? release : "(none)");
	if (prstatus == 0)
		return fail("no NT_PRSTATUS note: no CPU state was saved");
	if (strcmp(release, u.release))
		return fail("VMCOREINFO OSRELEASE=%s, this kernel is %s",
			    release, u.release);
	return 0;
}

/* This kernel's System RAM above 1 MiB is the reservation: the dump of
 * the crashed kernel must not include it. */
static int check_own_ram_excluded(const struct vmcore *v)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	int rc = 0;

	if (!f)
		return fail("/proc/iomem: %s", strerror(errno));
	while (!rc && fgets(line, sizeof(line), f)) {
		unsigned long long s, e;

		if (line[0] == ' ' || !strstr(line, ": System RAM") ||
		    sscanf(line, "%llx-%llx", &s, &e) != 2 || e < LOW_END)
			continue;
		for (unsigned i = 0; !rc && i < v->eh.e_phnum; i++) {
			const Elf64_Phdr *p = &v->ph[i];

			if (p->p_type == PT_LOAD && p->p_paddr <= e &&
			    s < p->p_paddr + p->p_memsz)
				rc = fail("PT_LOAD 0x%" PRIx64 "+0x%" PRIx64
					  " covers the capture kernel's RAM "
					  "%llx-%llx",
					  p->p_paddr, p->p_memsz, s, e);
		}
	}
	fclose(f);
	if (!rc)
		printf("kxmem: no PT_LOAD covers the capture kernel's own RAM\n");
	return rc;
}

static int check_text(const struct vmcore *v)
{
	for (unsigned i = 0; i < v->eh.e_phnum; i++)
		if (v->ph[i].p_type == PT_LOAD &&
		    v->ph[i].p_vaddr >= START_KERNEL_MAP) {
			printf("kxmem: kernel text PT_LOAD at 0x%" PRIx64
			       " (vaddr 0x%" PRIx64 ")\n",
			       v->ph[i].p_paddr, v->ph[i].p_vaddr);
			return 0;
		}
	return fail("no PT_LOAD for the kernel text mapping");
}

/* The file offset of physical page PADDR, through the RAM PT_LOADs. */
static int64_t offset_of(const struct vmcore *v, uint64_t paddr)
{
	for (unsigned i = 0; i < v->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &v->ph[i];

		if (p->p_type == PT_LOAD && p->p_vaddr < START_KERNEL_MAP &&
		    paddr >= p->p_paddr &&
		    paddr + PAGE <= p->p_paddr + p->p_filesz)
			return (int64_t)(p->p_offset + (paddr - p->p_paddr));
	}
	return -1;
}

static int check_sample(const struct vmcore *v, const char *token,
			uint32_t index, uint64_t pfn)
{
	uint8_t page[PAGE];
	int64_t off = offset_of(v, pfn * PAGE);
	int bad;

	if (off < 0)
		return fail("page %x (PFN 0x%" PRIx64 ") is in no PT_LOAD", index,
			    pfn);
	if (pread(v->fd, page, PAGE, off) != PAGE)
		return fail("page %x: cannot read /proc/vmcore at 0x%" PRIx64,
			    index, (uint64_t)off);
	bad = page_mismatch(page, token, index);
	if (bad >= 0)
		return fail("page %x (PFN 0x%" PRIx64 ") differs at byte %d: "
			    "\"%.12s\"",
			    index, pfn, bad, (const char *)page + bad);
	return 0;
}

static int check_samples(const struct vmcore *v, const char *token,
			 const char *list)
{
	unsigned ok = 0, total = 0;
	const char *p = list;
	int rc = 0;

	while (*p) {
		unsigned long index;
		uint64_t pfn;
		char *end;

		index = strtoul(p, &end, 16);
		if (*end != ':')
			return fail("bad sample list at \"%.20s\"", p);
		pfn = strtoull(end + 1, &end, 16);
		total++;
		if (check_sample(v, token, (uint32_t)index, pfn) == 0)
			ok++;
		else
			rc = 1;
		p = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return fail("bad sample list at \"%.20s\"", end);
	}
	printf("kxmem: %u of %u sampled pages found intact in /proc/vmcore\n",
	       ok, total);
	return rc || total == 0;
}

static int cmd_check(const char *token, const char *samples, int want_text)
{
	struct vmcore v;
	int rc;

	memset(&v, 0, sizeof(v));
	rc = read_headers(&v);

	if (rc)
		return rc;
	summarize(&v);
	rc |= check_notes(&v);
	rc |= check_own_ram_excluded(&v);
	if (want_text)
		rc |= check_text(&v);
	rc |= check_samples(&v, token, samples);
	free(v.ph);
	close(v.fd);
	return rc;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 6 && !strcmp(argv[1], "fill"))
		return cmd_fill(argv[2], strtoul(argv[3], NULL, 0),
				(unsigned)strtoul(argv[4], NULL, 0), argv[5]);
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "check") &&
	    strlen(argv[2]) >= TOKEN_LEN)
		return cmd_check(argv[2], argv[3],
				 argc == 5 && !strcmp(argv[4], "--want-text"));
	fprintf(stderr, "usage: kxmem fill TOKEN MIB SAMPLES OUT\n"
			"       kxmem check TOKEN SAMPLES [--want-text]\n");
	return 2;
}
