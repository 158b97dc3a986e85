# shellcheck shell=sh
# As uefi, but through kexec_load (-c): the loader must pass EFI on (efi_info,
# SETUP_EFI, the runtime map) for the second kernel to keep EFI.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_FIRMWARE=uefi
KX_TIMEOUT=180

stage1() {
	[ -d /sys/firmware/efi ] || fail "the first kernel did not boot through EFI"
	expect_rc 0 "$KEXEC" -c -l "$KX_KERNEL" --initrd="$KX_INITRD" \
		--append="$(kx_next_cmdline)"
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	[ -d /sys/firmware/efi ] || fail "no /sys/firmware/efi in the second kernel"
	# The runtime map (what kexec passes on) is there and not empty.
	[ -n "$(ls /sys/firmware/efi/runtime-map 2>/dev/null)" ] ||
		fail "no /sys/firmware/efi/runtime-map entries in the second kernel"
	# efivars registers only when EFI runtime services work.
	dmesg | grep -q 'Registered efivars operations' ||
		fail "the second kernel lost the EFI runtime services"
	check_initrd
	pass
}
