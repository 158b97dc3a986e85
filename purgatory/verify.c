/* Verification of the loaded pieces and the text of the failure report.
 * Pure computation on memory: no port I/O, so it also runs (relocated) in a
 * host process for the tests and the bench. */
#include "verify.h"

#include "sha256.h"
#include "xxh3.h"

/* Loaded memory is read as 64-bit words; may_alias because those words are
 * whatever objects the loader put there. */
typedef uint64_t __attribute__((may_alias)) kx_word;

uintptr_t kx_purgatory_find_nonzero(uintptr_t start, uintptr_t end)
{
	uintptr_t p = start;

	for (; p < end && (p & 7); p++)
		if (*(const uint8_t *)p)
			return p;
	/* One branch per 64 bytes keeps the loop at memory speed; the byte
	 * loop below then finds the exact byte inside a dirty block. */
	while (end - p >= 64) {
		const kx_word *w = (const kx_word *)p;

		if (w[0] | w[1] | w[2] | w[3] | w[4] | w[5] | w[6] | w[7])
			break;
		p += 64;
	}
	for (; p < end; p++)
		if (*(const uint8_t *)p)
			return p;
	return end;
}

static int fail(struct kx_purgatory_failure *f, uint32_t fault, uint32_t region,
		uint64_t addr)
{
	f->fault = fault;
	f->region = region;
	f->addr = addr;
	return -1;
}

static int header_ok(const struct kx_purgatory_params *p)
{
	return p->magic == KX_PURGATORY_MAGIC &&
	       p->version == KX_PURGATORY_VERSION && p->size == sizeof(*p) &&
	       (p->digest_alg == KX_PURG_DIGEST_SHA256 ||
		p->digest_alg == KX_PURG_DIGEST_XXH3_128) &&
	       p->nr_regions <= KX_PURGATORY_MAX_REGIONS;
}

/* Bytes of region.digest the algorithm fills; the rest stay zero. */
static unsigned digest_size(uint8_t alg)
{
	return alg == KX_PURG_DIGEST_XXH3_128 ? KX_XXH3_SIZE : KX_SHA256_SIZE;
}

static void digest(uint8_t alg, const void *data, size_t len, uint8_t *out)
{
	if (alg == KX_PURG_DIGEST_XXH3_128)
		kx_xxh3_128(data, len, out);
	else
		kx_sha256(data, len, out);
}

static int digest_equal(uint8_t alg, const uint8_t *a, const uint8_t *b)
{
	uint8_t diff = 0;
	unsigned i;

	for (i = 0; i < digest_size(alg); i++)
		diff |= a[i] ^ b[i];
	return diff == 0;
}

/* Only the bytes that carry data are hashed.  The zero-filled tail costs a
 * word-wise read instead of hash rounds, and is skipped entirely where
 * the loader says the next kernel never reads it before writing it. */
static int verify_region(const struct kx_purgatory_region *r, uint32_t i,
			 uint8_t alg, struct kx_purgatory_failure *f)
{
	uint64_t end = r->addr + r->memsz;
	uintptr_t tail, bad;

	if (r->bufsz > r->memsz || end < r->addr)
		return fail(f, KX_PURG_FAULT_PARAMS, i, r->addr);
	digest(alg, (const void *)(uintptr_t)r->addr, r->bufsz, f->got);
	if (!digest_equal(alg, f->got, r->digest))
		return fail(f, KX_PURG_FAULT_DIGEST, i, r->addr);
	if (r->flags & KX_PURG_REGION_SKIP_TAIL)
		return 0;
	tail = (uintptr_t)(r->addr + r->bufsz);
	bad = kx_purgatory_find_nonzero(tail, (uintptr_t)end);
	if (bad != (uintptr_t)end)
		return fail(f, KX_PURG_FAULT_TAIL, i, bad);
	return 0;
}

int kx_purgatory_verify(const struct kx_purgatory_params *p,
			struct kx_purgatory_failure *f)
{
	uint32_t i;

	f->fault = KX_PURG_FAULT_NONE;
	if (!header_ok(p))
		return fail(f, KX_PURG_FAULT_PARAMS, KX_PURG_NO_REGION, 0);
	if (p->flags & KX_PURG_NO_CHECKS)
		return 0;
	for (i = 0; i < p->nr_regions; i++)
		if (verify_region(&p->regions[i], i, p->digest_alg, f))
			return -1;
	return 0;
}

/* A bounded string builder: the report must never overrun the stack. */
struct out {
	char *buf;
	size_t len, pos;
};

static void put_char(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos++] = c;
}

static void put_str(struct out *o, const char *s)
{
	while (*s)
		put_char(o, *s++);
}

static char hex_digit(unsigned v)
{
	return (char)(v < 10 ? '0' + v : 'a' + v - 10);
}

static void put_hex(struct out *o, uint64_t v)
{
	int shift = 60;

	put_str(o, "0x");
	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		put_char(o, hex_digit((v >> shift) & 15));
}

static void put_dec(struct out *o, uint32_t v)
{
	char digits[10];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		put_char(o, digits[--n]);
}

static void put_digest(struct out *o, uint8_t alg, const uint8_t *d)
{
	unsigned i;

	for (i = 0; i < digest_size(alg); i++) {
		put_char(o, hex_digit(d[i] >> 4));
		put_char(o, hex_digit(d[i] & 15));
	}
}

size_t kx_purgatory_format_failure(char *buf, size_t len,
				   const struct kx_purgatory_params *p,
				   const struct kx_purgatory_failure *f)
{
	struct out o = {buf, len, 0};

	put_str(&o, "purgatory: ");
	switch (f->fault) {
	case KX_PURG_FAULT_NONE:
		put_str(&o, "ok");
		break;
	case KX_PURG_FAULT_DIGEST:
		put_str(&o, p->digest_alg == KX_PURG_DIGEST_XXH3_128
				? "xxh3-128"
				: "sha256");
		put_str(&o, " mismatch in region ");
		put_dec(&o, f->region);
		put_str(&o, " at ");
		put_hex(&o, f->addr);
		put_str(&o, ", expected ");
		if (f->region < KX_PURGATORY_MAX_REGIONS)
			put_digest(&o, p->digest_alg,
				   p->regions[f->region].digest);
		put_str(&o, ", got ");
		put_digest(&o, p->digest_alg, f->got);
		break;
	case KX_PURG_FAULT_TAIL:
		put_str(&o, "non-zero byte in the zero tail of region ");
		put_dec(&o, f->region);
		put_str(&o, " at ");
		put_hex(&o, f->addr);
		break;
	default:
		put_str(&o, "bad parameters");
		if (f->region != KX_PURG_NO_REGION) {
			put_str(&o, " in region ");
			put_dec(&o, f->region);
		}
		break;
	}
	put_str(&o, "\r\n");
	if (o.len)
		o.buf[o.pos] = '\0';
	return o.pos;
}
