/* The Linux x86 bzImage: the boot protocol setup header
 * (Documentation/arch/x86/boot.rst). */
#ifndef KX_FORMAT_BZIMAGE_H
#define KX_FORMAT_BZIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

/* Offsets of the setup header fields, from the start of the file. */
#define KX_BZ_SETUP_SECTS     0x1f1
#define KX_BZ_SYSSIZE	      0x1f4
#define KX_BZ_BOOT_FLAG	      0x1fe
#define KX_BZ_JUMP	      0x200
#define KX_BZ_HEADER	      0x202
#define KX_BZ_VERSION	      0x206
#define KX_BZ_KERNEL_VERSION  0x20e
#define KX_BZ_LOADFLAGS	      0x211
#define KX_BZ_KERNEL_ALIGN    0x230
#define KX_BZ_RELOCATABLE     0x234
#define KX_BZ_MIN_ALIGNMENT   0x235
#define KX_BZ_XLOADFLAGS      0x236
#define KX_BZ_CMDLINE_SIZE    0x238
#define KX_BZ_PREF_ADDRESS    0x258
#define KX_BZ_INIT_SIZE	      0x260
#define KX_BZ_HANDOVER_OFFSET 0x264

#define KX_BZ_BOOT_FLAG_MAGIC 0xaa55
#define KX_BZ_SECTOR	      512
#define KX_BZ_LOADED_HIGH     0x01
/* 64-bit entry (startup_64) is this far into the protected-mode kernel. */
#define KX_BZ_ENTRY64_OFFSET  0x200
#define KX_BZ_MIN_PROTOCOL_64 0x020c

/* What the setup header of a bzImage says. */
struct kx_bzimage_info {
	uint16_t protocol;	 /* e.g. 0x020f for 2.15 */
	uint8_t setup_sects;	 /* 512-byte sectors after the boot sector */
	uint8_t loadflags;
	uint16_t xloadflags;
	uint8_t relocatable;
	uint8_t min_alignment;	 /* log2 */
	uint32_t kernel_alignment;
	uint32_t cmdline_size;	 /* longest command line, without NUL */
	uint32_t init_size;	 /* memory the kernel needs from its start */
	uint64_t pref_address;
	uint32_t setup_size;	 /* bytes of real-mode code, boot sector
				    included */
	uint64_t payload_offset; /* file offset of the protected-mode kernel */
	uint64_t payload_size;
	uint32_t handover_offset;
	char version[128];	 /* kernel version string, "" when absent */
};

#define KX_XLF_KERNEL_64 (1u << 0)
#define KX_XLF_CAN_BE_LOADED_ABOVE_4G (1u << 1)
#define KX_XLF_EFI_HANDOVER_32 (1u << 2)
#define KX_XLF_EFI_HANDOVER_64 (1u << 3)
#define KX_XLF_EFI_KEXEC (1u << 4)
#define KX_XLF_5LEVEL (1u << 5)
#define KX_XLF_5LEVEL_ENABLED (1u << 6)

/* Parse a bzImage already in memory.  NAME is used in error messages. */
int kx_bzimage_parse(kx_ctx *ctx, const char *name, const void *data,
		     size_t size, struct kx_bzimage_info *info);

/* Either bzImage signature (boot flag or HdrS) is there: a file that
 * fails the probe is then a damaged bzImage, which the parser explains. */
bool bzimage_signature_any(const void *data, size_t size);

/* Cheap test: does DATA look like a bzImage at all (boot sector and HdrS
 * signatures)?  No context: used to choose a parser, not to explain. */
bool bzimage_probe(const void *data, size_t size);

/* Refuse a command line of CMDLINE_LEN bytes (without the NUL) that the
 * kernel described by INFO would cut short. */
int bzimage_check_cmdline(kx_ctx *ctx, const char *name,
			  const struct kx_bzimage_info *info,
			  size_t cmdline_len);

/* End of the setup header (exclusive), from the jump at 0x200: the part a
 * loader copies into boot_params.  Valid only after kx_bzimage_parse()
 * accepted DATA. */
size_t bzimage_header_end(const void *data);

#endif
