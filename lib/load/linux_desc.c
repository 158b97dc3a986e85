#include "load/linux.h"

#include <string.h>

#include "format/bzimage.h"

int linux_describe_header(kx_ctx *ctx, const struct kx_bzimage_info *bz,
			  struct desc *d)
{
	const struct desc_field f[] = {
	    {KX_KEY_BOOT_PROTOCOL, bz->protocol, NULL},
	    {KX_KEY_SETUP_SECTS, bz->setup_sects, NULL},
	    {KX_KEY_LOADFLAGS, bz->loadflags, NULL},
	    {KX_KEY_XLOADFLAGS, bz->xloadflags, NULL},
	    {KX_KEY_RELOCATABLE, bz->relocatable, NULL},
	    {KX_KEY_KERNEL_ALIGNMENT, bz->kernel_alignment, NULL},
	    {KX_KEY_CMDLINE_MAX, bz->cmdline_size, NULL},
	    {KX_KEY_INIT_SIZE, bz->init_size, NULL},
	    {KX_KEY_PREF_ADDRESS, bz->pref_address, NULL},
	    {KX_KEY_PAYLOAD_OFFSET, bz->payload_offset, NULL},
	    {KX_KEY_PAYLOAD_SIZE, bz->payload_size, NULL},
	    {KX_KEY_HANDOVER_OFFSET, bz->handover_offset, NULL},
	};
	int rc = desc_set_fields(ctx, d, f, DESC_N(f));

	if (!rc && bz->version[0])
		rc = desc_set_str(ctx, d, KX_KEY_KERNEL_VERSION, bz->version);
	return rc;
}

static int describe_e820(kx_ctx *ctx, const struct kx_ranges *e820,
			 struct desc *d)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < e820->n; i++) {
		const struct desc_field f[] = {
		    {KX_KEY_START, e820->v[i].start, NULL},
		    {KX_KEY_END, e820->v[i].end, NULL},
		    {KX_KEY_TYPE, e820->v[i].type, NULL},
		};

		rc = desc_item_add_fields(ctx, d, KX_LIST_E820, f, DESC_N(f));
	}
	return rc;
}

static int describe_summary(kx_ctx *ctx, const struct linux_built *b,
			    const struct bootparams_summary *sum,
			    struct desc *d)
{
	const struct desc_field f[] = {
	    {KX_KEY_KERNEL_ADDR, b->kernel_addr, NULL},
	    {KX_KEY_KERNEL_ENTRY, b->kernel_addr + KX_BZ_ENTRY64_OFFSET, NULL},
	    {KX_KEY_BOOT_PARAMS_ADDR, b->params_addr, NULL},
	    {KX_KEY_CMDLINE_ADDR, sum->cmdline_addr, NULL},
	    {KX_KEY_ACPI_RSDP, sum->acpi_rsdp, NULL},
	    {KX_KEY_RSDP_SOURCE, sys_rsdp_kx_source(b->rsdp_source), NULL},
	    {KX_KEY_MEMMAP_SOURCE, b->crash ? KX_SOURCE_IOMEM_CRASH
			       : b->map_source == MEMMAP_FROM_SYSFS
				   ? KX_SOURCE_SYSFS_MEMMAP
				   : KX_SOURCE_IOMEM, NULL},
	    {KX_KEY_SETUP_DATA_COUNT, sum->setup_data_n, NULL},
	    {KX_KEY_EFI, sum->efi, NULL},
	    {KX_KEY_EFI_SYSTAB, sum->efi_systab, NULL},
	    {KX_KEY_RNG_SEED, sum->rng_seed, NULL},
	};
	int rc = desc_set_fields(ctx, d, f, DESC_N(f));

	if (!rc && sum->initrd_size)
		rc = desc_set_u64(ctx, d, KX_KEY_INITRD_ADDR, sum->initrd_addr);
	if (!rc && b->efi_reason)
		rc = desc_set_u64(ctx, d, KX_KEY_EFI_REASON, b->efi_reason);
	return rc;
}

/* A crash kernel's command line through kexec_load is ours (with
 * elfcorehdr=): the plan's own when kexec_load is all it will use, else
 * beside it, since kexec_file_load, tried first, passes the request's. */
static int describe_crash(kx_ctx *ctx, enum kx_syscall_mode mode,
			  struct crash_load *cl, struct desc *d)
{
	const struct desc_field f[] = {
	    {KX_KEY_CMDLINE, 0, cl->cmdline},
	    {KX_KEY_CMDLINE_LEN, strlen(cl->cmdline) + 1, NULL},
	};
	int rc = mode == KX_SYSCALL_CLASSIC
		     ? desc_set_fields(ctx, d, f, DESC_N(f))
		     : desc_set_str(ctx, d, KX_KEY_CLASSIC_CMDLINE,
				    cl->cmdline);

	if (!rc)
		rc = crash_load_describe(ctx, cl, d);
	return rc;
}

int linux_describe_boot(kx_ctx *ctx, const struct linux_built *b,
			struct desc *d)
{
	struct bootparams_summary sum;
	struct kx_ranges e820;
	int rc;

	ranges_init(&e820);
	rc = bootparams_decode(ctx, b->params, b->params_size, b->params_addr,
			       &sum, &e820);
	if (!rc)
		rc = describe_e820(ctx, &e820, d);
	ranges_free(&e820);
	if (!rc)
		rc = describe_summary(ctx, b, &sum, d);
	if (!rc && b->crash)
		rc = describe_crash(ctx, b->syscall, b->crash, d);
	return rc;
}
