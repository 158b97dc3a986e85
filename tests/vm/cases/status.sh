# shellcheck shell=sh
# kexec -S (kexec-tools semantics): exit 0 when nothing is loaded, 1 when
# something is.  -S alone asks about the crash slot, -l -S about the normal
# one.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_STAGES=1
KX_PACK_INITRD=0

stage1() {
	expect_loaded 0
	expect_rc 0 "$KEXEC" -l -S
	expect_rc 0 "$KEXEC" -S
	expect_rc 0 "$KEXEC" -l "$KX_KERNEL" --append="$(kx_next_cmdline)"
	expect_loaded 1
	expect_rc 1 "$KEXEC" -l -S
	# The crash slot is still empty.
	expect_rc 0 "$KEXEC" -S
	expect_rc 0 "$KEXEC" -u
	expect_loaded 0
	expect_rc 0 "$KEXEC" -l -S
	pass
}
