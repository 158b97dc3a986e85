/* The JSON writer behind --json: layout and string escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json.h"

struct capture {
	char *text;
	size_t len;
	FILE *f;
};

static void capture_open(struct capture *c)
{
	c->text = NULL;
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
}

static const char *capture_close(struct capture *c)
{
	fclose(c->f);
	return c->text;
}

static void assert_escaped(const char *in, const char *expected)
{
	struct capture c;

	capture_open(&c);
	json_write_string(c.f, in);
	assert_string_equal(capture_close(&c), expected);
	free(c.text);
}

static void test_plain_string(void **state)
{
	(void)state;
	assert_escaped("root=/dev/sda1 ro", "\"root=/dev/sda1 ro\"");
	assert_escaped("", "\"\"");
}

static void test_quotes_and_backslashes(void **state)
{
	(void)state;
	assert_escaped("a \"b\" c\\d", "\"a \\\"b\\\" c\\\\d\"");
}

static void test_control_characters(void **state)
{
	(void)state;
	assert_escaped("a\nb\tc\rd\be\ff", "\"a\\nb\\tc\\rd\\be\\ff\"");
	assert_escaped("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
}

static void test_valid_utf8_passes_through(void **state)
{
	(void)state;
	assert_escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7",
		       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\xa7\"");
}

static void test_invalid_utf8_is_replaced(void **state)
{
	(void)state;
	/* A lone continuation byte, a truncated sequence, an overlong
	 * slash, a surrogate and a byte no UTF-8 uses. */
	assert_escaped("a\x80z", "\"a\\ufffdz\"");
	assert_escaped("a\xe2\x82", "\"a\\ufffd\\ufffd\"");
	assert_escaped("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	assert_escaped("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	assert_escaped("\xff", "\"\\ufffd\"");
}

static void test_document_layout(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	capture_open(&c);
	json_init(&j, c.f);
	json_begin_object(&j, NULL);
	json_bool(&j, "loaded", true);
	json_uint(&j, "size", 18446744073709551615ull);
	json_string(&j, "none", NULL);
	json_begin_array(&j, "list");
	json_string(&j, NULL, "a");
	json_uint(&j, NULL, 2);
	json_end_array(&j);
	json_begin_object(&j, "inner");
	json_null(&j, "x");
	json_end_object(&j);
	json_end_object(&j);
	assert_string_equal(capture_close(&c),
			    "{\n"
			    "  \"loaded\": true,\n"
			    "  \"size\": 18446744073709551615,\n"
			    "  \"none\": null,\n"
			    "  \"list\": [\n"
			    "    \"a\",\n"
			    "    2\n"
			    "  ],\n"
			    "  \"inner\": {\n"
			    "    \"x\": null\n"
			    "  }\n"
			    "}\n");
	free(c.text);
}

static void test_empty_containers(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	capture_open(&c);
	json_init(&j, c.f);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "then");
	json_end_array(&j);
	json_begin_object(&j, "o");
	json_end_object(&j);
	json_end_object(&j);
	assert_string_equal(capture_close(&c),
			    "{\n  \"then\": [],\n  \"o\": {}\n}\n");
	free(c.text);
}

static void test_keys_are_escaped(void **state)
{
	struct capture c;
	struct json j;

	(void)state;
	capture_open(&c);
	json_init(&j, c.f);
	json_begin_object(&j, NULL);
	json_bool(&j, "a\"b", false);
	json_end_object(&j);
	assert_string_equal(capture_close(&c), "{\n  \"a\\\"b\": false\n}\n");
	free(c.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain_string),
	    cmocka_unit_test(test_quotes_and_backslashes),
	    cmocka_unit_test(test_control_characters),
	    cmocka_unit_test(test_valid_utf8_passes_through),
	    cmocka_unit_test(test_invalid_utf8_is_replaced),
	    cmocka_unit_test(test_document_layout),
	    cmocka_unit_test(test_empty_containers),
	    cmocka_unit_test(test_keys_are_escaped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
