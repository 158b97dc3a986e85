/* libFuzzer target: the bzImage setup-header parser. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/bzimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a successful parse promises the layers above. */
static void check_accepted(const uint8_t *data, size_t size,
			   const struct kx_bzimage_info *info)
{
	size_t i;

	if (!bzimage_probe(data, size) ||
	    info->payload_offset + info->payload_size > size ||
	    info->setup_size > size || bzimage_header_end(data) > size ||
	    info->protocol < KX_BZ_MIN_PROTOCOL_64 ||
	    !(info->xloadflags & KX_XLF_KERNEL_64) ||
	    info->init_size < info->payload_size || info->min_alignment > 31)
		abort();
	for (i = 0; info->version[i]; i++)
		if (i >= sizeof(info->version) - 1 ||
		    (unsigned char)info->version[i] < 0x20 ||
		    (unsigned char)info->version[i] > 0x7e)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kx_bzimage_info info;
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	if (!ctx)
		return 0;
	rc = kx_bzimage_parse(ctx, "fuzz", data, size, &info);
	if (rc == 0) {
		check_accepted(data, size, &info);
		bzimage_check_cmdline(ctx, "fuzz", &info, size);
	} else if (rc >= 0 || strchr(kx_ctx_message(ctx), '\n') ||
		   strncmp(kx_ctx_message(ctx), "fuzz: ", 6) != 0) {
		abort();
	}
	kx_ctx_free(ctx);
	return 0;
}
