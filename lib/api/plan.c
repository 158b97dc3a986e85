/* kx_plan_create: the request copied, the kernel read (and unpacked), its
 * loader found and run up to the point where a system call could be made;
 * everything described as fields. */
#include "api/plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/request.h"
#include "boot/crash.h"
#include "format/bzimage.h"
#include "format/decompress.h"

/* Larger than any distribution kernel by far, small enough that a
 * decompression bomb cannot exhaust memory. */
#define KERNEL_MAX_SIZE (512u << 20)

/* kexec_file_load's own bound (KEXEC_FILE_SIZE_MAX); the initrd is mapped,
 * never read whole, but a device or FIFO must still be refused. */
#define INITRD_MAX_SIZE ((size_t)UINT32_MAX)

static void plan_input_free(struct kx_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->n_modules; i++)
		free(plan->modules[i]);
	free(plan->modules);
	free(plan->kernel_path);
	free(plan->initrd_path);
	free(plan->cmdline);
}

KX_PUBLIC void kx_plan_free(kx_plan *plan)
{
	if (!plan)
		return;
	if (plan->loader && plan->state)
		plan->loader->free(plan->state);
	if (plan->kernel_fd >= 0)
		close(plan->kernel_fd);
	if (plan->initrd_fd >= 0)
		close(plan->initrd_fd);
	kx_buf_free(&plan->kernel);
	plan_input_free(plan);
	desc_free(plan->desc);
	system_free(plan->sys);
	free(plan);
}

static int strdup_field(kx_ctx *ctx, const char *src, char **dst)
{
	*dst = strdup(src ? src : "");
	return *dst ? 0 : kx_fail(ctx, -ENOMEM, "out of memory");
}

/* The plan keeps its own copies: the request may be freed or changed. */
static int copy_request(kx_ctx *ctx, const kx_request *req,
			struct kx_plan *plan)
{
	size_t i;
	int rc = strdup_field(ctx, req->kernel, &plan->kernel_path);

	if (!rc)
		rc = strdup_field(ctx, req->cmdline, &plan->cmdline);
	if (!rc && req->initrd)
		rc = strdup_field(ctx, req->initrd, &plan->initrd_path);
	if (!rc && req->n_modules &&
	    !(plan->modules = calloc(req->n_modules, sizeof(char *))))
		rc = kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; !rc && i < req->n_modules; i++, plan->n_modules++)
		rc = strdup_field(ctx, req->modules[i], &plan->modules[i]);
	return rc;
}

/* Replace the compressed bytes with the image inside, and hand the kernel
 * a sealed memfd of it, since kexec_file_load reads an fd. */
static int kernel_decompress(kx_ctx *ctx, struct kx_plan *plan)
{
	struct kx_buf raw = plan->kernel;
	int rc, fd;

	rc = kx_decompress(ctx, plan->kernel_path, raw.data, raw.size,
			   KERNEL_MAX_SIZE, &plan->kernel);
	if (rc) {
		plan->kernel = raw;
		return rc;
	}
	kx_buf_free(&raw);
	rc = kx_memfd_from_buf(ctx, plan->kernel_path, plan->kernel.data,
			       plan->kernel.size, &fd);
	if (rc)
		return rc;
	close(plan->kernel_fd);
	plan->kernel_fd = fd;
	return 0;
}

static int kernel_read(kx_ctx *ctx, struct kx_plan *plan)
{
	enum kx_compression comp;
	int rc = kx_open_file(ctx, plan->kernel_path, KERNEL_MAX_SIZE,
			      &plan->kernel_fd);

	if (!rc)
		rc = kx_read_fd(ctx, plan->kernel_path, plan->kernel_fd,
				KERNEL_MAX_SIZE, &plan->kernel);
	if (rc)
		return rc;
	if (plan->kernel.size == 0)
		return kx_fail(ctx, -ENOEXEC, "%s: empty file",
			       plan->kernel_path);
	rc = desc_set_str(ctx, plan->desc, KX_KEY_KERNEL_PATH,
			  plan->kernel_path);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_KERNEL_FILE_SIZE,
				  plan->kernel.size);
	comp = kx_detect_compression(plan->kernel.data, plan->kernel.size);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_KERNEL_COMPRESSION,
				  comp);
	if (!rc && comp != KX_COMP_NONE)
		rc = kernel_decompress(ctx, plan);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_KERNEL_SIZE,
				  plan->kernel.size);
	return rc;
}

/* Recognise formats we know of but cannot load, so the user is told what
 * the file is rather than that it is garbage. */
static int refuse_unknown(kx_ctx *ctx, const struct kx_plan *plan)
{
	const uint8_t *d = plan->kernel.data;
	size_t n = plan->kernel.size;

	if (n >= 4 && memcmp(d, "\177ELF", 4) == 0)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: an ELF file, but not a little-endian 32- "
			       "or 64-bit one (not an x86 kernel)",
			       plan->kernel_path);
	/* A bzImage signature means a damaged bzImage (Linux's EFI stub
	 * also starts with MZ): let the parser say what is wrong. */
	if (bzimage_signature_any(d, n)) {
		struct kx_bzimage_info info;

		return kx_bzimage_parse(ctx, plan->kernel_path, d, n, &info);
	}
	if (n >= 2 && d[0] == 'M' && d[1] == 'Z')
		return kx_fail(ctx, -ENOEXEC,
			       "%s: a PE/EFI image that is neither a Linux "
			       "bzImage nor a unified kernel image",
			       plan->kernel_path);
	return kx_fail(ctx, -ENOEXEC,
		       "%s: unknown image format (not a Linux bzImage, a "
		       "Multiboot kernel or an ELF kernel)",
		       plan->kernel_path);
}

/* --type skips the probing. */
static int loader_find(kx_ctx *ctx, const kx_request *req,
		       struct kx_plan *plan)
{
	enum kx_image_type type = KX_IMAGE_UNKNOWN;

	if (req->type && kx_image_type_from_name(req->type, &type))
		return kx_fail(ctx, -EINVAL, "--type=%s: unknown image type",
			       req->type);
	if (type != KX_IMAGE_UNKNOWN)
		plan->loader = loader_for_type(type);
	else
		plan->loader =
		    loader_probe(plan->kernel.data, plan->kernel.size);
	if (!plan->loader && type != KX_IMAGE_UNKNOWN)
		return kx_fail(ctx, -EOPNOTSUPP,
			       "%s: --type=%s is not supported yet",
			       plan->kernel_path, kx_image_type_name(type));
	if (!plan->loader)
		return refuse_unknown(ctx, plan);
	return desc_set_u64(ctx, plan->desc, KX_KEY_IMAGE_TYPE,
			    plan->loader->type);
}

/* The initrd is passed to the kernel as it is (Linux unpacks gzip, xz and
 * zstd archives itself); only its first bytes are read, to report what it
 * is.  A container's initrd is open already. */
static int initrd_open(kx_ctx *ctx, struct kx_plan *plan)
{
	uint8_t head[16];
	struct stat st;
	ssize_t n;
	int rc;

	rc = plan->initrd_fd >= 0 ? 0
				  : kx_open_file(ctx, plan->initrd_path,
						 INITRD_MAX_SIZE,
						 &plan->initrd_fd);
	if (rc)
		return rc;
	if (fstat(plan->initrd_fd, &st) || !S_ISREG(st.st_mode))
		return kx_fail(ctx, -EINVAL, "%s: not a regular file",
			       plan->initrd_path);
	n = pread(plan->initrd_fd, head, sizeof(head), 0);
	if (n < 0)
		return kx_fail(ctx, -errno, "%s: read error: %s",
			       plan->initrd_path, strerror(errno));
	rc = desc_set_str(ctx, plan->desc, KX_KEY_INITRD_PATH,
			  plan->initrd_path);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_INITRD_FILE_SIZE,
				  (uint64_t)st.st_size);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_INITRD_SIZE,
				  (uint64_t)st.st_size);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_INITRD_COMPRESSION,
				  kx_detect_compression(head, (size_t)n));
	return rc;
}

/* Both syscalls need the crashkernel= reservation; without one the kernel
 * would refuse the load with a bare EADDRNOTAVAIL or ENOMEM, so say why
 * here, before any system call. */
static int crash_regions_read(kx_ctx *ctx, struct kx_plan *plan)
{
	const struct kx_ranges *r;
	struct kx_range reservation;
	size_t i;
	int rc = system_crash_regions(plan->sys, &r);

	if (!rc)
		rc = crash_main_region(ctx, r, &reservation);
	if (!rc)
		plan->in.crash_regions = r;
	for (i = 0; !rc && i < r->n; i++) {
		const struct desc_field f[] = {
		    {KX_KEY_START, r->v[i].start, NULL},
		    {KX_KEY_END, r->v[i].end, NULL},
		};

		rc = desc_item_add_fields(ctx, plan->desc,
					  KX_LIST_CRASH_REGIONS, f, DESC_N(f));
	}
	return rc;
}

/* A container's kernel, initrd and command line take the place of the
 * file's; the kernel inside is then probed like any other. */
static int unwrap(kx_ctx *ctx, struct kx_plan *plan)
{
	struct load_unwrapped u = {.kernel_fd = -1, .initrd_fd = -1};
	int rc = plan->loader->unwrap(ctx, &plan->in, &u);

	if (!rc && u.initrd_fd >= 0 &&
	    asprintf(&plan->initrd_path, "%s (.initrd)", plan->kernel_path) < 0)
		rc = kx_fail(ctx, -ENOMEM, "out of memory");
	if (rc) {
		kx_buf_free(&u.kernel);
		if (u.kernel_fd >= 0)
			close(u.kernel_fd);
		if (u.initrd_fd >= 0)
			close(u.initrd_fd);
		free(u.cmdline);
		return rc;
	}
	kx_buf_free(&plan->kernel);
	close(plan->kernel_fd);
	plan->kernel = u.kernel;
	plan->kernel_fd = u.kernel_fd;
	plan->initrd_fd = u.initrd_fd;
	if (u.cmdline) {
		free(plan->cmdline);
		plan->cmdline = u.cmdline;
	}
	rc = desc_set_u64(ctx, plan->desc, KX_KEY_CONTAINER,
			  plan->loader->type);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_KERNEL_SIZE,
				  plan->kernel.size);
	plan->loader = loader_probe(plan->kernel.data, plan->kernel.size);
	if (!rc && (!plan->loader || plan->loader->unwrap))
		return kx_fail(ctx, -ENOEXEC,
			       "%s: the kernel inside is not one this library "
			       "can load",
			       plan->kernel_path);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_IMAGE_TYPE,
				  plan->loader->type);
	return rc;
}

static void input_fill(const kx_request *req, struct kx_plan *plan)
{
	struct load_input *in = &plan->in;

	in->kernel_path = plan->kernel_path;
	in->kernel = plan->kernel.data;
	in->kernel_size = plan->kernel.size;
	in->initrd_path = plan->initrd_path;
	in->initrd_fd = plan->initrd_fd;
	in->cmdline = plan->cmdline;
	in->flags = req->flags;
	in->verify = req->verify;
	in->syscall = req->syscall;
	in->mem_min = req->mem_min;
	in->mem_max = req->mem_max;
	in->modules = plan->modules;
	in->n_modules = plan->n_modules;
	in->sys = plan->sys;
}

/* What every plan says, whatever its protocol. */
static int describe_request(kx_ctx *ctx, const kx_request *req,
			    struct kx_plan *plan)
{
	struct desc *d = plan->desc;
	int rc = desc_set_str(ctx, d, KX_KEY_CMDLINE, plan->cmdline);

	if (!rc)
		rc = desc_set_u64(ctx, d, KX_KEY_CMDLINE_LEN,
				  strlen(plan->cmdline) + 1);
	if (!rc)
		rc = desc_set_u64(ctx, d, KX_KEY_SYSCALL, plan->syscall);
	/* Under -a it is known only once kexec_file_load answered. */
	if (!rc && plan->syscall != KX_SYSCALL_AUTO)
		rc = desc_set_u64(ctx, d, KX_KEY_SYSCALL_USED, plan->syscall);
	if (!rc)
		rc = desc_set_u64(ctx, d, KX_KEY_CRASH,
				  (req->flags & KX_LOAD_CRASH) != 0);
	return rc;
}

/* A format the kernel's own loader cannot parse goes straight to
 * kexec_load, even under -a, and the plan says why. */
static int choose_syscall(kx_ctx *ctx, struct kx_plan *plan)
{
	enum kx_reason why = plan->loader->no_file_load;
	int rc = 0;

	if (!why)
		return 0;
	if (plan->syscall == KX_SYSCALL_AUTO)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_SYSCALL_REASON, why);
	plan->syscall = KX_SYSCALL_CLASSIC;
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_SYSCALL,
				  plan->syscall);
	if (!rc)
		rc = desc_set_u64(ctx, plan->desc, KX_KEY_SYSCALL_USED,
				  plan->syscall);
	return rc;
}

static int plan_fill(kx_ctx *ctx, const kx_request *req,
		     struct kx_plan *plan)
{
	const struct loader *l;
	int rc = copy_request(ctx, req, plan);

	plan->syscall = req->syscall;
	if (!rc)
		rc = kernel_read(ctx, plan);
	if (!rc)
		rc = loader_find(ctx, req, plan);
	if (rc)
		return rc;
	input_fill(req, plan);
	if (plan->loader->unwrap) {
		rc = unwrap(ctx, plan);
		input_fill(req, plan);
	}
	l = plan->loader;
	if (!rc)
		rc = l->parse(ctx, &plan->in, &plan->state);
	if (!rc)
		rc = l->check(ctx, &plan->in, plan->state);
	if (!rc && plan->initrd_path)
		rc = initrd_open(ctx, plan);
	plan->in.initrd_fd = plan->initrd_fd;
	if (!rc && (req->flags & KX_LOAD_CRASH))
		rc = crash_regions_read(ctx, plan);
	if (!rc)
		rc = describe_request(ctx, req, plan);
	if (!rc)
		rc = l->describe(ctx, &plan->in, plan->state, plan->desc);
	if (!rc)
		rc = choose_syscall(ctx, plan);
	if (!rc && plan->syscall == KX_SYSCALL_CLASSIC)
		rc = kx_plan_build_classic(ctx, plan);
	return rc;
}

KX_PUBLIC int kx_plan_create(kx_ctx *ctx, const kx_request *req,
			     kx_plan **out)
{
	struct kx_plan *plan;
	int rc;

	if (!ctx || !out)
		return -EINVAL;
	*out = NULL;
	if (!req || !req->kernel || !req->kernel[0])
		return kx_fail(ctx, -EINVAL, "no kernel image given");
	kx_clear(ctx);
	plan = calloc(1, sizeof(*plan));
	if (!plan || !(plan->desc = desc_new())) {
		free(plan);
		return kx_fail(ctx, -ENOMEM, "out of memory");
	}
	plan->kernel_fd = -1;
	plan->initrd_fd = -1;
	rc = system_new(ctx, &plan->sys);
	if (!rc)
		rc = plan_fill(ctx, req, plan);
	if (rc) {
		kx_plan_free(plan);
		return rc;
	}
	*out = plan;
	return 0;
}
