/* The Multiboot and plain ELF layout after parsing: the request checked,
 * the modules mapped, the information block built for its address, the
 * pieces turned into page-granular segments (pieces sharing a page are
 * merged), their digests given to the purgatory, which enters the kernel
 * in 32-bit protected mode with EAX = magic, EBX = the block (Multiboot)
 * or with a 64-bit jump (ELF64); then the plan's fields. */
#include "load/mb.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "boot/mbinfo1.h"
#include "boot/mbinfo2.h"
#include "core/file.h"

int mb_state_new(kx_ctx *ctx, enum kx_image_type type, void **state)
{
	struct mb_state *mb = calloc(1, sizeof(*mb));

	*state = mb;
	if (!mb)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	mb->type = type;
	return 0;
}

static void modules_free(struct mb_state *mb)
{
	size_t i;

	for (i = 0; i < mb->n_mods; i++) {
		if (mb->mods[i].data)
			munmap(mb->mods[i].data, mb->mods[i].size);
		free(mb->mods[i].spec);
		free(mb->mods[i].path);
	}
	free(mb->mods);
	mb->mods = NULL;
	mb->n_mods = 0;
}

/* Everything build made, so that it can run again. */
static void layout_free(struct mb_state *mb)
{
	size_t i;

	for (i = 0; i < mb->n_mods; i++) {
		if (mb->mods[i].data)
			munmap(mb->mods[i].data, mb->mods[i].size);
		mb->mods[i].data = NULL;
	}
	free(mb->cmdline);
	free(mb->in_mods);
	free(mb->info);
	segments_free(&mb->segs);
	kx_purgatory_image_free(&mb->purgatory);
	mb->cmdline = NULL;
	mb->in_mods = NULL;
	mb->info = NULL;
	mb->n_notes = 0;
	mb->running = NULL;
	mb->map = NULL;
	mb->has_fb = false;
	mb->rsdp_len = 0;
	memset(&mb->in, 0, sizeof(mb->in));
}

void mb_state_free(void *state)
{
	struct mb_state *mb = state;

	if (!mb)
		return;
	layout_free(mb);
	modules_free(mb);
	elf_image_free(&mb->img);
	free(mb);
}

int mb_image_from_aout(kx_ctx *ctx, struct mb_state *mb,
		       const struct mb_aout *a, uint32_t entry)
{
	struct elf_image *img = &mb->img;

	img->pieces = malloc(sizeof(*img->pieces));
	if (!img->pieces)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	img->pieces[0] = a->piece;
	img->n = 1;
	img->entry = entry;
	img->entry_virt = entry;
	img->lowest = a->piece.addr;
	img->highest = a->piece.addr + a->piece.memsz;
	mb->aout = true;
	return 0;
}

/* ---- the request ------------------------------------------------------ */

static const char *kind_name(const struct mb_state *mb)
{
	return mb->type == KX_IMAGE_ELF ? "ELF" : "Multiboot";
}

static int refuse_options(kx_ctx *ctx, const struct load_input *in,
			  const struct mb_state *mb)
{
	const char *name = in->kernel_path;

	if (in->syscall == KX_SYSCALL_FILE)
		return kx_fail(ctx, -EOPNOTSUPP,
			       "%s: kexec_file_load cannot load %s kernels; "
			       "use -c or -a",
			       name, kind_name(mb));
	if (in->flags & KX_LOAD_CRASH)
		return kx_fail(ctx, -EOPNOTSUPP,
			       "%s: a crash kernel (-p) must be a Linux "
			       "bzImage, not a %s kernel",
			       name, kind_name(mb));
	if (in->initrd_path)
		return kx_fail(ctx, -EINVAL,
			       "%s: --initrd is for Linux kernels; give a "
			       "Multiboot kernel its files with --module",
			       name);
	return 0;
}

/* "FILE ARGS": the file is the first word; the module's command line is
 * the whole text, as GRUB, QEMU and kexec-tools pass it. */
static int module_take(kx_ctx *ctx, const char *text, struct mb_module *m)
{
	size_t len;

	text += strspn(text, " \t");
	len = strcspn(text, " \t");
	if (len == 0)
		return kx_fail(ctx, -EINVAL,
			       "--module needs a file name (\"FILE ARGS\")");
	m->spec = strdup(text);
	m->path = strndup(text, len);
	if (!m->spec || !m->path)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	return 0;
}

int mb_check(kx_ctx *ctx, const struct load_input *in, void *state)
{
	struct mb_state *mb = state;
	size_t i;
	int rc = refuse_options(ctx, in, mb);

	if (rc || !in->n_modules || mb->type == KX_IMAGE_ELF)
		return rc;
	modules_free(mb);
	mb->mods = calloc(in->n_modules, sizeof(*mb->mods));
	if (!mb->mods)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < in->n_modules && !rc; i++, mb->n_mods++)
		rc = module_take(ctx, in->modules[i], &mb->mods[i]);
	return rc;
}

/* ---- building --------------------------------------------------------- */

static int modules_open(kx_ctx *ctx, struct mb_state *mb)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < mb->n_mods && !rc; i++) {
		struct mb_module *m = &mb->mods[i];
		int fd;

		/* Multiboot addresses and sizes are 32-bit. */
		rc = kx_open_file(ctx, m->path, UINT32_MAX, &fd);
		if (rc)
			break;
		rc = layout_map_fd(ctx, m->path, fd, "module", &m->data,
				   &m->size);
		close(fd);
	}
	return rc;
}

/* The image's path first, as GRUB and kexec-tools do: kernels drop the
 * first word. */
static int compose_cmdline(kx_ctx *ctx, const struct load_input *in,
			   struct mb_state *mb)
{
	int n;

	if (in->cmdline[0])
		n = asprintf(&mb->cmdline, "%s %s", in->kernel_path,
			     in->cmdline);
	else
		n = asprintf(&mb->cmdline, "%s", in->kernel_path);
	if (n < 0) {
		mb->cmdline = NULL;
		return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	return 0;
}

/* Everything the block says but the addresses, which the placement
 * fills in; its size does not depend on them. */
static int info_input(kx_ctx *ctx, struct mb_state *mb)
{
	struct mbinfo_input *in = &mb->in;
	size_t i;

	mb->in_mods = calloc(mb->n_mods ? mb->n_mods : 1, sizeof(*mb->in_mods));
	if (!mb->in_mods)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; i < mb->n_mods; i++) {
		mb->in_mods[i].size = mb->mods[i].size;
		mb->in_mods[i].cmdline = mb->mods[i].spec;
	}
	in->memmap = mb->map;
	in->cmdline = mb->cmdline;
	in->modules = mb->in_mods;
	in->n_modules = mb->n_mods;
	in->fb = mb->has_fb ? &mb->fb : NULL;
	in->rsdp = mb->rsdp_len ? mb->rsdp : NULL;
	in->rsdp_len = mb->rsdp_len;
	/* Where the image went (tag 21), as GRUB always tells. */
	in->has_load_base = mb->type == KX_IMAGE_MULTIBOOT2;
	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return mbinfo1_size(ctx, in, &mb->info_size);
	return mbinfo2_size(ctx, in, &mb->info_size);
}

static int build_info(kx_ctx *ctx, struct mb_state *mb)
{
	if (mb->type == KX_IMAGE_ELF)
		return 0;
	mb->info = calloc(1, mb->info_size);
	if (!mb->info)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	mb->in.load_base = (uint32_t)mb->img.lowest;
	if (mb->type == KX_IMAGE_MULTIBOOT1)
		return mbinfo1_build(ctx, &mb->in, mb->info_addr, mb->info,
				     mb->info_size);
	return mbinfo2_build(ctx, &mb->in, mb->info_addr, mb->info,
			     mb->info_size);
}

/* The image's pieces (bss zero-filled by the kernel, and checked zero by
 * the purgatory: the kernel reads it), the block and the modules. */
static int build_segments(kx_ctx *ctx, const struct load_input *in,
			  struct mb_state *mb)
{
	size_t n = mb->img.n + 1 + mb->n_mods, k = 0, i;
	struct seg_piece *v = calloc(n, sizeof(*v));
	char(*names)[32] = calloc(n, sizeof(*names));
	int rc;

	if (!v || !names) {
		free(v);
		free(names);
		return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	for (i = 0; i < mb->img.n; i++, k++) {
		const struct elf_piece *p = &mb->img.pieces[i];

		snprintf(names[k], sizeof(names[k]), "kernel %u", p->index);
		v[k] = (struct seg_piece){names[k], in->kernel + p->offset,
					  p->filesz, p->addr, p->memsz, false};
	}
	if (mb->info)
		v[k++] = (struct seg_piece){"multiboot info", mb->info,
					    mb->info_size,    mb->info_addr,
					    mb->info_size,    false};
	for (i = 0; i < mb->n_mods; i++, k++) {
		snprintf(names[k], sizeof(names[k]), "module %zu", i);
		v[k] = (struct seg_piece){names[k],	    mb->mods[i].data,
					  mb->mods[i].size, mb->mods[i].addr,
					  mb->mods[i].size, false};
	}
	rc = segments_build(ctx, v, k, &mb->segs);
	free(v);
	free(names);
	return rc ? layout_fail_named(ctx, in->kernel_path, rc) : 0;
}

static int build_purgatory(kx_ctx *ctx, const struct load_input *in,
			   struct mb_state *mb)
{
	struct kx_purgatory_params pp;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	int rc;

	layout_purgatory_init(in, &pp);
	pp.entry = mb->img.entry;
	if (mb->entry32) {
		pp.flags |= KX_PURG_ENTRY32;
		pp.x86_64.rax = mb->magic;
		pp.x86_64.rbx = mb->info_addr;
	}
	rc = layout_hash_segments(ctx, &mb->segs, &pp);
	if (rc)
		return rc;
	return kx_purgatory_build(ctx, obj, size, mb->purgatory_addr, &pp,
				  &mb->purgatory);
}

int mb_build(kx_ctx *ctx, const struct load_input *in, void *state,
	     struct load_output *out, struct desc *d)
{
	struct mb_state *mb = state;
	struct kx_purgatory_layout purg;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);
	int rc;

	layout_free(mb);
	rc = kx_purgatory_layout(ctx, obj, size, &purg);
	if (!rc)
		rc = mb_gather_system(ctx, in->sys, mb);
	if (!rc && mb->type == KX_IMAGE_MULTIBOOT2)
		rc = multiboot2_check_console(ctx, in->kernel_path, &mb->h2,
					      mb->has_fb);
	if (!rc)
		rc = modules_open(ctx, mb);
	if (!rc && mb->type != KX_IMAGE_ELF)
		rc = compose_cmdline(ctx, in, mb);
	if (!rc && mb->type != KX_IMAGE_ELF)
		rc = info_input(ctx, mb);
	if (!rc)
		rc = mb_place_all(ctx, in, mb, &purg);
	if (!rc)
		rc = build_info(ctx, mb);
	if (!rc)
		rc = build_segments(ctx, in, mb);
	if (!rc)
		rc = build_purgatory(ctx, in, mb);
	if (!rc)
		rc = layout_collect(ctx, &mb->segs, &mb->purgatory, out);
	if (!rc)
		rc = layout_describe(ctx, in, out, mb->purgatory_addr, d);
	if (!rc)
		rc = mb_describe_layout(ctx, mb, d);
	return rc;
}
