/* The snapshot's firmware facts: the EFI system table and runtime map,
 * EFI variables, the ACPI RSDP's address and, from /dev/mem, its bytes. */
#include "sys/system.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bytes.h"
#include "core/file.h"
#include "core/text.h"

#define EFI_DIR		"/sys/firmware/efi"
#define EFI_SYSTAB	EFI_DIR "/systab"
#define EFI_RUNTIME_MAP EFI_DIR "/runtime-map"
#define EFI_VARS	EFI_DIR "/efivars"
#define DEV_MEM		SYSTEM_DEV_MEM
#define SYSTAB_MAX	4096
/* Variables are small; a larger file is not one of them. */
#define EFIVAR_MAX (64u << 10)
/* The running boot_params' acpi_rsdp_addr (boot/zeropage.h checks it). */
#define BP_ACPI_RSDP_ADDR 0x070

#define RSDP_SIG    "RSD PTR "
#define RSDP_V1_LEN 20u
#define RSDP_V2_LEN 36u

void sys_efi_free(struct sys_efi *efi)
{
	free(efi->map);
	memset(efi, 0, sizeof(*efi));
}

/* ---- EFI system table and runtime map --------------------------------- */

static int read_md_field(struct kx_system *sys, size_t n, const char *field,
			 uint64_t *out)
{
	char path[256];
	int rc;

	snprintf(path, sizeof(path), EFI_RUNTIME_MAP "/%zu/%s", n, field);
	rc = system_read_hex(sys, path, out);
	/* Not -ENOENT: that would read as "no EFI" and be ignored. */
	if (rc == -ENOENT)
		return kx_fail(sys->ctx, -EINVAL, "%s: missing", path);
	return rc;
}

static int read_md(struct kx_system *sys, size_t n, struct sys_efi_md *md)
{
	uint64_t type = 0;
	int rc;

	rc = read_md_field(sys, n, "type", &type);
	if (!rc && type > UINT32_MAX)
		rc = kx_fail(sys->ctx, -ERANGE,
			     EFI_RUNTIME_MAP "/%zu/type: 0x%" PRIx64
					     " does not fit 32 bits",
			     n, type);
	if (!rc)
		rc = read_md_field(sys, n, "phys_addr", &md->phys_addr);
	if (!rc)
		rc = read_md_field(sys, n, "virt_addr", &md->virt_addr);
	if (!rc)
		rc = read_md_field(sys, n, "num_pages", &md->num_pages);
	if (!rc)
		rc = read_md_field(sys, n, "attribute", &md->attribute);
	md->type = (uint32_t)type;
	return rc;
}

/* Whether runtime-map/N exists: the kernel numbers the entries 0..n-1. */
static bool md_exists(struct kx_system *sys, size_t n)
{
	char rel[256], path[4096];

	snprintf(rel, sizeof(rel), EFI_RUNTIME_MAP "/%zu", n);
	return kx_sys_path(sys->ctx, rel, path, sizeof(path)) == 0 &&
	       access(path, F_OK) == 0;
}

static int read_runtime_map(struct kx_system *sys, struct sys_efi *efi)
{
	size_t n;
	int rc;

	for (n = 0; md_exists(sys, n); n++) {
		struct sys_efi_md *map;

		if (n == SYSTEM_EFI_MAP_MAX)
			return kx_fail(sys->ctx, -E2BIG,
				       EFI_RUNTIME_MAP ": more than %u entries",
				       SYSTEM_EFI_MAP_MAX);
		map = realloc(efi->map, (n + 1) * sizeof(*map));
		if (!map)
			return kx_fail(sys->ctx, -ENOMEM,
				       EFI_RUNTIME_MAP ": out of memory");
		efi->map = map;
		rc = read_md(sys, n, &map[n]);
		if (rc)
			return rc;
		efi->map_n = n + 1;
	}
	return 0;
}

/* fw_vendor and config_table are what the new kernel cannot find without
 * us (the firmware's copies hold virtual addresses by now); without them
 * there is nothing to pass. */
static int read_efi_addresses(struct kx_system *sys, struct sys_efi *efi)
{
	char systab[SYSTAB_MAX];
	int rc;

	rc = system_read_hex(sys, EFI_DIR "/fw_vendor", &efi->fw_vendor);
	if (!rc)
		rc =
		    system_read_hex(sys, EFI_DIR "/config_table", &efi->tables);
	if (rc)
		return rc;
	/* Unused since Linux 5.7, and hidden when the firmware has none. */
	rc = system_read_hex(sys, EFI_DIR "/runtime", &efi->runtime);
	if (rc && rc != -ENOENT)
		return rc;
	rc = system_read_text(sys, EFI_SYSTAB, systab, sizeof(systab));
	if (!rc)
		rc = system_find_key(sys->ctx, EFI_SYSTAB, systab, "SMBIOS",
				     &efi->smbios);
	return rc == -ENOENT ? 0 : rc;
}

static int read_efi(struct kx_system *sys)
{
	int rc;

	sys_efi_free(&sys->efi);
	rc = read_efi_addresses(sys, &sys->efi);
	if (!rc)
		rc = read_runtime_map(sys, &sys->efi);
	if (rc)
		sys_efi_free(&sys->efi);
	return rc;
}

int system_efi(struct kx_system *sys, const struct sys_efi **efi)
{
	int rc;

	*efi = NULL;
	if (!system_recall(sys, SYSTEM_EFI, &rc))
		rc = system_remember(sys, SYSTEM_EFI, read_efi(sys));
	if (!rc)
		*efi = &sys->efi;
	return rc;
}

/* ---- ACPI RSDP address ------------------------------------------------ */

enum kx_source sys_rsdp_kx_source(enum sys_rsdp_source src)
{
	switch (src) {
	case SYS_RSDP_BOOT_PARAMS:
		return KX_SOURCE_BOOT_PARAMS;
	case SYS_RSDP_EFI_ACPI20:
		return KX_SOURCE_EFI_ACPI20;
	case SYS_RSDP_EFI_ACPI:
		return KX_SOURCE_EFI_ACPI;
	case SYS_RSDP_CMDLINE:
		return KX_SOURCE_CMDLINE;
	case SYS_RSDP_NONE:
		break;
	}
	return KX_SOURCE_NONE;
}

const char *sys_rsdp_source_name(enum sys_rsdp_source src)
{
	switch (src) {
	case SYS_RSDP_BOOT_PARAMS:
		return "boot_params";
	case SYS_RSDP_EFI_ACPI20:
		return "EFI systab ACPI20";
	case SYS_RSDP_EFI_ACPI:
		return "EFI systab ACPI";
	case SYS_RSDP_CMDLINE:
		return "acpi_rsdp= on the command line";
	case SYS_RSDP_NONE:
		break;
	}
	return "none";
}

static int rsdp_from_systab(struct kx_system *sys)
{
	char systab[SYSTAB_MAX];
	int rc = system_read_text(sys, EFI_SYSTAB, systab, sizeof(systab));

	if (rc)
		return rc;
	/* ACPI 2.0's RSDP (with the XSDT) first, as the kernel prefers. */
	rc =
	    system_find_key(sys->ctx, EFI_SYSTAB, systab, "ACPI20", &sys->rsdp);
	sys->rsdp_source = SYS_RSDP_EFI_ACPI20;
	if (rc == -ENOENT) {
		rc = system_find_key(sys->ctx, EFI_SYSTAB, systab, "ACPI",
				     &sys->rsdp);
		sys->rsdp_source = SYS_RSDP_EFI_ACPI;
	}
	if (!rc && sys->rsdp == 0)
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
		len = text_word_len(text);
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

static int rsdp_from_cmdline(struct kx_system *sys)
{
	const char *text;
	int rc = system_cmdline(sys, &text);

	sys->rsdp_source = SYS_RSDP_CMDLINE;
	if (!rc)
		rc = rsdp_from_cmdline_text(text, &sys->rsdp);
	if (!rc && sys->rsdp == 0)
		rc = -ENOENT;
	return rc;
}

static int find_rsdp(struct kx_system *sys)
{
	const uint8_t *bp;
	int rc = system_boot_params(sys, &bp);

	if (rc && rc != -ENOENT)
		return rc;
	sys->rsdp = rc ? 0 : get_le64(bp + BP_ACPI_RSDP_ADDR);
	sys->rsdp_source = SYS_RSDP_BOOT_PARAMS;
	if (sys->rsdp)
		return 0;
	rc = rsdp_from_systab(sys);
	if (rc == -ENOENT)
		rc = rsdp_from_cmdline(sys);
	if (rc) {
		sys->rsdp = 0;
		sys->rsdp_source = SYS_RSDP_NONE;
	}
	return rc == -ENOENT ? 0 : rc;
}

int system_rsdp(struct kx_system *sys, uint64_t *addr,
		enum sys_rsdp_source *source)
{
	int rc;

	if (!system_recall(sys, SYSTEM_RSDP, &rc))
		rc = system_remember(sys, SYSTEM_RSDP, find_rsdp(sys));
	*addr = rc ? 0 : sys->rsdp;
	if (source)
		*source = rc ? SYS_RSDP_NONE : sys->rsdp_source;
	return rc;
}

/* ---- the RSDP's bytes ------------------------------------------------- */

/* The ACPI RSDP checksums: the first 20 bytes, and from revision 2 the
 * whole LENGTH. */
static bool rsdp_valid(const uint8_t *r, size_t len)
{
	uint8_t sum = 0;
	size_t i;

	if (len < RSDP_V1_LEN || memcmp(r, RSDP_SIG, 8) != 0)
		return false;
	for (i = 0; i < len; i++)
		sum = (uint8_t)(sum + r[i]);
	return sum == 0;
}

static const char *mem_error(int err)
{
	/* CONFIG_IO_STRICT_DEVMEM keeps firmware ranges above 1 MiB (the
	 * ACPI tables of UEFI machines) out of /dev/mem. */
	if (err == EPERM)
		return "not permitted (the running kernel restricts /dev/mem "
		       "to the first MiB; booting it with iomem=relaxed lifts "
		       "that)";
	return strerror(err);
}

/* N bytes of physical memory at ADDR. */
static int mem_read(struct kx_system *sys, const char *path, int fd,
		    uint64_t addr, size_t n)
{
	ssize_t got = pread(fd, sys->rsdp_bytes, n, (off_t)addr);

	if (got == (ssize_t)n)
		return 0;
	if (got >= 0)
		return kx_fail(sys->ctx, -EIO, "%s: short read at %#" PRIx64,
			       path, addr);
	return kx_fail(sys->ctx, -errno, "%s: cannot read at %#" PRIx64 ": %s",
		       path, addr, mem_error(errno));
}

/* CODE tells callers which check failed without parsing the message:
 * -EINVAL signature or checksum, -ERANGE length, -EBADMSG extended
 * checksum. */
static int rsdp_invalid(struct kx_system *sys, int code, const char *path,
			uint64_t addr, const char *what)
{
	return kx_fail(sys->ctx, code, "%s: at %#" PRIx64 ": %s", path, addr,
		       what);
}

static int read_rsdp_fd(struct kx_system *sys, const char *path, int fd,
			uint64_t addr)
{
	size_t want = RSDP_V1_LEN;
	int rc = mem_read(sys, path, fd, addr, RSDP_V1_LEN);

	if (rc)
		return rc;
	if (!rsdp_valid(sys->rsdp_bytes, RSDP_V1_LEN))
		return rsdp_invalid(sys, -EINVAL, path, addr,
				    "no valid RSDP there (signature or "
				    "checksum)");
	if (sys->rsdp_bytes[15] >= 2) {
		rc = mem_read(sys, path, fd, addr, RSDP_V2_LEN);
		want = get_le32(sys->rsdp_bytes + 20);
		if (!rc && (want < RSDP_V2_LEN || want > SYSTEM_RSDP_MAX))
			return rsdp_invalid(sys, -ERANGE, path, addr,
					    "implausible RSDP length");
		if (!rc)
			rc = mem_read(sys, path, fd, addr, want);
		if (!rc && !rsdp_valid(sys->rsdp_bytes, want))
			return rsdp_invalid(sys, -EBADMSG, path, addr,
					    "bad extended RSDP checksum");
	}
	if (!rc)
		sys->rsdp_len = want;
	return rc;
}

static int read_rsdp_bytes(struct kx_system *sys, uint64_t addr)
{
	char path[4096];
	int fd, rc = system_path(sys, DEV_MEM, path, sizeof(path));

	sys->rsdp_len = 0;
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kx_fail(sys->ctx, -errno, "%s: cannot open: %s", path,
			       mem_error(errno));
	rc = read_rsdp_fd(sys, path, fd, addr);
	close(fd);
	if (rc)
		sys->rsdp_len = 0;
	return rc;
}

int system_rsdp_bytes(struct kx_system *sys, uint64_t addr,
		      const uint8_t **bytes, size_t *len)
{
	int rc = 0;

	*bytes = NULL;
	*len = 0;
	if (!sys->known[SYSTEM_RSDP_BYTES] || sys->rsdp_bytes_addr != addr) {
		sys->known[SYSTEM_RSDP_BYTES] = false;
		rc = read_rsdp_bytes(sys, addr);
		if (rc)
			return rc;
		sys->rsdp_bytes_addr = addr;
		system_remember(sys, SYSTEM_RSDP_BYTES, 0);
	}
	*bytes = sys->rsdp_bytes;
	*len = sys->rsdp_len;
	return rc;
}

/* ---- EFI variables ---------------------------------------------------- */

struct system_efivar {
	struct system_efivar *next;
	char *name; /* NAME-GUID */
	int rc;	    /* 0 or -ENOENT */
	uint8_t *data;
	size_t len;
};

void system_free_efivars(struct kx_system *sys)
{
	while (sys->efivars) {
		struct system_efivar *v = sys->efivars;

		sys->efivars = v->next;
		free(v->name);
		free(v->data);
		free(v);
	}
}

static int read_efivar(struct kx_system *sys, struct system_efivar *v)
{
	char rel[512], path[4096];
	struct kx_buf buf;
	int rc;

	if (snprintf(rel, sizeof(rel), EFI_VARS "/%s", v->name) >=
	    (int)sizeof(rel))
		return kx_fail(sys->ctx, -ENAMETOOLONG, "%s: name too long",
			       v->name);
	rc = system_path(sys, rel, path, sizeof(path));
	if (!rc && access(path, F_OK) != 0 && errno == ENOENT)
		return -ENOENT;
	if (!rc)
		rc = kx_read_file_max(sys->ctx, path, EFIVAR_MAX, &buf);
	if (rc)
		return rc;
	v->data = buf.data;
	v->len = buf.size;
	return 0;
}

static struct system_efivar *find_efivar(struct kx_system *sys,
					 const char *name)
{
	struct system_efivar *v;

	for (v = sys->efivars; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

int system_efivar(struct kx_system *sys, const char *name, const char *guid,
		  const uint8_t **data, size_t *len)
{
	struct system_efivar *v;
	char *full;
	int rc;

	*data = NULL;
	*len = 0;
	if (asprintf(&full, "%s-%s", name, guid) < 0)
		return kx_fail(sys->ctx, -ENOMEM, "out of memory");
	v = find_efivar(sys, full);
	if (v) {
		free(full);
	} else {
		v = calloc(1, sizeof(*v));
		if (!v) {
			free(full);
			return kx_fail(sys->ctx, -ENOMEM, "out of memory");
		}
		v->name = full;
		v->rc = read_efivar(sys, v);
		if (v->rc && v->rc != -ENOENT) {
			rc = v->rc;
			free(v->name);
			free(v);
			return rc;
		}
		v->next = sys->efivars;
		sys->efivars = v;
	}
	*data = v->data;
	*len = v->len;
	return v->rc;
}
