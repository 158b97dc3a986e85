/* Decoding a boot_params buffer built by bootparams_build(). */
#ifndef KX_ARCH_X86_64_BOOTPARAMS_DECODE_H
#define KX_ARCH_X86_64_BOOTPARAMS_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/ranges.h"

/* What a built buffer says, for a dry-run summary and for tests.  Walks
 * the setup_data list, refusing nodes outside the buffer. */
struct bootparams_summary {
	uint16_t protocol;
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint64_t cmdline_addr;
	const char *cmdline; /* inside BUF, NULL when not inside it */
	uint64_t initrd_addr;
	uint64_t initrd_size;
	uint64_t acpi_rsdp;
	size_t e820_n; /* zero page and SETUP_E820_EXT together */
	size_t setup_data_n;
	bool efi; /* efi_info and a SETUP_EFI node */
	uint64_t efi_systab;
	uint64_t efi_memmap;
	uint32_t efi_memmap_size;
	uint32_t efi_memdesc_size;
	bool rng_seed;
};

/* E820 (may be NULL) receives every e820 entry, in order, unmerged. */
int bootparams_decode(kx_ctx *ctx, const void *buf, size_t size,
		      uint64_t load_addr, struct bootparams_summary *out,
		      struct kx_ranges *e820);

#endif
