/* The Linux bzImage loader (linux.c) and its description (linux_desc.c). */
#ifndef KX_LOAD_LINUX_H
#define KX_LOAD_LINUX_H

#include "arch/x86_64/bootparams.h"
#include "boot/crash_load.h"
#include "load/loader.h"
#include "sys/system.h"

extern const struct loader loader_linux;

/* What linux.c built, for the description. */
struct linux_built {
	const uint8_t *params;
	size_t params_size;
	uint64_t params_addr;
	uint64_t kernel_addr;
	enum sys_rsdp_source rsdp_source;
	enum memmap_source map_source;
	enum kx_reason efi_reason; /* KX_REASON_NONE: EFI passed on */
	struct crash_load *crash;
	enum kx_syscall_mode syscall; /* as requested */
};

/* The setup header's fields. */
int linux_describe_header(kx_ctx *ctx, const struct kx_bzimage_info *bz,
			  struct desc *d);

/* The built boot_params read back (so the description is what the next
 * kernel will see), and for a crash kernel its core headers. */
int linux_describe_boot(kx_ctx *ctx, const struct linux_built *b,
			struct desc *d);

#endif
