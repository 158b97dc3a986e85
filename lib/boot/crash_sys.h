/* compat: removed when the loaders take the snapshot.  The running system
 * as a crash load sees it, over a snapshot (sys/system.h) taken for the
 * one call. */
#ifndef KX_BOOT_CRASH_SYS_H
#define KX_BOOT_CRASH_SYS_H

#include "boot/crash.h"
#include "sys/system.h"

/* system_crash_regions(), then crash_main_region(): fails with
 * -EADDRNOTAVAIL, telling to boot with crashkernel=, when there are
 * none. */
int crash_read_regions(kx_ctx *ctx, struct kx_ranges *crash);

/* system_crash() copied into SYS, then crash_main_region(). */
int crash_read_system(kx_ctx *ctx, struct crash_system *sys);

/* A deep copy (TO is freed first; initialized by crash_system_init). */
int crash_system_copy(kx_ctx *ctx, const struct crash_system *from,
		      struct crash_system *to);

#endif
