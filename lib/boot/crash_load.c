#include "boot/crash_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/desc.h"

void crash_load_init(struct crash_load *cl)
{
	memset(cl, 0, sizeof(*cl));
	ranges_init(&cl->dump);
	ranges_init(&cl->region);
	ranges_init(&cl->e820);
}

void crash_load_free(struct crash_load *cl)
{
	ranges_free(&cl->dump);
	ranges_free(&cl->region);
	ranges_free(&cl->e820);
	free(cl->headers);
	free(cl->cmdline);
	crash_load_init(cl);
}

static int build_headers(kx_ctx *ctx, struct crash_load *cl)
{
	struct elfcore_note *notes = calloc(cl->sys->n_cpus, sizeof(*notes));
	struct elfcore_input in;
	int rc;

	if (!notes)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	crash_elfcore_input(cl->sys, &cl->dump, notes, &in);
	cl->headers_size = elfcore_size(&in);
	cl->headers = malloc(cl->headers_size);
	rc = cl->headers
		 ? elfcore_build(ctx, &in, cl->headers, cl->headers_size)
		 : kx_fail(ctx, -ENOMEM, "out of memory");
	free(notes);
	return rc;
}

int crash_load_prepare(kx_ctx *ctx, struct kx_system *sys,
		       struct crash_load *cl)
{
	struct kx_range reservation;
	int rc = system_crash(sys, &cl->sys);

	if (!rc)
		rc = crash_main_region(ctx, &cl->sys->crash, &reservation);
	if (!rc)
		rc = ranges_add(ctx, &cl->region, reservation.start,
				reservation.end, KX_RANGE_RAM);
	if (!rc)
		rc = crash_dump_ranges(ctx, cl->sys, &cl->dump);
	if (!rc)
		rc = build_headers(ctx, cl);
	return rc;
}

int crash_load_finish(kx_ctx *ctx, struct crash_load *cl, uint64_t addr,
		      const char *base, uint64_t rsdp)
{
	int rc;

	cl->headers_addr = addr;
	rc =
	    crash_e820(ctx, cl->sys, addr, addr + cl->headers_size, &cl->e820);
	free(cl->cmdline);
	cl->cmdline = NULL;
	if (!rc)
		rc = crash_cmdline(ctx, base, addr, rsdp, &cl->cmdline);
	return rc;
}

/* Notes come first, one per CPU in order, then vmcoreinfo (elfcore.h). */
static void label(const struct crash_load *cl, size_t i,
		  const struct elfcore_phdr *p, char *out, size_t len)
{
	if (p->type == ELFCORE_PT_NOTE && i < cl->sys->n_cpus)
		snprintf(out, len, "cpu%u notes", cl->sys->cpus[i].id);
	else if (p->type == ELFCORE_PT_NOTE)
		snprintf(out, len, "vmcoreinfo");
	else if (p->vaddr >= CRASH_START_KERNEL_MAP)
		snprintf(out, len, "kernel text");
	else
		snprintf(out, len, "RAM");
}

static int describe_phdr(kx_ctx *ctx, const struct crash_load *cl, size_t i,
			 const struct elfcore_phdr *p, struct desc *desc)
{
	char name[32];
	const struct desc_field f[] = {
	    {KX_KEY_TYPE, p->type, NULL},   {KX_KEY_PADDR, p->paddr, NULL},
	    {KX_KEY_VADDR, p->vaddr, NULL}, {KX_KEY_SIZE, p->memsz, NULL},
	    {KX_KEY_NAME, 0, name},
	};

	label(cl, i, p, name, sizeof(name));
	return desc_item_add_fields(ctx, desc, KX_LIST_CORE_PHDRS, f,
				    DESC_N(f));
}

int crash_load_describe(kx_ctx *ctx, const struct crash_load *cl,
			struct desc *desc)
{
	struct elfcore_phdr *v;
	size_t i, n;
	int rc;

	rc = elfcore_decode(ctx, cl->headers, cl->headers_size, &v, &n);
	if (rc)
		return rc;
	for (i = 0; !rc && i < n; i++)
		rc = describe_phdr(ctx, cl, i, &v[i], desc);
	free(v);
	if (!rc)
		rc = desc_set_u64(ctx, desc, KX_KEY_ELFCOREHDR_ADDR,
				  cl->headers_addr);
	if (!rc)
		rc = desc_set_u64(ctx, desc, KX_KEY_ELFCOREHDR_SIZE,
				  cl->headers_size);
	/* NONE: /proc/kcore was unreadable, virtual addresses are left 0. */
	if (!rc)
		rc = desc_set_u64(ctx, desc, KX_KEY_VADDR_SOURCE,
				  cl->sys->va.known ? KX_SOURCE_KCORE
						   : KX_SOURCE_NONE);
	return rc;
}
