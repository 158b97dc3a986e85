/* /init of a QEMU guest for probe/selftest (case elf64_kexec): loads
 * /probe64.elf with a bare kexec_load (its PT_LOAD segments, its entry, no
 * purgatory) and execs, so that probe64.elf runs in the state the kernel's
 * own kexec path leaves: 64-bit, identity mapped.  It refuses to do
 * anything unless it is process 1: it must never run on a host. */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <linux/kexec.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096ul

static void die(const char *what)
{
	printf("kexec64: %s failed: %m\n", what);
	fflush(stdout);
	reboot(RB_POWER_OFF);
	exit(1);
}

int main(void)
{
	static unsigned char img[1 << 20];
	struct kexec_segment seg[KEXEC_SEGMENT_MAX];
	unsigned long nseg = 0;
	const Elf64_Ehdr *eh = (const void *)img;
	ssize_t len;
	int fd;

	if (getpid() != 1) {
		fprintf(stderr,
			"kexec64: only runs as /init of a QEMU guest\n");
		return 1;
	}
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	fd = open("/dev/console", O_WRONLY);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	fd = open("/probe64.elf", O_RDONLY);
	if (fd < 0)
		die("open /probe64.elf");
	len = read(fd, img, sizeof(img));
	if (len < (ssize_t)sizeof(*eh) || memcmp(img, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_phoff + eh->e_phnum * sizeof(Elf64_Phdr) > (size_t)len)
		die("reading an ELF64 image");
	for (unsigned i = 0; i < eh->e_phnum && nseg < KEXEC_SEGMENT_MAX; i++) {
		const Elf64_Phdr *ph =
		    (const void *)(img + eh->e_phoff + i * sizeof(*ph));
		unsigned long mem = ph->p_paddr & ~(PAGE - 1),
			      pad = ph->p_paddr - mem;
		unsigned char *buf;

		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_offset + ph->p_filesz > (size_t)len)
			die("segment bounds");
		buf = calloc(1, pad + ph->p_filesz + 1);
		if (!buf)
			die("calloc");
		memcpy(buf + pad, img + ph->p_offset, ph->p_filesz);
		seg[nseg].buf = buf;
		seg[nseg].bufsz = pad + ph->p_filesz;
		seg[nseg].mem = (void *)mem;
		seg[nseg].memsz = (pad + ph->p_memsz + PAGE - 1) & ~(PAGE - 1);
		nseg++;
	}
	printf("kexec64: %lu segments, entry 0x%lx\n", nseg,
	       (unsigned long)eh->e_entry);
	fflush(stdout);
	if (syscall(SYS_kexec_load, eh->e_entry, nseg, seg, KEXEC_ARCH_DEFAULT))
		die("kexec_load");
	reboot(RB_KEXEC);
	die("reboot(RB_KEXEC)");
	return 1;
}
