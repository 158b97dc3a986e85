# shellcheck shell=sh
# Three kernels through kexec_load (-c): stage 1 kexecs stage 2, which
# kexecs stage 3.  Each checks the command line word meant for it; the
# first passes the kernel and an initrd on to the second in its initrd.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=3
KX_TIMEOUT=150

stage1() {
	# The next initrd is the base archive plus /boot (this kernel and the
	# base archive again), so the second kernel can load the third.
	cp "$KX_INITRD" /tmp/next.img
	kx_cpio_append /tmp/next.img / boot boot/vmlinuz boot/initrd.img ||
		fail "cannot build the second kernel's initrd"
	expect_rc 0 "$KEXEC" -c -l "$KX_KERNEL" --initrd=/tmp/next.img \
		--append="$(kx_stage_cmdline 2 kxchain=2)"
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	has_arg kxchain=2 || fail "no kxchain=2 on the second kernel's command line"
	check_initrd
	[ -f "$KX_KERNEL" ] || fail "the second kernel has no $KX_KERNEL"
	[ -f "$KX_INITRD" ] || fail "the second kernel has no $KX_INITRD"
	expect_loaded 0
	expect_rc 0 "$KEXEC" -c -l "$KX_KERNEL" --initrd="$KX_INITRD" \
		--append="$(kx_stage_cmdline 3 kxchain=3)"
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned in the second kernel (exit $RC)"
}

stage3() {
	has_arg kxstage=3 || fail "no kxstage=3 in /proc/cmdline"
	has_arg kxchain=3 || fail "no kxchain=3 on the third kernel's command line"
	has_arg kxchain=2 && fail "the second kernel's kxchain=2 is still on the command line"
	cmdline_value kxnew >/dev/null || fail "no kxnew= token in /proc/cmdline"
	cmdline_value kxtoken >/dev/null && fail "the first kernel's kxtoken= is still in /proc/cmdline"
	check_initrd
	[ -f "$KX_KERNEL" ] && fail "the third kernel got the second's initrd (with $KX_KERNEL)"
	pass
}
