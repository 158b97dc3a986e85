/* libFuzzer target: gzip, xz and zstd decompression under a size limit. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/decompress.h"

/* Small enough to keep iterations fast; bombs hit it quickly. */
#define FUZZ_MAX_OUT (4u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kx_buf out = {NULL, 0};
	kx_ctx *ctx = kx_ctx_new();
	int rc;

	if (!ctx)
		return 0;
	rc = kx_decompress(ctx, "fuzz", data, size, FUZZ_MAX_OUT, &out);
	if (rc == 0 && (out.size > FUZZ_MAX_OUT ||
			kx_detect_compression(data, size) == KX_COMP_NONE))
		abort();
	if (rc != 0 &&
	    (rc > 0 || out.data || strchr(kx_ctx_message(ctx), '\n') ||
	     strncmp(kx_ctx_message(ctx), "fuzz: ", 6) != 0))
		abort();
	kx_buf_free(&out);
	kx_ctx_free(ctx);
	return 0;
}
