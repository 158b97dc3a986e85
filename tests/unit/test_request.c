/* kx_request: every setter and getter, copies rather than references,
 * and refusals of NULL objects and bad values with a message. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/request.h"

struct fixture {
	kx_ctx *ctx;
	kx_request *req;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->ctx = kx_ctx_new();
	assert_int_equal(kx_request_new(f->ctx, &f->req), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	kx_request_free(f->req);
	kx_ctx_free(f->ctx);
	free(f);
	return 0;
}

static void expect_message(kx_ctx *ctx, const char *want)
{
	if (!strstr(kx_ctx_message(ctx), want))
		fail_msg("message \"%s\", wanted \"%s\"", kx_ctx_message(ctx),
			 want);
	assert_int_equal(kx_ctx_errno(ctx), -EINVAL);
}

static void test_defaults(void **state)
{
	struct fixture *f = *state;

	assert_null(kx_request_get_kernel(f->req));
	assert_null(kx_request_get_initrd(f->req));
	assert_null(kx_request_get_cmdline(f->req));
	assert_int_equal(kx_request_get_flags(f->req), 0);
	assert_int_equal(kx_request_get_syscall(f->req), KX_SYSCALL_AUTO);
	assert_null(f->req->type);
	assert_int_equal(f->req->mem_min, 0);
	assert_int_equal(f->req->mem_max, 0);
	assert_int_equal(f->req->n_modules, 0);
	assert_ptr_equal(f->req->ctx, f->ctx);
}

/* The request keeps its own copies: the caller's buffers may change or
 * go away. */
static void test_strings_are_copied(void **state)
{
	struct fixture *f = *state;
	char kernel[] = "/boot/vmlinuz", initrd[] = "/boot/initrd.img";
	char cmdline[] = "root=/dev/vda1 quiet", type[] = "bzImage";
	char module[] = "/boot/mod.bin arg=1";

	assert_int_equal(kx_request_set_kernel(f->req, kernel), 0);
	assert_int_equal(kx_request_set_initrd(f->req, initrd), 0);
	assert_int_equal(kx_request_set_cmdline(f->req, cmdline), 0);
	assert_int_equal(kx_request_set_type(f->req, type), 0);
	assert_int_equal(kx_request_add_module(f->req, module), 0);
	assert_ptr_not_equal(kx_request_get_kernel(f->req), kernel);
	assert_ptr_not_equal(kx_request_get_initrd(f->req), initrd);
	assert_ptr_not_equal(kx_request_get_cmdline(f->req), cmdline);
	assert_ptr_not_equal(f->req->type, type);
	assert_ptr_not_equal(f->req->modules[0], module);
	memset(kernel, 'x', sizeof(kernel) - 1);
	memset(initrd, 'x', sizeof(initrd) - 1);
	memset(cmdline, 'x', sizeof(cmdline) - 1);
	memset(type, 'x', sizeof(type) - 1);
	memset(module, 'x', sizeof(module) - 1);
	assert_string_equal(kx_request_get_kernel(f->req), "/boot/vmlinuz");
	assert_string_equal(kx_request_get_initrd(f->req), "/boot/initrd.img");
	assert_string_equal(kx_request_get_cmdline(f->req),
			    "root=/dev/vda1 quiet");
	assert_string_equal(f->req->type, "bzImage");
	assert_string_equal(f->req->modules[0], "/boot/mod.bin arg=1");
}

static void test_replace_and_clear(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(kx_request_set_kernel(f->req, "/a"), 0);
	assert_int_equal(kx_request_set_kernel(f->req, "/b"), 0);
	assert_string_equal(kx_request_get_kernel(f->req), "/b");
	assert_int_equal(kx_request_set_initrd(f->req, "/i"), 0);
	assert_int_equal(kx_request_set_initrd(f->req, NULL), 0);
	assert_null(kx_request_get_initrd(f->req));
	assert_int_equal(kx_request_set_cmdline(f->req, "quiet"), 0);
	assert_int_equal(kx_request_set_cmdline(f->req, NULL), 0);
	assert_null(kx_request_get_cmdline(f->req));
	/* An empty command line is a command line, not none. */
	assert_int_equal(kx_request_set_cmdline(f->req, ""), 0);
	assert_string_equal(kx_request_get_cmdline(f->req), "");
	assert_int_equal(kx_request_set_type(f->req, "elf"), 0);
	assert_int_equal(kx_request_set_type(f->req, NULL), 0);
	assert_null(f->req->type);
}

static void test_syscall_flags_range(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(kx_request_set_syscall(f->req, KX_SYSCALL_CLASSIC),
			 0);
	assert_int_equal(kx_request_get_syscall(f->req), KX_SYSCALL_CLASSIC);
	assert_int_equal(kx_request_set_syscall(f->req, KX_SYSCALL_FILE), 0);
	assert_int_equal(kx_request_get_syscall(f->req), KX_SYSCALL_FILE);
	assert_int_equal(
	    kx_request_set_flags(f->req, KX_LOAD_CRASH | KX_LOAD_NO_CHECKS |
					     KX_LOAD_DEBUG),
	    0);
	assert_int_equal(kx_request_get_flags(f->req),
			 KX_LOAD_CRASH | KX_LOAD_NO_CHECKS | KX_LOAD_DEBUG);
	assert_int_equal(kx_request_set_mem_range(f->req, 0x100000, 0x40000000),
			 0);
	assert_int_equal(f->req->mem_min, 0x100000);
	assert_int_equal(f->req->mem_max, 0x40000000);
	assert_int_equal(kx_request_set_mem_range(f->req, 0x100000, 0), 0);
	assert_int_equal(f->req->mem_max, 0);
	assert_int_equal(kx_request_add_module(f->req, "/m1"), 0);
	assert_int_equal(kx_request_add_module(f->req, "/m2 x=y"), 0);
	assert_int_equal(f->req->n_modules, 2);
	assert_string_equal(f->req->modules[1], "/m2 x=y");
}

/* A refused value leaves the earlier one in place. */
static void test_bad_values(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(kx_request_set_kernel(f->req, "/boot/vmlinuz"), 0);
	assert_int_equal(kx_request_set_kernel(f->req, ""), -EINVAL);
	expect_message(f->ctx, "kernel image path is empty");
	assert_int_equal(kx_request_set_kernel(f->req, NULL), -EINVAL);
	assert_string_equal(kx_request_get_kernel(f->req), "/boot/vmlinuz");
	assert_int_equal(kx_request_set_initrd(f->req, ""), -EINVAL);
	expect_message(f->ctx, "initrd path is empty");
	assert_int_equal(kx_request_set_type(f->req, "pe-arm64"), -EINVAL);
	expect_message(f->ctx, "--type=pe-arm64: unknown image type");
	assert_int_equal(
	    kx_request_set_syscall(f->req, (enum kx_syscall_mode)3), -EINVAL);
	expect_message(f->ctx, "unknown system call mode 3");
	assert_int_equal(
	    kx_request_set_syscall(f->req, (enum kx_syscall_mode)-1), -EINVAL);
	assert_int_equal(kx_request_get_syscall(f->req), KX_SYSCALL_AUTO);
	assert_int_equal(kx_request_set_flags(f->req, KX_LOAD_CRASH), 0);
	assert_int_equal(kx_request_set_flags(f->req, 1u << 31), -EINVAL);
	expect_message(f->ctx, "unknown load flags 0x80000000");
	assert_int_equal(kx_request_set_flags(f->req, 1u << 3), -EINVAL);
	assert_int_equal(kx_request_get_flags(f->req), KX_LOAD_CRASH);
	assert_int_equal(kx_request_set_mem_range(f->req, 0x2000, 0x1000),
			 -EINVAL);
	expect_message(f->ctx, "--mem-max");
	assert_int_equal(kx_request_add_module(f->req, ""), -EINVAL);
	expect_message(f->ctx, "--module names no file");
	assert_int_equal(kx_request_add_module(f->req, "  "), -EINVAL);
	assert_int_equal(kx_request_add_module(f->req, NULL), -EINVAL);
	assert_int_equal(f->req->n_modules, 0);
}

static void test_null_objects(void **state)
{
	kx_ctx *ctx = kx_ctx_new();
	kx_request *req = NULL;

	(void)state;
	assert_int_equal(kx_request_new(NULL, &req), -EINVAL);
	assert_null(req);
	assert_int_equal(kx_request_new(ctx, NULL), -EINVAL);
	expect_message(ctx, "kx_request_new");
	assert_int_equal(kx_request_set_kernel(NULL, "/k"), -EINVAL);
	assert_int_equal(kx_request_set_initrd(NULL, "/i"), -EINVAL);
	assert_int_equal(kx_request_set_cmdline(NULL, "c"), -EINVAL);
	assert_int_equal(kx_request_set_type(NULL, "elf"), -EINVAL);
	assert_int_equal(kx_request_set_syscall(NULL, KX_SYSCALL_AUTO),
			 -EINVAL);
	assert_int_equal(kx_request_set_flags(NULL, 0), -EINVAL);
	assert_int_equal(kx_request_set_mem_range(NULL, 0, 0), -EINVAL);
	assert_int_equal(kx_request_add_module(NULL, "/m"), -EINVAL);
	assert_null(kx_request_get_kernel(NULL));
	assert_null(kx_request_get_initrd(NULL));
	assert_null(kx_request_get_cmdline(NULL));
	assert_int_equal(kx_request_get_flags(NULL), 0);
	assert_int_equal(kx_request_get_syscall(NULL), KX_SYSCALL_AUTO);
	kx_request_free(NULL);
	kx_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_strings_are_copied, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_replace_and_clear, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_syscall_flags_range, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
	    cmocka_unit_test(test_null_objects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
