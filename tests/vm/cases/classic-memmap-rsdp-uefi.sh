# shellcheck shell=sh
# classic-memmap-rsdp under OVMF: through kexec_load (-c), the second kernel
# sees the same memory map (/sys/firmware/memmap) and ACPI RSDP as the
# first, and keeps EFI: /sys/firmware/efi/runtime-map has as many entries,
# each the same (the runtime services stay at their virtual addresses).
# shellcheck disable=SC2034 # host settings, read by run-case
KX_FIRMWARE=uefi
KX_TIMEOUT=180

stage1() {
	[ -d /sys/firmware/efi ] || fail "the first kernel did not boot through EFI"
	kx_pass_firmware_state /tmp/next.img
	[ -s /tmp/kxsave/kxfirst/runtime-map ] ||
		fail "no /sys/firmware/efi/runtime-map entries in the first kernel"
	expect_rc 0 "$KEXEC" -c -l "$KX_KERNEL" --initrd=/tmp/next.img \
		--append="$(kx_next_cmdline)"
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	check_initrd
	[ -d /sys/firmware/efi/runtime-map ] ||
		fail "no /sys/firmware/efi/runtime-map in the second kernel"
	first=$(wc -l </kxfirst/runtime-map)
	now=$(find /sys/firmware/efi/runtime-map -mindepth 1 -maxdepth 1 | wc -l)
	[ "$first" = "$now" ] ||
		fail "/sys/firmware/efi/runtime-map has $now entries, the first kernel's $first"
	kx_check_firmware_state memmap rsdp runtime-map
	pass
}
