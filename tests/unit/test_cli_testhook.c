/* kexec-test's --test-corrupt-after-hash, built here as kexec-test builds
 * it (KX_TEST_HOOKS) with the real kexec_load replaced by a recorder: the
 * kernel hands over the kernel segment with one byte flipped, in a copy,
 * while the plan's own bytes and every other segment stay as hashed. */
#define KX_TEST_HOOKS 1
#define syscall	      record_kexec_load

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>

#include <cmocka.h>

#include "helpers.h"

static long record_kexec_load(long nr, ...);

#include "testhook.c"

#define KERNEL_SIZE		   (64 * 1024)
#define XLF_KERNEL_64		   (1u << 0)
#define XLF_CAN_BE_LOADED_ABOVE_4G (1u << 1)
#define BIOS_ROOT		   "tests/fixtures/crash/bios-root"
#define MAX_SEGS		   16

/* What the "kernel" was handed: copies of every segment's bytes. */
static struct {
	int calls;
	unsigned long nr;
	struct kx_segment segs[MAX_SEGS];
	uint8_t *bytes[MAX_SEGS];
} seen;

static long record_kexec_load(long nr, ...)
{
	const struct kx_segment *segs;
	va_list ap;

	assert_int_equal(nr, SYS_kexec_load);
	va_start(ap, nr);
	(void)va_arg(ap, unsigned long);
	seen.nr = va_arg(ap, unsigned long);
	segs = va_arg(ap, const struct kx_segment *);
	va_end(ap);
	assert_true(seen.nr <= MAX_SEGS);
	for (unsigned long i = 0; i < seen.nr; i++) {
		seen.segs[i] = segs[i];
		seen.bytes[i] = malloc(segs[i].bufsz ? segs[i].bufsz : 1);
		memcpy(seen.bytes[i], segs[i].buf, segs[i].bufsz);
	}
	seen.calls++;
	return 0;
}

/* kexec_load without the hook, into the same recorder. */
static long plain_kexec_load(void *data, unsigned long entry, unsigned long nr,
			     const struct kx_segment *segs, unsigned long flags)
{
	(void)data;
	return record_kexec_load(SYS_kexec_load, entry, nr, segs, flags);
}

static size_t kernel_index(const kx_plan *plan)
{
	uint64_t mem;

	assert_int_equal(kernel_mem(plan, &mem), 0);
	for (size_t i = 0; i < seen.nr; i++)
		if (seen.segs[i].mem == mem)
			return i;
	fail_msg("no segment at 0x%llx", (unsigned long long)mem);
	return 0;
}

static void test_corrupts_a_copy_of_the_kernel(void **state)
{
	char *root = th_mkdtemp(), *path;
	uint8_t *image = th_make_bzimage(
	    KERNEL_SIZE, 0x020f, XLF_KERNEL_64 | XLF_CAN_BE_LOADED_ABOVE_4G);
	struct kexec_options opts = {.test_corrupt = true};
	kx_ctx *ctx = kx_ctx_new();
	kx_request *req = NULL;
	kx_plan *plan = NULL;
	size_t k;

	(void)state;
	th_write(root, "/vmlinuz", image, KERNEL_SIZE);
	path = th_path(root, "/vmlinuz");
	kx_ctx_set_root(ctx, BIOS_ROOT);
	assert_int_equal(kx_request_new(ctx, &req), 0);
	assert_int_equal(kx_request_set_kernel(req, path), 0);
	assert_int_equal(kx_request_set_syscall(req, KX_SYSCALL_CLASSIC), 0);
	assert_int_equal(kx_plan_create(ctx, req, &plan), 0);
	assert_int_equal(testhook_install(ctx, plan, &opts), 0);
	assert_int_equal(kx_plan_load(ctx, plan), 0);
	assert_int_equal(seen.calls, 1);
	k = kernel_index(plan);
	/* The payload starts after the setup sectors: its byte 0x1000 is
	 * the image's byte setup + 0x1000, flipped. */
	assert_true(seen.segs[k].bufsz > CORRUPT_OFFSET);
	assert_int_equal(
	    seen.bytes[k][CORRUPT_OFFSET],
	    image[KERNEL_SIZE - seen.segs[k].bufsz + CORRUPT_OFFSET] ^ 0xff);
	assert_memory_equal(seen.bytes[k],
			    image + KERNEL_SIZE - seen.segs[k].bufsz,
			    CORRUPT_OFFSET);
	for (size_t i = 0; i < seen.nr; i++)
		free(seen.bytes[i]);
	/* The plan kept its own bytes: without the hook the same load hands
	 * the kernel exactly what was hashed. */
	seen.calls = 0;
	assert_int_equal(kx_ctx_set_kexec_load(ctx, plain_kexec_load), 0);
	assert_int_equal(kx_plan_load(ctx, plan), 0);
	assert_int_equal(seen.calls, 1);
	assert_memory_equal(seen.bytes[k],
			    image + KERNEL_SIZE - seen.segs[k].bufsz,
			    seen.segs[k].bufsz);
	for (size_t i = 0; i < seen.nr; i++)
		free(seen.bytes[i]);
	kx_plan_free(plan);
	kx_request_free(req);
	kx_ctx_free(ctx);
	th_rmtree(root);
	free(root);
	free(path);
	free(image);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_corrupts_a_copy_of_the_kernel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
