# shellcheck shell=sh
# A unified kernel image in /boot/efi/EFI/Linux boots with its embedded
# command line and initrd: `kexec -s -l --boot-entry=ID`.  The guest
# writes the UKI itself (a PE file with .osrel, .cmdline, .uname, .linux
# and .initrd sections, laid out as objcopy adds them to systemd-boot's
# stub): the host cannot add files to the guest, and the loader never runs
# the stub's code.  The unit tests build one from the real stub.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_TIMEOUT=150

# shellcheck disable=SC2059 # the format is the bytes
kx_le16() {
	printf "\\$(printf %03o $(($1 & 255)))\\$(printf %03o $((($1 >> 8) & 255)))"
}

kx_le32() {
	kx_le16 $(($1 & 65535))
	kx_le16 $((($1 >> 16) & 65535))
}

kx_zeros() {
	[ "$1" -le 0 ] || head -c "$1" /dev/zero
}

kx_raw_size() {
	echo $((($(wc -c <"$1") + 511) / 512 * 512))
}

# kx_make_uki OUT NAME=FILE...: a PE32+ image holding each FILE as section
# NAME, headers in the first 1 KiB, sections at 512-byte boundaries.
kx_make_uki() {
	out=$1
	shift
	{
		printf 'MZ'
		kx_zeros 58
		kx_le32 64
		printf 'PE\000\000'
		kx_le16 34404 # x86-64
		kx_le16 $#
		kx_zeros 12
		kx_le16 240 # the optional header's size
		kx_le16 514 # executable image, large-address aware
		kx_le16 523 # PE32+
		kx_zeros 238
		off=1024
		for spec in "$@"; do
			name=${spec%%=*}
			file=${spec#*=}
			raw=$(kx_raw_size "$file")
			printf '%s' "$name"
			kx_zeros $((8 - ${#name}))
			kx_le32 "$(wc -c <"$file")" # virtual size: the data
			kx_le32 "$off"		    # virtual address
			kx_le32 "$raw"
			kx_le32 "$off"
			kx_zeros 16
			off=$((off + raw))
		done
		kx_zeros $((1024 - 328 - 40 * $#))
		for spec in "$@"; do
			file=${spec#*=}
			cat "$file"
			kx_zeros $(($(kx_raw_size "$file") - $(wc -c <"$file")))
		done
	} >"$out"
}

stage1() {
	mkdir -p /boot/efi/EFI/Linux /tmp/uki || fail "mkdir"
	printf 'NAME="KX Linux"\nPRETTY_NAME="KX Linux (UKI test)"\nID=kx\nVERSION_ID=1\n' >/tmp/uki/osrel
	kx_next_cmdline kxuki=1 >/tmp/uki/cmdline
	uname -r >/tmp/uki/uname
	kx_make_uki /boot/efi/EFI/Linux/kx-uki.efi .osrel=/tmp/uki/osrel \
		.cmdline=/tmp/uki/cmdline .uname=/tmp/uki/uname \
		.linux="$KX_KERNEL" .initrd="$KX_INITRD" || fail "cannot write the UKI"
	rm -f "$KX_KERNEL" # only the UKI has a kernel now
	expect_rc 0 "$KEXEC" --list-entries
	case $OUT in
	*"kx-uki "*uki*"KX Linux (UKI test)"*) ;;
	*) fail "--list-entries does not show the UKI: $OUT" ;;
	esac
	expect_rc 0 "$KEXEC" -s -l --boot-entry=kx-uki
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	has_arg kxuki=1 || fail "not the UKI's embedded command line: $(cat /proc/cmdline)"
	check_initrd
	pass
}
