/* The crash (-p) part of a plan report: the crashkernel= reservation and,
 * for kexec_load, the ELF core headers the capture kernel will read. */
#include <inttypes.h>

#include "report_parts.h"
#include "words.h"

#define PT_NOTE 4

static uint64_t region(const struct plan_view *v, size_t i, enum kx_key key)
{
	return view_item_u64(v, KX_LIST_CRASH_REGIONS, i, key);
}

static uint64_t phdr(const struct plan_view *v, size_t i, enum kx_key key)
{
	return view_item_u64(v, KX_LIST_CORE_PHDRS, i, key);
}

static const char *phdr_name(const struct plan_view *v, size_t i)
{
	const char *name = view_item_str(v, KX_LIST_CORE_PHDRS, i, KX_KEY_NAME);

	return name ? name : "";
}

/* The reservation the kernel goes into: the highest one. */
static size_t used_region(const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_CRASH_REGIONS), best = 0;

	for (size_t i = 1; i < n; i++)
		if (region(v, i, KX_KEY_START) > region(v, best, KX_KEY_START))
			best = i;
	return best;
}

/* "  load  START-END  SIZE  WHAT at VADDR", one line per program header. */
static void phdr_text(FILE *f, const struct plan_view *v, size_t i)
{
	uint64_t paddr = phdr(v, i, KX_KEY_PADDR);
	uint64_t size = phdr(v, i, KX_KEY_SIZE);
	uint64_t vaddr = phdr(v, i, KX_KEY_VADDR);
	char h[SIZE_TEXT];

	fprintf(f, "  %s  0x%016" PRIx64 "-0x%016" PRIx64 "  %10s  %s",
		phdr(v, i, KX_KEY_TYPE) == PT_NOTE ? "note" : "load", paddr,
		paddr + size - 1, report_size(size, h), phdr_name(v, i));
	if (vaddr)
		fprintf(f, " at 0x%016" PRIx64, vaddr);
	fputc('\n', f);
}

static void regions_text(FILE *f, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_CRASH_REGIONS), used = used_region(v);
	char h[SIZE_TEXT];

	for (size_t i = 0; i < n; i++) {
		uint64_t start = region(v, i, KX_KEY_START);
		uint64_t end = region(v, i, KX_KEY_END);

		report_field(f, i ? "" : "crash kernel at:",
			     "0x%" PRIx64 "-0x%" PRIx64 " (%s)%s", start,
			     end - 1, report_size(end - start, h),
			     n > 1 && i == used ? ", used" : "");
	}
}

void report_crash_text(FILE *f, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_CORE_PHDRS);
	char h[SIZE_TEXT];

	regions_text(f, v);
	if (!n)
		return;
	report_field(f,
		     "elfcorehdr:", "0x%" PRIx64 " (%s), %zu program headers",
		     view_u64(v, KX_KEY_ELFCOREHDR_ADDR),
		     report_size(view_u64(v, KX_KEY_ELFCOREHDR_SIZE), h), n);
	report_field(f, "", "virtual addresses from %s",
		     words_vaddr_source(view_u64(v, KX_KEY_VADDR_SOURCE)));
	for (size_t i = 0; i < n; i++)
		phdr_text(f, v, i);
}

static void regions_json(struct json *j, const struct plan_view *v)
{
	static const struct member m[] = {
	    {"start", KX_KEY_START, MEMBER_UINT},
	    {"end", KX_KEY_END, MEMBER_UINT},
	};

	report_list_json(j, "regions", v, KX_LIST_CRASH_REGIONS, m,
			 N_MEMBERS(m));
}

static void phdrs_json(struct json *j, const struct plan_view *v)
{
	size_t n = view_count(v, KX_LIST_CORE_PHDRS);

	json_begin_array(j, "phdrs");
	for (size_t i = 0; i < n; i++) {
		json_begin_object(j, NULL);
		json_string(j, "type",
			    phdr(v, i, KX_KEY_TYPE) == PT_NOTE ? "PT_NOTE"
							       : "PT_LOAD");
		json_uint(j, "paddr", phdr(v, i, KX_KEY_PADDR));
		json_uint(j, "vaddr", phdr(v, i, KX_KEY_VADDR));
		json_uint(j, "size", phdr(v, i, KX_KEY_SIZE));
		json_string(j, "what", phdr_name(v, i));
		json_end_object(j);
	}
	json_end_array(j);
}

void report_crash_json(struct json *j, const struct plan_view *v)
{
	json_begin_object(j, "crash_info");
	regions_json(j, v);
	if (view_count(v, KX_LIST_CORE_PHDRS)) {
		json_uint(j, "elfcorehdr_addr",
			  view_u64(v, KX_KEY_ELFCOREHDR_ADDR));
		json_uint(j, "elfcorehdr_size",
			  view_u64(v, KX_KEY_ELFCOREHDR_SIZE));
		json_string(
		    j, "vaddr_source",
		    words_vaddr_source(view_u64(v, KX_KEY_VADDR_SOURCE)));
	}
	phdrs_json(j, v);
	json_end_object(j);
}
