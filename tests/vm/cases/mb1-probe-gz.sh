# shellcheck shell=sh
# mb1-probe through a gzip'd image (probe-mb1.elf.gz, as Xen ships
# xen-*.gz): the image is unpacked before its header is read; the command
# line starts with the path as given.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_VERDICT=host
KX_PACK_KERNEL=0
KX_PACK_INITRD=0
KX_TIMEOUT=90

KX_PROBE_IMAGE=/probe/probe-mb1.elf.gz
KX_PROBE_APPEND="probe.test=gzip"

host_files() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_files "$1" "$2" probe-mb1.elf gzip
}

stage1() {
	kx_firmware_state /tmp/fw
	sed 's/^/kxmemmap: /' /tmp/fw/memmap
	expect_rc 0 "$KEXEC" -c -d -l "$KX_PROBE_IMAGE" --module="/mods/mod1 arg1 arg2" \
		--module=/mods/mod2 --append="$KX_PROBE_APPEND"
	case $OUT in
	*"gzip compressed"*) ;;
	*) fail "-d does not say the image was gzip compressed" ;;
	esac
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

host_check() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_multiboot "$1" 1 "$KX_PROBE_IMAGE" "$KX_PROBE_APPEND" \
		"${1%/*}/files" "/mods/mod1 arg1 arg2" /mods/mod2
}
