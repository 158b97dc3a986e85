#!/usr/bin/env bash
# Host-side checks of the kexec command that never reach the kernel:
# --dry-run plans against Debian's real kernel image, refusals of bad
# images, -h/-v.  Prints one TAP line per check.
set -u
cd "$(dirname "$0")/../.." || exit 1
KEXEC=${KEXEC:-build/kexec}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok host.$1"; }
fail() {
	echo "not ok host.$1"
	shift
	printf '#   %s\n' "$@"
}
# check NAME EXPECTED-RC GREP-PATTERN -- ARGS...
check() {
	local name=$1 want=$2 pat=$3 out rc
	shift 4
	out=$("$KEXEC" "$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$name" "exit $rc, wanted $want: $KEXEC $*" "$out"
	elif ! printf '%s\n' "$out" | grep -qE -- "$pat"; then
		fail "$name" "output lacks /$pat/: $KEXEC $*" "$out"
	else
		ok "$name"
	fi
}

if ! kernel=$(tests/vm/fetch-kernel 2>"$tmp/fetch.err"); then
	echo "ok host.dry-run # SKIP no Debian kernel: $(tail -n 1 "$tmp/fetch.err")"
	exit 0
fi
printf 'initrd' | gzip >"$tmp/initrd.gz"

check version 0 'libkexec' -- -v
check help 0 '--load' -- -h
check dry-run-plan 0 'bzImage' -- --dry-run -l "$kernel" --initrd "$tmp/initrd.gz" --append "root=/dev/vda quiet"
check dry-run-cmdline 0 'root=/dev/vda quiet' -- --dry-run -l "$kernel" --append="root=/dev/vda quiet"
check dry-run-protocol 0 '2\.1[2-9]' -- --dry-run -l "$kernel"
check dry-run-initrd-gzip 0 'gzip' -- --dry-run -l "$kernel" --initrd="$tmp/initrd.gz"
check dry-run-syscall 0 'kexec_file_load' -- --dry-run -s -l "$kernel"

out=$("$KEXEC" --dry-run --json -l "$kernel" --append "a=\"b c\"" 2>&1)
if printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["type"]=="bzImage" and d["cmdline"]=="a=\"b c\"", d' 2>"$tmp/py.err"; then
	ok dry-run-json
else
	fail dry-run-json "$(cat "$tmp/py.err")" "$out"
fi

# A kernel compressed as a whole is unpacked before the checks.
xz -T1 -3 -c "$kernel" >"$tmp/vmlinuz.xz"
check dry-run-xz-kernel 0 'xz' -- --dry-run -l "$tmp/vmlinuz.xz"
zstd -q -3 -c "$kernel" >"$tmp/vmlinuz.zst"
check dry-run-zstd-kernel 0 'zstd' -- --dry-run -l "$tmp/vmlinuz.zst"

# Bad images: one line naming the file, exit non-zero, no syscall made.
head -c 4096 "$kernel" >"$tmp/truncated"
check truncated-refused 255 "$tmp/truncated" -- --dry-run -l "$tmp/truncated"
cp "$kernel" "$tmp/badmagic"
printf 'XXXX' | dd of="$tmp/badmagic" bs=1 seek=$((0x202)) conv=notrunc status=none
check bad-magic-refused 255 "$tmp/badmagic" -- --dry-run -l "$tmp/badmagic"
check missing-file 1 "$tmp/none" -- --dry-run -l "$tmp/none"
head -c 1000 "$tmp/vmlinuz.xz" >"$tmp/cut.xz"
check truncated-xz-refused 255 "$tmp/cut.xz" -- --dry-run -l "$tmp/cut.xz"
long=$(head -c 3000 /dev/zero | tr '\0' a)
check cmdline-too-long 255 'command line' -- --dry-run -l "$kernel" --append "$long"
check unknown-option 1 'kexec' -- --dry-run --no-such-option
check module-not-yet 1 'not supported yet' -- --dry-run -l "$kernel" --module "$tmp/initrd.gz"

# kexec_load plans: the segment table and boot_params summary.
check dry-run-classic 0 'purgatory' -- --dry-run -c -l "$kernel" --initrd "$tmp/initrd.gz" --append "quiet"
check dry-run-classic-e820 0 'e820:' -- --dry-run -c -l "$kernel"
check mem-bounds-bad 1 'mem-max' -- --dry-run -c -l "$kernel" --mem-min=0x2000000 --mem-max=0x1000000
out=$("$KEXEC" --dry-run --json -c -l "$kernel" 2>&1)
if printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["segments"]; assert len(s)>=3 and all(x["mem"]%4096==0 for x in s) and d["linux_boot"]["kernel_entry"]==d["linux_boot"]["kernel_addr"]+0x200, d' 2>"$tmp/py.err"; then
	ok dry-run-classic-json
else
	fail dry-run-classic-json "$(cat "$tmp/py.err")" "$out"
fi
