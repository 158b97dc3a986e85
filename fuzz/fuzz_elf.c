/* libFuzzer target: the ELF executable parser.  An accepted image must
 * keep every promise elf.h makes to the loader; a refused one must leave a
 * one-line message naming the file. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/elf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool inside_piece(const struct elf_image *img, uint64_t addr)
{
	size_t i;

	for (i = 0; i < img->n; i++)
		if (addr >= img->pieces[i].addr &&
		    addr - img->pieces[i].addr < img->pieces[i].memsz)
			return true;
	return false;
}

static void check_piece(const struct elf_piece *p, const struct elf_image *img,
			size_t size)
{
	if (p->memsz == 0 || p->filesz > p->memsz)
		abort();
	if (p->filesz && (p->offset > size || p->filesz > size - p->offset))
		abort();
	if (p->memsz > UINT64_MAX - p->addr)
		abort();
	if (img->elf_class == 32 && p->addr + p->memsz > 0x100000000ull)
		abort();
	if (p->addr < img->lowest || p->addr + p->memsz > img->highest)
		abort();
}

static void check_accepted(const struct elf_image *img, size_t size)
{
	size_t i;

	if (img->n == 0 || !img->pieces ||
	    (img->elf_class != 32 && img->elf_class != 64))
		abort();
	for (i = 0; i < img->n; i++) {
		check_piece(&img->pieces[i], img, size);
		/* sorted and disjoint */
		if (i && img->pieces[i - 1].addr + img->pieces[i - 1].memsz >
			     img->pieces[i].addr)
			abort();
	}
	if (!inside_piece(img, img->entry))
		abort();
}

static void check_message(kx_ctx *ctx)
{
	const char *m = kx_ctx_message(ctx);

	if (strchr(m, '\n') || strncmp(m, "fuzz: ", 6) != 0)
		abort();
}

/* Moving the image keeps its shape. */
static void check_rebase(kx_ctx *ctx, struct elf_image *img, uint64_t base)
{
	uint64_t span = img->highest - img->lowest;
	uint64_t off = img->entry - img->lowest;

	if (elf_image_rebase(ctx, "fuzz", img, base) != 0) {
		check_message(ctx);
		return;
	}
	if (img->lowest != base || img->highest - img->lowest != span ||
	    img->entry - img->lowest != off || img->pieces[0].addr != base)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_image img;
	kx_ctx *ctx = kx_ctx_new();
	uint64_t base = 0;
	int rc;

	if (!ctx)
		return 0;
	if (size >= 8)
		memcpy(&base, data + size - 8, 8);
	rc = elf_parse(ctx, "fuzz", data, size, &img);
	if (rc == 0) {
		if (!elf_probe(data, size))
			abort();
		check_accepted(&img, size);
		if (elf_check_below_4g(ctx, "fuzz", &img) != 0)
			check_message(ctx);
		check_rebase(ctx, &img, base);
		elf_image_free(&img);
	} else if (rc > 0 || img.pieces) {
		abort();
	} else {
		check_message(ctx);
	}
	kx_ctx_free(ctx);
	return 0;
}
