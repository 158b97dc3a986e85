# shellcheck shell=sh
# Linux -> probe-mb1-unaligned.elf through Multiboot 1 (`kexec -c -d -l`,
# two modules): its code segment starts at 0x100070 and its data segment in
# the same page, so the segment layer merges both (with the information
# block after the bss) into one page-granular segment.  The probe checks
# its own data and bss; the host checks the image's start and the whole
# report as mb1-probe does (the modules page aligned: no warnings at all).
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_VERDICT=host
KX_PACK_KERNEL=0
KX_PACK_INITRD=0
KX_TIMEOUT=90

KX_PROBE_IMAGE=/probe/probe-mb1-unaligned.elf
KX_PROBE_APPEND="probe.test=unaligned"

host_files() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_files "$1" "$2" probe-mb1-unaligned.elf
}

stage1() {
	kx_firmware_state /tmp/fw
	sed 's/^/kxmemmap: /' /tmp/fw/memmap
	expect_rc 0 "$KEXEC" -c -d -l "$KX_PROBE_IMAGE" --module="/mods/mod1 arg1 arg2" \
		--module=/mods/mod2 --append="$KX_PROBE_APPEND"
	printf '%s\n' "$OUT" | grep -q '0x0000000000100000 .*kernel 0+kernel 1' ||
		fail "-d shows no segment at 0x100000 merging both kernel pieces"
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

host_check() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_multiboot "$1" 1 "$KX_PROBE_IMAGE" "$KX_PROBE_APPEND" \
		"${1%/*}/files" "/mods/mod1 arg1 arg2" /mods/mod2 &&
		kx_probe_expect image.start 0x100070
}
