/* The real kernel interface, the default of every kx_ctx.  Only this file
 * issues kexec and reboot system calls. */
#include "core/ctx.h"

#include <errno.h>
#include <linux/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_kexec_file_load
#define SYS_kexec_file_load 320
#endif

static long neg_errno(long rc)
{
	return rc < 0 ? -errno : rc;
}

long kx_sys_kexec_file_load(void *data, int kernel_fd, int initrd_fd,
			    unsigned long cmdline_len, const char *cmdline,
			    unsigned long flags)
{
	(void)data;
	return neg_errno(syscall(SYS_kexec_file_load, kernel_fd, initrd_fd,
				 cmdline_len, cmdline, flags));
}

/* struct kx_segment has the kernel's struct kexec_segment layout on LP64,
 * so the array is passed as it is. */
long kx_sys_kexec_load(void *data, unsigned long entry,
		       unsigned long nr_segments,
		       const struct kx_segment *segments, unsigned long flags)
{
	(void)data;
	return neg_errno(
		syscall(SYS_kexec_load, entry, nr_segments, segments, flags));
}

long kx_sys_reboot_kexec(void *data)
{
	(void)data;
	return neg_errno(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1,
				 LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC,
				 NULL));
}
