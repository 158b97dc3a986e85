/* What the pieces of a plan report share: the labelled text layout and
 * sizes in words, and each part's text and JSON writers (report_linux.c,
 * report_crash.c, report_multiboot.c), called by report.c. */
#ifndef KEXEC_CLI_REPORT_PARTS_H
#define KEXEC_CLI_REPORT_PARTS_H

#include <stdio.h>

#include "json.h"
#include "view.h"

#define LABEL_WIDTH 18
#define SIZE_TEXT   32

/* "label:            value\n" */
void report_field(FILE *f, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* BYTES in words ("52.2 MiB"), the library's formatter. */
const char *report_size(uint64_t bytes, char buf[SIZE_TEXT]);

/* Members of a JSON object read straight from fields: a number, a
 * boolean, or a text ("" when absent). */
enum member_kind {
	MEMBER_UINT,
	MEMBER_BOOL,
	MEMBER_STR,
};

struct member {
	const char *name;
	enum kx_key key;
	enum member_kind kind;
};

#define N_MEMBERS(m) (sizeof(m) / sizeof((m)[0]))

/* The plan's fields M[0..N) as members of the current object. */
void report_members_json(struct json *j, const struct plan_view *v,
			 const struct member *m, size_t n);
/* LIST as an array NAME of objects, each with the members M[0..N). */
void report_list_json(struct json *j, const char *name,
		      const struct plan_view *v, enum kx_list list,
		      const struct member *m, size_t n);

/* "purgatory:        at 0x..., verifies ..." */
void report_purgatory_text(FILE *f, const struct plan_view *v);

/* The kernel or initrd file; absent fields print nothing. */
void report_file_text(FILE *f, const char *label, const struct plan_view *v,
		      enum kx_key path);
void report_file_json(struct json *j, const char *key,
		      const struct plan_view *v, enum kx_key path);

void report_bzimage_text(FILE *f, const struct plan_view *v);
void report_bzimage_json(struct json *j, const struct plan_view *v);
void report_segments_text(FILE *f, const struct plan_view *v);
void report_segments_json(struct json *j, const struct plan_view *v);
void report_linux_boot_text(FILE *f, const struct plan_view *v);
void report_linux_boot_json(struct json *j, const struct plan_view *v);

void report_crash_text(FILE *f, const struct plan_view *v);
void report_crash_json(struct json *j, const struct plan_view *v);

void report_multiboot_text(FILE *f, const struct plan_view *v);
void report_multiboot_json(struct json *j, const struct plan_view *v);

#endif
