#include "sys/status.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/file.h"

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
	char text[128];

	out[0] = '\0';
	if (kx_read_sys_text(ctx, "/sys/kernel/security/lockdown", text,
			     sizeof(text)) == 0)
		status_parse_lockdown(text, out, len);
}

/* A sysfs flag file: 1 when it reads a non-zero number. */
static int read_flag(kx_ctx *ctx, const char *path, bool *value, bool *known)
{
	char text[32];
	int rc = kx_read_sys_text(ctx, path, text, sizeof(text));

	*value = false;
	if (known)
		*known = rc == 0;
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	*value = strtoul(text, NULL, 0) != 0;
	return 0;
}

int status_read(kx_ctx *ctx, struct status_info *st)
{
	char text[32];
	int rc;

	memset(st, 0, sizeof(*st));
	rc = read_flag(ctx, "/sys/kernel/kexec_loaded", &st->loaded, NULL);
	if (rc)
		return rc;
	rc = read_flag(ctx, "/sys/kernel/kexec_crash_loaded", &st->crash_loaded,
		       &st->crash_known);
	if (rc)
		return rc;
	if (kx_read_sys_text(ctx, "/sys/kernel/kexec_crash_size", text,
			     sizeof(text)) == 0)
		st->crash_size = strtoull(text, NULL, 0);
	status_lockdown(ctx, st->lockdown, sizeof(st->lockdown));
	return 0;
}
