/* The plan report written from fields alone: the Multiboot information
 * block in words against the golden files the library's own describer
 * used to match, and the parts of a report that depend only on fields
 * (sizes, names of sources and reasons), from a made-up plan view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"
#include "view.h"

#define GOLDEN1	   "tests/fixtures/multiboot/mbinfo1.txt"
#define GOLDEN2	   "tests/fixtures/multiboot/mbinfo2.txt"
#define MAX_FIELDS 64
#define MAX_ITEMS  16

struct field {
	enum kx_key key;
	uint64_t u64;
	const char *str; /* NULL: a number */
};

struct fields {
	struct field v[MAX_FIELDS];
	size_t n;
};

/* A plan made of fields, as the library would describe one. */
struct fake_plan {
	struct fields top;
	struct fields items[KX_LIST__MAX][MAX_ITEMS];
	size_t n_items[KX_LIST__MAX];
};

static const struct field *find(const struct fields *f, enum kx_key key)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].key == key)
			return &f->v[i];
	return NULL;
}

static int get_u64_in(const struct fields *f, enum kx_key key, uint64_t *v)
{
	const struct field *x = find(f, key);

	if (!x || x->str)
		return -2;
	*v = x->u64;
	return 0;
}

static const char *get_str_in(const struct fields *f, enum kx_key key)
{
	const struct field *x = find(f, key);

	return x ? x->str : NULL;
}

static int fake_get_u64(const void *obj, enum kx_key key, uint64_t *v)
{
	return get_u64_in(&((const struct fake_plan *)obj)->top, key, v);
}

static const char *fake_get_str(const void *obj, enum kx_key key)
{
	return get_str_in(&((const struct fake_plan *)obj)->top, key);
}

static size_t fake_count(const void *obj, enum kx_list list)
{
	return ((const struct fake_plan *)obj)->n_items[list];
}

static int fake_item_u64(const void *obj, enum kx_list list, size_t i,
			 enum kx_key key, uint64_t *v)
{
	const struct fake_plan *p = obj;

	return i < p->n_items[list] ? get_u64_in(&p->items[list][i], key, v)
				    : -2;
}

static const char *fake_item_str(const void *obj, enum kx_list list, size_t i,
				 enum kx_key key)
{
	const struct fake_plan *p = obj;

	return i < p->n_items[list] ? get_str_in(&p->items[list][i], key)
				    : NULL;
}

static struct plan_view fake_view(const struct fake_plan *p)
{
	return (struct plan_view){
	    .obj = p,
	    .get_u64 = fake_get_u64,
	    .get_str = fake_get_str,
	    .count = fake_count,
	    .item_u64 = fake_item_u64,
	    .item_str = fake_item_str,
	};
}

static void put(struct fields *f, enum kx_key key, uint64_t v)
{
	assert_true(f->n < MAX_FIELDS);
	f->v[f->n++] = (struct field){key, v, NULL};
}

static void put_str(struct fields *f, enum kx_key key, const char *s)
{
	assert_true(f->n < MAX_FIELDS);
	f->v[f->n++] = (struct field){key, 0, s};
}

static struct fields *item(struct fake_plan *p, enum kx_list list)
{
	assert_true(p->n_items[list] < MAX_ITEMS);
	return &p->items[list][p->n_items[list]++];
}

/* ---- the blocks of tests/unit/test_mbinfo1.c and test_mbinfo2.c ------- */

static void add_module(struct fake_plan *p, uint64_t start, uint64_t end,
		       const char *args)
{
	struct fields *m = item(p, KX_LIST_INFO_MODULES);

	put(m, KX_KEY_START, start);
	put(m, KX_KEY_END, end);
	put_str(m, KX_KEY_ARGS, args);
}

static void add_mmap(struct fake_plan *p, uint64_t start, uint64_t size,
		     uint64_t type)
{
	struct fields *e = item(p, KX_LIST_INFO_MMAP);

	put(e, KX_KEY_START, start);
	put(e, KX_KEY_SIZE, size);
	put(e, KX_KEY_TYPE, type);
}

/* Red, green and blue as (size, position) bytes, lowest first. */
static uint64_t rgb(unsigned rs, unsigned rp, unsigned gs, unsigned gp,
		    unsigned bs, unsigned bp)
{
	return (uint64_t)rs | (uint64_t)rp << 8 | (uint64_t)gs << 16 |
	       (uint64_t)gp << 24 | (uint64_t)bs << 32 | (uint64_t)bp << 40;
}

/* What both golden blocks share; MMAP5 is the one entry they differ in. */
static void common_block(struct fake_plan *p, const uint64_t mmap5[3])
{
	struct fields *t = &p->top;

	put(t, KX_KEY_INFO_ADDR, 0x203000);
	put(t, KX_KEY_INFO_MEM_LOWER, 639);
	put(t, KX_KEY_INFO_MEM_UPPER, 2094976);
	put_str(t, KX_KEY_INFO_CMDLINE,
		"/boot/probe.elf console=ttyS0,115200 debug");
	put_str(t, KX_KEY_INFO_LOADER_NAME, "libkexec 0.1.0");
	add_module(p, 0x200000, 0x201234, "/boot/mod1.bin alpha=1");
	add_module(p, 0x202000, 0x202800, "/boot/mod2.bin");
	add_mmap(p, 0, 0x9fc00, 1);
	add_mmap(p, 0x9fc00, 0x400, 2);
	add_mmap(p, 0xf0000, 0x10000, 2);
	add_mmap(p, 0x100000, 0x7fde0000, 1);
	add_mmap(p, 0x7fee0000, 0x20000, 3);
	add_mmap(p, mmap5[0], mmap5[1], mmap5[2]);
	add_mmap(p, 0xfffc0000, 0x40000, 2);
	add_mmap(p, 0x100000000, 0x80000000, 1);
	put(t, KX_KEY_INFO_FB_TYPE, 1);
	put(t, KX_KEY_INFO_FB_BPP, 32);
	put(t, KX_KEY_INFO_FB_RGB, rgb(8, 16, 8, 8, 8, 0));
}

static void mb1_block(struct fake_plan *p)
{
	static const uint64_t mmap5[3] = {0xfeffc000, 0x4000, 2};
	struct fields *t = &p->top;

	put(t, KX_KEY_MB_VERSION, 1);
	put(t, KX_KEY_INFO_SIZE, 440);
	put(t, KX_KEY_INFO_FLAGS, 0x124d);
	common_block(p, mmap5);
	put(t, KX_KEY_INFO_FB_ADDR, 0xfd000000);
	put(t, KX_KEY_INFO_FB_WIDTH, 1024);
	put(t, KX_KEY_INFO_FB_HEIGHT, 768);
	put(t, KX_KEY_INFO_FB_PITCH, 4096);
}

static void mb2_block(struct fake_plan *p)
{
	static const uint64_t mmap5[3] = {0x7ff00000, 0x10000, 4};
	struct fields *t = &p->top;

	put(t, KX_KEY_MB_VERSION, 2);
	put(t, KX_KEY_INFO_SIZE, 656);
	put(t, KX_KEY_INFO_TAGS, 13);
	common_block(p, mmap5);
	put(t, KX_KEY_INFO_FB_ADDR, 0x80000000);
	put(t, KX_KEY_INFO_FB_WIDTH, 1280);
	put(t, KX_KEY_INFO_FB_HEIGHT, 800);
	put(t, KX_KEY_INFO_FB_PITCH, 5120);
	put(t, KX_KEY_INFO_RSDP_OLD_LEN, 20);
	put(t, KX_KEY_INFO_RSDP_NEW_LEN, 36);
	put(t, KX_KEY_INFO_RSDP_REVISION, 2);
	put(t, KX_KEY_INFO_RSDT, 0x7ffe1234);
	put(t, KX_KEY_INFO_XSDT, 0x7ffe5678);
	put(t, KX_KEY_INFO_EFI64_SYSTAB, 0x7fe8e018);
	put(t, KX_KEY_INFO_EFI_MMAP_SIZE, 96);
	put(t, KX_KEY_INFO_EFI_DESC_SIZE, 48);
	put(t, KX_KEY_INFO_EFI_DESC_VERSION, 1);
	put(t, KX_KEY_INFO_LOAD_BASE, 0x100000);
}

/* ---- capture ----------------------------------------------------------- */

static char *read_file(const char *path)
{
	FILE *in = fopen(path, "r");
	char *text = calloc(1, 65536);
	size_t n;

	assert_non_null(in);
	assert_non_null(text);
	n = fread(text, 1, 65535, in);
	assert_true(n > 0);
	fclose(in);
	return text;
}

static char *mbinfo_words(const struct fake_plan *p)
{
	struct plan_view v = fake_view(p);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	report_mbinfo_text(f, &v);
	fclose(f);
	return text;
}

static void assert_golden(const struct fake_plan *p, const char *golden)
{
	char *want = read_file(golden);
	char *have = mbinfo_words(p);

	assert_string_equal(have, want);
	free(want);
	free(have);
}

static void test_mbinfo1_golden(void **state)
{
	struct fake_plan *p = calloc(1, sizeof(*p));

	(void)state;
	mb1_block(p);
	assert_golden(p, GOLDEN1);
	free(p);
}

static void test_mbinfo2_golden(void **state)
{
	struct fake_plan *p = calloc(1, sizeof(*p));

	(void)state;
	mb2_block(p);
	assert_golden(p, GOLDEN2);
	free(p);
}

/* A command line with bytes a kernel may choke on is shown escaped. */
static void test_mbinfo_escapes_strings(void **state)
{
	struct fake_plan *p = calloc(1, sizeof(*p));
	char *text;

	(void)state;
	put(&p->top, KX_KEY_MB_VERSION, 1);
	put(&p->top, KX_KEY_INFO_FLAGS, 0x4);
	put_str(&p->top, KX_KEY_INFO_CMDLINE, "a\\b\tc\x7f");
	text = mbinfo_words(p);
	assert_non_null(strstr(text, "flags: 0x00000004 (cmdline)\n"));
	assert_non_null(strstr(text, "cmdline: a\\x5cb\\x09c\\x7f\n"));
	assert_null(strstr(text, "modules:"));
	assert_null(strstr(text, "mmap:"));
	free(text);
	free(p);
}

/* ---- the JSON of a whole plan ------------------------------------------ */

/* A strict reader of what json.c writes: returns the end of the value at
 * S, or NULL when it is not valid JSON. */
static const char *json_value(const char *s);

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
		s++;
	return s;
}

static const char *json_string_end(const char *s)
{
	if (*s++ != '"')
		return NULL;
	for (; *s && *s != '"'; s++) {
		if ((unsigned char)*s < 0x20)
			return NULL;
		if (*s == '\\' && !*++s)
			return NULL;
	}
	return *s == '"' ? s + 1 : NULL;
}

static const char *json_members(const char *s, char close, bool keyed)
{
	s = skip_ws(s);
	if (*s == close)
		return s + 1;
	for (;;) {
		if (keyed) {
			s = json_string_end(skip_ws(s));
			if (!s || *(s = skip_ws(s)) != ':')
				return NULL;
			s++;
		}
		s = json_value(s);
		if (!s)
			return NULL;
		s = skip_ws(s);
		if (*s == close)
			return s + 1;
		if (*s++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *s)
{
	s = skip_ws(s);
	if (*s == '{')
		return json_members(s + 1, '}', true);
	if (*s == '[')
		return json_members(s + 1, ']', false);
	if (*s == '"')
		return json_string_end(s);
	if (*s >= '0' && *s <= '9') {
		while (*s >= '0' && *s <= '9')
			s++;
		return s;
	}
	for (const char *const *w =
		 (const char *const[]){"true", "false", "null", NULL};
	     *w; w++)
		if (!strncmp(s, *w, strlen(*w)))
			return s + strlen(*w);
	return NULL;
}

static void assert_valid_json(const char *text)
{
	const char *end = json_value(text);

	if (!end || *skip_ws(end))
		fail_msg("not valid JSON:\n%s", text);
}

static void assert_keys(const char *text, const char *const *keys)
{
	char quoted[64];

	for (; *keys; keys++) {
		snprintf(quoted, sizeof(quoted), "\"%s\": ", *keys);
		if (!strstr(text, quoted))
			fail_msg("key %s missing from:\n%s", *keys, text);
	}
}

static char *plan_json(const struct fake_plan *p, const struct kexec_options *o)
{
	struct plan_view v = fake_view(p);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	report_plan_json(f, &v, o);
	fclose(f);
	return text;
}

static void add_segment(struct fake_plan *p, const char *name, uint64_t mem)
{
	struct fields *s = item(p, KX_LIST_SEGMENTS);

	put_str(s, KX_KEY_NAME, name);
	put(s, KX_KEY_MEM, mem);
	put(s, KX_KEY_BUFSZ, 4096);
	put(s, KX_KEY_MEMSZ, 8192);
}

/* A bzImage planned for kexec_load, with the fields the library gives. */
static void linux_plan(struct fake_plan *p)
{
	struct fields *t = &p->top;
	struct fields *e;

	put(t, KX_KEY_IMAGE_TYPE, KX_IMAGE_BZIMAGE);
	put_str(t, KX_KEY_KERNEL_PATH, "/boot/vmlinuz \"new\"");
	put(t, KX_KEY_KERNEL_FILE_SIZE, 8 << 20);
	put(t, KX_KEY_KERNEL_SIZE, 8 << 20);
	put(t, KX_KEY_BOOT_PROTOCOL, 0x020f);
	put(t, KX_KEY_XLOADFLAGS, 0x13);
	put(t, KX_KEY_CMDLINE_MAX, 2047);
	put_str(t, KX_KEY_CMDLINE, "root=/dev/vda\tquiet");
	put(t, KX_KEY_SYSCALL, KX_SYSCALL_CLASSIC);
	put(t, KX_KEY_CLASSIC, 1);
	put(t, KX_KEY_ENTRY, 0x7000000);
	put(t, KX_KEY_EFI_REASON, KX_REASON_NOT_EFI);
	put(t, KX_KEY_MEMMAP_SOURCE, KX_SOURCE_SYSFS_MEMMAP);
	add_segment(p, "kernel", 0x1000000);
	add_segment(p, "purgatory", 0x7000000);
	e = item(p, KX_LIST_E820);
	put(e, KX_KEY_START, 0x100000);
	put(e, KX_KEY_END, 0x80000000);
	put(e, KX_KEY_TYPE, 1);
}

static void test_linux_plan_json(void **state)
{
	static const char *const keys[] = {"dry_run",
					   "action",
					   "type",
					   "kernel",
					   "path",
					   "file_size",
					   "compression",
					   "size",
					   "bzimage",
					   "protocol",
					   "version",
					   "xloadflags",
					   "xloadflags_names",
					   "relocatable",
					   "kernel_alignment",
					   "pref_address",
					   "init_size",
					   "cmdline_size",
					   "initrd",
					   "cmdline",
					   "cmdline_length",
					   "cmdline_max",
					   "syscall",
					   "fallback",
					   "crash",
					   "entry",
					   "segments",
					   "what",
					   "mem",
					   "bufsz",
					   "memsz",
					   "linux_boot",
					   "kernel_addr",
					   "kernel_entry",
					   "boot_params_addr",
					   "cmdline_addr",
					   "initrd_addr",
					   "initrd_size",
					   "acpi_rsdp",
					   "rsdp_source",
					   "memmap_source",
					   "e820",
					   "start",
					   "end",
					   "setup_data",
					   "efi",
					   "efi_note",
					   "efi_systab",
					   "rng_seed",
					   "purgatory_addr",
					   "checks",
					   "then",
					   NULL};
	struct fake_plan *p = calloc(1, sizeof(*p));
	struct kexec_options o = {.action = KEXEC_ACT_LOAD, .dry_run = true};
	char *text;

	(void)state;
	linux_plan(p);
	text = plan_json(p, &o);
	assert_valid_json(text);
	assert_keys(text, keys);
	assert_non_null(strstr(text, "\"efi_note\": \"the machine did not "
				     "boot through EFI\""));
	assert_non_null(strstr(text, "\"memmap_source\": "
				     "\"/sys/firmware/memmap\""));
	assert_non_null(
	    strstr(text, "\"xloadflags_names\": [\n      \"KERNEL_64\""));
	free(text);
	free(p);
}

/* A Multiboot 1 kernel that -a sent to kexec_load, with notes. */
static void multiboot_plan(struct fake_plan *p)
{
	struct fields *t = &p->top, *m, *n;

	mb1_block(p);
	put(t, KX_KEY_IMAGE_TYPE, KX_IMAGE_MULTIBOOT1);
	put_str(t, KX_KEY_KERNEL_PATH, "/boot/probe.elf");
	put(t, KX_KEY_SYSCALL, KX_SYSCALL_AUTO);
	put(t, KX_KEY_SYSCALL_REASON, KX_REASON_FILE_LOAD_NO_MULTIBOOT);
	put(t, KX_KEY_CLASSIC, 1);
	put(t, KX_KEY_ELF_CLASS, 32);
	put(t, KX_KEY_ENTRY32, 1);
	put(t, KX_KEY_MB_MAGIC, 0x2badb002);
	m = item(p, KX_LIST_MODULES);
	put_str(m, KX_KEY_PATH, "/boot/mod1.bin");
	put_str(m, KX_KEY_ARGS, "/boot/mod1.bin alpha=1");
	put(m, KX_KEY_START, 0x200000);
	put(m, KX_KEY_SIZE, 0x1234);
	n = item(p, KX_LIST_NOTES);
	put(n, KX_KEY_CODE, KX_NOTE_FB_PASSED);
	add_segment(p, "kernel 0+multiboot info", 0x100000);
}

static void test_multiboot_plan_json(void **state)
{
	static const char *const keys[] = {
	    "type",	    "cmdline_max",    "syscall",       "fallback",
	    "syscall_note", "segments",	      "multiboot",     "version",
	    "elf_class",    "relocated",      "image_start",   "image_end",
	    "entry",	    "entry32",	      "magic",	       "info_addr",
	    "info_size",    "modules",	      "path",	       "cmdline",
	    "addr",	    "size",	      "memmap_source", "info",
	    "notes",	    "purgatory_addr", "checks",	       NULL};
	struct fake_plan *p = calloc(1, sizeof(*p));
	struct kexec_options o = {.action = KEXEC_ACT_LOAD, .dry_run = true};
	char *text;

	(void)state;
	multiboot_plan(p);
	text = plan_json(p, &o);
	assert_valid_json(text);
	assert_keys(text, keys);
	assert_non_null(strstr(text, "\"syscall\": \"kexec_load\""));
	assert_non_null(strstr(text, "\"fallback\": null"));
	assert_non_null(strstr(text, "\"syscall_note\": \"the kernel's own "
				     "loader cannot parse Multiboot\""));
	assert_non_null(strstr(text, "\"size\": 4660"));
	assert_non_null(strstr(text, "\"framebuffer: as the firmware set it "
				     "up (boot_params screen_info)\""));
	assert_non_null(strstr(text, "    \"protocol: Multiboot 1\",\n"));
	free(text);
	free(p);
}

/* The text of the same plan: the syscall line and the block, indented. */
static void test_multiboot_plan_text(void **state)
{
	struct fake_plan *p = calloc(1, sizeof(*p));
	struct kexec_options o = {.action = KEXEC_ACT_LOAD, .dry_run = true};
	struct plan_view v;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	multiboot_plan(p);
	v = fake_view(p);
	report_plan_text(f, &v, &o);
	fclose(f);
	assert_non_null(strstr(text, "syscall:           kexec_load (the "
				     "kernel's own loader cannot parse "
				     "Multiboot)\n"));
	assert_non_null(strstr(text, "modules:           0x200000 4.6 KiB  "
				     "/boot/mod1.bin alpha=1\n"));
	assert_non_null(strstr(text, "information:       Multiboot 1 block at "
				     "0x203000 (440 bytes):\n"
				     "  protocol: Multiboot 1\n"));
	assert_non_null(strstr(text, "  0x0000000000100000  data 4 KiB        "
				     "memory 8 KiB        kernel 0+multiboot "
				     "info\n"));
	free(text);
	free(p);
}

static char *purgatory_text(struct fake_plan *p, const char *alg)
{
	struct kexec_options o = {.action = KEXEC_ACT_LOAD, .dry_run = true};
	struct plan_view v;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	put(&p->top, KX_KEY_PURGATORY_ADDR, 0x7000000);
	put(&p->top, KX_KEY_CHECKS, alg == NULL || strcmp(alg, "none"));
	if (alg)
		put_str(&p->top, KX_KEY_VERIFY, alg);
	v = fake_view(p);
	report_plan_text(f, &v, &o);
	fclose(f);
	return text;
}

/* The "purgatory:" line names the digest; SHA-256 keeps the old words, and
 * a plan without KX_KEY_VERIFY (from before it) still reads SHA-256. */
static void test_purgatory_line(void **state)
{
	static const struct {
		const char *alg, *line;
	} cases[] = {
	    {"xxh3-128", "verifies XXH3-128 of every segment before jumping"},
	    {"sha256", "verifies SHA-256 of every segment before jumping"},
	    {"none", "checks off (-i)"},
	    {NULL, "verifies SHA-256 of every segment before jumping"},
	};
	char want[128];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake_plan *p = calloc(1, sizeof(*p));
		char *text;

		assert_non_null(p);
		multiboot_plan(p);
		text = purgatory_text(p, cases[i].alg);
		snprintf(want, sizeof(want),
			 "purgatory:         at 0x7000000, %s\n", cases[i].line);
		if (!strstr(text, want))
			fail_msg("no \"%s\" in:\n%s", want, text);
		free(text);
		free(p);
	}
}

static void test_verify_json(void **state)
{
	struct fake_plan *p = calloc(1, sizeof(*p));
	struct kexec_options o = {.action = KEXEC_ACT_LOAD, .dry_run = true};
	char *text;

	(void)state;
	linux_plan(p);
	put_str(&p->top, KX_KEY_VERIFY, "xxh3-128");
	text = plan_json(p, &o);
	assert_valid_json(text);
	assert_non_null(strstr(text, "\"verify\": \"xxh3-128\""));
	free(text);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mbinfo1_golden),
	    cmocka_unit_test(test_mbinfo2_golden),
	    cmocka_unit_test(test_mbinfo_escapes_strings),
	    cmocka_unit_test(test_linux_plan_json),
	    cmocka_unit_test(test_multiboot_plan_json),
	    cmocka_unit_test(test_multiboot_plan_text),
	    cmocka_unit_test(test_purgatory_line),
	    cmocka_unit_test(test_verify_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
