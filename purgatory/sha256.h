/* SHA-256 (FIPS 180-4).  One source, two users: the purgatory (freestanding)
 * and the library, which includes sha256.c from lib/segment/sha256.c, so the
 * digests the loader writes come from the code that checks them. */
#ifndef KX_PURGATORY_SHA256_H
#define KX_PURGATORY_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define KX_SHA256_SIZE 32

struct kx_sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	uint8_t block[64];
};

void kx_sha256_init(struct kx_sha256 *s);
void kx_sha256_update(struct kx_sha256 *s, const void *data, size_t len);
void kx_sha256_final(struct kx_sha256 *s, uint8_t out[KX_SHA256_SIZE]);
void kx_sha256(const void *data, size_t len, uint8_t out[KX_SHA256_SIZE]);

#endif
