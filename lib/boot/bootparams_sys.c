/* compat: removed when the loaders take the snapshot.  The boot_params
 * builder's old readers of the running system, each over a snapshot
 * (sys/system.h) taken for the one call. */
#include "boot/bootparams.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot/zeropage.h"

static_assert(BOOTPARAMS_PAGE_SIZE == SYSTEM_BOOT_PARAMS_SIZE,
	      "one boot_params page");

void bootparams_efi_free(struct sys_efi *efi)
{
	sys_efi_free(efi);
}

int bootparams_read_running(kx_ctx *ctx, uint8_t buf[BOOTPARAMS_PAGE_SIZE])
{
	const uint8_t *page;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	if (!rc)
		rc = system_boot_params(sys, &page);
	if (!rc)
		memcpy(buf, page, BOOTPARAMS_PAGE_SIZE);
	system_free(sys);
	return rc;
}

static int copy_efi(kx_ctx *ctx, const struct sys_efi *from, struct sys_efi *to)
{
	*to = *from;
	to->map = NULL;
	if (!from->map_n)
		return 0;
	to->map = malloc(from->map_n * sizeof(*to->map));
	if (!to->map)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	memcpy(to->map, from->map, from->map_n * sizeof(*to->map));
	return 0;
}

int bootparams_read_efi(kx_ctx *ctx, struct sys_efi *efi)
{
	const struct sys_efi *got;
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	memset(efi, 0, sizeof(*efi));
	if (!rc)
		rc = system_efi(sys, &got);
	if (!rc)
		rc = copy_efi(ctx, got, efi);
	system_free(sys);
	return rc;
}

int bootparams_find_rsdp(kx_ctx *ctx, const uint8_t *running, uint64_t *rsdp,
			 enum sys_rsdp_source *source)
{
	struct kx_system *sys;
	int rc;

	*rsdp = running ? zp_get64(running, ZP_OFF(acpi_rsdp_addr)) : 0;
	*source = SYS_RSDP_BOOT_PARAMS;
	if (*rsdp)
		return 0;
	rc = system_new(ctx, &sys);
	if (!rc)
		rc = system_rsdp(sys, rsdp, source);
	system_free(sys);
	return rc;
}

int bootparams_random_seed(kx_ctx *ctx, uint8_t seed[BOOTPARAMS_RNG_SEED_SIZE])
{
	struct kx_system *sys;
	int rc = system_new(ctx, &sys);

	if (!rc)
		rc = system_random_seed(sys, seed, BOOTPARAMS_RNG_SEED_SIZE);
	system_free(sys);
	return rc;
}
