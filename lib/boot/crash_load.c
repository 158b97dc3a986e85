#include "boot/crash_load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/crash_sys.h"

void crash_load_init(struct crash_load *cl)
{
	memset(cl, 0, sizeof(*cl));
	crash_system_init(&cl->sys);
	ranges_init(&cl->dump);
	ranges_init(&cl->region);
	ranges_init(&cl->e820);
}

void crash_load_free(struct crash_load *cl)
{
	crash_system_free(&cl->sys);
	ranges_free(&cl->dump);
	ranges_free(&cl->region);
	ranges_free(&cl->e820);
	free(cl->headers);
	free(cl->cmdline);
	free(cl->phdrs);
	free(cl->labels);
	crash_load_init(cl);
}

static int build_headers(kx_ctx *ctx, struct crash_load *cl)
{
	struct elfcore_note *notes = calloc(cl->sys.n_cpus, sizeof(*notes));
	struct elfcore_input in;
	int rc;

	if (!notes)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	crash_elfcore_input(&cl->sys, &cl->dump, notes, &in);
	cl->headers_size = elfcore_size(&in);
	cl->headers = malloc(cl->headers_size);
	rc = cl->headers
		 ? elfcore_build(ctx, &in, cl->headers, cl->headers_size)
		 : kx_fail(ctx, -ENOMEM, "out of memory");
	free(notes);
	return rc;
}

int crash_load_prepare(kx_ctx *ctx, struct crash_load *cl)
{
	struct kx_range reservation;
	int rc = crash_read_system(ctx, &cl->sys);

	if (!rc)
		rc = crash_main_region(ctx, &cl->sys.crash, &reservation);
	if (!rc)
		rc = ranges_add(ctx, &cl->region, reservation.start,
				reservation.end, KX_RANGE_RAM);
	if (!rc)
		rc = crash_dump_ranges(ctx, &cl->sys, &cl->dump);
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
	    crash_e820(ctx, &cl->sys, addr, addr + cl->headers_size, &cl->e820);
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
	if (p->type == ELFCORE_PT_NOTE && i < cl->sys.n_cpus)
		snprintf(out, len, "cpu%u notes", cl->sys.cpus[i].id);
	else if (p->type == ELFCORE_PT_NOTE)
		snprintf(out, len, "vmcoreinfo");
	else if (p->vaddr >= CRASH_START_KERNEL_MAP)
		snprintf(out, len, "kernel text");
	else
		snprintf(out, len, "RAM");
}

static int describe_phdrs(kx_ctx *ctx, struct crash_load *cl,
			  const struct elfcore_phdr *v, size_t n)
{
	size_t i;

	cl->phdrs = calloc(n, sizeof(*cl->phdrs));
	cl->labels = calloc(n, sizeof(*cl->labels));
	if (!cl->phdrs || !cl->labels)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		label(cl, i, &v[i], cl->labels[i], sizeof(cl->labels[i]));
		cl->phdrs[i] = (struct kx_core_phdr){
		    .type = v[i].type,
		    .paddr = v[i].paddr,
		    .vaddr = v[i].vaddr,
		    .size = v[i].memsz,
		    .what = cl->labels[i],
		};
	}
	cl->n_phdrs = n;
	return 0;
}

int crash_load_describe(kx_ctx *ctx, struct crash_load *cl,
			struct kx_crash_info *info)
{
	struct elfcore_phdr *v;
	size_t n;
	int rc;

	free(cl->phdrs);
	free(cl->labels);
	cl->phdrs = NULL;
	cl->labels = NULL;
	rc = elfcore_decode(ctx, cl->headers, cl->headers_size, &v, &n);
	if (rc)
		return rc;
	rc = describe_phdrs(ctx, cl, v, n);
	free(v);
	if (rc)
		return rc;
	info->elfcorehdr_addr = cl->headers_addr;
	info->elfcorehdr_size = cl->headers_size;
	info->phdrs_n = cl->n_phdrs;
	info->phdrs = cl->phdrs;
	info->vaddr_source = cl->sys.va.known
				 ? SYSTEM_KCORE_FILE
				 : "unknown (" SYSTEM_KCORE_FILE " unreadable): "
				   "virtual addresses left 0";
	return 0;
}
