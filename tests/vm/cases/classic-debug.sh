# shellcheck shell=sh
# `kexec -c -d -l`: a real load prints its plan on stderr (the segment
# table and the boot_params summary, as --dry-run does), and the purgatory,
# told to by -d, prints "purgatory: ok" on COM1 before it jumps; the second
# kernel boots as usual.  The host checks the purgatory's line.

stage1() {
	echo "+ $KEXEC -c -d -l $KX_KERNEL --initrd=$KX_INITRD --append=..."
	"$KEXEC" -c -d -l "$KX_KERNEL" --initrd="$KX_INITRD" \
		--append="$(kx_next_cmdline kxdebug=1)" >/tmp/out 2>/tmp/err
	RC=$?
	echo "stdout:"
	sed 's/^/| /' /tmp/out
	echo "stderr:"
	sed 's/^/| /' /tmp/err
	echo "= exit $RC"
	[ "$RC" = 0 ] || fail "kexec -c -d -l exited $RC"
	expect_loaded 1
	grep -q '^segments: .*kexec_load' /tmp/err || fail "-d printed no segments line on stderr"
	for what in boot_params kernel initrd purgatory; do
		grep -q "^  0x[0-9a-f]\{16\}  data .* memory .* $what\$" /tmp/err ||
			fail "-d printed no $what segment on stderr"
	done
	for what in 'boot_params at:' 'initrd at:' 'e820:' 'acpi_rsdp:' 'command line:.*kxdebug=1'; do
		grep -q "^$what" /tmp/err || fail "-d printed no '$what' line on stderr"
	done
	grep -q '^dry run' /tmp/err && fail "-d on a real load says 'dry run'"
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	has_arg kxdebug=1 || fail "no kxdebug=1 on the command line"
	check_initrd
	pass
}

# On the host (bash): between the exec and the second kernel, the
# purgatory said "purgatory: ok".
host_check() {
	tr -d '\r' <"$1" | awk '
		/KXTEST: EXEC / { e = 1; next }
		e && /^purgatory: ok/ { ok = 1; next }
		e && /\] Linux version / { if (!ok) bad = 1; exit }
		END { exit !(ok && !bad) }' ||
		{
			echo "no 'purgatory: ok' on COM1 between the exec and the second kernel"
			return 1
		}
}
