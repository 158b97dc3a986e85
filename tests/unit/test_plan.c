/* The public load path: plans built from files, handed to a fake kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "helpers.h"

#define IMG_SIZE (64 * 1024)

struct fixture {
	char *root;
	char *kernel, *initrd;
	kx_ctx *ctx;
	struct th_kernel k;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	uint8_t *img = th_make_bzimage(IMG_SIZE, 0x020f, 0x7f);

	f->root = th_mkdtemp();
	th_write(f->root, "vmlinuz", img, IMG_SIZE);
	th_write(f->root, "initrd.img", "070701fake-cpio", (size_t)-1);
	free(img);
	f->kernel = th_path(f->root, "vmlinuz");
	f->initrd = th_path(f->root, "initrd.img");
	f->ctx = kx_ctx_new();
	kx_ctx_set_root(f->ctx, f->root);
	th_kernel_init(&f->k, f->root);
	kx_ctx_set_sys(f->ctx, &th_kernel_ops, &f->k);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kx_ctx_free(f->ctx);
	th_rmtree(f->root);
	free(f->root);
	free(f->kernel);
	free(f->initrd);
	free(f);
	return 0;
}

static int plan_and_load(struct fixture *f, const char *kernel,
			 const char *initrd, const char *cmdline,
			 enum kx_syscall_mode mode)
{
	struct kx_load_request req = {
		.kernel = kernel,
		.initrd = initrd,
		.cmdline = cmdline,
		.syscall = mode,
	};
	kx_plan *plan;
	int rc = kx_plan_create(f->ctx, &req, &plan);

	if (rc)
		return rc;
	rc = kx_plan_load(f->ctx, plan);
	kx_plan_free(plan);
	return rc;
}

static void test_load_file_syscall(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(plan_and_load(f, f->kernel, f->initrd,
				       "root=/dev/vda quiet", KX_SYSCALL_AUTO),
			 0);
	assert_int_equal(f->k.file_calls, 1);
	assert_int_equal(f->k.load_calls, 0);
	assert_string_equal(f->k.last_cmdline, "root=/dev/vda quiet");
	/* cmdline_len counts the NUL. */
	assert_int_equal(f->k.last_cmdline_len, 20);
	assert_int_equal(f->k.last_flags, 0);
	assert_true(f->k.last_initrd_fd >= 0);
	assert_int_equal(f->k.loaded, 1);
}

static void test_no_initrd_flag(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(
		plan_and_load(f, f->kernel, NULL, "", KX_SYSCALL_FILE), 0);
	assert_int_equal(f->k.last_flags, KX_FILE_NO_INITRAMFS);
	assert_int_equal(f->k.last_initrd_fd, -1);
}

static void test_plan_info(void **state)
{
	struct fixture *f = *state;
	struct kx_load_request req = {.kernel = f->kernel,
				      .initrd = f->initrd,
				      .cmdline = "a=b"};
	const struct kx_plan_info *info;
	kx_plan *plan;

	assert_int_equal(kx_plan_create(f->ctx, &req, &plan), 0);
	info = kx_plan_info(plan);
	assert_int_equal(info->type, KX_IMAGE_BZIMAGE);
	assert_int_equal(info->kernel.file_size, IMG_SIZE);
	assert_int_equal(info->kernel.compression, KX_COMP_NONE);
	assert_int_equal(info->bzimage.protocol, 0x020f);
	assert_true(info->has_initrd);
	assert_int_equal(info->initrd.file_size, 15);
	assert_string_equal(info->cmdline, "a=b");
	assert_int_equal(info->cmdline_len, 4);
	/* Planning makes no system call. */
	assert_int_equal(f->k.file_calls + f->k.load_calls, 0);
	kx_plan_free(plan);
}

static void gzip_file(const char *src, const char *dst)
{
	FILE *in = fopen(src, "rb");
	gzFile out = gzopen(dst, "wb9");
	char buf[4096];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(gzwrite(out, buf, (unsigned)n), (int)n);
	fclose(in);
	gzclose(out);
}

static void test_compressed_kernel_goes_through_memfd(void **state)
{
	struct fixture *f = *state;
	char *gz = th_path(f->root, "vmlinuz.gz");
	struct kx_load_request req = {.kernel = gz, .cmdline = ""};
	kx_plan *plan;

	gzip_file(f->kernel, gz);
	assert_int_equal(kx_plan_create(f->ctx, &req, &plan), 0);
	assert_int_equal(kx_plan_info(plan)->kernel.compression, KX_COMP_GZIP);
	assert_int_equal(kx_plan_info(plan)->kernel.size, IMG_SIZE);
	assert_true(kx_plan_info(plan)->kernel.file_size < IMG_SIZE);
	assert_int_equal(kx_plan_load(f->ctx, plan), 0);
	assert_int_equal(f->k.file_calls, 1);
	kx_plan_free(plan);
	free(gz);
}

static void test_failed_load_keeps_previous(void **state)
{
	struct fixture *f = *state;
	struct kx_status st;

	assert_int_equal(plan_and_load(f, f->kernel, NULL, "", KX_SYSCALL_AUTO),
			 0);
	f->k.file_result = -EKEYREJECTED;
	assert_int_equal(plan_and_load(f, f->kernel, NULL, "", KX_SYSCALL_AUTO),
			 -EKEYREJECTED);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "signed"));
	/* A signature refusal is never worked around with kexec_load. */
	assert_int_equal(f->k.load_calls, 0);
	assert_int_equal(kx_status_read(f->ctx, &st), 0);
	assert_true(st.loaded);
}

static void test_bad_image_refused_before_syscall(void **state)
{
	struct fixture *f = *state;
	uint8_t *img = th_make_bzimage(IMG_SIZE, 0x020f, 0x7f);
	char *bad = th_path(f->root, "bad");
	int rc;

	memcpy(img + 0x202, "XXXX", 4);
	th_write(f->root, "bad", img, IMG_SIZE);
	rc = plan_and_load(f, bad, NULL, "", KX_SYSCALL_AUTO);
	assert_true(rc < 0);
	assert_non_null(strstr(kx_ctx_message(f->ctx), bad));
	/* Truncated: only the setup sectors. */
	th_write(f->root, "bad", img, 8192);
	memcpy(img + 0x202, "HdrS", 4);
	th_write(f->root, "bad", img, 8192);
	rc = plan_and_load(f, bad, NULL, "", KX_SYSCALL_AUTO);
	assert_true(rc < 0);
	assert_non_null(strstr(kx_ctx_message(f->ctx), bad));
	assert_int_equal(f->k.file_calls + f->k.load_calls, 0);
	free(img);
	free(bad);
}

static void test_missing_files(void **state)
{
	struct fixture *f = *state;
	char *none = th_path(f->root, "nonexistent");

	assert_int_equal(plan_and_load(f, none, NULL, "", KX_SYSCALL_AUTO),
			 -ENOENT);
	assert_non_null(strstr(kx_ctx_message(f->ctx), none));
	assert_int_equal(plan_and_load(f, f->kernel, none, "", KX_SYSCALL_AUTO),
			 -ENOENT);
	assert_non_null(strstr(kx_ctx_message(f->ctx), none));
	assert_int_equal(plan_and_load(f, NULL, NULL, "", KX_SYSCALL_AUTO),
			 -EINVAL);
	free(none);
}

static void test_cmdline_too_long(void **state)
{
	struct fixture *f = *state;
	char *line = malloc(3000);

	memset(line, 'a', 2999);
	line[2999] = '\0';
	assert_true(plan_and_load(f, f->kernel, NULL, line, KX_SYSCALL_AUTO) <
		    0);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "command line"));
	assert_int_equal(f->k.file_calls, 0);
	free(line);
}

static void test_unload_and_exec(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(plan_and_load(f, f->kernel, NULL, "", KX_SYSCALL_AUTO),
			 0);
	assert_int_equal(kx_unload(f->ctx, KX_SYSCALL_AUTO, 0), 0);
	assert_int_equal(f->k.last_flags, KX_FILE_UNLOAD);
	assert_int_equal(f->k.loaded, 0);
	assert_int_equal(kx_exec(f->ctx), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "no kernel is loaded"));
	assert_int_equal(kx_unload(f->ctx, KX_SYSCALL_CLASSIC, KX_LOAD_CRASH),
			 0);
	assert_int_equal(f->k.last_flags, KX_ARCH_X86_64 | KX_ON_CRASH);
	assert_int_equal(f->k.last_nr_segments, 0);
}

static void test_crash_flag(void **state)
{
	struct fixture *f = *state;
	struct kx_load_request req = {.kernel = f->kernel,
				      .cmdline = "",
				      .flags = KX_LOAD_CRASH};
	kx_plan *plan;

	/* -p needs a crashkernel= reservation. */
	th_write(f->root, "/proc/iomem",
		 "00100000-3fffffff : System RAM\n"
		 "  20000000-2fffffff : Crash kernel\n",
		 (size_t)-1);
	assert_int_equal(kx_plan_create(f->ctx, &req, &plan), 0);
	assert_int_equal(kx_plan_load(f->ctx, plan), 0);
	assert_true(f->k.last_flags & KX_FILE_ON_CRASH);
	assert_int_equal(f->k.crash_loaded, 1);
	kx_plan_free(plan);
}

static void test_unknown_type_name(void **state)
{
	struct fixture *f = *state;
	struct kx_load_request req = {.kernel = f->kernel, .type = "floppy"};
	kx_plan *plan;

	assert_int_equal(kx_plan_create(f->ctx, &req, &plan), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "floppy"));
}

static void test_elf_named(void **state)
{
	struct fixture *f = *state;
	char *elf = th_path(f->root, "kernel.elf");
	struct kx_load_request req = {.kernel = elf};
	kx_plan *plan;

	th_write(f->root, "kernel.elf", "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0", 16);
	assert_int_equal(kx_plan_create(f->ctx, &req, &plan), -ENOEXEC);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "ELF"));
	free(elf);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_load_file_syscall),
		T(test_no_initrd_flag),
		T(test_plan_info),
		T(test_compressed_kernel_goes_through_memfd),
		T(test_failed_load_keeps_previous),
		T(test_bad_image_refused_before_syscall),
		T(test_missing_files),
		T(test_cmdline_too_long),
		T(test_unload_and_exec),
		T(test_crash_flag),
		T(test_unknown_type_name),
		T(test_elf_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
