/* SHA-256 after FIPS 180-4, written for size and for building both
 * freestanding (purgatory) and hosted (library): no libc calls, byte loops
 * instead of memcpy, big-endian loads done by hand. */
#include "sha256.h"

static const uint32_t k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* The message schedule is kept as a 16-word ring: w[t] only depends on
 * w[t-2], w[t-7], w[t-15] and w[t-16]. */
static void compress(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[16], v[8];
	unsigned t, i;

	for (t = 0; t < 16; t++)
		w[t] = load_be32(p + 4 * t);
	for (i = 0; i < 8; i++)
		v[i] = h[i];
	for (t = 0; t < 64; t++) {
		uint32_t s0, s1, t1, t2;

		if (t >= 16) {
			uint32_t a = w[(t - 15) & 15], b = w[(t - 2) & 15];

			s0 = ror(a, 7) ^ ror(a, 18) ^ (a >> 3);
			s1 = ror(b, 17) ^ ror(b, 19) ^ (b >> 10);
			w[t & 15] += s0 + w[(t - 7) & 15] + s1;
		}
		t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + k[t] + w[t & 15];
		t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		for (i = 7; i > 0; i--)
			v[i] = v[i - 1];
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

void kx_sha256_init(struct kx_sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	unsigned i;

	for (i = 0; i < 8; i++)
		s->h[i] = iv[i];
	s->len = 0;
}

void kx_sha256_update(struct kx_sha256 *s, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t used = s->len & 63;

	s->len += len;
	/* Whole blocks go straight from the input; only a partial block at
	 * either end is copied. */
	if (used) {
		while (len && used < 64) {
			s->block[used++] = *p++;
			len--;
		}
		if (used < 64)
			return;
		compress(s->h, s->block);
	}
	for (; len >= 64; len -= 64, p += 64)
		compress(s->h, p);
	for (used = 0; used < len; used++)
		s->block[used] = p[used];
}

void kx_sha256_final(struct kx_sha256 *s, uint8_t out[KX_SHA256_SIZE])
{
	uint64_t bits = s->len * 8;
	size_t used = s->len & 63;
	unsigned i;

	s->block[used++] = 0x80;
	if (used > 56) {
		while (used < 64)
			s->block[used++] = 0;
		compress(s->h, s->block);
		used = 0;
	}
	while (used < 56)
		s->block[used++] = 0;
	store_be32(s->block + 56, (uint32_t)(bits >> 32));
	store_be32(s->block + 60, (uint32_t)bits);
	compress(s->h, s->block);
	for (i = 0; i < 8; i++)
		store_be32(out + 4 * i, s->h[i]);
}

void kx_sha256(const void *data, size_t len, uint8_t out[KX_SHA256_SIZE])
{
	struct kx_sha256 s;

	kx_sha256_init(&s);
	kx_sha256_update(&s, data, len);
	kx_sha256_final(&s, out);
}
