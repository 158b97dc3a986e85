#include "load/layout.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

uint64_t layout_page_round(uint64_t n)
{
	return (n + LAYOUT_PAGE - 1) & ~(LAYOUT_PAGE - 1);
}

int layout_place_pages(kx_ctx *ctx, struct planner *pl, const char *name,
		       uint64_t size, uint64_t align, uint64_t min,
		       uint64_t max, enum planner_dir dir, uint64_t *addr)
{
	struct planner_request rq = {
	    .name = name,
	    .size = size,
	    .memsz = layout_page_round(size),
	    .align = align < LAYOUT_PAGE ? LAYOUT_PAGE : align,
	    .min = min,
	    .max = max,
	    .dir = dir,
	};

	return planner_place(ctx, pl, &rq, addr);
}

int layout_map_fd(kx_ctx *ctx, const char *name, int fd, const char *what,
		  void **data, size_t *size)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st))
		return kx_fail(ctx, -errno, "%s: %s", name, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return kx_fail(ctx, -EINVAL, "%s: not a regular file", name);
	if (st.st_size == 0)
		return kx_fail(ctx, -EINVAL, "%s: empty %s", name, what);
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return kx_fail(ctx, -errno, "%s: cannot map: %s", name,
			       strerror(errno));
	*data = p;
	*size = (size_t)st.st_size;
	return 0;
}

#define COM1 0x3f8

bool layout_checks(const struct load_input *in)
{
	return !(in->flags & KX_LOAD_NO_CHECKS) && in->verify != KX_VERIFY_NONE;
}

static const char *verify_name(const struct load_input *in)
{
	if (!layout_checks(in))
		return "none";
	return in->verify == KX_VERIFY_SHA256 ? "sha256" : "xxh3-128";
}

void layout_purgatory_init(const struct load_input *in,
			   struct kx_purgatory_params *pp)
{
	kx_purgatory_params_init(pp);
	pp->console.type = KX_PURG_CONSOLE_16550_IO;
	pp->console.base = COM1;
	if (in->verify == KX_VERIFY_XXH3)
		pp->digest_alg = KX_PURG_DIGEST_XXH3_128;
	if (!layout_checks(in))
		pp->flags |= KX_PURG_NO_CHECKS;
	if (in->flags & KX_LOAD_DEBUG)
		pp->flags |= KX_PURG_DEBUG;
}

int layout_hash_segments(kx_ctx *ctx, const struct seg_list *segs,
			 struct kx_purgatory_params *pp)
{
	size_t i;
	int rc = 0;

	if (pp->flags & KX_PURG_NO_CHECKS)
		return 0;
	for (i = 0; i < segs->n && !rc; i++)
		rc = kx_purgatory_add_region(
		    ctx, pp, segs->seg[i].mem, segs->seg[i].buf,
		    segs->seg[i].bufsz, segs->seg[i].memsz,
		    segs->tail_unused[i] ? KX_PURG_REGION_SKIP_TAIL : 0);
	return rc;
}

int layout_collect(kx_ctx *ctx, const struct seg_list *segs,
		   const struct kx_purgatory_image *purg,
		   struct load_output *out)
{
	size_t i;

	if (segs->n >= SEGMENTS_MAX)
		return kx_fail(ctx, -E2BIG,
			       "no segment left for the purgatory");
	for (i = 0; i < segs->n; i++) {
		out->seg[i] = segs->seg[i];
		snprintf(out->name[i], sizeof(out->name[i]), "%s",
			 segs->name[i]);
	}
	kx_purgatory_segment(purg, &out->seg[i]);
	/* kexec_load takes whole pages; the planner reserved them. */
	out->seg[i].memsz = layout_page_round(out->seg[i].memsz);
	snprintf(out->name[i], sizeof(out->name[i]), "purgatory");
	out->nr = i + 1;
	out->entry = purg->entry;
	return 0;
}

static int describe_segment(kx_ctx *ctx, struct desc *d, const char *name,
			    const struct kx_segment *s)
{
	const struct desc_field f[] = {
	    {KX_KEY_NAME, 0, name},
	    {KX_KEY_MEM, s->mem, NULL},
	    {KX_KEY_BUFSZ, s->bufsz, NULL},
	    {KX_KEY_MEMSZ, s->memsz, NULL},
	};

	return desc_item_add_fields(ctx, d, KX_LIST_SEGMENTS, f, DESC_N(f));
}

int layout_describe(kx_ctx *ctx, const struct load_input *in,
		    const struct load_output *out, uint64_t purgatory_addr,
		    struct desc *d)
{
	const struct desc_field f[] = {
	    {KX_KEY_CLASSIC, 1, NULL},
	    {KX_KEY_ENTRY, out->entry, NULL},
	    {KX_KEY_PURGATORY_ADDR, purgatory_addr, NULL},
	    {KX_KEY_CHECKS, layout_checks(in), NULL},
	    {KX_KEY_VERIFY, 0, verify_name(in)},
	};
	size_t i;
	int rc = desc_set_fields(ctx, d, f, DESC_N(f));

	for (i = 0; !rc && i < out->nr; i++)
		rc = describe_segment(ctx, d, out->name[i], &out->seg[i]);
	return rc;
}

int layout_fail_named(kx_ctx *ctx, const char *name, int rc)
{
	char msg[KX_MSG_MAX];

	memcpy(msg, kx_ctx_message(ctx), sizeof(msg));
	return kx_fail(ctx, rc == -ENOMEM ? rc : -ENOEXEC, "%s: %s", name,
		       msg);
}
