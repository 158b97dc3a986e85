/* A crash kernel for kexec_load, in three steps around the placement of
 * the pieces: read the system and build the core headers (their content
 * does not depend on where they go), then, once they are placed, the
 * capture kernel's e820 and command line, then a description for the dry
 * run. */
#ifndef KX_BOOT_CRASH_LOAD_H
#define KX_BOOT_CRASH_LOAD_H

#include "boot/crash.h"
#include "sys/system.h"

struct crash_load {
	const struct crash_system *sys; /* the snapshot's */
	struct kx_ranges dump;	 /* the memory the core headers describe */
	struct kx_ranges region; /* the main reservation as RAM: the only
				    memory the pieces may use */
	uint8_t *headers;
	size_t headers_size;
	uint64_t headers_addr;
	struct kx_ranges e820; /* the capture kernel's memory map */
	char *cmdline;	       /* the capture kernel's command line */
};

struct desc;

void crash_load_init(struct crash_load *cl);
void crash_load_free(struct crash_load *cl);

/* The crash facts of the snapshot SYS, the reservation, and the core
 * headers built from them. */
int crash_load_prepare(kx_ctx *ctx, struct kx_system *sys,
		       struct crash_load *cl);

/* With the headers at ADDR: the e820 and BASE (may be NULL) followed by
 * elfcorehdr= and, when RSDP is not 0, acpi_rsdp=. */
int crash_load_finish(kx_ctx *ctx, struct crash_load *cl, uint64_t addr,
		      const char *base, uint64_t rsdp);

/* Decode the built headers (so the description is what the capture kernel
 * will read) into DESC: KX_KEY_ELFCOREHDR_ADDR and _SIZE, KX_KEY_VADDR_SOURCE
 * (KX_SOURCE_KCORE, or KX_SOURCE_NONE when the virtual addresses are
 * unknown and left 0), and one KX_LIST_CORE_PHDRS item per program header
 * (TYPE PADDR VADDR SIZE NAME), appended. */
int crash_load_describe(kx_ctx *ctx, const struct crash_load *cl,
			struct desc *desc);

#endif
