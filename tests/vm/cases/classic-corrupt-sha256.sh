# shellcheck shell=sh
# classic-corrupt with --verify=sha256: the purgatory's SHA-256 catches the
# flipped byte and names it ("sha256 mismatch", 64-digit digests).  The
# case itself is classic-corrupt.sh: sourced from the tree on the host, and
# from / in the guest, where host_files packs it.
# shellcheck disable=SC2034 # read by classic-corrupt.sh
KX_CORRUPT_VERIFY=sha256
if [ -f /classic-corrupt.sh ]; then
	# shellcheck disable=SC1091 # the guest's copy
	. /classic-corrupt.sh
else
	# shellcheck disable=SC2154 source-path=SCRIPTDIR source=classic-corrupt.sh # kx_vm_dir: lib.sh
	. "$kx_vm_dir/cases/classic-corrupt.sh"
fi

host_files() {
	cp "$kx_vm_dir/cases/classic-corrupt.sh" "$1/"
}
