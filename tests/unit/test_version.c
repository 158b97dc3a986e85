/* The version: the library's answer, the header's macros, and the version
 * the build installs (KX_PROJECT_VERSION, from the Makefile or meson). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "libkexec.h"

static void test_version_matches_header(void **state)
{
	char spelled[32];

	(void)state;
	assert_string_equal(kx_version(), KX_VERSION_STRING);
	assert_int_equal(kx_version_number(), KX_VERSION_NUMBER);
	snprintf(spelled, sizeof(spelled), "%d.%d.%d", KX_VERSION_MAJOR,
		 KX_VERSION_MINOR, KX_VERSION_MICRO);
	assert_string_equal(spelled, KX_VERSION_STRING);
	assert_int_equal(KX_VERSION_NUMBER,
			 KX_VERSION_MAJOR << 16 | KX_VERSION_MINOR << 8 |
			     KX_VERSION_MICRO);
}

static void test_version_matches_build(void **state)
{
	(void)state;
#ifdef KX_PROJECT_VERSION
	assert_string_equal(KX_PROJECT_VERSION, KX_VERSION_STRING);
#else
	skip();
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version_matches_header),
	    cmocka_unit_test(test_version_matches_build),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
