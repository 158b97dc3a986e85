/* Crash (kdump) loads through kexec_load: what the capture kernel needs
 * from the running system and what is computed from it, following what the
 * kernel's own kexec_file_load does on x86 (arch/x86/kernel/crash.c, 6.1):
 *
 * - every piece is loaded inside the "Crash kernel" reservation (the main
 *   one: the kernel refuses segments outside crashk_res);
 * - the core headers describe every System RAM range except the first MiB
 *   and the reservations, plus one PT_NOTE per CPU and the vmcoreinfo note;
 * - the capture kernel's e820 holds the System RAM of the first MiB, the
 *   ACPI tables, ACPI NVS and reserved ranges, and the reservations minus
 *   the core headers, and nothing else;
 * - its command line gets elfcorehdr=ADDRESS.
 *
 * The first MiB: the capture kernel needs memory below 1 MiB (its real-mode
 * trampoline), and kernels since 5.13 reserve all of it for themselves, so
 * the crashed kernel kept nothing there worth dumping.  It is given to the
 * capture kernel as RAM and left out of the dump, as the kernel's own loader
 * does.  (kexec-tools instead copies the first 640 KiB to a backup region
 * in the reservation at panic time, for older kernels.)
 *
 * Pure functions here over the facts of sys/crashinfo.h, which the
 * snapshot (sys/system.h) reads; crash_load.c ties them together for the
 * kexec_load path. */
#ifndef KX_BOOT_CRASH_H
#define KX_BOOT_CRASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/elfcore.h"
#include "core/ctx.h"
#include "core/ranges.h"
#include "sys/crashinfo.h"

#define CRASH_LOW_END 0x100000ull /* the first MiB */
/* x86_64's __START_KERNEL_map: the kernel image's own mapping. */
/* The reservation every piece goes into: the highest "Crash kernel" range
 * (with crashkernel=X,high and ,low the high one is crashk_res).  Fails
 * with -EADDRNOTAVAIL, telling to boot with crashkernel=, when there is
 * none. */
int crash_main_region(kx_ctx *ctx, const struct kx_ranges *crash,
		      struct kx_range *out);

/* The memory to dump: System RAM minus the first MiB and every
 * reservation. */
int crash_dump_ranges(kx_ctx *ctx, const struct crash_system *sys,
		      struct kx_ranges *out);

/* The core headers' input for SYS and DUMP; NOTES must hold SYS->n_cpus
 * entries. */
void crash_elfcore_input(const struct crash_system *sys,
			 const struct kx_ranges *dump,
			 struct elfcore_note *notes, struct elfcore_input *in);

/* The capture kernel's e820 with the core headers at [HDR_START, HDR_END)
 * taken out of the reservation. */
int crash_e820(kx_ctx *ctx, const struct crash_system *sys, uint64_t hdr_start,
	       uint64_t hdr_end, struct kx_ranges *out);

/* BASE (may be NULL), then "elfcorehdr=0xADDR" and, when RSDP is not 0,
 * "acpi_rsdp=0xRSDP", for a capture kernel that gets no EFI data to find
 * the ACPI tables with.  Returns a malloc'd string. */
int crash_cmdline(kx_ctx *ctx, const char *base, uint64_t hdr_addr,
		  uint64_t rsdp, char **out);

#endif
