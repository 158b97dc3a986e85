/* The Multiboot information block in words, from the fields the library
 * read back from the built bytes: what the kernel will find at EBX. */
#include <inttypes.h>

#include "report.h"
#include "words.h"

#define MB1_MODS    (1u << 3)
#define MB1_MMAP    (1u << 6)
#define FB_RGB	    1
#define FB_EGA_TEXT 2
#define RSDP_V1_LEN 20
#define RSDP_V2_LEN 32

static void string_line(FILE *f, const struct plan_view *v, const char *name,
			enum kx_key key)
{
	const char *s = view_str(v, key);

	if (!s)
		return;
	fprintf(f, "%s: ", name);
	/* Bytes a kernel may choke on, and backslashes, too. */
	report_put_text(f, s, true);
	fputc('\n', f);
}

static void flags_line(FILE *f, uint64_t flags)
{
	static const char *const names[] = {
	    "mem",	    "boot_device",	"cmdline",   "mods",
	    "aout_syms",    "elf_shdr",		"mmap",	     "drives",
	    "config_table", "boot_loader_name", "apm_table", "vbe",
	    "framebuffer",
	};
	const char *sep = "";

	fprintf(f, "flags: 0x%08" PRIx64 " (", flags);
	for (unsigned i = 0; i < 32; i++) {
		if (!(flags & (1u << i)))
			continue;
		if (i < sizeof(names) / sizeof(names[0]))
			fprintf(f, "%s%s", sep, names[i]);
		else
			fprintf(f, "%sbit%u", sep, i);
		sep = " ";
	}
	fprintf(f, ")\n");
}

static void header_lines(FILE *f, const struct plan_view *v)
{
	uint64_t version = view_u64(v, KX_KEY_MB_VERSION);

	fprintf(f, "protocol: Multiboot %" PRIu64 "\n", version);
	fprintf(f, "address: 0x%08" PRIx64 "\n", view_u64(v, KX_KEY_INFO_ADDR));
	fprintf(f, "size: %" PRIu64 " bytes\n", view_u64(v, KX_KEY_INFO_SIZE));
	if (version == 1) {
		flags_line(f, view_u64(v, KX_KEY_INFO_FLAGS));
	} else {
		fprintf(f, "total_size: %" PRIu64 " bytes\n",
			view_u64(v, KX_KEY_INFO_SIZE));
		fprintf(f, "tags: %" PRIu64 "\n",
			view_u64(v, KX_KEY_INFO_TAGS));
	}
}

static void modules_lines(FILE *f, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_INFO_MODULES);

	fprintf(f, "modules: %zu\n", n);
	for (size_t i = 0; i < n; i++) {
		uint64_t start =
		    view_item_u64(v, KX_LIST_INFO_MODULES, i, KX_KEY_START);
		uint64_t end =
		    view_item_u64(v, KX_LIST_INFO_MODULES, i, KX_KEY_END);

		fprintf(f, "module[%zu]: 0x%08" PRIx64 "-0x%08" PRIx64, i,
			start, end);
		if (end >= start)
			fprintf(f, " (%" PRIu64 " bytes)", end - start);
		fputc(' ', f);
		report_put_text(
		    f, view_item_str(v, KX_LIST_INFO_MODULES, i, KX_KEY_ARGS),
		    true);
		fputc('\n', f);
	}
}

static void mmap_lines(FILE *f, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_INFO_MMAP);

	fprintf(f, "mmap: %zu entries\n", n);
	for (size_t i = 0; i < n; i++) {
		uint64_t type =
		    view_item_u64(v, KX_LIST_INFO_MMAP, i, KX_KEY_TYPE);

		fprintf(f,
			"mmap[%zu]: 0x%016" PRIx64 " +0x%016" PRIx64
			" type %" PRIu64 " (%s)\n",
			i, view_item_u64(v, KX_LIST_INFO_MMAP, i, KX_KEY_START),
			view_item_u64(v, KX_LIST_INFO_MMAP, i, KX_KEY_SIZE),
			type, words_mem_type(type, WORDS_MULTIBOOT));
	}
}

static const char *fb_type_name(uint64_t type)
{
	static const char *const types[] = {"indexed", "RGB", "EGA text"};

	return type <= FB_EGA_TEXT ? types[type] : "unknown";
}

/* KX_KEY_INFO_FB_RGB holds red, green and blue as (size, position)
 * byte pairs, lowest byte first. */
static unsigned rgb_byte(uint64_t rgb, unsigned i)
{
	return (unsigned)(rgb >> (8 * i)) & 0xff;
}

static void fb_line(FILE *f, const struct plan_view *v)
{
	uint64_t type = view_u64(v, KX_KEY_INFO_FB_TYPE);
	uint64_t rgb = view_u64(v, KX_KEY_INFO_FB_RGB);

	fprintf(
	    f,
	    "framebuffer: 0x%" PRIx64 " %" PRIu64 "x%" PRIu64 "x%" PRIu64
	    " pitch %" PRIu64 " type %" PRIu64 " (%s)",
	    view_u64(v, KX_KEY_INFO_FB_ADDR), view_u64(v, KX_KEY_INFO_FB_WIDTH),
	    view_u64(v, KX_KEY_INFO_FB_HEIGHT), view_u64(v, KX_KEY_INFO_FB_BPP),
	    view_u64(v, KX_KEY_INFO_FB_PITCH), type, fb_type_name(type));
	if (type == FB_RGB)
		fprintf(f, " red %u@%u green %u@%u blue %u@%u",
			rgb_byte(rgb, 0), rgb_byte(rgb, 1), rgb_byte(rgb, 2),
			rgb_byte(rgb, 3), rgb_byte(rgb, 4), rgb_byte(rgb, 5));
	fputc('\n', f);
}

static void rsdp_line(FILE *f, const struct plan_view *v, const char *name,
		      enum kx_key len_key)
{
	uint64_t len = view_u64(v, len_key);

	if (!view_has(v, len_key))
		return;
	fprintf(f, "%s: %" PRIu64 " bytes", name, len);
	if (len >= RSDP_V1_LEN)
		fprintf(f, ", revision %" PRIu64 ", RSDT 0x%08" PRIx64,
			view_u64(v, KX_KEY_INFO_RSDP_REVISION),
			view_u64(v, KX_KEY_INFO_RSDT));
	if (len >= RSDP_V2_LEN)
		fprintf(f, ", XSDT 0x%016" PRIx64,
			view_u64(v, KX_KEY_INFO_XSDT));
	fputc('\n', f);
}

static void efi_lines(FILE *f, const struct plan_view *v)
{
	if (view_has(v, KX_KEY_INFO_EFI32_SYSTAB))
		fprintf(f, "efi32_system_table: 0x%08" PRIx64 "\n",
			view_u64(v, KX_KEY_INFO_EFI32_SYSTAB));
	if (view_has(v, KX_KEY_INFO_EFI64_SYSTAB))
		fprintf(f, "efi64_system_table: 0x%016" PRIx64 "\n",
			view_u64(v, KX_KEY_INFO_EFI64_SYSTAB));
	if (view_has(v, KX_KEY_INFO_EFI_MMAP_SIZE))
		fprintf(f,
			"efi_mmap: %" PRIu64 " bytes, descriptor size %" PRIu64
			", version %" PRIu64 "\n",
			view_u64(v, KX_KEY_INFO_EFI_MMAP_SIZE),
			view_u64(v, KX_KEY_INFO_EFI_DESC_SIZE),
			view_u64(v, KX_KEY_INFO_EFI_DESC_VERSION));
}

static void body_lines(FILE *f, const struct plan_view *v)
{
	bool mb1 = view_u64(v, KX_KEY_MB_VERSION) == 1;
	uint64_t flags = view_u64(v, KX_KEY_INFO_FLAGS);

	if (view_has(v, KX_KEY_INFO_MEM_LOWER)) {
		fprintf(f, "mem_lower: %" PRIu64 " KiB\n",
			view_u64(v, KX_KEY_INFO_MEM_LOWER));
		fprintf(f, "mem_upper: %" PRIu64 " KiB\n",
			view_u64(v, KX_KEY_INFO_MEM_UPPER));
	}
	string_line(f, v, "cmdline", KX_KEY_INFO_CMDLINE);
	string_line(f, v, "boot_loader_name", KX_KEY_INFO_LOADER_NAME);
	if (!mb1 || (flags & MB1_MODS))
		modules_lines(f, v);
	if (mb1 ? (flags & MB1_MMAP) != 0 : view_count(v, KX_LIST_INFO_MMAP))
		mmap_lines(f, v);
	if (view_has(v, KX_KEY_INFO_FB_ADDR))
		fb_line(f, v);
	rsdp_line(f, v, "acpi_old_rsdp", KX_KEY_INFO_RSDP_OLD_LEN);
	rsdp_line(f, v, "acpi_new_rsdp", KX_KEY_INFO_RSDP_NEW_LEN);
	efi_lines(f, v);
	if (view_has(v, KX_KEY_INFO_LOAD_BASE))
		fprintf(f, "load_base_addr: 0x%08" PRIx64 "\n",
			view_u64(v, KX_KEY_INFO_LOAD_BASE));
}

void report_mbinfo_text(FILE *f, const struct plan_view *v)
{
	header_lines(f, v);
	body_lines(f, v);
}
