/* The running system as a crash load sees it (all below the context
 * root). */
#ifndef KX_BOOT_CRASH_SYS_H
#define KX_BOOT_CRASH_SYS_H

#include "boot/crash.h"

/* The "Crash kernel" ranges of /proc/iomem into CRASH.  Fails with
 * -EADDRNOTAVAIL, telling to boot with crashkernel=, when there are none. */
int crash_read_regions(kx_ctx *ctx, struct kx_ranges *crash);

/* Everything: /proc/iomem (a reservation is required), every
 * CPUN/crash_notes (at least one), /sys/kernel/vmcoreinfo (required) and
 * the virtual layout from /proc/kcore (optional: SYS->va.known says). */
int crash_read_system(kx_ctx *ctx, struct crash_system *sys);

#endif
