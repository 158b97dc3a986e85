/* Status files, lockdown and the explanations of syscall failures. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "sys/explain.h"
#include "sys/status.h"

struct fixture {
	char *root;
	kx_ctx *ctx;
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

	kx_ctx_free(f->ctx);
	th_rmtree(f->root);
	free(f->root);
	free(f);
	return 0;
}

static void test_status_loaded(void **state)
{
	struct fixture *f = *state;
	kx_status *st;

	th_write(f->root, "/sys/kernel/kexec_loaded", "1\n", (size_t)-1);
	th_write(f->root, "/sys/kernel/kexec_crash_loaded", "0\n", (size_t)-1);
	th_write(f->root, "/sys/kernel/kexec_crash_size", "402653184\n",
		 (size_t)-1);
	th_write(f->root, "/sys/kernel/security/lockdown",
		 "[none] integrity confidentiality\n", (size_t)-1);
	assert_int_equal(kx_status_read(f->ctx, &st), 0);
	assert_true(kx_status_loaded(st));
	assert_false(kx_status_crash_loaded(st));
	assert_true(kx_status_crash_known(st));
	assert_int_equal(kx_status_crash_size(st), 402653184);
	assert_string_equal(kx_status_lockdown(st), "none");
	kx_status_free(st);
}

static void test_status_missing_files(void **state)
{
	struct fixture *f = *state;
	kx_status *st;

	assert_int_equal(kx_status_read(f->ctx, &st), 0);
	assert_false(kx_status_loaded(st));
	assert_false(kx_status_crash_loaded(st));
	assert_false(kx_status_crash_known(st));
	assert_int_equal(kx_status_crash_size(st), 0);
	assert_string_equal(kx_status_lockdown(st), "");
	kx_status_free(st);
}

/* A flag file that cannot be read (a directory here) fails the read and
 * leaves no object behind. */
static void test_status_unreadable(void **state)
{
	struct fixture *f = *state;
	kx_status *st = (kx_status *)f;

	th_write(f->root, "/sys/kernel/kexec_loaded/x", "", (size_t)-1);
	assert_true(kx_status_read(f->ctx, &st) < 0);
	assert_null(st);
}

static void test_status_null(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(kx_status_read(NULL, NULL), -EINVAL);
	assert_int_equal(kx_status_read(f->ctx, NULL), -EINVAL);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "kx_status_read"));
	assert_false(kx_status_loaded(NULL));
	assert_false(kx_status_crash_loaded(NULL));
	assert_false(kx_status_crash_known(NULL));
	assert_int_equal(kx_status_crash_size(NULL), 0);
	assert_string_equal(kx_status_lockdown(NULL), "");
	kx_status_free(NULL);
}

static void test_lockdown_parse(void **state)
{
	char out[16];

	(void)state;
	status_parse_lockdown("none [integrity] confidentiality", out,
			      sizeof(out));
	assert_string_equal(out, "integrity");
	status_parse_lockdown("[none] integrity confidentiality\n", out,
			      sizeof(out));
	assert_string_equal(out, "none");
	status_parse_lockdown("garbage", out, sizeof(out));
	assert_string_equal(out, "");
	status_parse_lockdown("none [integrity", out, sizeof(out));
	assert_string_equal(out, "");
}

static void test_explain_lockdown(void **state)
{
	struct fixture *f = *state;
	int rc;

	th_write(f->root, "/sys/kernel/security/lockdown",
		 "none [integrity] confidentiality\n", (size_t)-1);
	rc = explain_syscall_error(f->ctx, "kexec_load", -EPERM, "/vmlinuz");
	assert_int_equal(rc, -EPERM);
	assert_non_null(strstr(kx_ctx_message(f->ctx), "locked down"));
	assert_non_null(strstr(kx_ctx_message(f->ctx), "integrity"));
	assert_non_null(strstr(kx_ctx_message(f->ctx), "-s"));
}

static void test_explain_not_root(void **state)
{
	struct fixture *f = *state;

	explain_syscall_error(f->ctx, "kexec_file_load", -EPERM, "/vmlinuz");
	assert_non_null(strstr(kx_ctx_message(f->ctx), "root"));
	assert_non_null(strstr(kx_ctx_message(f->ctx), "/vmlinuz"));
}

static void test_explain_signature(void **state)
{
	struct fixture *f = *state;
	const int errs[] = {-129 /* EKEYREJECTED */, -126 /* ENOKEY */,
			    -EBADMSG, -ENODATA};
	size_t i;

	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		explain_syscall_error(f->ctx, "kexec_file_load", errs[i], "k");
		assert_non_null(strstr(kx_ctx_message(f->ctx), "signed"));
		assert_false(explain_may_fall_back(errs[i]));
	}
}

static void test_explain_others(void **state)
{
	struct fixture *f = *state;

	explain_syscall_error(f->ctx, "kexec_file_load", -ENOSYS, "k");
	assert_non_null(strstr(kx_ctx_message(f->ctx), "CONFIG_KEXEC"));
	explain_syscall_error(f->ctx, "kexec_file_load", -ETXTBSY, "k");
	assert_non_null(strstr(kx_ctx_message(f->ctx), "open for writing"));
	explain_syscall_error(f->ctx, "kexec_file_load", -EBUSY, "k");
	assert_non_null(strstr(kx_ctx_message(f->ctx), "in progress"));
	explain_syscall_error(f->ctx, "kexec_file_load", -ENOEXEC, "k");
	assert_non_null(strstr(kx_ctx_message(f->ctx), "cannot parse"));
	explain_syscall_error(f->ctx, "kexec_file_load", -E2BIG, "k");
	assert_non_null(strstr(kx_ctx_message(f->ctx), "k: kexec_file_load"));
}

static void test_fallback_set(void **state)
{
	(void)state;
	assert_true(explain_may_fall_back(-ENOSYS));
	assert_true(explain_may_fall_back(-EINVAL));
	assert_true(explain_may_fall_back(-ENOEXEC));
	assert_true(explain_may_fall_back(-EOPNOTSUPP));
	assert_false(explain_may_fall_back(-EPERM));
	assert_false(explain_may_fall_back(-EBUSY));
	assert_false(explain_may_fall_back(-ETXTBSY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_status_loaded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_status_missing_files,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_unreadable, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_status_null, setup,
						teardown),
		cmocka_unit_test(test_lockdown_parse),
		cmocka_unit_test_setup_teardown(test_explain_lockdown, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_explain_not_root, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_explain_signature, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_explain_others, setup,
						teardown),
		cmocka_unit_test(test_fallback_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
