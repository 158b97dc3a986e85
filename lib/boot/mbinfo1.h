/* The Multiboot 1 information block (spec 0.6.96, section 3.3), and what
 * the Multiboot 1 and 2 builders share (boot/mbinfo2.h includes this).
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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "plan/ranges.h"

#define MBINFO_LOADER_NAME "libkexec " KX_VERSION_STRING
/* Far above any real block (a few KiB, 100 KiB with a huge memory map);
 * a bound keeps every size computation small. */
#define MBINFO_MAX_SIZE	   (16u << 20)
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

/* Memory map types, both protocols; anything else reads as reserved. */
#define MBINFO_MEM_AVAILABLE 1u
#define MBINFO_MEM_RESERVED  2u
#define MBINFO_MEM_ACPI	     3u
#define MBINFO_MEM_NVS	     4u
#define MBINFO_MEM_BADRAM    5u

enum mbinfo_fb_type {
	MBINFO_FB_INDEXED = 0,
	MBINFO_FB_RGB = 1,
	MBINFO_FB_EGA_TEXT = 2,
};

/* A module the caller has placed: SIZE bytes at START (physical), with
 * its command line (NULL for none, passed as ""). */
struct mbinfo_module {
	uint64_t start;
	uint64_t size;
	const char *cmdline;
};

/* The framebuffer the kernel is to use, as the running system set it up
 * (the loader cannot change modes). */
struct mbinfo_framebuffer {
	uint64_t addr;
	uint32_t pitch; /* bytes per line */
	uint32_t width, height;
	uint8_t bpp;
	uint8_t type; /* enum mbinfo_fb_type */
	/* MBINFO_FB_RGB */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
	/* MBINFO_FB_INDEXED: PALETTE_N colours, 3 bytes (R, G, B) each */
	const uint8_t *palette;
	uint16_t palette_n;
};

#define MBINFO_PALETTE_MAX 256u

/* What both builders take.  Multiboot 1 ignores the fields marked MB2. */
struct mbinfo_input {
	/* The memory map the kernel is told about, e820 types, in the order
	 * it should see it (entries are passed as given, not merged).  Must
	 * hold RAM.  mem_lower/mem_upper are computed from it. */
	const struct kx_ranges *memmap;
	/* The whole command line, image path first (GRUB's convention);
	 * NULL for none. */
	const char *cmdline;
	const char *loader_name;	     /* NULL: MBINFO_LOADER_NAME */
	const struct mbinfo_module *modules; /* in the order to pass them */
	size_t n_modules;
	const struct mbinfo_framebuffer *fb; /* NULL: none */
	/* MB2: the ACPI RSDP as read from memory (20 bytes for revision 0,
	 * its length field's worth for revision 2 and later); NULL: none. */
	const uint8_t *rsdp;
	size_t rsdp_len;
	/* MB2: the EFI system table, when the machine booted through EFI. */
	bool has_efi32;
	uint32_t efi32_systab;
	bool has_efi64;
	uint64_t efi64_systab;
	/* MB2: the EFI memory map (descriptors), NULL: none. */
	const void *efi_mmap;
	size_t efi_mmap_size;
	uint32_t efi_desc_size;
	uint32_t efi_desc_version;
	/* MB2: where a relocatable image was placed (tag 21). */
	bool has_load_base;
	uint32_t load_base;
};

/* The Multiboot memory type for an e820 type. */
uint32_t mbinfo_mmap_type(uint32_t e820_type);

/* mem_lower: KiB of RAM from 0 up to the first hole, at most 640;
 * mem_upper: KiB of contiguous RAM from 1 MiB. */
int mbinfo_mem_bounds(kx_ctx *ctx, const struct kx_ranges *map,
		      uint32_t *mem_lower, uint32_t *mem_upper);

/* Checks both builders share: RAM in the map, modules below 4 GiB, a
 * sane framebuffer. */
int mbinfo_check_input(kx_ctx *ctx, const struct mbinfo_input *in);

/* Bytes of the block for IN. */
int mbinfo1_size(kx_ctx *ctx, const struct mbinfo_input *in, size_t *size);

/* Fill BUF (exactly mbinfo1_size() bytes) for loading at ADDR, which must
 * be MBINFO1_ALIGN aligned with the whole block below 4 GiB. */
int mbinfo1_build(kx_ctx *ctx, const struct mbinfo_input *in, uint64_t addr,
		  void *buf, size_t size);

/* ---- reading a block back (dry run, tests, fuzzing) ------------------ */

struct mbinfo_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
};

struct mbinfo_decoded_module {
	uint64_t start;
	uint64_t end;
	const char *cmdline; /* inside the buffer; NULL when absent */
};

/* A built block, decoded.  Strings point into the buffer decoded. */
struct mbinfo_decoded {
	int version;	     /* 1 or 2 */
	uint64_t addr;	     /* where the block is loaded */
	size_t size;	     /* bytes decoded */
	uint32_t flags;	     /* MB1 */
	uint32_t total_size; /* MB2 */
	size_t n_tags;	     /* MB2, end tag included */
	bool has_mem;
	uint32_t mem_lower, mem_upper;
	const char *cmdline;	 /* NULL when absent */
	const char *loader_name; /* NULL when absent */
	struct mbinfo_decoded_module *mods;
	size_t n_mods;
	struct mbinfo_mmap_entry *mmap;
	size_t n_mmap;
	bool has_fb;
	struct mbinfo_framebuffer fb; /* palette points into the buffer */
	/* MB2 only */
	const uint8_t *rsdp_old;
	size_t rsdp_old_len;
	const uint8_t *rsdp_new;
	size_t rsdp_new_len;
	bool has_efi32;
	uint32_t efi32_systab;
	bool has_efi64;
	uint64_t efi64_systab;
	const uint8_t *efi_mmap;
	size_t efi_mmap_size;
	uint32_t efi_desc_size, efi_desc_version;
	bool has_load_base;
	uint32_t load_base;
};

void mbinfo_decoded_free(struct mbinfo_decoded *d);

/* Decode a Multiboot 1 block of SIZE bytes loaded at ADDR, refusing any
 * pointer or entry outside it.  Free OUT with mbinfo_decoded_free(). */
int mbinfo1_decode(kx_ctx *ctx, const void *buf, size_t size, uint64_t addr,
		   struct mbinfo_decoded *out);

/* The decoded block in words: "key: value" lines, each ending in '\n',
 * non-printable bytes of strings written as \xNN.  *TEXT is malloc'd. */
int mbinfo_describe(kx_ctx *ctx, const struct mbinfo_decoded *d, char **text);

/* mbinfo1_decode() then mbinfo_describe(). */
int mbinfo1_describe(kx_ctx *ctx, const void *buf, size_t size, uint64_t addr,
		     char **text);

#endif
