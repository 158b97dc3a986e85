/* What the running kernel says about loaded images and lockdown. */
#ifndef KX_SYS_STATUS_H
#define KX_SYS_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"

/* What kx_status (api/status.c) answers with. */
struct status_info {
	bool loaded;	     /* /sys/kernel/kexec_loaded */
	bool crash_loaded;   /* /sys/kernel/kexec_crash_loaded */
	bool crash_known;    /* the crash file exists */
	uint64_t crash_size; /* /sys/kernel/kexec_crash_size, 0 if unknown */
	char lockdown[16];   /* "none", "integrity", "confidentiality", "" */
};

/* Read the kexec files of /sys (below the context's root) into ST;
 * missing files read as "not loaded", other read errors fail. */
int status_read(kx_ctx *ctx, struct status_info *st);

/* The active lockdown mode from /sys/kernel/security/lockdown ("none",
 * "integrity", "confidentiality"), or "" when the file is absent. */
void status_lockdown(kx_ctx *ctx, char *out, size_t len);

/* Parse the lockdown file's text, where the active mode is bracketed. */
void status_parse_lockdown(const char *text, char *out, size_t len);

#endif
