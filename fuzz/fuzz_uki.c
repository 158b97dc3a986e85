/* libFuzzer target: the PE section table of a unified kernel image, and
 * os-release text as its .osrel section holds it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/pe.h"
#include "entries/uki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pe_info pe;
	kx_ctx *ctx = kx_ctx_new();
	char *v = NULL;

	if (!ctx)
		return 0;
	/* Headers alone, then with the whole file to check sections in. */
	(void)pe_parse(ctx, "f.efi", data, size < 4096 ? size : 4096,
		       (uint64_t)size, &pe);
	if (pe_parse(ctx, "f.efi", data, size, (uint64_t)size, &pe) == 0) {
		for (size_t i = 0; i < pe.n; i++)
			if (pe.s[i].offset > size ||
			    pe.s[i].size > size - pe.s[i].offset)
				abort();
	} else if (!kx_ctx_message(ctx)[0]) {
		abort(); /* every refusal says why */
	}
	if (osrel_value((const char *)data, size, "PRETTY_NAME", &v) == 0)
		free(v);
	kx_ctx_free(ctx);
	return 0;
}
