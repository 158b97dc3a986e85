/* Plain ELF64 kernels without a Multiboot header: the program headers
 * placed by physical address and a 64-bit jump to the entry on the
 * kernel's identity map, with no information block at all.  The layout
 * after parsing is shared with Multiboot (mb_*.c). */
#include "load/mb.h"

#include <errno.h>
#include <string.h>

static bool elf_loader_probe(const uint8_t *data, size_t size)
{
	return elf_probe(data, size);
}

static int elf_loader_parse(kx_ctx *ctx, const struct load_input *in,
			    void **state)
{
	struct mb_state *mb;
	int rc = mb_state_new(ctx, KX_IMAGE_ELF, state);

	if (rc)
		return rc;
	mb = *state;
	rc = elf_parse(ctx, in->kernel_path, in->kernel, in->kernel_size,
		       &mb->img);
	if (rc)
		return rc;
	if (mb->img.elf_class == 32)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: a 32-bit ELF kernel needs a Multiboot "
			       "header to say how it is entered; only ELF64 "
			       "kernels are entered as plain ELF",
			       in->kernel_path);
	return 0;
}

/* What Multiboot refuses, and what needs an information block. */
static int elf_loader_check(kx_ctx *ctx, const struct load_input *in,
			    void *state)
{
	int rc = mb_check(ctx, in, state);

	if (rc)
		return rc;
	if (in->n_modules)
		return kx_fail(ctx, -EINVAL,
			       "%s: --module needs a Multiboot kernel: a plain "
			       "ELF kernel gets no information block",
			       in->kernel_path);
	if (in->cmdline[0])
		return kx_fail(ctx, -EINVAL,
			       "%s: a plain ELF kernel gets no information "
			       "block, so no command line",
			       in->kernel_path);
	return 0;
}

const struct loader loader_elf = {
	.type = KX_IMAGE_ELF,
	.no_file_load = KX_REASON_FILE_LOAD_NO_ELF,
	.probe = elf_loader_probe,
	.parse = elf_loader_parse,
	.check = elf_loader_check,
	.describe = mb_describe,
	.build = mb_build,
	.free = mb_state_free,
};
