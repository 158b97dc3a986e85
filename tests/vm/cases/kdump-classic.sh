# shellcheck shell=sh
# kdump through kexec_load (-c -p): our core headers (a PT_NOTE per CPU,
# vmcoreinfo, the kernel text and the RAM outside the reservation), the
# capture kernel's e820 and elfcorehdr=.  Fill 256 MiB with this run's
# pattern, load, panic (sysrq c); the capture kernel finds a valid ELF core
# in /proc/vmcore and the pattern at 64 sampled pages.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_MEM=1536
KX_APPEND="crashkernel=384M"
KX_TIMEOUT=180
KX_HELPERS=kxmem

stage1() {
	kx_kdump_stage1 -c
}

stage2() {
	kx_kdump_stage2 --want-text
}
