# shellcheck shell=sh
# kdump-classic under OVMF: the capture kernel also gets the EFI data, and
# the e820 the ACPI tables and NVS OVMF puts in high memory.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_MEM=1536
KX_APPEND="crashkernel=384M"
KX_FIRMWARE=uefi
KX_TIMEOUT=240
KX_HELPERS=kxmem

stage1() {
	[ -d /sys/firmware/efi ] || fail "the first kernel did not boot through EFI"
	kx_kdump_stage1 -c
}

stage2() {
	[ -d /sys/firmware/efi ] || fail "the capture kernel has no /sys/firmware/efi"
	kx_kdump_stage2 --want-text
}
