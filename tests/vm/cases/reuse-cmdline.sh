# shellcheck shell=sh
# --reuse-cmdline --append kxstage=2: the first kernel's words survive,
# BOOT_IMAGE= (which GRUB puts first) is dropped, the appended word is added.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_APPEND="BOOT_IMAGE=/boot/vmlinuz-kx kxkeep=yes"

stage1() {
	has_arg BOOT_IMAGE=/boot/vmlinuz-kx || fail "the host did not pass BOOT_IMAGE="
	expect_rc 0 "$KEXEC" -l "$KX_KERNEL" --initrd="$KX_INITRD" \
		--reuse-cmdline --append kxstage=2
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	has_arg kxstage=2 || fail "kxstage=2 was not appended"
	has_arg kxkeep=yes || fail "kxkeep=yes of the first command line was lost"
	has_arg console=ttyS0 || fail "console=ttyS0 of the first command line was lost"
	cmdline_value kxtoken >/dev/null || fail "kxtoken= of the first command line was lost"
	case " $(cat /proc/cmdline)" in
	*" BOOT_IMAGE="*) fail "BOOT_IMAGE= was reused" ;;
	esac
	check_initrd
	pass
}
