/* What the running kernel says about loaded images and lockdown. */
#ifndef KX_SYS_STATUS_H
#define KX_SYS_STATUS_H

#include "core/ctx.h"

/* The active lockdown mode ("none", "integrity", "confidentiality"), or ""
 * when unknown: system_lockdown() of a snapshot taken for the call. */
void status_lockdown(kx_ctx *ctx, char *out, size_t len);

/* Parse the lockdown file's text, where the active mode is bracketed. */
void status_parse_lockdown(const char *text, char *out, size_t len);

#endif
