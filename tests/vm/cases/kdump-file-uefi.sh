# shellcheck shell=sh
# kdump-file under OVMF: the kernel's own crash path, for comparison with
# kdump-classic-uefi.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_MEM=1536
KX_APPEND="crashkernel=384M"
KX_FIRMWARE=uefi
KX_TIMEOUT=240
# Slow tier (tests/run --slow): a comparison only; kdump-file and
# kdump-classic-uefi cover its capabilities.
KX_TIER=slow
KX_HELPERS=kxmem

stage1() {
	[ -d /sys/firmware/efi ] || fail "the first kernel did not boot through EFI"
	kx_kdump_stage1 -s
}

stage2() {
	[ -d /sys/firmware/efi ] || fail "the capture kernel has no /sys/firmware/efi"
	kx_kdump_stage2 --want-text
}
