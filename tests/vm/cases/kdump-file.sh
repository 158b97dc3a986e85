# shellcheck shell=sh
# kdump through kexec_file_load (-s -p): boot with crashkernel=384M, check
# that -p and -u/-S work in either order, fill 256 MiB with this run's
# pattern, load the capture kernel, panic (sysrq c).  The capture kernel
# finds a valid ELF core in /proc/vmcore and the pattern at 64 sampled
# pages (kxmem check): nothing lost.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_MEM=1536
KX_APPEND="crashkernel=384M"
KX_TIMEOUT=180
KX_HELPERS=kxmem

crash_loaded() {
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = "$1" ] ||
		fail "/sys/kernel/kexec_crash_loaded is $(cat /sys/kernel/kexec_crash_loaded), expected $1"
}

stage1() {
	crash_loaded 0
	expect_rc 0 "$KEXEC" -s -p "$KX_KERNEL" --initrd="$KX_INITRD" \
		--append="$(kx_next_cmdline)"
	crash_loaded 1
	expect_loaded 0
	expect_rc 1 "$KEXEC" -S -p
	expect_rc 1 "$KEXEC" -p -S
	expect_rc 0 "$KEXEC" -S -l
	expect_rc 1 "$KEXEC" -S --json
	case $OUT in
	*'"crash_loaded": true'*'"lockdown"'*) ;;
	*) fail "kexec -S --json does not report the crash slot" ;;
	esac
	expect_rc 0 "$KEXEC" -u -p
	crash_loaded 0
	expect_rc 0 "$KEXEC" -s -p "$KX_KERNEL" --append="$(kx_next_cmdline)"
	crash_loaded 1
	expect_rc 0 "$KEXEC" -p -u
	crash_loaded 0
	kx_kdump_stage1 -s
}

stage2() {
	kx_kdump_stage2 --want-text
}
