/* Multiboot 1 (spec 0.6.96) and Multiboot 2 (spec 2.0) image headers.
 *
 * Both headers sit near the start of the kernel file; they say how the
 * kernel wants to be loaded (its own executable format, ELF, or the
 * addresses of the "a.out kludge") and what it wants to be told.  These
 * parsers only read the header; the image itself is loaded:
 *  - through the a.out kludge when MB1 flag 16 is set or an MB2 address
 *    tag is present (even when the file is also ELF, as GRUB does): one
 *    piece, computed here (struct mb_aout.piece);
 *  - as ELF otherwise (format/elf.h), with the entry point from the MB2
 *    entry address tag when there is one, else from the ELF header.
 *
 * Information-type numbers (MB2_INFO_*) are shared with the information
 * block builders (boot/mbinfo2.h). */
#ifndef KX_FORMAT_MULTIBOOT_H
#define KX_FORMAT_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "format/elf.h"

/* ---- Multiboot 1 ----------------------------------------------------- */

#define MB1_HEADER_MAGIC     0x1BADB002u
#define MB1_BOOTLOADER_MAGIC 0x2BADB002u /* EAX at entry */
#define MB1_SEARCH	     8192u	 /* the header lies in these bytes */
#define MB1_HEADER_ALIGN     4u

/* Header flags.  Bits 0-15 are mandatory: a loader that does not know one
 * must refuse the image.  Bits 16-31 are optional. */
#define MB1_FLAG_PAGE_ALIGN  (1u << 0)	/* modules on 4 KiB boundaries */
#define MB1_FLAG_MEMORY	     (1u << 1)	/* mem_lower/upper (and mmap) */
#define MB1_FLAG_VIDEO	     (1u << 2)	/* video mode fields are valid */
#define MB1_FLAG_AOUT_KLUDGE (1u << 16) /* address fields are valid */
#define MB1_FLAGS_MANDATORY  0x0000ffffu
#define MB1_FLAGS_KNOWN	     0x00000007u /* bits 0-2, the ones above */

/* ---- Multiboot 2 ----------------------------------------------------- */

#define MB2_HEADER_MAGIC     0xE85250D6u
#define MB2_BOOTLOADER_MAGIC 0x36D76289u /* EAX at entry */
#define MB2_SEARCH	     32768u
#define MB2_HEADER_ALIGN     8u
#define MB2_TAG_ALIGN	     8u
#define MB2_ARCH_I386	     0u

/* Header tag types. */
enum mb2_header_tag {
	MB2_HTAG_END = 0,
	MB2_HTAG_INFO_REQUEST = 1,
	MB2_HTAG_ADDRESS = 2,
	MB2_HTAG_ENTRY = 3,
	MB2_HTAG_CONSOLE = 4,
	MB2_HTAG_FRAMEBUFFER = 5,
	MB2_HTAG_MODULE_ALIGN = 6,
	MB2_HTAG_EFI_BS = 7,
	MB2_HTAG_ENTRY_EFI32 = 8,
	MB2_HTAG_ENTRY_EFI64 = 9,
	MB2_HTAG_RELOCATABLE = 10,
};

#define MB2_HTAG_OPTIONAL 1u /* flags bit 0: the loader may ignore it */

/* Console flags (header tag 4). */
#define MB2_CONSOLE_REQUIRED	       (1u << 0)
#define MB2_CONSOLE_EGA_TEXT_SUPPORTED (1u << 1)

/* Relocatable tag preference. */
enum mb2_reloc_pref {
	MB2_RELOC_NONE = 0,
	MB2_RELOC_LOW = 1,
	MB2_RELOC_HIGH = 2,
};

/* Information tag types (what a loader hands over). */
enum mb2_info_type {
	MB2_INFO_END = 0,
	MB2_INFO_CMDLINE = 1,
	MB2_INFO_LOADER_NAME = 2,
	MB2_INFO_MODULE = 3,
	MB2_INFO_BASIC_MEMINFO = 4,
	MB2_INFO_BOOTDEV = 5,
	MB2_INFO_MMAP = 6,
	MB2_INFO_VBE = 7,
	MB2_INFO_FRAMEBUFFER = 8,
	MB2_INFO_ELF_SECTIONS = 9,
	MB2_INFO_APM = 10,
	MB2_INFO_EFI32 = 11,
	MB2_INFO_EFI64 = 12,
	MB2_INFO_SMBIOS = 13,
	MB2_INFO_ACPI_OLD = 14,
	MB2_INFO_ACPI_NEW = 15,
	MB2_INFO_NETWORK = 16,
	MB2_INFO_EFI_MMAP = 17,
	MB2_INFO_EFI_BS = 18,
	MB2_INFO_EFI32_IH = 19,
	MB2_INFO_EFI64_IH = 20,
	MB2_INFO_LOAD_BASE = 21,
};

#define MB2_INFO_BIT(t) (1ull << (t))
/* What boot/mbinfo2.c can hand over (each only when the machine has it:
 * the spec lets a loader leave out a supported tag whose information is
 * not available).  A required request for anything else is refused. */
#define MB2_INFO_SUPPORTED                                                     \
	(MB2_INFO_BIT(MB2_INFO_END) | MB2_INFO_BIT(MB2_INFO_CMDLINE) |         \
	 MB2_INFO_BIT(MB2_INFO_LOADER_NAME) | MB2_INFO_BIT(MB2_INFO_MODULE) |  \
	 MB2_INFO_BIT(MB2_INFO_BASIC_MEMINFO) | MB2_INFO_BIT(MB2_INFO_MMAP) |  \
	 MB2_INFO_BIT(MB2_INFO_FRAMEBUFFER) | MB2_INFO_BIT(MB2_INFO_EFI32) |   \
	 MB2_INFO_BIT(MB2_INFO_EFI64) | MB2_INFO_BIT(MB2_INFO_ACPI_OLD) |      \
	 MB2_INFO_BIT(MB2_INFO_ACPI_NEW) | MB2_INFO_BIT(MB2_INFO_EFI_MMAP) |   \
	 MB2_INFO_BIT(MB2_INFO_LOAD_BASE))

/* "memory map", "EFI boot services not terminated", ...; "unknown" past
 * the last type the spec defines. */
const char *mb2_info_type_name(uint32_t type);
const char *mb2_header_tag_name(uint32_t type);

/* ---- shared ---------------------------------------------------------- */

/* The a.out kludge: MB1 header fields 12..31 (flag 16) or the MB2 address
 * tag, and the piece they describe.  All addresses are physical. */
struct mb_aout {
	uint32_t header_addr;
	uint32_t load_addr;	/* as written (MB2: 0xffffffff = file start) */
	uint32_t load_end_addr; /* 0: to the end of the file */
	uint32_t bss_end_addr;	/* 0: no bss */
	/* Computed: file bytes [offset, offset + filesz) at addr, zero up
	 * to memsz (the bss); addr + memsz <= 4 GiB. */
	struct elf_piece piece;
};

struct mb1_header {
	size_t offset; /* of the magic, from the start of the file */
	uint32_t flags;
	bool has_aout; /* flag 16 */
	struct mb_aout aout;
	uint32_t entry_addr;	       /* with has_aout; inside the piece */
	bool has_video;		       /* flag 2 */
	uint32_t mode_type;	       /* 0 linear graphics, 1 EGA text */
	uint32_t width, height, depth; /* 0: no preference */
};

struct mb2_header {
	size_t offset; /* of the magic */
	uint32_t header_length;
	/* Information requests, one bit per type (MB2_INFO_BIT): from
	 * required and from optional request tags.  A required type >= 64
	 * or outside MB2_INFO_SUPPORTED is refused while parsing. */
	uint64_t req_required;
	uint64_t req_optional;
	bool has_aout; /* address tag */
	struct mb_aout aout;
	bool has_entry; /* entry address tag */
	uint32_t entry_addr;
	bool has_console;
	uint32_t console_flags;
	bool has_framebuffer; /* the kernel can use a framebuffer */
	uint32_t fb_width, fb_height, fb_depth; /* preference, 0: none */
	bool module_align;			/* modules on page boundaries */
	bool relocatable;
	uint32_t reloc_min;   /* lowest address of the image */
	uint32_t reloc_max;   /* highest address the image may end at */
	uint32_t reloc_align; /* power of two; 0 written means 1 */
	uint32_t reloc_pref;  /* enum mb2_reloc_pref (others: none) */
	/* Optional tags seen and ignored (EFI boot services handover is not
	 * possible after kexec); required ones are refused. */
	bool efi_bs_ignored;
	bool efi_entry_ignored;
};

/* Cheap probes: a magic with a valid checksum at the right alignment
 * within the search window.  No context. */
bool multiboot1_probe(const void *data, size_t size);
bool multiboot2_probe(const void *data, size_t size);

/* Find and check the header of the image DATA (named NAME in errors).
 * -ENOEXEC with "no Multiboot header" when there is none, with "bad
 * checksum" when the only magic found has a bad checksum; -EINVAL and a
 * message naming the field for a header that is present but unusable. */
int multiboot1_find(kx_ctx *ctx, const char *name, const void *data,
		    size_t size, struct mb1_header *hdr);
int multiboot2_find(kx_ctx *ctx, const char *name, const void *data,
		    size_t size, struct mb2_header *hdr);

/* Refuse a kernel whose console flags tag requires a console we cannot
 * describe: neither EGA text (which it may decline) nor a framebuffer
 * (which it must accept with a framebuffer tag, and which the caller must
 * have, HAVE_FB).  GRUB applies the same rule. */
int multiboot2_check_console(kx_ctx *ctx, const char *name,
			     const struct mb2_header *hdr, bool have_fb);

/* The window in which a relocatable MB2 image of LOAD_SIZE bytes may
 * start: [*MIN_START, *MAX_START], aligned to the tag's alignment by the
 * caller (planner_request: min = *min_start, max = *max_start + load_size
 * - 1, align = reloc_align).  Refused when the image cannot fit. */
int multiboot2_reloc_window(kx_ctx *ctx, const char *name,
			    const struct mb2_header *hdr, uint64_t load_size,
			    uint64_t *min_start, uint64_t *max_start);

#endif
