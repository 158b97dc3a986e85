# shellcheck shell=sh
# What `systemctl kexec` runs: long options with their values as separate
# words, then `kexec -e`.

stage1() {
	expect_rc 0 "$KEXEC" --load "$KX_KERNEL" --append "$(kx_next_cmdline)" \
		--initrd "$KX_INITRD"
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	check_initrd
	pass
}
