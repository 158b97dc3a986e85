/* XXH3-128 (xxHash, Debian's libxxhash-dev used header-only).  One source,
 * two users, like sha256.c: the purgatory (freestanding, scalar code) and
 * the library, which includes xxh3.c from lib/segment/xxh3.c, so the
 * digests the loader writes come from the same hash as the check. */
#ifndef KX_PURGATORY_XXH3_H
#define KX_PURGATORY_XXH3_H

#include <stddef.h>
#include <stdint.h>

#define KX_XXH3_SIZE 16

/* The canonical (big-endian) form of XXH3_128bits(DATA, LEN), as
 * XXH128_canonicalFromHash writes it and `xxhsum -H2` prints it. */
void kx_xxh3_128(const void *data, size_t len, uint8_t out[KX_XXH3_SIZE]);

#endif
