#include "api/plan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/multiboot.h"
#include "boot/crash_sys.h"
#include "format/bzimage.h"
#include "format/decompress.h"
#include "sys/explain.h"

/* Larger than any distribution kernel by far, small enough that a
 * decompression bomb cannot exhaust memory. */
#define KERNEL_MAX_SIZE (512u << 20)

const char *kx_syscall_name(enum kx_syscall_mode mode)
{
	switch (mode) {
	case KX_SYSCALL_FILE:
		return "kexec_file_load";
	case KX_SYSCALL_CLASSIC:
		return "kexec_load";
	default:
		return "auto";
	}
}

static void plan_init(struct kx_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->kernel_fd = -1;
	plan->initrd_fd = -1;
}

void kx_plan_free(kx_plan *plan)
{
	if (!plan)
		return;
	if (plan->kernel_fd >= 0)
		close(plan->kernel_fd);
	if (plan->initrd_fd >= 0)
		close(plan->initrd_fd);
	kx_buf_free(&plan->kernel);
	free(plan->kernel_path);
	free(plan->initrd_path);
	free(plan->cmdline);
	plan_classic_free(plan->classic);
	plan_multiboot_free(plan->mb);
	free(plan->crash_regions);
	free(plan);
}

const struct kx_plan_info *kx_plan_info(const kx_plan *plan)
{
	return &plan->info;
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
	struct kx_file_info *k = &plan->info.kernel;
	int rc;

	rc = kx_open_file(ctx, plan->kernel_path, &plan->kernel_fd);
	if (rc)
		return rc;
	rc = kx_read_fd(ctx, plan->kernel_path, plan->kernel_fd, &plan->kernel);
	if (rc)
		return rc;
	if (plan->kernel.size == 0)
		return kx_fail(ctx, -ENOEXEC, "%s: empty file",
			       plan->kernel_path);
	k->path = plan->kernel_path;
	k->file_size = plan->kernel.size;
	k->compression =
		kx_detect_compression(plan->kernel.data, plan->kernel.size);
	if (k->compression != KX_COMP_NONE) {
		rc = kernel_decompress(ctx, plan);
		if (rc)
			return rc;
	}
	k->size = plan->kernel.size;
	return 0;
}

static int type_from_request(kx_ctx *ctx, const struct kx_load_request *req,
			     enum kx_image_type *type)
{
	*type = KX_IMAGE_UNKNOWN;
	if (req->type && kx_image_type_from_name(req->type, type))
		return kx_fail(ctx, -EINVAL, "--type=%s: unknown image type",
			       req->type);
	return 0;
}

/* Recognise formats we know of but cannot load yet, so the user is told
 * what the file is rather than that it is garbage. */
static int refuse_unknown(kx_ctx *ctx, const struct kx_plan *plan)
{
	const uint8_t *d = plan->kernel.data;
	size_t n = plan->kernel.size;

	if (n >= 4 && memcmp(d, "\177ELF", 4) == 0)
		return kx_fail(ctx, -ENOEXEC,
			       "%s: an ELF file, but not a little-endian 32- "
			       "or 64-bit one (not an x86 kernel)",
			       plan->kernel_path);
	/* A boot sector signature means a damaged bzImage (Linux's EFI stub
	 * also starts with MZ): let the parser say what is wrong. */
	if (n > 0x1ff && d[0x1fe] == 0x55 && d[0x1ff] == 0xaa) {
		struct kx_bzimage_info info;

		return kx_bzimage_parse(ctx, plan->kernel_path, d, n, &info);
	}
	if (n >= 2 && d[0] == 'M' && d[1] == 'Z')
		return kx_fail(ctx, -ENOEXEC,
			       "%s: a PE/EFI image that is not a Linux "
			       "bzImage (UKIs are not supported yet)",
			       plan->kernel_path);
	return kx_fail(ctx, -ENOEXEC,
		       "%s: unknown image format (not a Linux bzImage, a "
		       "Multiboot kernel or an ELF kernel)",
		       plan->kernel_path);
}

/* The bzImage first, then Multiboot 2, Multiboot 1 and plain ELF
 * (api/multiboot.c); --type skips the probing. */
static int kernel_parse(kx_ctx *ctx, struct kx_plan *plan,
			enum kx_image_type type)
{
	const uint8_t *d = plan->kernel.data;
	size_t n = plan->kernel.size;

	if (type == KX_IMAGE_UNKNOWN)
		type = bzimage_probe(d, n) ? KX_IMAGE_BZIMAGE
					   : plan_probe_multiboot(d, n);
	if (type == KX_IMAGE_UNKNOWN)
		return refuse_unknown(ctx, plan);
	if (type == KX_IMAGE_UKI)
		return kx_fail(ctx, -EOPNOTSUPP,
			       "%s: --type=%s is not supported yet",
			       plan->kernel_path, kx_image_type_name(type));
	plan->info.type = type;
	if (type != KX_IMAGE_BZIMAGE)
		return plan_parse_multiboot(ctx, plan, type);
	return kx_bzimage_parse(ctx, plan->kernel_path, d, n,
				&plan->info.bzimage);
}

/* What of the request a Linux kernel can take: modules are Multiboot's. */
static int linux_request(kx_ctx *ctx, struct kx_plan *plan,
			 const struct kx_load_request *req)
{
	if (req->n_modules)
		return kx_fail(ctx, -EINVAL,
			       "%s: --module is for Multiboot kernels; a Linux "
			       "kernel takes its files with --initrd",
			       plan->kernel_path);
	return bzimage_check_cmdline(ctx, plan->kernel_path,
				     &plan->info.bzimage, strlen(plan->cmdline));
}

/* The initrd is passed to the kernel as it is (Linux unpacks gzip, xz and
 * zstd archives itself); only its first bytes are read, to report what it
 * is. */
static int initrd_open(kx_ctx *ctx, struct kx_plan *plan)
{
	struct kx_file_info *i = &plan->info.initrd;
	uint8_t head[16];
	struct stat st;
	ssize_t n;
	int rc;

	rc = kx_open_file(ctx, plan->initrd_path, &plan->initrd_fd);
	if (rc)
		return rc;
	if (fstat(plan->initrd_fd, &st) || !S_ISREG(st.st_mode))
		return kx_fail(ctx, -EINVAL, "%s: not a regular file",
			       plan->initrd_path);
	n = pread(plan->initrd_fd, head, sizeof(head), 0);
	if (n < 0)
		return kx_fail(ctx, -errno, "%s: read error: %s",
			       plan->initrd_path, strerror(errno));
	plan->info.has_initrd = true;
	i->path = plan->initrd_path;
	i->file_size = (uint64_t)st.st_size;
	i->size = i->file_size;
	i->compression = kx_detect_compression(head, (size_t)n);
	return 0;
}

/* Both syscalls need the crashkernel= reservation; without one the kernel
 * would refuse the load with a bare EADDRNOTAVAIL or ENOMEM, so say why
 * here, before any system call. */
static int crash_regions_read(kx_ctx *ctx, struct kx_plan *plan)
{
	struct kx_crash_info *ci = &plan->info.crash_info;
	struct kx_ranges r;
	size_t i;
	int rc;

	ranges_init(&r);
	rc = crash_read_regions(ctx, &r);
	if (!rc &&
	    !(plan->crash_regions = calloc(r.n, sizeof(*plan->crash_regions))))
		rc = kx_fail(ctx, -ENOMEM, "out of memory");
	for (i = 0; !rc && i < r.n; i++)
		plan->crash_regions[i] = (struct kx_mem_range){
		    r.v[i].start, r.v[i].end, KX_RANGE_RAM};
	if (!rc) {
		ci->regions = plan->crash_regions;
		ci->regions_n = r.n;
	}
	ranges_free(&r);
	return rc;
}

static int strdup_field(kx_ctx *ctx, const char *src, char **dst)
{
	*dst = strdup(src ? src : "");
	return *dst ? 0 : kx_fail(ctx, -ENOMEM, "out of memory");
}

static int plan_fill(kx_ctx *ctx, const struct kx_load_request *req,
		     struct kx_plan *plan)
{
	enum kx_image_type type;
	int rc;

	if (!req->kernel || !req->kernel[0])
		return kx_fail(ctx, -EINVAL, "no kernel image given");
	rc = type_from_request(ctx, req, &type);
	if (!rc)
		rc = strdup_field(ctx, req->kernel, &plan->kernel_path);
	if (!rc)
		rc = strdup_field(ctx, req->cmdline, &plan->cmdline);
	if (!rc && req->initrd)
		rc = strdup_field(ctx, req->initrd, &plan->initrd_path);
	if (!rc)
		rc = kernel_read(ctx, plan);
	if (!rc)
		rc = kernel_parse(ctx, plan, type);
	if (!rc)
		rc = plan->mb ? plan_request_multiboot(ctx, plan, req)
			      : linux_request(ctx, plan, req);
	if (!rc && plan->initrd_path)
		rc = initrd_open(ctx, plan);
	if (!rc && (req->flags & KX_LOAD_CRASH))
		rc = crash_regions_read(ctx, plan);
	if (rc)
		return rc;
	plan->info.cmdline = plan->cmdline;
	plan->info.cmdline_len = strlen(plan->cmdline) + 1;
	plan->info.syscall = req->syscall;
	plan->info.used = req->syscall;
	plan->info.crash = (req->flags & KX_LOAD_CRASH) != 0;
	plan->flags = req->flags;
	plan->mem_min = req->mem_min;
	plan->mem_max = req->mem_max;
	if (plan->mb)
		return plan_build_multiboot(ctx, plan);
	if (req->syscall == KX_SYSCALL_CLASSIC)
		return plan_build_classic(ctx, plan);
	return 0;
}

int kx_plan_create(kx_ctx *ctx, const struct kx_load_request *req,
		   kx_plan **out)
{
	struct kx_plan *plan = malloc(sizeof(*plan));
	int rc;

	*out = NULL;
	if (!plan)
		return kx_fail(ctx, -ENOMEM, "out of memory");
	plan_init(plan);
	rc = plan_fill(ctx, req, plan);
	if (rc) {
		kx_plan_free(plan);
		return rc;
	}
	*out = plan;
	return 0;
}

static int load_file(kx_ctx *ctx, struct kx_plan *plan)
{
	unsigned long flags = plan->info.crash ? KX_FILE_ON_CRASH : 0;
	long rc;

	if (plan->initrd_fd < 0)
		flags |= KX_FILE_NO_INITRAMFS;
	rc = ctx->sys->kexec_file_load(ctx->sys_data, plan->kernel_fd,
				       plan->initrd_fd, plan->info.cmdline_len,
				       plan->cmdline, flags);
	plan->info.used = KX_SYSCALL_FILE;
	if (rc < 0)
		return explain_syscall_error(ctx, "kexec_file_load", (int)rc,
					     plan->kernel_path);
	return 0;
}

int kx_plan_load(kx_ctx *ctx, kx_plan *plan)
{
	int rc;

	kx_clear(ctx);
	if (plan->mb)
		return plan_load_multiboot(ctx, plan);
	if (plan->info.syscall == KX_SYSCALL_CLASSIC)
		return plan_load_classic(ctx, plan);
	rc = load_file(ctx, plan);
	if (rc && plan->info.syscall == KX_SYSCALL_AUTO &&
	    explain_may_fall_back(rc)) {
		char first[KX_MSG_MAX];
		int rc2;

		memcpy(first, ctx->msg, sizeof(first));
		rc2 = plan_load_classic(ctx, plan);
		/* Both failed: the file syscall's reason is usually the one
		 * that explains the situation, keep both. */
		if (rc2 == -EOPNOTSUPP)
			return kx_fail(ctx, rc, "%s", first);
		return rc2;
	}
	return rc;
}

static int unload_file(kx_ctx *ctx, unsigned flags)
{
	unsigned long f = KX_FILE_UNLOAD |
			  ((flags & KX_LOAD_CRASH) ? KX_FILE_ON_CRASH : 0);
	long rc = ctx->sys->kexec_file_load(ctx->sys_data, -1, -1, 0, NULL, f);

	return rc < 0 ? (int)rc : 0;
}

/* kexec_load with no segments unloads. */
static int unload_classic(kx_ctx *ctx, unsigned flags)
{
	unsigned long f =
		KX_ARCH_X86_64 | ((flags & KX_LOAD_CRASH) ? KX_ON_CRASH : 0);
	long rc = ctx->sys->kexec_load(ctx->sys_data, 0, 0, NULL, f);

	return rc < 0 ? (int)rc : 0;
}

int kx_unload(kx_ctx *ctx, enum kx_syscall_mode mode, unsigned flags)
{
	int rc;

	kx_clear(ctx);
	if (mode == KX_SYSCALL_CLASSIC) {
		rc = unload_classic(ctx, flags);
		return rc ? explain_syscall_error(ctx, "kexec_load", rc, NULL)
			  : 0;
	}
	rc = unload_file(ctx, flags);
	if (rc && mode == KX_SYSCALL_AUTO && explain_may_fall_back(rc))
		rc = unload_classic(ctx, flags);
	return rc ? explain_syscall_error(ctx, "unload", rc, NULL) : 0;
}

int kx_exec(kx_ctx *ctx)
{
	long rc;

	kx_clear(ctx);
	rc = ctx->sys->reboot_kexec(ctx->sys_data);
	if (rc == -EINVAL)
		return kx_fail(ctx, (int)rc,
			       "reboot(LINUX_REBOOT_CMD_KEXEC) failed: no "
			       "kernel is loaded (%s)",
			       strerror(EINVAL));
	return rc < 0 ? explain_syscall_error(ctx, "reboot", (int)rc, NULL)
		      : 0;
}
