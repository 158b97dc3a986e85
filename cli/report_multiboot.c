/* The Multiboot and plain ELF part of a plan report: where the image
 * goes, how it is entered, its modules, what was left out and the
 * information block. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_parts.h"
#include "words.h"

#define NOTES_MAX 8
#define NOTE_LEN  256

static const char *image_kind(const struct plan_view *v)
{
	uint64_t elf_class = view_u64(v, KX_KEY_ELF_CLASS);

	if (elf_class == 64)
		return "ELF64";
	return elf_class == 32 ? "ELF32" : "a.out kludge";
}

static uint64_t module(const struct plan_view *v, size_t i, enum kx_key key)
{
	return view_item_u64(v, KX_LIST_MODULES, i, key);
}

/* A module's size: its SIZE, or the END its range stops at. */
static uint64_t module_size(const struct plan_view *v, size_t i)
{
	uint64_t size;

	if (v->item_u64(v->obj, KX_LIST_MODULES, i, KX_KEY_SIZE, &size) == 0)
		return size;
	return module(v, i, KX_KEY_END) - module(v, i, KX_KEY_START);
}

static const char *module_str(const struct plan_view *v, size_t i,
			      enum kx_key key)
{
	const char *s = view_item_str(v, KX_LIST_MODULES, i, key);

	return s ? s : "";
}

/* ---- notes: what was left out, and why ------------------------------- */

static uint64_t note(const struct plan_view *v, size_t i, enum kx_key key)
{
	return view_item_u64(v, KX_LIST_NOTES, i, key);
}

static void note_text(const struct plan_view *v, size_t i, char *buf,
		      size_t len)
{
	switch (note(v, i, KX_KEY_CODE)) {
	case KX_NOTE_RSDP_NONE:
		snprintf(buf, len,
			 "ACPI RSDP: not passed: the running system "
			 "names none (the kernel searches the BIOS "
			 "area itself)");
		break;
	case KX_NOTE_RSDP_PASSED:
		snprintf(buf, len,
			 "ACPI RSDP: 0x%" PRIx64 " (from %s), %" PRIu64
			 " bytes read through /dev/mem",
			 note(v, i, KX_KEY_ADDR),
			 words_rsdp_source(note(v, i, KX_KEY_TYPE)),
			 note(v, i, KX_KEY_SIZE));
		break;
	case KX_NOTE_RSDP_UNREADABLE:
		snprintf(buf, len,
			 "ACPI RSDP: not passed: cannot read it at 0x%" PRIx64
			 " through /dev/mem: %s",
			 note(v, i, KX_KEY_ADDR),
			 words_devmem_reason(note(v, i, KX_KEY_TYPE),
					     note(v, i, KX_KEY_ERRNO)));
		break;
	case KX_NOTE_FB_PASSED:
		snprintf(buf, len,
			 "framebuffer: as the firmware set it up "
			 "(boot_params screen_info)");
		break;
	case KX_NOTE_FB_NONE:
		snprintf(buf, len,
			 "framebuffer: asked for, but the running "
			 "system has no linear framebuffer");
		break;
	case KX_NOTE_EFI_MMAP_NOT_PASSED:
		snprintf(buf, len,
			 "EFI memory map: not passed (after boot "
			 "only its runtime regions are known)");
		break;
	default:
		buf[0] = '\0';
	}
}

/* The notes in the order the library made them. */
static size_t plan_notes(const struct plan_view *v, char lines[][NOTE_LEN])
{
	size_t n = 0, count = view_count(v, KX_LIST_NOTES);

	for (size_t i = 0; i < count && n < NOTES_MAX; i++) {
		note_text(v, i, lines[n], NOTE_LEN);
		if (lines[n][0])
			n++;
	}
	return n;
}

/* ---- text ------------------------------------------------------------ */

static void entry_text(FILE *f, const struct plan_view *v)
{
	if (view_u64(v, KX_KEY_ENTRY32))
		report_field(
		    f, "entry:",
		    "0x%" PRIx64 ", 32-bit protected mode, paging off, "
		    "EAX 0x%08" PRIx64 ", EBX 0x%" PRIx64,
		    view_u64(v, KX_KEY_MB_ENTRY), view_u64(v, KX_KEY_MB_MAGIC),
		    view_u64(v, KX_KEY_INFO_ADDR));
	else
		report_field(f, "entry:",
			     "0x%" PRIx64 ", 64-bit jump on the identity map, "
			     "no information",
			     view_u64(v, KX_KEY_MB_ENTRY));
}

static void modules_text(FILE *f, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_MODULES);
	char h[SIZE_TEXT];

	for (size_t i = 0; i < n; i++) {
		uint64_t start = module(v, i, KX_KEY_START);

		report_field(f, i ? "" : "modules:", "0x%" PRIx64 " %s  %s",
			     start, report_size(module_size(v, i), h),
			     module_str(v, i, KX_KEY_ARGS));
	}
}

static void notes_text(FILE *f, const struct plan_view *v)
{
	char lines[NOTES_MAX][NOTE_LEN];
	size_t n = plan_notes(v, lines);

	for (size_t i = 0; i < n; i++)
		report_field(f, i ? "" : "notes:", "%s", lines[i]);
}

/* The block's lines, each indented under the "information:" label. */
static void info_text(FILE *f, const struct plan_view *v)
{
	char *text = NULL, h[SIZE_TEXT];
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	report_field(f, "information:",
		     "Multiboot %" PRIu64 " block at 0x%" PRIx64 " (%s):",
		     view_u64(v, KX_KEY_MB_VERSION),
		     view_u64(v, KX_KEY_INFO_ADDR),
		     report_size(view_u64(v, KX_KEY_INFO_SIZE), h));
	if (!mem)
		return;
	report_mbinfo_text(mem, v);
	fclose(mem);
	for (const char *s = text; s && *s;) {
		size_t n = strcspn(s, "\n");

		fprintf(f, "  %.*s\n", (int)n, s);
		s += n + (s[n] == '\n');
	}
	free(text);
}

void report_multiboot_text(FILE *f, const struct plan_view *v)
{
	report_field(f, "image at:",
		     "0x%" PRIx64 "-0x%" PRIx64 " (%s, by physical address%s)",
		     view_u64(v, KX_KEY_IMAGE_START),
		     view_u64(v, KX_KEY_IMAGE_END) - 1, image_kind(v),
		     view_u64(v, KX_KEY_RELOCATED) ? ", relocated" : "");
	entry_text(f, v);
	modules_text(f, v);
	if (view_u64(v, KX_KEY_MB_VERSION))
		report_field(
		    f, "memory map:", "from %s",
		    words_memmap_source(view_u64(v, KX_KEY_MEMMAP_SOURCE)));
	notes_text(f, v);
	if (view_u64(v, KX_KEY_INFO_ADDR))
		info_text(f, v);
	report_purgatory_text(f, v);
}

/* ---- JSON ------------------------------------------------------------ */

static void modules_json(struct json *j, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_MODULES);

	json_begin_array(j, "modules");
	for (size_t i = 0; i < n; i++) {
		uint64_t start = module(v, i, KX_KEY_START);

		json_begin_object(j, NULL);
		json_string(j, "path", module_str(v, i, KX_KEY_PATH));
		json_string(j, "cmdline", module_str(v, i, KX_KEY_ARGS));
		json_uint(j, "addr", start);
		json_uint(j, "size", module_size(v, i));
		json_end_object(j);
	}
	json_end_array(j);
}

/* The information block as a list of its lines. */
static void info_json(struct json *j, const struct plan_view *v)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	json_begin_array(j, "info");
	if (mem && view_u64(v, KX_KEY_INFO_ADDR))
		report_mbinfo_text(mem, v);
	if (mem)
		fclose(mem);
	for (char *s = text; s && *s;) {
		size_t n = strcspn(s, "\n");
		char end = s[n];

		s[n] = '\0';
		json_string(j, NULL, s);
		s += n + (end == '\n');
	}
	json_end_array(j);
	free(text);
}

static void notes_json(struct json *j, const struct plan_view *v)
{
	char lines[NOTES_MAX][NOTE_LEN];
	size_t n = plan_notes(v, lines);

	json_begin_array(j, "notes");
	for (size_t i = 0; i < n; i++)
		json_string(j, NULL, lines[i]);
	json_end_array(j);
}

void report_multiboot_json(struct json *j, const struct plan_view *v)
{
	static const struct member image[] = {
	    {"version", KX_KEY_MB_VERSION, MEMBER_UINT},
	    {"elf_class", KX_KEY_ELF_CLASS, MEMBER_UINT},
	    {"relocated", KX_KEY_RELOCATED, MEMBER_BOOL},
	    {"image_start", KX_KEY_IMAGE_START, MEMBER_UINT},
	    {"image_end", KX_KEY_IMAGE_END, MEMBER_UINT},
	    {"entry", KX_KEY_MB_ENTRY, MEMBER_UINT},
	    {"entry32", KX_KEY_ENTRY32, MEMBER_BOOL},
	    {"magic", KX_KEY_MB_MAGIC, MEMBER_UINT},
	    {"info_addr", KX_KEY_INFO_ADDR, MEMBER_UINT},
	    {"info_size", KX_KEY_INFO_SIZE, MEMBER_UINT},
	};

	json_begin_object(j, "multiboot");
	report_members_json(j, v, image, N_MEMBERS(image));
	modules_json(j, v);
	json_string(j, "memmap_source",
		    words_memmap_source(view_u64(v, KX_KEY_MEMMAP_SOURCE)));
	info_json(j, v);
	notes_json(j, v);
	json_uint(j, "purgatory_addr", view_u64(v, KX_KEY_PURGATORY_ADDR));
	json_bool(j, "checks", view_u64(v, KX_KEY_CHECKS));
	if (view_has(v, KX_KEY_VERIFY))
		json_string(j, "verify", view_str(v, KX_KEY_VERIFY));
	json_end_object(j);
}
