# shellcheck shell=sh
# `kexec -s -l --boot-entry=latest` picks the entry with the newest version
# (6.10 over 6.9 and 6.2: version order, not text order), not the default.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_TIMEOUT=150

# kx_entry ID VERSION: an entry booting the packed kernel with kxentry=ID.
kx_entry() {
	cat >"/boot/loader/entries/$1.conf" <<EOT
title   Linux $2
version $2
linux   /vmlinuz
initrd  /initrd.img
options $(kx_next_cmdline "kxentry=$1")
EOT
}

stage1() {
	mkdir -p /boot/loader/entries || fail "mkdir /boot/loader/entries"
	kx_entry k69 6.9.12
	kx_entry k610 6.10.3
	kx_entry k62 6.2.16
	printf 'default k62\n' >/boot/loader/loader.conf
	expect_rc 0 "$KEXEC" --list-entries
	expect_rc 0 "$KEXEC" -s -l --boot-entry=latest
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	has_arg kxentry=k610 || fail "not the newest entry (k610): $(cat /proc/cmdline)"
	check_initrd
	pass
}
