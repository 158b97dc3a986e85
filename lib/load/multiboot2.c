/* Multiboot 2 kernels (Xen, GRUB-era hobby kernels): 8-byte aligned header
 * tags in the first 32 KiB, an ELF image or the address tag's layout,
 * possibly relocatable, entered in 32-bit protected mode with EAX =
 * 0x36d76289 and EBX = the information block.  The layout after parsing
 * is shared (mb_*.c). */
#include "load/mb.h"

static bool mb2_probe(const uint8_t *data, size_t size)
{
	/* A valid Multiboot 1 header wins over a broken Multiboot 2 one. */
	return multiboot2_probe(data, size) ||
	       (!multiboot1_probe(data, size) &&
		mb_magic_in_window(data, size, MB2_HEADER_MAGIC, MB2_SEARCH,
				   MB2_HEADER_ALIGN));
}

/* The entry address tag wins over the ELF header (it is physical). */
static int mb2_parse(kx_ctx *ctx, const struct load_input *in, void **state)
{
	const char *name = in->kernel_path;
	const struct mb2_header *h;
	struct mb_state *mb;
	int rc = mb_state_new(ctx, KX_IMAGE_MULTIBOOT2, state);

	if (rc)
		return rc;
	mb = *state;
	h = &mb->h2;
	rc = multiboot2_find(ctx, name, in->kernel, in->kernel_size, &mb->h2);
	if (rc)
		return rc;
	if (h->has_aout)
		rc = mb_image_from_aout(ctx, mb, &h->aout, h->entry_addr);
	else
		rc = elf_parse(ctx, name, in->kernel, in->kernel_size,
			       &mb->img);
	if (rc)
		return rc;
	if (h->has_entry)
		mb->img.entry = h->entry_addr;
	mb->entry32 = true;
	mb->magic = MB2_BOOTLOADER_MAGIC;
	/* A relocatable image is checked where it is placed. */
	return h->relocatable ? 0 : elf_check_below_4g(ctx, name, &mb->img);
}

const struct loader loader_multiboot2 = {
	.type = KX_IMAGE_MULTIBOOT2,
	.no_file_load = KX_REASON_FILE_LOAD_NO_MULTIBOOT,
	.probe = mb2_probe,
	.parse = mb2_parse,
	.check = mb_check,
	.describe = mb_describe,
	.build = mb_build,
	.free = mb_state_free,
};
