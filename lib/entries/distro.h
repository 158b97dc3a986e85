/* Kernels found by their distributions' names in /boot, for machines
 * whose boot loader configuration says nothing we can read. */
#ifndef KX_ENTRIES_DISTRO_H
#define KX_ENTRIES_DISTRO_H

#include <stddef.h>

/* The version in a kernel file name ("vmlinuz-6.1.0-27-amd64" gives
 * "6.1.0-27-amd64"; "kernel-genkernel-x86_64-6.6.13-gentoo" gives
 * "6.6.13-gentoo"), or NULL when NAME is not a kernel's name.  *PREFIX
 * is set to the kind of name ("vmlinuz-", "kernel-genkernel-", ...). */
const char *distro_kernel_version(const char *name, const char **prefix);

/* The initrd names that go with the kernel file name KERNEL (which
 * distro_kernel_version() accepted), most likely first; NULL ends the
 * list.  Writes at most MAX names of LEN bytes each into NAMES. */
size_t distro_initrd_names(const char *kernel, char names[][256], size_t max);

#endif
