/* One snapshot of the running machine: every fact the library reads from
 * /proc, /sys and /dev, below the context's root (kx_ctx_set_root), and
 * nothing else in lib/ reads them.
 *
 * Each fact is read on the first request and remembered, so a second
 * request returns the same answer without touching the file system, and a
 * fact nobody asks for is never read: a kexec_file_load under lockdown
 * opens neither /dev/mem nor the EFI tables.  What a getter hands out
 * belongs to the snapshot and lives until system_free().
 *
 * Getters return 0, -ENOENT with no message when the fact is absent and
 * absence is an answer (no EFI, no boot_params file), or another negative
 * errno with a one-line message naming the file.  Absence and success are
 * remembered; other failures are not, so each call reports them.
 *
 * Not thread-safe: one snapshot per thread, like its context. */
#ifndef KX_SYS_SYSTEM_H
#define KX_SYS_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/ranges.h"
#include "sys/crashinfo.h"
#include "sys/memmap.h"

struct kx_system;

/* The names of the files behind the facts, relative to the root, for the
 * descriptions and messages of callers ("memory map from ..."). */
#define SYSTEM_MEMMAP_DIR   "/sys/firmware/memmap"
#define SYSTEM_IOMEM_FILE   "/proc/iomem"
#define SYSTEM_KCORE_FILE   "/proc/kcore"
#define SYSTEM_CMDLINE_FILE "/proc/cmdline"
#define SYSTEM_DEV_MEM	    "/dev/mem"

/* The snapshot keeps CTX (for the root and for messages): CTX must outlive
 * it. */
int system_new(kx_ctx *ctx, struct kx_system **out);
void system_free(struct kx_system *sys);

/* ---- memory ----------------------------------------------------------- */

/* The memory map from /sys/firmware/memmap, else (only when that is
 * absent) from /proc/iomem, normalized; fails when it holds no System
 * RAM.  SOURCE (may be NULL) says which was used. */
int system_memmap(struct kx_system *sys, const struct kx_ranges **map,
		  enum memmap_source *source);

/* The text of /proc/iomem, and in FILE (may be NULL) its rooted name for
 * the messages of parsers run over it. */
int system_iomem(struct kx_system *sys, const char **text, size_t *len,
		 const char **file);

/* The crashkernel= reservations: every "Crash kernel" line of /proc/iomem,
 * merged; empty (not an error) when the kernel reserved nothing. */
int system_crash_regions(struct kx_system *sys, const struct kx_ranges **crash);

/* Everything a crash load needs: the iomem layout, every CPU's
 * crash_notes (at least one: -EOPNOTSUPP otherwise), vmcoreinfo (required,
 * -EOPNOTSUPP when missing) and the virtual layout from the head of
 * /proc/kcore (optional: va.known says).  No reservation is required
 * here: crash_main_region() decides that. */
int system_crash(struct kx_system *sys, const struct crash_system **crash);

/* ---- the running kernel ----------------------------------------------- */

#define SYSTEM_BOOT_PARAMS_SIZE 4096u
#define SYSTEM_SCREEN_INFO_SIZE 0x40u /* at offset 0 of boot_params */

/* /sys/kernel/boot_params/data, SYSTEM_BOOT_PARAMS_SIZE bytes.  -ENOENT
 * when the file is missing (kernels before 3.12); another size is an
 * error. */
int system_boot_params(struct kx_system *sys, const uint8_t **page);

/* The running kernel's screen_info (the first SYSTEM_SCREEN_INFO_SIZE
 * bytes of its boot_params; callers decode them). */
int system_screen_info(struct kx_system *sys, const uint8_t **si);

/* /proc/cmdline, NUL terminated, trailing newline removed.  -ENOENT when
 * /proc is not mounted. */
int system_cmdline(struct kx_system *sys, const char **text);

/* Fresh random bytes (getrandom), or the bytes system_set_seed() gave.
 * Not remembered: every call draws anew.  -EAGAIN, with no message, when
 * the kernel's pool is not ready yet. */
int system_random_seed(struct kx_system *sys, uint8_t *seed, size_t len);

/* Tests: what system_random_seed() returns from now on (repeated or cut
 * to the length asked for).  LEN 0 goes back to getrandom. */
int system_set_seed(struct kx_system *sys, const uint8_t *seed, size_t len);

/* ---- EFI and ACPI ------------------------------------------------------ */

/* One /sys/firmware/efi/runtime-map/N entry. */
struct sys_efi_md {
	uint32_t type;
	uint64_t phys_addr;
	uint64_t virt_addr;
	uint64_t num_pages;
	uint64_t attribute;
};

/* What the next kernel needs to keep EFI runtime services: physical
 * addresses from /sys/firmware/efi and the runtime regions with the
 * virtual addresses SetVirtualAddressMap gave them. */
struct sys_efi {
	uint64_t fw_vendor;
	uint64_t runtime;
	uint64_t tables; /* config_table */
	uint64_t smbios; /* systab's SMBIOS= line, 0 when absent */
	struct sys_efi_md *map;
	size_t map_n;
};

void sys_efi_free(struct sys_efi *efi);

#define SYSTEM_EFI_MAP_MAX 4096u

/* /sys/firmware/efi/{fw_vendor,runtime,config_table}, systab's SMBIOS=
 * and runtime-map/N.  -ENOENT when the machine did not boot through EFI or
 * the kernel hides the addresses (no fw_vendor or config_table, as under
 * Xen).  A missing runtime-map (CONFIG_EFI_RUNTIME_MAP off,
 * efi=noruntime) leaves map_n 0.  Malformed files are errors. */
int system_efi(struct kx_system *sys, const struct sys_efi **efi);

enum sys_rsdp_source {
	SYS_RSDP_NONE = 0,    /* 0: the next kernel searches itself */
	SYS_RSDP_BOOT_PARAMS, /* the running acpi_rsdp_addr */
	SYS_RSDP_EFI_ACPI20,  /* /sys/firmware/efi/systab ACPI20= */
	SYS_RSDP_EFI_ACPI,    /* /sys/firmware/efi/systab ACPI= */
	SYS_RSDP_CMDLINE,     /* acpi_rsdp= on /proc/cmdline */
};

const char *sys_rsdp_source_name(enum sys_rsdp_source src);
/* The same as a public source (KX_KEY_RSDP_SOURCE, KX_NOTE_RSDP_PASSED). */
enum kx_source sys_rsdp_kx_source(enum sys_rsdp_source src);

/* The ACPI RSDP address from the first source that has one: the running
 * boot_params, the EFI system table, /proc/cmdline.  0 with
 * SYS_RSDP_NONE when none has (legacy BIOS areas cannot be scanned
 * without /dev/mem; the next kernel does it).  Malformed values are
 * errors. */
int system_rsdp(struct kx_system *sys, uint64_t *addr,
		enum sys_rsdp_source *source);

#define SYSTEM_RSDP_MAX 1024u /* far above any real RSDP (36 bytes) */

/* The RSDP's bytes at ADDR, from /dev/mem: 20 bytes, or from revision 2
 * on its length field's worth, checksums checked.  The only getter that
 * opens /dev/mem.  Remembered for the last ADDR asked.  Failures say which
 * check failed by their code: -EPERM (the kernel restricts /dev/mem),
 * -EIO (short read), -EINVAL (signature or checksum), -ERANGE (length
 * field), -EBADMSG (extended checksum), or the open or read's errno. */
int system_rsdp_bytes(struct kx_system *sys, uint64_t addr,
		      const uint8_t **bytes, size_t *len);

/* The bytes of the EFI variable NAME-GUID (efivarfs: four attribute bytes,
 * then the data).  -ENOENT when it does not exist. */
int system_efivar(struct kx_system *sys, const char *name, const char *guid,
		  const uint8_t **data, size_t *len);

/* ---- kexec ------------------------------------------------------------- */

struct sys_kexec_status {
	bool loaded;	     /* /sys/kernel/kexec_loaded */
	bool crash_loaded;   /* /sys/kernel/kexec_crash_loaded */
	bool crash_known;    /* that file exists */
	uint64_t crash_size; /* /sys/kernel/kexec_crash_size */
	char lockdown[16];   /* the [selected] mode of
				/sys/kernel/security/lockdown, "" when unknown */
};

int system_kexec_status(struct kx_system *sys,
			const struct sys_kexec_status **st);

/* Only the lockdown mode ("" when unknown); never fails. */
const char *system_lockdown(struct kx_system *sys);

/* ---- for lib/sys/system*.c only ---------------------------------------- */

enum system_fact {
	SYSTEM_MEMMAP,
	SYSTEM_IOMEM,
	SYSTEM_CRASH_REGIONS,
	SYSTEM_CRASH,
	SYSTEM_BOOT_PARAMS,
	SYSTEM_CMDLINE,
	SYSTEM_EFI,
	SYSTEM_RSDP,
	SYSTEM_RSDP_BYTES,
	SYSTEM_STATUS,
	SYSTEM_FACTS,
};

struct system_efivar;

struct kx_system {
	kx_ctx *ctx;
	bool known[SYSTEM_FACTS];
	int rc[SYSTEM_FACTS]; /* 0 or -ENOENT, once known */
	struct kx_ranges memmap;
	enum memmap_source memmap_source;
	char *iomem;
	size_t iomem_len;
	char *iomem_file;
	struct kx_ranges crash_regions;
	struct crash_system crash;
	uint8_t boot_params[SYSTEM_BOOT_PARAMS_SIZE];
	char *cmdline;
	struct sys_efi efi;
	uint64_t rsdp;
	enum sys_rsdp_source rsdp_source;
	uint64_t rsdp_bytes_addr;
	uint8_t rsdp_bytes[SYSTEM_RSDP_MAX];
	size_t rsdp_len;
	struct sys_kexec_status status;
	struct system_efivar *efivars;
	uint8_t *seed;
	size_t seed_len;
};

/* Whether FACT is known, and then its remembered return value in *RC. */
bool system_recall(const struct kx_system *sys, enum system_fact fact, int *rc);
/* Remember RC for FACT when it is an answer (0 or -ENOENT); returns RC. */
int system_remember(struct kx_system *sys, enum system_fact fact, int rc);
/* ROOT + PATH into OUT; the message names PATH. */
int system_path(struct kx_system *sys, const char *path, char *out, size_t len);
/* A small text file below the root (kx_read_sys_text). */
int system_read_text(struct kx_system *sys, const char *path, char *out,
		     size_t len);
/* A file holding one "0x..." number; -ENOENT quietly. */
int system_read_hex(struct kx_system *sys, const char *path, uint64_t *out);
/* The value of the line "KEY=0x..." in TEXT (FILE names it); -ENOENT
 * quietly when no line has KEY. */
int system_find_key(kx_ctx *ctx, const char *file, const char *text,
		    const char *key, uint64_t *out);
void system_free_efivars(struct kx_system *sys);

#endif
