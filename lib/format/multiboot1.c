/* Multiboot 1 (spec 0.6.96) image headers. */
#include "format/multiboot.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "core/bytes.h"
#include "format/multiboot_common.h"

#define MB1_BASE_LEN  12u /* magic, flags, checksum */
#define MB1_AOUT_LEN  32u /* ... header_addr .. entry_addr */
#define MB1_VIDEO_LEN 48u /* ... mode_type .. depth */

static const struct mb_scan mb1_scan = {MB1_HEADER_MAGIC, MB1_SEARCH,
					MB1_HEADER_ALIGN, MB1_BASE_LEN};

bool multiboot1_probe(const void *data, size_t size)
{
	size_t off, bad;

	return mb_scan_header(&mb1_scan, data, size, &off, &bad);
}

static uint32_t mb1_length(uint32_t flags)
{
	if (flags & MB1_FLAG_VIDEO)
		return MB1_VIDEO_LEN;
	if (flags & MB1_FLAG_AOUT_KLUDGE)
		return MB1_AOUT_LEN;
	return MB1_BASE_LEN;
}

static int lowest_bit(uint32_t v)
{
	int b = 0;

	while (!(v & 1)) {
		v >>= 1;
		b++;
	}
	return b;
}

static int mb1_check_flags(kx_ctx *ctx, const char *name, uint32_t flags)
{
	uint32_t unknown = flags & MB1_FLAGS_MANDATORY & ~MB1_FLAGS_KNOWN;

	if (unknown)
		return kx_fail(
		    ctx, -EINVAL,
		    "%s: Multiboot header requires unknown mandatory "
		    "feature bit %d (flags 0x%08" PRIx32 ")",
		    name, lowest_bit(unknown), flags);
	return 0;
}

static void mb1_read_fields(const uint8_t *h, struct mb1_header *hdr)
{
	if (hdr->flags & MB1_FLAG_AOUT_KLUDGE) {
		hdr->has_aout = true;
		hdr->aout.header_addr = get_le32(h + 12);
		hdr->aout.load_addr = get_le32(h + 16);
		hdr->aout.load_end_addr = get_le32(h + 20);
		hdr->aout.bss_end_addr = get_le32(h + 24);
		hdr->entry_addr = get_le32(h + 28);
	}
	if (hdr->flags & MB1_FLAG_VIDEO) {
		hdr->has_video = true;
		hdr->mode_type = get_le32(h + 32);
		hdr->width = get_le32(h + 36);
		hdr->height = get_le32(h + 40);
		hdr->depth = get_le32(h + 44);
	}
}

int multiboot1_find(kx_ctx *ctx, const char *name, const void *data,
		    size_t size, struct mb1_header *hdr)
{
	static const char proto[] = "Multiboot";
	const uint8_t *d = data;
	int rc;

	memset(hdr, 0, sizeof(*hdr));
	rc = mb_locate(ctx, name, proto, &mb1_scan, d, size, &hdr->offset);
	if (rc)
		return rc;
	hdr->flags = get_le32(d + hdr->offset + 4);
	rc = mb1_check_flags(ctx, name, hdr->flags);
	if (rc == 0)
		rc = mb_check_extent(ctx, name, proto, &mb1_scan, hdr->offset,
				     mb1_length(hdr->flags), size);
	if (rc)
		return rc;
	mb1_read_fields(d + hdr->offset, hdr);
	if (!hdr->has_aout)
		return 0;
	return mb_aout_place(ctx, name, proto, &hdr->aout, false, hdr->offset,
			     size, hdr->entry_addr);
}
