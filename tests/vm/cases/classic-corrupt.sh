# shellcheck shell=sh
# A piece corrupted after load (kexec-test's --test-corrupt-after-hash
# flips a byte of the kernel after its digest was taken; the installed
# kexec has no such option) makes the purgatory print the
# mismatch, naming the algorithm, with both digests on COM1 and reset the
# machine instead of hanging; the firmware boots the first kernel again.  The first boot
# leaves a marker in CMOS NVRAM (it survives the reset, unlike RAM), so the
# second boot knows it is one.  QEMU runs without -no-reboot here.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_REBOOT=1
KX_PACK_INITRD=0
KX_TIMEOUT=200
# --verify=: xxh3 (the default) here, sha256 in classic-corrupt-sha256,
# which sources this file (on the host, and in the guest from /).
: "${KX_CORRUPT_VERIFY:=xxh3}"

# The test build of the command (-DKX_TEST_HOOKS), packed beside kexec.
KEXEC_TEST=/bin/kexec-test

# CMOS index 0x4e: unused by QEMU's PC CMOS layout and SeaBIOS.
KX_CMOS_INDEX=78
KX_CMOS_MARK=107

stage1() {
	mark=$(kx_cmos_get $KX_CMOS_INDEX)
	echo "CMOS 0x4e = $mark"
	case $mark in
	0)
		expect_loaded 0
		kx_cmos_set $KX_CMOS_INDEX $KX_CMOS_MARK
		[ "$(kx_cmos_get $KX_CMOS_INDEX)" = $KX_CMOS_MARK ] ||
			fail "cannot write the marker to CMOS 0x4e through /dev/port"
		[ -x "$KEXEC_TEST" ] || fail "$KEXEC_TEST missing: the initramfs lacks the test build"
		expect_rc 0 "$KEXEC_TEST" -c -d --test-corrupt-after-hash \
			--verify="$KX_CORRUPT_VERIFY" -l "$KX_KERNEL" \
			--append="$(kx_next_cmdline kxcorrupt=1)"
		expect_loaded 1
		kx_exec -e
		fail "kexec -e returned (exit $RC)"
		;;
	"$KX_CMOS_MARK")
		# The reset brought the firmware and this same kernel back.
		kx_cmos_set $KX_CMOS_INDEX 0
		[ "$(kx_cmos_get $KX_CMOS_INDEX)" = 0 ] || fail "cannot clear the marker in CMOS 0x4e"
		expect_loaded 0
		echo "second boot: the purgatory reset the machine"
		pass
		;;
	*)
		fail "CMOS 0x4e holds $mark, neither 0 nor the marker $KX_CMOS_MARK"
		;;
	esac
}

stage2() {
	fail "the corrupted kernel was booted: the purgatory did not catch the damage"
}

# On the host (bash): after the exec, the purgatory printed the mismatch
# with two different digests (and not "purgatory: ok"), then the firmware
# booted the first kernel again, which gave the verdict.
host_check() {
	kx_alg=sha256 kx_digits=64
	[ "$KX_CORRUPT_VERIFY" = xxh3 ] && kx_alg=xxh3-128 kx_digits=32
	tr -d '\r' <"$1" | awk -v alg="$kx_alg" -v digits="$kx_digits" '
		function hex(s) { sub(/^0x0*/, "", s); return s }
		# The kernel segment in the plan that -d printed.
		!e && /^\|   0x[0-9a-f]+  data .* kernel$/ { kaddr = hex($2) }
		/KXTEST: EXEC / { e = 1; next }
		e == 1 && /^purgatory: ok/ { print "the purgatory said ok"; bad = 1; exit }
		e == 1 && $0 ~ ("^purgatory: " alg " mismatch in region [0-9]+ at 0x[0-9a-f]+, expected [0-9a-f]+, got [0-9a-f]+$") {
			n = split($0, w, /[ ,]+/)
			want = w[n - 2]; have = w[n]; at = w[n - 4]
			if (length(want) != digits || length(have) != digits) { print "digests are not " digits " hex digits: " $0; bad = 1; exit }
			if (want == have) { print "the two digests are equal: " $0; bad = 1; exit }
			if (hex(at) != kaddr) { print "the mismatch is not in the kernel segment (0x" kaddr "): " $0; bad = 1; exit }
			e = 2; next
		}
		e == 1 && /\] Linux version / { print "a kernel started after the exec without a mismatch line from the purgatory"; bad = 1; exit }
		e == 2 && /\] Linux version / { e = 3; next }
		e == 3 && /KXTEST: STAGE 1 / { e = 4; next }
		END {
			if (bad) exit 1
			if (kaddr == "") { print "no kernel segment in the -d output"; exit 1 }
			if (e < 1) { print "no exec"; exit 1 }
			if (e < 2) { print "no purgatory: " alg " mismatch line with both digests after the exec"; exit 1 }
			if (e < 4) { print "the first kernel did not boot again after the reset"; exit 1 }
		}'
}
