/* libkexec: probe kernel images, plan their memory and load them for kexec.
 *
 * Every call takes a kx_ctx, which carries the error message of the last
 * failure, the system-call table (replaceable, so tests never reach the
 * kernel) and the root under which /proc and /sys are read (so tests can
 * point the library at fixture trees).  The library never prints and never
 * exits: failures return a negative errno-style code and leave a one-line
 * message in the context.
 */
#ifndef LIBKEXEC_H
#define LIBKEXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KX_VERSION_STRING "0.1.0"

typedef struct kx_ctx kx_ctx;

/* One piece for kexec_load, with the kernel's own layout. */
struct kx_segment {
	const void *buf;
	size_t bufsz;
	uint64_t mem;
	uint64_t memsz;
};

/* The kernel interface.  Each call returns 0 (or a non-negative value) on
 * success and -errno on failure; never -1 with errno. */
struct kx_sys_ops {
	long (*kexec_file_load)(void *data, int kernel_fd, int initrd_fd,
				unsigned long cmdline_len, const char *cmdline,
				unsigned long flags);
	long (*kexec_load)(void *data, unsigned long entry,
			   unsigned long nr_segments,
			   const struct kx_segment *segments,
			   unsigned long flags);
	long (*reboot_kexec)(void *data);
};

/* Flags of kexec_file_load and kexec_load, as the kernel defines them. */
#define KX_FILE_UNLOAD 0x1UL
#define KX_FILE_ON_CRASH 0x2UL
#define KX_FILE_NO_INITRAMFS 0x4UL
#define KX_ON_CRASH 0x1UL
#define KX_ARCH_X86_64 (62UL << 16)

kx_ctx *kx_ctx_new(void);
void kx_ctx_free(kx_ctx *ctx);
/* The message of the last failure ("" when none). */
const char *kx_ctx_message(const kx_ctx *ctx);
/* The code of the last failure (0 when none). */
int kx_ctx_errno(const kx_ctx *ctx);
/* Replace the system calls; NULL restores the real ones. */
void kx_ctx_set_sys(kx_ctx *ctx, const struct kx_sys_ops *ops, void *data);
/* Read /proc and /sys below ROOT instead of "/" (NULL restores "/"). */
int kx_ctx_set_root(kx_ctx *ctx, const char *root);
const char *kx_ctx_root(const kx_ctx *ctx);

/* ---- images ---------------------------------------------------------- */

enum kx_image_type {
	KX_IMAGE_UNKNOWN = 0,
	KX_IMAGE_BZIMAGE,
	KX_IMAGE_ELF,
	KX_IMAGE_MULTIBOOT1,
	KX_IMAGE_MULTIBOOT2,
	KX_IMAGE_UKI,
};

enum kx_compression {
	KX_COMP_NONE = 0,
	KX_COMP_GZIP,
	KX_COMP_XZ,
	KX_COMP_ZSTD,
};

const char *kx_image_type_name(enum kx_image_type type);
/* Accepts the names --type takes ("bzImage", "bzImage64", "elf", ...). */
int kx_image_type_from_name(const char *name, enum kx_image_type *type);
const char *kx_compression_name(enum kx_compression comp);

/* What the x86 boot protocol setup header of a bzImage says. */
struct kx_bzimage_info {
	uint16_t protocol;	   /* e.g. 0x020f for 2.15 */
	uint8_t setup_sects;	   /* 512-byte sectors after the boot sector */
	uint8_t loadflags;
	uint16_t xloadflags;
	uint8_t relocatable;
	uint8_t min_alignment;	   /* log2 */
	uint32_t kernel_alignment;
	uint32_t cmdline_size;	   /* longest command line, without NUL */
	uint32_t init_size;	   /* memory the kernel needs from its start */
	uint64_t pref_address;
	uint32_t setup_size;	   /* bytes of real-mode code, boot sector included */
	uint64_t payload_offset;   /* file offset of the protected-mode kernel */
	uint64_t payload_size;
	uint32_t handover_offset;
	char version[128];	   /* kernel version string, "" when absent */
};

#define KX_XLF_KERNEL_64 (1u << 0)
#define KX_XLF_CAN_BE_LOADED_ABOVE_4G (1u << 1)
#define KX_XLF_EFI_HANDOVER_32 (1u << 2)
#define KX_XLF_EFI_HANDOVER_64 (1u << 3)
#define KX_XLF_EFI_KEXEC (1u << 4)
#define KX_XLF_5LEVEL (1u << 5)
#define KX_XLF_5LEVEL_ENABLED (1u << 6)

/* Parse a bzImage already in memory.  NAME is used in error messages. */
int kx_bzimage_parse(kx_ctx *ctx, const char *name, const void *data,
		     size_t size, struct kx_bzimage_info *info);

/* ---- load requests and plans ----------------------------------------- */

enum kx_syscall_mode {
	KX_SYSCALL_AUTO = 0, /* kexec_file_load, then kexec_load on fallback */
	KX_SYSCALL_FILE,     /* kexec_file_load only */
	KX_SYSCALL_CLASSIC,  /* kexec_load only */
};

const char *kx_syscall_name(enum kx_syscall_mode mode);

/* -p: the crash (panic) slot, loaded inside the crashkernel= reservation. */
#define KX_LOAD_CRASH (1u << 0)
/* -i: the purgatory jumps without verifying the loaded pieces. */
#define KX_LOAD_NO_CHECKS (1u << 1)
/* -d: the purgatory says on the serial console that it verified them. */
#define KX_LOAD_DEBUG (1u << 2)
/* For tests only: flip one byte of the kernel after its digest is taken,
 * so the purgatory must catch it and reset the machine. */
#define KX_LOAD_TEST_CORRUPT (1u << 31)

struct kx_load_request {
	const char *kernel;	/* path of the kernel image */
	const char *initrd;	/* path or NULL */
	const char *cmdline;	/* final command line or NULL for none */
	const char *type;	/* --type, or NULL to probe */
	enum kx_syscall_mode syscall;
	unsigned flags;		/* KX_LOAD_* */
	uint64_t mem_min;	/* --mem-min: lowest address for kexec_load */
	uint64_t mem_max;	/* --mem-max: highest address, 0 for none */
	/* --module: Multiboot modules, each "FILE ARGS" (kexec-tools'
	 * syntax: the file is the first word; the whole text becomes the
	 * module's command line, as GRUB and QEMU pass it). */
	const char *const *modules;
	size_t n_modules;
};

/* A file as the plan holds it: the bytes the kernel will see. */
struct kx_file_info {
	const char *path;
	enum kx_compression compression;
	uint64_t file_size; /* on disk */
	uint64_t size;	    /* after decompression (equal when none) */
};

/* A physical range with its e820 type (1 RAM, 2 reserved, 3 ACPI, ...). */
struct kx_mem_range {
	uint64_t start;
	uint64_t end; /* exclusive */
	uint32_t type;
};

/* One kexec_load segment and what it holds. */
struct kx_plan_segment {
	char what[64]; /* "kernel", "initrd", "boot_params", "purgatory" */
	uint64_t mem;
	uint64_t bufsz;
	uint64_t memsz;
};

/* The Linux boot protocol as built in userspace for kexec_load. */
struct kx_linux_boot {
	uint64_t kernel_addr;	   /* protected-mode kernel */
	uint64_t kernel_entry;	   /* its 64-bit entry */
	uint64_t boot_params_addr;
	uint64_t cmdline_addr;
	uint64_t initrd_addr;
	uint64_t initrd_size;
	uint64_t acpi_rsdp;	   /* 0: the next kernel searches */
	const char *rsdp_source;   /* where acpi_rsdp came from */
	const char *memmap_source; /* "/sys/firmware/memmap" or "/proc/iomem" */
	size_t e820_n;
	const struct kx_mem_range *e820;
	size_t setup_data_n;
	bool efi;		   /* efi_info and SETUP_EFI passed on */
	const char *efi_note;	   /* why not, when not */
	uint64_t efi_systab;
	bool rng_seed;
	uint64_t purgatory_addr;
	bool checks;		   /* the purgatory verifies SHA-256 */
};

/* One program header of the ELF core headers built for a crash kernel
 * loaded through kexec_load: what /proc/vmcore will show after a panic. */
struct kx_core_phdr {
	uint32_t type;	  /* 1 PT_LOAD, 4 PT_NOTE */
	uint64_t paddr;	  /* physical address in the crashed kernel */
	uint64_t vaddr;	  /* kernel virtual address; 0 for notes, unknown */
	uint64_t size;
	const char *what; /* "cpu0 notes", "vmcoreinfo", "kernel text", "RAM" */
};

/* A crash (-p) plan: where the kernel will go and what it will describe. */
struct kx_crash_info {
	/* The "Crash kernel" ranges of /proc/iomem (crashkernel=), lowest
	 * first; every piece goes into the highest one. */
	size_t regions_n;
	const struct kx_mem_range *regions;
	/* kexec_load only: the core headers (elfcorehdr=) we build; the
	 * capture kernel's e820 is linux_boot.e820. */
	uint64_t elfcorehdr_addr;
	uint64_t elfcorehdr_size;
	size_t phdrs_n;
	const struct kx_core_phdr *phdrs;
	const char *vaddr_source; /* where the virtual addresses came from */
};

/* A Multiboot module as placed. */
struct kx_module_info {
	const char *path;
	const char *cmdline; /* the whole --module text */
	uint64_t addr;
	uint64_t size;
};

/* A Multiboot 1 or 2 kernel, or a plain ELF kernel, as laid out for
 * kexec_load.  Multiboot kernels are entered in 32-bit protected mode with
 * paging off (EAX the magic, EBX the information block); an ELF64 kernel
 * without a Multiboot header gets a 64-bit jump on the identity map and no
 * information at all. */
struct kx_multiboot_boot {
	unsigned version;	  /* 1 or 2; 0 for a plain ELF kernel */
	unsigned elf_class;	  /* 32 or 64; 0 for the a.out kludge */
	bool relocated;		  /* moved as its relocatable tag allows */
	uint64_t image_start;	  /* the image in memory, bss included */
	uint64_t image_end;	  /* exclusive */
	uint64_t entry;		  /* the kernel's entry point */
	bool entry32;		  /* 32-bit protected mode, paging off */
	uint32_t magic;		  /* EAX (Multiboot) */
	uint64_t info_addr;	  /* EBX: the information block, 0 for none */
	uint64_t info_size;
	size_t n_modules;
	const struct kx_module_info *modules;
	/* The information block decoded back from the built bytes, in
	 * words ("key: value" lines); "" when there is none. */
	const char *info_text;
	/* What was left out and why, one line each; "" when nothing. */
	const char *notes;
	const char *memmap_source;
	uint64_t purgatory_addr;
	bool checks; /* the purgatory verifies SHA-256 */
};

struct kx_plan_info {
	enum kx_image_type type;
	struct kx_file_info kernel;
	struct kx_bzimage_info bzimage; /* valid when type is BZIMAGE */
	bool has_initrd;
	struct kx_file_info initrd;
	const char *cmdline;   /* "" when none */
	size_t cmdline_len;    /* bytes passed to the kernel, NUL included */
	enum kx_syscall_mode syscall;	/* as requested */
	enum kx_syscall_mode used;	/* what the last kx_plan_load used */
	bool crash;
	/* The kexec_load layout: filled when the plan is for kexec_load
	 * (-c), or after -a fell back to it. */
	bool classic;
	uint64_t entry;
	size_t nr_segments;
	const struct kx_plan_segment *segments;
	struct kx_linux_boot linux_boot;
	struct kx_crash_info crash_info; /* when crash */
	/* Why the syscall differs from the one asked for (e.g. -a with a
	 * Multiboot kernel goes straight to kexec_load), NULL otherwise. */
	const char *syscall_note;
	/* type MULTIBOOT1, MULTIBOOT2 or ELF: set with classic. */
	struct kx_multiboot_boot multiboot;
};

typedef struct kx_plan kx_plan;

/* Read, decompress and check everything; no system call is made. */
int kx_plan_create(kx_ctx *ctx, const struct kx_load_request *req,
		   kx_plan **out);
const struct kx_plan_info *kx_plan_info(const kx_plan *plan);
void kx_plan_free(kx_plan *plan);

/* Hand the plan to the kernel.  On failure the previously loaded image,
 * if any, stays loaded. */
int kx_plan_load(kx_ctx *ctx, kx_plan *plan);

/* Unload the normal (flags 0) or crash (KX_LOAD_CRASH) image. */
int kx_unload(kx_ctx *ctx, enum kx_syscall_mode mode, unsigned flags);

/* ---- status and exec ------------------------------------------------- */

struct kx_status {
	bool loaded;	    /* /sys/kernel/kexec_loaded */
	bool crash_loaded;  /* /sys/kernel/kexec_crash_loaded */
	bool crash_known;   /* the crash file exists */
	uint64_t crash_size; /* /sys/kernel/kexec_crash_size, 0 if unknown */
	char lockdown[16];  /* "none", "integrity", "confidentiality" or "" */
};

int kx_status_read(kx_ctx *ctx, struct kx_status *st);

/* reboot(LINUX_REBOOT_CMD_KEXEC); returns only on failure. */
int kx_exec(kx_ctx *ctx);

/* ---- command lines --------------------------------------------------- */

/* The running kernel's command line from /proc/cmdline, without the
 * BOOT_IMAGE= word a boot loader adds (and without crashkernel= when
 * KX_LOAD_CRASH is given).  Returns a malloc'd string. */
int kx_cmdline_reuse(kx_ctx *ctx, unsigned flags, char **out);
/* Join non-empty parts with single spaces.  Returns a malloc'd string. */
int kx_cmdline_join(kx_ctx *ctx, const char *const *parts, size_t n,
		    char **out);


/* ---- boot entries ---------------------------------------------------- */

/* What is installed to boot, found below the context's root the way boot
 * loaders find it: Boot Loader Specification Type #1 entries
 * ($BOOT/loader/entries/NAME.conf on /boot, /efi and /boot/efi), Type #2
 * unified kernel images ($BOOT/EFI/Linux/NAME.efi), GRUB's grub.cfg, and
 * the distributions' own names in /boot (vmlinuz-VERSION with its initrd,
 * Debian's /vmlinuz and /initrd.img links, Gentoo's
 * kernel-genkernel-ARCH-VERSION). */

enum kx_entry_source {
	KX_ENTRY_BLS = 1, /* Type #1 entry */
	KX_ENTRY_UKI,	  /* Type #2 unified kernel image */
	KX_ENTRY_GRUB,	  /* a grub.cfg menuentry */
	KX_ENTRY_DISTRO,  /* a kernel found by its distribution's name */
};

struct kx_entry {
	const char *id;	     /* BLS/UKI: file name less suffix and boot
				counter; GRUB: --id (or title) path joined
				with '>'; distro: the kernel's file name */
	const char *title;   /* never NULL */
	const char *version; /* "" when unknown */
	const char *machine_id;
	const char *sort_key;
	const char *architecture;
	const char *kernel;  /* absolute path below the root: the kernel, or
				the UKI file */
	const char *const *initrds; /* absolute paths below the root */
	size_t n_initrds;
	const char *options; /* the command line, "" when none */
	const char *devicetree; /* noted, not loaded (x86 has none) */
	const char *file;    /* where the entry was read from */
	enum kx_entry_source source;
	bool is_default;
	int tries_left;	     /* boot counting (+LEFT-DONE); -1 when none */
	int tries_done;
};

typedef struct kx_entry_list kx_entry_list;

/* Sources for kx_entries_list(); 0 means all of them. */
#define KX_ENTRIES_BLS (1u << 0)
#define KX_ENTRIES_UKI (1u << 1)
#define KX_ENTRIES_GRUB (1u << 2)
#define KX_ENTRIES_DISTRO (1u << 3)

/* Every entry below the context's root, in boot-menu order: BLS and UKI
 * entries sorted as systemd-boot sorts them, then GRUB's menu entries in
 * file order, then distribution kernels (newest first) not already named
 * by another entry.  One entry is marked is_default: LoaderEntryOneShot,
 * then LoaderEntryDefault (EFI variables), then loader.conf's `default`,
 * then GRUB's default (saved_entry included), then the first entry, then
 * the kernel Debian's /vmlinuz names.  Unreadable or malformed files are
 * skipped, not fatal; an empty list is not an error. */
int kx_entries_list(kx_ctx *ctx, unsigned sources, kx_entry_list **out);
size_t kx_entries_count(const kx_entry_list *list);
const struct kx_entry *kx_entries_get(const kx_entry_list *list, size_t i);
void kx_entries_free(kx_entry_list *list);
const char *kx_entry_source_name(enum kx_entry_source source);

/* "default", "latest" (the newest version, by kx_version_compare), or an
 * id (exact, then ignoring case and a .conf/.efi suffix, then a title).
 * Fails with -ENOENT and a message listing what exists. */
int kx_entries_find(kx_ctx *ctx, const kx_entry_list *list, const char *which,
		    const struct kx_entry **out);

/* Version order of the UAPI Version Format Specification (systemd's
 * strverscmp_improved): <0, 0 or >0.  NULL and "" are the oldest. */
int kx_version_compare(const char *a, const char *b);

/* Files made for loading an entry: memfds for a UKI's sections and for
 * several initrds joined into one.  Keep it until kx_plan_create() has
 * returned; then free it (the plan holds its own descriptors). */
typedef struct kx_entry_files kx_entry_files;

/* Fill REQ's kernel, initrd and cmdline for ENTRY; every other field of
 * REQ is left as it was.  The command line is the entry's options (a
 * UKI's .cmdline) followed by APPEND (may be NULL).  Several initrds, or a
 * UKI's sections, become sealed memfds passed as "/proc/self/fd/N" paths,
 * so nothing is written to disk; several initrds are joined microcode
 * first, each padded to 4 bytes. */
int kx_entry_prepare(kx_ctx *ctx, const struct kx_entry *entry,
		     const char *append, struct kx_load_request *req,
		     kx_entry_files **files);
void kx_entry_files_free(kx_entry_files *files);

#ifdef __cplusplus
}
#endif
#endif
