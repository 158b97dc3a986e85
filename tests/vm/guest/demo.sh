# shellcheck shell=sh
# The guest side of tests/vm/demo (a case file like those in cases/, kept
# out of cases/ so run-all does not run it).  Lines "KXTEST: DEMO KEY VALUE"
# are what the host summarises.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_TIMEOUT=120

stage1() {
	kx_mark "DEMO uname_a $(uname -r)"
	kx_mark "DEMO cmdline_a $(cat /proc/cmdline)"
	new=$(kx_next_cmdline "hello=from-kernel-A")
	kx_mark "DEMO load_start $(kx_uptime)"
	expect_rc 0 "$KEXEC" -l "$KX_KERNEL" --initrd="$KX_INITRD" --append="$new"
	kx_mark "DEMO load_end $(kx_uptime)"
	kx_mark "DEMO load_cmd kexec -l /boot/vmlinuz --initrd=/boot/initrd.img --append=\"$new\""
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	kx_mark "DEMO uname_b $(uname -r)"
	kx_mark "DEMO cmdline_b $(cat /proc/cmdline)"
	kx_mark "DEMO uptime_b $(kx_uptime)"
	check_new_cmdline
	pass
}
