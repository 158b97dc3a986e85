#include "sys/status.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/system.h"

void status_parse_lockdown(const char *text, char *out, size_t len)
{
	const char *open = strchr(text, '['), *close;

	out[0] = '\0';
	if (!open || !(close = strchr(open, ']')))
		return;
	snprintf(out, len, "%.*s", (int)(close - open - 1), open + 1);
}

void status_lockdown(kx_ctx *ctx, char *out, size_t len)
{
	struct kx_system *sys;

	out[0] = '\0';
	if (system_new(ctx, &sys) == 0)
		snprintf(out, len, "%s", system_lockdown(sys));
	system_free(sys);
}

int status_read(kx_ctx *ctx, struct status_info *st)
{
	const struct sys_kexec_status *got;
	struct kx_system *sys;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = system_new(ctx, &sys);
	if (!rc)
		rc = system_kexec_status(sys, &got);
	if (!rc) {
		st->loaded = got->loaded;
		st->crash_loaded = got->crash_loaded;
		st->crash_known = got->crash_known;
		st->crash_size = got->crash_size;
		snprintf(st->lockdown, sizeof(st->lockdown), "%s",
			 got->lockdown);
	}
	system_free(sys);
	return rc;
}
