/* compat: removed when the loaders take the snapshot.  Readers of the
 * running system by their old names, each over a snapshot taken for the
 * one call. */
#include "sys/system.h"

#include <errno.h>

int memmap_read(kx_ctx *ctx, struct kx_ranges *map, enum memmap_source *source)
{
	const struct kx_ranges *m;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	if (rc)
		return rc;
	ranges_clear(map);
	rc = system_memmap(sys, &m, source);
	if (!rc)
		rc = ranges_copy(ctx, map, m);
	system_free(sys);
	return rc;
}
