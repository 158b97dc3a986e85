/* Unified kernel images (systemd's Type #2 entries, `kexec -l x.efi`): a
 * PE file whose sections hold the kernel (.linux), the initrd (.initrd)
 * and the command line (.cmdline).  The image is a container, not a boot
 * protocol: this loader takes the sections out, in memory (sealed memfds,
 * nothing written to disk), and the kernel inside is then loaded by its
 * own loader through either system call.  A request's --initrd or command
 * line replaces the UKI's own, as with kexec-tools. */
#include "load/uki.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format/decompress.h"
#include "format/pe.h"

static bool uki_probe(const uint8_t *data, size_t size)
{
	struct pe_info pe;
	kx_ctx *ctx = kx_ctx_new();
	bool yes;

	/* pe_parse reports through a context; a probe says nothing. */
	if (!ctx)
		return false;
	yes = size >= 2 && data[0] == 'M' && data[1] == 'Z' &&
	      pe_parse(ctx, "", data, size < PE_HEAD_MAX ? size : PE_HEAD_MAX,
		       size, &pe) == 0 &&
	      pe_find(&pe, ".linux");
	kx_ctx_free(ctx);
	return yes;
}

static int section_fd(kx_ctx *ctx, const struct load_input *in,
		      const struct pe_section *s, int *fd)
{
	return kx_memfd_from_buf(ctx, in->kernel_path, in->kernel + s->offset,
				 s->size, fd);
}

/* Whole-file compression of .linux is not something UKIs do, but the
 * section is handled like any kernel file. */
static int take_kernel(kx_ctx *ctx, const struct load_input *in,
		       const struct pe_section *s, struct load_unwrapped *out)
{
	const uint8_t *d = in->kernel + s->offset;
	int rc;

	if (kx_detect_compression(d, s->size) != KX_COMP_NONE)
		rc = kx_decompress(ctx, in->kernel_path, d, s->size,
				   512u << 20, &out->kernel);
	else if (!(out->kernel.data = malloc(s->size ? s->size : 1)))
		rc = kx_fail(ctx, -ENOMEM, "out of memory");
	else {
		memcpy(out->kernel.data, d, s->size);
		out->kernel.size = s->size;
		rc = 0;
	}
	if (!rc)
		rc = kx_memfd_from_buf(ctx, in->kernel_path, out->kernel.data,
				       out->kernel.size, &out->kernel_fd);
	return rc;
}

static int take_cmdline(kx_ctx *ctx, const struct load_input *in,
			const struct pe_section *s, struct load_unwrapped *out)
{
	size_t n = strnlen((const char *)in->kernel + s->offset, s->size);

	/* systemd-stub strips the trailing newline ukify leaves. */
	while (n && (in->kernel[s->offset + n - 1] == '\n' ||
		     in->kernel[s->offset + n - 1] == ' '))
		n--;
	out->cmdline = strndup((const char *)in->kernel + s->offset, n);
	return out->cmdline ? 0 : kx_fail(ctx, -ENOMEM, "out of memory");
}

static int uki_unwrap(kx_ctx *ctx, const struct load_input *in,
		      struct load_unwrapped *out)
{
	const struct pe_section *s;
	struct pe_info pe;
	int rc = pe_parse(ctx, in->kernel_path, in->kernel,
			  in->kernel_size < PE_HEAD_MAX ? in->kernel_size
							: PE_HEAD_MAX,
			  in->kernel_size, &pe);

	out->kernel_fd = out->initrd_fd = -1;
	if (rc)
		return rc;
	s = pe_find(&pe, ".linux");
	if (!s || !s->size)
		return kx_fail(ctx, -ENOEXEC, "%s: a PE image without a .linux "
			       "section is not a unified kernel image",
			       in->kernel_path);
	rc = take_kernel(ctx, in, s, out);
	s = pe_find(&pe, ".initrd");
	if (!rc && s && s->size && !in->initrd_path)
		rc = section_fd(ctx, in, s, &out->initrd_fd);
	s = pe_find(&pe, ".cmdline");
	if (!rc && s && s->size && !in->cmdline[0])
		rc = take_cmdline(ctx, in, s, out);
	return rc;
}

const struct loader loader_uki = {
	.type = KX_IMAGE_UKI,
	.unwrap = uki_unwrap,
	.probe = uki_probe,
};
