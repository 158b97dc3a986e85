#include "words.h"

#include <stddef.h>
#include <string.h>

const char *words_memmap_source(uint64_t source)
{
	switch (source) {
	case KX_SOURCE_SYSFS_MEMMAP:
		return "/sys/firmware/memmap";
	case KX_SOURCE_IOMEM:
		return "/proc/iomem";
	case KX_SOURCE_IOMEM_CRASH:
		return "/proc/iomem, for the capture kernel";
	case KX_SOURCE_DEFAULT:
		return "the architecture's default layout";
	default:
		return "none";
	}
}

const char *words_rsdp_source(uint64_t source)
{
	switch (source) {
	case KX_SOURCE_BOOT_PARAMS:
		return "boot_params";
	case KX_SOURCE_EFI_ACPI20:
		return "EFI systab ACPI20";
	case KX_SOURCE_EFI_ACPI:
		return "EFI systab ACPI";
	case KX_SOURCE_CMDLINE:
		return "acpi_rsdp= on the command line";
	default:
		return "none";
	}
}

const char *words_vaddr_source(uint64_t source)
{
	switch (source) {
	case KX_SOURCE_KCORE:
		return "/proc/kcore";
	case KX_SOURCE_DEFAULT:
		return "the architecture's default layout";
	default:
		return "unknown (/proc/kcore unreadable): virtual addresses "
		       "left 0";
	}
}

const char *words_efi_reason(uint64_t reason)
{
	switch (reason) {
	case KX_REASON_NOT_EFI:
		return "the machine did not boot through EFI";
	case KX_REASON_NO_XLF_EFI_KEXEC:
		return "the kernel lacks XLF_EFI_KEXEC";
	case KX_REASON_NO_RUNNING_BOOT_PARAMS:
		return "the running boot_params are unavailable";
	case KX_REASON_NO_EFI_MEMMAP:
		return "the running kernel got no EFI memory map";
	case KX_REASON_EFI_NOT_64BIT:
		return "the EFI firmware is not 64-bit";
	case KX_REASON_EFI_MEMDESC_VERSION:
		return "unsupported EFI memory descriptor version";
	case KX_REASON_NO_EFI_RUNTIME_MAP:
		return "no EFI runtime map (/sys/firmware/efi/runtime-map)";
	default:
		return "no EFI";
	}
}

const char *words_devmem_reason(uint64_t reason, uint64_t err)
{
	switch (reason) {
	case KX_REASON_SHORT_READ:
		return "short read";
	case KX_REASON_DEVMEM_RESTRICTED:
		return "not permitted (the running kernel restricts /dev/mem "
		       "to the first MiB; booting it with iomem=relaxed lifts "
		       "that)";
	case KX_REASON_RSDP_INVALID:
		return "no valid RSDP there (signature or checksum)";
	case KX_REASON_RSDP_LENGTH:
		return "implausible RSDP length";
	case KX_REASON_RSDP_EXT_CHECKSUM:
		return "bad extended RSDP checksum";
	default:
		return strerror((int)err);
	}
}

const char *words_syscall_reason(uint64_t reason)
{
	switch (reason) {
	case KX_REASON_FILE_LOAD_NO_MULTIBOOT:
		return "the kernel's own loader cannot parse Multiboot";
	case KX_REASON_FILE_LOAD_NO_ELF:
		return "the kernel's own loader cannot parse ELF kernels";
	default:
		return NULL;
	}
}

/* One table for both maps: Multiboot's types 1 to 5 are e820's. */
struct mem_type {
	uint64_t type;
	const char *e820;
	const char *multiboot;
};

static const struct mem_type mem_types[] = {
    {1, "RAM", "available"},
    {2, "reserved", "reserved"},
    {3, "ACPI data", "ACPI reclaimable"},
    {4, "ACPI NVS", "ACPI NVS"},
    {5, "unusable", "bad RAM"},
    {7, "persistent memory", "reserved"},
    {12, "PRAM", "reserved"},
};

const char *words_mem_type(uint64_t type, enum words_map map)
{
	for (size_t i = 0; i < sizeof(mem_types) / sizeof(mem_types[0]); i++)
		if (mem_types[i].type == type)
			return map == WORDS_E820 ? mem_types[i].e820
						 : mem_types[i].multiboot;
	return map == WORDS_E820 ? "other" : "reserved";
}

const char *words_xloadflag(unsigned bit)
{
	static const char *const names[WORDS_N_XLF] = {
	    "KERNEL_64",       "CAN_BE_LOADED_ABOVE_4G",
	    "EFI_HANDOVER_32", "EFI_HANDOVER_64",
	    "EFI_KEXEC",       "5LEVEL",
	    "5LEVEL_ENABLED",
	};

	return bit < WORDS_N_XLF ? names[bit] : NULL;
}

int words_verify_from_name(const char *name, enum kx_verify *v)
{
	if (!strcmp(name, "xxh3"))
		*v = KX_VERIFY_XXH3;
	else if (!strcmp(name, "sha256"))
		*v = KX_VERIFY_SHA256;
	else if (!strcmp(name, "none"))
		*v = KX_VERIFY_NONE;
	else
		return -1;
	return 0;
}
