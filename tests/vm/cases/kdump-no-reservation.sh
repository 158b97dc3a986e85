# shellcheck shell=sh
# Without crashkernel= there is no "Crash kernel" in /proc/iomem: kexec -p
# says to boot with crashkernel= and exits 1 before any system call, through
# either syscall; the crash slot stays empty.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_PACK_INITRD=0

stage1() {
	grep -q 'Crash kernel' /proc/iomem && fail "a crash kernel region exists without crashkernel="
	for sc in -s -c -a; do
		expect_rc 1 "$KEXEC" "$sc" -p "$KX_KERNEL" --append=maxcpus=1
		case $OUT in
		"kexec: no memory is reserved for a crash kernel"*crashkernel=*) ;;
		*) fail "kexec $sc -p: no message about crashkernel=" ;;
		esac
	done
	expect_rc 0 "$KEXEC" -S -p
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 0 ] || fail "kexec_crash_loaded is not 0"
	pass
}
