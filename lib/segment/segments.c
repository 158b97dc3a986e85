#include "segment/segments.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(SEGMENTS_PAGE - 1);
}

/* Round up, or 0 on overflow (no page-aligned end exists past 2^64). */
static uint64_t page_up(uint64_t a)
{
	return a > UINT64_MAX - (SEGMENTS_PAGE - 1) ? 0 : page_down(a + SEGMENTS_PAGE - 1);
}

static int piece_check(kx_ctx *ctx, const struct seg_piece *p)
{
	if (p->bufsz > p->memsz || p->memsz == 0)
		return kx_fail(ctx, -EINVAL,
			       "%s: %llu bytes of data in %llu bytes of memory",
			       p->name, (unsigned long long)p->bufsz,
			       (unsigned long long)p->memsz);
	if (p->mem > UINT64_MAX - p->memsz || !page_up(p->mem + p->memsz))
		return kx_fail(ctx, -EOVERFLOW,
			       "%s: 0x%llx + 0x%llx runs past the end of the "
			       "address space",
			       p->name, (unsigned long long)p->mem,
			       (unsigned long long)p->memsz);
	return 0;
}

static int by_mem(const void *a, const void *b)
{
	const struct seg_piece *x = *(const struct seg_piece *const *)a;
	const struct seg_piece *y = *(const struct seg_piece *const *)b;

	return x->mem < y->mem ? -1 : x->mem > y->mem;
}

/* The run of pieces from FIRST whose pages touch: they become one
 * segment.  Returns the index past the run. */
static size_t run_end(const struct seg_piece *const *v, size_t n, size_t first)
{
	uint64_t end = page_up(v[first]->mem + v[first]->memsz);
	size_t i = first + 1;

	for (; i < n && page_down(v[i]->mem) < end; i++)
		if (page_up(v[i]->mem + v[i]->memsz) > end)
			end = page_up(v[i]->mem + v[i]->memsz);
	return i;
}

static void name_run(struct seg_list *list, const struct seg_piece *const *v,
		     size_t first, size_t last)
{
	char *out = list->name[list->n];
	size_t len = 0, i;

	out[0] = '\0';
	for (i = first; i < last && len < sizeof(list->name[0]); i++)
		len += (size_t)snprintf(out + len, sizeof(list->name[0]) - len,
					"%s%s", i > first ? "+" : "",
					v[i]->name);
}

/* One page-aligned piece alone keeps its buffer; anything else is copied
 * into a zeroed buffer covering the run's pages up to its last data. */
static int emit_run(kx_ctx *ctx, struct seg_list *list,
		    const struct seg_piece *const *v, size_t first, size_t last)
{
	struct kx_segment *s = &list->seg[list->n];
	uint64_t start = page_down(v[first]->mem), end = start, data_end = start;
	bool tail_unused = true;
	size_t i;

	for (i = first; i < last; i++) {
		if (page_up(v[i]->mem + v[i]->memsz) > end)
			end = page_up(v[i]->mem + v[i]->memsz);
		if (v[i]->mem + v[i]->bufsz > data_end)
			data_end = v[i]->mem + v[i]->bufsz;
		tail_unused = tail_unused && v[i]->tail_unused;
	}
	s->mem = start;
	s->memsz = end - start;
	list->tail_unused[list->n] = tail_unused && last - first == 1;
	name_run(list, v, first, last);
	if (last - first == 1 && v[first]->mem == start) {
		s->buf = v[first]->buf;
		s->bufsz = v[first]->bufsz;
		list->n++;
		return 0;
	}
	s->bufsz = data_end - start;
	list->owned[list->n] = calloc(1, s->bufsz ? s->bufsz : 1);
	if (!list->owned[list->n])
		return kx_fail(ctx, -ENOMEM, "out of memory merging %s",
			       list->name[list->n]);
	for (i = first; i < last; i++)
		if (v[i]->bufsz)
			memcpy((uint8_t *)list->owned[list->n] +
				       (v[i]->mem - start),
			       v[i]->buf, v[i]->bufsz);
	s->buf = list->owned[list->n];
	list->n++;
	return 0;
}

static int check_overlaps(kx_ctx *ctx, const struct seg_piece *const *v,
			  size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i]->mem < v[i - 1]->mem + v[i - 1]->memsz)
			return kx_fail(ctx, -EINVAL,
				       "%s at 0x%llx overlaps %s at "
				       "0x%llx-0x%llx",
				       v[i]->name,
				       (unsigned long long)v[i]->mem,
				       v[i - 1]->name,
				       (unsigned long long)v[i - 1]->mem,
				       (unsigned long long)(v[i - 1]->mem +
							    v[i - 1]->memsz -
							    1));
	return 0;
}

int segments_build(kx_ctx *ctx, const struct seg_piece *pieces, size_t n,
		   struct seg_list *list)
{
	const struct seg_piece **v;
	size_t i, next;
	int rc = 0;

	memset(list, 0, sizeof(*list));
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < n && !rc; i++) {
		v[i] = &pieces[i];
		rc = piece_check(ctx, v[i]);
	}
	if (!rc) {
		qsort(v, n, sizeof(*v), by_mem);
		rc = check_overlaps(ctx, v, n);
	}
	for (i = 0; i < n && !rc; i = next) {
		next = run_end(v, n, i);
		if (list->n == SEGMENTS_MAX)
			rc = kx_fail(ctx, -E2BIG,
				     "%zu pieces need more than the %u "
				     "segments kexec_load takes",
				     n, SEGMENTS_MAX);
		else
			rc = emit_run(ctx, list, v, i, next);
	}
	free(v);
	if (rc)
		segments_free(list);
	return rc;
}

void segments_free(struct seg_list *list)
{
	size_t i;

	for (i = 0; i < SEGMENTS_MAX; i++)
		free(list->owned[i]);
	memset(list, 0, sizeof(*list));
}
