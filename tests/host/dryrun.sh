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
	out=$(timeout 60 "$KEXEC" "$@" 2>&1)
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "$name" "exit $rc, wanted $want: $KEXEC $*" "$out"
	elif ! printf '%s\n' "$out" | grep -qE -- "$pat"; then
		fail "$name" "output lacks /$pat/: $KEXEC $*" "$out"
	else
		ok "$name"
	fi
}

# Neither a device nor a FIFO is read: refused by type, by name, at once
# (check's timeout: a FIFO used to block, /dev/zero to read without end).
mkfifo "$tmp/fifo"
check dry-run-dev-zero 255 '/dev/zero: not a regular file' -- --dry-run -l /dev/zero
check dry-run-fifo 255 'fifo: not a regular file' -- --dry-run -l "$tmp/fifo"

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
check module-bzimage-refused 255 'is for Multiboot kernels' -- --dry-run -l "$kernel" --module "$tmp/initrd.gz"

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

# Multiboot and ELF kernels (the probe images): kexec_load only, the
# segment table and the information block in words.
probe=build/probe
if [ ! -f "$probe/probe-mb1.elf" ]; then
	echo "ok host.dry-run-multiboot # SKIP $probe/probe-mb1.elf missing (scripts/build probe)"
	exit 0
fi
printf 'module two\n' >"$tmp/mod2"
mods=(--module "$tmp/initrd.gz arg1 arg2" --module="$tmp/mod2")
check dry-run-mb1 0 '^image type: +multiboot-x86' -- --dry-run -l "$probe/probe-mb1.elf" "${mods[@]}" --append "a=1"
check dry-run-mb1-syscall 0 "kexec_load \(the kernel's own loader cannot parse Multiboot\)" -- --dry-run -l "$probe/probe-mb1.elf"
check dry-run-mb1-info 0 '^  boot_loader_name: libkexec [0-9]+\.[0-9]+\.[0-9]+$' -- --dry-run -l "$probe/probe-mb1.elf" "${mods[@]}"
check dry-run-mb1-cmdline 0 "^  cmdline: $probe/probe-mb1\.elf a=1 b\$" -- --dry-run -l "$probe/probe-mb1.elf" --append "a=1 b"
check dry-run-mb1-module 0 "^  module\[0\]: .* $tmp/initrd\.gz arg1 arg2\$" -- --dry-run -l "$probe/probe-mb1.elf" "${mods[@]}"
check dry-run-mb1-entry 0 '^entry: +0x200020, 32-bit protected mode, paging off, EAX 0x2badb002' -- --dry-run -c -l "$probe/probe-mb1.elf"
check dry-run-mb1-unaligned 0 '^  0x0000000000100000 .* kernel 0\+kernel 1\+multiboot info$' -- --dry-run -l "$probe/probe-mb1-unaligned.elf"
check dry-run-mb2 0 '^  protocol: Multiboot 2$' -- --dry-run -l "$probe/probe-mb2.elf" "${mods[@]}"
check dry-run-mb2-load-base 0 '^  load_base_addr: 0x00200000$' -- --dry-run -l "$probe/probe-mb2.elf"
check dry-run-elf64 0 '64-bit jump on the identity map' -- --dry-run -l "$probe/probe64.elf"
xz -T1 -c "$probe/probe-mb2.elf" >"$tmp/probe-mb2.elf.xz"
check dry-run-mb2-xz 0 'xz compressed' -- --dry-run -l "$tmp/probe-mb2.elf.xz"
check mb1-file-syscall-refused 1 'kexec_file_load cannot load Multiboot kernels; use -c or -a' -- --dry-run -s -l "$probe/probe-mb1.elf"
check mb1-initrd-refused 255 'give a Multiboot kernel its files with --module' -- --dry-run -l "$probe/probe-mb1.elf" --initrd "$tmp/mod2"
check elf64-module-refused 255 'a plain ELF kernel gets no information block' -- --dry-run -l "$probe/probe64.elf" --module "$tmp/mod2"
cp "$probe/probe-mb1.elf" "$tmp/badsum.elf"
printf '\377' | dd of="$tmp/badsum.elf" bs=1 seek=$((0x1008)) conv=notrunc status=none
check mb1-bad-checksum-refused 255 "$tmp/badsum.elf: Multiboot header at offset 0x1000 has a bad checksum" -- --dry-run -l "$tmp/badsum.elf"
out=$("$KEXEC" --dry-run --json -l "$probe/probe-mb1.elf" "${mods[@]}" 2>&1)
if printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
m = d["multiboot"]
assert d["type"] == "multiboot-x86" and d["syscall"] == "kexec_load" and d["fallback"] is None, d
assert "Multiboot" in d["syscall_note"], d
assert m["version"] == 1 and m["entry32"] and m["magic"] == 0x2badb002, m
assert "protocol: Multiboot 1" in m["info"] and m["info_addr"] >= m["image_end"], m
assert [x["addr"] % 4096 for x in m["modules"]] == [0, 0] and m["modules"][0]["addr"] < m["modules"][1]["addr"], m
assert all(s["mem"] % 4096 == 0 and s["mem"] + s["memsz"] <= 1 << 32 for s in d["segments"]), d
' 2>"$tmp/py.err"; then
	ok dry-run-mb1-json
else
	fail dry-run-mb1-json "$(cat "$tmp/py.err")" "$out"
fi
