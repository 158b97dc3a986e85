/* What a crash (kdump) load needs to know about the running kernel, and the
 * pure parsers that get it from the text of /proc/iomem, the CPUs'
 * crash_notes, vmcoreinfo and the head of /proc/kcore.  The snapshot
 * (sys/system.h) reads the files; boot/crash.h computes from the result. */
#ifndef KX_SYS_CRASHINFO_H
#define KX_SYS_CRASHINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/ranges.h"

/* x86_64's __START_KERNEL_map: the kernel image's own mapping. */
#define CRASH_START_KERNEL_MAP 0xffffffff80000000ull
/* kexec-tools' MAX_NOTE_BYTES: the size assumed when a kernel older than
 * 4.1 has no crash_notes_size. */
#define CRASH_NOTES_DEFAULT_SIZE 1024u

/* A note buffer in the running kernel's memory. */
struct elfcore_note {
	uint64_t addr; /* physical */
	uint64_t size;
};

struct crash_cpu {
	unsigned id;
	struct elfcore_note notes;
};

/* Where the crashed kernel maps memory: the kernel text mapping and the
 * direct map, both moved by KASLR, known only from /proc/kcore. */
struct crash_vaddrs {
	bool known;
	uint64_t text_paddr;
	uint64_t text_vaddr;
	uint64_t text_size;
	uint64_t page_offset;
};

struct crash_system {
	struct kx_ranges ram;	   /* System RAM, top level of /proc/iomem */
	struct kx_ranges firmware; /* ACPI tables, ACPI NVS and reserved
				      ranges, at any depth */
	struct kx_ranges crash;	   /* "Crash kernel", merged */
	uint64_t kernel_start;	   /* "Kernel code" to the end of the last
				      "Kernel ..." range; 0 when absent */
	uint64_t kernel_end;
	struct crash_cpu *cpus; /* by id */
	size_t n_cpus;
	struct elfcore_note vmcoreinfo;
	struct crash_vaddrs va;
};

void crash_system_init(struct crash_system *sys);
void crash_system_free(struct crash_system *sys);

/* The memory layout from the text of /proc/iomem (FILE names it in
 * messages) into SYS's ram, firmware, crash and kernel fields.  Fails with
 * -EPERM when the addresses are hidden (all zero). */
int crash_parse_iomem(kx_ctx *ctx, const char *file, const char *text,
		      size_t len, struct crash_system *sys);

/* /sys/kernel/vmcoreinfo: "0xADDRESS SIZE", both hexadecimal. */
int crash_parse_vmcoreinfo(kx_ctx *ctx, const char *file, const char *text,
			   struct elfcore_note *note);

/* A cpuN/crash_notes file ("%llx", no prefix) and crash_notes_size ("%zu";
 * NULL when the file is missing). */
int crash_parse_cpu_notes(kx_ctx *ctx, const char *file, const char *addr,
			  const char *size, struct elfcore_note *note);

/* The ELF header and program headers at the start of /proc/kcore: the
 * kernel text mapping is the PT_LOAD at or above __START_KERNEL_map with a
 * physical address, the direct map any other PT_LOAD with one.  -ENOENT,
 * with no message, when either is missing. */
int crash_parse_kcore(kx_ctx *ctx, const char *file, const void *buf,
		      size_t size, struct crash_vaddrs *va);

#endif
