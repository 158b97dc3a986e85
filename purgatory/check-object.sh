#!/bin/sh
# Fail the build unless the linked purgatory object is one the loader can
# relocate: nothing undefined, only the relocation types that
# lib/segment/purgatory.c handles, and both symbols it looks up.
# Usage: check-object.sh OBJECT NM READELF
set -eu
obj=$1
nm=${2:-nm}
readelf=${3:-readelf}

undef=$("$nm" -u "$obj")
if [ -n "$undef" ]; then
	echo "$obj: undefined symbols (the purgatory has no libc):" >&2
	echo "$undef" >&2
	exit 1
fi

# Relocations against non-allocated (debug) sections are ignored by the
# loader, so only those in .rela.text/.data/.rodata count.
bad=$("$readelf" -rW "$obj" | awk '
	/^Relocation section/ { sec = $3; gsub(/\x27/, "", sec); next }
	sec ~ /^\.rela\.(debug|comment|note)/ { next }
	$3 ~ /^R_X86_64_/ && $3 != "R_X86_64_PC32" && $3 != "R_X86_64_PLT32" {
		print sec ": " $3 }')
if [ -n "$bad" ]; then
	echo "$obj: relocation types the loader does not handle:" >&2
	echo "$bad" >&2
	exit 1
fi

for sym in kx_purgatory_start kx_purgatory_params; do
	if ! "$nm" "$obj" | grep -q " [TtDd] $sym\$"; then
		echo "$obj: missing symbol $sym" >&2
		exit 1
	fi
done
