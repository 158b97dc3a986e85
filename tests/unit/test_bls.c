/* Boot Loader Specification Type #1 entries, their order, version
 * comparison, loader.conf and systemd-boot's EFI variables. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/file.h"
#include "entries/bls.h"
#include "entries/entries.h"
#include "entries/loader.h"
#include "helpers.h"

#define FIXTURES "tests/fixtures/entries"
#define GUID	 "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"

struct fixture {
	char *root;
	kx_ctx *ctx;
	kx_entry_list *list;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->root = th_mkdtemp();
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, f->root);
	th_copy_tree(FIXTURES "/bls-root", f->root, "");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kx_entries_free(f->list);
	kx_ctx_free(f->ctx);
	th_rmtree(f->root);
	free(f->root);
	free(f);
	return 0;
}

static const struct kx_entry *by_id(const kx_entry_list *l, const char *id)
{
	for (size_t i = 0; i < kx_entries_count(l); i++)
		if (!strcmp(kx_entries_get(l, i)->id, id))
			return kx_entries_get(l, i);
	return NULL;
}

static const char *default_id(const kx_entry_list *l)
{
	for (size_t i = 0; i < kx_entries_count(l); i++)
		if (kx_entries_get(l, i)->is_default)
			return kx_entries_get(l, i)->id;
	return NULL;
}

static void list_bls(struct fixture *f)
{
	kx_entries_free(f->list);
	f->list = NULL;
	assert_int_equal(kx_entries_list(f->ctx, KX_ENTRIES_BLS, &f->list), 0);
}

/* ---- parsing one entry ---------------------------------------------- */

static int parse(const char *fname, const char *text, struct ent_rec *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->pub.tries_left = r->pub.tries_done = -1;
	rc = bls_parse(fname, text, strlen(text), "/R/boot", r);
	if (!rc)
		rc = ent_finish(r);
	return rc;
}

static void test_parse_every_key(void **state)
{
	struct ent_rec r;

	(void)state;
	assert_int_equal(parse("f.conf",
			       "# comment\n"
			       "  title   Fedora Linux  \n"
			       "version 6.5.6\r\n"
			       "machine-id abc\n"
			       "sort-key fedora\n"
			       "linux /vmlinuz-6.5.6\n"
			       "initrd /ucode.img\n"
			       "initrd initramfs.img\n"
			       "options root=/dev/sda1   ro\n"
			       "options\tquiet\n"
			       "devicetree /dtb/board.dtb\n"
			       "devicetree-overlay /a.dtbo /b.dtbo\n"
			       "architecture X64\n"
			       "unknown-key whatever\n",
			       &r),
			 0);
	assert_string_equal(r.pub.id, "f");
	assert_string_equal(r.pub.title, "Fedora Linux");
	assert_string_equal(r.pub.version, "6.5.6");
	assert_string_equal(r.pub.machine_id, "abc");
	assert_string_equal(r.pub.sort_key, "fedora");
	assert_string_equal(r.pub.kernel, "/R/boot/vmlinuz-6.5.6");
	assert_int_equal(r.pub.n_initrds, 2);
	assert_string_equal(r.pub.initrds[0], "/R/boot/ucode.img");
	/* A path without its leading slash is still relative to $BOOT. */
	assert_string_equal(r.pub.initrds[1], "/R/boot/initramfs.img");
	assert_string_equal(r.pub.options, "root=/dev/sda1   ro quiet");
	assert_string_equal(r.pub.devicetree, "/R/boot/dtb/board.dtb");
	assert_string_equal(r.pub.architecture, "X64");
	assert_int_equal(r.pub.source, KX_ENTRY_BLS);
	assert_int_equal(r.pub.tries_left, -1);
	ent_rec_free(&r);
}

static void test_parse_lines_without_values(void **state)
{
	struct ent_rec r;

	(void)state;
	assert_int_equal(parse("x.conf", "title\nlinux\noptions\n", &r),
			 -EINVAL);
	ent_rec_free(&r);
	assert_int_equal(
	    parse("x.conf", "title \t\noptions\noptions a\nlinux /k\n", &r), 0);
	/* No title: the id stands in. */
	assert_string_equal(r.pub.title, "x");
	assert_string_equal(r.pub.options, "a");
	ent_rec_free(&r);
}

static void test_parse_other_architecture(void **state)
{
	struct ent_rec r;

	(void)state;
	assert_int_equal(
	    parse("a.conf", "linux /Image\narchitecture aa64\n", &r), -EINVAL);
	ent_rec_free(&r);
}

static void test_parse_efi_only(void **state)
{
	struct ent_rec r;

	(void)state;
	assert_int_equal(
	    parse("u.conf", "title UKI\nefi /EFI/Linux/u.efi\n", &r), 0);
	assert_string_equal(r.pub.kernel, "/R/boot/EFI/Linux/u.efi");
	ent_rec_free(&r);
}

static void test_parse_huge_line(void **state)
{
	size_t n = 300000;
	char *text = malloc(n + 64);
	struct ent_rec r;

	(void)state;
	strcpy(text, "linux /k\noptions ");
	memset(text + strlen(text), 'x', n);
	strcpy(text + 17 + n, "\n");
	assert_int_equal(parse("h.conf", text, &r), 0);
	assert_int_equal(strlen(r.pub.options), n);
	ent_rec_free(&r);
	free(text);
}

static void test_strip_counter(void **state)
{
	char *out;
	int left, done;

	(void)state;
	assert_int_equal(ent_strip_counter("a+3-1.conf", &out, &left, &done),
			 0);
	assert_string_equal(out, "a.conf");
	assert_int_equal(left, 3);
	assert_int_equal(done, 1);
	free(out);
	assert_int_equal(ent_strip_counter("a+5.conf", &out, &left, &done), 0);
	assert_string_equal(out, "a.conf");
	assert_int_equal(left, 5);
	assert_int_equal(done, 0);
	free(out);
	/* Not a counter: kept in the name. */
	assert_int_equal(ent_strip_counter("c++x.conf", &out, &left, &done), 0);
	assert_string_equal(out, "c++x.conf");
	assert_int_equal(left, -1);
	free(out);
	assert_int_equal(ent_strip_counter("v+1-.conf", &out, &left, &done), 0);
	assert_string_equal(out, "v+1-.conf");
	free(out);
	/* The counter cannot be the whole name: the id would be empty. */
	assert_int_equal(ent_strip_counter("+3-1.conf", &out, &left, &done),
			 0);
	assert_string_equal(out, "+3-1.conf");
	assert_int_equal(left, -1);
	free(out);
}

/* ---- versions ------------------------------------------------------- */

static void test_version_compare(void **state)
{
	/* The UAPI Version Format Specification's examples. */
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
	    {"11", "11", 0},
	    {"systemd-123", "systemd-124", -1},
	    {"bar-123", "foo-123", -1},
	    {"123a", "123", 1},
	    {"123.a", "123", 1},
	    {"123.a", "123.b", -1},
	    {"123a", "123.a", 1},
	    {"11~rc1", "11", -1},
	    {"11^post1", "11", 1},
	    {"11-1", "11.1", -1},
	    {"6.10.0", "6.9.12", 1},
	    {"6.1.0-27-amd64", "6.1.0-9-amd64", 1},
	    {"007", "7", 0},
	    {"1.2", "1.2.0", -1},
	    {"a", "1", -1},
	    {"", "1", -1},
	    {NULL, "", 0},
	    {"1~rc1", "1~rc2", -1},
	    {"6.8.1-200.fc39.x86_64", "6.5.6-300.fc39.x86_64", 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int r = kx_version_compare(cases[i].a, cases[i].b);
		int back = kx_version_compare(cases[i].b, cases[i].a);

		if (r != cases[i].want || back != -cases[i].want)
			fail_msg("compare(%s, %s) = %d / %d, want %d",
				 cases[i].a ? cases[i].a : "NULL", cases[i].b,
				 r, back, cases[i].want);
	}
}

/* ---- the tree ------------------------------------------------------- */

static void test_list_order(void **state)
{
	static const char *const want[] = {
	    "fedora-6.8.1", "fedora-6.5.6",  "esp-only",
	    "arch",	    "arch-fallback", /* out of tries: last */
	};
	struct fixture *f = *state;

	list_bls(f);
	assert_int_equal(kx_entries_count(f->list), 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(kx_entries_get(f->list, i)->id, want[i]);
}

static void test_list_fields(void **state)
{
	struct fixture *f = *state;
	const struct kx_entry *e;
	char *p;

	list_bls(f);
	e = by_id(f->list, "fedora-6.5.6");
	assert_non_null(e);
	assert_string_equal(e->options, "root=UUID=11111111-2222-3333-4444-"
					"555555555555 ro rhgb quiet");
	assert_int_equal(e->n_initrds, 2);
	p = th_path(f->root, "/boot/intel-ucode.img");
	assert_string_equal(e->initrds[0], p);
	free(p);
	p = th_path(f->root, "/boot/loader/entries/fedora-6.5.6.conf");
	assert_string_equal(e->file, p);
	free(p);
	e = by_id(f->list, "fedora-6.8.1");
	p = th_path(f->root, "/boot/dtbs/6.8.1/board.dtb");
	assert_string_equal(e->devicetree, p);
	free(p);
	e = by_id(f->list, "arch");
	assert_int_equal(e->tries_left, 3);
	assert_int_equal(e->tries_done, 1);
	/* ESP entries' paths are relative to the ESP. */
	e = by_id(f->list, "esp-only");
	p = th_path(f->root, "/efi/EFI/kernels/vmlinuz-5.10.0");
	assert_string_equal(e->kernel, p);
	free(p);
	assert_null(by_id(f->list, "arm-board"));
	assert_null(by_id(f->list, "no-values"));
	assert_null(by_id(f->list, ".editor-backup"));
}

static void test_default_loader_conf_glob(void **state)
{
	struct fixture *f = *state;

	list_bls(f);
	assert_string_equal(default_id(f->list), "arch");
}

static void test_default_first_entry(void **state)
{
	struct fixture *f = *state;
	char *p = th_path(f->root, "/efi/loader/loader.conf");

	assert_int_equal(unlink(p), 0);
	free(p);
	list_bls(f);
	assert_string_equal(default_id(f->list), "fedora-6.8.1");
}

static void test_default_loader_conf_no_match(void **state)
{
	struct fixture *f = *state;

	th_write(f->root, "/efi/loader/loader.conf",
		 "default nothing-like-this\n", (size_t)-1);
	list_bls(f);
	assert_string_equal(default_id(f->list), "fedora-6.8.1");
}

static void write_efivar(struct fixture *f, const char *name,
			 const char *fixture)
{
	char src[512], dst[512];
	kx_ctx *ctx = kx_ctx_new();
	struct kx_buf b;

	snprintf(src, sizeof(src), FIXTURES "/efivars/%s", fixture);
	snprintf(dst, sizeof(dst), "/sys/firmware/efi/efivars/%s-" GUID, name);
	assert_int_equal(kx_read_file(ctx, src, &b), 0);
	th_write(f->root, dst, b.data, b.size);
	kx_buf_free(&b);
	kx_ctx_free(ctx);
}

static void test_default_efivar(void **state)
{
	struct fixture *f = *state;

	write_efivar(f, "LoaderEntryDefault", "LoaderEntryDefault-" GUID);
	list_bls(f);
	/* The variable holds "fedora-6.5.6.conf": the file name works. */
	assert_string_equal(default_id(f->list), "fedora-6.5.6");
}

static void test_default_oneshot_wins(void **state)
{
	struct fixture *f = *state;

	write_efivar(f, "LoaderEntryDefault", "LoaderEntryDefault-" GUID);
	write_efivar(f, "LoaderEntryOneShot", "LoaderEntryOneShot-" GUID);
	list_bls(f);
	assert_string_equal(default_id(f->list), "arch");
}

static void test_default_garbage_efivar(void **state)
{
	struct fixture *f = *state;

	write_efivar(f, "LoaderEntryOneShot", "bad-surrogate");
	write_efivar(f, "LoaderEntryDefault", "bad-odd-length");
	list_bls(f);
	/* Both ignored: loader.conf decides. */
	assert_string_equal(default_id(f->list), "arch");
}

static void test_default_saved(void **state)
{
	struct fixture *f = *state;

	th_write(f->root, "/efi/loader/loader.conf", "default @saved\n",
		 (size_t)-1);
	write_efivar(f, "LoaderEntryLastBooted", "LoaderEntryDefault-" GUID);
	list_bls(f);
	assert_string_equal(default_id(f->list), "fedora-6.5.6");
}

static void test_efivar_decode(void **state)
{
	static const struct {
		const char *file;
		const char *want; /* NULL: refused */
	} cases[] = {
	    {"LoaderEntryDefault-" GUID, "fedora-6.5.6.conf"},
	    {"LoaderEntryOneShot-" GUID, "arch.conf"},
	    {"unicode", "gr\xc3\xbc\xc3\x9f"
			"e-\xf0\x9f\x98\x80"},
	    {"bad-odd-length", NULL},
	    {"bad-surrogate", NULL},
	    {"bad-control", NULL},
	    {"bad-empty", NULL},
	    {"bad-short", NULL},
	};
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[512];
		struct kx_buf b;
		char *out;
		int rc;

		snprintf(path, sizeof(path), FIXTURES "/efivars/%s",
			 cases[i].file);
		assert_int_equal(kx_read_file(ctx, path, &b), 0);
		rc = efivar_decode_string(b.data, b.size, &out);
		if (cases[i].want) {
			assert_int_equal(rc, 0);
			assert_string_equal(out, cases[i].want);
			free(out);
		} else {
			assert_int_equal(rc, -EINVAL);
			assert_null(out);
		}
		kx_buf_free(&b);
	}
	kx_ctx_free(ctx);
}

static void test_loader_conf_parse(void **state)
{
	static const char text[] = "timeout 3\n"
				   "#default commented\n"
				   "default\n"
				   "defaults x\n"
				   "  default   first*  \n"
				   "default\tsecond.conf\n";
	char *d;

	(void)state;
	assert_int_equal(loader_conf_parse(text, strlen(text), &d), 0);
	assert_string_equal(d, "second.conf");
	free(d);
	assert_int_equal(loader_conf_parse("timeout 1\n", 10, &d), 0);
	assert_null(d);
}

static void test_find(void **state)
{
	struct fixture *f = *state;
	const struct kx_entry *e;

	list_bls(f);
	assert_int_equal(kx_entries_find(f->ctx, f->list, "default", &e), 0);
	assert_string_equal(e->id, "arch");
	assert_int_equal(kx_entries_find(f->ctx, f->list, "latest", &e), 0);
	assert_string_equal(e->id, "fedora-6.8.1");
	assert_int_equal(
	    kx_entries_find(f->ctx, f->list, "FEDORA-6.5.6.conf", &e), 0);
	assert_string_equal(e->id, "fedora-6.5.6");
	assert_int_equal(kx_entries_find(f->ctx, f->list, "On the ESP", &e), 0);
	assert_string_equal(e->id, "esp-only");
	assert_int_equal(kx_entries_find(f->ctx, f->list, "nope", &e), -ENOENT);
	assert_null(e);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "no boot entry 'nope'"));
	assert_non_null(strstr(kx_ctx_message(f->ctx), "fedora-6.8.1"));
}

static void test_same_esp_twice(void **state)
{
	struct fixture *f = *state;
	char *efi = th_path(f->root, "/efi"), *boot_efi;

	/* /boot/efi and /efi being one file system must not list twice. */
	boot_efi = th_path(f->root, "/boot/efi");
	assert_int_equal(symlink(efi, boot_efi), 0);
	list_bls(f);
	assert_int_equal(kx_entries_count(f->list), 5);
	free(efi);
	free(boot_efi);
}

static void test_empty_root(void **state)
{
	struct fixture *f = *state;
	kx_ctx *ctx = kx_ctx_new();
	char *empty = th_mkdtemp();
	const struct kx_entry *e;

	(void)f;
	kx_ctx_set_root(ctx, empty);
	assert_int_equal(kx_entries_list(ctx, 0, &f->list), 0);
	assert_int_equal(kx_entries_count(f->list), 0);
	assert_int_equal(kx_entries_find(ctx, f->list, "default", &e), -ENOENT);
	assert_non_null(strstr(kx_ctx_message(ctx), "no boot entries"));
	th_rmtree(empty);
	free(empty);
	kx_ctx_free(ctx);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_every_key),
	    cmocka_unit_test(test_parse_lines_without_values),
	    cmocka_unit_test(test_parse_other_architecture),
	    cmocka_unit_test(test_parse_efi_only),
	    cmocka_unit_test(test_parse_huge_line),
	    cmocka_unit_test(test_strip_counter),
	    cmocka_unit_test(test_version_compare),
	    cmocka_unit_test(test_efivar_decode),
	    cmocka_unit_test(test_loader_conf_parse),
	    T(test_list_order),
	    T(test_list_fields),
	    T(test_default_loader_conf_glob),
	    T(test_default_first_entry),
	    T(test_default_loader_conf_no_match),
	    T(test_default_efivar),
	    T(test_default_oneshot_wins),
	    T(test_default_garbage_efivar),
	    T(test_default_saved),
	    T(test_find),
	    T(test_same_esp_twice),
	    T(test_empty_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
