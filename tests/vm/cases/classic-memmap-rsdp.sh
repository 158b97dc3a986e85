# shellcheck shell=sh
# Through kexec_load (-c), the second kernel sees the firmware's memory map
# (/sys/firmware/memmap: every start, end and type) and ACPI RSDP exactly as
# the first did.  The first kernel saves both in a small cpio archive
# appended to the next initrd (Linux unpacks concatenated archives); the
# second compares.

stage1() {
	kx_pass_firmware_state /tmp/next.img
	expect_rc 0 "$KEXEC" -c -l "$KX_KERNEL" --initrd=/tmp/next.img \
		--append="$(kx_next_cmdline)"
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	check_initrd
	kx_check_firmware_state memmap rsdp
	pass
}
