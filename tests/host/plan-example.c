/* A program written against include/libkexec.h alone, as a user of the
 * installed library would write it (tests/host/install.sh builds it with
 * `pkg-config --cflags --libs libkexec`): it plans a kexec_load of KERNEL
 * over the machine below ROOT and prints every field of the plan, loading
 * nothing.
 *
 *   plan-example KERNEL [ROOT]
 */
#include <inttypes.h>
#include <stdio.h>

#include <libkexec.h>

static void print_fields(const kx_plan *plan)
{
	for (int k = 1; k < KX_KEY__MAX; k++) {
		const char *s = kx_plan_get_str(plan, (enum kx_key)k);
		uint64_t v;

		if (s)
			printf("%s: %s\n", kx_key_name((enum kx_key)k), s);
		else if (kx_plan_get_u64(plan, (enum kx_key)k, &v) == 0)
			printf("%s: 0x%" PRIx64 "\n",
			       kx_key_name((enum kx_key)k), v);
	}
}

static void print_segments(const kx_plan *plan)
{
	size_t n = kx_plan_count(plan, KX_LIST_SEGMENTS);

	for (size_t i = 0; i < n; i++) {
		uint64_t mem = 0, memsz = 0;

		kx_plan_item_u64(plan, KX_LIST_SEGMENTS, i, KX_KEY_MEM, &mem);
		kx_plan_item_u64(plan, KX_LIST_SEGMENTS, i, KX_KEY_MEMSZ,
				 &memsz);
		printf("segment %zu: 0x%" PRIx64 " +0x%" PRIx64 " %s\n", i, mem,
		       memsz,
		       kx_plan_item_str(plan, KX_LIST_SEGMENTS, i,
					KX_KEY_NAME));
	}
}

int main(int argc, char **argv)
{
	kx_ctx *ctx = kx_ctx_new();
	kx_request *req = NULL;
	kx_plan *plan = NULL;
	int rc;

	if (argc < 2 || !ctx) {
		fprintf(stderr, "usage: plan-example KERNEL [ROOT]\n");
		return 2;
	}
	printf("libkexec %s (built against %s)\n", kx_version(),
	       KX_VERSION_STRING);
	rc = argc > 2 ? kx_ctx_set_root(ctx, argv[2]) : 0;
	if (!rc)
		rc = kx_request_new(ctx, &req);
	if (!rc)
		rc = kx_request_set_kernel(req, argv[1]);
	if (!rc)
		rc = kx_request_set_cmdline(req, "console=ttyS0 quiet");
	if (!rc)
		rc = kx_plan_create(ctx, req, &plan);
	if (!rc)
		rc = kx_plan_build_classic(ctx, plan);
	if (!rc) {
		print_fields(plan);
		print_segments(plan);
	} else {
		fprintf(stderr, "plan-example: %s\n", kx_ctx_message(ctx));
	}
	kx_plan_free(plan);
	kx_request_free(req);
	kx_ctx_free(ctx);
	return rc ? 1 : 0;
}
