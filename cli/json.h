/* A small streaming JSON writer for --json output: objects, arrays,
 * strings, integers, booleans and null, indented two spaces a level. */
#ifndef KEXEC_CLI_JSON_H
#define KEXEC_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool has_items[JSON_MAX_DEPTH]; /* a comma is due at this level */
};

void json_init(struct json *j, FILE *f);

/* KEY names the member inside an object; pass NULL at the top level and
 * inside arrays. */
void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
/* A NULL VALUE writes null. */
void json_string(struct json *j, const char *key, const char *value);
void json_uint(struct json *j, const char *key, uint64_t value);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);

/* Write TEXT as a quoted JSON string; bytes that are not UTF-8 become
 * U+FFFD so the output always parses. */
void json_write_string(FILE *f, const char *text);

#endif
