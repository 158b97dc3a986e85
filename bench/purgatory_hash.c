/* How long the purgatory's verification takes, measured on the purgatory's
 * own compiled code (relocated into this process and called directly) for
 * one piece of 10 MiB of data followed by a 300 MiB zero-filled tail:
 *   reference: SHA-256 over the whole memsz, as kexec-tools and Linux do;
 *   ours:      SHA-256 over the data, a word-wise zero check of the tail;
 *   skip-tail: SHA-256 over the data only (KX_PURG_REGION_SKIP_TAIL);
 * then the same two with XXH3-128 (the purgatory's scalar build), and each
 * digest's speed on the data alone, in the purgatory and in the library.
 * Usage: purgatory_hash [DATA_MIB [TAIL_MIB [RUNS]]]; prints the best run. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "../purgatory/verify.h"
#include "core/ctx.h"
#include "segment/purgatory.h"
#include "segment/sha256.h"
#include "segment/xxh3.h"

typedef int verify_fn(const struct kx_purgatory_params *,
		      struct kx_purgatory_failure *);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, kx_ctx *ctx)
{
	fprintf(stderr, "purgatory_hash: %s: %s\n", what,
		ctx ? kx_ctx_message(ctx) : "failed");
	exit(1);
}

/* The purgatory relocated at an address of our own, with P written in. */
static struct kx_purgatory_params *
load(kx_ctx *ctx, const struct kx_purgatory_params *p, verify_fn **verify)
{
	struct kx_purgatory_layout lay;
	struct kx_purgatory_image img;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	struct kx_purgatory_params *live;
	uint64_t addr;
	void *m;

	if (kx_purgatory_layout(ctx, obj, size, &lay))
		die("layout", ctx);
	m = mmap(NULL, lay.memsz, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		die("mmap of the purgatory", NULL);
	if (kx_purgatory_build(ctx, obj, size, (uintptr_t)m, p, &img))
		die("build", ctx);
	memcpy(m, img.buf, img.bufsz);
	if (kx_purgatory_symbol(ctx, obj, size, (uintptr_t)m,
				"kx_purgatory_verify", &addr))
		die("symbol", ctx);
	*verify = (verify_fn *)(uintptr_t)addr;
	live = (struct kx_purgatory_params *)(uintptr_t)img.params;
	kx_purgatory_image_free(&img);
	return live;
}

static double best_of(verify_fn *verify, const struct kx_purgatory_params *p,
		      int runs)
{
	struct kx_purgatory_failure f;
	double best = 1e9;

	for (int i = 0; i < runs; i++) {
		double t = now();

		if (verify(p, &f) != 0) {
			fprintf(stderr, "purgatory_hash: verify failed (%u)\n",
				f.fault);
			exit(1);
		}
		t = now() - t;
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	size_t data_mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 10;
	size_t tail_mib = argc > 2 ? strtoul(argv[2], NULL, 0) : 300;
	int runs = argc > 3 ? atoi(argv[3]) : 3;
	size_t data = data_mib << 20, total = (data_mib + tail_mib) << 20;
	struct kx_purgatory_params p, *live;
	kx_ctx *ctx = kx_ctx_new();
	verify_fn *verify;
	uint8_t *piece;
	double t_ref, t_ours, t_skip, t_lib, x_ours, x_skip, x_lib;

	if (!ctx)
		return 1;
	/* MAP_POPULATE: real zeroed pages, not the shared zero page, which
	 * would make the tail look faster than memory is. */
	piece = mmap(NULL, total, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (piece == MAP_FAILED)
		die("mmap of the piece", NULL);
	srand(1);
	for (size_t i = 0; i < data; i++)
		piece[i] = (uint8_t)rand();

	kx_purgatory_params_init(&p);
	p.entry = 0x1000000;
	if (kx_purgatory_add_region(ctx, &p, (uintptr_t)piece, piece, total,
				    total, 0))
		die("region", ctx);
	live = load(ctx, &p, &verify);
	t_ref = best_of(verify, live, runs);

	live->regions[0].bufsz = data;
	kx_sha256(piece, data, live->regions[0].digest);
	t_ours = best_of(verify, live, runs);
	live->regions[0].flags = KX_PURG_REGION_SKIP_TAIL;
	t_skip = best_of(verify, live, runs);

	/* XXH3-128: the purgatory's scalar code on the same piece. */
	live->digest_alg = KX_PURG_DIGEST_XXH3_128;
	memset(live->regions[0].digest, 0, KX_PURG_DIGEST_MAX);
	kx_xxh3_128(piece, data, live->regions[0].digest);
	x_skip = best_of(verify, live, runs);
	live->regions[0].flags = 0;
	x_ours = best_of(verify, live, runs);

	/* The same sources at the library's -O2 (XXH3 with SSE2 there). */
	t_lib = now();
	kx_sha256(piece, data, p.regions[0].digest);
	t_lib = now() - t_lib;
	x_lib = now();
	kx_xxh3_128(piece, data, p.regions[0].digest);
	x_lib = now() - x_lib;

	printf("piece: %zu MiB data + %zu MiB zero tail, best of %d\n",
	       data_mib, tail_mib, runs);
	printf("reference (sha256 over memsz):    %8.1f ms\n", t_ref * 1e3);
	printf("ours (sha256 data + zero check):  %8.1f ms\n", t_ours * 1e3);
	printf("ours, tail skipped:               %8.1f ms\n", t_skip * 1e3);
	printf("sha256 speed (purgatory, -Os):    %8.1f MiB/s\n",
	       data_mib / t_skip);
	printf("sha256 speed (library, -O2):      %8.1f MiB/s\n",
	       data_mib / t_lib);
	printf("zero check speed:                 %8.1f MiB/s\n",
	       tail_mib / (t_ours - t_skip));
	printf("ours (xxh3 data + zero check):    %8.1f ms\n", x_ours * 1e3);
	printf("ours (xxh3), tail skipped:        %8.1f ms\n", x_skip * 1e3);
	printf("xxh3-128 speed (purgatory, scalar -O2): %8.1f MiB/s\n",
	       data_mib / x_skip);
	printf("xxh3-128 speed (library, -O2, SSE2):    %8.1f MiB/s\n",
	       data_mib / x_lib);
	munmap(piece, total);
	kx_ctx_free(ctx);
	return 0;
}
