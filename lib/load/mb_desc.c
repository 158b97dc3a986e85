/* The fields of a Multiboot or plain ELF plan: the image, where it went,
 * the modules, what was left out and why (as codes), and the information
 * block read back from the built bytes, so the dry run shows what the
 * kernel will see. */
#include "load/mb.h"

#include <string.h>

#include "boot/mbinfo1.h"
#include "boot/mbinfo2.h"

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
	int rc = desc_set_u64(ctx, d, KX_KEY_MB_VERSION, mb_version(mb));

	(void)in;
	if (!rc)
		rc = desc_set_u64(ctx, d, KX_KEY_ELF_CLASS,
				  mb->aout ? 0 : mb->img.elf_class);
	if (!rc)
		rc = desc_set_u64(ctx, d, KX_KEY_ENTRY32, mb->entry32);
	return rc;
}

static int describe_module(kx_ctx *ctx, const struct mb_module *m,
			   struct desc *d)
{
	size_t k;
	int rc = desc_item_add(ctx, d, KX_LIST_MODULES, &k);

	if (!rc)
		rc = desc_item_set_str(ctx, d, KX_LIST_MODULES, k, KX_KEY_PATH,
				       m->path);
	if (!rc)
		rc = desc_item_set_str(ctx, d, KX_LIST_MODULES, k, KX_KEY_ARGS,
				       m->spec);
	if (!rc)
		rc = desc_item_set_u64(ctx, d, KX_LIST_MODULES, k,
				       KX_KEY_START, m->addr);
	if (!rc)
		rc = desc_item_set_u64(ctx, d, KX_LIST_MODULES, k, KX_KEY_SIZE,
				       m->size);
	return rc;
}

static int describe_note(kx_ctx *ctx, const struct mb_note *n,
			 struct desc *d)
{
	size_t k;
	int rc = desc_item_add(ctx, d, KX_LIST_NOTES, &k);

	if (!rc)
		rc = desc_item_set_u64(ctx, d, KX_LIST_NOTES, k, KX_KEY_CODE,
				       n->code);
	if (!rc && n->addr)
		rc = desc_item_set_u64(ctx, d, KX_LIST_NOTES, k, KX_KEY_ADDR,
				       n->addr);
	if (!rc && n->size)
		rc = desc_item_set_u64(ctx, d, KX_LIST_NOTES, k, KX_KEY_SIZE,
				       n->size);
	if (!rc && n->type)
		rc = desc_item_set_u64(ctx, d, KX_LIST_NOTES, k, KX_KEY_TYPE,
				       n->type);
	if (!rc && n->err)
		rc = desc_item_set_u64(ctx, d, KX_LIST_NOTES, k, KX_KEY_ERRNO,
				       (uint64_t)n->err);
	return rc;
}

static int describe_info(kx_ctx *ctx, const struct mb_state *mb,
			 struct desc *d)
{
	struct mbinfo_decoded dec;
	int rc;

	if (!mb->info)
		return 0;
	if (mb->type == KX_IMAGE_MULTIBOOT1)
		rc = mbinfo1_decode(ctx, mb->info, mb->info_size, mb->info_addr,
				    &dec);
	else
		rc = mbinfo2_decode(ctx, mb->info, mb->info_size, mb->info_addr,
				    &dec);
	if (rc)
		return rc;
	rc = mbinfo_fields(ctx, &dec, d);
	mbinfo_decoded_free(&dec);
	return rc;
}

static int describe_image(kx_ctx *ctx, const struct mb_state *mb,
			  struct desc *d)
{
	const struct {
		enum kx_key key;
		uint64_t v;
	} f[] = {
	    {KX_KEY_RELOCATED, mb->relocated},
	    {KX_KEY_IMAGE_START, mb->img.lowest},
	    {KX_KEY_IMAGE_END, mb->img.highest},
	    {KX_KEY_MB_ENTRY, mb->img.entry},
	    {KX_KEY_MB_MAGIC, mb->magic},
	    {KX_KEY_INFO_ADDR, mb->info ? mb->info_addr : 0},
	    {KX_KEY_INFO_SIZE, mb->info ? mb->info_size : 0},
	    {KX_KEY_MEMMAP_SOURCE, mb->map_source == MEMMAP_FROM_SYSFS
				       ? KX_SOURCE_SYSFS_MEMMAP
				       : KX_SOURCE_IOMEM},
	};
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < sizeof(f) / sizeof(f[0]); i++)
		rc = desc_set_u64(ctx, d, f[i].key, f[i].v);
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
		rc = desc_set_str(ctx, d, KX_KEY_CMDLINE, mb->cmdline);
	if (!rc && mb->cmdline)
		rc = desc_set_u64(ctx, d, KX_KEY_CMDLINE_LEN,
				  strlen(mb->cmdline) + 1);
	return rc;
}
