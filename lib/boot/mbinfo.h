/* What the Multiboot 1 (boot/mbinfo1.h) and Multiboot 2 (boot/mbinfo2.h)
 * information builders share: the input they take, its checks, the
 * memory bounds and types, the fields both lay out alike, and the decoded
 * form both decoders fill and mbinfo_fields() turns into plan fields. */
#ifndef KX_BOOT_MBINFO_H
#define KX_BOOT_MBINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/ranges.h"

#define MBINFO_LOADER_NAME "libkexec " KX_VERSION_STRING
/* Far above any real block (a few KiB, 100 KiB with a huge memory map);
 * a bound keeps every size computation small. */
#define MBINFO_MAX_SIZE (16u << 20)

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

/* The checks both builders make of where the block goes: BUF of SIZE
 * bytes must be the WANT bytes of the block, at an ALIGN-aligned ADDR,
 * ending below 4 GiB.  PROTO names the protocol in the messages
 * ("Multiboot", "Multiboot 2"). */
int mbinfo_check_place(kx_ctx *ctx, const char *proto, uint64_t addr,
		       size_t size, size_t want, unsigned align);

/* The boot loader name the block carries. */
const char *mbinfo_loader_name(const struct mbinfo_input *in);

/* ---- a block read back (dry run, tests, fuzzing) --------------------- */

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

struct desc;

/* The decoded block as fields of DESC: KX_KEY_MB_VERSION, KX_KEY_INFO_ADDR
 * and KX_KEY_INFO_SIZE (the bytes decoded), the KX_KEY_INFO_* keys of what
 * the block holds, and the KX_LIST_INFO_MODULES and KX_LIST_INFO_MMAP
 * lists (appended to).  Strings are copied as they are; whoever prints
 * them escapes them. */
int mbinfo_fields(kx_ctx *ctx, const struct mbinfo_decoded *d,
		  struct desc *desc);

/* A built Multiboot VERSION (1 or 2) block of SIZE bytes at ADDR, decoded
 * (refusing anything that points outside it) and turned into fields. */
int mbinfo_block_fields(kx_ctx *ctx, int version, const void *buf,
			size_t size, uint64_t addr, struct desc *desc);

/* The memory map and framebuffer fields both protocols lay out alike:
 * a map entry's base, length and type at +0, +8 and +16; the framebuffer's
 * address, pitch, width, height, bpp and type at +0 to +21, and the RGB
 * field positions and sizes as six bytes. */
void mbinfo_put_mmap_entry(uint8_t *p, const struct kx_range *r);
void mbinfo_get_mmap_entry(const uint8_t *p, struct mbinfo_mmap_entry *e);
void mbinfo_put_fb(uint8_t *p, const struct mbinfo_framebuffer *fb);
void mbinfo_get_fb(const uint8_t *p, struct mbinfo_framebuffer *fb);
void mbinfo_put_rgb(uint8_t *c, const struct mbinfo_framebuffer *fb);
void mbinfo_get_rgb(const uint8_t *c, struct mbinfo_framebuffer *fb);

#endif
