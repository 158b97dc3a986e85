/* What Multiboot 1 and 2 share: finding a header in the search window
 * and the a.out kludge's load addresses. */
#include "format/multiboot_common.h"

#include <errno.h>
#include <inttypes.h>

#include "core/bytes.h"

/* The file is untrusted: a header is read only after its whole extent has
 * been checked against the file and the search window, and a tag only
 * after its extent has been checked against header_length. */

#define FOUR_GIB 0x100000000ull

/* The words covered by the checksum sum to 0 modulo 2^32. */
static bool checksum_ok(const uint8_t *p, size_t fixed)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i < fixed; i += 4)
		sum += get_le32(p + i);
	return sum == 0;
}

bool mb_scan_header(const struct mb_scan *s, const uint8_t *d, size_t size,
		    size_t *off, size_t *bad_off)
{
	size_t limit = size < s->window ? size : s->window;
	size_t o;

	*bad_off = SIZE_MAX;
	for (o = 0; limit >= s->fixed && o <= limit - s->fixed; o += s->align) {
		if (get_le32(d + o) != s->magic)
			continue;
		if (checksum_ok(d + o, s->fixed)) {
			*off = o;
			return true;
		}
		if (*bad_off == SIZE_MAX)
			*bad_off = o;
	}
	return false;
}

int mb_locate(kx_ctx *ctx, const char *name, const char *proto,
	      const struct mb_scan *s, const uint8_t *d, size_t size,
	      size_t *off)
{
	size_t bad;

	if (mb_scan_header(s, d, size, off, &bad))
		return 0;
	if (bad != SIZE_MAX)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: %s header at offset 0x%zx has a bad "
			       "checksum",
			       name, proto, bad);
	return kx_fail(ctx, -ENOEXEC, "%s: no %s header in the first %zu bytes",
		       name, proto, s->window);
}

int mb_check_extent(kx_ctx *ctx, const char *name, const char *proto,
		    const struct mb_scan *s, size_t off, uint64_t len,
		    size_t size)
{
	if (off + len > s->window)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s header at offset 0x%zx is %" PRIu64
			       " bytes and crosses the end of the first %zu "
			       "bytes",
			       name, proto, off, len, s->window);
	if (off + len > size)
		return kx_fail(ctx, -EINVAL,
			       "%s: truncated: %s header at offset 0x%zx is "
			       "%" PRIu64 " bytes, the file has %zu",
			       name, proto, off, len, size);
	return 0;
}

/* The load address of the kludge: MB2's -1 means the file is loaded from
 * its first byte. */
static int aout_load_addr(kx_ctx *ctx, const char *name, const char *proto,
			  const struct mb_aout *a, bool mb2, size_t hdr_off,
			  uint64_t *load)
{
	if (!(mb2 && a->load_addr == UINT32_MAX)) {
		*load = a->load_addr;
		return 0;
	}
	if (a->header_addr < hdr_off)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s header_addr 0x%" PRIx32
			       " is below its offset 0x%zx in the file, so "
			       "the file cannot be loaded from its start",
			       name, proto, a->header_addr, hdr_off);
	*load = a->header_addr - hdr_off;
	return 0;
}

/* Where the file bytes to load start: the header's offset minus the
 * distance from load_addr to header_addr. */
static int aout_offset(kx_ctx *ctx, const char *name, const char *proto,
		       const struct mb_aout *a, uint64_t load, size_t hdr_off,
		       uint64_t *offset)
{
	uint64_t back;

	if (load > a->header_addr)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s load_addr 0x%" PRIx64
			       " is above header_addr 0x%" PRIx32,
			       name, proto, load, a->header_addr);
	back = a->header_addr - load;
	if (back > hdr_off)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s load_addr 0x%" PRIx64 " is 0x%" PRIx64
			       " bytes below header_addr but "
			       "the header is only 0x%zx bytes into the file",
			       name, proto, load, back, hdr_off);
	*offset = hdr_off - back;
	return 0;
}

static int aout_sizes(kx_ctx *ctx, const char *name, const char *proto,
		      const struct mb_aout *a, uint64_t load, uint64_t offset,
		      size_t size, struct elf_piece *p)
{
	if (a->load_end_addr == 0) {
		p->filesz = size - offset;
	} else if (a->load_end_addr <= load) {
		return kx_fail(ctx, -EINVAL,
			       "%s: %s load_end_addr 0x%" PRIx32
			       " is not above load_addr 0x%" PRIx64,
			       name, proto, a->load_end_addr, load);
	} else {
		p->filesz = a->load_end_addr - load;
		if (p->filesz > size - offset)
			return kx_fail(ctx, -EINVAL,
				       "%s: truncated: %s load_end_addr asks "
				       "for 0x%" PRIx64 " bytes from offset "
				       "0x%" PRIx64 ", the file has %zu",
				       name, proto, p->filesz, offset, size);
	}
	if (p->filesz > FOUR_GIB - load)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s image of 0x%" PRIx64
			       " bytes at 0x%" PRIx64 " ends above 4 GiB",
			       name, proto, p->filesz, load);
	if (a->bss_end_addr == 0) {
		p->memsz = p->filesz;
	} else if (a->bss_end_addr < load + p->filesz) {
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: %s bss_end_addr 0x%" PRIx32
		    " is below the end of the loaded data 0x%" PRIx64,
		    name, proto, a->bss_end_addr, load + p->filesz);
	} else {
		p->memsz = a->bss_end_addr - load;
	}
	return 0;
}

static int aout_compute(kx_ctx *ctx, const char *name, const char *proto,
			struct mb_aout *a, bool mb2, size_t hdr_off,
			size_t size)
{
	uint64_t load = 0, offset = 0;
	int rc;

	rc = aout_load_addr(ctx, name, proto, a, mb2, hdr_off, &load);
	if (rc == 0)
		rc = aout_offset(ctx, name, proto, a, load, hdr_off, &offset);
	if (rc == 0)
		rc = aout_sizes(ctx, name, proto, a, load, offset, size,
				&a->piece);
	if (rc)
		return rc;
	a->piece.offset = offset;
	a->piece.addr = load;
	a->piece.index = 0;
	return 0;
}

static int check_entry_in_piece(kx_ctx *ctx, const char *name,
				const char *proto, const struct elf_piece *p,
				uint32_t entry)
{
	/* Zero is no address a kernel starts at: it means the kludge's
	 * fields were left unset, and nothing could jump there. */
	if (entry == 0)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s entry_addr is 0 (the a.out kludge "
			       "flag is set but its address fields are not)",
			       name, proto);
	if (entry < p->addr || entry - p->addr >= p->memsz)
		return kx_fail(ctx, -EINVAL,
			       "%s: %s entry_addr 0x%" PRIx32
			       " is outside the loaded image [0x%" PRIx64
			       "-0x%" PRIx64 ")",
			       name, proto, entry, p->addr, p->addr + p->memsz);
	return 0;
}

int mb_aout_place(kx_ctx *ctx, const char *name, const char *proto,
		  struct mb_aout *a, bool mb2, size_t hdr_off, size_t size,
		  uint32_t entry)
{
	int rc = aout_compute(ctx, name, proto, a, mb2, hdr_off, size);

	if (rc)
		return rc;
	return check_entry_in_piece(ctx, name, proto, &a->piece, entry);
}
