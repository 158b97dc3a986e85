/* GRUB's grub.cfg and grubenv: menu entries, variables, conditionals,
 * submenus and the default, on Debian's and Fedora's generated files and
 * on damaged ones. */
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

#include <cmocka.h>

#include "core/file.h"
#include "entries/entries.h"
#include "entries/grub.h"
#include "helpers.h"

#define FIXTURES "tests/fixtures/entries"
#define UUID	 "3f1b2c3d-0000-4000-8000-000000000001"

struct fixture {
	char *root;
	kx_ctx *ctx;
	kx_entry_list *list;
	struct kx_entry_list parsed; /* grub_parse() on a string */
	char *dflt;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->root = th_mkdtemp();
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, f->root);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kx_entries_free(f->list);
	for (size_t i = 0; i < f->parsed.n; i++)
		ent_rec_free(&f->parsed.v[i]);
	free(f->parsed.v);
	free(f->dflt);
	kx_ctx_free(f->ctx);
	th_rmtree(f->root);
	free(f->root);
	free(f);
	return 0;
}

static void debian_tree(struct fixture *f)
{
	th_copy_tree(FIXTURES "/grub-debian", f->root, "");
	th_write(f->root, "/boot/vmlinuz-6.1.0-27-amd64", "k27", (size_t)-1);
	th_write(f->root, "/boot/initrd.img-6.1.0-27-amd64", "i27", (size_t)-1);
	th_write(f->root, "/boot/vmlinuz-6.1.0-25-amd64", "k25", (size_t)-1);
	th_write(f->root, "/boot/initrd.img-6.1.0-25-amd64", "i25", (size_t)-1);
	th_write(f->root, "/boot/extra.cpio", "x", (size_t)-1);
}

static void list_grub(struct fixture *f)
{
	kx_entries_free(f->list);
	f->list = NULL;
	assert_int_equal(kx_entries_list(f->ctx, KX_ENTRIES_GRUB, &f->list), 0);
}

static const char *default_id(const kx_entry_list *l)
{
	for (size_t i = 0; i < kx_entries_count(l); i++)
		if (kx_entries_get(l, i)->is_default)
			return kx_entries_get(l, i)->id;
	return NULL;
}

static void assert_rooted(struct fixture *f, const char *got, const char *rel)
{
	char *want = th_path(f->root, rel);

	assert_string_equal(got, want);
	free(want);
}

/* Parse CFG (and ENV) without a file system. */
static void parse(struct fixture *f, const char *cfg, const char *env)
{
	assert_int_equal(grub_parse(cfg, strlen(cfg), env,
				    env ? strlen(env) : 0, NULL, "grub.cfg",
				    &f->parsed, &f->dflt),
			 0);
}

static const struct kx_entry *parsed(struct fixture *f, size_t i)
{
	assert_true(i < f->parsed.n);
	return &f->parsed.v[i].pub;
}

/* ---- Debian's generated file ---------------------------------------- */

static void test_debian_entries(void **state)
{
	struct fixture *f = *state;
	const struct kx_entry *e;

	debian_tree(f);
	list_grub(f);
	/* Memtest and the firmware entry are not kernels to kexec. */
	assert_int_equal(kx_entries_count(f->list), 5);
	e = kx_entries_get(f->list, 0);
	assert_string_equal(e->id, "gnulinux-simple-" UUID);
	assert_string_equal(e->title, "Debian GNU/Linux");
	assert_int_equal(e->source, KX_ENTRY_GRUB);
	assert_rooted(f, e->kernel, "/boot/vmlinuz-6.1.0-27-amd64");
	assert_string_equal(e->options, "root=UUID=" UUID " ro quiet");
	assert_int_equal(e->n_initrds, 1);
	assert_rooted(f, e->initrds[0], "/boot/initrd.img-6.1.0-27-amd64");
	assert_rooted(f, e->file, "/boot/grub/grub.cfg");
	assert_true(e->is_default);

	e = kx_entries_get(f->list, 2);
	assert_string_equal(e->id, "gnulinux-advanced-" UUID
				   ">gnulinux-6.1.0-27-amd64-recovery-" UUID);
	assert_string_equal(e->options, "root=UUID=" UUID " ro single");

	e = kx_entries_get(f->list, 4);
	assert_string_equal(e->id, "custom");
	assert_string_equal(e->title, "Custom kernel");
	/* (hd0,gpt2) and ($root) name the device, not a directory. */
	assert_rooted(f, e->kernel, "/boot/vmlinuz-6.1.0-25-amd64");
	assert_string_equal(e->options,
			    "root=/dev/vda1 console=ttyS0 custom=1");
	assert_int_equal(e->n_initrds, 2);
	assert_rooted(f, e->initrds[0], "/boot/initrd.img-6.1.0-25-amd64");
	assert_rooted(f, e->initrds[1], "/boot/extra.cpio");
}

static void test_debian_next_entry(void **state)
{
	struct fixture *f = *state;

	debian_tree(f);
	th_write(f->root, "/boot/grub/grubenv",
		 "# GRUB Environment Block\nnext_entry=custom\n"
		 "saved_entry=0\n####",
		 (size_t)-1);
	list_grub(f);
	assert_string_equal(default_id(f->list), "custom");
}

static void test_default_forms(void **state)
{
	static const struct {
		const char *dflt;
		const char *want;
	} cases[] = {
	    {"1>2", "gnulinux-advanced-" UUID
		    ">gnulinux-6.1.0-25-amd64-advanced-" UUID},
	    {"gnulinux-advanced-" UUID
	     ">gnulinux-6.1.0-27-amd64-recovery-" UUID,
	     "gnulinux-advanced-" UUID
	     ">gnulinux-6.1.0-27-amd64-recovery-" UUID},
	    {"Advanced options for Debian GNU/Linux>Debian GNU/Linux, with "
	     "Linux 6.1.0-25-amd64",
	     "gnulinux-advanced-" UUID
	     ">gnulinux-6.1.0-25-amd64-advanced-" UUID},
	    {"1>Debian GNU/Linux, with Linux 6.1.0-25-amd64",
	     "gnulinux-advanced-" UUID
	     ">gnulinux-6.1.0-25-amd64-advanced-" UUID},
	    /* A submenu alone: its first entry. */
	    {"1", "gnulinux-advanced-" UUID
		  ">gnulinux-6.1.0-27-amd64-advanced-" UUID},
	    {"custom", "custom"},
	    {"Custom kernel", "custom"},
	    /* Memtest is index 2; nothing matches, the first entry wins. */
	    {"9", "gnulinux-simple-" UUID},
	};
	struct fixture *f = *state;

	debian_tree(f);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char env[1024];

		snprintf(env, sizeof(env),
			 "# GRUB Environment Block\nnext_entry=%s\n",
			 cases[i].dflt);
		th_write(f->root, "/boot/grub/grubenv", env, (size_t)-1);
		list_grub(f);
		if (strcmp(default_id(f->list), cases[i].want))
			fail_msg("default %s gave %s, want %s", cases[i].dflt,
				 default_id(f->list), cases[i].want);
	}
}

static void test_saved_default(void **state)
{
	struct fixture *f = *state;

	parse(f,
	      "set default=saved\nmenuentry a { linux /a }\n"
	      "menuentry b --id bee { linux /b }\n",
	      "# GRUB Environment Block\nsaved_entry=bee\n###");
	assert_string_equal(f->dflt, "bee");
	assert_true(grub_matches(&f->parsed.v[1], f->dflt));
	assert_false(grub_matches(&f->parsed.v[0], f->dflt));
}

static void test_separate_boot_partition(void **state)
{
	struct fixture *f = *state;

	/* GRUB reads a separate /boot as its root: paths lack /boot. */
	th_write(f->root, "/boot/grub/grub.cfg",
		 "menuentry 'Sep' {\n\tlinux /vmlinuz-6.1 root=/dev/sda2\n"
		 "\tinitrd /initrd.img-6.1\n}\n",
		 (size_t)-1);
	th_write(f->root, "/boot/vmlinuz-6.1", "k", (size_t)-1);
	th_write(f->root, "/boot/initrd.img-6.1", "i", (size_t)-1);
	list_grub(f);
	assert_int_equal(kx_entries_count(f->list), 1);
	assert_rooted(f, kx_entries_get(f->list, 0)->kernel,
		      "/boot/vmlinuz-6.1");
	assert_rooted(f, kx_entries_get(f->list, 0)->initrds[0],
		      "/boot/initrd.img-6.1");
}

/* ---- Fedora: blscfg, the default in grubenv ------------------------- */

static void test_fedora_blscfg(void **state)
{
	struct fixture *f = *state;

	th_copy_tree(FIXTURES "/grub-fedora", f->root, "");
	assert_int_equal(kx_entries_list(f->ctx, 0, &f->list), 0);
	assert_int_equal(kx_entries_count(f->list), 2);
	/* Newest first, but grubenv's saved_entry names the older. */
	assert_string_equal(kx_entries_get(f->list, 0)->version,
			    "6.8.1-200.fc39.x86_64");
	assert_string_equal(default_id(f->list),
			    "0a1b2c3d4e5f60718293a4b5c6d7e8f9-6.5.6-300.fc39."
			    "x86_64");
}

/* ---- the language --------------------------------------------------- */

static void test_expansion_and_quotes(void **state)
{
	struct fixture *f = *state;

	parse(f,
	      "set a=\"x  y\"\n"
	      "b='lit $a'; c=${a}z\n"
	      "set empty=\n"
	      "menuentry \"T $a\" {\n"
	      "  linux /k $a \"$a\" '$a' $b ${c} $empty \"\" \\$a "
	      "$undefined end\n"
	      "}\n",
	      NULL);
	assert_int_equal(f->parsed.n, 1);
	assert_string_equal(parsed(f, 0)->title, "T x  y");
	/* Unquoted values split into words; quoted ones stay whole. */
	assert_string_equal(parsed(f, 0)->options,
			    "x y x  y $a lit $a x yz $a end");
}

static void test_conditionals(void **state)
{
	struct fixture *f = *state;

	parse(f,
	      "set v=2\n"
	      "if [ \"$v\" = 1 ]; then set o=one\n"
	      "elif [ \"$v\" = 2 ]; then set o=two\n"
	      "else set o=other; fi\n"
	      "if [ -n \"$nothing\" ]; then\n"
	      "  menuentry hidden { linux /h }\n"
	      "fi\n"
	      "if ! [ -z \"$v\" ]; then set p=yes; else set p=no; fi\n"
	      "if [ $v -gt 1 ]; then set q=big; fi\n"
	      "menuentry shown { linux /s $o $p $q }\n",
	      NULL);
	assert_int_equal(f->parsed.n, 1);
	assert_string_equal(parsed(f, 0)->title, "shown");
	assert_string_equal(parsed(f, 0)->options, "two yes big");
	/* The hidden entry did not take index 0. */
	assert_string_equal(f->parsed.v[0].index_path, "0");
}

static void test_unknown_condition_runs_both(void **state)
{
	struct fixture *f = *state;

	/* A file test cannot be decided here: both branches' sets run, the
	 * later wins, as Debian's `set default` pattern needs. */
	parse(f,
	      "if [ -s $prefix/grubenv ]; then set default=1; else set "
	      "default=0; fi\n"
	      "menuentry a { linux /a }\n",
	      NULL);
	assert_string_equal(f->dflt, "0");
}

static void test_entry_scope(void **state)
{
	struct fixture *f = *state;

	parse(
	    f,
	    "set o=outer\n"
	    "menuentry a { set o=inner; linux /a $o }\n"
	    "menuentry b { linux /b $o; initrd /1 --nounzip /2; initrd /3 }\n",
	    NULL);
	assert_string_equal(parsed(f, 0)->options, "inner");
	assert_string_equal(parsed(f, 1)->options, "outer");
	/* The second initrd command replaces the first. */
	assert_int_equal(parsed(f, 1)->n_initrds, 1);
	assert_string_equal(parsed(f, 1)->initrds[0], "/3");
}

static void test_linuxefi_and_devicetree(void **state)
{
	struct fixture *f = *state;

	parse(f,
	      "menuentry e {\n linuxefi /vmlinuz ro\n initrdefi /a /b\n"
	      " devicetree /dtb\n}\n"
	      "menuentry 'no kernel' { chainloader +1 }\n"
	      "function f { menuentry inside { linux /x } }\n",
	      NULL);
	assert_int_equal(f->parsed.n, 1);
	assert_string_equal(parsed(f, 0)->kernel, "/vmlinuz");
	assert_int_equal(parsed(f, 0)->n_initrds, 2);
	assert_string_equal(parsed(f, 0)->devicetree, "/dtb");
}

static void test_unbalanced_braces(void **state)
{
	static const char *const bad[] = {
	    "menuentry a { linux /a\n",
	    "menuentry a {\n linux /a\nsubmenu s {\n",
	    "}}}\nmenuentry ok { linux /ok }\n}\n",
	    "menuentry '\n",
	    "menuentry \"unterminated { linux /a }\n",
	    "set x=${unterminated\nmenuentry a { linux /a }",
	    "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
	    "if [ a = a ]; then\nif [ b = b ]; then\nfi\nfi\nfi\nfi\nelse\n",
	    "\\",
	    "$",
	    "${}",
	    "menuentry",
	    "menuentry {",
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct kx_entry_list l = {0};
		char *d;

		assert_int_equal(grub_parse(bad[i], strlen(bad[i]), NULL, 0,
					    NULL, NULL, &l, &d),
				 0);
		/* Only the third has a complete entry. */
		assert_int_equal(l.n, i == 2 ? 1 : 0);
		for (size_t k = 0; k < l.n; k++)
			ent_rec_free(&l.v[k]);
		free(l.v);
		free(d);
	}
	(void)f;
}

static void test_deep_nesting(void **state)
{
	struct fixture *f = *state;
	size_t n = 2000;
	char *cfg = malloc(n * 20 + 64), *p = cfg;

	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "submenu s%zu {\n", i);
	strcpy(p, "menuentry deep { linux /d }\n");
	parse(f, cfg, NULL);
	/* Deeper than any real menu: dropped, not crashed. */
	assert_int_equal(f->parsed.n, 0);
	free(cfg);
}

static void test_grubenv_parse(void **state)
{
	static const char env[] = "# GRUB Environment Block\n"
				  "saved_entry=a\\\\b\\\nc\n"
				  "=novalue\n"
				  "plain=1\n"
				  "plain=2\n"
				  "#######################";
	struct grub_vars v = {0};

	(void)state;
	assert_int_equal(grubenv_parse(env, strlen(env), &v), 0);
	assert_string_equal(grub_var_get(&v, "plain"), "2");
	assert_null(grub_var_get(&v, ""));
	/* Escaped backslash and newline belong to the value. */
	assert_string_equal(grub_var_get(&v, "saved_entry"), "a\\b\nc");
	grub_vars_free(&v);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_debian_entries),
	    T(test_debian_next_entry),
	    T(test_default_forms),
	    T(test_saved_default),
	    T(test_separate_boot_partition),
	    T(test_fedora_blscfg),
	    T(test_expansion_and_quotes),
	    T(test_conditionals),
	    T(test_unknown_condition_runs_both),
	    T(test_entry_scope),
	    T(test_linuxefi_and_devicetree),
	    T(test_unbalanced_braces),
	    T(test_deep_nesting),
	    T(test_grubenv_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
