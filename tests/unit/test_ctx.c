/* The context: each system call replaced on its own and restored with
 * NULL, the data handed to replacements, the root, and argument checks.
 * No real system call is ever made here. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/ctx.h"

struct calls {
	int file, load, reboot;
	void *data;
};

static long my_file_load(void *data, int kfd, int ifd, unsigned long len,
			 const char *cmdline, unsigned long flags)
{
	struct calls *c = data;

	(void)kfd, (void)ifd, (void)len, (void)cmdline, (void)flags;
	c->file++;
	c->data = data;
	return -ENOEXEC;
}

static long my_load(void *data, unsigned long entry, unsigned long n,
		    const struct kx_segment *segs, unsigned long flags)
{
	struct calls *c = data;

	(void)entry, (void)n, (void)segs, (void)flags;
	c->load++;
	return 0;
}

static long my_reboot(void *data)
{
	struct calls *c = data;

	c->reboot++;
	return -EPERM;
}

static void test_defaults_are_real(void **state)
{
	kx_ctx *ctx = kx_ctx_new();

	(void)state;
	assert_ptr_equal(ctx->sys, &ctx->sys_ops);
	assert_ptr_equal(ctx->sys->kexec_file_load, kx_sys_kexec_file_load);
	assert_ptr_equal(ctx->sys->kexec_load, kx_sys_kexec_load);
	assert_ptr_equal(ctx->sys->reboot_kexec, kx_sys_reboot_kexec);
	assert_null(ctx->sys_data);
	assert_string_equal(kx_ctx_message(ctx), "");
	assert_int_equal(kx_ctx_errno(ctx), 0);
	kx_ctx_free(ctx);
}

/* Replacing one call leaves the others alone; NULL restores one. */
static void test_one_at_a_time(void **state)
{
	kx_ctx *ctx = kx_ctx_new();
	struct calls c = {0};

	(void)state;
	assert_int_equal(kx_ctx_set_sys_data(ctx, &c), 0);
	assert_int_equal(kx_ctx_set_kexec_load(ctx, my_load), 0);
	assert_ptr_equal(ctx->sys->kexec_file_load, kx_sys_kexec_file_load);
	assert_ptr_equal(ctx->sys->reboot_kexec, kx_sys_reboot_kexec);
	assert_int_equal(ctx->sys->kexec_load(ctx->sys_data, 0, 0, NULL, 0), 0);
	assert_int_equal(c.load, 1);
	assert_int_equal(kx_ctx_set_kexec_file_load(ctx, my_file_load), 0);
	assert_int_equal(kx_ctx_set_reboot_kexec(ctx, my_reboot), 0);
	assert_int_equal(
	    ctx->sys->kexec_file_load(ctx->sys_data, 3, -1, 1, "", 0),
	    -ENOEXEC);
	assert_ptr_equal(c.data, &c);
	assert_int_equal(ctx->sys->reboot_kexec(ctx->sys_data), -EPERM);
	assert_int_equal(c.file, 1);
	assert_int_equal(c.reboot, 1);
	assert_int_equal(kx_ctx_set_kexec_load(ctx, NULL), 0);
	assert_ptr_equal(ctx->sys->kexec_load, kx_sys_kexec_load);
	assert_ptr_equal(ctx->sys->kexec_file_load, my_file_load);
	assert_int_equal(kx_ctx_set_kexec_file_load(ctx, NULL), 0);
	assert_int_equal(kx_ctx_set_reboot_kexec(ctx, NULL), 0);
	assert_ptr_equal(ctx->sys->kexec_file_load, kx_sys_kexec_file_load);
	assert_ptr_equal(ctx->sys->reboot_kexec, kx_sys_reboot_kexec);
	kx_ctx_free(ctx);
}

/* Two contexts share nothing. */
static void test_contexts_independent(void **state)
{
	kx_ctx *a = kx_ctx_new(), *b = kx_ctx_new();
	struct calls c = {0};

	(void)state;
	assert_int_equal(kx_ctx_set_kexec_load(a, my_load), 0);
	assert_int_equal(kx_ctx_set_sys_data(a, &c), 0);
	assert_ptr_equal(b->sys->kexec_load, kx_sys_kexec_load);
	assert_null(b->sys_data);
	assert_int_equal(kx_ctx_set_root(a, "/tmp/x"), 0);
	assert_string_equal(kx_ctx_root(b), "/");
	kx_fail(a, -EIO, "broken %d", 1);
	assert_string_equal(kx_ctx_message(b), "");
	kx_ctx_free(a);
	kx_ctx_free(b);
}

static void test_root(void **state)
{
	kx_ctx *ctx = kx_ctx_new();
	char root[] = "/tmp/fixture";

	(void)state;
	assert_string_equal(kx_ctx_root(ctx), "/");
	assert_int_equal(kx_ctx_set_root(ctx, root), 0);
	root[1] = 'x';
	assert_string_equal(kx_ctx_root(ctx), "/tmp/fixture");
	assert_int_equal(kx_ctx_set_root(ctx, ""), -EINVAL);
	assert_int_equal(kx_ctx_errno(ctx), -EINVAL);
	assert_string_equal(kx_ctx_root(ctx), "/tmp/fixture");
	assert_int_equal(kx_ctx_set_root(ctx, "/"), 0);
	assert_string_equal(kx_ctx_root(ctx), "/");
	assert_int_equal(kx_ctx_set_root(ctx, "/r"), 0);
	assert_int_equal(kx_ctx_set_root(ctx, NULL), 0);
	assert_string_equal(kx_ctx_root(ctx), "/");
	kx_ctx_free(ctx);
}

static void test_null_context(void **state)
{
	(void)state;
	assert_int_equal(kx_ctx_set_kexec_file_load(NULL, my_file_load),
			 -EINVAL);
	assert_int_equal(kx_ctx_set_kexec_load(NULL, my_load), -EINVAL);
	assert_int_equal(kx_ctx_set_reboot_kexec(NULL, my_reboot), -EINVAL);
	assert_int_equal(kx_ctx_set_sys_data(NULL, NULL), -EINVAL);
	assert_int_equal(kx_ctx_set_root(NULL, "/"), -EINVAL);
	assert_string_equal(kx_ctx_root(NULL), "/");
	assert_string_equal(kx_ctx_message(NULL), "");
	assert_int_equal(kx_ctx_errno(NULL), -EINVAL);
	kx_ctx_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults_are_real),
	    cmocka_unit_test(test_one_at_a_time),
	    cmocka_unit_test(test_contexts_independent),
	    cmocka_unit_test(test_root),
	    cmocka_unit_test(test_null_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
