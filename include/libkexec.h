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

#define KX_LOAD_CRASH (1u << 0)

struct kx_load_request {
	const char *kernel;	/* path of the kernel image */
	const char *initrd;	/* path or NULL */
	const char *cmdline;	/* final command line or NULL for none */
	const char *type;	/* --type, or NULL to probe */
	enum kx_syscall_mode syscall;
	unsigned flags;		/* KX_LOAD_* */
};

/* A file as the plan holds it: the bytes the kernel will see. */
struct kx_file_info {
	const char *path;
	enum kx_compression compression;
	uint64_t file_size; /* on disk */
	uint64_t size;	    /* after decompression (equal when none) */
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

#ifdef __cplusplus
}
#endif
#endif
