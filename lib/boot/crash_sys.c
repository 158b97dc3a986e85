/* compat: removed when the loaders take the snapshot.  A crash load's old
 * readers of the running system, over a snapshot (sys/system.h) taken for
 * the one call. */
#include "boot/crash_sys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int crash_read_regions(kx_ctx *ctx, struct kx_ranges *crash)
{
	const struct kx_ranges *got;
	struct kx_range reservation;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	ranges_clear(crash);
	if (!rc)
		rc = system_crash_regions(sys, &got);
	if (!rc)
		rc = ranges_copy(ctx, crash, got);
	system_free(sys);
	return rc ? rc : crash_main_region(ctx, crash, &reservation);
}

int crash_system_copy(kx_ctx *ctx, const struct crash_system *from,
		      struct crash_system *to)
{
	int rc;

	crash_system_free(to);
	rc = ranges_copy(ctx, &to->ram, &from->ram);
	if (!rc)
		rc = ranges_copy(ctx, &to->firmware, &from->firmware);
	if (!rc)
		rc = ranges_copy(ctx, &to->crash, &from->crash);
	if (!rc && from->n_cpus) {
		to->cpus = malloc(from->n_cpus * sizeof(*to->cpus));
		if (!to->cpus)
			rc = kx_fail(ctx, -ENOMEM, "out of memory");
		else
			memcpy(to->cpus, from->cpus,
			       from->n_cpus * sizeof(*to->cpus));
	}
	if (rc) {
		crash_system_free(to);
		return rc;
	}
	to->n_cpus = from->n_cpus;
	to->kernel_start = from->kernel_start;
	to->kernel_end = from->kernel_end;
	to->vmcoreinfo = from->vmcoreinfo;
	to->va = from->va;
	return 0;
}

int crash_read_system(kx_ctx *ctx, struct crash_system *out)
{
	const struct crash_system *got;
	const struct kx_ranges *regions;
	struct kx_range reservation;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	/* The reservation first: without crashkernel= that is the one thing
	 * to say, whatever else is missing. */
	if (!rc)
		rc = system_crash_regions(sys, &regions);
	if (!rc)
		rc = crash_main_region(ctx, regions, &reservation);
	if (!rc)
		rc = system_crash(sys, &got);
	if (!rc)
		rc = crash_system_copy(ctx, got, out);
	system_free(sys);
	return rc;
}
