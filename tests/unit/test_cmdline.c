/* Command-line composition: reuse of /proc/cmdline and joining parts. */
#include <setjmp.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boot/cmdline.h"
#include "core/text.h"
#include "helpers.h"

static char *reuse(const char *proc_cmdline, unsigned flags, int *rc)
{
	char *root = th_mkdtemp(), *out = NULL;
	kx_ctx *ctx = kx_ctx_new();

	if (proc_cmdline)
		th_write(root, "/proc/cmdline", proc_cmdline, (size_t)-1);
	kx_ctx_set_root(ctx, root);
	*rc = kx_cmdline_reuse(ctx, flags, &out);
	kx_ctx_free(ctx);
	th_rmtree(root);
	free(root);
	return out;
}

static void test_reuse_drops_boot_image(void **state)
{
	int rc;
	char *s = reuse("BOOT_IMAGE=/boot/vmlinuz-6.1 root=/dev/sda1 ro quiet\n",
			0, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(s, "root=/dev/sda1 ro quiet");
	free(s);
}

static void test_reuse_keeps_crashkernel_for_normal(void **state)
{
	int rc;
	char *s = reuse("ro crashkernel=256M BOOT_IMAGE=x quiet\n", 0, &rc);

	(void)state;
	assert_string_equal(s, "ro crashkernel=256M quiet");
	free(s);
}

static void test_reuse_drops_crashkernel_for_crash(void **state)
{
	int rc;
	char *s = reuse("ro crashkernel=256M crashkernel=64M,low quiet\n",
			KX_LOAD_CRASH, &rc);

	(void)state;
	assert_string_equal(s, "ro quiet");
	free(s);
}

static void test_reuse_keeps_quoted_words(void **state)
{
	int rc;
	char *s = reuse("a=\"x BOOT_IMAGE=y\"   b  BOOT_IMAGE=/v\n", 0, &rc);

	(void)state;
	assert_string_equal(s, "a=\"x BOOT_IMAGE=y\" b");
	free(s);
}

static void test_reuse_word_prefix_not_dropped(void **state)
{
	int rc;
	char *s = reuse("BOOT_IMAGEX=1 crashkernelx=2\n", KX_LOAD_CRASH, &rc);

	(void)state;
	assert_string_equal(s, "BOOT_IMAGEX=1 crashkernelx=2");
	free(s);
}

static void test_reuse_missing_proc(void **state)
{
	int rc;
	char *s = reuse(NULL, 0, &rc);

	(void)state;
	assert_null(s);
	assert_int_equal(rc, -ENOENT);
}

static void test_join(void **state)
{
	const char *parts[] = {"root=/dev/vda", NULL, "", "quiet", "a=b"};
	kx_ctx *ctx = kx_ctx_new();
	char *s;

	(void)state;
	assert_int_equal(kx_cmdline_join(ctx, parts, 5, &s), 0);
	assert_string_equal(s, "root=/dev/vda quiet a=b");
	free(s);
	assert_int_equal(kx_cmdline_join(ctx, parts, 0, &s), 0);
	assert_string_equal(s, "");
	free(s);
	kx_ctx_free(ctx);
}

static void test_word_len(void **state)
{
	(void)state;
	assert_int_equal(text_word_len("abc def"), 3);
	assert_int_equal(text_word_len("a=\"b c\" d"), 7);
	assert_int_equal(text_word_len("a=\"unterminated d"), 17);
	assert_int_equal(text_word_len(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reuse_drops_boot_image),
		cmocka_unit_test(test_reuse_keeps_crashkernel_for_normal),
		cmocka_unit_test(test_reuse_drops_crashkernel_for_crash),
		cmocka_unit_test(test_reuse_keeps_quoted_words),
		cmocka_unit_test(test_reuse_word_prefix_not_dropped),
		cmocka_unit_test(test_reuse_missing_proc),
		cmocka_unit_test(test_join),
		cmocka_unit_test(test_word_len),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
