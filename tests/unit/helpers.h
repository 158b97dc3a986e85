/* Shared test helpers: temporary fixture trees and a recording stand-in
 * for the kernel's kexec interface. */
#ifndef KX_TEST_HELPERS_H
#define KX_TEST_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libkexec.h"
#include "core/ranges.h"
#include "sys/memmap.h"

/* A fresh temporary directory; the caller frees the string and removes
 * the tree with th_rmtree(). */
char *th_mkdtemp(void);
/* Write DATA (LEN bytes, or strlen when LEN is (size_t)-1) to ROOT/PATH,
 * creating directories. */
void th_write(const char *root, const char *path, const void *data,
	      size_t len);
char *th_path(const char *root, const char *path);
/* Copy the fixture tree SRC below ROOT/REL (REL "" for ROOT itself). */
void th_copy_tree(const char *src, const char *root, const char *rel);
void th_rmtree(const char *root);

#define TH_SEGS_MAX 16

/* A fake kernel: records calls and answers with the configured result.
 * It also keeps /sys/kernel/kexec_loaded of a fixture root in step, so code
 * that reads the status sees what a real kernel would show. */
struct th_kernel {
	const char *root; /* fixture root to keep in step, may be NULL */
	long file_result; /* what kexec_file_load returns */
	long load_result; /* what kexec_load returns */
	long reboot_result;
	int file_calls, load_calls, reboot_calls;
	unsigned long last_flags;
	unsigned long last_cmdline_len;
	char last_cmdline[4096];
	int last_kernel_fd, last_initrd_fd;
	size_t last_nr_segments;
	uint64_t last_entry;
	int loaded, crash_loaded;
	/* The last kexec_load's segments, the first TH_SEGS_MAX of them;
	 * their buffers belong to the plan that was loaded. */
	struct kx_segment segs[TH_SEGS_MAX];
};

/* kexec_load's architecture flag for x86_64 (KEXEC_ARCH_X86_64 of the
 * kernel's uapi), written out here so that a wrong value in the library
 * cannot make its own tests pass. */
#define TH_KEXEC_ARCH_X86_64 (62UL << 16)

void th_kernel_init(struct th_kernel *k, const char *root);
/* Route CTX's kexec_file_load, kexec_load and reboot to K, through the
 * public per-call setters. */
void th_kernel_attach(kx_ctx *ctx, struct th_kernel *k);

/* Skips, counted.  cmocka 1.1.5 reports a skipped case as "not ok # SKIP"
 * in TAP, which meson reads as a failure, and leaves it out of its return
 * value, which would hide it: so the programs use meson's exit-code
 * protocol instead.  A program whose cases may skip ends main() with
 *	return th_exit(cmocka_run_group_tests(tests, NULL, NULL));
 * which exits 1 when a case failed, else 77 (meson: SKIP) when a case was
 * skipped, else 0.  The reasons go to stderr as "SKIP: ..." lines. */

/* Skip the current case (does not return). */
void th_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Something the case needs is missing: a failure when CI=true (CI must
 * run everything), a skip elsewhere (does not return). */
void th_missing(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int th_exit(int failed);

/* Test data from outside the tree, fetched into the test cache
 * (LIBKEXEC_VM_CACHE, default tests/vm/cache) on first use by the
 * repository's fetch scripts, one fetch at a time.  Returns the path (the
 * caller frees it); when it cannot be had, th_missing(). */
enum th_fixture {
	TH_FIXTURE_KERNEL,   /* Debian's vmlinuz (tests/vm/fetch-kernel);
				LIBKEXEC_TEST_KERNEL overrides */
	TH_FIXTURE_UKI_STUB, /* systemd-boot's linuxx64.efi.stub
				(fetch-uki-stub); LIBKEXEC_UKI_STUB overrides */
};
char *th_fixture(enum th_fixture which);

/* A minimal valid bzImage of SIZE bytes (>= 16 KiB) with boot protocol
 * PROTOCOL and the given xloadflags; the caller frees it. */
uint8_t *th_make_bzimage(size_t size, uint16_t protocol, uint16_t xloadflags);

/* ---- requests and plans ------------------------------------------------ */

/* A request for KERNEL with INITRD and CMDLINE (each left unset when NULL),
 * MODE and FLAGS; fails the test when a setter refuses. */
kx_request *th_request(kx_ctx *ctx, const char *kernel, const char *initrd,
		       const char *cmdline, enum kx_syscall_mode mode,
		       unsigned flags);

/* A plan's fields; the getters fail the test when the key is absent, so a
 * key that should be there cannot pass as 0. */
bool th_has(const kx_plan *plan, enum kx_key key);
uint64_t th_u64(const kx_plan *plan, enum kx_key key);
const char *th_str(const kx_plan *plan, enum kx_key key);
uint64_t th_item_u64(const kx_plan *plan, enum kx_list list, size_t i,
		     enum kx_key key);
const char *th_item_str(const kx_plan *plan, enum kx_list list, size_t i,
			enum kx_key key);
/* The plan holds a kexec_load layout (KX_KEY_CLASSIC present and 1). */
bool th_classic(const kx_plan *plan);

#define TH_NONE ((size_t)-1)
/* The index of the segment named NAME exactly, or TH_NONE. */
size_t th_segment(const kx_plan *plan, const char *name);
/* The index of the first segment whose name contains PART (merged pieces
 * are named "a+b"), or TH_NONE. */
size_t th_segment_with(const kx_plan *plan, const char *part);
/* The index of the segment whose memory holds ADDR, or TH_NONE. */
size_t th_segment_at(const kx_plan *plan, uint64_t addr);

/* The memory map of a snapshot of CTX's root, copied into MAP (cleared
 * first); SOURCE may be NULL.  What a loader gets from system_memmap(). */
int th_memmap(kx_ctx *ctx, struct kx_ranges *map, enum memmap_source *source);

#endif
