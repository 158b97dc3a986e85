#include "boot/crash.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys/iomem.h"
#include "sys/memmap.h"
#include "core/text.h"

/* ---- layout ----------------------------------------------------------- */

int crash_main_region(kx_ctx *ctx, const struct kx_ranges *crash,
		      struct kx_range *out)
{
	size_t i, best = 0;

	if (crash->n == 0)
		return kx_fail(ctx, -EADDRNOTAVAIL,
			       "no memory is reserved for a crash kernel (no "
			       "\"Crash kernel\" in /proc/iomem): boot the "
			       "running kernel with crashkernel=SIZE, e.g. "
			       "crashkernel=256M");
	for (i = 1; i < crash->n; i++)
		if (crash->v[i].start > crash->v[best].start)
			best = i;
	*out = crash->v[best];
	out->type = KX_RANGE_RAM;
	return 0;
}

int crash_dump_ranges(kx_ctx *ctx, const struct crash_system *sys,
		      struct kx_ranges *out)
{
	size_t i;
	int rc = ranges_copy(ctx, out, &sys->ram);

	if (!rc)
		rc = ranges_subtract(ctx, out, 0, CRASH_LOW_END);
	for (i = 0; !rc && i < sys->crash.n; i++)
		rc = ranges_subtract(ctx, out, sys->crash.v[i].start,
				     sys->crash.v[i].end);
	return rc;
}

void crash_elfcore_input(const struct crash_system *sys,
			 const struct kx_ranges *dump,
			 struct elfcore_note *notes, struct elfcore_input *in)
{
	size_t i;

	memset(in, 0, sizeof(*in));
	for (i = 0; i < sys->n_cpus; i++)
		notes[i] = sys->cpus[i].notes;
	in->cpu_notes = notes;
	in->n_cpu_notes = sys->n_cpus;
	in->vmcoreinfo = sys->vmcoreinfo;
	in->dump = dump;
	/* Unknown virtual addresses stay 0, which makedumpfile reads as "not
	 * a kernel address" and replaces with its defaults; a guess would
	 * mislead it under KASLR. */
	if (sys->va.known) {
		in->has_text = true;
		in->text_paddr = sys->va.text_paddr;
		in->text_vaddr = sys->va.text_vaddr;
		in->text_size = sys->va.text_size;
		in->has_page_offset = true;
		in->page_offset = sys->va.page_offset;
	}
}

static int add_low_ram(kx_ctx *ctx, const struct crash_system *sys,
		       struct kx_ranges *out)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sys->ram.n && !rc; i++)
		if (sys->ram.v[i].start < CRASH_LOW_END)
			rc = ranges_add(ctx, out, sys->ram.v[i].start,
					sys->ram.v[i].end < CRASH_LOW_END
					    ? sys->ram.v[i].end
					    : CRASH_LOW_END,
					KX_RANGE_RAM);
	return rc;
}

static int add_reservations(kx_ctx *ctx, const struct crash_system *sys,
			    uint64_t hdr_start, uint64_t hdr_end,
			    struct kx_ranges *out)
{
	struct kx_ranges ram;
	size_t i;
	int rc;

	ranges_init(&ram);
	rc = ranges_copy(ctx, &ram, &sys->crash);
	for (i = 0; !rc && i < ram.n; i++)
		ram.v[i].type = KX_RANGE_RAM;
	if (!rc && hdr_end > hdr_start)
		rc = ranges_subtract(ctx, &ram, hdr_start, hdr_end);
	for (i = 0; !rc && i < ram.n; i++)
		rc = ranges_add(ctx, out, ram.v[i].start, ram.v[i].end,
				KX_RANGE_RAM);
	ranges_free(&ram);
	return rc;
}

int crash_e820(kx_ctx *ctx, const struct crash_system *sys, uint64_t hdr_start,
	       uint64_t hdr_end, struct kx_ranges *out)
{
	size_t i;
	int rc;

	ranges_clear(out);
	rc = add_low_ram(ctx, sys, out);
	for (i = 0; !rc && i < sys->firmware.n; i++)
		rc =
		    ranges_add(ctx, out, sys->firmware.v[i].start,
			       sys->firmware.v[i].end, sys->firmware.v[i].type);
	if (!rc)
		rc = add_reservations(ctx, sys, hdr_start, hdr_end, out);
	/* A reserved range inside the reservation (never seen, but iomem is
	 * a tree) wins over RAM, as in the kernel's e820 sanitizer. */
	if (!rc)
		rc = ranges_normalize(ctx, out);
	/* Nothing may claim the headers, even a reservation that reaches
	 * into the first MiB. */
	if (!rc && hdr_end > hdr_start)
		rc = ranges_subtract(ctx, out, hdr_start, hdr_end);
	return rc;
}

int crash_cmdline(kx_ctx *ctx, const char *base, uint64_t hdr_addr,
		  uint64_t rsdp, char **out)
{
	char extra[80];
	int n;

	if (rsdp)
		snprintf(extra, sizeof(extra),
			 "elfcorehdr=0x%" PRIx64 " acpi_rsdp=0x%" PRIx64,
			 hdr_addr, rsdp);
	else
		snprintf(extra, sizeof(extra), "elfcorehdr=0x%" PRIx64,
			 hdr_addr);
	n = base && base[0] ? asprintf(out, "%s %s", base, extra)
			    : asprintf(out, "%s", extra);
	if (n < 0) {
		*out = NULL;
		return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}
