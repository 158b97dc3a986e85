/* The Linux x86 bzImage: the boot protocol setup header
 * (Documentation/arch/x86/boot.rst).  kx_bzimage_parse() is public
 * (libkexec.h); these are the helpers around it. */
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
