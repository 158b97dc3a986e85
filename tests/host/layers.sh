#!/bin/sh
# The shape of lib/: which layer may include which, file sizes, and who
# reads the running system.  TAP lines: ok/not ok layers, file-size,
# system-reads; the offending lines follow as "#" comments.
set -u
cd "$(dirname "$0")/../.." || exit 1

# What each folder under lib/ may include ("arch" covers lib/arch/*).
allowed() {
	case "$1" in
	core) echo "core" ;;
	sys) echo "core sys" ;;
	format) echo "core format" ;;
	plan) echo "core plan" ;;
	segment) echo "core segment" ;;
	boot) echo "core format sys boot" ;;
	arch) echo "core format sys boot plan segment arch" ;;
	load) echo "core format sys boot plan segment arch load" ;;
	api) echo "core format sys boot plan segment arch load api" ;;
	entries) echo "core format sys api entries" ;;
	*) echo "" ;;
	esac
}

failures=$(mktemp)
trap 'rm -f "$failures"' EXIT

check_layers() {
	find lib -name '*.[ch]' | sort | while read -r f; do
		layer=$(echo "$f" | cut -d/ -f2)
		ok=$(allowed "$layer")
		grep -n '^#include "[a-z0-9_]*/' "$f" |
		while IFS= read -r line; do
			dir=$(echo "$line" | sed 's/^[0-9]*:#include "\([a-z0-9_]*\)\/.*/\1/')
			[ "$dir" = ".." ] && continue
			case " $ok " in
			*" $dir "*) ;;
			*) echo "$f:$line ($layer -> $dir)" ;;
			esac
		done
	done
}

check_sizes() {
	find lib -name '*.[ch]' | sort | while read -r f; do
		n=$(wc -l <"$f")
		[ "$n" -gt 700 ] && echo "$f: $n lines (limit 700)"
	done
}

# Naming a /proc, /sys or /dev path, or building rooted paths to read
# them, is the snapshot's job (lib/sys/system*.[ch]).  /proc/self/fd/N names
# a memfd of our own, not the system; core/file.c defines the helpers.
check_reads() {
	grep -rnE '"/(proc|sys|dev)(/|")|kx_sys_path|kx_read_sys_text|getrandom' lib |
	grep -v '^lib/sys/system[a-z_]*\.[ch]:' |
	grep -v '^lib/core/file\.[ch]:' |
	grep -v '"/proc/self/fd/' |
	cat
}

report() {
	name=$1
	shift
	out=$("$@")
	bad=$(printf '%s\n' "$out" | grep -c .)
	if [ "$bad" -eq 0 ]; then
		echo "ok $name"
	else
		echo "not ok $name"
		echo "1" >>"$failures"
	fi
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# /'
	return 0
}

report layers check_layers
report file-size check_sizes
report system-reads check_reads
[ -s "$failures" ] && exit 1
exit 0
