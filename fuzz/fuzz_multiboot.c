/* libFuzzer target: the Multiboot 1 and 2 header parsers on the same
 * input.  An accepted header must lie where the specs put it and its
 * a.out kludge piece inside the file and below 4 GiB; a refusal must leave
 * a one-line message naming the file; the cheap probes must agree. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/multiboot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_message(kx_ctx *ctx)
{
	const char *m = kx_ctx_message(ctx);

	if (strchr(m, '\n') || strncmp(m, "fuzz: ", 6) != 0)
		abort();
}

static void check_aout(const struct mb_aout *a, uint32_t entry, size_t size)
{
	const struct elf_piece *p = &a->piece;

	if (p->filesz == 0 || p->filesz > p->memsz)
		abort();
	if (p->offset > size || p->filesz > size - p->offset)
		abort();
	if (p->addr + p->memsz > 0x100000000ull)
		abort();
	if (entry < p->addr || entry - p->addr >= p->memsz)
		abort();
}

static void check_mb1(kx_ctx *ctx, const uint8_t *data, size_t size)
{
	struct mb1_header h;
	int rc = multiboot1_find(ctx, "fuzz", data, size, &h);

	if (rc == 0) {
		if (!multiboot1_probe(data, size) || h.offset % 4 ||
		    h.offset + 12 > MB1_SEARCH || h.offset + 12 > size ||
		    (h.flags & MB1_FLAGS_MANDATORY & ~MB1_FLAGS_KNOWN))
			abort();
		if (h.has_aout)
			check_aout(&h.aout, h.entry_addr, size);
		return;
	}
	if (rc > 0)
		abort();
	check_message(ctx);
}

static void check_reloc(kx_ctx *ctx, const struct mb2_header *h,
			uint64_t load_size)
{
	uint64_t lo, hi;

	if (h->reloc_align == 0 || (h->reloc_align & (h->reloc_align - 1)) ||
	    h->reloc_min > h->reloc_max)
		abort();
	if (multiboot2_reloc_window(ctx, "fuzz", h, load_size, &lo, &hi) == 0) {
		if (lo > hi || hi + load_size > h->reloc_max)
			abort();
	} else {
		check_message(ctx);
	}
}

static void check_mb2(kx_ctx *ctx, const uint8_t *data, size_t size)
{
	struct mb2_header h;
	int rc = multiboot2_find(ctx, "fuzz", data, size, &h);

	if (rc == 0) {
		if (!multiboot2_probe(data, size) || h.offset % 8 ||
		    h.offset + h.header_length > MB2_SEARCH ||
		    h.offset + h.header_length > size ||
		    (h.req_required & ~MB2_INFO_SUPPORTED))
			abort();
		if (h.has_aout) {
			if (!h.has_entry)
				abort();
			check_aout(&h.aout, h.entry_addr, size);
		}
		if (h.relocatable)
			check_reloc(ctx, &h, size);
		if (multiboot2_check_console(ctx, "fuzz", &h, size & 1))
			check_message(ctx);
		return;
	}
	if (rc > 0)
		abort();
	check_message(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kx_ctx *ctx = kx_ctx_new();

	if (!ctx)
		return 0;
	check_mb1(ctx, data, size);
	check_mb2(ctx, data, size);
	kx_ctx_free(ctx);
	return 0;
}
