/* XXH3-128 through xxHash's header (see xxh3.h).  In the purgatory the
 * build passes -DXXH_VECTOR=XXH_SCALAR: relocate_kernel leaves CR4 without
 * OSFXSR, so any SSE instruction would fault; purgatory/include/ gives the
 * header the few libc declarations it names. */
#include "xxh3.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

void kx_xxh3_128(const void *data, size_t len, uint8_t out[KX_XXH3_SIZE])
{
	XXH128_canonical_t c;
	unsigned i;

	XXH128_canonicalFromHash(&c, XXH3_128bits(data, len));
	for (i = 0; i < KX_XXH3_SIZE; i++)
		out[i] = c.digest[i];
}
