/* What a reboot into the loaded kernel needs from the running system:
 * flushed file systems, quiet network cards, or a graceful shutdown that
 * ends in kexec -e. */
#ifndef KEXEC_CLI_SHUTDOWN_H
#define KEXEC_CLI_SHUTDOWN_H

/* sync(2). */
void kexec_sync_disks(void);

/* Bring every interface but loopback down.  Returns the number taken
 * down, or -errno when the interfaces cannot be listed. */
int kexec_ifdown(void);

/* Replace this process with `shutdown -r now`; returns -errno only when
 * no shutdown program could be run. */
int kexec_run_shutdown(void);

#endif
