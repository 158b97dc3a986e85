/* Where a Multiboot or ELF kernel's pieces go (see load/mb.h for the
 * rules small kernels need). */
#include "load/mb.h"

#include <errno.h>
#include <stdio.h>

#include "boot/mbinfo1.h"

static int place_fixed(kx_ctx *ctx, const struct load_input *in, struct mb_state *mb,
		       struct planner *pl)
{
	char name[48];
	size_t i;

	for (i = 0; i < mb->img.n; i++) {
		const struct elf_piece *p = &mb->img.pieces[i];

		snprintf(name, sizeof(name), "kernel segment %u", p->index);
		if (planner_place_fixed(ctx, pl, name, p->addr, p->filesz,
					p->memsz))
			return layout_fail_named(ctx, in->kernel_path, -ENOEXEC);
	}
	return 0;
}

/* The relocatable tag's window, with its preference; with none, where
 * the image was linked when that is free (it need not move at all). */
static int place_relocatable(kx_ctx *ctx, const struct load_input *in,
			     struct mb_state *mb, struct planner *pl)
{
	const struct mb2_header *h = &mb->h2;
	uint64_t span = mb->img.highest - mb->img.lowest, min, max, base;
	struct planner_request rq = {
	    .name = "kernel (relocatable)",
	    .size = span,
	    .memsz = span,
	    .align = h->reloc_align ? h->reloc_align : 1,
	    .dir = h->reloc_pref == MB2_RELOC_HIGH ? PLANNER_TOP_DOWN
						   : PLANNER_BOTTOM_UP,
	};
	int rc = multiboot2_reloc_window(ctx, in->kernel_path, h, span, &min,
					 &max);

	if (rc)
		return rc;
	rq.min = min > MB_LOW_KEEP ? min : MB_LOW_KEEP;
	rq.max = max + span - 1;
	base = mb->img.lowest;
	if (h->reloc_pref != MB2_RELOC_NONE || base < rq.min || base > max ||
	    base % rq.align ||
	    planner_place_fixed(ctx, pl, rq.name, base, span, span)) {
		if (planner_place(ctx, pl, &rq, &base))
			return layout_fail_named(ctx, in->kernel_path, -ENOEXEC);
	}
	mb->relocated = base != mb->img.lowest;
	return elf_image_rebase(ctx, in->kernel_path, &mb->img, base);
}

/* Keep [START, END) free of what we place, except the image's own span:
 * the kernel chose that itself. */
static int keep_free(kx_ctx *ctx, struct planner *pl,
		     const struct elf_image *img, uint64_t start, uint64_t end)
{
	uint64_t below = end < img->lowest ? end : img->lowest;
	uint64_t above = start > img->highest ? start : img->highest;
	int rc = 0;

	if (start < below)
		rc = planner_reserve(ctx, pl, "top MiB of RAM", start,
				     below - start);
	if (!rc && above < end)
		rc = planner_reserve(ctx, pl, "top MiB of RAM", above,
				     end - above);
	return rc;
}

/* The end of the highest RAM below 4 GiB. */
static uint64_t ram_top_below_4g(const struct kx_ranges *map)
{
	uint64_t top = 0;
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct kx_range *r = &map->v[i];
		uint64_t end = r->end < MB_FOUR_GIB ? r->end : MB_FOUR_GIB;

		if (r->type == KX_RANGE_RAM && r->start < MB_FOUR_GIB && end > top)
			top = end;
	}
	return top;
}

/* A small kernel may take the top of its RAM as mem_upper says (the RAM
 * contiguous from 1 MiB, only a few MiB on some UEFI machines) or as the
 * memory map says (the highest RAM below 4 GiB): keep the megabyte below
 * either free.  Everything else we place stays below 4 GiB. */
static int keep_tops_free(kx_ctx *ctx, struct mb_state *mb, struct planner *pl)
{
	uint64_t tops[2];
	uint32_t lower, upper;
	size_t i;
	int rc;

	mb->cap = UINT64_MAX;
	if (mb->type == KX_IMAGE_ELF)
		return 0;
	mb->cap = MB_FOUR_GIB;
	rc = mbinfo_mem_bounds(ctx, mb->map, &lower, &upper);
	tops[0] = MB_MIB + upper * MB_KIB;
	tops[1] = ram_top_below_4g(mb->map);
	for (i = 0; i < 2 && !rc; i++)
		if (tops[i] >= MB_MIB + MB_TOP_KEEP)
			rc = keep_free(ctx, pl, &mb->img, tops[i] - MB_TOP_KEEP,
				       tops[i]);
	return rc;
}

/* Just above FLOOR and below the cap, lowest first. */
static int place_above(kx_ctx *ctx, struct mb_state *mb, struct planner *pl,
		       struct planner_request *rq, uint64_t floor,
		       uint64_t *addr)
{
	rq->min = floor > MB_LOW_KEEP ? floor : MB_LOW_KEEP;
	rq->max = mb->cap - 1;
	rq->dir = PLANNER_BOTTOM_UP;
	return planner_place(ctx, pl, rq, addr);
}

static int place_info(kx_ctx *ctx, struct mb_state *mb, struct planner *pl,
		      uint64_t *floor)
{
	struct planner_request rq = {
	    .name = "multiboot info",
	    .size = mb->info_size,
	    .memsz = mb->info_size,
	    .align = MBINFO1_ALIGN,
	};
	int rc = place_above(ctx, mb, pl, &rq, *floor, &mb->info_addr);

	*floor = mb->info_addr + mb->info_size;
	return rc;
}

/* In the order given, each above the last, on page boundaries (always:
 * harmless when the kernel did not ask for it). */
static int place_modules(kx_ctx *ctx, struct mb_state *mb, struct planner *pl,
			 uint64_t *floor)
{
	char name[32];
	size_t i;
	int rc = 0;

	for (i = 0; i < mb->n_mods && !rc; i++) {
		struct mb_module *m = &mb->mods[i];
		struct planner_request rq = {
		    .name = name,
		    .size = m->size,
		    .memsz = layout_page_round(m->size),
		    .align = LAYOUT_PAGE,
		};

		snprintf(name, sizeof(name), "module %zu", i);
		rc = place_above(ctx, mb, pl, &rq, *floor, &m->addr);
		mb->in_mods[i].start = m->addr;
		*floor = m->addr + rq.memsz;
	}
	return rc;
}

/* Above everything else when there is room, else anywhere: the kernel
 * may overwrite it once it runs. */
static int place_purgatory(kx_ctx *ctx, struct mb_state *mb, struct planner *pl,
			   const struct kx_purgatory_layout *purg,
			   uint64_t floor)
{
	uint64_t max = mb->cap - 1, low = mb->entry32 ? MB_LOW_KEEP : MB_MIB;

	if (floor > low &&
	    layout_place_pages(ctx, pl, "purgatory", purg->memsz, purg->align,
			       floor, max, PLANNER_BOTTOM_UP,
			       &mb->purgatory_addr) == 0)
		return 0;
	return layout_place_pages(ctx, pl, "purgatory", purg->memsz,
				  purg->align, low, max, PLANNER_BOTTOM_UP,
				  &mb->purgatory_addr);
}

static int place_pieces(kx_ctx *ctx, const struct load_input *in, struct mb_state *mb,
			struct planner *pl,
			const struct kx_purgatory_layout *purg)
{
	uint64_t floor;
	int rc;

	if (mb->type == KX_IMAGE_MULTIBOOT2 && mb->h2.relocatable)
		rc = place_relocatable(ctx, in, mb, pl);
	else
		rc = place_fixed(ctx, in, mb, pl);
	if (!rc && mb->entry32)
		rc = elf_check_below_4g(ctx, in->kernel_path, &mb->img);
	if (!rc)
		rc = keep_tops_free(ctx, mb, pl);
	if (rc)
		return rc;
	floor = mb->img.highest;
	if (mb->type != KX_IMAGE_ELF)
		rc = place_info(ctx, mb, pl, &floor);
	if (!rc)
		rc = place_modules(ctx, mb, pl, &floor);
	if (!rc)
		rc = place_purgatory(ctx, mb, pl, purg, floor);
	return rc;
}

int mb_place_all(kx_ctx *ctx, const struct load_input *in, struct mb_state *mb,
		     const struct kx_purgatory_layout *purg)
{
	struct planner pl;
	int rc = planner_init(ctx, &pl, mb->map, in->mem_min,
			      in->mem_max ? in->mem_max : UINT64_MAX);

	if (rc)
		return rc;
	rc = place_pieces(ctx, in, mb, &pl, purg);
	planner_free(&pl);
	return rc;
}
