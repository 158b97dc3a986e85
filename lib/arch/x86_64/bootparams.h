/* The Linux x86_64 boot_params ("zero page") for kexec_load, built in
 * userspace the way the kernel's own kexec_file_load builds it
 * (arch/x86/kernel/kexec-bzimage64.c), plus what it needs from the running
 * system (the snapshot, sys/system.h): its boot_params, the EFI runtime
 * data, the ACPI RSDP and a seed.
 *
 * The result is one buffer, meant to be one kexec segment:
 *
 *   +0x0000  boot_params (4096 bytes)
 *   +0x1000  command line, NUL terminated
 *            EFI memory map (runtime regions), 16-byte aligned
 *            setup_data nodes, 16-byte aligned, chained in this order:
 *            SETUP_E820_EXT, SETUP_EFI, SETUP_RNG_SEED (each when needed)
 *
 * Its size does not depend on where anything goes, so the placement
 * planner can reserve it before the addresses are known; every pointer in
 * it is written by bootparams_build() for the address it is loaded at. */
#ifndef KX_ARCH_X86_64_BOOTPARAMS_H
#define KX_ARCH_X86_64_BOOTPARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/bootparams_decode.h"
#include "core/ctx.h"
#include "core/ranges.h"
#include "format/bzimage.h"
#include "sys/system.h"

#define BOOTPARAMS_PAGE_SIZE 4096u
/* Load address alignment: setup_data nodes hold 64-bit fields and sit at
 * 16-byte offsets inside the buffer (the kernel's own loader uses 16). */
#define BOOTPARAMS_ALIGN 16u
/* The kernel's e820 table holds 128 + 3 * MAX_NUMNODES entries, and
 * MAX_NUMNODES is at most 1024 (NODES_SHIFT 10); more would be dropped. */
#define BOOTPARAMS_E820_MAX	 3200u
#define BOOTPARAMS_EFI_MAP_MAX	 4096u
#define BOOTPARAMS_RNG_SEED_SIZE 32u
#define BOOTPARAMS_LOADER_TYPE	 0xffu /* "undefined" (boot.rst) */

struct bootparams_input {
	/* The bzImage (at least its setup header) and what the parser
	 * read from it. */
	const void *image;
	size_t image_size;
	const struct kx_bzimage_info *info;
	const char *cmdline; /* final command line; NULL for none */
	bool has_initrd;
	uint64_t initrd_addr;
	uint64_t initrd_size;
	/* The memory map the next kernel gets as its e820 (e820 types). */
	const struct kx_ranges *memmap;
	/* The running kernel's boot_params (BOOTPARAMS_PAGE_SIZE bytes), or
	 * NULL: screen_info, hardware_subarch, EDD and efi_info come from
	 * it. */
	const uint8_t *running;
	size_t running_size;
	uint64_t acpi_rsdp;	   /* 0: the next kernel searches itself */
	const struct sys_efi *efi; /* NULL when not EFI */
	const uint8_t *rng_seed;   /* BOOTPARAMS_RNG_SEED_SIZE bytes or NULL */
};

/* Where things are in the buffer (offsets from its start); 0 for an
 * offset means "not present". */
struct bootparams_layout {
	size_t size;
	size_t cmdline_off;
	size_t cmdline_len; /* NUL included */
	size_t e820_n;	    /* entries in the zero page */
	size_t e820_ext_n;  /* entries in the SETUP_E820_EXT node */
	size_t e820_ext_off;
	size_t efi_map_off;
	size_t efi_map_size;
	size_t efi_setup_off;
	size_t rng_off;
	/* Why EFI data is not passed on (KX_KEY_EFI_REASON), KX_REASON_NONE
	 * when it is. */
	enum kx_reason efi_reason;
};

/* Check the input and compute the layout; no address is needed. */
int bootparams_layout(kx_ctx *ctx, const struct bootparams_input *in,
		      struct bootparams_layout *out);

/* Fill BUF (exactly the layout's size) for loading at LOAD_ADDR, which
 * must be BOOTPARAMS_ALIGN aligned and, unless the kernel can be loaded
 * above 4 GiB, leave the whole buffer below 4 GiB (bootparams_buffer_max).
 * Refuses an initrd beyond bootparams_initrd_max(). */
int bootparams_build(kx_ctx *ctx, const struct bootparams_input *in,
		     uint64_t load_addr, void *buf, size_t size);

/* The highest address (inclusive, as planner_request.max) the initrd may
 * use: anywhere with XLF_CAN_BE_LOADED_ABOVE_4G, else initrd_addr_max at
 * 0x22c of IMAGE (0x37ffffff when the header is too short to hold it). */
uint64_t bootparams_initrd_max(const void *image, size_t image_size,
			       const struct kx_bzimage_info *info);

/* The highest address (inclusive) the buffer may use: the command line
 * and boot_params stay below 4 GiB unless XLF_CAN_BE_LOADED_ABOVE_4G. */
uint64_t bootparams_buffer_max(const struct kx_bzimage_info *info);

#endif
