# shellcheck shell=sh
# -l, -u, then -e: the exec fails with a non-zero exit and a message that
# says nothing is loaded, and the machine keeps running.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_PACK_INITRD=0

stage1() {
	expect_rc 0 "$KEXEC" -l "$KX_KERNEL" --append="$(kx_next_cmdline)"
	expect_loaded 1
	expect_rc 0 "$KEXEC" -u
	expect_loaded 0
	expect_fail "$KEXEC" -e
	[ -n "$OUT" ] || fail "kexec -e failed silently"
	printf '%s\n' "$OUT" | grep -qi load ||
		fail "kexec -e did not say that nothing is loaded: $OUT"
	echo "still alive at uptime $(kx_uptime)"
	pass
}
