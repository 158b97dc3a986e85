/* The public load path: plans built from files, handed to a fake kernel. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	th_kernel_attach(f->ctx, &f->k);
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
	kx_request *req = th_request(f->ctx, kernel, initrd, cmdline, mode, 0);
	kx_plan *plan;
	int rc = kx_plan_create(f->ctx, req, &plan);

	kx_request_free(req);
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
	kx_request *req = th_request(f->ctx, f->kernel, f->initrd, "a=b",
				     KX_SYSCALL_AUTO, 0);
	kx_plan *plan;

	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	kx_request_free(req);
	assert_int_equal(th_u64(plan, KX_KEY_IMAGE_TYPE), KX_IMAGE_BZIMAGE);
	assert_string_equal(th_str(plan, KX_KEY_KERNEL_PATH), f->kernel);
	assert_int_equal(th_u64(plan, KX_KEY_KERNEL_FILE_SIZE), IMG_SIZE);
	assert_int_equal(th_u64(plan, KX_KEY_KERNEL_SIZE), IMG_SIZE);
	assert_int_equal(th_u64(plan, KX_KEY_KERNEL_COMPRESSION),
			 KX_COMP_NONE);
	assert_int_equal(th_u64(plan, KX_KEY_BOOT_PROTOCOL), 0x020f);
	assert_string_equal(th_str(plan, KX_KEY_INITRD_PATH), f->initrd);
	assert_int_equal(th_u64(plan, KX_KEY_INITRD_FILE_SIZE), 15);
	assert_string_equal(th_str(plan, KX_KEY_CMDLINE), "a=b");
	assert_int_equal(th_u64(plan, KX_KEY_CMDLINE_LEN), 4);
	assert_int_equal(th_u64(plan, KX_KEY_SYSCALL), KX_SYSCALL_AUTO);
	assert_int_equal(th_u64(plan, KX_KEY_CRASH), 0);
	/* A bzImage goes to kexec_file_load as asked: no reason to differ,
	 * and no layout until one is needed. */
	assert_false(th_has(plan, KX_KEY_SYSCALL_REASON));
	assert_false(th_classic(plan));
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
	kx_request *req = th_request(f->ctx, gz, NULL, "", KX_SYSCALL_AUTO, 0);
	kx_plan *plan;

	gzip_file(f->kernel, gz);
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	kx_request_free(req);
	assert_int_equal(th_u64(plan, KX_KEY_KERNEL_COMPRESSION),
			 KX_COMP_GZIP);
	assert_int_equal(th_u64(plan, KX_KEY_KERNEL_SIZE), IMG_SIZE);
	assert_true(th_u64(plan, KX_KEY_KERNEL_FILE_SIZE) < IMG_SIZE);
	assert_int_equal(kx_plan_load(f->ctx, plan), 0);
	assert_int_equal(f->k.file_calls, 1);
	kx_plan_free(plan);
	free(gz);
}

static void test_failed_load_keeps_previous(void **state)
{
	struct fixture *f = *state;
	kx_status *st;

	assert_int_equal(plan_and_load(f, f->kernel, NULL, "", KX_SYSCALL_AUTO),
			 0);
	f->k.file_result = -EKEYREJECTED;
	assert_int_equal(plan_and_load(f, f->kernel, NULL, "", KX_SYSCALL_AUTO),
			 -EKEYREJECTED);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "signed"));
	/* A signature refusal is never worked around with kexec_load. */
	assert_int_equal(f->k.load_calls, 0);
	assert_int_equal(kx_status_read(f->ctx, &st), 0);
	assert_true(kx_status_loaded(st));
	kx_status_free(st);
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

/* Linux's EFI stub starts with MZ: a bzImage whose boot flag is zeroed is
 * a damaged bzImage, not a foreign PE image. */
static void test_zeroed_boot_flag_named(void **state)
{
	struct fixture *f = *state;
	uint8_t *img = th_make_bzimage(IMG_SIZE, 0x020f, 0x7f);
	char *bad = th_path(f->root, "bad");
	const char *msg;

	memcpy(img, "MZ", 2);
	img[0x1fe] = img[0x1ff] = 0;
	th_write(f->root, "bad", img, IMG_SIZE);
	assert_int_equal(plan_and_load(f, bad, NULL, "", KX_SYSCALL_AUTO),
			 -ENOEXEC);
	msg = kx_ctx_message(f->ctx);
	assert_non_null(strstr(msg, bad));
	assert_non_null(strstr(msg, "boot flag at 0x1fe"));
	assert_null(strstr(msg, "PE/EFI"));
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

/* A device reads without end and a FIFO blocks open and read: both are
 * refused by their type, by name, before anything is read. */
static void test_not_regular_files_refused(void **state)
{
	struct fixture *f = *state;
	char *fifo = th_path(f->root, "fifo");

	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(plan_and_load(f, "/dev/zero", NULL, "",
				       KX_SYSCALL_AUTO),
			 -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "/dev/zero"));
	assert_non_null(strstr(kx_ctx_message(f->ctx), "not a regular file"));
	assert_int_equal(plan_and_load(f, fifo, NULL, "", KX_SYSCALL_AUTO),
			 -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), fifo));
	assert_int_equal(plan_and_load(f, f->kernel, fifo, "",
				       KX_SYSCALL_CLASSIC),
			 -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), fifo));
	assert_int_equal(plan_and_load(f, f->kernel, "/dev/urandom", "",
				       KX_SYSCALL_AUTO),
			 -EINVAL);
	assert_int_equal(f->k.file_calls + f->k.load_calls, 0);
	free(fifo);
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
	assert_int_equal(f->k.last_flags, TH_KEXEC_ARCH_X86_64 | KX_ON_CRASH);
	assert_int_equal(f->k.last_nr_segments, 0);
}

static void test_crash_flag(void **state)
{
	struct fixture *f = *state;
	kx_request *req = th_request(f->ctx, f->kernel, NULL, "",
				     KX_SYSCALL_AUTO, KX_LOAD_CRASH);
	kx_plan *plan;

	/* -p needs a crashkernel= reservation. */
	th_write(f->root, "/proc/iomem",
		 "00100000-3fffffff : System RAM\n"
		 "  20000000-2fffffff : Crash kernel\n",
		 (size_t)-1);
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	kx_request_free(req);
	assert_int_equal(th_u64(plan, KX_KEY_CRASH), 1);
	assert_int_equal(kx_plan_load(f->ctx, plan), 0);
	assert_true(f->k.last_flags & KX_FILE_ON_CRASH);
	assert_int_equal(f->k.crash_loaded, 1);
	kx_plan_free(plan);
}

static void test_unknown_type_name(void **state)
{
	struct fixture *f = *state;
	kx_request *req = th_request(f->ctx, f->kernel, NULL, NULL,
				     KX_SYSCALL_AUTO, 0);

	/* Refused where it is given, before any file is read. */
	assert_int_equal(kx_request_set_type(req, "floppy"), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "floppy"));
	kx_request_free(req);
}

static void test_elf_named(void **state)
{
	struct fixture *f = *state;
	char *elf = th_path(f->root, "kernel.elf");
	kx_request *req =
	    th_request(f->ctx, elf, NULL, NULL, KX_SYSCALL_AUTO, 0);
	kx_plan *plan;

	th_write(f->root, "kernel.elf", "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0", 16);
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), -ENOEXEC);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "ELF"));
	kx_request_free(req);
	free(elf);
}

/* A key that does not apply is absent, not 0: callers tell the two apart. */
static void test_absent_keys(void **state)
{
	struct fixture *f = *state;
	kx_request *req = th_request(f->ctx, f->kernel, NULL, NULL,
				     KX_SYSCALL_FILE, 0);
	kx_plan *plan;
	uint64_t v = 7;

	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	kx_request_free(req);
	/* No initrd, no layout, not Multiboot, not a crash plan. */
	assert_null(kx_plan_get_str(plan, KX_KEY_INITRD_PATH));
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_INITRD_SIZE, &v),
			 -ENOENT);
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_CLASSIC, &v), -ENOENT);
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_ENTRY, &v), -ENOENT);
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_MB_VERSION, &v),
			 -ENOENT);
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_ELFCOREHDR_ADDR, &v),
			 -ENOENT);
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_SYSCALL_REASON, &v),
			 -ENOENT);
	assert_int_equal(v, 7);
	/* A text field is not a number, nor a number a text. */
	assert_non_null(kx_plan_get_str(plan, KX_KEY_CMDLINE));
	assert_int_equal(kx_plan_get_u64(plan, KX_KEY_CMDLINE, &v), -ENOENT);
	assert_null(kx_plan_get_str(plan, KX_KEY_IMAGE_TYPE));
	/* Empty lists, and no item past their end. */
	assert_int_equal(kx_plan_count(plan, KX_LIST_SEGMENTS), 0);
	assert_int_equal(kx_plan_count(plan, KX_LIST_E820), 0);
	assert_int_equal(kx_plan_count(plan, KX_LIST_CRASH_REGIONS), 0);
	assert_int_equal(
	    kx_plan_item_u64(plan, KX_LIST_SEGMENTS, 0, KX_KEY_MEM, &v),
	    -ENOENT);
	assert_null(kx_plan_item_str(plan, KX_LIST_SEGMENTS, 0, KX_KEY_NAME));
	kx_plan_free(plan);
}

/* The plan and load entry points refuse NULL objects and out-of-range
 * values instead of crashing (the request's setters and the field getters'
 * key ranges are test_request's and test_fields'). */
static void test_argument_checks(void **state)
{
	struct fixture *f = *state;
	kx_request *req = th_request(f->ctx, f->kernel, NULL, NULL,
				     KX_SYSCALL_AUTO, 0);
	kx_plan *plan = (kx_plan *)1;
	uint64_t v;

	assert_int_equal(kx_plan_create(f->ctx, NULL, &plan), -EINVAL);
	assert_null(plan);
	assert_int_equal(kx_plan_create(NULL, req, &plan), -EINVAL);
	assert_int_equal(kx_plan_create(f->ctx, req, NULL), -EINVAL);
	assert_int_equal(kx_plan_load(f->ctx, NULL), -EINVAL);
	assert_int_equal(kx_plan_build_classic(f->ctx, NULL), -EINVAL);
	assert_int_equal(kx_plan_get_u64(NULL, KX_KEY_IMAGE_TYPE, &v),
			 -EINVAL);
	assert_null(kx_plan_get_str(NULL, KX_KEY_CMDLINE));
	assert_int_equal(kx_plan_count(NULL, KX_LIST_SEGMENTS), 0);
	assert_int_equal(
	    kx_plan_item_u64(NULL, KX_LIST_SEGMENTS, 0, KX_KEY_MEM, &v),
	    -EINVAL);
	assert_null(kx_plan_item_str(NULL, KX_LIST_SEGMENTS, 0, KX_KEY_NAME));
	kx_plan_free(NULL);
	/* The refusals left the context and the request usable. */
	assert_int_equal(kx_plan_create(f->ctx, req, &plan), 0);
	assert_int_equal(th_u64(plan, KX_KEY_IMAGE_TYPE), KX_IMAGE_BZIMAGE);
	assert_int_equal(kx_unload(f->ctx, (enum kx_syscall_mode)9, 0),
			 -EINVAL);
	assert_int_equal(kx_unload(NULL, KX_SYSCALL_AUTO, 0), -EINVAL);
	assert_int_equal(kx_exec(NULL), -EINVAL);
	assert_int_equal(f->k.file_calls + f->k.load_calls + f->k.reboot_calls,
			 0);
	kx_plan_free(plan);
	kx_request_free(req);
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
		T(test_zeroed_boot_flag_named),
		T(test_missing_files),
		T(test_not_regular_files_refused),
		T(test_cmdline_too_long),
		T(test_unload_and_exec),
		T(test_crash_flag),
		T(test_unknown_type_name),
		T(test_elf_named),
		T(test_absent_keys),
		T(test_argument_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
