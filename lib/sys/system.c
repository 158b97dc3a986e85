/* The snapshot's life, its shared helpers, and the small facts: the
 * running boot_params, /proc/cmdline, the random seed and kexec's status.
 * Memory is in system_mem.c, crash facts in system_crash.c, EFI and ACPI
 * in system_efi.c. */
#include "sys/system.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "core/file.h"
#include "core/text.h"
#include "sys/status.h"

#define BOOT_PARAMS_FILE "/sys/kernel/boot_params/data"
#define CMDLINE_FILE	 SYSTEM_CMDLINE_FILE
#define CMDLINE_MAX	 (4096 + 1)

int system_new(kx_ctx *ctx, struct kx_system **out)
{
	struct kx_system *sys = calloc(1, sizeof(*sys));

	*out = NULL;
	if (!sys)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	sys->ctx = ctx;
	ranges_init(&sys->memmap);
	ranges_init(&sys->crash_regions);
	crash_system_init(&sys->crash);
	*out = sys;
	return 0;
}

void system_free(struct kx_system *sys)
{
	if (!sys)
		return;
	ranges_free(&sys->memmap);
	ranges_free(&sys->crash_regions);
	crash_system_free(&sys->crash);
	free(sys->iomem);
	free(sys->iomem_file);
	free(sys->cmdline);
	sys_efi_free(&sys->efi);
	system_free_efivars(sys);
	free(sys->seed);
	free(sys);
}

bool system_recall(const struct kx_system *sys, enum system_fact fact, int *rc)
{
	if (!sys->known[fact])
		return false;
	*rc = sys->rc[fact];
	return true;
}

int system_remember(struct kx_system *sys, enum system_fact fact, int rc)
{
	if (rc == 0 || rc == -ENOENT) {
		sys->known[fact] = true;
		sys->rc[fact] = rc;
	}
	return rc;
}

int system_path(struct kx_system *sys, const char *path, char *out, size_t len)
{
	if (kx_sys_path(sys->ctx, path, out, len))
		return kx_fail(sys->ctx, -ENAMETOOLONG, "%s: path too long",
			       path);
	return 0;
}

int system_read_text(struct kx_system *sys, const char *path, char *out,
		     size_t len)
{
	return kx_read_sys_text(sys->ctx, path, out, len);
}

static int parse_hex_value(kx_ctx *ctx, const char *path, const char *text,
			   size_t len, uint64_t *out)
{
	char quoted[64];
	int rc = text_parse_hex(text, len, true, out);

	if (rc)
		return kx_fail(ctx, -EINVAL,
			       "%s: \"%s\" is not a hexadecimal number%s", path,
			       text_quote(text, len, quoted, sizeof(quoted)),
			       rc == -ERANGE ? " of 64 bits" : "");
	return 0;
}

int system_read_hex(struct kx_system *sys, const char *path, uint64_t *out)
{
	char text[128];
	int rc = system_read_text(sys, path, text, sizeof(text));

	if (rc)
		return rc;
	return parse_hex_value(sys->ctx, path, text, strlen(text), out);
}

int system_find_key(kx_ctx *ctx, const char *file, const char *text,
		    const char *key, uint64_t *out)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (*line) {
		size_t len = strcspn(line, "\n");

		if (len > klen && memcmp(line, key, klen) == 0 &&
		    line[klen] == '=')
			return parse_hex_value(ctx, file, line + klen + 1,
					       len - klen - 1, out);
		line += len;
		if (*line == '\n')
			line++;
	}
	return -ENOENT;
}

/* ---- the running boot_params ----------------------------------------- */

static int read_boot_params(struct kx_system *sys)
{
	char path[4096];
	struct kx_buf data;
	int fd, rc = system_path(sys, BOOT_PARAMS_FILE, path, sizeof(path));

	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0)
		return kx_fail(sys->ctx, -errno, "%s: cannot open: %s", path,
			       strerror(errno));
	/* Room to tell a wrong size from a page, never more. */
	rc = kx_read_fd(sys->ctx, path, fd, 2 * SYSTEM_BOOT_PARAMS_SIZE,
			&data);
	close(fd);
	if (rc)
		return rc;
	if (data.size != SYSTEM_BOOT_PARAMS_SIZE)
		rc = kx_fail(
		    sys->ctx, -EINVAL,
		    "%s: %zu bytes, a boot_params page is %u%s", path,
		    data.size, SYSTEM_BOOT_PARAMS_SIZE,
		    data.size < SYSTEM_BOOT_PARAMS_SIZE ? " (truncated)" : "");
	else
		memcpy(sys->boot_params, data.data, SYSTEM_BOOT_PARAMS_SIZE);
	kx_buf_free(&data);
	return rc;
}

int system_boot_params(struct kx_system *sys, const uint8_t **page)
{
	int rc;

	*page = NULL;
	if (!system_recall(sys, SYSTEM_BOOT_PARAMS, &rc))
		rc = system_remember(sys, SYSTEM_BOOT_PARAMS,
				     read_boot_params(sys));
	if (!rc)
		*page = sys->boot_params;
	return rc;
}

int system_screen_info(struct kx_system *sys, const uint8_t **si)
{
	return system_boot_params(sys, si);
}

/* ---- /proc/cmdline ---------------------------------------------------- */

static int read_cmdline(struct kx_system *sys)
{
	char *text = malloc(CMDLINE_MAX);
	int rc;

	if (!text)
		return kx_fail(sys->ctx, -ENOMEM,
			       CMDLINE_FILE ": out of memory");
	rc = system_read_text(sys, CMDLINE_FILE, text, CMDLINE_MAX);
	if (rc) {
		free(text);
		return rc;
	}
	sys->cmdline = text;
	return 0;
}

int system_cmdline(struct kx_system *sys, const char **text)
{
	int rc;

	*text = NULL;
	if (!system_recall(sys, SYSTEM_CMDLINE, &rc))
		rc = system_remember(sys, SYSTEM_CMDLINE, read_cmdline(sys));
	if (!rc)
		*text = sys->cmdline;
	return rc;
}

/* ---- random seed ------------------------------------------------------ */

int system_set_seed(struct kx_system *sys, const uint8_t *seed, size_t len)
{
	uint8_t *copy = NULL;

	if (len) {
		copy = malloc(len);
		if (!copy)
			return kx_fail(sys->ctx, -ENOMEM, "out of memory");
		memcpy(copy, seed, len);
	}
	free(sys->seed);
	sys->seed = copy;
	sys->seed_len = len;
	return 0;
}

static void repeat_seed(const struct kx_system *sys, uint8_t *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = sys->seed[i % sys->seed_len];
}

int system_random_seed(struct kx_system *sys, uint8_t *seed, size_t len)
{
	size_t got = 0;

	if (sys->seed_len) {
		repeat_seed(sys, seed, len);
		return 0;
	}
	while (got < len) {
		ssize_t n = getrandom(seed + got, len - got, GRND_NONBLOCK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return -EAGAIN;
		if (n < 0)
			return kx_fail(sys->ctx, -errno, "getrandom: %s",
				       strerror(errno));
		got += (size_t)n;
	}
	return 0;
}

/* ---- kexec status ----------------------------------------------------- */

/* A sysfs flag file: true when it reads a non-zero number. */
static int read_flag(struct kx_system *sys, const char *path, bool *value,
		     bool *known)
{
	char text[32];
	int rc = system_read_text(sys, path, text, sizeof(text));

	*value = false;
	*known = rc == 0;
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	*value = strtoul(text, NULL, 0) != 0;
	return 0;
}

static int read_status(struct kx_system *sys)
{
	struct sys_kexec_status *st = &sys->status;
	char text[128];
	bool known;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = read_flag(sys, "/sys/kernel/kexec_loaded", &st->loaded, &known);
	if (!rc)
		rc = read_flag(sys, "/sys/kernel/kexec_crash_loaded",
			       &st->crash_loaded, &st->crash_known);
	if (rc)
		return rc;
	if (system_read_text(sys, "/sys/kernel/kexec_crash_size", text,
			     sizeof(text)) == 0)
		st->crash_size = strtoull(text, NULL, 0);
	if (system_read_text(sys, "/sys/kernel/security/lockdown", text,
			     sizeof(text)) == 0)
		status_parse_lockdown(text, st->lockdown, sizeof(st->lockdown));
	return 0;
}

int system_kexec_status(struct kx_system *sys,
			const struct sys_kexec_status **st)
{
	int rc;

	*st = NULL;
	if (!system_recall(sys, SYSTEM_STATUS, &rc))
		rc = system_remember(sys, SYSTEM_STATUS, read_status(sys));
	if (!rc)
		*st = &sys->status;
	return rc;
}

const char *system_lockdown(struct kx_system *sys)
{
	const struct sys_kexec_status *st;

	return system_kexec_status(sys, &st) == 0 ? st->lockdown : "";
}
