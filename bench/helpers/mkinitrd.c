/* mkinitrd -o OUT -s TOTAL BASE [NAME=PATH]...
 * Writes an initrd of exactly TOTAL bytes (when TOTAL is at least what the
 * parts need; TOTAL 0 means no padding):
 *   BASE as is (a gzip'd cpio: busybox, both kexecs, /init),
 *   zeros up to a 4-byte boundary (the kernel skips them between archives),
 *   an uncompressed newc cpio holding each PATH as NAME, then "pad": bytes
 *   from a fixed-seed xorshift generator, as incompressible as a real
 *   compressed initrd and identical wherever this runs,
 *   the trailer, and up to 3 zeros to land on TOTAL.
 * The benchmark builds the 30 MB and 300 MB initrds with it in the guest
 * from boot/base.cpio.gz and boot/vmlinuz, which the initrd carries again,
 * so every kernel in a kexec chain can build the next initrd. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1u << 20)

static const char *out_name;
static int out_fd = -1;
static uint64_t written;
static uint8_t buf[CHUNK];

static void die(const char *what)
{
	fprintf(stderr, "mkinitrd: %s: %s\n", what, strerror(errno));
	if (out_name)
		unlink(out_name);
	exit(1);
}

static void put(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t w = write(out_fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die(out_name);
		b += w;
		n -= (size_t)w;
		written += (uint64_t)w;
	}
}

static void zeros(uint64_t n)
{
	static const uint8_t z[4096];

	while (n) {
		size_t k = n > sizeof(z) ? sizeof(z) : (size_t)n;

		put(z, k);
		n -= k;
	}
}

static void align4(void)
{
	zeros((4 - written % 4) % 4);
}

static uint64_t header_len(const char *name)
{
	return (110 + strlen(name) + 1 + 3) & ~3ull;
}

static void header(const char *name, unsigned mode, uint64_t size, unsigned ino)
{
	char h[111];

	if (size > 0xffffffffu) {
		errno = EFBIG;
		die(name);
	}
	snprintf(h, sizeof(h),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0, 0, 1, 0, (unsigned)size, 0, 0, 0, 0,
		 (unsigned)strlen(name) + 1, 0);
	put(h, 110);
	put(name, strlen(name) + 1);
	align4();
}

static void copy_file(const char *name, const char *path, unsigned ino)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		die(path);
	header(name, 0100644, (uint64_t)st.st_size, ino);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(path);
		if (n == 0)
			break;
		put(buf, (size_t)n);
	}
	close(fd);
	align4();
}

static void pad(uint64_t size, uint64_t seed)
{
	uint64_t x = seed | 1;

	header("pad", 0100644, size, 999);
	while (size) {
		size_t k = size > CHUNK ? CHUNK : (size_t)size;

		for (size_t i = 0; i < k; i += 8) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			memcpy(buf + i, &x, 8);
		}
		put(buf, k);
		size -= k;
	}
	align4();
}

int main(int argc, char **argv)
{
	uint64_t total = 0, tail;
	const char *trailer = "TRAILER!!!";
	int opt, i;

	while ((opt = getopt(argc, argv, "o:s:")) != -1) {
		switch (opt) {
		case 'o':
			out_name = optarg;
			break;
		case 's':
			total = strtoull(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (!out_name || optind >= argc)
		goto usage;
	out_fd = open(out_name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out_fd < 0)
		die(out_name);
	{
		int fd = open(argv[optind], O_RDONLY);
		ssize_t n;

		if (fd < 0)
			die(argv[optind]);
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			put(buf, (size_t)n);
		if (n < 0)
			die(argv[optind]);
		close(fd);
	}
	align4();
	for (i = optind + 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq)
			goto usage;
		*eq = '\0';
		copy_file(argv[i], eq + 1, 900 + (unsigned)i);
	}
	tail = header_len("pad") + header_len(trailer);
	if (total > written + tail)
		pad((total - written - tail) & ~3ull, total);
	header(trailer, 0, 0, 0);
	if (total > written)
		zeros(total - written);
	if (close(out_fd))
		die(out_name);
	return 0;
usage:
	fprintf(stderr,
		"usage: mkinitrd -o OUT -s TOTAL BASE [NAME=PATH]...\n");
	return 2;
}
