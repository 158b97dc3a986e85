/* Boot entries as a whole: distribution conventions, several sources on
 * one machine and which default wins, turning entries into load requests
 * (initrds joined, microcode first), and the kexec command's
 * --list-entries and --boot-entry. */
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

#include "actions.h"
#include "core/file.h"
#include "entries/distro.h"
#include "entries/prepare.h"
#include "format/bzimage.h"
#include "helpers.h"

#define FIXTURES    "tests/fixtures/entries"
#define GUID	    "4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
#define KERNEL_SIZE (64 * 1024)

struct fake_system {
	int shutdowns, syncs;
};

struct fixture {
	char *root;
	kx_ctx *ctx;
	kx_entry_list *list;
	uint8_t *kernel;
	struct th_kernel fake;
	struct fake_system sys;
	struct kexec_env env;
	char *out, *err;
	size_t out_len, err_len;
};

static void fake_sync(void *data)
{
	((struct fake_system *)data)->syncs++;
}

static int fake_ifdown(void *data)
{
	(void)data;
	return 0;
}

static int fake_shutdown(void *data)
{
	((struct fake_system *)data)->shutdowns++;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->root = th_mkdtemp();
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, f->root);
	f->kernel =
	    th_make_bzimage(KERNEL_SIZE, 0x020f,
			    KX_XLF_KERNEL_64 | KX_XLF_CAN_BE_LOADED_ABOVE_4G);
	th_kernel_init(&f->fake, f->root);
	th_kernel_attach(f->ctx, &f->fake);
	f->env = (struct kexec_env){
	    .sync = fake_sync,
	    .ifdown = fake_ifdown,
	    .shutdown = fake_shutdown,
	    .data = &f->sys,
	};
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
	free(f->kernel);
	free(f->out);
	free(f->err);
	free(f);
	return 0;
}

static void list_all(struct fixture *f)
{
	kx_entries_free(f->list);
	f->list = NULL;
	assert_int_equal(kx_entries_list(f->ctx, 0, &f->list), 0);
}

static const char *default_id(const kx_entry_list *l)
{
	for (size_t i = 0; i < kx_entries_count(l); i++)
		if (kx_entry_is_default(kx_entries_get(l, i)))
			return kx_entry_id(kx_entries_get(l, i));
	return NULL;
}

static void assert_rooted(struct fixture *f, const char *got, const char *rel)
{
	char *want = th_path(f->root, rel);

	assert_string_equal(got, want);
	free(want);
}

static void kernel_at(struct fixture *f, const char *path)
{
	th_write(f->root, path, f->kernel, KERNEL_SIZE);
}

/* ---- distribution conventions ------------------------------------- */

static void test_kernel_names(void **state)
{
	static const struct {
		const char *name, *version;
	} cases[] = {
	    {"vmlinuz-6.1.0-27-amd64", "6.1.0-27-amd64"},
	    {"vmlinuz-linux", "linux"},
	    {"bzImage-6.6.13-gentoo", "6.6.13-gentoo"},
	    {"kernel-genkernel-x86_64-6.6.13-gentoo", "6.6.13-gentoo"},
	    {"kernel-6.6.13-gentoo", "6.6.13-gentoo"},
	    {"vmlinuz", NULL},
	    {"vmlinuz-", NULL},
	    {"vmlinuz-6.1.0.old", NULL},
	    {"vmlinuz-6.1.0-27-amd64.sig", NULL},
	    {"config-6.1.0-27-amd64", NULL},
	    {"System.map-6.1.0", NULL},
	    {"initrd.img-6.1.0", NULL},
	};
	char names[8][256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *prefix, *v;

		v = distro_kernel_version(cases[i].name, &prefix);
		if (!cases[i].version)
			assert_null(v);
		else
			assert_string_equal(v, cases[i].version);
	}
	assert_int_equal(
	    distro_initrd_names("kernel-genkernel-x86_64-6.6.13", names, 8), 6);
	assert_string_equal(names[0], "initramfs-genkernel-x86_64-6.6.13");
	assert_int_equal(distro_initrd_names("vmlinuz-6.1", names, 8), 5);
	assert_string_equal(names[0], "initrd.img-6.1");
	assert_string_equal(names[1], "initramfs-6.1.img");
}

static void test_debian_links(void **state)
{
	struct fixture *f = *state;
	const kx_entry *e;
	char *link;

	kernel_at(f, "/boot/vmlinuz-6.1.0-25-amd64");
	kernel_at(f, "/boot/vmlinuz-6.1.0-27-amd64");
	kernel_at(f, "/boot/vmlinuz-6.1.0-9-amd64");
	th_write(f->root, "/boot/initrd.img-6.1.0-25-amd64", "i25", (size_t)-1);
	th_write(f->root, "/boot/initrd.img-6.1.0-27-amd64", "i27", (size_t)-1);
	th_write(f->root, "/boot/config-6.1.0-27-amd64", "c", (size_t)-1);
	th_write(f->root, "/proc/cmdline",
		 "BOOT_IMAGE=/vmlinuz root=/dev/vda1 ro quiet\n", (size_t)-1);
	th_write(f->root, "/etc/os-release",
		 "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
		 (size_t)-1);
	/* Debian's link, relative, to the older kernel (a held upgrade). */
	link = th_path(f->root, "/vmlinuz");
	assert_int_equal(symlink("boot/vmlinuz-6.1.0-25-amd64", link), 0);
	free(link);
	list_all(f);
	assert_int_equal(kx_entries_count(f->list), 3);
	e = kx_entries_get(f->list, 0);
	assert_string_equal(kx_entry_id(e), "vmlinuz-6.1.0-27-amd64");
	assert_string_equal(kx_entry_version(e), "6.1.0-27-amd64");
	assert_string_equal(kx_entry_title(e), "Debian GNU/Linux 12 (bookworm), with "
				      "Linux 6.1.0-27-amd64");
	assert_int_equal(kx_entry_source(e), KX_ENTRY_DISTRO);
	/* The running command line, without BOOT_IMAGE=. */
	assert_string_equal(kx_entry_options(e), "root=/dev/vda1 ro quiet");
	assert_int_equal(kx_entry_initrd_count(e), 1);
	assert_rooted(f, kx_entry_initrd(e, 0), "/boot/initrd.img-6.1.0-27-amd64");
	assert_string_equal(kx_entry_id(kx_entries_get(f->list, 1)),
			    "vmlinuz-6.1.0-25-amd64");
	assert_string_equal(kx_entry_id(kx_entries_get(f->list, 2)),
			    "vmlinuz-6.1.0-9-amd64");
	assert_int_equal(kx_entry_initrd_count(kx_entries_get(f->list, 2)), 0);
	assert_string_equal(default_id(f->list), "vmlinuz-6.1.0-25-amd64");
	assert_int_equal(kx_entries_find(f->ctx, f->list, "latest", &e), 0);
	assert_string_equal(kx_entry_id(e), "vmlinuz-6.1.0-27-amd64");
}

static void test_debian_link_to_unlisted(void **state)
{
	struct fixture *f = *state;
	char *link;

	kernel_at(f, "/opt/custom-kernel");
	th_write(f->root, "/initrd.img", "i", (size_t)-1);
	link = th_path(f->root, "/vmlinuz");
	/* Absolute links name a path below the root too. */
	assert_int_equal(symlink("/opt/custom-kernel", link), 0);
	free(link);
	list_all(f);
	assert_int_equal(kx_entries_count(f->list), 1);
	assert_string_equal(kx_entry_id(kx_entries_get(f->list, 0)), "vmlinuz");
	assert_true(kx_entry_is_default(kx_entries_get(f->list, 0)));
	assert_rooted(f, kx_entry_initrd(kx_entries_get(f->list, 0), 0), "/initrd.img");
}

static void test_gentoo_names(void **state)
{
	struct fixture *f = *state;
	const kx_entry *e;

	kernel_at(f, "/boot/kernel-genkernel-x86_64-6.6.13-gentoo");
	th_write(f->root, "/boot/initramfs-genkernel-x86_64-6.6.13-gentoo", "i",
		 (size_t)-1);
	kernel_at(f, "/boot/vmlinuz-6.6.21-gentoo-dist");
	th_write(f->root, "/boot/initramfs-6.6.21-gentoo-dist.img", "i",
		 (size_t)-1);
	kernel_at(f, "/boot/bzImage-6.1.80-gentoo");
	th_write(f->root, "/boot/intel-uc.img", "u", (size_t)-1);
	list_all(f);
	assert_int_equal(kx_entries_count(f->list), 3);
	e = kx_entries_get(f->list, 0);
	assert_string_equal(kx_entry_id(e), "vmlinuz-6.6.21-gentoo-dist");
	/* Gentoo's separate microcode image goes first. */
	assert_int_equal(kx_entry_initrd_count(e), 2);
	assert_rooted(f, kx_entry_initrd(e, 0), "/boot/intel-uc.img");
	assert_rooted(f, kx_entry_initrd(e, 1),
		      "/boot/initramfs-6.6.21-gentoo-dist.img");
	e = kx_entries_get(f->list, 1);
	assert_string_equal(kx_entry_id(e), "kernel-genkernel-x86_64-6.6.13-gentoo");
	assert_string_equal(kx_entry_version(e), "6.6.13-gentoo");
	assert_rooted(f, kx_entry_initrd(e, 1),
		      "/boot/initramfs-genkernel-x86_64-6.6.13-gentoo");
	e = kx_entries_get(f->list, 2);
	assert_string_equal(kx_entry_id(e), "bzImage-6.1.80-gentoo");
	assert_int_equal(kx_entry_initrd_count(e), 1);
	/* No link: the newest is the default. */
	assert_string_equal(default_id(f->list), "vmlinuz-6.6.21-gentoo-dist");
	/* No /proc/cmdline in this tree: no options, and no error left. */
	assert_string_equal(kx_entry_options(e), "");
	assert_string_equal(kx_ctx_message(f->ctx), "");
}

/* ---- several sources ----------------------------------------------- */

static void test_grub_and_distro_deduplicated(void **state)
{
	struct fixture *f = *state;

	th_copy_tree(FIXTURES "/grub-debian", f->root, "");
	kernel_at(f, "/boot/vmlinuz-6.1.0-27-amd64");
	kernel_at(f, "/boot/vmlinuz-6.1.0-25-amd64");
	kernel_at(f, "/boot/vmlinuz-6.1.0-28-amd64"); /* not in grub.cfg yet */
	list_all(f);
	/* Five GRUB entries, and only the kernel GRUB does not know. */
	assert_int_equal(kx_entries_count(f->list), 6);
	assert_int_equal(kx_entry_source(kx_entries_get(f->list, 5)), KX_ENTRY_DISTRO);
	assert_string_equal(kx_entry_id(kx_entries_get(f->list, 5)),
			    "vmlinuz-6.1.0-28-amd64");
	assert_int_equal(kx_entry_source(kx_entries_get(f->list, 0)), KX_ENTRY_GRUB);
	assert_true(kx_entry_is_default(kx_entries_get(f->list, 0)));
}

static void test_systemd_boot_beats_grub(void **state)
{
	struct fixture *f = *state;

	th_copy_tree(FIXTURES "/grub-debian", f->root, "");
	th_copy_tree(FIXTURES "/bls-root", f->root, "");
	th_write(f->root, "/efi/loader/loader.conf", "timeout 0\n", (size_t)-1);
	list_all(f);
	/* Without LoaderInfo GRUB's default stands... */
	assert_string_equal(default_id(f->list),
			    "gnulinux-simple-3f1b2c3d-0000-4000-8000-"
			    "000000000001");
	/* ...but systemd-boot booted this machine: its first entry. */
	th_write(f->root, "/sys/firmware/efi/efivars/LoaderInfo-" GUID,
		 "\7\0\0\0s\0d\0-\0b\0o\0o\0t\0", 18);
	list_all(f);
	assert_string_equal(default_id(f->list), "fedora-6.8.1");
	assert_int_equal(kx_entry_source(kx_entries_get(f->list, 0)), KX_ENTRY_BLS);
}

static void test_sources_filter(void **state)
{
	struct fixture *f = *state;

	th_copy_tree(FIXTURES "/bls-root", f->root, "");
	kernel_at(f, "/boot/vmlinuz-6.1");
	assert_int_equal(kx_entries_list(f->ctx, KX_ENTRIES_DISTRO, &f->list),
			 0);
	assert_int_equal(kx_entries_count(f->list), 1);
	assert_string_equal(kx_entry_source_name(KX_ENTRY_UKI), "uki");
	assert_string_equal(kx_entry_source_name(KX_ENTRY_GRUB), "grub");
	assert_null(kx_entries_get(f->list, 1));
}

/* ---- load requests ---------------------------------------------------- */

static void early_cpio(struct fixture *f, const char *path)
{
	/* A newc header (110 bytes) whose name is the microcode path. */
	char buf[256];
	const char *name = "kernel/x86/microcode/GenuineIntel.bin";
	int n = snprintf(buf, sizeof(buf),
			 "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x"
			 "%08x%08x%s",
			 1, 0100644, 0, 0, 1, 0, 0, 0, 0, 0, 0,
			 (unsigned)strlen(name) + 1, 0, name);

	th_write(f->root, path, buf, (size_t)n + 1);
}

static void test_prepare_several_initrds(void **state)
{
	struct fixture *f = *state;
	kx_request *req;
	const kx_entry *e;
	kx_entry_files *files;
	struct kx_buf b;
	kx_ctx *plain = kx_ctx_new();

	assert_int_equal(kx_request_new(f->ctx, &req), 0);
	assert_int_equal(kx_request_set_syscall(req, KX_SYSCALL_FILE), 0);
	assert_int_equal(kx_request_set_flags(req, KX_LOAD_CRASH), 0);

	kernel_at(f, "/boot/vmlinuz-6.1");
	th_write(f->root, "/boot/main.img", "MAIN!", (size_t)-1);
	early_cpio(f, "/boot/early.cpio");
	th_write(f->root, "/boot/amd-ucode.img", "UC", (size_t)-1);
	th_write(f->root, "/boot/loader/entries/e.conf",
		 "linux /vmlinuz-6.1\ninitrd /main.img\ninitrd /early.cpio\n"
		 "initrd /amd-ucode.img\noptions root=/dev/vda1\n",
		 (size_t)-1);
	list_all(f);
	assert_int_equal(kx_entries_find(f->ctx, f->list, "e", &e), 0);
	assert_int_equal(kx_entry_prepare(f->ctx, e, "a=1 b=2", req, &files),
			 0);
	assert_rooted(f, kx_request_get_kernel(req), "/boot/vmlinuz-6.1");
	assert_non_null(strstr(kx_request_get_initrd(req), "/proc/self/fd/"));
	assert_string_equal(kx_request_get_cmdline(req),
			    "root=/dev/vda1 a=1 b=2");
	/* Everything else is left as it was. */
	assert_int_equal(kx_request_get_syscall(req), KX_SYSCALL_FILE);
	assert_int_equal(kx_request_get_flags(req), KX_LOAD_CRASH);
	assert_int_equal(kx_read_file(plain, kx_request_get_initrd(req), &b),
			 0);
	/* Microcode first (the early cpio, then the named image), each part
	 * padded to 4 bytes, then the rest in order. */
	assert_int_equal(b.size, 148 + 4 + 8);
	assert_memory_equal(b.data, "070701", 6);
	assert_memory_equal(b.data + 148, "UC\0\0", 4);
	assert_memory_equal(b.data + 152, "MAIN!\0\0\0", 8);
	kx_buf_free(&b);
	kx_entry_files_free(files);
	kx_request_free(req);
	kx_ctx_free(plain);
}

static void test_prepare_single_initrd_is_a_path(void **state)
{
	struct fixture *f = *state;
	kx_request *req;
	const kx_entry *e;
	kx_entry_files *files;

	kernel_at(f, "/boot/vmlinuz-6.1");
	th_write(f->root, "/boot/initrd.img-6.1", "I", (size_t)-1);
	list_all(f);
	assert_int_equal(kx_request_new(f->ctx, &req), 0);
	assert_int_equal(kx_entries_find(f->ctx, f->list, "default", &e), 0);
	assert_int_equal(kx_entry_prepare(f->ctx, e, "", req, &files), 0);
	assert_rooted(f, kx_request_get_initrd(req), "/boot/initrd.img-6.1");
	kx_entry_files_free(files);
	/* The request holds copies: they outlive the files. */
	assert_rooted(f, kx_request_get_kernel(req), "/boot/vmlinuz-6.1");
	kx_request_free(req);
}

static void test_prepare_missing_initrd(void **state)
{
	struct fixture *f = *state;
	kx_request *req;
	const kx_entry *e;
	kx_entry_files *files;

	kernel_at(f, "/boot/vmlinuz-6.1");
	th_write(f->root, "/boot/loader/entries/e.conf",
		 "linux /vmlinuz-6.1\ninitrd /a.img\ninitrd /gone.img\n",
		 (size_t)-1);
	th_write(f->root, "/boot/a.img", "A", (size_t)-1);
	list_all(f);
	assert_int_equal(kx_request_new(f->ctx, &req), 0);
	assert_int_equal(kx_entries_find(f->ctx, f->list, "e", &e), 0);
	assert_int_equal(kx_entry_prepare(f->ctx, e, NULL, req, &files),
			 -ENOENT);
	assert_null(files);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "gone.img"));
	/* A failed prepare leaves the request untouched. */
	assert_null(kx_request_get_kernel(req));
	assert_null(kx_request_get_initrd(req));
	assert_int_equal(kx_entry_prepare(f->ctx, NULL, NULL, req, &files),
			 -EINVAL);
	kx_request_free(req);
}

static void test_microcode_detection(void **state)
{
	(void)state;
	assert_true(prepare_is_microcode("/b/intel-ucode.img", "", 0));
	assert_true(prepare_is_microcode("/b/amd-microcode.cpio", "", 0));
	assert_false(prepare_is_microcode("/b/initrd.img", "070701", 6));
	assert_false(prepare_is_microcode("/b/x", "\x1f\x8b", 2));
	/* A header claiming more than there is. */
	assert_false(prepare_is_microcode(
	    "/b/x",
	    "070701000000000000000000000000000000000000000000000000FFFFFFFF"
	    "00000000000000000000000000000000FFFFFFFF00000000",
	    110));
}

/* ---- the command --------------------------------------------------- */

static int run_words(struct fixture *f, const char *const *words)
{
	int argc = 0, rc;
	FILE *out, *err;

	while (words[argc])
		argc++;
	free(f->out);
	free(f->err);
	out = open_memstream(&f->out, &f->out_len);
	err = open_memstream(&f->err, &f->err_len);
	f->env.out = out;
	f->env.err = err;
	rc = kexec_main(argc, (char **)words, f->ctx, &f->env);
	fclose(out);
	fclose(err);
	return rc;
}

static void bls_machine(struct fixture *f)
{
	th_copy_tree(FIXTURES "/bls-root", f->root, "");
	kernel_at(f, "/boot/vmlinuz-linux");
	kernel_at(f, "/boot/vmlinuz-6.8.1-200.fc39.x86_64");
	th_write(f->root, "/boot/amd-ucode.img", "UC", (size_t)-1);
	th_write(f->root, "/boot/initramfs-linux.img", "070701", (size_t)-1);
	th_write(f->root, "/boot/initramfs-6.8.1-200.fc39.x86_64.img", "I",
		 (size_t)-1);
}

static void test_cli_list_text(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {"kexec", "--list-entries", NULL};

	bls_machine(f);
	assert_int_equal(run_words(f, words), KEXEC_EXIT_OK);
	assert_non_null(strstr(f->out, "* arch "));
	assert_non_null(strstr(f->out, "  fedora-6.8.1 "));
	assert_non_null(strstr(f->out, "6.8.1-200.fc39.x86_64"));
	assert_non_null(strstr(f->out, "Fedora Linux 39"));
	assert_non_null(strstr(f->out, " bls "));
	assert_string_equal(f->err, "");
}

static void test_cli_list_json(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {"kexec", "--list-entries", "--json", NULL};

	bls_machine(f);
	assert_int_equal(run_words(f, words), KEXEC_EXIT_OK);
	assert_non_null(strstr(f->out, "\"entries\": ["));
	assert_non_null(strstr(f->out, "\"id\": \"arch\""));
	assert_non_null(strstr(f->out, "\"default\": true"));
	assert_non_null(strstr(f->out, "\"source\": \"bls\""));
	assert_non_null(strstr(f->out, "\"tries_left\": 3"));
	assert_non_null(strstr(f->out, "\"initrds\": ["));
	/* One document, one final newline: no blank line after it. */
	assert_true(f->out_len >= 2);
	assert_string_equal(f->out + f->out_len - 2, "}\n");
}

/* A title or command line from a boot entry cannot drive the terminal:
 * its control bytes are shown as \xNN in text output. */
static void test_cli_control_bytes_escaped(void **state)
{
	struct fixture *f = *state;
	const char *list[] = {"kexec", "--list-entries", NULL};
	const char *load[] = {"kexec", "-s", "-l", "--boot-entry=e",
			      "--dry-run", NULL};

	kernel_at(f, "/boot/vmlinuz-6.1");
	th_write(f->root, "/boot/loader/entries/e.conf",
		 "title Evil\x1b[2J\nlinux /vmlinuz-6.1\n"
		 "options root=/dev/vda1 x=\x1b]0;owned\x07\n",
		 (size_t)-1);
	assert_int_equal(run_words(f, list), KEXEC_EXIT_OK);
	assert_non_null(strstr(f->out, "Evil\\x1b[2J"));
	assert_null(strchr(f->out, '\x1b'));
	assert_int_equal(run_words(f, load), KEXEC_EXIT_OK);
	assert_non_null(strstr(f->out, "Evil\\x1b[2J"));
	assert_non_null(strstr(f->out, "x=\\x1b]0;owned\\x07"));
	assert_null(strchr(f->out, '\x1b'));
	assert_null(strchr(f->out, '\x07'));
}

/* An id longer than any fixed column (GRUB's are long) keeps the columns
 * after it in line. */
static void test_cli_list_long_ids_aligned(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {"kexec", "--list-entries", NULL};
	const char *path = "/boot/loader/entries/gnulinux-advanced-4a67b082-"
			   "0a4c-41cf-b6c7-440b29bb8c4f-6.1.0-27-amd64.conf";
	const char *second;

	kernel_at(f, "/boot/vmlinuz-6.1");
	th_write(f->root, "/boot/loader/entries/a.conf", "linux /vmlinuz-6.1",
		 (size_t)-1);
	th_write(f->root, path, "linux /vmlinuz-6.1", (size_t)-1);
	assert_int_equal(run_words(f, words), KEXEC_EXIT_OK);
	second = strchr(f->out, '\n') + 1;
	assert_int_equal(strstr(f->out, " bls ") - f->out,
			 strstr(second, " bls ") - second);
}

static void test_cli_list_empty(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {"kexec", "--list-entries", NULL};
	const char *json[] = {"kexec", "--list-entries", "--json", NULL};

	assert_int_equal(run_words(f, words), KEXEC_EXIT_OK);
	assert_string_equal(f->out, "");
	assert_non_null(strstr(f->err, "no boot entries"));
	assert_int_equal(run_words(f, json), KEXEC_EXIT_OK);
	assert_non_null(strstr(f->out, "\"entries\": []"));
}

static void test_cli_boot_entry_dry_run(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {
	    "kexec",	"-s",  "-l",	    "--boot-entry=default",
	    "--append", "x=1", "--dry-run", NULL};

	bls_machine(f);
	assert_int_equal(run_words(f, words), KEXEC_EXIT_OK);
	assert_non_null(strstr(f->out, "boot entry: arch (bls) Arch Linux"));
	assert_non_null(strstr(f->out, "initrd part: "));
	assert_non_null(strstr(f->out, "root=/dev/sda2 rw x=1"));
	assert_int_equal(f->fake.file_calls, 0);
}

static void test_cli_boot_entry_load(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {"kexec",	       "-s",	 "-l",
			       "--boot-entry", "latest", NULL};

	bls_machine(f);
	assert_int_equal(run_words(f, words), KEXEC_EXIT_OK);
	assert_int_equal(f->fake.file_calls, 1);
	assert_string_equal(f->fake.last_cmdline,
			    "root=UUID=11111111-2222-3333-4444-555555555555 ro "
			    "rhgb quiet");
	assert_int_equal(f->sys.shutdowns, 0);
}

static void test_cli_boot_entry_reboots(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {"kexec", "-s", "--boot-entry=fedora-6.8.1",
			       "--command-line=replaced", NULL};

	bls_machine(f);
	/* Without -l: load, then a graceful reboot, like `kexec KERNEL`. */
	assert_int_equal(run_words(f, words), KEXEC_EXIT_OK);
	assert_int_equal(f->fake.file_calls, 1);
	assert_string_equal(f->fake.last_cmdline, "replaced");
	assert_int_equal(f->sys.shutdowns, 1);
}

static void test_cli_boot_entry_unknown(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {"kexec", "-l", "--boot-entry=nope", NULL};

	bls_machine(f);
	assert_int_equal(run_words(f, words), KEXEC_EXIT_USAGE);
	assert_non_null(strstr(f->err, "no boot entry 'nope'"));
	assert_int_equal(f->fake.file_calls, 0);
}

static void test_cli_usage_errors(void **state)
{
	const char *const *cases[] = {
	    (const char *[]){"kexec", "-l", "/k", "--boot-entry=a", NULL},
	    (const char *[]){"kexec", "-l", "--boot-entry=a", "--initrd=/i",
			     NULL},
	    (const char *[]){"kexec", "-l", "--boot-entry=", NULL},
	    (const char *[]){"kexec", "--list-entries", "-l", NULL},
	    (const char *[]){"kexec", "--list-entries", "-e", NULL},
	    (const char *[]){"kexec", "-e", "--boot-entry=a", NULL},
	    (const char *[]){"kexec", "--list-entries", "extra", NULL},
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (run_words(f, cases[i]) != KEXEC_EXIT_USAGE)
			fail_msg("case %zu was accepted: %s", i, f->out);
		assert_int_equal(f->fake.file_calls, 0);
	}
}

static void test_no_files_left_behind(void **state)
{
	struct fixture *f = *state;
	const char *words[] = {"kexec", "-s", "-l", "--boot-entry=arch", NULL};
	char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	DIR *d;
	size_t before = 0, after = 0;

	bls_machine(f);
	d = opendir(tmp);
	while (d && readdir(d))
		before++;
	closedir(d);
	assert_int_equal(run_words(f, words), KEXEC_EXIT_OK);
	d = opendir(tmp);
	while (d && readdir(d))
		after++;
	closedir(d);
	assert_int_equal(before, after);
	/* The joined initrd reached the kernel as a descriptor, and only
	 * the plan's own descriptors remained open for the call. */
	assert_int_equal(f->fake.file_calls, 1);
	assert_true(f->fake.last_initrd_fd >= 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kernel_names),
	    T(test_debian_links),
	    T(test_debian_link_to_unlisted),
	    T(test_gentoo_names),
	    T(test_grub_and_distro_deduplicated),
	    T(test_systemd_boot_beats_grub),
	    T(test_sources_filter),
	    T(test_prepare_several_initrds),
	    T(test_prepare_single_initrd_is_a_path),
	    T(test_prepare_missing_initrd),
	    cmocka_unit_test(test_microcode_detection),
	    T(test_cli_list_text),
	    T(test_cli_list_json),
	    T(test_cli_control_bytes_escaped),
	    T(test_cli_list_long_ids_aligned),
	    T(test_cli_list_empty),
	    T(test_cli_boot_entry_dry_run),
	    T(test_cli_boot_entry_load),
	    T(test_cli_boot_entry_reboots),
	    T(test_cli_boot_entry_unknown),
	    T(test_cli_usage_errors),
	    T(test_no_files_left_behind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
