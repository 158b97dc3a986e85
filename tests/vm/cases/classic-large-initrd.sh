# shellcheck shell=sh
# kexec_load (-c) with an initrd of about 218 MiB: the normal initrd plus an
# uncompressed cpio archive holding /kxbig.bin, 216 MiB that do not
# compress (1 MiB from /dev/urandom repeated, each copy after a numbered
# line, so no two pages are alike).  The first kernel passes its size and
# SHA-256 on the command line; the second checks both.  The purgatory
# hashes the whole initrd before the jump.
# shellcheck disable=SC2034 # host settings, read by run-case
KX_MEM=2048
KX_TIMEOUT=240
# Slow tier (tests/run --slow): about 35 s and 2 GiB; linux-to-linux-classic
# covers the same path with a small initrd.
KX_TIER=slow

# 27 units of 8 MiB: few processes, which are slow to start under TCG.
KX_BIG_UNITS=27

kx_since() {
	awk -v a="$1" -v b="$(kx_uptime)" 'BEGIN { printf "%.1fs", b - a }'
}

stage1() {
	t=$(kx_uptime)
	mkdir -p /tmp/big
	head -c 1048576 /dev/urandom >/tmp/seed
	for i in 0 1 2 3 4 5 6 7; do
		echo "kxbig block $i"
		cat /tmp/seed
	done >/tmp/unit
	i=0
	while [ $i -lt $KX_BIG_UNITS ]; do
		echo "kxbig unit $i"
		cat /tmp/unit
		i=$((i + 1))
	done >/tmp/big/kxbig.bin
	rm -f /tmp/seed /tmp/unit
	size=$(stat -c %s /tmp/big/kxbig.bin)
	echo "made /kxbig.bin, $size bytes, in $(kx_since "$t")"
	t=$(kx_uptime)
	sum=$(sha256sum /tmp/big/kxbig.bin | cut -d ' ' -f 1)
	echo "sha256 $sum in $(kx_since "$t")"
	t=$(kx_uptime)
	cp "$KX_INITRD" /tmp/next.img
	kx_cpio_append /tmp/next.img /tmp/big kxbig.bin || fail "cannot build the big initrd"
	rm -f /tmp/big/kxbig.bin
	echo "cpio in $(kx_since "$t")"
	isize=$(stat -c %s /tmp/next.img)
	echo "next initrd: $isize bytes"
	[ "$isize" -ge 200000000 ] || fail "the initrd is only $isize bytes"
	t=$(kx_uptime)
	expect_rc 0 "$KEXEC" -c -l "$KX_KERNEL" --initrd=/tmp/next.img \
		--append="$(kx_next_cmdline kxbigsize="$size" kxbigsum="$sum")"
	echo "kexec -c -l took $(kx_since "$t")"
	expect_loaded 1
	kx_exec -e
	fail "kexec -e returned (exit $RC)"
}

stage2() {
	check_new_cmdline
	check_initrd
	dmesg | grep 'RAMDISK: \['
	[ -f /kxbig.bin ] || fail "no /kxbig.bin: the big part of the initrd did not arrive"
	want=$(cmdline_value kxbigsize) || fail "no kxbigsize= on the command line"
	size=$(stat -c %s /kxbig.bin)
	[ "$size" = "$want" ] || fail "/kxbig.bin has $size bytes, the first kernel made $want"
	t=$(kx_uptime)
	sum=$(sha256sum /kxbig.bin | cut -d ' ' -f 1)
	echo "sha256 $sum in $(kx_since "$t")"
	[ "$sum" = "$(cmdline_value kxbigsum)" ] ||
		fail "/kxbig.bin has sha256 $sum, the first kernel's was $(cmdline_value kxbigsum)"
	pass
}
