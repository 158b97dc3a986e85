/* What the running system tells the boot_params builder: its own
 * boot_params, the EFI runtime data, the ACPI RSDP and a random seed.
 * Every path is read below the context's root. */
#include "boot/bootparams.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "boot/cmdline.h"
#include "boot/zeropage.h"
#include "core/file.h"
#include "core/text.h"

#define EFI_SYSTAB	BOOTPARAMS_EFI_DIR "/systab"
#define EFI_RUNTIME_MAP BOOTPARAMS_EFI_DIR "/runtime-map"
#define PROC_CMDLINE	"/proc/cmdline"
#define TEXT_MAX	4096

/* ---- the running boot_params ----------------------------------------- */

int bootparams_read_running(kx_ctx *ctx, uint8_t buf[BOOTPARAMS_PAGE_SIZE])
{
	char path[4096];
	struct kx_buf data;
	int fd, rc;

	if (kx_sys_path(ctx, BOOTPARAMS_RUNNING_PATH, path, sizeof(path)))
		return kx_fail(ctx, -ENAMETOOLONG, "%s: path too long",
			       BOOTPARAMS_RUNNING_PATH);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return -ENOENT;
	if (fd < 0)
		return kx_fail(ctx, -errno, "%s: cannot open: %s", path,
			       strerror(errno));
	rc = kx_read_fd(ctx, path, fd, &data);
	close(fd);
	if (rc)
		return rc;
	if (data.size != BOOTPARAMS_PAGE_SIZE)
		rc = kx_fail(
		    ctx, -EINVAL, "%s: %zu bytes, a boot_params page is %u%s",
		    path, data.size, BOOTPARAMS_PAGE_SIZE,
		    data.size < BOOTPARAMS_PAGE_SIZE ? " (truncated)" : "");
	else
		memcpy(buf, data.data, BOOTPARAMS_PAGE_SIZE);
	kx_buf_free(&data);
	return rc;
}

/* ---- small sysfs values ---------------------------------------------- */

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

/* A file holding one hexadecimal number ("0x..."), as the kernel prints
 * EFI addresses.  -ENOENT, quietly, when it is missing. */
static int read_hex_file(kx_ctx *ctx, const char *path, uint64_t *out)
{
	char text[128];
	int rc = kx_read_sys_text(ctx, path, text, sizeof(text));

	if (rc)
		return rc;
	return parse_hex_value(ctx, path, text, strlen(text), out);
}

/* The value of the line "KEY=0x..." in a text of such lines (the EFI
 * systab).  -ENOENT, quietly, when no line has KEY. */
static int find_key_line(kx_ctx *ctx, const char *path, const char *text,
			 const char *key, uint64_t *out)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (*line) {
		size_t len = strcspn(line, "\n");

		if (len > klen && memcmp(line, key, klen) == 0 &&
		    line[klen] == '=')
			return parse_hex_value(ctx, path, line + klen + 1,
					       len - klen - 1, out);
		line += len;
		if (*line == '\n')
			line++;
	}
	return -ENOENT;
}

/* ---- EFI ------------------------------------------------------------- */

static int read_md_field(kx_ctx *ctx, size_t n, const char *field,
			 uint64_t *out)
{
	char path[256];
	int rc;

	snprintf(path, sizeof(path), EFI_RUNTIME_MAP "/%zu/%s", n, field);
	rc = read_hex_file(ctx, path, out);
	/* Not -ENOENT: that would read as "no EFI" and be ignored. */
	if (rc == -ENOENT)
		return kx_fail(ctx, -EINVAL, "%s: missing", path);
	return rc;
}

static int read_md(kx_ctx *ctx, size_t n, struct bootparams_efi_md *md)
{
	uint64_t type;
	int rc;

	rc = read_md_field(ctx, n, "type", &type);
	if (!rc && type > UINT32_MAX)
		rc = kx_fail(ctx, -ERANGE,
			     EFI_RUNTIME_MAP "/%zu/type: 0x%" PRIx64
					     " does not fit 32 bits",
			     n, type);
	if (!rc)
		rc = read_md_field(ctx, n, "phys_addr", &md->phys_addr);
	if (!rc)
		rc = read_md_field(ctx, n, "virt_addr", &md->virt_addr);
	if (!rc)
		rc = read_md_field(ctx, n, "num_pages", &md->num_pages);
	if (!rc)
		rc = read_md_field(ctx, n, "attribute", &md->attribute);
	md->type = (uint32_t)type;
	return rc;
}

/* Whether runtime-map/N exists: the kernel numbers the entries 0..n-1. */
static bool md_exists(kx_ctx *ctx, size_t n)
{
	char rel[256], path[4096];

	snprintf(rel, sizeof(rel), EFI_RUNTIME_MAP "/%zu", n);
	return kx_sys_path(ctx, rel, path, sizeof(path)) == 0 &&
	       access(path, F_OK) == 0;
}

static int read_runtime_map(kx_ctx *ctx, struct bootparams_efi *efi)
{
	size_t n;
	int rc;

	for (n = 0; md_exists(ctx, n); n++) {
		struct bootparams_efi_md *map;

		if (n == BOOTPARAMS_EFI_MAP_MAX)
			return kx_fail(ctx, -E2BIG,
				       EFI_RUNTIME_MAP ": more than %u entries",
				       BOOTPARAMS_EFI_MAP_MAX);
		map = realloc(efi->map, (n + 1) * sizeof(*map));
		if (!map)
			return kx_fail(ctx, -ENOMEM,
				       EFI_RUNTIME_MAP ": out of memory");
		efi->map = map;
		rc = read_md(ctx, n, &map[n]);
		if (rc)
			return rc;
		efi->map_n = n + 1;
	}
	return 0;
}

/* fw_vendor and config_table are what the new kernel cannot find without
 * us (the firmware's copies hold virtual addresses by now); without them
 * there is nothing to pass. */
static int read_efi_addresses(kx_ctx *ctx, struct bootparams_efi *efi)
{
	char systab[TEXT_MAX];
	int rc;

	rc = read_hex_file(ctx, BOOTPARAMS_EFI_DIR "/fw_vendor",
			   &efi->fw_vendor);
	if (!rc)
		rc = read_hex_file(ctx, BOOTPARAMS_EFI_DIR "/config_table",
				   &efi->tables);
	if (rc)
		return rc;
	/* Unused since Linux 5.7, and hidden when the firmware has none. */
	rc = read_hex_file(ctx, BOOTPARAMS_EFI_DIR "/runtime", &efi->runtime);
	if (rc && rc != -ENOENT)
		return rc;
	rc = kx_read_sys_text(ctx, EFI_SYSTAB, systab, sizeof(systab));
	if (!rc)
		rc = find_key_line(ctx, EFI_SYSTAB, systab, "SMBIOS",
				   &efi->smbios);
	return rc == -ENOENT ? 0 : rc;
}

int bootparams_read_efi(kx_ctx *ctx, struct bootparams_efi *efi)
{
	int rc;

	memset(efi, 0, sizeof(*efi));
	rc = read_efi_addresses(ctx, efi);
	if (!rc)
		rc = read_runtime_map(ctx, efi);
	if (rc)
		bootparams_efi_free(efi);
	return rc;
}

/* ---- ACPI RSDP ------------------------------------------------------- */

const char *bootparams_rsdp_source_name(enum bootparams_rsdp_source src)
{
	switch (src) {
	case BOOTPARAMS_RSDP_BOOT_PARAMS:
		return "boot_params";
	case BOOTPARAMS_RSDP_EFI_ACPI20:
		return "EFI systab ACPI20";
	case BOOTPARAMS_RSDP_EFI_ACPI:
		return "EFI systab ACPI";
	case BOOTPARAMS_RSDP_CMDLINE:
		return "acpi_rsdp= on the command line";
	case BOOTPARAMS_RSDP_NONE:
		break;
	}
	return "none";
}

enum kx_source bootparams_rsdp_kx_source(enum bootparams_rsdp_source src)
{
	switch (src) {
	case BOOTPARAMS_RSDP_BOOT_PARAMS:
		return KX_SOURCE_BOOT_PARAMS;
	case BOOTPARAMS_RSDP_EFI_ACPI20:
		return KX_SOURCE_EFI_ACPI20;
	case BOOTPARAMS_RSDP_EFI_ACPI:
		return KX_SOURCE_EFI_ACPI;
	case BOOTPARAMS_RSDP_CMDLINE:
		return KX_SOURCE_CMDLINE;
	case BOOTPARAMS_RSDP_NONE:
		break;
	}
	return KX_SOURCE_NONE;
}

static int rsdp_from_systab(kx_ctx *ctx, uint64_t *rsdp,
			    enum bootparams_rsdp_source *source)
{
	char systab[TEXT_MAX];
	int rc = kx_read_sys_text(ctx, EFI_SYSTAB, systab, sizeof(systab));

	if (rc)
		return rc;
	/* ACPI 2.0's RSDP (with the XSDT) first, as the kernel prefers. */
	rc = find_key_line(ctx, EFI_SYSTAB, systab, "ACPI20", rsdp);
	*source = BOOTPARAMS_RSDP_EFI_ACPI20;
	if (rc == -ENOENT) {
		rc = find_key_line(ctx, EFI_SYSTAB, systab, "ACPI", rsdp);
		*source = BOOTPARAMS_RSDP_EFI_ACPI;
	}
	if (!rc && *rsdp == 0)
		rc = -ENOENT;
	return rc;
}

/* acpi_rsdp=VALUE as the kernel reads it: base 16 with an optional 0x
 * (kstrtoul(arg, 16)), the last well-formed one winning (the kernel skips
 * a malformed one, keeping the value it had); nothing after "--", which
 * belongs to init. */
static int rsdp_from_cmdline_text(const char *text, uint64_t *rsdp)
{
	static const char key[] = "acpi_rsdp=";
	const size_t klen = sizeof(key) - 1;
	uint64_t value;
	int rc = -ENOENT;

	while (*text) {
		size_t len;

		text += strspn(text, " \t\n\r");
		len = cmdline_word_len(text);
		if (len == 2 && memcmp(text, "--", 2) == 0)
			break;
		if (len > klen && memcmp(text, key, klen) == 0) {
			const char *v = text + klen;
			size_t vlen = len - klen;

			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			if (text_parse_hex(v, vlen, true, &value) == 0) {
				*rsdp = value;
				rc = 0;
			}
		}
		text += len;
	}
	return rc;
}

static int rsdp_from_cmdline(kx_ctx *ctx, uint64_t *rsdp)
{
	char *text = malloc(TEXT_MAX);
	int rc;

	if (!text)
		return kx_fail(ctx, -ENOMEM, PROC_CMDLINE ": out of memory");
	rc = kx_read_sys_text(ctx, PROC_CMDLINE, text, TEXT_MAX);
	if (!rc)
		rc = rsdp_from_cmdline_text(text, rsdp);
	free(text);
	if (!rc && *rsdp == 0)
		rc = -ENOENT;
	return rc;
}

int bootparams_find_rsdp(kx_ctx *ctx, const uint8_t *running, uint64_t *rsdp,
			 enum bootparams_rsdp_source *source)
{
	int rc;

	*rsdp = running ? zp_get64(running, ZP_OFF(acpi_rsdp_addr)) : 0;
	*source = BOOTPARAMS_RSDP_BOOT_PARAMS;
	if (*rsdp)
		return 0;
	rc = rsdp_from_systab(ctx, rsdp, source);
	if (rc == -ENOENT) {
		*source = BOOTPARAMS_RSDP_CMDLINE;
		rc = rsdp_from_cmdline(ctx, rsdp);
	}
	if (rc == -ENOENT) {
		*rsdp = 0;
		*source = BOOTPARAMS_RSDP_NONE;
		return 0;
	}
	if (rc) {
		*rsdp = 0;
		*source = BOOTPARAMS_RSDP_NONE;
	}
	return rc;
}

/* ---- RNG seed -------------------------------------------------------- */

int bootparams_random_seed(kx_ctx *ctx, uint8_t seed[BOOTPARAMS_RNG_SEED_SIZE])
{
	size_t got = 0;

	while (got < BOOTPARAMS_RNG_SEED_SIZE) {
		ssize_t n = getrandom(
		    seed + got, BOOTPARAMS_RNG_SEED_SIZE - got, GRND_NONBLOCK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return -EAGAIN;
		if (n < 0)
			return kx_fail(ctx, -errno, "getrandom: %s",
				       strerror(errno));
		got += (size_t)n;
	}
	return 0;
}
