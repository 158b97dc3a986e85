/* The fields of a Multiboot or plain ELF plan: the image, where it went,
 * the modules, what was left out and why (as codes), and the information
 * block read back from the built bytes, so the dry run shows what the
 * kernel will see. */
#include "load/mb.h"

#include <string.h>


static unsigned mb_version(const struct mb_state *mb)
{
	return mb->type == KX_IMAGE_MULTIBOOT1	 ? 1
	       : mb->type == KX_IMAGE_MULTIBOOT2 ? 2
						 : 0;
}

int mb_describe(kx_ctx *ctx, const struct load_input *in, void *state,
		struct desc *d)
{
	struct mb_state *mb = state;
	const struct desc_field f[] = {
	    {KX_KEY_MB_VERSION, mb_version(mb), NULL},
	    {KX_KEY_ELF_CLASS, mb->aout ? 0 : mb->img.elf_class, NULL},
	    {KX_KEY_ENTRY32, mb->entry32, NULL},
	};

	(void)in;
	return desc_set_fields(ctx, d, f, DESC_N(f));
}

static int describe_module(kx_ctx *ctx, const struct mb_module *m,
			   struct desc *d)
{
	const struct desc_field f[] = {
	    {KX_KEY_PATH, 0, m->path},
	    {KX_KEY_ARGS, 0, m->spec},
	    {KX_KEY_START, m->addr, NULL},
	    {KX_KEY_SIZE, m->size, NULL},
	};

	return desc_item_add_fields(ctx, d, KX_LIST_MODULES, f, DESC_N(f));
}

/* Only what the note's code uses is set: absent means "not said". */
static int describe_note(kx_ctx *ctx, const struct mb_note *n,
			 struct desc *d)
{
	struct desc_field f[5] = {{KX_KEY_CODE, n->code, NULL}};
	size_t k = 1;

	if (n->addr)
		f[k++] = (struct desc_field){KX_KEY_ADDR, n->addr, NULL};
	if (n->size)
		f[k++] = (struct desc_field){KX_KEY_SIZE, n->size, NULL};
	if (n->type)
		f[k++] = (struct desc_field){KX_KEY_TYPE, n->type, NULL};
	if (n->err)
		f[k++] = (struct desc_field){KX_KEY_ERRNO, (uint64_t)n->err,
					     NULL};
	return desc_item_add_fields(ctx, d, KX_LIST_NOTES, f, k);
}

static int describe_info(kx_ctx *ctx, const struct mb_state *mb,
			 struct desc *d)
{
	if (!mb->info)
		return 0;
	return mbinfo_block_fields(ctx, mb->type == KX_IMAGE_MULTIBOOT1 ? 1 : 2,
				   mb->info, mb->info_size, mb->info_addr, d);
}

static int describe_image(kx_ctx *ctx, const struct mb_state *mb,
			  struct desc *d)
{
	const struct desc_field f[] = {
	    {KX_KEY_RELOCATED, mb->relocated, NULL},
	    {KX_KEY_IMAGE_START, mb->img.lowest, NULL},
	    {KX_KEY_IMAGE_END, mb->img.highest, NULL},
	    {KX_KEY_MB_ENTRY, mb->img.entry, NULL},
	    {KX_KEY_MB_MAGIC, mb->magic, NULL},
	    {KX_KEY_INFO_ADDR, mb->info ? mb->info_addr : 0, NULL},
	    {KX_KEY_INFO_SIZE, mb->info ? mb->info_size : 0, NULL},
	    {KX_KEY_MEMMAP_SOURCE, mb->map_source == MEMMAP_FROM_SYSFS
				       ? KX_SOURCE_SYSFS_MEMMAP
				       : KX_SOURCE_IOMEM, NULL},
	};
	int rc = desc_set_fields(ctx, d, f, DESC_N(f));
	return rc;
}

int mb_describe_layout(kx_ctx *ctx, const struct mb_state *mb, struct desc *d)
{
	size_t i;
	int rc = describe_image(ctx, mb, d);

	for (i = 0; !rc && i < mb->n_mods; i++)
		rc = describe_module(ctx, &mb->mods[i], d);
	for (i = 0; !rc && i < mb->n_notes; i++)
		rc = describe_note(ctx, &mb->notes[i], d);
	if (!rc)
		rc = describe_info(ctx, mb, d);
	if (!rc && mb->cmdline)
		rc = desc_set_fields(
		    ctx, d,
		    (const struct desc_field[]){
			{KX_KEY_CMDLINE, 0, mb->cmdline},
			{KX_KEY_CMDLINE_LEN, strlen(mb->cmdline) + 1, NULL}},
		    2);
	return rc;
}
