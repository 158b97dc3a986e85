/* The damage the purgatory's check is there to catch, made on purpose:
 * a stray write into the kernel after load.  The library hashes the
 * segments before it calls kexec_load, so a kexec_load that flips a byte
 * of a private copy of the kernel segment hands the kernel bytes whose
 * digest no longer matches.  The plan itself is left untouched. */
#ifdef KX_TEST_HOOKS

#include "testhook.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Far enough into the kernel to be code the kernel runs, as before. */
#define CORRUPT_OFFSET 0x1000

/* Where the plan put its kernel: its segment's destination. */
static int kernel_mem(const kx_plan *plan, uint64_t *mem)
{
	size_t n = kx_plan_count(plan, KX_LIST_SEGMENTS);

	for (size_t i = 0; i < n; i++) {
		const char *name =
		    kx_plan_item_str(plan, KX_LIST_SEGMENTS, i, KX_KEY_NAME);

		if (name && !strcmp(name, "kernel"))
			return kx_plan_item_u64(plan, KX_LIST_SEGMENTS, i,
						KX_KEY_MEM, mem);
	}
	return -ENOENT;
}

static long real_kexec_load(unsigned long entry, unsigned long nr,
			    const struct kx_segment *segs, unsigned long flags)
{
	long rc = syscall(SYS_kexec_load, entry, nr, segs, flags);

	return rc < 0 ? -errno : rc;
}

/* SEGS with the kernel segment's buffer replaced by a damaged copy. */
static long corrupt_kexec_load(void *data, unsigned long entry,
			       unsigned long nr, const struct kx_segment *segs,
			       unsigned long flags)
{
	struct kx_segment *copy = calloc(nr ? nr : 1, sizeof(*copy));
	uint8_t *buf = NULL;
	uint64_t mem;
	long rc;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, segs, nr * sizeof(*copy));
	for (unsigned long i = 0; !kernel_mem(data, &mem) && i < nr; i++) {
		if (copy[i].mem != mem || copy[i].bufsz <= CORRUPT_OFFSET)
			continue;
		buf = malloc(copy[i].bufsz);
		if (!buf)
			break;
		memcpy(buf, copy[i].buf, copy[i].bufsz);
		buf[CORRUPT_OFFSET] ^= 0xff;
		copy[i].buf = buf;
		break;
	}
	rc = buf ? real_kexec_load(entry, nr, copy, flags) : -ENOEXEC;
	free(buf);
	free(copy);
	return rc;
}

int testhook_install(kx_ctx *ctx, const kx_plan *plan,
		     const struct kexec_options *opts)
{
	int rc;

	if (!opts->test_corrupt)
		return 0;
	rc = kx_ctx_set_sys_data(ctx, (void *)plan);
	if (!rc)
		rc = kx_ctx_set_kexec_load(ctx, corrupt_kexec_load);
	return rc;
}

#else
/* ISO C wants something in every translation unit. */
typedef int kexec_testhook_unused;
#endif
