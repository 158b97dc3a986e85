/* Turning an entry into what kx_plan_create() reads: plain paths where
 * they do, memfds (as /proc/self/fd/N) for bytes that exist only in
 * memory. */
#ifndef KX_ENTRIES_PREPARE_H
#define KX_ENTRIES_PREPARE_H

#include <stdbool.h>
#include <stddef.h>

/* Whether an initrd at PATH whose first bytes are HEAD (N of them) is CPU
 * microcode, which the kernel only finds at the start of the initrd: by
 * name ("ucode", "microcode") or as an early cpio holding
 * kernel/x86/microcode. */
bool prepare_is_microcode(const char *path, const void *head, size_t n);

#endif
