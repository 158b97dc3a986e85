# shellcheck shell=sh
# mb2-probe under OVMF: on a UEFI machine the Multiboot 2 information also
# carries the EFI 64-bit system table (from the running boot_params'
# efi_info) and the ACPI 2.0 RSDP (its address from the EFI system table
# or boot_params, its bytes read through /dev/mem), and the framebuffer the
# firmware set up (screen_info) when there is one.  Debian's kernel keeps
# firmware ranges above 1 MiB out of /dev/mem (CONFIG_IO_STRICT_DEVMEM), so
# the first kernel boots with iomem=relaxed; without it the plan says the
# RSDP was left out and why (unit tests).  The probe finds no RSDP by
# itself here (no BIOS area), so the host checks the tag's own
# consistency: revision 2 with an XSDT.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_VERDICT=host
KX_FIRMWARE=uefi
KX_PACK_KERNEL=0
KX_PACK_INITRD=0
KX_TIMEOUT=150
KX_APPEND=iomem=relaxed

KX_PROBE_IMAGE=/probe/probe-mb2.elf
KX_PROBE_APPEND="probe.test=uefi"

host_files() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_files "$1" "$2" probe-mb2.elf
}

stage1() {
	kx_firmware_state /tmp/fw
	sed 's/^/kxmemmap: /' /tmp/fw/memmap
	expect_rc 0 "$KEXEC" -d -l "$KX_PROBE_IMAGE" --module="/mods/mod1 arg1 arg2" \
		--module=/mods/mod2 --append="$KX_PROBE_APPEND"
	case $OUT in
	*"ACPI RSDP: 0x"*" bytes read through /dev/mem"*) ;;
	*) fail "-d does not say the RSDP was read through /dev/mem" ;;
	esac
	case $OUT in
	*"framebuffer: as the firmware set it up"*) ;;
	*) fail "-d does not say the framebuffer is passed on" ;;
	esac
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

host_check() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_multiboot "$1" 2 "$KX_PROBE_IMAGE" "$KX_PROBE_APPEND" \
		"${1%/*}/files" "/mods/mod1 arg1 arg2" /mods/mod2 || return 1
	[ -n "$(kx_probe_value efi64.system_table)" ] || {
		echo "no EFI 64-bit system table tag"
		return 1
	}
	kx_probe_expect acpi_new.revision 0x2 || return 1
	[ -n "$(kx_probe_value acpi_new.xsdt)" ] || {
		echo "no XSDT in the ACPI 2.0 RSDP tag"
		return 1
	}
	[ -n "$(kx_probe_value framebuffer.addr)" ] || {
		echo "no framebuffer tag"
		return 1
	}
}
