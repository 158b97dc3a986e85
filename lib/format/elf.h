/* Static ELF executables for x86 (ELF32, EM_386) and x86-64 (ELF64,
 * EM_X86_64): the kernels of the first kexec-tools, Multiboot kernels
 * without the a.out kludge, Xen.
 *
 * Only the program headers matter: each PT_LOAD with a non-zero p_memsz
 * becomes one piece, loaded at its PHYSICAL address (p_paddr), as GRUB and
 * the Multiboot spec do; the virtual address is used only to translate the
 * entry point.  Pieces may start at any byte address (one known kernel has
 * a segment at 0x100070); p_align is ignored.
 *
 * Decisions:
 *  - ET_EXEC and ET_DYN are both accepted (GRUB accepts both); a DYN
 *    image is loaded at its p_paddr like an EXEC one, with no dynamic
 *    relocation applied.  elf_image_rebase() moves a whole image when a
 *    Multiboot 2 relocatable tag asks for it.
 *  - When every PT_LOAD has p_paddr 0 and at least one has a non-zero
 *    p_vaddr, the linker did not fill in physical addresses: the image is
 *    loaded by p_vaddr instead (by_vaddr is set, for the dry-run).  Any
 *    other layout is taken by p_paddr, since 0 is never a place a kernel
 *    can be loaded anyway.
 *  - The entry point: when e_entry lies inside a segment's virtual range
 *    it is translated to the physical address of that byte (GRUB's rule,
 *    needed by higher-half kernels); otherwise, when it lies inside a
 *    segment's physical range (vmlinux), it is taken as is; otherwise the
 *    image is refused.
 *  - ELF32 must be EM_386 and ELF64 EM_X86_64, as GRUB requires. */
#ifndef KX_FORMAT_ELF_H
#define KX_FORMAT_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

#define ELF_EM_386    3
#define ELF_EM_X86_64 62
#define ELF_ET_EXEC   2
#define ELF_ET_DYN    3

/* One piece of an image to load: FILESZ bytes from file offset OFFSET
 * at physical address ADDR, zero up to MEMSZ.  Also used for the
 * Multiboot a.out kludge (format/multiboot.h). */
struct elf_piece {
	uint64_t offset;
	uint64_t filesz;
	uint64_t addr;
	uint64_t memsz; /* >= filesz, > 0 */
	unsigned index; /* program header number, for messages */
};

struct elf_image {
	unsigned elf_class;	  /* 32 or 64 */
	uint16_t machine;	  /* ELF_EM_386 or ELF_EM_X86_64 */
	uint16_t type;		  /* ELF_ET_EXEC or ELF_ET_DYN */
	uint64_t entry;		  /* physical entry point */
	uint64_t entry_virt;	  /* e_entry as written in the file */
	bool by_vaddr;		  /* p_paddr all 0: loaded by p_vaddr */
	uint64_t lowest;	  /* first byte of the lowest piece */
	uint64_t highest;	  /* end (exclusive) of the highest piece */
	struct elf_piece *pieces; /* sorted by addr, disjoint */
	size_t n;
};

/* Cheap test: ELF magic, little-endian, 32- or 64-bit class.  No context:
 * used to choose a parser, not to explain. */
bool elf_probe(const void *data, size_t size);

/* Parse DATA (SIZE bytes, named NAME in errors) into IMG, which the caller
 * releases with elf_image_free() after success.  Refuses anything a loader
 * cannot load exactly: truncated headers, segments outside the file,
 * p_filesz > p_memsz, address wraparound, overlapping segments, no
 * loadable segment, an entry point outside every segment. */
int elf_parse(kx_ctx *ctx, const char *name, const void *data, size_t size,
	      struct elf_image *img);
void elf_image_free(struct elf_image *img);

/* Refuse an image a 32-bit entry cannot reach (Multiboot): a piece ending
 * above 4 GiB or an entry point at or above 4 GiB. */
int elf_check_below_4g(kx_ctx *ctx, const char *name,
		       const struct elf_image *img);

/* Move every piece and the entry point by BASE - lowest, so the image
 * starts at BASE (a Multiboot 2 relocatable image placed by the loader). */
int elf_image_rebase(kx_ctx *ctx, const char *name, struct elf_image *img,
		     uint64_t base);

#endif
