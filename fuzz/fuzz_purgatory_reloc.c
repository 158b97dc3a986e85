/* libFuzzer target: the purgatory loader on arbitrary objects.  Whatever
 * the bytes, it must refuse cleanly or return an image whose entry and
 * parameters lie inside it. */
#include <stdint.h>
#include <stdlib.h>

#include "core/ctx.h"
#include "segment/purgatory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_image(const struct kx_purgatory_image *img,
			const struct kx_purgatory_layout *lay)
{
	if (img->bufsz != lay->bufsz || img->memsz != lay->memsz ||
	    img->bufsz > img->memsz)
		abort();
	if (img->entry < img->mem || img->entry >= img->mem + img->memsz)
		abort();
	if (img->params < img->mem ||
	    img->params + sizeof(struct kx_purgatory_params) >
		img->mem + img->bufsz)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t addrs[] = {0x100000, UINT64_C(0x3ffff000000)};
	struct kx_purgatory_params p;
	struct kx_purgatory_layout lay;
	kx_ctx *ctx = kx_ctx_new();
	uint64_t addr;

	if (!ctx)
		return 0;
	kx_purgatory_params_init(&p);
	p.entry = 0x1000000;
	if (kx_purgatory_layout(ctx, data, size, &lay) == 0) {
		for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
			struct kx_purgatory_image img;
			uint64_t mem = addrs[i] & ~(lay.align - 1);

			if (kx_purgatory_build(ctx, data, size, mem, &p,
					       &img) == 0)
				check_image(&img, &lay);
			kx_purgatory_image_free(&img);
		}
		kx_purgatory_symbol(ctx, data, size, 0x100000,
				    KX_PURGATORY_ENTRY_SYMBOL, &addr);
	}
	kx_ctx_free(ctx);
	return 0;
}
