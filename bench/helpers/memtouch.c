/* memtouch MIB: allocate MIB MiB, write every page, exit.  The benchmark
 * guest runs it once before timing anything: QEMU backs guest RAM with host
 * memory only when the guest first writes it, and those first writes cost
 * host page faults that would land on whichever load came first. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
	long page = sysconf(_SC_PAGESIZE);
	size_t len = mib << 20;
	volatile char *p;

	if (!mib || page <= 0)
		return 2;
	p = malloc(len);
	if (!p) {
		perror("memtouch");
		return 1;
	}
	for (size_t i = 0; i < len; i += (size_t)page)
		p[i] = 1;
	return 0;
}
