/* sha256speed [MIB]: SHA-256 throughput of two builds over MIB (default
 * 32) MiB of pseudo-random data, best of three, one line each:
 *   SHA256 impl=NAME mib_s=SPEED digest_ok=0|1
 * lib-O2 and purg-Os are purgatory/sha256.c as the library (-O2) and the
 * purgatory (-Os) build it.  bench/run links both objects in with renamed
 * symbols (see there).  Run natively and in the benchmark guest. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void o2_sha256(const void *data, size_t len, uint8_t out[32]);
void os_sha256(const void *data, size_t len, uint8_t out[32]);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 32;
	size_t len = mib << 20;
	uint8_t *buf = malloc(len), ref[32], got[32];
	uint64_t x = 88172645463325252ull;
	static const struct {
		const char *name;
		void (*fn)(const void *, size_t, uint8_t *);
	} impl[] = {
	    {"lib-O2", o2_sha256},
	    {"purg-Os", os_sha256},
	};

	if (!buf || !mib)
		return 1;
	for (size_t i = 0; i < len; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(buf + i, &x, 8);
	}
	o2_sha256(buf, len, ref);
	for (size_t i = 0; i < sizeof(impl) / sizeof(impl[0]); i++) {
		double best = 1e9;

		for (int r = 0; r < 3; r++) {
			double t = now();

			impl[i].fn(buf, len, got);
			t = now() - t;
			if (t < best)
				best = t;
		}
		printf("SHA256 impl=%s mib_s=%.1f digest_ok=%d\n", impl[i].name,
		       mib / best, memcmp(ref, got, 32) == 0);
		fflush(stdout);
	}
	free(buf);
	return 0;
}
