# shellcheck shell=sh
# As linux-to-linux, but through kexec_load (-c): the loader builds the
# segments, boot_params and purgatory itself.

stage1() {
	expect_loaded 0
	expect_rc 0 "$KEXEC" -c -l "$KX_KERNEL" --initrd="$KX_INITRD" \
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
