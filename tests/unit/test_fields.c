/* The public view of a plan's description: a description filled by hand,
 * read back through kx_plan_get_* and kx_plan_item_*, and the stable
 * names of keys, lists, sources and reasons. */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "api/plan.h"
#include "core/desc.h"

struct fixture {
	kx_ctx *ctx;
	struct desc *desc;
	struct kx_plan plan;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	size_t at;

	f->ctx = kx_ctx_new();
	f->desc = desc_new();
	f->plan.desc = f->desc;
	assert_int_equal(desc_set_u64(f->ctx, f->desc, KX_KEY_KERNEL_ADDR,
				      0x1000000),
			 0);
	assert_int_equal(desc_set_u64(f->ctx, f->desc, KX_KEY_CRASH, 0), 0);
	assert_int_equal(
	    desc_set_str(f->ctx, f->desc, KX_KEY_KERNEL_PATH, "/boot/vmlinuz"),
	    0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(
		    desc_item_add(f->ctx, f->desc, KX_LIST_SEGMENTS, &at), 0);
		assert_int_equal(at, (size_t)i);
		assert_int_equal(desc_item_set_u64(f->ctx, f->desc,
						   KX_LIST_SEGMENTS, at,
						   KX_KEY_MEM, 0x100000 * (i + 1)),
				 0);
		assert_int_equal(desc_item_set_str(f->ctx, f->desc,
						   KX_LIST_SEGMENTS, at,
						   KX_KEY_NAME,
						   i ? "initrd" : "kernel"),
				 0);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	desc_free(f->desc);
	kx_ctx_free(f->ctx);
	free(f);
	return 0;
}

static void test_fields_read_back(void **state)
{
	struct fixture *f = *state;
	const kx_plan *p = &f->plan;
	uint64_t v = 7;

	assert_int_equal(kx_plan_get_u64(p, KX_KEY_KERNEL_ADDR, &v), 0);
	assert_int_equal(v, 0x1000000);
	/* 0 is a value, not absence. */
	assert_int_equal(kx_plan_get_u64(p, KX_KEY_CRASH, &v), 0);
	assert_int_equal(v, 0);
	assert_string_equal(kx_plan_get_str(p, KX_KEY_KERNEL_PATH),
			    "/boot/vmlinuz");
	assert_int_equal(kx_plan_count(p, KX_LIST_SEGMENTS), 2);
	assert_int_equal(
	    kx_plan_item_u64(p, KX_LIST_SEGMENTS, 1, KX_KEY_MEM, &v), 0);
	assert_int_equal(v, 0x200000);
	assert_string_equal(
	    kx_plan_item_str(p, KX_LIST_SEGMENTS, 0, KX_KEY_NAME), "kernel");
}

static void test_absent(void **state)
{
	struct fixture *f = *state;
	const kx_plan *p = &f->plan;
	uint64_t v;

	assert_int_equal(kx_plan_get_u64(p, KX_KEY_INITRD_ADDR, &v), -ENOENT);
	assert_null(kx_plan_get_str(p, KX_KEY_CMDLINE));
	/* A number is not a text, nor a text a number. */
	assert_null(kx_plan_get_str(p, KX_KEY_KERNEL_ADDR));
	assert_int_equal(kx_plan_get_u64(p, KX_KEY_KERNEL_PATH, &v), -ENOENT);
	assert_int_equal(kx_plan_count(p, KX_LIST_E820), 0);
	assert_int_equal(kx_plan_item_u64(p, KX_LIST_SEGMENTS, 2, KX_KEY_MEM,
					  &v),
			 -ENOENT);
	assert_int_equal(kx_plan_item_u64(p, KX_LIST_SEGMENTS, 0,
					  KX_KEY_BUFSZ, &v),
			 -ENOENT);
	assert_int_equal(
	    kx_plan_item_u64(p, KX_LIST_E820, 0, KX_KEY_START, &v), -ENOENT);
	assert_null(kx_plan_item_str(p, KX_LIST_SEGMENTS, 5, KX_KEY_NAME));
	assert_null(kx_plan_item_str(p, KX_LIST_SEGMENTS, 0, KX_KEY_PATH));
}

static void test_out_of_range(void **state)
{
	struct fixture *f = *state;
	const kx_plan *p = &f->plan;
	uint64_t v;

	assert_int_equal(kx_plan_get_u64(NULL, KX_KEY_KERNEL_ADDR, &v),
			 -EINVAL);
	assert_int_equal(kx_plan_get_u64(p, KX_KEY_KERNEL_ADDR, NULL), -EINVAL);
	assert_int_equal(kx_plan_get_u64(p, (enum kx_key)0, &v), -EINVAL);
	assert_int_equal(kx_plan_get_u64(p, KX_KEY__MAX, &v), -EINVAL);
	assert_int_equal(kx_plan_get_u64(p, (enum kx_key)-1, &v), -EINVAL);
	assert_null(kx_plan_get_str(NULL, KX_KEY_KERNEL_PATH));
	assert_null(kx_plan_get_str(p, KX_KEY__MAX));
	assert_int_equal(kx_plan_count(NULL, KX_LIST_SEGMENTS), 0);
	assert_int_equal(kx_plan_count(p, (enum kx_list)0), 0);
	assert_int_equal(kx_plan_count(p, KX_LIST__MAX), 0);
	assert_int_equal(kx_plan_item_u64(NULL, KX_LIST_SEGMENTS, 0,
					  KX_KEY_MEM, &v),
			 -EINVAL);
	assert_int_equal(
	    kx_plan_item_u64(p, KX_LIST__MAX, 0, KX_KEY_MEM, &v), -EINVAL);
	assert_int_equal(kx_plan_item_u64(p, KX_LIST_SEGMENTS, 0,
					  KX_KEY__MAX, &v),
			 -EINVAL);
	assert_int_equal(kx_plan_item_u64(p, KX_LIST_SEGMENTS, 0, KX_KEY_MEM,
					  NULL),
			 -EINVAL);
	assert_null(kx_plan_item_str(NULL, KX_LIST_SEGMENTS, 0, KX_KEY_NAME));
	assert_null(kx_plan_item_str(p, (enum kx_list)99, 0, KX_KEY_NAME));
	assert_null(kx_plan_item_str(p, KX_LIST_SEGMENTS, 0, (enum kx_key)0));
}

static bool snake_case(const char *s)
{
	if (!s || !islower((unsigned char)s[0]))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    !(*s == '_' && s[1] && s[1] != '_'))
			return false;
	return true;
}

/* Every value from FIRST to END has a snake_case name, no two alike. */
static void check_names(const char *(*name)(int), int first, int end)
{
	for (int i = first; i < end; i++) {
		const char *n = name(i);

		if (!snake_case(n))
			fail_msg("value %d: name \"%s\"", i, n ? n : "(null)");
		for (int j = first; j < i; j++)
			if (!strcmp(n, name(j)))
				fail_msg("values %d and %d both \"%s\"", j, i,
					 n);
	}
	assert_null(name(end));
	assert_null(name(-1));
}

static const char *key_name(int v)
{
	return kx_key_name((enum kx_key)v);
}

static const char *list_name(int v)
{
	return kx_list_name((enum kx_list)v);
}

static const char *source_name(int v)
{
	return kx_source_name((enum kx_source)v);
}

static const char *reason_name(int v)
{
	return kx_reason_name((enum kx_reason)v);
}

static void test_names(void **state)
{
	(void)state;
	check_names(key_name, 1, KX_KEY__MAX);
	check_names(list_name, 1, KX_LIST__MAX);
	check_names(source_name, 0, KX_SOURCE_DEFAULT + 1);
	check_names(reason_name, 0, KX_REASON_ERRNO + 1);
	assert_null(kx_key_name((enum kx_key)0));
	assert_null(kx_list_name((enum kx_list)0));
	/* Names are JSON keys people script against: these never change. */
	assert_string_equal(kx_key_name(KX_KEY_KERNEL_ADDR), "kernel_addr");
	assert_string_equal(kx_key_name(KX_KEY_INFO_FB_RGB), "info_fb_rgb");
	assert_string_equal(kx_key_name(KX_KEY_ADDR), "addr");
	assert_string_equal(kx_list_name(KX_LIST_SEGMENTS), "segments");
	assert_string_equal(kx_list_name(KX_LIST_CORE_PHDRS), "core_phdrs");
	assert_string_equal(kx_source_name(KX_SOURCE_SYSFS_MEMMAP),
			    "sysfs_memmap");
	assert_string_equal(kx_source_name(KX_SOURCE_NONE), "none");
	assert_string_equal(kx_reason_name(KX_REASON_NOT_EFI), "not_efi");
}

/* The one formatter: what the library's messages and the command print. */
static void test_format_size(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(kx_format_size(512, buf, sizeof(buf)),
			    "512 bytes");
	assert_string_equal(kx_format_size(4608, buf, sizeof(buf)), "4.5 KiB");
	assert_string_equal(kx_format_size(300ull << 20, buf, sizeof(buf)),
			    "300 MiB");
	assert_string_equal(kx_format_size(0xfffff, buf, sizeof(buf)),
			    "1.0 MiB");
	assert_ptr_equal(kx_format_size(1, buf, sizeof(buf)), buf);
	assert_null(kx_format_size(1, NULL, 0));
	buf[0] = 'x';
	kx_format_size(1, buf, 0);
	assert_int_equal(buf[0], 'x');
	kx_format_size(123456789, buf, 4);
	assert_int_equal(strlen(buf), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_fields_read_back, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_absent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_out_of_range, setup,
					    teardown),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_format_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
