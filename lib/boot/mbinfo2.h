/* The Multiboot 2 information structure (spec 2.0, section 3.6): a fixed
 * part (total_size, reserved) then 8-byte aligned tags, in this order:
 *
 *   1  command line (when given)      8  framebuffer (when given)
 *   2  boot loader name               14 ACPI old RSDP (when given)
 *   3  one per module, in order       15 ACPI new RSDP (revision >= 2)
 *   4  basic memory information       11/12 EFI system table (when given)
 *   6  memory map (entry_size 24)     17 EFI memory map (when given)
 *                                     21 image load base (when given)
 *                                     0  end
 *
 * Every standard tag we have information for is passed, whether or not the
 * kernel asked (the spec allows more than requested); the header parser
 * (format/multiboot.h) already refused required requests outside
 * MB2_INFO_SUPPORTED.  Module command lines are inside the module tags;
 * the only pointers are the modules' addresses, the framebuffer, the EFI
 * system table and the load base, all given by the caller.
 *
 * The same input as Multiboot 1 (struct mbinfo_input, boot/mbinfo.h);
 * mbinfo2_size() needs no address, mbinfo2_build() fills the block for
 * its address. */
#ifndef KX_BOOT_MBINFO2_H
#define KX_BOOT_MBINFO2_H

#include <stddef.h>
#include <stdint.h>

#include "boot/mbinfo.h"

#define MBINFO2_ALIGN	   8u
#define MBINFO2_MMAP_ENTRY 24u
#define MBINFO2_RSDP_V1	   20u /* bytes of an ACPI 1.0 RSDP */
#define MBINFO2_RSDP_V2	   36u /* minimum length of a revision 2 RSDP */

int mbinfo2_size(kx_ctx *ctx, const struct mbinfo_input *in, size_t *size);

/* Fill BUF (exactly mbinfo2_size() bytes) for loading at ADDR: 8-byte
 * aligned, the whole block below 4 GiB.  The RSDP bytes are checked
 * (signature, length, checksums) and refused when damaged. */
int mbinfo2_build(kx_ctx *ctx, const struct mbinfo_input *in, uint64_t addr,
		  void *buf, size_t size);

/* Decode a built block of SIZE bytes loaded at ADDR, refusing tags that
 * run outside it or a missing end tag.  Free OUT with
 * mbinfo_decoded_free(). */
int mbinfo2_decode(kx_ctx *ctx, const void *buf, size_t size, uint64_t addr,
		   struct mbinfo_decoded *out);


#endif
