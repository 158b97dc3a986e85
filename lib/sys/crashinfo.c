/* The pure parsers of the running kernel's crash facts (see
 * sys/crashinfo.h); the snapshot feeds them the files' text. */
#include "sys/crashinfo.h"

#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "sys/iomem.h"
#include "sys/memmap.h"

void crash_system_init(struct crash_system *sys)
{
	memset(sys, 0, sizeof(*sys));
	ranges_init(&sys->ram);
	ranges_init(&sys->firmware);
	ranges_init(&sys->crash);
}

void crash_system_free(struct crash_system *sys)
{
	ranges_free(&sys->ram);
	ranges_free(&sys->firmware);
	ranges_free(&sys->crash);
	free(sys->cpus);
	crash_system_init(sys);
}

/* ---- /proc/iomem ----------------------------------------------------- */

struct iomem_walk {
	struct crash_system *sys;
	bool nonzero;
	unsigned lines;
};

static bool name_is(const struct iomem_line *line, const char *name)
{
	size_t n = strlen(name);

	return line->name_len == n && memcmp(line->name, name, n) == 0;
}

static bool name_starts(const struct iomem_line *line, const char *prefix)
{
	size_t n = strlen(prefix);

	return line->name_len >= n && memcmp(line->name, prefix, n) == 0;
}

/* "Kernel code", "Kernel rodata", "Kernel data", "Kernel bss": the image
 * the kernel text mapping covers. */
static void note_kernel(struct crash_system *sys, const struct iomem_line *l)
{
	if (!sys->kernel_end) {
		sys->kernel_start = l->start;
		sys->kernel_end = l->end;
		return;
	}
	if (l->start < sys->kernel_start)
		sys->kernel_start = l->start;
	if (l->end > sys->kernel_end)
		sys->kernel_end = l->end;
}

/* The kernel walks resources at every depth for the firmware types
 * (walk_iomem_res_desc) but takes RAM from the top level only. */
static int visit_line(kx_ctx *ctx, void *arg, const struct iomem_line *line)
{
	struct iomem_walk *w = arg;
	struct crash_system *sys = w->sys;
	uint32_t type;

	w->lines++;
	if (line->start != 0 || line->end != 1)
		w->nonzero = true;
	if (name_is(line, "Crash kernel"))
		return ranges_add(ctx, &sys->crash, line->start, line->end,
				  KX_RANGE_CRASH_KERNEL);
	if (name_starts(line, "Kernel ")) {
		note_kernel(sys, line);
		return 0;
	}
	if (!memmap_type_from_name(line->name, line->name_len, &type))
		return 0;
	if (type == KX_RANGE_RAM)
		return line->depth ? 0
				   : ranges_add(ctx, &sys->ram, line->start,
						line->end, KX_RANGE_RAM);
	if (type == KX_RANGE_ACPI || type == KX_RANGE_NVS ||
	    type == KX_RANGE_RESERVED)
		return ranges_add(ctx, &sys->firmware, line->start, line->end,
				  type);
	return 0;
}

int crash_parse_iomem(kx_ctx *ctx, const char *file, const char *text,
		      size_t len, struct crash_system *sys)
{
	struct iomem_walk w = {sys, false, 0};
	int rc;

	ranges_clear(&sys->ram);
	ranges_clear(&sys->firmware);
	ranges_clear(&sys->crash);
	sys->kernel_start = sys->kernel_end = 0;
	rc = iomem_parse(ctx, file, text, len, visit_line, &w);
	if (!rc && w.lines && !w.nonzero)
		rc = kx_fail(ctx, -EPERM,
			     "%s: every address reads as zero: the kernel "
			     "hides them from readers without CAP_SYS_ADMIN",
			     file);
	if (!rc)
		rc = ranges_normalize(ctx, &sys->ram);
	if (!rc)
		rc = ranges_normalize(ctx, &sys->firmware);
	if (!rc)
		ranges_merge(&sys->crash);
	return rc;
}

/* ---- sysfs ------------------------------------------------------------ */

int crash_parse_vmcoreinfo(kx_ctx *ctx, const char *file, const char *text,
			   struct elfcore_note *note)
{
	const char *sp = strchr(text, ' ');

	if (!sp ||
	    text_parse_hex(text, (size_t)(sp - text), true, &note->addr) ||
	    text_parse_hex(sp + 1, strlen(sp + 1), false, &note->size) ||
	    !note->addr || !note->size)
		return kx_fail(ctx, -EINVAL,
			       "%s: expected \"0xADDRESS SIZE\" in hexadecimal",
			       file);
	return 0;
}

int crash_parse_cpu_notes(kx_ctx *ctx, const char *file, const char *addr,
			  const char *size, struct elfcore_note *note)
{
	char *end;

	if (text_parse_hex(addr, strlen(addr), false, &note->addr) ||
	    !note->addr)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: expected a hexadecimal address, not \"%.40s\"", file,
		    addr);
	note->size = CRASH_NOTES_DEFAULT_SIZE;
	if (!size)
		return 0;
	errno = 0;
	note->size = strtoull(size, &end, 10);
	if (errno || end == size || *end || size[0] == '-' || !note->size)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s_size: expected a size in bytes, not \"%.40s\"", file,
		    size);
	return 0;
}

/* ---- /proc/kcore ------------------------------------------------------ */

static bool kcore_text(const Elf64_Phdr *p)
{
	return p->p_vaddr >= CRASH_START_KERNEL_MAP;
}

static void kcore_take(const Elf64_Phdr *p, struct crash_vaddrs *va, bool *text,
		       bool *direct)
{
	/* vmalloc, vmemmap and module areas carry no physical address. */
	if (p->p_type != PT_LOAD || p->p_paddr == UINT64_MAX || p->p_memsz == 0)
		return;
	if (kcore_text(p) && !*text) {
		va->text_paddr = p->p_paddr;
		va->text_vaddr = p->p_vaddr;
		va->text_size = p->p_memsz;
		*text = true;
	} else if (!kcore_text(p) && !*direct && p->p_vaddr > p->p_paddr) {
		va->page_offset = p->p_vaddr - p->p_paddr;
		*direct = true;
	}
}

int crash_parse_kcore(kx_ctx *ctx, const char *file, const void *buf,
		      size_t size, struct crash_vaddrs *va)
{
	const uint8_t *b = buf;
	bool text = false, direct = false;
	Elf64_Ehdr e;
	size_t i;

	memset(va, 0, sizeof(*va));
	if (size < sizeof(e))
		return kx_fail(ctx, -EINVAL, "%s: too short for an ELF header",
			       file);
	memcpy(&e, b, sizeof(e));
	if (memcmp(e.e_ident, ELFMAG, SELFMAG) ||
	    e.e_ident[EI_CLASS] != ELFCLASS64 ||
	    e.e_phentsize != sizeof(Elf64_Phdr))
		return kx_fail(ctx, -EINVAL, "%s: not an ELF64 core file",
			       file);
	if (e.e_phoff > size ||
	    (size - e.e_phoff) / sizeof(Elf64_Phdr) < e.e_phnum)
		return kx_fail(ctx, -EINVAL,
			       "%s: program headers beyond the %zu bytes read",
			       file, size);
	for (i = 0; i < e.e_phnum; i++) {
		Elf64_Phdr p;

		memcpy(&p, b + e.e_phoff + i * sizeof(p), sizeof(p));
		kcore_take(&p, va, &text, &direct);
	}
	if (!text || !direct)
		return -ENOENT;
	va->known = true;
	return 0;
}
