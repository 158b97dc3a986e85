#!/usr/bin/env bash
# The shared library's ABI: it exports only kx_* symbols, each declared in
# include/libkexec.h; every function the header declares is in the version
# script (lib/libkexec.sym) and exported.  Prints one TAP line per check.
#
# Environment: LIBKEXEC_SO (default build/libkexec.so), LIBKEXEC_HEADER,
# LIBKEXEC_SYM.
set -u
cd "$(dirname "$0")/../.." || exit 1
so=${LIBKEXEC_SO:-build/libkexec.so}
header=${LIBKEXEC_HEADER:-include/libkexec.h}
sym=${LIBKEXEC_SYM:-lib/libkexec.sym}

ok() { echo "ok symbols.$1"; }
fail() {
	echo "not ok symbols.$1"
	shift
	printf '#   %s\n' "$@"
}
# check NAME LIST-OF-OFFENDERS DESCRIPTION
check() {
	if [ -z "$2" ]; then
		ok "$1"
	else
		# shellcheck disable=SC2086 # one offender per word
		fail "$1" "$3:" $2
	fi
}

for f in "$so" "$header" "$sym"; do
	if [ ! -e "$f" ]; then
		fail present "$f missing"
		exit 0
	fi
done

# Functions the header declares: kx_NAME( outside comments.
declared=$(perl -0777 -pe 's{/\*.*?\*/}{}gs; s{//[^\n]*}{}g' "$header" |
	grep -oE '\bkx_[A-Za-z0-9_]+[[:space:]]*\(' | tr -d '( \t' | sort -u)
# Names the version script lists (global ones; "local: *;" has none).
listed=$(sed -e 's|/\*.*\*/||' "$sym" | grep -oE '^[[:space:]]*kx_[A-Za-z0-9_]+;' |
	tr -d ' \t;' | sort -u)
# Defined dynamic symbols, without the version nodes (absolute, "A").
exported=$(nm -D --defined-only "$so" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
	sort -u)

check prefix "$(printf '%s\n' "$exported" | grep -v '^kx_')" \
	"$so exports symbols without the kx_ prefix"
check declared "$(comm -23 <(printf '%s\n' "$exported") <(printf '%s\n' "$declared"))" \
	"$so exports symbols $header does not declare"
check in-version-script "$(comm -23 <(printf '%s\n' "$declared") <(printf '%s\n' "$listed"))" \
	"functions of $header missing from $sym"
check exported "$(comm -23 <(printf '%s\n' "$declared") <(printf '%s\n' "$exported"))" \
	"functions of $header that $so does not export"
check listed-declared "$(comm -13 <(printf '%s\n' "$declared") <(printf '%s\n' "$listed"))" \
	"names in $sym that $header does not declare"
# The static library puts no internal name into its users' programs: every
# global it defines is a function the header declares.
ar=$(dirname "$so")/libkexec.a
if [ -e "$ar" ]; then
	globals=$(nm -g --defined-only "$ar" | awk 'NF == 3 { print $3 }' | sort -u)
	check static-globals "$(comm -23 <(printf '%s\n' "$globals") <(printf '%s\n' "$declared"))" \
		"$ar defines globals $header does not declare"
else
	fail static-globals "$ar missing"
fi
