/* The Linux parts of a plan report: the kernel and initrd files, the
 * bzImage setup header, the kexec_load segments and the boot protocol as
 * built for kexec_load. */
#include <inttypes.h>

#include "report_parts.h"
#include "words.h"

/* The keys of one file: the kernel's or the initrd's. */
struct file_keys {
	enum kx_key path, compression, file_size, size;
};

static struct file_keys file_keys(enum kx_key path)
{
	if (path == KX_KEY_INITRD_PATH)
		return (struct file_keys){
		    KX_KEY_INITRD_PATH, KX_KEY_INITRD_COMPRESSION,
		    KX_KEY_INITRD_FILE_SIZE, KX_KEY_INITRD_SIZE};
	return (struct file_keys){KX_KEY_KERNEL_PATH, KX_KEY_KERNEL_COMPRESSION,
				  KX_KEY_KERNEL_FILE_SIZE, KX_KEY_KERNEL_SIZE};
}

static const char *file_path(const struct plan_view *v, enum kx_key key)
{
	const char *path = view_str(v, key);

	return path ? path : "";
}

void report_file_text(FILE *f, const char *label, const struct plan_view *v,
		      enum kx_key path)
{
	struct file_keys k = file_keys(path);
	uint64_t file_size = view_u64(v, k.file_size);
	uint64_t size = view_u64(v, k.size);
	uint64_t comp = view_u64(v, k.compression);
	char h1[SIZE_TEXT], h2[SIZE_TEXT];

	if (file_size < 1024)
		report_field(f, label, "%s (%" PRIu64 " bytes)",
			     file_path(v, path), file_size);
	else
		report_field(f, label, "%s (%s, %" PRIu64 " bytes)",
			     file_path(v, path), report_size(file_size, h1),
			     file_size);
	if (comp != KX_COMP_NONE && size != file_size)
		report_field(
		    f, "", "%s compressed, %s (%" PRIu64 " bytes) unpacked",
		    kx_compression_name(comp), report_size(size, h2), size);
	else if (comp != KX_COMP_NONE)
		report_field(f, "", "%s compressed", kx_compression_name(comp));
}

void report_file_json(struct json *j, const char *key,
		      const struct plan_view *v, enum kx_key path)
{
	struct file_keys k = file_keys(path);

	json_begin_object(j, key);
	json_string(j, "path", file_path(v, path));
	json_uint(j, "file_size", view_u64(v, k.file_size));
	json_string(j, "compression",
		    kx_compression_name(view_u64(v, k.compression)));
	json_uint(j, "size", view_u64(v, k.size));
	json_end_object(j);
}

/* ---- the bzImage setup header ------------------------------------------ */

static void xloadflags_text(FILE *f, uint64_t flags)
{
	fprintf(f, "%-*s ", LABEL_WIDTH, "xloadflags:");
	fprintf(f, "0x%04" PRIx64, flags);
	for (unsigned i = 0; i < WORDS_N_XLF; i++)
		if (flags & (1u << i))
			fprintf(f, " %s", words_xloadflag(i));
	fputc('\n', f);
}

static void protocol_text(const struct plan_view *v, char *buf, size_t len)
{
	uint64_t protocol = view_u64(v, KX_KEY_BOOT_PROTOCOL);

	snprintf(buf, len, "%u.%02u", (unsigned)(protocol >> 8) & 0xff,
		 (unsigned)protocol & 0xff);
}

static const char *kernel_version(const struct plan_view *v)
{
	const char *version = view_str(v, KX_KEY_KERNEL_VERSION);

	return version ? version : "";
}

void report_bzimage_text(FILE *f, const struct plan_view *v)
{
	uint64_t init_size = view_u64(v, KX_KEY_INIT_SIZE);
	char protocol[16], h[SIZE_TEXT];

	protocol_text(v, protocol, sizeof(protocol));
	report_field(f, "boot protocol:", "%s", protocol);
	if (kernel_version(v)[0])
		report_field(f, "kernel version:", "%s", kernel_version(v));
	xloadflags_text(f, view_u64(v, KX_KEY_XLOADFLAGS));
	report_field(f, "relocatable:", "%s",
		     view_u64(v, KX_KEY_RELOCATABLE) ? "yes" : "no");
	report_field(f, "kernel_alignment:", "0x%" PRIx64,
		     view_u64(v, KX_KEY_KERNEL_ALIGNMENT));
	report_field(f, "pref_address:", "0x%" PRIx64,
		     view_u64(v, KX_KEY_PREF_ADDRESS));
	report_field(f, "init_size:", "0x%" PRIx64 " (%s)", init_size,
		     report_size(init_size, h));
	report_field(f, "cmdline limit:", "%" PRIu64 " bytes",
		     view_u64(v, KX_KEY_CMDLINE_MAX));
}

void report_bzimage_json(struct json *j, const struct plan_view *v)
{
	uint64_t xlf = view_u64(v, KX_KEY_XLOADFLAGS);
	char protocol[16];

	protocol_text(v, protocol, sizeof(protocol));
	json_begin_object(j, "bzimage");
	json_string(j, "protocol", protocol);
	json_string(j, "version", kernel_version(v));
	json_uint(j, "xloadflags", xlf);
	json_begin_array(j, "xloadflags_names");
	for (unsigned i = 0; i < WORDS_N_XLF; i++)
		if (xlf & (1u << i))
			json_string(j, NULL, words_xloadflag(i));
	json_end_array(j);
	json_bool(j, "relocatable", view_u64(v, KX_KEY_RELOCATABLE));
	json_uint(j, "kernel_alignment", view_u64(v, KX_KEY_KERNEL_ALIGNMENT));
	json_uint(j, "pref_address", view_u64(v, KX_KEY_PREF_ADDRESS));
	json_uint(j, "init_size", view_u64(v, KX_KEY_INIT_SIZE));
	json_uint(j, "cmdline_size", view_u64(v, KX_KEY_CMDLINE_MAX));
	json_end_object(j);
}

/* ---- kexec_load segments -------------------------------------------- */

static const char *segment_name(const struct plan_view *v, size_t i)
{
	const char *name = view_item_str(v, KX_LIST_SEGMENTS, i, KX_KEY_NAME);

	return name ? name : "";
}

void report_segments_text(FILE *f, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_SEGMENTS);
	char a[SIZE_TEXT], b[SIZE_TEXT];

	report_field(f, "segments:",
		     "%zu for kexec_load, entry 0x%" PRIx64 " (purgatory)", n,
		     view_u64(v, KX_KEY_ENTRY));
	for (size_t i = 0; i < n; i++)
		fprintf(
		    f, "  0x%016" PRIx64 "  data %-12s memory %-12s %s\n",
		    view_item_u64(v, KX_LIST_SEGMENTS, i, KX_KEY_MEM),
		    report_size(
			view_item_u64(v, KX_LIST_SEGMENTS, i, KX_KEY_BUFSZ), a),
		    report_size(
			view_item_u64(v, KX_LIST_SEGMENTS, i, KX_KEY_MEMSZ), b),
		    segment_name(v, i));
}

void report_segments_json(struct json *j, const struct plan_view *v)
{
	static const struct member m[] = {
	    {"what", KX_KEY_NAME, MEMBER_STR},
	    {"mem", KX_KEY_MEM, MEMBER_UINT},
	    {"bufsz", KX_KEY_BUFSZ, MEMBER_UINT},
	    {"memsz", KX_KEY_MEMSZ, MEMBER_UINT},
	};

	json_uint(j, "entry", view_u64(v, KX_KEY_ENTRY));
	report_list_json(j, "segments", v, KX_LIST_SEGMENTS, m, N_MEMBERS(m));
}

/* ---- the boot protocol as built for kexec_load ------------------------ */

/* The initrd's size as the boot_params carry it: none without an
 * address. */
static uint64_t initrd_size(const struct plan_view *v)
{
	return view_has(v, KX_KEY_INITRD_ADDR) ? view_u64(v, KX_KEY_INITRD_SIZE)
					       : 0;
}

static void e820_text(FILE *f, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_E820);

	report_field(f, "e820:", "%zu entries, from %s", n,
		     words_memmap_source(view_u64(v, KX_KEY_MEMMAP_SOURCE)));
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  0x%016" PRIx64 "-0x%016" PRIx64 "  %s\n",
			view_item_u64(v, KX_LIST_E820, i, KX_KEY_START),
			view_item_u64(v, KX_LIST_E820, i, KX_KEY_END) - 1,
			words_mem_type(
			    view_item_u64(v, KX_LIST_E820, i, KX_KEY_TYPE),
			    WORDS_E820));
}

static void firmware_text(FILE *f, const struct plan_view *v)
{
	uint64_t rsdp = view_u64(v, KX_KEY_ACPI_RSDP);

	if (rsdp)
		report_field(
		    f, "acpi_rsdp:", "0x%" PRIx64 " (from %s)", rsdp,
		    words_rsdp_source(view_u64(v, KX_KEY_RSDP_SOURCE)));
	else
		report_field(f,
			     "acpi_rsdp:", "none (the next kernel searches)");
	if (view_u64(v, KX_KEY_EFI))
		report_field(f,
			     "efi:", "passed on (system table 0x%" PRIx64 ")",
			     view_u64(v, KX_KEY_EFI_SYSTAB));
	else
		report_field(f, "efi:", "not passed: %s",
			     words_efi_reason(view_u64(v, KX_KEY_EFI_REASON)));
}

void report_linux_boot_text(FILE *f, const struct plan_view *v)
{
	report_field(f, "kernel at:", "0x%" PRIx64 ", 64-bit entry 0x%" PRIx64,
		     view_u64(v, KX_KEY_KERNEL_ADDR),
		     view_u64(v, KX_KEY_KERNEL_ENTRY));
	report_field(
	    f, "boot_params at:", "0x%" PRIx64 ", command line at 0x%" PRIx64,
	    view_u64(v, KX_KEY_BOOT_PARAMS_ADDR),
	    view_u64(v, KX_KEY_CMDLINE_ADDR));
	if (initrd_size(v))
		report_field(f,
			     "initrd at:", "0x%" PRIx64 " (%" PRIu64 " bytes)",
			     view_u64(v, KX_KEY_INITRD_ADDR), initrd_size(v));
	e820_text(f, v);
	firmware_text(f, v);
	report_field(f, "setup_data:", "%" PRIu64 " node(s)%s",
		     view_u64(v, KX_KEY_SETUP_DATA_COUNT),
		     view_u64(v, KX_KEY_RNG_SEED) ? ", RNG seed included" : "");
	report_purgatory_text(f, v);
}

static void e820_json(struct json *j, const struct plan_view *v)
{
	static const struct member m[] = {
	    {"start", KX_KEY_START, MEMBER_UINT},
	    {"end", KX_KEY_END, MEMBER_UINT},
	    {"type", KX_KEY_TYPE, MEMBER_UINT},
	};

	report_list_json(j, "e820", v, KX_LIST_E820, m, N_MEMBERS(m));
}

static void efi_json(struct json *j, const struct plan_view *v)
{
	bool efi = view_u64(v, KX_KEY_EFI);

	json_bool(j, "efi", efi);
	if (!efi)
		json_string(j, "efi_note",
			    words_efi_reason(view_u64(v, KX_KEY_EFI_REASON)));
	json_uint(j, "efi_systab", view_u64(v, KX_KEY_EFI_SYSTAB));
}

void report_linux_boot_json(struct json *j, const struct plan_view *v)
{
	static const struct member addrs[] = {
	    {"kernel_addr", KX_KEY_KERNEL_ADDR, MEMBER_UINT},
	    {"kernel_entry", KX_KEY_KERNEL_ENTRY, MEMBER_UINT},
	    {"boot_params_addr", KX_KEY_BOOT_PARAMS_ADDR, MEMBER_UINT},
	    {"cmdline_addr", KX_KEY_CMDLINE_ADDR, MEMBER_UINT},
	    {"initrd_addr", KX_KEY_INITRD_ADDR, MEMBER_UINT},
	};

	json_begin_object(j, "linux_boot");
	report_members_json(j, v, addrs, N_MEMBERS(addrs));
	json_uint(j, "initrd_size", initrd_size(v));
	json_uint(j, "acpi_rsdp", view_u64(v, KX_KEY_ACPI_RSDP));
	json_string(j, "rsdp_source",
		    words_rsdp_source(view_u64(v, KX_KEY_RSDP_SOURCE)));
	json_string(j, "memmap_source",
		    words_memmap_source(view_u64(v, KX_KEY_MEMMAP_SOURCE)));
	e820_json(j, v);
	json_uint(j, "setup_data", view_u64(v, KX_KEY_SETUP_DATA_COUNT));
	efi_json(j, v);
	json_bool(j, "rng_seed", view_u64(v, KX_KEY_RNG_SEED));
	json_uint(j, "purgatory_addr", view_u64(v, KX_KEY_PURGATORY_ADDR));
	json_bool(j, "checks", view_u64(v, KX_KEY_CHECKS));
	if (view_has(v, KX_KEY_VERIFY))
		json_string(j, "verify", view_str(v, KX_KEY_VERIFY));
	json_end_object(j);
}
