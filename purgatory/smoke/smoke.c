/* /init of the purgatory smoke test's QEMU guest: kexec_load our purgatory
 * with a stub kernel that prints the registers it receives, then exec.
 * Only ever run inside the guest (purgatory/smoke/run).  The mode comes
 * from the kernel command line (kxmode=..., kxpurg=ADDRESS). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/ctx.h"
#include "segment/purgatory.h"

extern const unsigned char stub64[], stub64_end[], stub32[], stub32_end[];

#define STUB64 0x1000000
#define STUB32 0x1100000
#define DATA 0x2000000
#define DATA_SIZE (1 << 20)
#define DATA_MEM (4 << 20)

struct seg {
	const void *buf;
	size_t bufsz;
	unsigned long mem;
	size_t memsz;
};

static void console(void)
{
	int fd = open("/dev/console", O_WRONLY);

	if (fd < 0) {
		mkdir("/dev", 0755);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		fd = open("/dev/console", O_WRONLY);
	}
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
}

static void die(const char *what, kx_ctx *ctx)
{
	printf("smoke: %s%s%s\n", what, ctx ? ": " : "",
	       ctx ? kx_ctx_message(ctx) : "");
	fflush(stdout);
	reboot(RB_POWER_OFF);
	exit(1);
}

static int is(const char *mode, const char *name)
{
	return strcmp(mode, name) == 0;
}

static void set_regs(struct kx_purgatory_params *p, const char *mode)
{
	p->x86_64.rax = 0xa0a0a0a0a0a0a0a0ull;
	p->x86_64.rbx = 0xb1b1b1b1b1b1b1b1ull;
	p->x86_64.rcx = 0xc2c2c2c2c2c2c2c2ull;
	p->x86_64.rdx = 0xd3d3d3d3d3d3d3d3ull;
	p->x86_64.rsi = 0x5151515151515151ull;
	p->x86_64.rdi = 0xd1d1d1d1d1d1d1d1ull;
	p->x86_64.rbp = 0xbbbbbbbbbbbbbbbbull;
	p->entry = STUB64;
	if (is(mode, "rsp"))
		p->x86_64.rsp = STUB64 + 0x8000;
	if (is(mode, "entry32")) {
		p->flags |= KX_PURG_ENTRY32;
		p->entry = STUB32;
		p->x86_64.rax = 0x2badb002;
		p->x86_64.rbx = 0x12345678;
	}
	if (is(mode, "no-checks"))
		p->flags |= KX_PURG_NO_CHECKS;
}

int main(void)
{
	const char *mode = getenv("kxmode") ? getenv("kxmode") : "ok";
	const char *at = getenv("kxpurg");
	const char *alg = getenv("kxalg") ? getenv("kxalg") : "xxh3";
	uint64_t pmem = at ? strtoull(at, NULL, 0) : 0x3000000;
	unsigned char *data = malloc(DATA_SIZE), *junk = calloc(1, 4096);
	kx_ctx *ctx = kx_ctx_new();
	struct kx_purgatory_params p;
	struct kx_purgatory_image img;
	struct seg segs[8];
	unsigned n = 0;
	size_t size;
	const void *obj = kx_purgatory_builtin(&size);

	console();
	if (!data || !junk || !ctx)
		die("out of memory", NULL);
	printf("smoke: mode %s, %s, purgatory at 0x%llx\n", mode, alg,
	       (unsigned long long)pmem);
	for (size_t i = 0; i < DATA_SIZE; i++)
		data[i] = (unsigned char)(i * 31 + 7);
	junk[100] = 0x42;

	kx_purgatory_params_init(&p);
	p.console.type = KX_PURG_CONSOLE_16550_IO;
	p.console.base = 0x3f8;
	p.flags = KX_PURG_DEBUG;
	if (is(alg, "xxh3"))
		p.digest_alg = KX_PURG_DIGEST_XXH3_128;
	set_regs(&p, mode);
	segs[n++] = (struct seg){stub64, stub64_end - stub64, STUB64, 0x10000};
	segs[n++] = (struct seg){stub32, stub32_end - stub32, STUB32, 0x10000};
	segs[n++] = (struct seg){data, DATA_SIZE, DATA, DATA_MEM};
	segs[n++] = (struct seg){junk, 4096, DATA + DATA_MEM, 4096};
	for (unsigned i = 0; i < n; i++) {
		uint64_t memsz = segs[i].memsz;

		/* "tail": the data piece's zero tail claims the next page,
		 * whose byte 100 is not zero. */
		if (is(mode, "tail") && segs[i].mem == DATA)
			memsz += 4096;
		if (kx_purgatory_add_region(ctx, &p, segs[i].mem, segs[i].buf,
					    segs[i].bufsz, memsz, 0))
			die("region", ctx);
	}
	/* The corruption after hashing that the purgatory must catch. */
	if (is(mode, "corrupt") || is(mode, "no-checks"))
		data[12345] ^= 0x10;
	if (kx_purgatory_build(ctx, obj, size, pmem, &p, &img))
		die("build", ctx);
	segs[n++] = (struct seg){img.buf, img.bufsz, img.mem,
				 (img.memsz + 4095) & ~4095ul};
	if (syscall(SYS_kexec_load, (unsigned long)img.entry, (unsigned long)n,
		    segs, 62ul << 16)) {
		perror("smoke: kexec_load");
		die("kexec_load", NULL);
	}
	printf("smoke: loaded, entry 0x%llx\n", (unsigned long long)img.entry);
	fflush(stdout);
	reboot(RB_KEXEC);
	perror("smoke: reboot");
	die("reboot returned", NULL);
	return 1;
}
