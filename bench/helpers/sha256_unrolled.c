/* SHA-256 (FIPS 180-4) with all 64 rounds written out: the round constants
 * are immediates and every message-schedule index is a compile-time
 * constant.  Not used by the library: sha256speed compares it with
 * purgatory/sha256.c (rolled loop, constants read from a table, schedule
 * ring indexed at run time) to show what the shape of the code costs,
 * natively and under QEMU's TCG, where every memory access is expensive.
 * Build with -DUNROLLED_NAME=name to choose the function's name. */
#include <stddef.h>
#include <stdint.h>

#ifndef UNROLLED_NAME
#define UNROLLED_NAME unrolled_sha256
#endif

#define ROR(x, n)    (((x) >> (n)) | ((x) << (32 - (n))))
#define S0(x)	     (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define S1(x)	     (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define G0(x)	     (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define G1(x)	     (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
#define CH(e, f, g)  ((g) ^ ((e) & ((f) ^ (g))))
#define MAJ(a, b, c) (((a) & (b)) | ((c) & ((a) | (b))))

/* W(i) for i >= 16 updates the 16-word ring in place. */
#define W(i)                                                                   \
	((i) < 16 ? w[(i)&15]                                                  \
		  : (w[(i)&15] += G1(w[((i)-2) & 15]) + w[((i)-7) & 15] +      \
				  G0(w[((i)-15) & 15])))
#define R(a, b, c, d, e, f, g, h, i, K)                                        \
	do {                                                                   \
		uint32_t t1 = h + S1(e) + CH(e, f, g) + (K) + W(i);            \
		d += t1;                                                       \
		h = t1 + S0(a) + MAJ(a, b, c);                                 \
	} while (0)
#define R8(i, K0, K1, K2, K3, K4, K5, K6, K7)                                  \
	R(a, b, c, d, e, f, g, h, i + 0, K0);                                  \
	R(h, a, b, c, d, e, f, g, i + 1, K1);                                  \
	R(g, h, a, b, c, d, e, f, i + 2, K2);                                  \
	R(f, g, h, a, b, c, d, e, i + 3, K3);                                  \
	R(e, f, g, h, a, b, c, d, i + 4, K4);                                  \
	R(d, e, f, g, h, a, b, c, i + 5, K5);                                  \
	R(c, d, e, f, g, h, a, b, i + 6, K6);                                  \
	R(b, c, d, e, f, g, h, a, i + 7, K7)

static void compress(uint32_t st[8], const uint8_t *p)
{
	uint32_t w[16], a = st[0], b = st[1], c = st[2], d = st[3], e = st[4],
			f = st[5], g = st[6], h = st[7];

	/* One 32-bit load and a byte swap per word: a byte loop here is what
	 * gcc -O2 turns into SSE shuffles, which TCG emulates slowly. */
	for (int i = 0; i < 16; i++) {
		uint32_t v;

		__builtin_memcpy(&v, p + 4 * i, 4);
		w[i] = __builtin_bswap32(v);
	}
	R8(0, 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	   0x59f111f1, 0x923f82a4, 0xab1c5ed5);
	R8(8, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
	   0x80deb1fe, 0x9bdc06a7, 0xc19bf174);
	R8(16, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	   0x4a7484aa, 0x5cb0a9dc, 0x76f988da);
	R8(24, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3,
	   0xd5a79147, 0x06ca6351, 0x14292967);
	R8(32, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354,
	   0x766a0abb, 0x81c2c92e, 0x92722c85);
	R8(40, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	   0xd6990624, 0xf40e3585, 0x106aa070);
	R8(48, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3,
	   0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3);
	R8(56, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa,
	   0xa4506ceb, 0xbef9a3f7, 0xc67178f2);
	st[0] += a;
	st[1] += b;
	st[2] += c;
	st[3] += d;
	st[4] += e;
	st[5] += f;
	st[6] += g;
	st[7] += h;
}

void UNROLLED_NAME(const void *data, size_t len, uint8_t out[32]);

void UNROLLED_NAME(const void *data, size_t len, uint8_t out[32])
{
	uint32_t st[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	const uint8_t *p = data;
	uint8_t last[128] = {0};
	uint64_t bits = (uint64_t)len * 8;
	size_t n, i;

	for (; len >= 64; len -= 64, p += 64)
		compress(st, p);
	for (i = 0; i < len; i++)
		last[i] = p[i];
	last[len] = 0x80;
	n = len < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		last[n - 1 - i] = (uint8_t)(bits >> (8 * i));
	compress(st, last);
	if (n == 128)
		compress(st, last + 64);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(st[i] >> 24);
		out[4 * i + 1] = (uint8_t)(st[i] >> 16);
		out[4 * i + 2] = (uint8_t)(st[i] >> 8);
		out[4 * i + 3] = (uint8_t)st[i];
	}
}
