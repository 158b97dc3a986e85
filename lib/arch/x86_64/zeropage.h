/* The Linux x86 "zero page" (struct boot_params) and setup_data, as laid
 * out by Documentation/arch/x86/zero-page.rst, boot.rst and
 * arch/x86/include/uapi/asm/bootparam.h.
 *
 * The structs exist to give every field its offset, checked below against
 * the documented numbers; code reads and writes the bytes through the
 * little-endian helpers with offsetof(), so the layout never depends on
 * the host's byte order or alignment rules. */
#ifndef KX_ARCH_X86_64_ZEROPAGE_H
#define KX_ARCH_X86_64_ZEROPAGE_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bytes.h"

#define ZP_SIZE		   4096u
#define ZP_E820_MAX	   128u /* E820_MAX_ENTRIES_ZEROPAGE */
#define ZP_EDD_MAX	   6u	/* EDDMAXNR */
#define ZP_EDD_MBR_SIG_MAX 16u	/* EDD_MBR_SIG_MAX */
#define ZP_HDR_START	   0x1f1u
#define ZP_HDR_LIMIT	   0x290u /* where the space for the header ends */
/* screen_info.ext_mem_k: KiB above 1 MiB, for kernels without e820. */
#define ZP_SCREEN_EXT_MEM_K 0x002u

/* loadflags */
#define ZP_LOADED_HIGH	 0x01u
#define ZP_KASLR_FLAG	 0x02u
#define ZP_QUIET_FLAG	 0x20u
#define ZP_KEEP_SEGMENTS 0x40u
#define ZP_CAN_USE_HEAP	 0x80u

/* setup_data types (arch/x86/include/uapi/asm/setup_data.h) */
#define ZP_SETUP_NONE	  0u
#define ZP_SETUP_E820_EXT 1u
#define ZP_SETUP_DTB	  2u
#define ZP_SETUP_PCI	  3u
#define ZP_SETUP_EFI	  4u
#define ZP_SETUP_RNG_SEED 9u

/* "EL64" and "EL32" as the little-endian u32 efi_loader_signature. */
#define ZP_EFI_SIG_EL64 0x34364c45u
#define ZP_EFI_SIG_EL32 0x32334c45u

struct zp_setup_header {
	uint8_t setup_sects;		/* 0x1f1 */
	uint16_t root_flags;		/* 0x1f2 */
	uint32_t syssize;		/* 0x1f4 */
	uint16_t ram_size;		/* 0x1f8 */
	uint16_t vid_mode;		/* 0x1fa */
	uint16_t root_dev;		/* 0x1fc */
	uint16_t boot_flag;		/* 0x1fe */
	uint16_t jump;			/* 0x200 */
	uint32_t header;		/* 0x202 */
	uint16_t version;		/* 0x206 */
	uint32_t realmode_swtch;	/* 0x208 */
	uint16_t start_sys_seg;		/* 0x20c */
	uint16_t kernel_version;	/* 0x20e */
	uint8_t type_of_loader;		/* 0x210 */
	uint8_t loadflags;		/* 0x211 */
	uint16_t setup_move_size;	/* 0x212 */
	uint32_t code32_start;		/* 0x214 */
	uint32_t ramdisk_image;		/* 0x218 */
	uint32_t ramdisk_size;		/* 0x21c */
	uint32_t bootsect_kludge;	/* 0x220 */
	uint16_t heap_end_ptr;		/* 0x224 */
	uint8_t ext_loader_ver;		/* 0x226 */
	uint8_t ext_loader_type;	/* 0x227 */
	uint32_t cmd_line_ptr;		/* 0x228 */
	uint32_t initrd_addr_max;	/* 0x22c */
	uint32_t kernel_alignment;	/* 0x230 */
	uint8_t relocatable_kernel;	/* 0x234 */
	uint8_t min_alignment;		/* 0x235 */
	uint16_t xloadflags;		/* 0x236 */
	uint32_t cmdline_size;		/* 0x238 */
	uint32_t hardware_subarch;	/* 0x23c */
	uint64_t hardware_subarch_data; /* 0x240 */
	uint32_t payload_offset;	/* 0x248 */
	uint32_t payload_length;	/* 0x24c */
	uint64_t setup_data;		/* 0x250 */
	uint64_t pref_address;		/* 0x258 */
	uint32_t init_size;		/* 0x260 */
	uint32_t handover_offset;	/* 0x264 */
	uint32_t kernel_info_offset;	/* 0x268 */
} __attribute__((packed));

struct zp_efi_info {
	uint32_t efi_loader_signature;
	uint32_t efi_systab;
	uint32_t efi_memdesc_size;
	uint32_t efi_memdesc_version;
	uint32_t efi_memmap;
	uint32_t efi_memmap_size;
	uint32_t efi_systab_hi;
	uint32_t efi_memmap_hi;
} __attribute__((packed));

struct zp_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

struct zp_edd_info {
	uint8_t device;
	uint8_t version;
	uint16_t interface_support;
	uint16_t legacy_max_cylinder;
	uint8_t legacy_max_head;
	uint8_t legacy_sectors_per_track;
	uint8_t params[74];
} __attribute__((packed));

struct zp_boot_params {
	uint8_t screen_info[0x40];	 /* 0x000 */
	uint8_t apm_bios_info[0x14];	 /* 0x040 */
	uint8_t pad2[4];		 /* 0x054 */
	uint64_t tboot_addr;		 /* 0x058 */
	uint8_t ist_info[0x10];		 /* 0x060 */
	uint64_t acpi_rsdp_addr;	 /* 0x070 */
	uint8_t pad3[8];		 /* 0x078 */
	uint8_t hd0_info[16];		 /* 0x080 */
	uint8_t hd1_info[16];		 /* 0x090 */
	uint8_t sys_desc_table[16];	 /* 0x0a0 */
	uint8_t olpc_ofw_header[16];	 /* 0x0b0 */
	uint32_t ext_ramdisk_image;	 /* 0x0c0 */
	uint32_t ext_ramdisk_size;	 /* 0x0c4 */
	uint32_t ext_cmd_line_ptr;	 /* 0x0c8 */
	uint8_t pad4[112];		 /* 0x0cc */
	uint32_t cc_blob_address;	 /* 0x13c */
	uint8_t edid_info[0x80];	 /* 0x140 */
	struct zp_efi_info efi_info;	 /* 0x1c0 */
	uint32_t alt_mem_k;		 /* 0x1e0 */
	uint32_t scratch;		 /* 0x1e4 */
	uint8_t e820_entries;		 /* 0x1e8 */
	uint8_t eddbuf_entries;		 /* 0x1e9 */
	uint8_t edd_mbr_sig_buf_entries; /* 0x1ea */
	uint8_t kbd_status;		 /* 0x1eb */
	uint8_t secure_boot;		 /* 0x1ec */
	uint8_t pad5[2];		 /* 0x1ed */
	uint8_t sentinel;		 /* 0x1ef */
	uint8_t pad6[1];		 /* 0x1f0 */
	struct zp_setup_header hdr;	 /* 0x1f1 */
	uint8_t
	    pad7[ZP_HDR_LIMIT - ZP_HDR_START - sizeof(struct zp_setup_header)];
	uint32_t edd_mbr_sig_buffer[ZP_EDD_MBR_SIG_MAX]; /* 0x290 */
	struct zp_e820_entry e820_table[ZP_E820_MAX];	 /* 0x2d0 */
	uint8_t pad8[48];				 /* 0xcd0 */
	struct zp_edd_info eddbuf[ZP_EDD_MAX];		 /* 0xd00 */
	uint8_t pad9[276];				 /* 0xeec */
} __attribute__((packed));

/* The node header of the setup_data list; the payload follows. */
struct zp_setup_data {
	uint64_t next;
	uint32_t type;
	uint32_t len;
} __attribute__((packed));

/* The SETUP_EFI payload ("kexec external ABI", arch/x86/include/asm/efi.h);
 * runtime became unused in 5.7 but older kernels still read it. */
struct zp_efi_setup_data {
	uint64_t fw_vendor;
	uint64_t runtime;
	uint64_t tables;
	uint64_t smbios;
	uint64_t reserved[8];
} __attribute__((packed));

/* efi_memory_desc_t, version 1: what the runtime map entries become. */
struct zp_efi_memory_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_addr;
	uint64_t virt_addr;
	uint64_t num_pages;
	uint64_t attribute;
} __attribute__((packed));

#define ZP_OFF(field) offsetof(struct zp_boot_params, field)

#define ZP_E820_ENTRY_SIZE sizeof(struct zp_e820_entry)
#define ZP_EFI_MD_SIZE	   sizeof(struct zp_efi_memory_desc)
#define ZP_SD_HDR_SIZE	   sizeof(struct zp_setup_data)

static_assert(sizeof(struct zp_boot_params) == ZP_SIZE, "zero page size");
static_assert(ZP_OFF(screen_info) == 0x000, "screen_info");
static_assert(ZP_OFF(tboot_addr) == 0x058, "tboot_addr");
static_assert(ZP_OFF(acpi_rsdp_addr) == 0x070, "acpi_rsdp_addr");
static_assert(ZP_OFF(ext_ramdisk_image) == 0x0c0, "ext_ramdisk_image");
static_assert(ZP_OFF(ext_ramdisk_size) == 0x0c4, "ext_ramdisk_size");
static_assert(ZP_OFF(ext_cmd_line_ptr) == 0x0c8, "ext_cmd_line_ptr");
static_assert(ZP_OFF(cc_blob_address) == 0x13c, "cc_blob_address");
static_assert(ZP_OFF(edid_info) == 0x140, "edid_info");
static_assert(ZP_OFF(efi_info) == 0x1c0, "efi_info");
static_assert(ZP_OFF(alt_mem_k) == 0x1e0, "alt_mem_k");
static_assert(ZP_OFF(e820_entries) == 0x1e8, "e820_entries");
static_assert(ZP_OFF(eddbuf_entries) == 0x1e9, "eddbuf_entries");
static_assert(ZP_OFF(edd_mbr_sig_buf_entries) == 0x1ea, "edd_mbr entries");
static_assert(ZP_OFF(secure_boot) == 0x1ec, "secure_boot");
static_assert(ZP_OFF(sentinel) == 0x1ef, "sentinel");
static_assert(ZP_OFF(hdr) == 0x1f1, "setup header");
static_assert(ZP_OFF(hdr.boot_flag) == 0x1fe, "boot_flag");
static_assert(ZP_OFF(hdr.jump) == 0x200, "jump");
static_assert(ZP_OFF(hdr.header) == 0x202, "HdrS");
static_assert(ZP_OFF(hdr.version) == 0x206, "version");
static_assert(ZP_OFF(hdr.type_of_loader) == 0x210, "type_of_loader");
static_assert(ZP_OFF(hdr.loadflags) == 0x211, "loadflags");
static_assert(ZP_OFF(hdr.ramdisk_image) == 0x218, "ramdisk_image");
static_assert(ZP_OFF(hdr.ramdisk_size) == 0x21c, "ramdisk_size");
static_assert(ZP_OFF(hdr.heap_end_ptr) == 0x224, "heap_end_ptr");
static_assert(ZP_OFF(hdr.cmd_line_ptr) == 0x228, "cmd_line_ptr");
static_assert(ZP_OFF(hdr.initrd_addr_max) == 0x22c, "initrd_addr_max");
static_assert(ZP_OFF(hdr.kernel_alignment) == 0x230, "kernel_alignment");
static_assert(ZP_OFF(hdr.xloadflags) == 0x236, "xloadflags");
static_assert(ZP_OFF(hdr.cmdline_size) == 0x238, "cmdline_size");
static_assert(ZP_OFF(hdr.hardware_subarch) == 0x23c, "hardware_subarch");
static_assert(ZP_OFF(hdr.hardware_subarch_data) == 0x240, "subarch_data");
static_assert(ZP_OFF(hdr.setup_data) == 0x250, "setup_data");
static_assert(ZP_OFF(hdr.pref_address) == 0x258, "pref_address");
static_assert(ZP_OFF(hdr.init_size) == 0x260, "init_size");
static_assert(ZP_OFF(hdr.kernel_info_offset) == 0x268, "kernel_info_offset");
static_assert(ZP_OFF(edd_mbr_sig_buffer) == 0x290, "edd_mbr_sig_buffer");
static_assert(ZP_OFF(e820_table) == 0x2d0, "e820_table");
static_assert(ZP_OFF(eddbuf) == 0xd00, "eddbuf");
static_assert(sizeof(struct zp_setup_header) == 0x7b, "setup header size");
static_assert(sizeof(struct zp_efi_info) == 0x20, "efi_info size");
static_assert(sizeof(struct zp_e820_entry) == 20, "e820 entry size");
static_assert(sizeof(struct zp_edd_info) == 82, "edd_info size");
static_assert(sizeof(struct zp_setup_data) == 16, "setup_data header");
static_assert(sizeof(struct zp_efi_setup_data) == 96, "efi_setup_data");
static_assert(sizeof(struct zp_efi_memory_desc) == 40, "efi memory desc");

/* Little-endian access to the zero page and setup_data bytes, by offset
 * (ZP_OFF() and offsetof() give the offsets). */
static inline uint16_t zp_get16(const uint8_t *b, size_t off)
{
	return get_le16(b + off);
}

static inline uint32_t zp_get32(const uint8_t *b, size_t off)
{
	return get_le32(b + off);
}

static inline uint64_t zp_get64(const uint8_t *b, size_t off)
{
	return get_le64(b + off);
}

static inline void zp_put16(uint8_t *b, size_t off, uint16_t v)
{
	put_le16(b + off, v);
}

static inline void zp_put32(uint8_t *b, size_t off, uint32_t v)
{
	put_le32(b + off, v);
}

static inline void zp_put64(uint8_t *b, size_t off, uint64_t v)
{
	put_le64(b + off, v);
}

#endif
