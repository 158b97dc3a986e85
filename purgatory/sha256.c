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

#define S0(x) (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define S1(x) (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define s0(x) (ror(x, 7) ^ ror(x, 18) ^ ((x) >> 3))
#define s1(x) (ror(x, 17) ^ ror(x, 19) ^ ((x) >> 10))

/* The message schedule is kept as a 16-word ring: w[t] only depends on
 * w[t-2], w[t-7], w[t-15] and w[t-16]. */
static uint32_t schedule(uint32_t w[16], unsigned t)
{
	if (t >= 16)
		w[t & 15] += s0(w[(t - 15) & 15]) + w[(t - 7) & 15] +
			     s1(w[(t - 2) & 15]);
	return w[t & 15];
}

/* One round.  Instead of shifting a..h down each round, the callers rename
 * them: only d and h change, and eight rounds bring the names back. */
#define ROUND(a, b, c, d, e, f, g, h, t)                                       \
	do {                                                                   \
		uint32_t t1 =                                                  \
		    h + S1(e) + ((e & f) ^ (~e & g)) + k[t] + schedule(w, t);  \
		d += t1;                                                       \
		h = t1 + S0(a) + ((a & b) ^ (a & c) ^ (b & c));                \
	} while (0)

static void compress(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4],
			f = h[5], g = h[6], hh = h[7];
	unsigned t;

	for (t = 0; t < 16; t++)
		w[t] = load_be32(p + 4 * t);
	for (t = 0; t < 64; t += 8) {
		ROUND(a, b, c, d, e, f, g, hh, t);
		ROUND(hh, a, b, c, d, e, f, g, t + 1);
		ROUND(g, hh, a, b, c, d, e, f, t + 2);
		ROUND(f, g, hh, a, b, c, d, e, t + 3);
		ROUND(e, f, g, hh, a, b, c, d, t + 4);
		ROUND(d, e, f, g, hh, a, b, c, t + 5);
		ROUND(c, d, e, f, g, hh, a, b, t + 6);
		ROUND(b, c, d, e, f, g, hh, a, t + 7);
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
	h[5] += f;
	h[6] += g;
	h[7] += hh;
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
