/* The Linux x86_64 boot_params ("zero page") for kexec_load, built in
 * userspace the way the kernel's own kexec_file_load builds it
 * (arch/x86/kernel/kexec-bzimage64.c), plus what it needs from the running
 * system: its boot_params, the EFI runtime data, the ACPI RSDP and a seed.
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
#ifndef KX_BOOT_BOOTPARAMS_H
#define KX_BOOT_BOOTPARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/ranges.h"
#include "format/bzimage.h"

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

#define BOOTPARAMS_RUNNING_PATH "/sys/kernel/boot_params/data"
#define BOOTPARAMS_EFI_DIR	"/sys/firmware/efi"

/* One /sys/firmware/efi/runtime-map/N entry. */
struct bootparams_efi_md {
	uint32_t type;
	uint64_t phys_addr;
	uint64_t virt_addr;
	uint64_t num_pages;
	uint64_t attribute;
};

/* What the next kernel needs to keep EFI runtime services: the SETUP_EFI
 * payload (physical addresses from /sys/firmware/efi) and the runtime
 * regions with the virtual addresses SetVirtualAddressMap gave them. */
struct bootparams_efi {
	uint64_t fw_vendor;
	uint64_t runtime;
	uint64_t tables; /* config_table */
	uint64_t smbios; /* systab's SMBIOS= line, 0 when absent */
	struct bootparams_efi_md *map;
	size_t map_n;
};

void bootparams_efi_free(struct bootparams_efi *efi);

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
	uint64_t acpi_rsdp; /* 0: the next kernel searches itself */
	const struct bootparams_efi *efi; /* NULL when not EFI */
	const uint8_t *rng_seed; /* BOOTPARAMS_RNG_SEED_SIZE bytes or NULL */
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

/* ---- the running system (all below the context root) ---------------- */

/* /sys/kernel/boot_params/data into BUF.  -ENOENT, with no message, when
 * the file is missing (kernels before 3.12, or no sysfs); a size other
 * than BOOTPARAMS_PAGE_SIZE is an error. */
int bootparams_read_running(kx_ctx *ctx, uint8_t buf[BOOTPARAMS_PAGE_SIZE]);

/* /sys/firmware/efi/{fw_vendor,runtime,config_table}, systab's SMBIOS=
 * and runtime-map/N.  -ENOENT, with no message, when the machine did not
 * boot through EFI or the kernel hides the addresses (no fw_vendor or
 * config_table, as under Xen).  A missing
 * runtime-map (CONFIG_EFI_RUNTIME_MAP off, efi=noruntime) leaves map_n 0:
 * the builder then passes no EFI data.  Malformed files are errors. */
int bootparams_read_efi(kx_ctx *ctx, struct bootparams_efi *efi);

enum bootparams_rsdp_source {
	BOOTPARAMS_RSDP_NONE = 0,    /* 0: the next kernel searches itself */
	BOOTPARAMS_RSDP_BOOT_PARAMS, /* the running acpi_rsdp_addr */
	BOOTPARAMS_RSDP_EFI_ACPI20,  /* /sys/firmware/efi/systab ACPI20= */
	BOOTPARAMS_RSDP_EFI_ACPI,    /* /sys/firmware/efi/systab ACPI= */
	BOOTPARAMS_RSDP_CMDLINE,     /* acpi_rsdp= on /proc/cmdline */
};

const char *bootparams_rsdp_source_name(enum bootparams_rsdp_source src);
/* The same as a public source (KX_KEY_RSDP_SOURCE, KX_NOTE_RSDP_PASSED):
 * KX_SOURCE_NONE, BOOT_PARAMS, EFI_ACPI20, EFI_ACPI or CMDLINE. */
enum kx_source bootparams_rsdp_kx_source(enum bootparams_rsdp_source src);

/* The ACPI RSDP address for the next kernel, from the first source that
 * has one: RUNNING (may be NULL), the EFI system table, /proc/cmdline.
 * Legacy BIOS areas cannot be scanned without /dev/mem; 0 leaves that to
 * the next kernel.  Malformed values are errors. */
int bootparams_find_rsdp(kx_ctx *ctx, const uint8_t *running, uint64_t *rsdp,
			 enum bootparams_rsdp_source *source);

/* Fresh random bytes for SETUP_RNG_SEED.  -EAGAIN, with no message, when
 * the kernel's pool is not ready yet (the kernel's loader then passes no
 * seed either). */
int bootparams_random_seed(kx_ctx *ctx, uint8_t seed[BOOTPARAMS_RNG_SEED_SIZE]);

#endif
