#include "format/elf.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "core/bytes.h"

/* The file is untrusted: every field is read through the byte readers
 * below, after a check that it lies inside the file, and every sum of two
 * file-supplied values is checked for wraparound before it is used. */

#define EI_NIDENT   16
#define EI_CLASS    4
#define EI_DATA	    5
#define EI_VERSION  6
#define ELFCLASS32  1
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define PT_LOAD	    1
#define PN_XNUM	    0xffff
#define EHDR32_SIZE 52
#define EHDR64_SIZE 64
#define PHDR32_SIZE 32
#define PHDR64_SIZE 56
#define FOUR_GIB    0x100000000ull

/* The ELF header fields this loader uses, class-independent. */
struct ehdr {
	unsigned cls; /* 32 or 64 */
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;
	uint16_t phentsize;
	uint16_t phnum;
};

/* One PT_LOAD as written, before the load address is chosen. */
struct load {
	uint64_t offset;
	uint64_t filesz;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t memsz;
	unsigned index;
};

bool elf_probe(const void *data, size_t size)
{
	const uint8_t *d = data;

	return size >= EI_NIDENT && memcmp(d, "\177ELF", 4) == 0 &&
	       (d[EI_CLASS] == ELFCLASS32 || d[EI_CLASS] == ELFCLASS64) &&
	       d[EI_DATA] == ELFDATA2LSB;
}

static int check_ident(kx_ctx *ctx, const char *name, const uint8_t *d,
		       size_t size)
{
	if (size < EI_NIDENT || memcmp(d, "\177ELF", 4) != 0)
		return kx_fail(ctx, -ENOEXEC, "%s: not an ELF file (no magic)",
			       name);
	if (d[EI_CLASS] != ELFCLASS32 && d[EI_CLASS] != ELFCLASS64)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: unknown ELF class %u (neither 32- nor "
			       "64-bit)",
			       name, d[EI_CLASS]);
	if (d[EI_DATA] != ELFDATA2LSB)
		return kx_fail(
		    ctx, -ENOEXEC,
		    "%s: big-endian or unknown ELF data encoding %u; "
		    "x86 kernels are little-endian",
		    name, d[EI_DATA]);
	if (d[EI_VERSION] != EV_CURRENT)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: unknown ELF version %u in e_ident", name,
			       d[EI_VERSION]);
	return 0;
}

static int read_ehdr(kx_ctx *ctx, const char *name, const uint8_t *d,
		     size_t size, struct ehdr *eh)
{
	eh->cls = d[EI_CLASS] == ELFCLASS64 ? 64 : 32;
	if (size < (eh->cls == 64 ? EHDR64_SIZE : EHDR32_SIZE))
		return kx_fail(ctx, -ENOEXEC,
			       "%s: truncated: %zu bytes cannot hold an "
			       "ELF%u header",
			       name, size, eh->cls);
	eh->type = get_le16(d + 16);
	eh->machine = get_le16(d + 18);
	eh->version = get_le32(d + 20);
	if (eh->cls == 64) {
		eh->entry = get_le64(d + 24);
		eh->phoff = get_le64(d + 32);
		eh->phentsize = get_le16(d + 54);
		eh->phnum = get_le16(d + 56);
	} else {
		eh->entry = get_le32(d + 24);
		eh->phoff = get_le32(d + 28);
		eh->phentsize = get_le16(d + 42);
		eh->phnum = get_le16(d + 44);
	}
	return 0;
}

static int check_kind(kx_ctx *ctx, const char *name, const struct ehdr *eh)
{
	uint16_t want = eh->cls == 64 ? ELF_EM_X86_64 : ELF_EM_386;

	if (eh->type != ELF_ET_EXEC && eh->type != ELF_ET_DYN)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: ELF type %u is not an executable (want "
			       "ET_EXEC or ET_DYN)",
			       name, eh->type);
	if (eh->machine != want)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: ELF%u for machine %u, not %s", name,
			       eh->cls, eh->machine,
			       eh->cls == 64 ? "x86-64 (62)" : "i386 (3)");
	if (eh->version != EV_CURRENT)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: unknown ELF version %" PRIu32, name,
			       eh->version);
	return 0;
}

static int check_phdr_table(kx_ctx *ctx, const char *name,
			    const struct ehdr *eh, size_t size)
{
	unsigned want = eh->cls == 64 ? PHDR64_SIZE : PHDR32_SIZE;
	uint64_t len = (uint64_t)eh->phnum * eh->phentsize;

	if (eh->phnum == 0)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: no program headers: nothing to load", name);
	/* PN_XNUM moves the real count into section 0; no kernel needs
	 * 65535 program headers. */
	if (eh->phnum == PN_XNUM)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: extended program header count (PN_XNUM) "
			       "is not supported",
			       name);
	if (eh->phentsize != want)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: program header entries are %u bytes, ELF%u "
			       "needs %u",
			       name, eh->phentsize, eh->cls, want);
	if (eh->phoff > size || len > size - eh->phoff)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: truncated: %u program headers at offset "
			       "0x%" PRIx64 " end beyond the file (%zu bytes)",
			       name, eh->phnum, eh->phoff, size);
	return 0;
}

/* Program header I of the table (checked to lie in the file); false for a
 * header that is not PT_LOAD. */
static bool read_load(const uint8_t *d, const struct ehdr *eh, unsigned i,
		      struct load *l)
{
	const uint8_t *p = d + eh->phoff + (uint64_t)i * eh->phentsize;

	if (get_le32(p) != PT_LOAD)
		return false;
	l->index = i;
	if (eh->cls == 64) {
		l->offset = get_le64(p + 8);
		l->vaddr = get_le64(p + 16);
		l->paddr = get_le64(p + 24);
		l->filesz = get_le64(p + 32);
		l->memsz = get_le64(p + 40);
	} else {
		l->offset = get_le32(p + 4);
		l->vaddr = get_le32(p + 8);
		l->paddr = get_le32(p + 12);
		l->filesz = get_le32(p + 16);
		l->memsz = get_le32(p + 20);
	}
	return true;
}

static int check_load(kx_ctx *ctx, const char *name, const struct load *l,
		      size_t size)
{
	if (l->filesz > l->memsz)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: segment %u has more file bytes (0x%" PRIx64
			       ") than memory (0x%" PRIx64 ")",
			       name, l->index, l->filesz, l->memsz);
	if (l->filesz && (l->offset > size || l->filesz > size - l->offset))
		return kx_fail(ctx, -ENOEXEC,
			       "%s: truncated: segment %u needs file bytes "
			       "0x%" PRIx64 "+0x%" PRIx64
			       ", the file has %zu bytes",
			       name, l->index, l->offset, l->filesz, size);
	return 0;
}

/* The PT_LOAD headers with memory to fill, checked against the file. */
static int collect_loads(kx_ctx *ctx, const char *name, const uint8_t *d,
			 size_t size, const struct ehdr *eh, struct load **out,
			 size_t *n)
{
	struct load *v = calloc(eh->phnum, sizeof(*v));
	unsigned i;
	int rc;

	if (!v)
		return kx_fail(ctx, -ENOMEM, "%s: out of memory", name);
	*n = 0;
	for (i = 0; i < eh->phnum; i++) {
		if (!read_load(d, eh, i, &v[*n]))
			continue;
		rc = check_load(ctx, name, &v[*n], size);
		if (rc) {
			free(v);
			return rc;
		}
		/* An empty PT_LOAD occupies nothing. */
		if (v[*n].memsz)
			(*n)++;
	}
	if (*n == 0) {
		free(v);
		return kx_fail(ctx, -ENOEXEC,
			       "%s: no loadable segment (PT_LOAD with memory)",
			       name);
	}
	*out = v;
	return 0;
}

/* Linkers that leave p_paddr 0 everywhere meant "same as virtual". */
static bool use_vaddr(const struct load *v, size_t n)
{
	bool any_vaddr = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].paddr)
			return false;
		if (v[i].vaddr)
			any_vaddr = true;
	}
	return any_vaddr;
}

static int make_piece(kx_ctx *ctx, const char *name, unsigned cls,
		      const struct load *l, bool by_vaddr, struct elf_piece *p)
{
	uint64_t addr = by_vaddr ? l->vaddr : l->paddr;
	uint64_t room = cls == 64 ? UINT64_MAX - addr : FOUR_GIB - addr;

	if (l->memsz > room)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: segment %u at 0x%" PRIx64 " (0x%" PRIx64
			       " bytes) wraps around the %u-bit address space",
			       name, l->index, addr, l->memsz, cls);
	p->offset = l->offset;
	p->filesz = l->filesz;
	p->addr = addr;
	p->memsz = l->memsz;
	p->index = l->index;
	return 0;
}

static int cmp_piece(const void *a, const void *b)
{
	const struct elf_piece *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int check_overlaps(kx_ctx *ctx, const char *name,
			  const struct elf_piece *p, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (p[i - 1].addr + p[i - 1].memsz > p[i].addr)
			return kx_fail(
			    ctx, -ENOEXEC,
			    "%s: segments %u [0x%" PRIx64 "-0x%" PRIx64
			    ") and %u [0x%" PRIx64 "-0x%" PRIx64 ") overlap",
			    name, p[i - 1].index, p[i - 1].addr,
			    p[i - 1].addr + p[i - 1].memsz, p[i].index,
			    p[i].addr, p[i].addr + p[i].memsz);
	return 0;
}

static int make_pieces(kx_ctx *ctx, const char *name, const struct ehdr *eh,
		       const struct load *v, size_t n, struct elf_image *img)
{
	size_t i;
	int rc;

	img->pieces = calloc(n, sizeof(*img->pieces));
	if (!img->pieces)
		return kx_fail(ctx, -ENOMEM, "%s: out of memory", name);
	img->n = n;
	img->by_vaddr = use_vaddr(v, n);
	for (i = 0; i < n; i++) {
		rc = make_piece(ctx, name, eh->cls, &v[i], img->by_vaddr,
				&img->pieces[i]);
		if (rc)
			return rc;
	}
	qsort(img->pieces, n, sizeof(*img->pieces), cmp_piece);
	img->lowest = img->pieces[0].addr;
	img->highest = img->pieces[n - 1].addr + img->pieces[n - 1].memsz;
	return check_overlaps(ctx, name, img->pieces, n);
}

/* The physical entry: translated through the segment whose virtual range
 * holds e_entry, else e_entry itself when a segment's load range holds
 * it. */
static int find_entry(kx_ctx *ctx, const char *name, const struct load *v,
		      size_t n, struct elf_image *img)
{
	uint64_t e = img->entry_virt;
	size_t i;

	for (i = 0; i < n; i++)
		if (e >= v[i].vaddr && e - v[i].vaddr < v[i].memsz) {
			img->entry = (img->by_vaddr ? v[i].vaddr : v[i].paddr) +
				     (e - v[i].vaddr);
			return 0;
		}
	for (i = 0; i < img->n; i++)
		if (e >= img->pieces[i].addr &&
		    e - img->pieces[i].addr < img->pieces[i].memsz) {
			img->entry = e;
			return 0;
		}
	return kx_fail(ctx, -ENOEXEC,
		       "%s: entry point 0x%" PRIx64
		       " is inside no loadable segment",
		       name, e);
}

static int parse_loads(kx_ctx *ctx, const char *name, const uint8_t *d,
		       size_t size, const struct ehdr *eh,
		       struct elf_image *img)
{
	struct load *v = NULL;
	size_t n;
	int rc;

	rc = collect_loads(ctx, name, d, size, eh, &v, &n);
	if (rc)
		return rc;
	rc = make_pieces(ctx, name, eh, v, n, img);
	if (rc == 0)
		rc = find_entry(ctx, name, v, n, img);
	free(v);
	return rc;
}

int elf_parse(kx_ctx *ctx, const char *name, const void *data, size_t size,
	      struct elf_image *img)
{
	const uint8_t *d = data;
	struct ehdr eh = {0};
	int rc;

	memset(img, 0, sizeof(*img));
	rc = check_ident(ctx, name, d, size);
	if (rc == 0)
		rc = read_ehdr(ctx, name, d, size, &eh);
	if (rc == 0)
		rc = check_kind(ctx, name, &eh);
	if (rc == 0)
		rc = check_phdr_table(ctx, name, &eh, size);
	if (rc)
		return rc;
	img->elf_class = eh.cls;
	img->machine = eh.machine;
	img->type = eh.type;
	img->entry_virt = eh.entry;
	rc = parse_loads(ctx, name, d, size, &eh, img);
	if (rc)
		elf_image_free(img);
	return rc;
}

void elf_image_free(struct elf_image *img)
{
	free(img->pieces);
	img->pieces = NULL;
	img->n = 0;
}

int elf_check_below_4g(kx_ctx *ctx, const char *name,
		       const struct elf_image *img)
{
	if (img->highest > FOUR_GIB)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: the image ends at 0x%" PRIx64
			       ", above 4 GiB: a 32-bit entry cannot reach it",
			       name, img->highest);
	if (img->entry >= FOUR_GIB)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: entry point 0x%" PRIx64
			       " is above 4 GiB: a 32-bit entry cannot reach "
			       "it",
			       name, img->entry);
	return 0;
}

int elf_image_rebase(kx_ctx *ctx, const char *name, struct elf_image *img,
		     uint64_t base)
{
	uint64_t span = img->highest - img->lowest;
	size_t i;

	if (span > UINT64_MAX - base)
		return kx_fail(ctx, -EINVAL,
			       "%s: cannot move the image to 0x%" PRIx64
			       ": it would wrap around",
			       name, base);
	for (i = 0; i < img->n; i++)
		img->pieces[i].addr =
		    base + (img->pieces[i].addr - img->lowest);
	img->entry = base + (img->entry - img->lowest);
	img->highest = base + span;
	img->lowest = base;
	return 0;
}
