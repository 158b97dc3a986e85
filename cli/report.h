/* What kexec tells people: the plan of a load (--dry-run, -d), the steps
 * of an exec or unload that --dry-run skips, and status, as text or JSON.
 * Every word is written here, from the plan's fields. */
#ifndef KEXEC_CLI_REPORT_H
#define KEXEC_CLI_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "libkexec.h"
#include "options.h"
#include "view.h"

/* Text from files and users (command lines, titles, paths) for a
 * terminal: control bytes as \xNN, so none can drive it; with ASCII,
 * every byte outside printable ASCII and the backslash too.
 * report_line escapes what it formats, then ends the line. */
void report_put_text(FILE *f, const char *s, bool ascii);
void report_line(FILE *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "kexec_file_load, falling back to kexec_load" for -a. */
const char *report_syscall_text(enum kx_syscall_mode mode);

void report_plan_text(FILE *f, const struct plan_view *plan,
		      const struct kexec_options *opts);
void report_plan_json(FILE *f, const struct plan_view *plan,
		      const struct kexec_options *opts);

/* The dry run of -e (the image is known to be loaded) and of -u. */
void report_exec_text(FILE *f, const struct kexec_options *opts);
void report_exec_json(FILE *f, const struct kexec_options *opts);
void report_unload_text(FILE *f, const struct kexec_options *opts);
void report_unload_json(FILE *f, const struct kexec_options *opts);

void report_status_json(FILE *f, const kx_status *st);

/* The Multiboot information block in words, one "key: value" line each,
 * as read back from the plan (report_multiboot.c). */
void report_mbinfo_text(FILE *f, const struct plan_view *plan);

#endif
