/* The public face of a plan's description: argument checks over
 * core/desc.c, and the stable names of keys, lists, sources and reasons
 * (the JSON keys and values the command writes; never change one). */
#include <errno.h>

#include "api/plan.h"
#include "core/desc.h"
#include "core/text.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const key_names[KX_KEY__MAX] = {
	[KX_KEY_IMAGE_TYPE] = "image_type",
	[KX_KEY_KERNEL_PATH] = "kernel_path",
	[KX_KEY_KERNEL_COMPRESSION] = "kernel_compression",
	[KX_KEY_KERNEL_FILE_SIZE] = "kernel_file_size",
	[KX_KEY_KERNEL_SIZE] = "kernel_size",
	[KX_KEY_KERNEL_VERSION] = "kernel_version",
	[KX_KEY_INITRD_PATH] = "initrd_path",
	[KX_KEY_INITRD_COMPRESSION] = "initrd_compression",
	[KX_KEY_INITRD_FILE_SIZE] = "initrd_file_size",
	[KX_KEY_INITRD_SIZE] = "initrd_size",
	[KX_KEY_CMDLINE] = "cmdline",
	[KX_KEY_CMDLINE_LEN] = "cmdline_len",
	[KX_KEY_CMDLINE_MAX] = "cmdline_max",
	[KX_KEY_SYSCALL] = "syscall",
	[KX_KEY_SYSCALL_USED] = "syscall_used",
	[KX_KEY_SYSCALL_REASON] = "syscall_reason",
	[KX_KEY_CRASH] = "crash",
	[KX_KEY_BOOT_PROTOCOL] = "boot_protocol",
	[KX_KEY_SETUP_SECTS] = "setup_sects",
	[KX_KEY_LOADFLAGS] = "loadflags",
	[KX_KEY_XLOADFLAGS] = "xloadflags",
	[KX_KEY_RELOCATABLE] = "relocatable",
	[KX_KEY_KERNEL_ALIGNMENT] = "kernel_alignment",
	[KX_KEY_INIT_SIZE] = "init_size",
	[KX_KEY_PREF_ADDRESS] = "pref_address",
	[KX_KEY_PAYLOAD_OFFSET] = "payload_offset",
	[KX_KEY_PAYLOAD_SIZE] = "payload_size",
	[KX_KEY_HANDOVER_OFFSET] = "handover_offset",
	[KX_KEY_CLASSIC] = "classic",
	[KX_KEY_ENTRY] = "entry",
	[KX_KEY_PURGATORY_ADDR] = "purgatory_addr",
	[KX_KEY_CHECKS] = "checks",
	[KX_KEY_MEMMAP_SOURCE] = "memmap_source",
	[KX_KEY_KERNEL_ADDR] = "kernel_addr",
	[KX_KEY_KERNEL_ENTRY] = "kernel_entry",
	[KX_KEY_BOOT_PARAMS_ADDR] = "boot_params_addr",
	[KX_KEY_CMDLINE_ADDR] = "cmdline_addr",
	[KX_KEY_INITRD_ADDR] = "initrd_addr",
	[KX_KEY_ACPI_RSDP] = "acpi_rsdp",
	[KX_KEY_RSDP_SOURCE] = "rsdp_source",
	[KX_KEY_SETUP_DATA_COUNT] = "setup_data_count",
	[KX_KEY_EFI] = "efi",
	[KX_KEY_EFI_REASON] = "efi_reason",
	[KX_KEY_EFI_SYSTAB] = "efi_systab",
	[KX_KEY_RNG_SEED] = "rng_seed",
	[KX_KEY_ELFCOREHDR_ADDR] = "elfcorehdr_addr",
	[KX_KEY_ELFCOREHDR_SIZE] = "elfcorehdr_size",
	[KX_KEY_VADDR_SOURCE] = "vaddr_source",
	[KX_KEY_MB_VERSION] = "mb_version",
	[KX_KEY_ELF_CLASS] = "elf_class",
	[KX_KEY_RELOCATED] = "relocated",
	[KX_KEY_IMAGE_START] = "image_start",
	[KX_KEY_IMAGE_END] = "image_end",
	[KX_KEY_ENTRY32] = "entry32",
	[KX_KEY_MB_ENTRY] = "mb_entry",
	[KX_KEY_MB_MAGIC] = "mb_magic",
	[KX_KEY_INFO_ADDR] = "info_addr",
	[KX_KEY_INFO_SIZE] = "info_size",
	[KX_KEY_INFO_FLAGS] = "info_flags",
	[KX_KEY_INFO_TAGS] = "info_tags",
	[KX_KEY_INFO_MEM_LOWER] = "info_mem_lower",
	[KX_KEY_INFO_MEM_UPPER] = "info_mem_upper",
	[KX_KEY_INFO_CMDLINE] = "info_cmdline",
	[KX_KEY_INFO_LOADER_NAME] = "info_loader_name",
	[KX_KEY_INFO_FB_ADDR] = "info_fb_addr",
	[KX_KEY_INFO_FB_WIDTH] = "info_fb_width",
	[KX_KEY_INFO_FB_HEIGHT] = "info_fb_height",
	[KX_KEY_INFO_FB_BPP] = "info_fb_bpp",
	[KX_KEY_INFO_FB_PITCH] = "info_fb_pitch",
	[KX_KEY_INFO_FB_TYPE] = "info_fb_type",
	[KX_KEY_INFO_FB_RGB] = "info_fb_rgb",
	[KX_KEY_INFO_RSDP_OLD_LEN] = "info_rsdp_old_len",
	[KX_KEY_INFO_RSDP_NEW_LEN] = "info_rsdp_new_len",
	[KX_KEY_INFO_RSDP_REVISION] = "info_rsdp_revision",
	[KX_KEY_INFO_RSDT] = "info_rsdt",
	[KX_KEY_INFO_XSDT] = "info_xsdt",
	[KX_KEY_INFO_EFI32_SYSTAB] = "info_efi32_systab",
	[KX_KEY_INFO_EFI64_SYSTAB] = "info_efi64_systab",
	[KX_KEY_INFO_EFI_MMAP_SIZE] = "info_efi_mmap_size",
	[KX_KEY_INFO_EFI_DESC_SIZE] = "info_efi_desc_size",
	[KX_KEY_INFO_EFI_DESC_VERSION] = "info_efi_desc_version",
	[KX_KEY_INFO_LOAD_BASE] = "info_load_base",
	[KX_KEY_NAME] = "name",
	[KX_KEY_START] = "start",
	[KX_KEY_END] = "end",
	[KX_KEY_SIZE] = "size",
	[KX_KEY_TYPE] = "type",
	[KX_KEY_MEM] = "mem",
	[KX_KEY_BUFSZ] = "bufsz",
	[KX_KEY_MEMSZ] = "memsz",
	[KX_KEY_PADDR] = "paddr",
	[KX_KEY_VADDR] = "vaddr",
	[KX_KEY_PATH] = "path",
	[KX_KEY_ARGS] = "args",
	[KX_KEY_CODE] = "code",
	[KX_KEY_ADDR] = "addr",
	[KX_KEY_ERRNO] = "errno",
	[KX_KEY_CONTAINER] = "container",
	[KX_KEY_CLASSIC_CMDLINE] = "classic_cmdline",
	[KX_KEY_VERIFY] = "verify",
};

static const char *const list_names[KX_LIST__MAX] = {
	[KX_LIST_SEGMENTS] = "segments",
	[KX_LIST_E820] = "e820",
	[KX_LIST_CRASH_REGIONS] = "crash_regions",
	[KX_LIST_CORE_PHDRS] = "core_phdrs",
	[KX_LIST_MODULES] = "modules",
	[KX_LIST_INFO_MODULES] = "info_modules",
	[KX_LIST_INFO_MMAP] = "info_mmap",
	[KX_LIST_NOTES] = "notes",
};

static const char *const source_names[] = {
	[KX_SOURCE_NONE] = "none",
	[KX_SOURCE_SYSFS_MEMMAP] = "sysfs_memmap",
	[KX_SOURCE_IOMEM] = "iomem",
	[KX_SOURCE_IOMEM_CRASH] = "iomem_crash",
	[KX_SOURCE_BOOT_PARAMS] = "boot_params",
	[KX_SOURCE_EFI_ACPI20] = "efi_acpi20",
	[KX_SOURCE_EFI_ACPI] = "efi_acpi",
	[KX_SOURCE_CMDLINE] = "cmdline",
	[KX_SOURCE_KCORE] = "kcore",
	[KX_SOURCE_DEFAULT] = "default",
};

static const char *const reason_names[] = {
	[KX_REASON_NONE] = "none",
	[KX_REASON_FILE_LOAD_NO_MULTIBOOT] = "file_load_no_multiboot",
	[KX_REASON_FILE_LOAD_NO_ELF] = "file_load_no_elf",
	[KX_REASON_NOT_EFI] = "not_efi",
	[KX_REASON_NO_XLF_EFI_KEXEC] = "no_xlf_efi_kexec",
	[KX_REASON_NO_RUNNING_BOOT_PARAMS] = "no_running_boot_params",
	[KX_REASON_NO_EFI_MEMMAP] = "no_efi_memmap",
	[KX_REASON_EFI_NOT_64BIT] = "efi_not_64bit",
	[KX_REASON_EFI_MEMDESC_VERSION] = "efi_memdesc_version",
	[KX_REASON_NO_EFI_RUNTIME_MAP] = "no_efi_runtime_map",
	[KX_REASON_DEVMEM_RESTRICTED] = "devmem_restricted",
	[KX_REASON_SHORT_READ] = "short_read",
	[KX_REASON_RSDP_INVALID] = "rsdp_invalid",
	[KX_REASON_RSDP_LENGTH] = "rsdp_length",
	[KX_REASON_RSDP_EXT_CHECKSUM] = "rsdp_ext_checksum",
	[KX_REASON_ERRNO] = "errno",
};

/* NULL for a value outside the table or a hole in it. */
static const char *lookup(const char *const *names, size_t n, int v)
{
	return v >= 0 && (size_t)v < n ? names[v] : NULL;
}

KX_PUBLIC const char *kx_key_name(enum kx_key key)
{
	return lookup(key_names, N_OF(key_names), (int)key);
}

KX_PUBLIC const char *kx_list_name(enum kx_list list)
{
	return lookup(list_names, N_OF(list_names), (int)list);
}

KX_PUBLIC const char *kx_source_name(enum kx_source source)
{
	return lookup(source_names, N_OF(source_names), (int)source);
}

KX_PUBLIC const char *kx_reason_name(enum kx_reason reason)
{
	return lookup(reason_names, N_OF(reason_names), (int)reason);
}

KX_PUBLIC const char *kx_format_size(uint64_t bytes, char *buf, size_t len)
{
	if (!buf || !len)
		return buf;
	return text_size(bytes, buf, len);
}

static bool key_ok(enum kx_key key)
{
	return key > 0 && key < KX_KEY__MAX;
}

static bool list_ok(enum kx_list list)
{
	return list > 0 && list < KX_LIST__MAX;
}

KX_PUBLIC int kx_plan_get_u64(const kx_plan *plan, enum kx_key key,
			      uint64_t *value)
{
	if (!plan || !plan->desc || !key_ok(key) || !value)
		return -EINVAL;
	return desc_get_u64(plan->desc, key, value);
}

KX_PUBLIC const char *kx_plan_get_str(const kx_plan *plan, enum kx_key key)
{
	if (!plan || !plan->desc || !key_ok(key))
		return NULL;
	return desc_get_str(plan->desc, key);
}

KX_PUBLIC size_t kx_plan_count(const kx_plan *plan, enum kx_list list)
{
	if (!plan || !plan->desc || !list_ok(list))
		return 0;
	return desc_count(plan->desc, list);
}

KX_PUBLIC int kx_plan_item_u64(const kx_plan *plan, enum kx_list list,
			       size_t i, enum kx_key key, uint64_t *value)
{
	if (!plan || !plan->desc || !list_ok(list) || !key_ok(key) || !value)
		return -EINVAL;
	return desc_item_get_u64(plan->desc, list, i, key, value);
}

KX_PUBLIC const char *kx_plan_item_str(const kx_plan *plan, enum kx_list list,
				       size_t i, enum kx_key key)
{
	if (!plan || !plan->desc || !list_ok(list) || !key_ok(key))
		return NULL;
	return desc_item_get_str(plan->desc, list, i, key);
}
