/* The library describes a plan with numbers (enum kx_source, kx_reason,
 * kx_note, memory types); these are the words the command prints for
 * them, the same words the library itself printed before it stopped
 * writing English. */
#ifndef KEXEC_CLI_WORDS_H
#define KEXEC_CLI_WORDS_H

#include <stdint.h>

#include "libkexec.h"

/* Where a memory map, an ACPI RSDP or the crash dump's virtual addresses
 * came from ("/sys/firmware/memmap", "EFI systab ACPI20", ...). */
const char *words_memmap_source(uint64_t source);
const char *words_rsdp_source(uint64_t source);
const char *words_vaddr_source(uint64_t source);

/* Why EFI data was not passed on ("the kernel lacks XLF_EFI_KEXEC"). */
const char *words_efi_reason(uint64_t reason);
/* Why the ACPI RSDP could not be read through /dev/mem; ERR is the errno
 * value of KX_REASON_ERRNO. */
const char *words_devmem_reason(uint64_t reason, uint64_t err);
/* Why -a went straight to kexec_load; NULL when it did not. */
const char *words_syscall_reason(uint64_t reason);

/* A memory type, as the Linux e820 table names it ("ACPI data") or as
 * the Multiboot memory map does ("ACPI reclaimable"). */
enum words_map {
	WORDS_E820,
	WORDS_MULTIBOOT,
};
const char *words_mem_type(uint64_t type, enum words_map map);

/* The name of bit BIT of a bzImage's xloadflags, NULL past the last. */
const char *words_xloadflag(unsigned bit);
#define WORDS_N_XLF 7u

/* --verify=NAME: "xxh3", "sha256" or "none"; -1 for anything else. */
int words_verify_from_name(const char *name, enum kx_verify *v);

#endif
