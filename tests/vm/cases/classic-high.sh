# shellcheck shell=sh
# kexec_load (-c) with --mem-min=0x100000000 in a 6 GiB guest: the kernel,
# initrd, boot_params (with the command line) and purgatory all sit above
# 4 GiB, so the second kernel only finds its command line and initrd through
# the ext_ fields of boot_params, and the purgatory runs and jumps up there.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_MEM=6144
KX_TIMEOUT=150

# kx_high HEX: is the address at or above 4 GiB?
kx_high() {
	[ "$(($1 >= 0x100000000))" = 1 ]
}

# kx_check_plan: every segment and address in the plan kexec printed ($OUT,
# from --dry-run or -d) is above 4 GiB.
kx_check_plan() {
	n=0
	for a in $(printf '%s\n' "$OUT" | sed -n 's/^  \(0x[0-9a-f]\{16\}\)  data .*/\1/p'); do
		kx_high "$a" || fail "$1: a segment at $a, below 4 GiB"
		n=$((n + 1))
	done
	[ "$n" -ge 4 ] || fail "$1 shows $n segments, expected 4 or more"
	for what in 'kernel at' 'boot_params at' 'command line at' 'initrd at' 'entry'; do
		a=$(printf '%s\n' "$OUT" | sed -n "s/.*$what:* *\(0x[0-9a-f]*\).*/\1/p" | head -n 1)
		[ -n "$a" ] || fail "$1 shows no '$what' address"
		kx_high "$a" || fail "$1: $what $a, below 4 GiB"
	done
}

stage1() {
	grep -q '^100000000-.* : System RAM' /proc/iomem ||
		fail "the guest has no RAM at 4 GiB"
	set -- "$KX_KERNEL" --initrd="$KX_INITRD" --mem-min=0x100000000 \
		--append="$(kx_next_cmdline kxhigh=1)"
	expect_rc 0 "$KEXEC" --dry-run -c -l "$@"
	kx_check_plan "the dry run"
	expect_rc 0 "$KEXEC" -c -d -l "$@"
	kx_check_plan "the load (-d)"
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

# u32 at OFFSET in /sys/kernel/boot_params/data, in hex.
kx_bp32() {
	printf '0x%x' "$(od -An -tu4 -j "$1" -N 4 /sys/kernel/boot_params/data | tr -d ' ')"
}

stage2() {
	check_new_cmdline
	has_arg kxhigh=1 || fail "no kxhigh=1 on the command line"
	check_initrd
	# What boot_params said: ramdisk_image 0x218 / ext_ramdisk_image 0xc0,
	# cmd_line_ptr 0x228 / ext_cmd_line_ptr 0xc8.
	initrd=$(printf '0x%x' $(($(kx_bp32 0xc0) << 32 | $(kx_bp32 0x218))))
	cmdline=$(printf '0x%x' $(($(kx_bp32 0xc8) << 32 | $(kx_bp32 0x228))))
	echo "boot_params: initrd at $initrd, command line at $cmdline"
	kx_high "$initrd" || fail "boot_params put the initrd at $initrd, below 4 GiB"
	kx_high "$cmdline" || fail "boot_params put the command line at $cmdline, below 4 GiB"
	dmesg | grep 'RAMDISK: \[mem ' || fail "the kernel log shows no RAMDISK line"
	a=$(dmesg | sed -n 's/.*RAMDISK: \[mem \(0x[0-9a-f]*\)-.*/\1/p' | head -n 1)
	kx_high "$a" || fail "the kernel found its initrd at $a, below 4 GiB"
	pass
}
