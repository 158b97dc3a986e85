#!/usr/bin/env bash
# `make install` into a staging directory: every file where it belongs, and
# a program built against the installed library through pkg-config.
set -u
cd "$(dirname "$0")/../.." || exit 1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

ok() { echo "ok install.$1"; }
fail() {
	echo "not ok install.$1"
	shift
	printf '#   %s\n' "$@"
}

if ! out=$(make -s install PREFIX=/usr DESTDIR="$stage" 2>&1); then
	fail make-install "$out"
	exit 0
fi
ok make-install
for f in usr/sbin/kexec usr/lib/libkexec.a usr/lib/libkexec.so.0 \
	usr/lib/libkexec.so usr/include/libkexec.h \
	usr/lib/pkgconfig/libkexec.pc usr/share/man/man8/kexec.8 \
	usr/sbin/kexec-load usr/lib/systemd/system/kexec-load.service \
	etc/init.d/kexec etc/conf.d/kexec; do
	if [ -e "$stage/$f" ]; then ok "file:$f"; else fail "file:$f" "missing"; fi
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
pc="$stage/usr/lib/pkgconfig"
read -ra flags < <(PKG_CONFIG_PATH=$pc PKG_CONFIG_SYSROOT_DIR=$stage \
	PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 \
	pkg-config --cflags --libs --static libkexec)
if out=$(cc -o "$stage/use" "$stage/use.c" "${flags[@]}" 2>&1) &&
	out=$(LD_LIBRARY_PATH=$stage/usr/lib "$stage/use" 2>&1) && printf '%s' "$out" | grep -q 'nonexistent: cannot open'; then
	ok pkg-config-link
else
	fail pkg-config-link "$out"
fi
