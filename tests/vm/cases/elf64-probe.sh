# shellcheck shell=sh
# Linux -> probe64.elf, an ELF64 kernel without a Multiboot header
# (`kexec -d -l`, the default -a going straight to kexec_load): the
# purgatory verifies the segments and jumps to the ELF entry point in
# 64-bit mode on the identity map, with the general registers zero and its
# own stack; the host checks the probe's report (protocol elf64, paging and
# long mode on, registers, no Multiboot magic, no warnings).
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_VERDICT=host
KX_PACK_KERNEL=0
KX_PACK_INITRD=0
KX_TIMEOUT=90

host_files() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_files "$1" "$2" probe64.elf
}

stage1() {
	expect_rc 0 "$KEXEC" -d -l /probe/probe64.elf
	case $OUT in
	*"64-bit jump on the identity map"*) ;;
	*) fail "-d does not describe a 64-bit entry" ;;
	esac
	expect_fail "$KEXEC" --dry-run -l /probe/probe64.elf --module=/mods/mod2
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

host_check() {
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=../probe-report.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/probe-report.sh"
	kx_probe_read "$1" && kx_probe_purgatory_ok "$1" &&
		kx_probe_expect protocol elf64 && kx_probe_expect header none &&
		kx_probe_clean || return 1
	for r in rax rbx rcx rdx rsi rdi rbp r8 r15; do
		kx_probe_expect "$r" 0x0 || return 1
	done
	[ -z "$(kx_probe_value magic)" ] || {
		echo "the probe saw a Multiboot magic: $(kx_probe_value magic)"
		return 1
	}
	cr0=$(kx_probe_value cr0)
	efer=$(kx_probe_value efer)
	if [ $((cr0 & 0x80000001)) != $((0x80000001)) ] || [ $((efer & 0x500)) != $((0x500)) ]; then
		echo "not in 64-bit mode with paging: cr0=$cr0 efer=$efer"
		return 1
	fi
}
