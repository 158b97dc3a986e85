#include "shutdown.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

void kexec_sync_disks(void)
{
	sync();
}

static int ifdown_one(int sock, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(sock, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	if ((ifr.ifr_flags & IFF_LOOPBACK) || !(ifr.ifr_flags & IFF_UP))
		return 0;
	ifr.ifr_flags &= ~IFF_UP;
	if (ioctl(sock, SIOCSIFFLAGS, &ifr) < 0)
		return -errno;
	return 1;
}

/* A card left running keeps writing received packets into memory the
 * new kernel now owns; taking the link down stops its DMA first. */
int kexec_ifdown(void)
{
	struct if_nameindex *ifs = if_nameindex();
	int sock, count = 0;

	if (!ifs)
		return -errno;
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (sock < 0) {
		int err = -errno;

		if_freenameindex(ifs);
		return err;
	}
	for (struct if_nameindex *i = ifs; i->if_index; i++)
		if (strcmp(i->if_name, "lo") != 0 &&
		    ifdown_one(sock, i->if_name) > 0)
			count++;
	close(sock);
	if_freenameindex(ifs);
	return count;
}

/* Where kexec-tools and the distributions put shutdown. */
static const char *const shutdown_paths[] = {
    "/sbin/shutdown", "/usr/sbin/shutdown", "/etc/shutdown",
    "/bin/shutdown",  "/usr/bin/shutdown",
};

int kexec_run_shutdown(void)
{
	char *const args[] = {"shutdown", "-r", "now", NULL};
	int err = -ENOENT;

	/* Our buffered output would otherwise vanish with the exec. */
	fflush(NULL);
	for (size_t i = 0; i < sizeof(shutdown_paths) / sizeof(*shutdown_paths);
	     i++) {
		execv(shutdown_paths[i], args);
		if (errno != ENOENT)
			err = -errno;
	}
	return err;
}
