# shellcheck shell=sh
# Linux -> the probe kernel through Multiboot 2 (`kexec -d -l probe-mb2.elf`
# with two modules, the default -a, which goes straight to kexec_load and
# says so): as mb1-probe, plus the Multiboot 2 tags: the ACPI RSDP copy
# (read through /dev/mem) equals the RSDP the probe finds itself, and the
# load base address is the image's start.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_VERDICT=host
KX_PACK_KERNEL=0
KX_PACK_INITRD=0
KX_TIMEOUT=90

KX_PROBE_IMAGE=/probe/probe-mb2.elf
KX_PROBE_APPEND="probe.test=2 console=ttyS0"

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
	*"syscall: "*"kexec_load (the kernel's own loader cannot parse Multiboot)"*) ;;
	*) fail "-d does not say that -a goes straight to kexec_load" ;;
	esac
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

host_check() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_multiboot "$1" 2 "$KX_PROBE_IMAGE" "$KX_PROBE_APPEND" \
		"${1%/*}/files" "/mods/mod1 arg1 arg2" /mods/mod2 &&
		kx_probe_rsdp_tags &&
		kx_probe_expect load_base_addr "$(kx_probe_value image.start)"
}
