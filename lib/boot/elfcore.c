#include "boot/elfcore.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* Where the x86_64 kernel maps its own image: PT_LOADs at or above it
 * describe the kernel text mapping, which repeats RAM described elsewhere. */
#define START_KERNEL_MAP 0xffffffff80000000ull

static size_t phdr_count(const struct elfcore_input *in)
{
	return in->n_cpu_notes + 1 + (in->has_text ? 1 : 0) + in->dump->n;
}

size_t elfcore_size(const struct elfcore_input *in)
{
	size_t n = sizeof(Elf64_Ehdr) + phdr_count(in) * sizeof(Elf64_Phdr);

	return (n + ELFCORE_ALIGN - 1) & ~(size_t)(ELFCORE_ALIGN - 1);
}

static int check_note(kx_ctx *ctx, const char *what,
		      const struct elfcore_note *note)
{
	if (note->size == 0 || note->addr == 0)
		return kx_fail(ctx, -EINVAL,
			       "core headers: %s: no address or size", what);
	if (note->addr > UINT64_MAX - note->size)
		return kx_fail(ctx, -EINVAL,
			       "core headers: %s at 0x%" PRIx64
			       " wraps around the address space",
			       what, note->addr);
	return 0;
}

/* The capture kernel walks the ranges in order and maps each one: they
 * must be real, ordered and apart. */
static int check_dump(kx_ctx *ctx, const struct kx_ranges *dump)
{
	size_t i;

	if (dump->n == 0)
		return kx_fail(ctx, -EINVAL,
			       "core headers: no memory left to dump");
	for (i = 0; i < dump->n; i++) {
		const struct kx_range *r = &dump->v[i];

		if (r->start >= r->end)
			return kx_fail(
			    ctx, -EINVAL,
			    "core headers: empty range at 0x%" PRIx64,
			    r->start);
		if (i && r->start < dump->v[i - 1].end)
			return kx_fail(ctx, -EINVAL,
				       "core headers: ranges at 0x%" PRIx64
				       " and 0x%" PRIx64 " overlap or are "
				       "out of order",
				       dump->v[i - 1].start, r->start);
	}
	return 0;
}

static int check_input(kx_ctx *ctx, const struct elfcore_input *in)
{
	size_t i;
	int rc = 0;

	if (in->n_cpu_notes == 0)
		return kx_fail(ctx, -EINVAL,
			       "core headers: no CPU crash notes");
	for (i = 0; i < in->n_cpu_notes && !rc; i++)
		rc = check_note(ctx, "CPU crash notes", &in->cpu_notes[i]);
	if (!rc)
		rc = check_note(ctx, "vmcoreinfo", &in->vmcoreinfo);
	if (!rc && in->has_text &&
	    (in->text_size == 0 || in->text_paddr > UINT64_MAX - in->text_size))
		rc = kx_fail(ctx, -EINVAL,
			     "core headers: bad kernel text range");
	if (!rc)
		rc = check_dump(ctx, in->dump);
	if (!rc && phdr_count(in) > ELFCORE_PHDRS_MAX)
		rc = kx_fail(ctx, -E2BIG,
			     "core headers: %zu program headers, at most %u",
			     phdr_count(in), ELFCORE_PHDRS_MAX);
	return rc;
}

static void put_ehdr(uint8_t *buf, size_t phnum)
{
	Elf64_Ehdr e;

	memset(&e, 0, sizeof(e));
	memcpy(e.e_ident, ELFMAG, SELFMAG);
	e.e_ident[EI_CLASS] = ELFCLASS64;
	e.e_ident[EI_DATA] = ELFDATA2LSB;
	e.e_ident[EI_VERSION] = EV_CURRENT;
	e.e_ident[EI_OSABI] = ELFOSABI_NONE;
	e.e_type = ET_CORE;
	e.e_machine = EM_X86_64;
	e.e_version = EV_CURRENT;
	e.e_phoff = sizeof(Elf64_Ehdr);
	e.e_ehsize = sizeof(Elf64_Ehdr);
	e.e_phentsize = sizeof(Elf64_Phdr);
	e.e_phnum = (Elf64_Half)phnum;
	memcpy(buf, &e, sizeof(e));
}

static void put_phdr(uint8_t *buf, size_t i, uint32_t type, uint64_t paddr,
		     uint64_t vaddr, uint64_t size)
{
	Elf64_Phdr p;

	memset(&p, 0, sizeof(p));
	p.p_type = type;
	p.p_flags = type == PT_LOAD ? PF_R | PF_W | PF_X : 0;
	p.p_offset = paddr;
	p.p_paddr = paddr;
	p.p_vaddr = vaddr;
	p.p_filesz = size;
	p.p_memsz = size;
	memcpy(buf + sizeof(Elf64_Ehdr) + i * sizeof(p), &p, sizeof(p));
}

int elfcore_build(kx_ctx *ctx, const struct elfcore_input *in, void *buf,
		  size_t size)
{
	const struct kx_ranges *dump = in->dump;
	size_t i, k = 0;
	int rc = check_input(ctx, in);

	if (rc)
		return rc;
	if (size != elfcore_size(in))
		return kx_fail(
		    ctx, -EINVAL,
		    "core headers: buffer is %zu bytes, they need %zu", size,
		    elfcore_size(in));
	memset(buf, 0, size);
	put_ehdr(buf, phdr_count(in));
	for (i = 0; i < in->n_cpu_notes; i++)
		put_phdr(buf, k++, PT_NOTE, in->cpu_notes[i].addr, 0,
			 in->cpu_notes[i].size);
	put_phdr(buf, k++, PT_NOTE, in->vmcoreinfo.addr, 0,
		 in->vmcoreinfo.size);
	if (in->has_text)
		put_phdr(buf, k++, PT_LOAD, in->text_paddr, in->text_vaddr,
			 in->text_size);
	for (i = 0; i < dump->n; i++)
		put_phdr(buf, k++, PT_LOAD, dump->v[i].start,
			 in->has_page_offset
			     ? in->page_offset + dump->v[i].start
			     : 0,
			 dump->v[i].end - dump->v[i].start);
	return 0;
}

/* ---- decoding -------------------------------------------------------- */

static int check_ehdr(kx_ctx *ctx, const Elf64_Ehdr *e, size_t size)
{
	if (memcmp(e->e_ident, ELFMAG, SELFMAG) ||
	    e->e_ident[EI_CLASS] != ELFCLASS64 ||
	    e->e_ident[EI_DATA] != ELFDATA2LSB ||
	    e->e_ident[EI_VERSION] != EV_CURRENT)
		return kx_fail(ctx, -EINVAL,
			       "core headers: not a little-endian ELF64 file");
	if (e->e_type != ET_CORE || e->e_machine != EM_X86_64 ||
	    e->e_version != EV_CURRENT)
		return kx_fail(ctx, -EINVAL,
			       "core headers: not an x86_64 ET_CORE file "
			       "(type %u, machine %u)",
			       e->e_type, e->e_machine);
	if (e->e_ehsize != sizeof(Elf64_Ehdr) ||
	    e->e_phentsize != sizeof(Elf64_Phdr) || e->e_phnum == 0 ||
	    e->e_phnum == PN_XNUM)
		return kx_fail(ctx, -EINVAL,
			       "core headers: bad header sizes or no program "
			       "headers");
	if (e->e_phoff > size ||
	    (size - e->e_phoff) / sizeof(Elf64_Phdr) < e->e_phnum)
		return kx_fail(ctx, -EINVAL,
			       "core headers: %u program headers at offset "
			       "0x%" PRIx64 " do not fit in %zu bytes",
			       e->e_phnum, (uint64_t)e->e_phoff, size);
	return 0;
}

static int check_phdr(kx_ctx *ctx, size_t i, const Elf64_Phdr *p)
{
	if (p->p_type != PT_LOAD && p->p_type != PT_NOTE)
		return kx_fail(ctx, -EINVAL,
			       "core headers: program header %zu has type %u",
			       i, p->p_type);
	if (p->p_offset != p->p_paddr || p->p_filesz != p->p_memsz ||
	    p->p_memsz == 0)
		return kx_fail(ctx, -EINVAL,
			       "core headers: program header %zu is empty or "
			       "its offset is not its physical address",
			       i);
	if (p->p_paddr > UINT64_MAX - p->p_memsz)
		return kx_fail(ctx, -EINVAL,
			       "core headers: program header %zu wraps around "
			       "the address space",
			       i);
	return 0;
}

static bool is_dumped_ram(const struct elfcore_phdr *p)
{
	return p->type == PT_LOAD && p->vaddr < START_KERNEL_MAP;
}

static int cmp_paddr(const void *pa, const void *pb)
{
	const struct elfcore_phdr *a = *(const struct elfcore_phdr *const *)pa;
	const struct elfcore_phdr *b = *(const struct elfcore_phdr *const *)pb;

	return a->paddr < b->paddr ? -1 : a->paddr > b->paddr;
}

/* Memory dumped twice would be read twice into the dump and double its
 * size; only the kernel text mapping repeats RAM on purpose. */
static int check_no_overlap(kx_ctx *ctx, const struct elfcore_phdr *v, size_t n)
{
	const struct elfcore_phdr **ram = calloc(n, sizeof(*ram));
	size_t i, m = 0;
	int rc = 0;

	if (!ram)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if (is_dumped_ram(&v[i]))
			ram[m++] = &v[i];
	qsort(ram, m, sizeof(*ram), cmp_paddr);
	for (i = 1; i < m && !rc; i++)
		if (ram[i]->paddr < ram[i - 1]->paddr + ram[i - 1]->memsz)
			rc = kx_fail(ctx, -EINVAL,
				     "core headers: PT_LOADs at 0x%" PRIx64
				     " and 0x%" PRIx64 " overlap",
				     ram[i - 1]->paddr, ram[i]->paddr);
	free(ram);
	return rc;
}

static void copy_phdr(struct elfcore_phdr *out, const Elf64_Phdr *p)
{
	out->type = p->p_type;
	out->flags = p->p_flags;
	out->offset = p->p_offset;
	out->paddr = p->p_paddr;
	out->vaddr = p->p_vaddr;
	out->filesz = p->p_filesz;
	out->memsz = p->p_memsz;
}

int elfcore_decode(kx_ctx *ctx, const void *buf, size_t size,
		   struct elfcore_phdr **phdrs, size_t *n)
{
	const uint8_t *b = buf;
	struct elfcore_phdr *v;
	Elf64_Ehdr e;
	size_t i;
	int rc;

	*phdrs = NULL;
	*n = 0;
	if (size < sizeof(e))
		return kx_fail(ctx, -EINVAL,
			       "core headers: %zu bytes, shorter than an ELF "
			       "header",
			       size);
	memcpy(&e, b, sizeof(e));
	rc = check_ehdr(ctx, &e, size);
	if (rc)
		return rc;
	v = calloc(e.e_phnum, sizeof(*v));
	if (!v)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < e.e_phnum && !rc; i++) {
		Elf64_Phdr p;

		memcpy(&p, b + e.e_phoff + i * sizeof(p), sizeof(p));
		rc = check_phdr(ctx, i, &p);
		copy_phdr(&v[i], &p);
	}
	if (!rc)
		rc = check_no_overlap(ctx, v, e.e_phnum);
	if (rc) {
		free(v);
		return rc;
	}
	*phdrs = v;
	*n = e.e_phnum;
	return 0;
}
