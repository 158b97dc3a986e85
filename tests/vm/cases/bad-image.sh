# shellcheck shell=sh
# After a good load, loading a truncated kernel, one with a bad magic and a
# text file fails, each with a non-zero exit and a one-line error naming the
# file; the good image stays loaded and is the one `kexec -e` boots.

# kx_bad FILE: loading FILE must fail with one line that names it.
kx_bad() {
	expect_fail "$KEXEC" -l "$1" --append="$(kx_next_cmdline kxbad=1)"
	[ "$(printf '%s\n' "$OUT" | wc -l)" = 1 ] ||
		fail "loading $1: expected a one-line error, got $(printf '%s\n' "$OUT" | wc -l) lines"
	case $OUT in
	*"$1"*) ;;
	*) fail "loading $1: the error does not name the file: $OUT" ;;
	esac
	expect_loaded 1
}

stage1() {
	expect_rc 0 "$KEXEC" -l "$KX_KERNEL" --initrd="$KX_INITRD" \
		--append="$(kx_next_cmdline)"
	expect_loaded 1

	size=$(wc -c <"$KX_KERNEL")
	head -c $((size / 2)) "$KX_KERNEL" >/tmp/truncated.bzImage
	cp "$KX_KERNEL" /tmp/badmagic.bzImage
	# "HdrS" lives at 0x202.
	printf 'XXXX' | dd of=/tmp/badmagic.bzImage bs=1 seek=514 conv=notrunc 2>/dev/null
	echo "not a kernel" >/tmp/text.bzImage

	kx_bad /tmp/truncated.bzImage
	kx_bad /tmp/badmagic.bzImage
	kx_bad /tmp/text.bzImage
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	has_arg kxbad=1 && fail "booted a command line of a failed load"
	check_initrd
	pass
}
