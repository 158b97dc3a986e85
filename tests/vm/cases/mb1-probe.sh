# shellcheck shell=sh
# Linux -> the probe kernel through Multiboot 1 (`kexec -c -d -l
# probe-mb1.elf` with two modules): the probe prints what it was handed on
# COM1 and powers QEMU off, so the host judges its report
# (tests/vm/probe-report.sh): magic and registers, the command line (the
# image's path first), the loader name, each module's command line, bytes
# (SHA-256 of the host's file) and place (page aligned, ascending, above
# the information block, which is above the image), the memory map equal to
# the first kernel's /sys/firmware/memmap, no warnings, and the purgatory's
# "purgatory: ok".  Before the exec, an image with a damaged header is
# refused and the probe stays loaded.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_VERDICT=host
KX_PACK_KERNEL=0
KX_PACK_INITRD=0
KX_TIMEOUT=90

KX_PROBE_IMAGE=/probe/probe-mb1.elf
KX_PROBE_APPEND="probe.test=1 second word"

host_files() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_files "$1" "$2" probe-mb1.elf
}

stage1() {
	kx_firmware_state /tmp/fw
	sed 's/^/kxmemmap: /' /tmp/fw/memmap
	expect_rc 0 "$KEXEC" -c -d -l "$KX_PROBE_IMAGE" --module="/mods/mod1 arg1 arg2" \
		--module=/mods/mod2 --append="$KX_PROBE_APPEND"
	expect_loaded 1
	# A damaged header (the checksum of the header at 0x1000) is refused
	# with one line naming the file; the loaded probe stays loaded.
	cp "$KX_PROBE_IMAGE" /tmp/badsum.elf
	printf '\377' | dd of=/tmp/badsum.elf bs=1 seek=4104 conv=notrunc 2>/dev/null
	expect_fail "$KEXEC" -c -l /tmp/badsum.elf
	[ "$OUT" = "kexec: /tmp/badsum.elf: Multiboot header at offset 0x1000 has a bad checksum" ] ||
		fail "unexpected refusal: $OUT"
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

host_check() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_multiboot "$1" 1 "$KX_PROBE_IMAGE" "$KX_PROBE_APPEND" \
		"${1%/*}/files" "/mods/mod1 arg1 arg2" /mods/mod2
}
