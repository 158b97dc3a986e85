/* Multiboot 1 kernels (Fiwix, older Xen, hobby kernels): the header in the
 * first 8 KiB, an ELF image or the a.out kludge's addresses, entered in
 * 32-bit protected mode with EAX = 0x2BADB002 and EBX = the information
 * block.  The layout after parsing is shared (mb_*.c). */
#include "load/mb.h"

#include "core/bytes.h"

/* A magic anywhere a header may be, valid checksum or not, so that the
 * parser can say what is wrong with it. */
bool mb_magic_in_window(const uint8_t *d, size_t size, uint32_t magic,
			size_t window, size_t align)
{
	size_t limit = size < window ? size : window, o;

	for (o = 0; o + 4 <= limit; o += align)
		if (get_le32(d + o) == magic)
			return true;
	return false;
}

static bool mb1_probe(const uint8_t *data, size_t size)
{
	return multiboot1_probe(data, size) ||
	       mb_magic_in_window(data, size, MB1_HEADER_MAGIC, MB1_SEARCH,
				  MB1_HEADER_ALIGN);
}

static int mb1_parse(kx_ctx *ctx, const struct load_input *in, void **state)
{
	const char *name = in->kernel_path;
	struct mb_state *mb;
	int rc = mb_state_new(ctx, KX_IMAGE_MULTIBOOT1, state);

	if (rc)
		return rc;
	mb = *state;
	rc = multiboot1_find(ctx, name, in->kernel, in->kernel_size, &mb->h1);
	if (rc)
		return rc;
	if (mb->h1.has_aout)
		rc = mb_image_from_aout(ctx, mb, &mb->h1.aout,
					mb->h1.entry_addr);
	else
		rc = elf_parse(ctx, name, in->kernel, in->kernel_size,
			       &mb->img);
	if (rc)
		return rc;
	mb->entry32 = true;
	mb->magic = MB1_BOOTLOADER_MAGIC;
	return elf_check_below_4g(ctx, name, &mb->img);
}

const struct loader loader_multiboot1 = {
	.type = KX_IMAGE_MULTIBOOT1,
	.no_file_load = KX_REASON_FILE_LOAD_NO_MULTIBOOT,
	.probe = mb1_probe,
	.parse = mb1_parse,
	.check = mb_check,
	.describe = mb_describe,
	.build = mb_build,
	.free = mb_state_free,
};
