# shellcheck shell=sh
# linux-to-linux under OVMF (the kernel's EFI stub): kexec_file_load, and
# the second kernel still sees EFI.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_FIRMWARE=uefi
KX_TIMEOUT=180

stage1() {
	[ -d /sys/firmware/efi ] || fail "the first kernel did not boot through EFI"
	expect_rc 0 "$KEXEC" -s -l "$KX_KERNEL" --initrd="$KX_INITRD" \
		--append="$(kx_next_cmdline)"
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	[ -d /sys/firmware/efi ] || fail "no /sys/firmware/efi in the second kernel"
	# efivars registers only when EFI runtime services work.
	dmesg | grep -q 'Registered efivars operations' ||
		fail "the second kernel lost the EFI runtime services"
	check_initrd
	pass
}
