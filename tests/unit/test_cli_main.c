/* The kexec command end to end, against a fake kernel (th_kernel), a
 * fixture /sys and /proc, and fake sync, ifdown and shutdown steps: what
 * it calls, in which order, what it prints and how it exits. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "actions.h"
#include "helpers.h"

#define KERNEL_SIZE (64 * 1024)
/* The bzImage's xloadflags bits, from the boot protocol. */
#define XLF_KERNEL_64 (1u << 0)
#define XLF_CAN_BE_LOADED_ABOVE_4G (1u << 1)

/* The steps kexec takes on the running system, recorded with the number
 * of reboots the fake kernel had seen when each ran, to check order. */
struct fake_system {
	struct th_kernel *kernel;
	int syncs, ifdowns, shutdowns;
	int reboots_at_sync, reboots_at_ifdown;
	int ifdown_result;
	int shutdown_result;
};

struct fixture {
	char *root;
	char *kernel_path;
	char *initrd_path;
	kx_ctx *ctx;
	struct th_kernel kernel;
	struct fake_system sys;
	struct kexec_env env;
	char *out, *err;
	size_t out_len, err_len;
};

static void fake_sync(void *data)
{
	struct fake_system *s = data;

	s->syncs++;
	s->reboots_at_sync = s->kernel->reboot_calls;
}

static int fake_ifdown(void *data)
{
	struct fake_system *s = data;

	s->ifdowns++;
	s->reboots_at_ifdown = s->kernel->reboot_calls;
	return s->ifdown_result;
}

static int fake_shutdown(void *data)
{
	struct fake_system *s = data;

	s->shutdowns++;
	return s->shutdown_result;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	uint8_t *image =
	    th_make_bzimage(KERNEL_SIZE, 0x020f,
			    XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);

	f->root = th_mkdtemp();
	/* A memory map: a dry run under -a builds the fallback layout. */
	th_copy_tree("tests/fixtures/boot/bios-root", f->root, "");
	th_write(f->root, "/boot/vmlinuz", image, KERNEL_SIZE);
	free(image);
	th_write(f->root, "/boot/initrd.img", "070701initrd", (size_t)-1);
	th_write(f->root, "/proc/cmdline",
		 "BOOT_IMAGE=/vmlinuz-6.1 root=/dev/sda1 ro\n", (size_t)-1);
	th_write(f->root, "/sys/kernel/kexec_crash_size", "268435456\n",
		 (size_t)-1);
	f->kernel_path = th_path(f->root, "/boot/vmlinuz");
	f->initrd_path = th_path(f->root, "/boot/initrd.img");
	th_kernel_init(&f->kernel, f->root);
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, f->root);
	th_kernel_attach(f->ctx, &f->kernel);
	f->sys.kernel = &f->kernel;
	f->sys.reboots_at_sync = f->sys.reboots_at_ifdown = -1;
	f->sys.ifdown_result = 2;
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

	kx_ctx_free(f->ctx);
	th_rmtree(f->root);
	free(f->root);
	free(f->kernel_path);
	free(f->initrd_path);
	free(f->out);
	free(f->err);
	free(f);
	return 0;
}

static int run_words(struct fixture *f, const char *const *words)
{
	int argc = 0, rc;

	while (words[argc])
		argc++;
	free(f->out);
	free(f->err);
	f->out = f->err = NULL;
	f->env.out = open_memstream(&f->out, &f->out_len);
	f->env.err = open_memstream(&f->err, &f->err_len);
	assert_non_null(f->env.out);
	assert_non_null(f->env.err);
	rc = kexec_main(argc, (char **)words, f->ctx, &f->env);
	fclose(f->env.out);
	fclose(f->env.err);
	return rc;
}

#define RUN(f, ...)                                                            \
	run_words(f, (const char *const[]){"kexec", __VA_ARGS__, NULL})

static void set_loaded(struct fixture *f, int loaded, int crash_loaded)
{
	f->kernel.loaded = loaded;
	f->kernel.crash_loaded = crash_loaded;
	th_write(f->root, "/sys/kernel/kexec_loaded", loaded ? "1\n" : "0\n",
		 2);
	th_write(f->root, "/sys/kernel/kexec_crash_loaded",
		 crash_loaded ? "1\n" : "0\n", 2);
}

static void assert_contains(const char *text, const char *part)
{
	if (!strstr(text, part))
		fail_msg("\"%s\" not found in:\n%s", part, text);
}

static void assert_no_syscalls(const struct fixture *f)
{
	assert_int_equal(f->kernel.file_calls, 0);
	assert_int_equal(f->kernel.load_calls, 0);
	assert_int_equal(f->kernel.reboot_calls, 0);
}

static void assert_system_untouched(const struct fixture *f)
{
	assert_int_equal(f->sys.syncs, 0);
	assert_int_equal(f->sys.ifdowns, 0);
	assert_int_equal(f->sys.shutdowns, 0);
}

/* ---- information ------------------------------------------------------ */

static void test_version(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-v"), 0);
	assert_string_equal(f->out, "kexec (libkexec) " KX_VERSION_STRING "\n");
	assert_string_equal(f->err, "");
}

static void test_help(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--help"), 0);
	assert_contains(f->out, "Usage: kexec [OPTION]... [KERNEL]");
	assert_string_equal(f->err, "");
}

static void test_unknown_option(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--bogus"), 1);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err,
			    "kexec: unrecognized option '--bogus'\n"
			    "Try 'kexec --help' for more information.\n");
	assert_no_syscalls(f);
}

static void test_not_supported_yet(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", f->kernel_path, "--dtb=x"), 1);
	assert_string_equal(f->err, "kexec: --dtb is not supported yet\n");
	assert_no_syscalls(f);
}

static void test_print_ckr_size(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--print-ckr-size"), 0);
	assert_string_equal(f->out, "268435456\n");
}

/* ---- load --------------------------------------------------------------- */

static void test_load(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", f->kernel_path, "--append=quiet"), 0);
	assert_int_equal(f->kernel.file_calls, 1);
	assert_string_equal(f->kernel.last_cmdline, "quiet");
	assert_int_equal(f->kernel.last_cmdline_len, strlen("quiet") + 1);
	assert_true(f->kernel.last_flags & KX_FILE_NO_INITRAMFS);
	assert_int_equal(f->kernel.loaded, 1);
	assert_int_equal(f->kernel.reboot_calls, 0);
	assert_system_untouched(f);
	assert_string_equal(f->out, "");
	assert_string_equal(f->err, "");
}

static void test_load_systemd_form(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--load", f->kernel_path, "--append",
			     "root=/dev/vda2 ro", "--initrd", f->initrd_path),
			 0);
	assert_int_equal(f->kernel.file_calls, 1);
	assert_string_equal(f->kernel.last_cmdline, "root=/dev/vda2 ro");
	assert_true(f->kernel.last_initrd_fd >= 0);
	assert_false(f->kernel.last_flags & KX_FILE_NO_INITRAMFS);
	assert_int_equal(f->kernel.loaded, 1);
}

static void test_command_line_composition(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", f->kernel_path, "--append=a",
			     "--reuse-cmdline", "--command-line=base",
			     "--append", "b c"),
			 0);
	assert_string_equal(f->kernel.last_cmdline,
			    "root=/dev/sda1 ro base a b c");
}

static void test_no_command_line(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", f->kernel_path), 0);
	assert_string_equal(f->kernel.last_cmdline, "");
}

static void test_failed_load_leaves_state_alone(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 1, 0);
	f->kernel.file_result = -EKEYREJECTED;
	assert_int_equal(RUN(f, f->kernel_path, "--append=x"), 255);
	assert_int_equal(f->kernel.file_calls, 1);
	assert_int_equal(f->kernel.load_calls, 0);
	assert_int_equal(f->kernel.loaded, 1);
	assert_int_equal(f->kernel.reboot_calls, 0);
	assert_system_untouched(f);
	assert_true(strncmp(f->err, "kexec: ", 7) == 0);
	/* One line. */
	assert_ptr_equal(strchr(f->err, '\n'), f->err + strlen(f->err) - 1);
}

static void test_missing_kernel_file(void **state)
{
	struct fixture *f = *state;
	char *missing = th_path(f->root, "/boot/nope");

	assert_int_equal(RUN(f, "-l", missing), 1);
	assert_contains(f->err, "kexec: ");
	assert_contains(f->err, "/boot/nope");
	assert_no_syscalls(f);
	free(missing);
}

static void test_refused_image(void **state)
{
	struct fixture *f = *state;

	/* Not a kernel: the library refuses it. */
	assert_int_equal(RUN(f, "-l", f->initrd_path), 255);
	assert_contains(f->err, "kexec: ");
	assert_no_syscalls(f);
}

static void test_missing_initrd_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", f->kernel_path, "--initrd=/nonexistent"),
			 1);
	assert_no_syscalls(f);
}

static void test_unknown_type(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", "--type=coff", f->kernel_path), 1);
	assert_string_equal(f->err, "kexec: --type=coff: unknown image type\n");
	assert_no_syscalls(f);
}

/* --type=uki skips probing: a bzImage is then refused as a UKI. */
static void test_type_uki_not_a_uki(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", "-t", "uki", f->kernel_path), 255);
	assert_contains(f->err, "not a PE/EFI image");
	assert_no_syscalls(f);
}

static void test_explicit_bzimage_type(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", "--type", "bzImage64", f->kernel_path),
			 0);
	assert_int_equal(f->kernel.file_calls, 1);
}

static void test_default_action_runs_shutdown(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, f->kernel_path), 0);
	assert_int_equal(f->kernel.file_calls, 1);
	assert_int_equal(f->kernel.loaded, 1);
	assert_int_equal(f->sys.shutdowns, 1);
	assert_int_equal(f->kernel.reboot_calls, 0);
	/* shutdown syncs and stops the network itself. */
	assert_int_equal(f->sys.syncs, 0);
	assert_int_equal(f->sys.ifdowns, 0);
}

static void test_shutdown_failure(void **state)
{
	struct fixture *f = *state;

	f->sys.shutdown_result = -ENOENT;
	assert_int_equal(RUN(f, f->kernel_path), 255);
	assert_string_equal(f->err, "kexec: cannot run shutdown -r now: No "
				    "such file or directory\n");
}

static void test_load_only_does_not_reboot(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-l", f->kernel_path), 0);
	assert_int_equal(f->sys.shutdowns, 0);
	assert_int_equal(f->kernel.reboot_calls, 0);
}

static void test_force_loads_and_boots(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-f", f->kernel_path), 0);
	assert_int_equal(f->kernel.file_calls, 1);
	assert_int_equal(f->sys.syncs, 1);
	assert_int_equal(f->sys.ifdowns, 1);
	assert_int_equal(f->sys.reboots_at_sync, 0);
	assert_int_equal(f->sys.reboots_at_ifdown, 0);
	assert_int_equal(f->kernel.reboot_calls, 1);
	assert_int_equal(f->sys.shutdowns, 0);
}

static void test_force_failed_load_does_not_boot(void **state)
{
	struct fixture *f = *state;

	f->kernel.file_result = -EPERM;
	assert_int_equal(RUN(f, "-f", "-s", f->kernel_path), 255);
	assert_int_equal(f->kernel.reboot_calls, 0);
	assert_system_untouched(f);
}

static void test_file_syscall_has_no_fallback(void **state)
{
	struct fixture *f = *state;

	/* With -s there is no fallback: an image the kernel cannot parse
	 * is an error. */
	f->kernel.file_result = -ENOEXEC;
	assert_int_equal(RUN(f, "-s", "-l", f->kernel_path), 255);
	assert_int_equal(f->kernel.file_calls, 1);
	assert_int_equal(f->kernel.load_calls, 0);
}

static void test_debug_prints_plan_and_syscall(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-d", "-l", f->kernel_path), 0);
	assert_string_equal(f->out, "");
	assert_contains(f->err, "image type:");
	assert_contains(f->err, "bzImage");
	assert_contains(f->err, "kexec: loaded with kexec_file_load\n");
}

/* ---- dry run ------------------------------------------------------------ */

static void test_dry_run_text(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--dry-run", "-l", f->kernel_path, "--initrd",
			     f->initrd_path, "--append=root=/dev/sda1"),
			 0);
	assert_no_syscalls(f);
	assert_int_equal(f->kernel.loaded, 0);
	assert_contains(f->out, "dry run: nothing is loaded\n");
	assert_contains(f->out, "bzImage");
	assert_contains(f->out, f->kernel_path);
	assert_contains(f->out, "2.15");
	assert_contains(f->out, "KERNEL_64 CAN_BE_LOADED_ABOVE_4G");
	assert_contains(f->out, "0x200000");  /* kernel_alignment */
	assert_contains(f->out, "0x1000000"); /* pref_address */
	assert_contains(f->out, "0x2000000"); /* init_size */
	assert_contains(f->out, "2047");      /* cmdline limit */
	assert_contains(f->out, "6.1.0-test (kx@test) #1 SMP");
	assert_contains(f->out, f->initrd_path);
	assert_contains(f->out, "root=/dev/sda1");
	assert_contains(f->out, "14 bytes, the kernel takes at most 2047");
	assert_contains(f->out, "kexec_file_load, falling back to kexec_load");
	assert_contains(f->out, "normal");
	assert_contains(f->out, "kexec -e");
	assert_string_equal(f->err, "");
}

/* Under -a a real load falls back to kexec_load: the dry run checks that
 * layout too and fails where it would; -s tries kexec_file_load only. */
static void test_dry_run_checks_fallback(void **state)
{
	struct fixture *f = *state;
	char *empty = th_path(f->root, "/boot/empty.img");

	th_write(f->root, "/boot/empty.img", "", 0);
	assert_int_not_equal(RUN(f, "--dry-run", "-l", f->kernel_path,
				 "--mem-max=0x1000"),
			     0);
	assert_contains(f->err, "but the memory maximum is 0x1000\n");
	assert_true(strstr(f->out, "dry run") == NULL);
	assert_int_not_equal(RUN(f, "--dry-run", "-l", f->kernel_path,
				 "--initrd", empty),
			     0);
	assert_contains(f->err, empty);
	assert_no_syscalls(f);
	assert_int_equal(RUN(f, "--dry-run", "-s", "-l", f->kernel_path,
			     "--mem-max=0x1000"),
			 0);
	assert_int_equal(RUN(f, "--dry-run", "-l", f->kernel_path), 0);
	assert_contains(f->out, "segments");
	free(empty);
}

static void test_dry_run_default_action(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--dry-run", f->kernel_path), 0);
	assert_no_syscalls(f);
	assert_system_untouched(f);
	assert_contains(f->out, "shutdown -r now");
}

static void test_dry_run_force(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--dry-run", "-f", "-x", f->kernel_path), 0);
	assert_no_syscalls(f);
	assert_system_untouched(f);
	assert_contains(f->out, "sync file systems");
	assert_true(strstr(f->out, "network") == NULL);
	assert_contains(f->out, "reboot into the new kernel");
}

static void test_dry_run_json(void **state)
{
	struct fixture *f = *state;
	char expect[512];

	assert_int_equal(RUN(f, "--dry-run", "--json", "-s", "-l",
			     f->kernel_path, "--append=a \"q\""),
			 0);
	assert_no_syscalls(f);
	assert_true(f->out[0] == '{');
	snprintf(expect, sizeof(expect), "\"path\": \"%s\"", f->kernel_path);
	assert_contains(f->out, expect);
	assert_contains(f->out, "\"dry_run\": true");
	assert_contains(f->out, "\"action\": \"load\"");
	assert_contains(f->out, "\"type\": \"bzImage\"");
	assert_contains(f->out, "\"protocol\": \"2.15\"");
	assert_contains(f->out, "\"KERNEL_64\"");
	assert_contains(f->out, "\"cmdline\": \"a \\\"q\\\"\"");
	assert_contains(f->out, "\"cmdline_max\": 2047");
	assert_contains(f->out, "\"initrd\": null");
	assert_contains(f->out, "\"syscall\": \"kexec_file_load\"");
	assert_contains(f->out, "\"fallback\": null");
	assert_contains(f->out, "\"crash\": false");
	assert_contains(f->out, "\"then\": []");
	assert_string_equal(f->out + strlen(f->out) - 2, "}\n");
}

static void test_dry_run_bad_image(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--dry-run", "-l", f->initrd_path), 255);
	assert_string_equal(f->out, "");
	assert_contains(f->err, "kexec: ");
}

/* ---- exec ----------------------------------------------------------- */

static void test_exec_nothing_loaded(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-e"), 1);
	assert_string_equal(f->err, "kexec: no kernel is loaded; load one "
				    "with kexec -l KERNEL\n");
	assert_no_syscalls(f);
	assert_system_untouched(f);
}

static void test_exec_syncs_and_ifdowns_first(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 1, 0);
	assert_int_equal(RUN(f, "-e"), 0);
	assert_int_equal(f->sys.syncs, 1);
	assert_int_equal(f->sys.ifdowns, 1);
	assert_int_equal(f->sys.reboots_at_sync, 0);
	assert_int_equal(f->sys.reboots_at_ifdown, 0);
	assert_int_equal(f->kernel.reboot_calls, 1);
	assert_int_equal(f->sys.shutdowns, 0);
}

static void test_exec_no_sync_no_ifdown(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 1, 0);
	assert_int_equal(RUN(f, "-e", "-x", "-y"), 0);
	assert_int_equal(f->sys.syncs, 0);
	assert_int_equal(f->sys.ifdowns, 0);
	assert_int_equal(f->kernel.reboot_calls, 1);
}

static void test_exec_ifdown_failure_still_boots(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 1, 0);
	f->sys.ifdown_result = -EPERM;
	assert_int_equal(RUN(f, "-e"), 0);
	assert_int_equal(f->kernel.reboot_calls, 1);
	assert_contains(f->err, "network interfaces");
}

static void test_exec_reboot_fails(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 1, 0);
	f->kernel.reboot_result = -EPERM;
	assert_int_equal(RUN(f, "-e"), 255);
	assert_true(strncmp(f->err, "kexec: ", 7) == 0);
}

static void test_exec_dry_run(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 1, 0);
	assert_int_equal(RUN(f, "-e", "--dry-run"), 0);
	assert_no_syscalls(f);
	assert_system_untouched(f);
	assert_contains(f->out, "reboot into the new kernel");
	assert_int_equal(RUN(f, "-e", "--dry-run", "--json", "-y"), 0);
	assert_contains(f->out,
			"\"then\": [\n    \"ifdown\",\n    \"exec\"\n  ]");
	assert_no_syscalls(f);
}

/* ---- unload ----------------------------------------------------------- */

static void test_unload(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 1, 0);
	assert_int_equal(RUN(f, "-u"), 0);
	assert_int_equal(f->kernel.file_calls, 1);
	assert_true(f->kernel.last_flags & KX_FILE_UNLOAD);
	assert_false(f->kernel.last_flags & KX_FILE_ON_CRASH);
	assert_int_equal(f->kernel.loaded, 0);
}

static void test_unload_classic_crash(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 0, 1);
	assert_int_equal(RUN(f, "-u", "-p", "-c"), 0);
	assert_int_equal(f->kernel.file_calls, 0);
	assert_int_equal(f->kernel.load_calls, 1);
	assert_true(f->kernel.last_flags & KX_ON_CRASH);
	assert_int_equal(f->kernel.crash_loaded, 0);
}

static void test_unload_failure(void **state)
{
	struct fixture *f = *state;

	f->kernel.file_result = -EPERM;
	assert_int_equal(RUN(f, "-u", "-s"), 255);
	assert_true(strncmp(f->err, "kexec: ", 7) == 0);
	/* The command's name once, then the call that failed. */
	f->kernel.file_result = -EBUSY;
	assert_int_equal(RUN(f, "-u", "-s"), 255);
	assert_contains(f->err, "kexec: unload failed: ");
	assert_true(strstr(f->err, "kexec: kexec") == NULL);
}

static void test_unload_dry_run(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-u", "--dry-run"), 0);
	assert_no_syscalls(f);
	assert_contains(f->out, "the normal kernel");
}

/* ---- status ----------------------------------------------------------- */

static void test_status_exit_codes(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 0, 0);
	assert_int_equal(RUN(f, "-S"), 0);
	assert_int_equal(RUN(f, "-S", "-l"), 0);
	set_loaded(f, 1, 0);
	assert_int_equal(RUN(f, "-S"), 0); /* crash slot by default */
	assert_int_equal(RUN(f, "-S", "-l"), 1);
	set_loaded(f, 0, 1);
	assert_int_equal(RUN(f, "-S"), 1);
	assert_int_equal(RUN(f, "-S", "-p"), 1);
	assert_int_equal(RUN(f, "-S", "-l"), 0);
	assert_string_equal(f->out, "");
	assert_no_syscalls(f);
}

static void test_status_json(void **state)
{
	struct fixture *f = *state;

	set_loaded(f, 1, 0);
	th_write(f->root, "/sys/kernel/security/lockdown",
		 "none [integrity] confidentiality\n", (size_t)-1);
	assert_int_equal(RUN(f, "-S", "--json", "-l"), 1);
	assert_string_equal(f->out, "{\n"
				    "  \"loaded\": true,\n"
				    "  \"crash_loaded\": false,\n"
				    "  \"lockdown\": \"integrity\"\n"
				    "}\n");
	assert_int_equal(RUN(f, "-S", "--json"), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_version),
	    T(test_help),
	    T(test_unknown_option),
	    T(test_not_supported_yet),
	    T(test_print_ckr_size),
	    T(test_load),
	    T(test_load_systemd_form),
	    T(test_command_line_composition),
	    T(test_no_command_line),
	    T(test_failed_load_leaves_state_alone),
	    T(test_missing_kernel_file),
	    T(test_refused_image),
	    T(test_missing_initrd_file),
	    T(test_unknown_type),
	    T(test_type_uki_not_a_uki),
	    T(test_explicit_bzimage_type),
	    T(test_default_action_runs_shutdown),
	    T(test_shutdown_failure),
	    T(test_load_only_does_not_reboot),
	    T(test_force_loads_and_boots),
	    T(test_force_failed_load_does_not_boot),
	    T(test_file_syscall_has_no_fallback),
	    T(test_debug_prints_plan_and_syscall),
	    T(test_dry_run_text),
	    T(test_dry_run_checks_fallback),
	    T(test_dry_run_default_action),
	    T(test_dry_run_force),
	    T(test_dry_run_json),
	    T(test_dry_run_bad_image),
	    T(test_exec_nothing_loaded),
	    T(test_exec_syncs_and_ifdowns_first),
	    T(test_exec_no_sync_no_ifdown),
	    T(test_exec_ifdown_failure_still_boots),
	    T(test_exec_reboot_fails),
	    T(test_exec_dry_run),
	    T(test_unload),
	    T(test_unload_classic_crash),
	    T(test_unload_failure),
	    T(test_unload_dry_run),
	    T(test_status_exit_codes),
	    T(test_status_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
