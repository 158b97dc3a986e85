# shellcheck shell=sh
# Linux to Linux through kexec_file_load (-s): load the same Debian kernel
# with a new command line and an initrd, jump, and check the command line
# and the initrd arrived.

stage1() {
	expect_loaded 0
	expect_rc 0 "$KEXEC" -s -l "$KX_KERNEL" --initrd="$KX_INITRD" \
		--append="$(kx_next_cmdline)"
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	check_initrd
	pass
}
