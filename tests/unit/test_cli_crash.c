/* kexec -p end to end against a fake kernel and captured trees: loading
 * into the crash slot through each syscall, the missing reservation, the
 * order of -p with -u and -S, and what --dry-run shows. */
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
/* kexec_load's architecture field for x86_64 (the kernel's KEXEC_ARCH). */
#define KEXEC_ARCH_X86_64 (62UL << 16)
#define BIOS_ROOT   "tests/fixtures/crash/bios-root"

struct fixture {
	char *root;
	char *kernel_path;
	char *initrd_path;
	kx_ctx *ctx;
	struct th_kernel kernel;
	int shutdowns, syncs;
	struct kexec_env env;
	char *out, *err;
	size_t out_len, err_len;
};

static void fake_sync(void *data)
{
	struct fixture *f = data;

	f->syncs++;
}

static int fake_ifdown(void *data)
{
	(void)data;
	return 0;
}

static int fake_shutdown(void *data)
{
	struct fixture *f = data;

	f->shutdowns++;
	return 0;
}

static char *read_text(const char *path)
{
	FILE *in = fopen(path, "r");
	char *text = calloc(1, 8192);

	assert_non_null(in);
	assert_non_null(text);
	assert_true(fread(text, 1, 8191, in) > 0);
	fclose(in);
	return text;
}

/* A writable root with the BIOS capture's /proc/iomem and a command line
 * that asks for a reservation. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	uint8_t *image =
	    th_make_bzimage(KERNEL_SIZE, 0x020f,
			    XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);
	char *iomem = read_text(BIOS_ROOT "/proc/iomem");

	f->root = th_mkdtemp();
	th_write(f->root, "/boot/vmlinuz", image, KERNEL_SIZE);
	free(image);
	th_write(f->root, "/boot/initrd.img", "070701initrd", (size_t)-1);
	th_write(f->root, "/proc/iomem", iomem, (size_t)-1);
	free(iomem);
	th_write(f->root, "/proc/cmdline",
		 "BOOT_IMAGE=/vmlinuz-6.1 root=/dev/sda1 crashkernel=384M "
		 "ro crashkernel=64M,low\n",
		 (size_t)-1);
	f->kernel_path = th_path(f->root, "/boot/vmlinuz");
	f->initrd_path = th_path(f->root, "/boot/initrd.img");
	th_kernel_init(&f->kernel, f->root);
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, f->root);
	th_kernel_attach(f->ctx, &f->kernel);
	f->env = (struct kexec_env){
	    .sync = fake_sync,
	    .ifdown = fake_ifdown,
	    .shutdown = fake_shutdown,
	    .data = f,
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
	rc = kexec_main(argc, (char **)words, f->ctx, &f->env);
	fclose(f->env.out);
	fclose(f->env.err);
	return rc;
}

#define RUN(f, ...)                                                            \
	run_words(f, (const char *const[]){"kexec", __VA_ARGS__, NULL})

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

/* The full BIOS capture (CPUs, vmcoreinfo, kcore) for kexec_load; the
 * fake kernel no longer writes the status files there. */
static void use_capture(struct fixture *f)
{
	kx_ctx_set_root(f->ctx, BIOS_ROOT);
	f->kernel.root = NULL;
}

/* ---- loading ------------------------------------------------------------ */

static void test_load_file_syscall(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-s", "-p", f->kernel_path, "--initrd",
			     f->initrd_path,
			     "--append=maxcpus=1 reset_devices"),
			 0);
	assert_int_equal(f->kernel.file_calls, 1);
	assert_int_equal(f->kernel.last_flags, KX_FILE_ON_CRASH);
	assert_string_equal(f->kernel.last_cmdline, "maxcpus=1 reset_devices");
	assert_int_equal(f->kernel.crash_loaded, 1);
	assert_int_equal(f->kernel.loaded, 0);
	/* Loading for a panic reboots nothing. */
	assert_int_equal(f->shutdowns, 0);
	assert_int_equal(f->kernel.reboot_calls, 0);
	assert_string_equal(f->err, "");
}

static void test_load_classic(void **state)
{
	struct fixture *f = *state;

	use_capture(f);
	assert_int_equal(RUN(f, "-c", "-p", f->kernel_path, "--initrd",
			     f->initrd_path, "--append=maxcpus=1"),
			 0);
	assert_int_equal(f->kernel.load_calls, 1);
	assert_int_equal(f->kernel.file_calls, 0);
	assert_int_equal(f->kernel.last_flags, KEXEC_ARCH_X86_64 | KX_ON_CRASH);
	assert_int_equal(f->kernel.last_nr_segments, 5);
	assert_int_equal(f->kernel.crash_loaded, 1);
	assert_string_equal(f->err, "");
}

static void test_no_reservation(void **state)
{
	struct fixture *f = *state;

	th_write(f->root, "/proc/iomem", "00100000-5ffdffff : System RAM\n",
		 (size_t)-1);
	assert_int_equal(RUN(f, "-p", f->kernel_path), 1);
	assert_no_syscalls(f);
	assert_contains(f->err, "kexec: no memory is reserved for a crash "
				"kernel");
	assert_contains(f->err, "crashkernel=");
	assert_int_equal(RUN(f, "-c", "-p", f->kernel_path, "--dry-run"), 1);
	assert_no_syscalls(f);
}

static void test_reuse_cmdline_drops_crashkernel(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-s", "-p", f->kernel_path, "--reuse-cmdline",
			     "--append=maxcpus=1"),
			 0);
	assert_string_equal(f->kernel.last_cmdline,
			    "root=/dev/sda1 ro maxcpus=1");
}

/* ---- -p with -u and -S, in either order ----------------------------- */

static void test_unload_either_order(void **state)
{
	struct fixture *f = *state;
	static const char *const orders[][2] = {{"-u", "-p"}, {"-p", "-u"}};

	for (size_t i = 0; i < 2; i++) {
		f->kernel.loaded = f->kernel.crash_loaded = 1;
		assert_int_equal(RUN(f, orders[i][0], orders[i][1]), 0);
		assert_true(f->kernel.last_flags & KX_FILE_UNLOAD);
		assert_true(f->kernel.last_flags & KX_FILE_ON_CRASH);
		assert_int_equal(f->kernel.crash_loaded, 0);
		assert_int_equal(f->kernel.loaded, 1);
	}
	assert_int_equal(RUN(f, "-c", "-p", "-u"), 0);
	assert_int_equal(f->kernel.last_flags, KEXEC_ARCH_X86_64 | KX_ON_CRASH);
}

static void test_status_either_order(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-s", "-p", f->kernel_path), 0);
	assert_int_equal(RUN(f, "-S", "-p"), 1);
	assert_int_equal(RUN(f, "-p", "-S"), 1);
	assert_int_equal(RUN(f, "-S"), 1);
	assert_int_equal(RUN(f, "-S", "-l"), 0);
	assert_int_equal(RUN(f, "-p", "-u"), 0);
	assert_int_equal(RUN(f, "-p", "-S"), 0);
}

static void test_status_json_both_slots(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "-s", "-p", f->kernel_path), 0);
	assert_int_equal(RUN(f, "-S", "--json"), 1);
	assert_contains(f->out, "\"loaded\": false");
	assert_contains(f->out, "\"crash_loaded\": true");
}

/* ---- --dry-run ----------------------------------------------------------- */

static void test_dry_run_classic_text(void **state)
{
	struct fixture *f = *state;

	use_capture(f);
	assert_int_equal(RUN(f, "--dry-run", "-c", "-p", f->kernel_path,
			     "--initrd", f->initrd_path, "--append=maxcpus=1"),
			 0);
	assert_no_syscalls(f);
	assert_contains(f->out, "slot:              crash\n");
	assert_contains(f->out, "crash kernel at:   0x3a000000-0x51ffffff "
				"(384 MiB)\n");
	assert_contains(f->out, "elfcorehdr:        0x3a000000 (4 KiB), "
				"5 program headers\n");
	assert_contains(f->out, "virtual addresses from /proc/kcore\n");
	assert_contains(f->out, "  note  0x000000005e23a400-0x000000005e23a56f"
				"   368 bytes  cpu0 notes\n");
	assert_contains(f->out, "  note  0x0000000001344000-0x0000000001345023"
				"     4.0 KiB  vmcoreinfo\n");
	assert_contains(f->out, "  load  0x0000000052e00000-0x000000005622ffff"
				"    52.2 MiB  kernel text at "
				"0xffffffffa7200000\n");
	assert_contains(f->out, "  load  0x0000000000100000-0x0000000039ffffff"
				"     927 MiB  RAM at 0xffff8f2a40100000\n");
	assert_contains(f->out, "  load  0x0000000052000000-0x000000005ffdffff"
				"   223.9 MiB  RAM at 0xffff8f2a92000000\n");
	assert_contains(f->out, "maxcpus=1 elfcorehdr=0x3a000000\n");
	assert_contains(f->out, "from /proc/iomem, for the capture kernel\n");
	assert_contains(f->out,
			"  0x000000003a001000-0x0000000051ffffff  RAM\n");
	assert_contains(f->out,
			"  0x0000000000001000-0x000000000009fbff  RAM\n");
	assert_contains(f->out, "nothing (a kernel panic boots it)");
}

static void test_dry_run_classic_json(void **state)
{
	struct fixture *f = *state;

	use_capture(f);
	assert_int_equal(
	    RUN(f, "--dry-run", "--json", "-c", "-p", f->kernel_path), 0);
	assert_no_syscalls(f);
	assert_contains(f->out, "\"crash\": true");
	assert_contains(f->out, "\"crash_info\": {");
	assert_contains(f->out, "\"elfcorehdr_addr\": 973078528");
	assert_contains(f->out, "\"type\": \"PT_NOTE\"");
	assert_contains(f->out, "\"what\": \"kernel text\"");
	assert_contains(f->out, "\"cmdline\": \"elfcorehdr=0x3a000000\"");
}

static void test_dry_run_file_text(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(RUN(f, "--dry-run", "-s", "-p", f->kernel_path), 0);
	assert_no_syscalls(f);
	assert_contains(f->out, "crash kernel at:   0x3a000000-0x51ffffff");
	assert_null(strstr(f->out, "elfcorehdr"));
}

/* -a: kexec_file_load gets the command line as given; the fallback's own,
 * with elfcorehdr=, is shown beside it, not in its place. */
static void test_dry_run_auto_text(void **state)
{
	struct fixture *f = *state;

	use_capture(f);
	assert_int_equal(RUN(f, "--dry-run", "-p", "--append=maxcpus=1",
			     f->kernel_path),
			 0);
	assert_no_syscalls(f);
	assert_contains(f->out, "command line:      maxcpus=1\n");
	assert_contains(f->out, "through kexec_load: maxcpus=1 elfcorehdr=0x");
	assert_contains(f->out, "elfcorehdr:        0x3a000000");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_load_file_syscall),
	    T(test_load_classic),
	    T(test_no_reservation),
	    T(test_reuse_cmdline_drops_crashkernel),
	    T(test_unload_either_order),
	    T(test_status_either_order),
	    T(test_status_json_both_slots),
	    T(test_dry_run_classic_text),
	    T(test_dry_run_classic_json),
	    T(test_dry_run_file_text),
	    T(test_dry_run_auto_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
