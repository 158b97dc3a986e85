/* libFuzzer target: crash loads.  The first byte picks what the rest is:
 *
 *   0  ELF core headers: the decoder accepts only what the capture kernel
 *      can use (checked again here) or fails with a message;
 *   1  the head of /proc/kcore: the virtual layout, when found, is a real
 *      kernel text mapping;
 *   2  /proc/iomem: the memory to dump is System RAM above 1 MiB outside
 *      every reservation, the core headers built for it decode back to the
 *      same ranges, and the capture kernel's RAM is the first MiB's and the
 *      reservations' minus the headers. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/crash.h"
#include "boot/elfcore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool within(const struct kx_ranges *r, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < r->n; i++)
		if (start >= r->v[i].start && end <= r->v[i].end)
			return true;
	return false;
}

static bool touches(const struct kx_ranges *r, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < r->n; i++)
		if (start < r->v[i].end && r->v[i].start < end)
			return true;
	return false;
}

static void check_message(const kx_ctx *ctx, int rc)
{
	if (rc >= 0 || !kx_ctx_message(ctx)[0])
		abort();
}

static void fuzz_decode(kx_ctx *ctx, const uint8_t *data, size_t size)
{
	struct elfcore_phdr *ph;
	size_t n;
	int rc = elfcore_decode(ctx, data, size, &ph, &n);

	if (rc) {
		check_message(ctx, rc);
		return;
	}
	if (n == 0)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((ph[i].type != ELFCORE_PT_LOAD &&
		     ph[i].type != ELFCORE_PT_NOTE) ||
		    ph[i].offset != ph[i].paddr || ph[i].memsz == 0 ||
		    ph[i].paddr + ph[i].memsz < ph[i].paddr)
			abort();
	free(ph);
}

static void fuzz_kcore(kx_ctx *ctx, const uint8_t *data, size_t size)
{
	struct crash_vaddrs va;
	int rc = crash_parse_kcore(ctx, "kcore", data, size, &va);

	if (rc == -ENOENT)
		return;
	if (rc) {
		check_message(ctx, rc);
		return;
	}
	if (!va.known || va.text_vaddr < CRASH_START_KERNEL_MAP ||
	    va.text_size == 0)
		abort();
}

static void check_dump(const struct crash_system *sys,
		       const struct kx_ranges *dump)
{
	for (size_t i = 0; i < dump->n; i++) {
		const struct kx_range *r = &dump->v[i];

		if (r->start < CRASH_LOW_END || r->start >= r->end ||
		    !within(&sys->ram, r->start, r->end) ||
		    touches(&sys->crash, r->start, r->end))
			abort();
		if (i && dump->v[i - 1].end > r->start)
			abort();
	}
}

/* The headers for DUMP decode back to exactly its ranges. */
static void check_headers(kx_ctx *ctx, const struct kx_ranges *dump)
{
	struct elfcore_note note = {0x1000, 368};
	struct elfcore_input in = {
	    .cpu_notes = &note,
	    .n_cpu_notes = 1,
	    .vmcoreinfo = {0x2000, 0x1024},
	    .dump = dump,
	};
	struct elfcore_phdr *ph;
	size_t size = elfcore_size(&in), n;
	uint8_t *buf = malloc(size);
	int rc;

	if (!buf)
		abort();
	rc = elfcore_build(ctx, &in, buf, size);
	if (rc) {
		/* Only an empty dump or too many ranges are refused. */
		if (dump->n && dump->n + 2 <= ELFCORE_PHDRS_MAX)
			abort();
		free(buf);
		return;
	}
	if (elfcore_decode(ctx, buf, size, &ph, &n) || n != dump->n + 2)
		abort();
	for (size_t i = 0; i < dump->n; i++)
		if (ph[i + 2].paddr != dump->v[i].start ||
		    ph[i + 2].paddr + ph[i + 2].memsz != dump->v[i].end)
			abort();
	free(ph);
	free(buf);
}

/* RAM for the capture kernel: inside the first MiB or a reservation,
 * never over the core headers. */
static void check_capture_ram(kx_ctx *ctx, const struct crash_system *sys,
			      const struct kx_ranges *e820, uint64_t hdr)
{
	struct kx_ranges ram;

	ranges_init(&ram);
	if (ranges_copy(ctx, &ram, e820))
		abort();
	ranges_filter(&ram, KX_RANGE_RAM);
	if (touches(&ram, hdr, hdr + 4096))
		abort();
	if (ranges_subtract(ctx, &ram, 0, CRASH_LOW_END))
		abort();
	for (size_t i = 0; i < sys->crash.n; i++)
		if (ranges_subtract(ctx, &ram, sys->crash.v[i].start,
				    sys->crash.v[i].end))
			abort();
	if (ram.n)
		abort();
	ranges_free(&ram);
}

static void check_e820(kx_ctx *ctx, const struct crash_system *sys)
{
	struct kx_range res;
	struct kx_ranges e820;

	if (crash_main_region(ctx, &sys->crash, &res))
		return;
	ranges_init(&e820);
	if (crash_e820(ctx, sys, res.start, res.start + 4096, &e820))
		abort();
	for (size_t i = 1; i < e820.n; i++)
		if (e820.v[i - 1].end > e820.v[i].start)
			abort();
	check_capture_ram(ctx, sys, &e820, res.start);
	ranges_free(&e820);
}

static void fuzz_iomem(kx_ctx *ctx, const uint8_t *data, size_t size)
{
	struct crash_system sys;
	struct kx_ranges dump;
	int rc;

	crash_system_init(&sys);
	ranges_init(&dump);
	rc = crash_parse_iomem(ctx, "iomem", (const char *)data, size, &sys);
	if (rc) {
		check_message(ctx, rc);
	} else if (crash_dump_ranges(ctx, &sys, &dump) == 0) {
		check_dump(&sys, &dump);
		check_headers(ctx, &dump);
		check_e820(ctx, &sys);
	}
	ranges_free(&dump);
	crash_system_free(&sys);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kx_ctx *ctx;

	if (size < 1)
		return 0;
	ctx = kx_ctx_new();
	if (!ctx)
		return 0;
	switch (data[0] % 3) {
	case 0:
		fuzz_decode(ctx, data + 1, size - 1);
		break;
	case 1:
		fuzz_kcore(ctx, data + 1, size - 1);
		break;
	default:
		fuzz_iomem(ctx, data + 1, size - 1);
		break;
	}
	kx_ctx_free(ctx);
	return 0;
}
