/* libkexec: probe kernel images, plan their memory and load them for kexec.
 *
 * Every call takes a kx_ctx, which carries the error message of the last
 * failure, the system-call table (replaceable, so tests never reach the
 * kernel) and the root under which /proc, /sys and /dev are read (so tests
 * can point the library at fixture trees).  The library never prints and
 * never exits: failures return a negative errno-style code and leave a
 * one-line message in the context.
 *
 * The ABI grows without breaking callers: every object is opaque, made and
 * freed by the library, and read or changed through functions; new fields
 * of a plan are new keys, not new struct members.  Exported symbols all
 * start with kx_ and are listed in libkexec.sym.
 *
 * Threads: a kx_ctx and every object made with it may be used by one
 * thread at a time; separate contexts are independent and may be used
 * from different threads at once.  The library keeps no global state.
 *
 * Public entry points check their arguments: a NULL object or an
 * out-of-range value returns -EINVAL (with a message when a context is at
 * hand) instead of crashing.
 */
#ifndef LIBKEXEC_H
#define LIBKEXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version --------------------------------------------------------- */

#define KX_VERSION_MAJOR 0
#define KX_VERSION_MINOR 2
#define KX_VERSION_MICRO 0
/* One number that grows with every release: 0x00MMmmuu. */
#define KX_VERSION_NUMBER                                                    \
	((KX_VERSION_MAJOR << 16) | (KX_VERSION_MINOR << 8) | KX_VERSION_MICRO)
#define KX_VERSION_STRING "0.2.0"

/* The version of the library actually loaded ("0.2.0"), and its number:
 * compare with the macros to tell build time from run time. */
const char *kx_version(void);
unsigned kx_version_number(void);

/* ---- context --------------------------------------------------------- */

typedef struct kx_ctx kx_ctx;

/* One piece for kexec_load, in the kernel's own layout (struct
 * kexec_segment): fixed by the kernel's ABI, not ours. */
struct kx_segment {
	const void *buf;
	size_t bufsz;
	uint64_t mem;
	uint64_t memsz;
};

/* Flags of kexec_file_load and kexec_load, as the kernel defines them. */
#define KX_FILE_UNLOAD 0x1UL
#define KX_FILE_ON_CRASH 0x2UL
#define KX_FILE_NO_INITRAMFS 0x4UL
#define KX_ON_CRASH 0x1UL

/* The kernel interface, one replaceable call at a time.  Each returns 0 (or
 * a non-negative value) on success and -errno on failure, never -1 with
 * errno.  DATA is what kx_ctx_set_sys_data() gave. */
typedef long (*kx_kexec_file_load_fn)(void *data, int kernel_fd,
				      int initrd_fd, unsigned long cmdline_len,
				      const char *cmdline,
				      unsigned long flags);
typedef long (*kx_kexec_load_fn)(void *data, unsigned long entry,
				 unsigned long nr_segments,
				 const struct kx_segment *segments,
				 unsigned long flags);
typedef long (*kx_reboot_kexec_fn)(void *data);

kx_ctx *kx_ctx_new(void);
void kx_ctx_free(kx_ctx *ctx);
/* The message of the last failure ("" when none). */
const char *kx_ctx_message(const kx_ctx *ctx);
/* The code of the last failure (0 when none). */
int kx_ctx_errno(const kx_ctx *ctx);
/* Replace one system call; NULL restores the real one. */
int kx_ctx_set_kexec_file_load(kx_ctx *ctx, kx_kexec_file_load_fn fn);
int kx_ctx_set_kexec_load(kx_ctx *ctx, kx_kexec_load_fn fn);
int kx_ctx_set_reboot_kexec(kx_ctx *ctx, kx_reboot_kexec_fn fn);
/* The DATA argument handed to replaced system calls. */
int kx_ctx_set_sys_data(kx_ctx *ctx, void *data);
/* Read /proc, /sys and /dev below ROOT instead of "/" (NULL restores "/"). */
int kx_ctx_set_root(kx_ctx *ctx, const char *root);
const char *kx_ctx_root(const kx_ctx *ctx);

/* ---- names ------------------------------------------------------------ */

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

enum kx_syscall_mode {
	KX_SYSCALL_AUTO = 0, /* kexec_file_load, then kexec_load on fallback */
	KX_SYSCALL_FILE,     /* kexec_file_load only */
	KX_SYSCALL_CLASSIC,  /* kexec_load only */
};

const char *kx_image_type_name(enum kx_image_type type);
/* Accepts the names --type takes ("bzImage", "bzImage64", "elf", ...). */
int kx_image_type_from_name(const char *name, enum kx_image_type *type);
const char *kx_compression_name(enum kx_compression comp);
const char *kx_syscall_name(enum kx_syscall_mode mode);
/* BYTES as people read it ("300 MiB", "4.5 KiB", "512 bytes"), the way
 * the library's own messages write sizes; returns BUF. */
const char *kx_format_size(uint64_t bytes, char *buf, size_t len);

/* ---- load requests ---------------------------------------------------- */

/* -p: the crash (panic) slot, loaded inside the crashkernel= reservation. */
#define KX_LOAD_CRASH (1u << 0)
/* -i: the purgatory jumps without verifying the loaded pieces. */
#define KX_LOAD_NO_CHECKS (1u << 1)
/* -d: the purgatory says on the serial console that it verified them. */
#define KX_LOAD_DEBUG (1u << 2)

typedef struct kx_request kx_request;

/* A request holds copies of every string given to it. */
int kx_request_new(kx_ctx *ctx, kx_request **out);
void kx_request_free(kx_request *req);
/* The kernel image (required). */
int kx_request_set_kernel(kx_request *req, const char *path);
/* The initrd; NULL for none. */
int kx_request_set_initrd(kx_request *req, const char *path);
/* The final command line; NULL for none. */
int kx_request_set_cmdline(kx_request *req, const char *cmdline);
/* --type: a name kx_image_type_from_name() takes; NULL to probe. */
int kx_request_set_type(kx_request *req, const char *type);
int kx_request_set_syscall(kx_request *req, enum kx_syscall_mode mode);
/* KX_LOAD_*; unknown bits are refused with -EINVAL. */
int kx_request_set_flags(kx_request *req, unsigned flags);
/* --verify: the digest the purgatory checks every loaded piece with before
 * it jumps (kexec_load only).  XXH3-128 runs at memory speed and catches
 * corruption between load and jump as surely; KX_VERIFY_NONE is -i. */
enum kx_verify {
	KX_VERIFY_XXH3 = 0, /* XXH3-128, the default */
	KX_VERIFY_SHA256,
	KX_VERIFY_NONE,
};
int kx_request_set_verify(kx_request *req, enum kx_verify v);
/* --mem-min and --mem-max (0: no limit) for kexec_load placement. */
int kx_request_set_mem_range(kx_request *req, uint64_t min, uint64_t max);
/* --module: a Multiboot module, "FILE ARGS" (kexec-tools' syntax: the file
 * is the first word; the whole text becomes the module's command line). */
int kx_request_add_module(kx_request *req, const char *spec);

const char *kx_request_get_kernel(const kx_request *req);
const char *kx_request_get_initrd(const kx_request *req); /* NULL: none */
const char *kx_request_get_cmdline(const kx_request *req); /* NULL: none */
unsigned kx_request_get_flags(const kx_request *req);
enum kx_syscall_mode kx_request_get_syscall(const kx_request *req);

/* ---- plans ----------------------------------------------------------- */

typedef struct kx_plan kx_plan;

/* Read, decompress and check everything; no system call is made. */
int kx_plan_create(kx_ctx *ctx, const kx_request *req, kx_plan **out);
void kx_plan_free(kx_plan *plan);

/* Hand the plan to the kernel.  On failure the previously loaded image,
 * if any, stays loaded. */
int kx_plan_load(kx_ctx *ctx, kx_plan *plan);

/* Build the kexec_load layout now (as kx_plan_load would on fallback from
 * kexec_file_load), so a dry run can show and check it. */
int kx_plan_build_classic(kx_ctx *ctx, kx_plan *plan);

/* A plan is described by fields: each a key with a number or a text.  A
 * key that does not apply to the plan is absent (-ENOENT, or NULL), so
 * callers can tell "0" from "not there".  Texts belong to the plan and
 * last until it is freed, or until kx_plan_build_classic() or
 * kx_plan_load() change the plan.  Numbers that name something
 * (an image type, a source, a reason) take the enums below; addresses and
 * sizes are bytes; booleans are 0 or 1. */
enum kx_key {
	/* the kernel file */
	KX_KEY_IMAGE_TYPE = 1,	  /* enum kx_image_type */
	KX_KEY_KERNEL_PATH,	  /* text */
	KX_KEY_KERNEL_COMPRESSION, /* enum kx_compression */
	KX_KEY_KERNEL_FILE_SIZE,  /* on disk */
	KX_KEY_KERNEL_SIZE,	  /* after decompression */
	KX_KEY_KERNEL_VERSION,	  /* text, when the image names it */
	/* the initrd (absent: none) */
	KX_KEY_INITRD_PATH,
	KX_KEY_INITRD_COMPRESSION,
	KX_KEY_INITRD_FILE_SIZE,
	KX_KEY_INITRD_SIZE,
	/* the command line the kernel gets, and its length with the NUL */
	KX_KEY_CMDLINE,
	KX_KEY_CMDLINE_LEN,
	KX_KEY_CMDLINE_MAX, /* the longest the kernel takes, without NUL */
	/* system calls */
	KX_KEY_SYSCALL,	       /* enum kx_syscall_mode, as requested */
	KX_KEY_SYSCALL_USED,   /* what kx_plan_load uses, or used last;
				  absent under -a until a load tried */
	KX_KEY_SYSCALL_REASON, /* enum kx_reason: why not the one requested */
	KX_KEY_CRASH,	       /* a crash (-p) plan */
	/* the x86 boot protocol header of a bzImage */
	KX_KEY_BOOT_PROTOCOL, /* e.g. 0x020f for 2.15 */
	KX_KEY_SETUP_SECTS,
	KX_KEY_LOADFLAGS,
	KX_KEY_XLOADFLAGS,
	KX_KEY_RELOCATABLE,
	KX_KEY_KERNEL_ALIGNMENT,
	KX_KEY_INIT_SIZE,
	KX_KEY_PREF_ADDRESS,
	KX_KEY_PAYLOAD_OFFSET,
	KX_KEY_PAYLOAD_SIZE,
	KX_KEY_HANDOVER_OFFSET,
	/* the kexec_load layout, present once it is built (-c, a fallback,
	 * kx_plan_build_classic, Multiboot and ELF kernels) */
	KX_KEY_CLASSIC,	       /* 1 when built */
	KX_KEY_ENTRY,	       /* the purgatory's entry point */
	KX_KEY_PURGATORY_ADDR,
	KX_KEY_CHECKS,	       /* the purgatory verifies every loaded byte */
	KX_KEY_MEMMAP_SOURCE,  /* enum kx_source */
	/* the Linux boot protocol as built for kexec_load */
	KX_KEY_KERNEL_ADDR,
	KX_KEY_KERNEL_ENTRY,
	KX_KEY_BOOT_PARAMS_ADDR,
	KX_KEY_CMDLINE_ADDR,
	KX_KEY_INITRD_ADDR,
	KX_KEY_ACPI_RSDP,	/* 0: the next kernel searches */
	KX_KEY_RSDP_SOURCE,	/* enum kx_source */
	KX_KEY_SETUP_DATA_COUNT,
	KX_KEY_EFI,		/* EFI data passed on */
	KX_KEY_EFI_REASON,	/* enum kx_reason: why not */
	KX_KEY_EFI_SYSTAB,
	KX_KEY_RNG_SEED,	/* a random seed passed on */
	/* crash plans */
	KX_KEY_ELFCOREHDR_ADDR,
	KX_KEY_ELFCOREHDR_SIZE,
	KX_KEY_VADDR_SOURCE, /* enum kx_source */
	/* Multiboot and plain ELF kernels */
	KX_KEY_MB_VERSION, /* 1, 2, or 0 for a plain ELF kernel */
	KX_KEY_ELF_CLASS,  /* 32, 64, or 0 for the a.out kludge */
	KX_KEY_RELOCATED,
	KX_KEY_IMAGE_START,
	KX_KEY_IMAGE_END, /* exclusive */
	KX_KEY_ENTRY32,	  /* entered in 32-bit protected mode */
	KX_KEY_MB_ENTRY,  /* the kernel's own entry point */
	KX_KEY_MB_MAGIC,  /* EAX */
	KX_KEY_INFO_ADDR, /* EBX: the information block; 0 for none */
	KX_KEY_INFO_SIZE,
	/* the information block, read back from the built bytes */
	KX_KEY_INFO_FLAGS,	/* Multiboot 1 flags */
	KX_KEY_INFO_TAGS,	/* Multiboot 2 tags, end tag included */
	KX_KEY_INFO_MEM_LOWER,	/* KiB */
	KX_KEY_INFO_MEM_UPPER,	/* KiB */
	KX_KEY_INFO_CMDLINE,
	KX_KEY_INFO_LOADER_NAME,
	KX_KEY_INFO_FB_ADDR,
	KX_KEY_INFO_FB_WIDTH,
	KX_KEY_INFO_FB_HEIGHT,
	KX_KEY_INFO_FB_BPP,
	KX_KEY_INFO_FB_PITCH,
	KX_KEY_INFO_FB_TYPE,
	KX_KEY_INFO_FB_RGB, /* red, green, blue (size, position): 6 bytes,
			       one per byte from the lowest, as a number */
	KX_KEY_INFO_RSDP_OLD_LEN,
	KX_KEY_INFO_RSDP_NEW_LEN,
	KX_KEY_INFO_RSDP_REVISION,
	KX_KEY_INFO_RSDT,
	KX_KEY_INFO_XSDT,
	KX_KEY_INFO_EFI32_SYSTAB,
	KX_KEY_INFO_EFI64_SYSTAB,
	KX_KEY_INFO_EFI_MMAP_SIZE,
	KX_KEY_INFO_EFI_DESC_SIZE,
	KX_KEY_INFO_EFI_DESC_VERSION,
	KX_KEY_INFO_LOAD_BASE,
	/* keys of list items (kx_plan_item_*) */
	KX_KEY_NAME,  /* text: what a segment or core header holds */
	KX_KEY_START, /* an address */
	KX_KEY_END,   /* exclusive */
	KX_KEY_SIZE,
	KX_KEY_TYPE,  /* e820 type; ELF p_type; Multiboot map type */
	KX_KEY_MEM,   /* a segment's destination */
	KX_KEY_BUFSZ,
	KX_KEY_MEMSZ,
	KX_KEY_PADDR,
	KX_KEY_VADDR,
	KX_KEY_PATH,
	KX_KEY_ARGS, /* a module's whole --module text */
	KX_KEY_CODE, /* enum kx_note */
	KX_KEY_ADDR,
	KX_KEY_ERRNO, /* an errno value, with KX_REASON_ERRNO */
	/* the file named was a container (KX_IMAGE_UKI) holding the kernel
	 * that KX_KEY_IMAGE_TYPE describes; its sections are the initrd and
	 * command line unless the request gave them */
	KX_KEY_CONTAINER,
	/* the command line kexec_load passes when it is not KX_KEY_CMDLINE:
	 * a crash kernel's gains elfcorehdr= (and maybe acpi_rsdp=); under
	 * -c it is KX_KEY_CMDLINE itself */
	KX_KEY_CLASSIC_CMDLINE,
	/* the digest the purgatory verifies with: "xxh3-128", "sha256" or
	 * "none" (kexec_load plans) */
	KX_KEY_VERIFY,
	KX_KEY__MAX
};

/* Lists of items, each item a set of keys. */
enum kx_list {
	KX_LIST_SEGMENTS = 1,  /* NAME MEM BUFSZ MEMSZ */
	KX_LIST_E820,	       /* START END TYPE: the next kernel's map */
	KX_LIST_CRASH_REGIONS, /* START END: crashkernel= ranges */
	KX_LIST_CORE_PHDRS,    /* TYPE PADDR VADDR SIZE NAME */
	KX_LIST_MODULES,       /* PATH ARGS START SIZE */
	KX_LIST_INFO_MODULES,  /* START END ARGS, read back from the block */
	KX_LIST_INFO_MMAP,     /* START SIZE TYPE, read back from the block */
	KX_LIST_NOTES,	       /* CODE, and ADDR / START / SIZE / NAME */
	KX_LIST__MAX
};

/* Where a fact about the running machine came from. */
enum kx_source {
	KX_SOURCE_NONE = 0,
	KX_SOURCE_SYSFS_MEMMAP, /* /sys/firmware/memmap */
	KX_SOURCE_IOMEM,	/* /proc/iomem */
	KX_SOURCE_IOMEM_CRASH,	/* /proc/iomem, cut to the reservation */
	KX_SOURCE_BOOT_PARAMS,	/* the running kernel's boot_params */
	KX_SOURCE_EFI_ACPI20,	/* the EFI system table's ACPI 2.0 entry */
	KX_SOURCE_EFI_ACPI,	/* the EFI system table's ACPI 1.0 entry */
	KX_SOURCE_CMDLINE,	/* acpi_rsdp= on the command line */
	KX_SOURCE_KCORE,	/* /proc/kcore */
	KX_SOURCE_DEFAULT,	/* the architecture's default layout */
};

/* Why something was done otherwise than asked, or left out. */
enum kx_reason {
	KX_REASON_NONE = 0,
	KX_REASON_FILE_LOAD_NO_MULTIBOOT, /* kexec_file_load cannot parse it */
	KX_REASON_FILE_LOAD_NO_ELF,
	KX_REASON_NOT_EFI,		  /* the machine did not boot via EFI */
	KX_REASON_NO_XLF_EFI_KEXEC,	  /* the kernel cannot take EFI data */
	KX_REASON_NO_RUNNING_BOOT_PARAMS,
	KX_REASON_NO_EFI_MEMMAP,	  /* the running kernel got none */
	KX_REASON_EFI_NOT_64BIT,
	KX_REASON_EFI_MEMDESC_VERSION,
	KX_REASON_NO_EFI_RUNTIME_MAP,
	KX_REASON_DEVMEM_RESTRICTED,	  /* /dev/mem hides firmware memory
					     (iomem=relaxed lifts that) */
	KX_REASON_SHORT_READ,
	KX_REASON_RSDP_INVALID,		  /* signature or checksum */
	KX_REASON_RSDP_LENGTH,		  /* implausible length field */
	KX_REASON_RSDP_EXT_CHECKSUM,	  /* bad extended checksum */
	KX_REASON_ERRNO,		  /* a system error: KX_KEY_ERRNO */
};

/* Facts a plan states beside its fields (KX_LIST_NOTES items: CODE, and
 * the keys named here). */
enum kx_note {
	KX_NOTE_RSDP_NONE = 1,	 /* no RSDP named; the kernel searches */
	KX_NOTE_RSDP_PASSED,	 /* ADDR, SIZE bytes read through /dev/mem,
				    TYPE = enum kx_source */
	KX_NOTE_RSDP_UNREADABLE, /* ADDR; TYPE = enum kx_reason (and ERRNO) */
	KX_NOTE_FB_PASSED,	 /* the firmware's framebuffer (screen_info) */
	KX_NOTE_FB_NONE,	 /* a framebuffer was asked for, none is set */
	KX_NOTE_EFI_MMAP_NOT_PASSED, /* after boot only its runtime regions
					are known */
};

const char *kx_key_name(enum kx_key key);	/* "kernel_addr" */
const char *kx_list_name(enum kx_list list);	/* "segments" */
const char *kx_source_name(enum kx_source source);
const char *kx_reason_name(enum kx_reason reason);

int kx_plan_get_u64(const kx_plan *plan, enum kx_key key, uint64_t *value);
/* NULL when absent. */
const char *kx_plan_get_str(const kx_plan *plan, enum kx_key key);
size_t kx_plan_count(const kx_plan *plan, enum kx_list list);
int kx_plan_item_u64(const kx_plan *plan, enum kx_list list, size_t i,
		     enum kx_key key, uint64_t *value);
const char *kx_plan_item_str(const kx_plan *plan, enum kx_list list,
			     size_t i, enum kx_key key);

/* Unload the normal (flags 0) or crash (KX_LOAD_CRASH) image. */
int kx_unload(kx_ctx *ctx, enum kx_syscall_mode mode, unsigned flags);

/* ---- status and exec ------------------------------------------------- */

typedef struct kx_status kx_status;

int kx_status_read(kx_ctx *ctx, kx_status **out);
void kx_status_free(kx_status *st);
bool kx_status_loaded(const kx_status *st);	  /* kexec_loaded */
bool kx_status_crash_loaded(const kx_status *st); /* kexec_crash_loaded */
bool kx_status_crash_known(const kx_status *st);  /* that file exists */
uint64_t kx_status_crash_size(const kx_status *st); /* 0 if unknown */
/* "none", "integrity", "confidentiality", or "" when unknown. */
const char *kx_status_lockdown(const kx_status *st);

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

typedef struct kx_entry kx_entry;
typedef struct kx_entry_list kx_entry_list;

/* BLS/UKI: file name less suffix and boot counter; GRUB: --id (or title)
 * path joined with '>'; distro: the kernel's file name. */
const char *kx_entry_id(const kx_entry *e);
const char *kx_entry_title(const kx_entry *e);	 /* never NULL */
const char *kx_entry_version(const kx_entry *e); /* "" when unknown */
const char *kx_entry_machine_id(const kx_entry *e);
const char *kx_entry_sort_key(const kx_entry *e);
const char *kx_entry_architecture(const kx_entry *e);
/* Absolute path below the root: the kernel, or the UKI file. */
const char *kx_entry_kernel(const kx_entry *e);
size_t kx_entry_initrd_count(const kx_entry *e);
const char *kx_entry_initrd(const kx_entry *e, size_t i);
const char *kx_entry_options(const kx_entry *e); /* "" when none */
const char *kx_entry_devicetree(const kx_entry *e);
const char *kx_entry_file(const kx_entry *e); /* where it was read from */
enum kx_entry_source kx_entry_source(const kx_entry *e);
bool kx_entry_is_default(const kx_entry *e);
int kx_entry_tries_left(const kx_entry *e); /* -1 when not counting */
int kx_entry_tries_done(const kx_entry *e);

/* Sources for kx_entries_list(); 0 means all of them. */
#define KX_ENTRIES_BLS (1u << 0)
#define KX_ENTRIES_UKI (1u << 1)
#define KX_ENTRIES_GRUB (1u << 2)
#define KX_ENTRIES_DISTRO (1u << 3)

/* Every entry below the context's root, in boot-menu order: BLS and UKI
 * entries sorted as systemd-boot sorts them, then GRUB's menu entries in
 * file order, then distribution kernels (newest first) not already named
 * by another entry.  One entry is marked default: LoaderEntryOneShot,
 * then LoaderEntryDefault (EFI variables), then loader.conf's `default`,
 * then GRUB's default (saved_entry included), then the first entry, then
 * the kernel Debian's /vmlinuz names.  Unreadable or malformed files are
 * skipped, not fatal; an empty list is not an error. */
int kx_entries_list(kx_ctx *ctx, unsigned sources, kx_entry_list **out);
size_t kx_entries_count(const kx_entry_list *list);
const kx_entry *kx_entries_get(const kx_entry_list *list, size_t i);
void kx_entries_free(kx_entry_list *list);
const char *kx_entry_source_name(enum kx_entry_source source);

/* "default", "latest" (the newest version, by kx_version_compare), or an
 * id (exact, then ignoring case and a .conf/.efi suffix, then a title).
 * Fails with -ENOENT and a message listing what exists. */
int kx_entries_find(kx_ctx *ctx, const kx_entry_list *list, const char *which,
		    const kx_entry **out);

/* Version order of the UAPI Version Format Specification (systemd's
 * strverscmp_improved): <0, 0 or >0.  NULL and "" are the oldest. */
int kx_version_compare(const char *a, const char *b);

/* Files made for loading an entry: memfds for a UKI's sections and for
 * several initrds joined into one.  Keep it until kx_plan_create() has
 * returned; then free it (the plan holds its own descriptors). */
typedef struct kx_entry_files kx_entry_files;

/* Set REQ's kernel, initrd and cmdline for ENTRY; everything else in REQ
 * is left as it was.  The command line is the entry's options (a UKI's
 * .cmdline) followed by APPEND (may be NULL).  Several initrds, or a UKI's
 * sections, become sealed memfds passed as "/proc/self/fd/N" paths, so
 * nothing is written to disk; several initrds are joined microcode first,
 * each padded to 4 bytes. */
int kx_entry_prepare(kx_ctx *ctx, const kx_entry *entry, const char *append,
		     kx_request *req, kx_entry_files **files);
void kx_entry_files_free(kx_entry_files *files);

#ifdef __cplusplus
}
#endif
#endif
