# shellcheck shell=sh
# Boot Loader Specification entries: a /boot with several entries and a
# loader.conf `default`, `kexec -s -l --boot-entry=default --append=...`.
# The second kernel must have the default entry's options (both `options`
# lines), the appended word, and both of its initrds: the usual one (the
# case's files) and a second cpio that adds /etc/kxmarker.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_TIMEOUT=150

# kx_bls_tree: the entries, the loader.conf and the second initrd.
kx_bls_tree() {
	mkdir -p /boot/loader/entries /tmp/ovl/etc || fail "mkdir /boot/loader"
	echo "second initrd" >/tmp/ovl/etc/kxmarker
	(cd /tmp/ovl && find . | cpio -o -H newc >/boot/marker.cpio) ||
		fail "cannot make the second initrd"
	cat >/boot/loader/entries/kx-default.conf <<EOT
title   Default entry
version 6.1.0
linux   /vmlinuz
initrd  /initrd.img
initrd  /marker.cpio
options $(kx_next_cmdline)
options kxentry=default
EOT
	# Newer, but not the default: loader.conf decides.
	cat >/boot/loader/entries/kx-other.conf <<EOT
title   Other entry
version 6.9.0
linux   /vmlinuz
initrd  /initrd.img
options $(kx_next_cmdline kxentry=other)
EOT
	printf 'timeout 3\ndefault kx-default*\n' >/boot/loader/loader.conf
}

stage1() {
	kx_bls_tree
	expect_rc 0 "$KEXEC" --list-entries
	case $OUT in
	*"* kx-default "*) ;;
	*) fail "--list-entries does not mark kx-default as the default: $OUT" ;;
	esac
	expect_rc 0 "$KEXEC" -s --dry-run -l --boot-entry=default --append=kxappended=1
	expect_rc 0 "$KEXEC" -s -l --boot-entry=default --append=kxappended=1
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	has_arg kxentry=default || fail "not the default entry's options"
	has_arg kxappended=1 || fail "--append did not add to the entry's options"
	check_initrd
	[ -f /etc/kxmarker ] || fail "the second initrd (/etc/kxmarker) did not arrive"
	pass
}
