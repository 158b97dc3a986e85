#include "api/layout.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "sys/explain.h"

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

void layout_purgatory_init(const struct kx_plan *plan,
			   struct kx_purgatory_params *pp)
{
	kx_purgatory_params_init(pp);
	pp->serial_port = COM1;
	if (plan->flags & KX_LOAD_NO_CHECKS)
		pp->flags |= KX_PURG_NO_CHECKS;
	if (plan->flags & KX_LOAD_DEBUG)
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

static void describe_segment(struct kx_plan_segment *d, const char *what,
			     const struct kx_segment *s)
{
	snprintf(d->what, sizeof(d->what), "%s", what);
	d->mem = s->mem;
	d->bufsz = s->bufsz;
	d->memsz = s->memsz;
}

int layout_collect(kx_ctx *ctx, const struct seg_list *segs,
		   const struct kx_purgatory_image *purg,
		   struct kx_segment *all, struct kx_plan_segment *desc,
		   size_t *nr)
{
	size_t i;

	if (segs->n >= SEGMENTS_MAX)
		return kx_fail(ctx, -E2BIG,
			       "no segment left for the purgatory");
	for (i = 0; i < segs->n; i++) {
		all[i] = segs->seg[i];
		describe_segment(&desc[i], segs->name[i], &all[i]);
	}
	kx_purgatory_segment(purg, &all[i]);
	/* kexec_load takes whole pages; the planner reserved them. */
	all[i].memsz = layout_page_round(all[i].memsz);
	describe_segment(&desc[i], "purgatory", &all[i]);
	*nr = i + 1;
	return 0;
}

int layout_kexec_load(kx_ctx *ctx, struct kx_plan *plan, uint64_t entry,
		      size_t nr, const struct kx_segment *all)
{
	unsigned long flags =
	    KX_ARCH_X86_64 | ((plan->flags & KX_LOAD_CRASH) ? KX_ON_CRASH : 0);
	long rc;

	plan->info.used = KX_SYSCALL_CLASSIC;
	rc = ctx->sys->kexec_load(ctx->sys_data, entry, nr, all, flags);
	if (rc < 0)
		return explain_syscall_error(ctx, "kexec_load", (int)rc,
					     plan->kernel_path);
	return 0;
}

const char *layout_memmap_source(enum memmap_source source)
{
	return source == MEMMAP_FROM_SYSFS ? "/sys/firmware/memmap"
					   : "/proc/iomem";
}
