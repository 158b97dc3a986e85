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
#   kx_stage_cmdline N [WORDS]  the same with kxstage=N, for chains; TOKEN
#                   is this kernel's kxtoken or, past stage 1, its kxnew
#   kx_cmos_get INDEX / kx_cmos_set INDEX VALUE  a CMOS NVRAM byte (decimal
#                   value), through /dev/port; survives a reset
#   kx_cpio_append OUT DIR PATH...  append a newc cpio of PATHs (relative to
#                   DIR) to OUT: Linux unpacks concatenated archives in turn
#   kx_firmware_state DIR  save this kernel's memory map, ACPI RSDP and EFI
#                   runtime map in DIR, for comparison across a kexec
#   kx_pass_firmware_state OUT  OUT = $KX_INITRD + that state as /kxfirst
#   kx_check_firmware_state FILE...  in the next kernel: /kxfirst/FILE
#                   equals this kernel's (memmap, rsdp, runtime-map)
#   check_new_cmdline  in stage 2: the command line is the one
#                   kx_next_cmdline made, not the first kernel's
#   run CMD...      run CMD, show its output and exit code; sets RC and OUT
#   expect_rc N CMD...    run CMD, fail the case unless it exits with N
#   expect_fail CMD...    run CMD, fail the case if it exits with 0
#   kx_exec [ARGS]  `kexec -e` (or ARGS); returns only if the exec failed
#   has_arg WORD    is WORD a whole word of /proc/cmdline?
#   kx_kdump_stage1 [KEXEC-ARGS]  fill memory with this run's pattern (the
#                   kxmem helper), load the capture kernel with `kexec
#                   KEXEC-ARGS -p` and panic; kx_kdump_stage2 [--want-text]
#                   checks /proc/vmcore and the pattern in the capture kernel
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

kx_stage_cmdline() {
	n=$1
	shift
	tok=$(cmdline_value kxnew) || tok=$(kx_token)
	echo "console=ttyS0 panic=-1 kxstage=$n kxnew=$tok${1:+ $*}"
}

# kx_port_write PORT BYTE: one byte (decimal) to an I/O port.
kx_port_write() {
	# shellcheck disable=SC2059 # the format is the byte, as an octal escape
	printf "\\$(printf %03o "$2")" | dd of=/dev/port bs=1 seek="$1" conv=notrunc 2>/dev/null
}

# CMOS index port 0x70 (bit 7 masks NMI, so keep it clear), data 0x71.
kx_cmos_get() {
	kx_port_write 112 "$1"
	dd if=/dev/port bs=1 skip=113 count=1 2>/dev/null | od -An -tu1 | tr -d ' \n'
}

kx_cmos_set() {
	kx_port_write 112 "$1"
	kx_port_write 113 "$2"
}

kx_cpio_append() {
	out=$1
	dir=$2
	shift 2
	# An uncompressed archive must start 4-byte aligned in the initrd
	# (the kernel skips the zero bytes in between).
	pad=$(((4 - $(wc -c <"$out") % 4) % 4))
	[ "$pad" = 0 ] || head -c "$pad" /dev/zero >>"$out"
	(cd "$dir" && for p in "$@"; do echo "$p"; done | cpio -o -H newc) >>"$out"
}

# kx_firmware_state DIR: what the firmware told this kernel, one file each:
# memmap (/sys/firmware/memmap: "start end type" per entry, by start), rsdp
# (the kernel's "ACPI: RSDP ..." line) and, under EFI, runtime-map
# (/sys/firmware/efi/runtime-map: "phys_addr num_pages type attribute
# virt_addr" per entry, in order).
kx_firmware_state() {
	mkdir -p "$1"
	for e in /sys/firmware/memmap/*; do
		[ -f "$e/start" ] || continue
		printf '%016x %016x %s\n' "$(cat "$e/start")" "$(cat "$e/end")" "$(cat "$e/type")"
	done | sort >"$1/memmap"
	dmesg | sed -n 's/^.*\] ACPI: RSDP /RSDP /p' >"$1/rsdp"
	rm -f "$1/runtime-map"
	if [ -d /sys/firmware/efi/runtime-map ]; then
		# shellcheck disable=SC2012 # numbered directories
		for i in $(ls /sys/firmware/efi/runtime-map | sort -n); do
			e=/sys/firmware/efi/runtime-map/$i
			echo "$(cat "$e/phys_addr") $(cat "$e/num_pages") $(cat "$e/type") $(cat "$e/attribute") $(cat "$e/virt_addr")"
		done >"$1/runtime-map"
	fi
}

# kx_pass_firmware_state OUT: save this kernel's firmware state (above) as
# /kxfirst in a copy of $KX_INITRD written to OUT, for the next kernel's
# kx_check_firmware_state.  Fails the case on an empty memory map or RSDP.
kx_pass_firmware_state() {
	kx_firmware_state /tmp/kxsave/kxfirst
	for f in /tmp/kxsave/kxfirst/*; do
		echo "this kernel's $(basename "$f"):"
		sed 's/^/  /' "$f"
	done
	[ -s /tmp/kxsave/kxfirst/memmap ] || fail "no /sys/firmware/memmap entries"
	[ -s /tmp/kxsave/kxfirst/rsdp ] || fail "no 'ACPI: RSDP' line in the kernel log"
	cp "$KX_INITRD" "$1" || fail "cannot copy $KX_INITRD to $1"
	# shellcheck disable=SC2046 # file names without spaces
	kx_cpio_append "$1" /tmp/kxsave kxfirst $(cd /tmp/kxsave && ls kxfirst/*) ||
		fail "cannot append the saved state to $1"
}

# kx_check_firmware_state FILE...: each FILE of the state the previous
# kernel passed equals this kernel's (a diff and a failure otherwise).
kx_check_firmware_state() {
	[ -d /kxfirst ] || fail "the previous kernel's state (/kxfirst) is not in the initrd"
	kx_firmware_state /tmp/kxnow
	for f in "$@"; do
		[ -f "/kxfirst/$f" ] || fail "/kxfirst/$f did not arrive"
		if cmp -s "/kxfirst/$f" "/tmp/kxnow/$f"; then
			echo "$f: same as the previous kernel's ($(wc -l <"/tmp/kxnow/$f") lines)"
		else
			diff "/kxfirst/$f" "/tmp/kxnow/$f" | sed 's/^/  /'
			fail "$f differs from the previous kernel's (- before, + now)"
		fi
	done
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

# ---- kdump -----------------------------------------------------------------
# The first kernel fills KX_KDUMP_MIB MiB with a pattern unique to this run
# and passes the physical pages of KX_KDUMP_SAMPLES of them on the capture
# kernel's command line (kxpfn=); after the panic, the capture kernel finds
# each of them through /proc/vmcore's PT_LOADs.  Reading all of /proc/vmcore
# would take minutes under emulation.
KX_KDUMP_MIB=256
KX_KDUMP_SAMPLES=64

# Start `kxmem fill` in the background (it holds the memory until the
# panic) and wait for its sample list in /tmp/kxpfn.
kx_kdump_fill() {
	echo 0 >/proc/sys/vm/compact_unevictable_allowed ||
		fail "cannot forbid the migration of locked pages"
	kxmem fill "$(kx_token)" "$KX_KDUMP_MIB" "$KX_KDUMP_SAMPLES" /tmp/kxpfn &
	n=0
	while [ ! -s /tmp/kxpfn ]; do
		kill -0 $! 2>/dev/null || fail "kxmem fill exited"
		n=$((n + 1))
		[ "$n" -lt 600 ] || fail "kxmem fill took more than 60 s"
		sleep 0.1
	done
}

kx_kdump_stage1() {
	size=$(cat /sys/kernel/kexec_crash_size 2>/dev/null)
	[ "${size:-0}" -gt 0 ] || fail "no crashkernel= reservation (kexec_crash_size ${size:-missing})"
	grep 'Crash kernel' /proc/iomem
	command -v kxmem >/dev/null || fail "no kxmem helper in the initramfs"
	# The capture kernel needs the helper too.
	cp "$KX_INITRD" /tmp/next.img || fail "cannot copy $KX_INITRD"
	kx_cpio_append /tmp/next.img / bin/kxmem || fail "cannot add kxmem to the next initrd"
	kx_kdump_fill
	words="maxcpus=1 irqpoll reset_devices kxpfn=$(cat /tmp/kxpfn)"
	"$KEXEC" --dry-run "$@" -p "$KX_KERNEL" --initrd=/tmp/next.img \
		--append="$(kx_next_cmdline "$words")" 2>&1 | sed -n '/^slot:/,/^then:/p'
	expect_rc 0 "$KEXEC" "$@" -p "$KX_KERNEL" --initrd=/tmp/next.img \
		--append="$(kx_next_cmdline "$words")"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] ||
		fail "/sys/kernel/kexec_crash_loaded is not 1 after kexec -p"
	kx_mark "EXEC $KX_CASE uptime=$(kx_uptime)"
	sync
	echo c >/proc/sysrq-trigger
	fail "still alive after echo c >/proc/sysrq-trigger"
}

kx_kdump_stage2() {
	check_new_cmdline
	cmdline_value elfcorehdr >/dev/null || fail "no elfcorehdr= on the capture kernel's command line"
	[ -e /proc/vmcore ] || fail "no /proc/vmcore in the capture kernel"
	head -c 4 /proc/vmcore | grep -q ELF || fail "/proc/vmcore does not start with an ELF magic"
	ls -l /proc/vmcore
	grep 'System RAM' /proc/iomem
	run kxmem check "$(cmdline_value kxnew)" "$(cmdline_value kxpfn)" "$@"
	[ "$RC" = 0 ] || fail "$(printf '%s\n' "$OUT" | grep FAIL | head -n 1)"
	pass
}
