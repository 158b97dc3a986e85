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

cat >"$stage/use.c" <<'C'
#include <libkexec.h>
#include <stdio.h>
int main(void)
{
	kx_ctx *ctx = kx_ctx_new();
	struct kx_load_request req = {.kernel = "/nonexistent"};
	kx_plan *plan;
	int rc = kx_plan_create(ctx, &req, &plan);
	printf("%d %s\n", rc, kx_ctx_message(ctx));
	kx_ctx_free(ctx);
	return rc == 0;
}
C
pc="$stage$libdir/pkgconfig"
read -ra flags < <(PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$stage \
	PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 \
	pkg-config --cflags --libs --static libkexec)
if out=$(cc -o "$stage/use" "$stage/use.c" "${flags[@]}" 2>&1) &&
	out=$(LD_LIBRARY_PATH=$stage$libdir "$stage/use" 2>&1) && printf '%s' "$out" | grep -q 'nonexistent: cannot open'; then
	ok pkg-config-link
else
	fail pkg-config-link "$out"
fi
