/* ELF64 core headers ("elfcorehdr") for a crash kernel loaded through
 * kexec_load: the description of the crashed kernel's memory that the
 * capture kernel turns into /proc/vmcore.  Laid out the way the kernel's own
 * kexec_file_load lays them out (crash_prepare_elf64_headers in 6.1):
 *
 *   ELF header (ET_CORE, EM_X86_64), then the program headers:
 *     one PT_NOTE per CPU          its crash_notes buffer
 *     one PT_NOTE                  the vmcoreinfo note
 *     one PT_LOAD (when known)     the kernel text mapping
 *     one PT_LOAD per range        the memory to dump
 *   zero padding to a whole page.
 *
 * The offsets are physical addresses in the crashed kernel's memory
 * (p_offset == p_paddr): the capture kernel reads the notes and the memory
 * from there and rewrites the offsets into file offsets for /proc/vmcore.
 * So the headers do not depend on where they are loaded. */
#ifndef KX_BOOT_ELFCORE_H
#define KX_BOOT_ELFCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/ranges.h"
#include "sys/crashinfo.h" /* struct elfcore_note */

#define ELFCORE_ALIGN 4096u
/* e_phnum is 16 bits and 0xffff (PN_XNUM) means "see section 0", which
 * the capture kernel does not read: far above any machine (8192 CPUs and
 * thousands of RAM ranges). */
#define ELFCORE_PHDRS_MAX 65534u

#define ELFCORE_PT_LOAD 1u
#define ELFCORE_PT_NOTE 4u

struct elfcore_input {
	const struct elfcore_note *cpu_notes; /* in CPU order */
	size_t n_cpu_notes;
	struct elfcore_note vmcoreinfo;
	bool has_text; /* the kernel text mapping is known */
	uint64_t text_paddr;
	uint64_t text_vaddr;
	uint64_t text_size;
	/* The memory to dump (sorted, disjoint, non-empty ranges) and, when
	 * known, where the kernel's direct map puts physical address 0 (the
	 * virtual addresses are 0 otherwise). */
	const struct kx_ranges *dump;
	bool has_page_offset;
	uint64_t page_offset;
};

/* The size of the headers for IN, padded to ELFCORE_ALIGN. */
size_t elfcore_size(const struct elfcore_input *in);

/* Fill BUF (exactly elfcore_size(IN) bytes).  Refuses inputs the capture
 * kernel could not use: no CPU note, no vmcoreinfo, empty or overlapping
 * ranges, sizes that wrap, too many headers. */
int elfcore_build(kx_ctx *ctx, const struct elfcore_input *in, void *buf,
		  size_t size);

/* One program header as the capture kernel reads it. */
struct elfcore_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t paddr;
	uint64_t vaddr;
	uint64_t filesz;
	uint64_t memsz;
};

/* Check BUF[0, SIZE) the way the capture kernel's /proc/vmcore does
 * (parse_crash_elf64_headers) and more strictly (only PT_NOTE and PT_LOAD,
 * p_offset == p_paddr, no empty or wrapping entry, no overlapping PT_LOAD
 * other than the kernel text mapping), and return its program headers in
 * *PHDRS (malloc'd, *N of them). */
int elfcore_decode(kx_ctx *ctx, const void *buf, size_t size,
		   struct elfcore_phdr **phdrs, size_t *n);

#endif
