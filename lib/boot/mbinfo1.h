/* The Multiboot 1 information block (spec 0.6.96, section 3.3); what the
 * Multiboot 1 and 2 builders share is in boot/mbinfo.h.
 *
 * The block is one buffer, meant to be one piece of the image, with every
 * pointer in it physical and below 4 GiB:
 *
 *   +0    the information structure (116 bytes: up to the framebuffer)
 *   +120  memory map: 24-byte entries (size = 20, base, length, type);
 *         mmap_addr points at the first size field, as GRUB's does
 *         module list: 16-byte entries (mod_start, mod_end, string, 0)
 *         framebuffer palette (indexed colour only), 3 bytes per colour
 *         strings: command line, boot loader name, module command lines
 *
 * mbinfo1_size() needs no address, so the planner can reserve the block
 * before placing it; mbinfo1_build() then fills it for its address.  The
 * modules are placed by the caller first (their addresses go into the
 * block).  Flags set: mem (0), cmdline (2, when given), mods (3), mmap (6),
 * boot_loader_name (9), framebuffer (12, when given).  Boot device, symbols,
 * drives, config table, APM and VBE are never passed. */
#ifndef KX_BOOT_MBINFO1_H
#define KX_BOOT_MBINFO1_H

#include <stddef.h>
#include <stdint.h>

#include "boot/mbinfo.h"

#define MBINFO1_ALIGN	   8u
#define MBINFO1_FIXED_SIZE 116u
#define MBINFO1_MMAP_ENTRY 24u /* the size field and 20 bytes */
#define MBINFO1_MODULE	   16u

/* Information structure flags. */
#define MBI1_MEMORY	 (1u << 0)
#define MBI1_BOOTDEV	 (1u << 1)
#define MBI1_CMDLINE	 (1u << 2)
#define MBI1_MODS	 (1u << 3)
#define MBI1_AOUT_SYMS	 (1u << 4)
#define MBI1_ELF_SHDR	 (1u << 5)
#define MBI1_MMAP	 (1u << 6)
#define MBI1_DRIVES	 (1u << 7)
#define MBI1_CONFIG	 (1u << 8)
#define MBI1_LOADER_NAME (1u << 9)
#define MBI1_APM	 (1u << 10)
#define MBI1_VBE	 (1u << 11)
#define MBI1_FRAMEBUFFER (1u << 12)

/* Bytes of the block for IN. */
int mbinfo1_size(kx_ctx *ctx, const struct mbinfo_input *in, size_t *size);

/* Fill BUF (exactly mbinfo1_size() bytes) for loading at ADDR, which must
 * be MBINFO1_ALIGN aligned with the whole block below 4 GiB. */
int mbinfo1_build(kx_ctx *ctx, const struct mbinfo_input *in, uint64_t addr,
		  void *buf, size_t size);

/* Decode a Multiboot 1 block of SIZE bytes loaded at ADDR, refusing any
 * pointer or entry outside it.  Free OUT with mbinfo_decoded_free(). */
int mbinfo1_decode(kx_ctx *ctx, const void *buf, size_t size, uint64_t addr,
		   struct mbinfo_decoded *out);


#endif
