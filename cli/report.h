/* What kexec tells people: the plan of a load (--dry-run, -d), the steps
 * of an exec or unload that --dry-run skips, and status, as text or JSON. */
#ifndef KEXEC_CLI_REPORT_H
#define KEXEC_CLI_REPORT_H

#include <stdio.h>

#include "libkexec.h"
#include "options.h"

/* "kexec_file_load, falling back to kexec_load" for -a. */
const char *report_syscall_text(enum kx_syscall_mode mode);

void report_plan_text(FILE *f, const struct kx_plan_info *info,
		      const struct kexec_options *opts);
void report_plan_json(FILE *f, const struct kx_plan_info *info,
		      const struct kexec_options *opts);

/* The dry run of -e (the image is known to be loaded) and of -u. */
void report_exec_text(FILE *f, const struct kexec_options *opts);
void report_exec_json(FILE *f, const struct kexec_options *opts);
void report_unload_text(FILE *f, const struct kexec_options *opts);
void report_unload_json(FILE *f, const struct kexec_options *opts);

void report_status_json(FILE *f, const struct kx_status *st);

#endif
