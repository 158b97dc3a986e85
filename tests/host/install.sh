#!/usr/bin/env bash
# `meson install` of build/ into a staging directory: every file where its
# configured directories say, and a program built against the installed
# library through pkg-config.
set -u
cd "$(dirname "$0")/../.." || exit 1
bdir=${KX_BUILD:-build}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

ok() { echo "ok install.$1"; }
fail() {
	echo "not ok install.$1"
	shift
	printf '#   %s\n' "$@"
}

if ! out=$(scripts/build -C "$bdir" 2>&1 &&
	meson install -C "$bdir" --destdir "$stage" --no-rebuild 2>&1); then
	fail meson-install "$(printf '%s\n' "$out" | tail -n 20)"
	exit 0
fi
ok meson-install
# The directories, absolute: SBINDIR LIBDIR INCLUDEDIR MANDIR SYSCONFDIR
# UNITDIR.
read -r sbindir libdir includedir mandir sysconfdir unitdir < <(
	meson introspect --buildoptions "$bdir" | python3 -c '
import json, os, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
p = o["prefix"]
d = [os.path.join(p, o[k]) for k in ("sbindir", "libdir", "includedir", "mandir", "sysconfdir")]
d.append(o["systemdunitdir"] or os.path.join(p, "lib/systemd/system"))
print(*d)')
for f in "$sbindir/kexec" "$libdir/libkexec.a" "$libdir/libkexec.so.0" \
	"$libdir/libkexec.so" "$includedir/libkexec.h" \
	"$libdir/pkgconfig/libkexec.pc" "$mandir/man8/kexec.8" \
	"$sbindir/kexec-load" "$unitdir/kexec-load.service" \
	"$sysconfdir/init.d/kexec" "$sysconfdir/conf.d/kexec"; do
	if [ -e "$stage/$f" ]; then ok "file:$f"; else fail "file:$f" "missing"; fi
done
for f in "$sbindir/kexec" "$sbindir/kexec-load" "$sysconfdir/init.d/kexec"; do
	[ -x "$stage/$f" ] || fail "mode:$f" "not executable"
done

# tests/host/plan-example.c is written against the header alone: built
# through pkg-config with the installed library, it plans Debian's kernel
# over a fixture machine and prints the plan's fields, loading nothing.
pc="$stage$libdir/pkgconfig"
read -ra flags < <(PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$stage \
	PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 \
	pkg-config --cflags --libs libkexec)
kernel=$(tests/vm/fetch-kernel 2>/dev/null) || kernel=
if ! out=$(cc -std=c11 -Wall -Wextra -Werror -o "$stage/plan-example" \
	tests/host/plan-example.c "${flags[@]}" 2>&1); then
	fail pkg-config-build "$out"
elif [ -z "$kernel" ]; then
	# CI must have the kernel: a missing one fails there.
	if [ "${CI:-}" = true ]; then
		fail pkg-config-plan "tests/vm/fetch-kernel could not fetch a kernel"
	else
		echo "ok install.pkg-config-plan # SKIP no kernel (tests/vm/fetch-kernel)"
	fi
elif out=$(LD_LIBRARY_PATH=$stage$libdir "$stage/plan-example" "$kernel" \
	tests/fixtures/boot/bios-root 2>&1) &&
	printf '%s\n' "$out" | grep -q '^image_type: 0x1$' &&
	printf '%s\n' "$out" | grep -q '^segment 0: .* boot_params$' &&
	printf '%s\n' "$out" | grep -q '^kernel_version: 6\.'; then
	ok pkg-config-plan
else
	fail pkg-config-plan "$(printf '%s\n' "$out" | tail -n 20)"
fi
