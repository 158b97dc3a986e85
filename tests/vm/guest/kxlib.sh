# shellcheck shell=sh
# shellcheck disable=SC2034 # the variables are for the case files
# Helpers for the guest side of the QEMU cases (busybox ash), sourced by
# /init before the case file.  KX_CASE is set by /etc/kxcase, written by
# mkinitramfs.
#
#   KEXEC           the kexec binary under test (/sbin/kexec)
#   KX_KERNEL       the next kernel (/boot/vmlinuz), if packed
#   KX_INITRD       the next initrd (/boot/initrd.img), if packed
#   kx_token        the token the host put on the first command line
#   kx_next_cmdline [WORDS]  a command line for the next kernel: console,
#                   panic=-1, kxstage=2, kxnew=TOKEN and WORDS
#   check_new_cmdline  in stage 2: the command line is the one
#                   kx_next_cmdline made, not the first kernel's
#   run CMD...      run CMD, show its output and exit code; sets RC and OUT
#   expect_rc N CMD...    run CMD, fail the case unless it exits with N
#   expect_fail CMD...    run CMD, fail the case if it exits with 0
#   kx_exec [ARGS]  `kexec -e` (or ARGS); returns only if the exec failed
#   has_arg WORD    is WORD a whole word of /proc/cmdline?
#   pass / fail REASON    print the verdict and power off

KX_CASE=$(cat /etc/kxcase 2>/dev/null || echo unknown)
KEXEC=/sbin/kexec
KX_KERNEL=/boot/vmlinuz
KX_INITRD=/boot/initrd.img

kx_mark() {
	echo "KXTEST: $* "
}

kx_uptime() {
	cut -d ' ' -f 1 /proc/uptime
}

kx_finish() {
	# Let the UART drain before the machine goes away.
	sync
	sleep 1
	poweroff -f
	sleep 10
}

pass() {
	kx_mark "PASS $KX_CASE"
	kx_finish
}

fail() {
	kx_mark "FAIL $KX_CASE $*"
	kx_finish
}

# The value of NAME=VALUE on the kernel command line.
cmdline_value() {
	# shellcheck disable=SC2013 # words, not lines
	for w in $(cat /proc/cmdline); do
		case $w in
		"$1"=*)
			echo "${w#*=}"
			return 0
			;;
		esac
	done
	return 1
}

has_arg() {
	case " $(cat /proc/cmdline) " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

kx_token() {
	cmdline_value kxtoken
}

kx_next_cmdline() {
	echo "console=ttyS0 panic=-1 kxstage=2 kxnew=$(kx_token)${1:+ $*}"
}

check_new_cmdline() {
	has_arg kxstage=2 || fail "no kxstage=2 in /proc/cmdline"
	cmdline_value kxnew >/dev/null || fail "no kxnew= token in /proc/cmdline"
	if cmdline_value kxtoken >/dev/null; then
		fail "the first kernel's kxtoken= is still in /proc/cmdline"
	fi
}

check_initrd() {
	[ -f /etc/kxcase ] || fail "the initrd did not arrive"
}

loaded() {
	cat /sys/kernel/kexec_loaded
}

run() {
	echo "+ $*"
	OUT=$("$@" 2>&1)
	RC=$?
	[ -n "$OUT" ] && printf '%s\n' "$OUT" | sed 's/^/| /'
	echo "= exit $RC"
	return 0
}

expect_rc() {
	want=$1
	shift
	run "$@"
	[ "$RC" = "$want" ] || fail "'$*' exited $RC, expected $want"
}

expect_fail() {
	run "$@"
	[ "$RC" != 0 ] || fail "'$*' succeeded, expected a failure"
}

expect_loaded() {
	[ "$(loaded)" = "$1" ] ||
		fail "/sys/kernel/kexec_loaded is $(loaded), expected $1"
}

# Jump.  On success this never returns: the next kernel prints the verdict.
kx_exec() {
	[ $# -gt 0 ] || set -- -e
	kx_mark "EXEC $KX_CASE uptime=$(kx_uptime)"
	sync
	"$KEXEC" "$@"
	RC=$?
	echo "= exit $RC"
	return 0
}
