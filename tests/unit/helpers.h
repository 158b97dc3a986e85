/* Shared test helpers: temporary fixture trees and a recording stand-in
 * for the kernel's kexec interface. */
#ifndef KX_TEST_HELPERS_H
#define KX_TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "libkexec.h"

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
};

void th_kernel_init(struct th_kernel *k, const char *root);
/* Route CTX's kexec_file_load, kexec_load and reboot to K, through the
 * public per-call setters. */
void th_kernel_attach(kx_ctx *ctx, struct th_kernel *k);

/* A minimal valid bzImage of SIZE bytes (>= 16 KiB) with boot protocol
 * PROTOCOL and the given xloadflags; the caller frees it. */
uint8_t *th_make_bzimage(size_t size, uint16_t protocol, uint16_t xloadflags);

#endif
