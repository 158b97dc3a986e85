# shellcheck shell=bash
# Host-side helpers shared by run-case, run-all and demo (bash: they use
# EPOCHREALTIME for wall-clock stamps).

kx_vm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The case file for NAME or PATH.
kx_case_file() {
	if [ -f "$1" ]; then
		echo "$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
	elif [ -f "$kx_vm_dir/cases/$1.sh" ]; then
		echo "$kx_vm_dir/cases/$1.sh"
	else
		return 1
	fi
}

kx_new_token() {
	od -An -N6 -tx1 /dev/urandom | tr -d ' \n'
}

# Seconds between two EPOCHREALTIME stamps, one decimal.
kx_secs() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'
}

# kx_run_qemu TIMEOUT LOG MARKERS QEMU ARGS...
# Runs QEMU (killed after TIMEOUT seconds: exit 124) while stamping every
# serial line that carries "KXTEST:", and the kernel's first line and its
# "Starting new kernel", with the host's wall clock, one "EPOCHREALTIME LINE"
# per line in MARKERS.  Returns QEMU's exit status.
kx_run_qemu() {
	local timeout_s=$1 log=$2 markers=$3 qpid spid rc
	shift 3
	: >"$log"
	: >"$markers"
	timeout -k 5 "$timeout_s" "$@" </dev/null &
	qpid=$!
	tail -n +1 -s 0.1 -F --pid="$qpid" "$log" 2>/dev/null | {
		while IFS= read -r line || [ -n "$line" ]; do
			case $line in
			*KXTEST:* | *"] Linux version "* | *"] kexec_core: Starting new kernel"*)
				printf '%s %s\n' "$EPOCHREALTIME" "${line%$'\r'}" ;;
			esac
		done
	} >"$markers" &
	spid=$!
	wait "$qpid"
	rc=$?
	wait "$spid"
	return "$rc"
}

# Did stage N (default 2) start with TOKEN on its command line?  The
# guest's /init prints "KXTEST: STAGE N ..." and then "cmdline: ...".
kx_stage_has_token() {
	tr -d '\r' <"$1" | awk -v tok="$2" -v n="${3:-2}" '
		index($0, "KXTEST: STAGE " n " ") { s = 1; next }
		s && /^cmdline: / { if (index($0, tok)) found = 1; s = 0 }
		END { exit !found }'
}

# " (stage 1 at A s, exec at B s, stage 2 at C s)" from a MARKERS file,
# relative to the START stamp; empty when there are no markers.
kx_marker_timing() {
	awk -v t0="$1" '
		function at(key, label) {
			if (key in t) parts = parts (parts ? ", " : "") label " at " sprintf("%.1f", t[key] - t0) "s"
		}
		$3 == "STAGE" && $4 == 1 && ("S1" in t) && !("R" in t) { t["R"] = $1 }
		$3 == "STAGE" && !(("S" $4) in t) { t["S" $4] = $1 }
		$3 == "EXEC" && !("E" in t) { t["E"] = $1 }
		END {
			at("S1", "stage 1"); at("E", "exec"); at("S2", "stage 2"); at("S3", "stage 3")
			at("R", "stage 1 again")
			if (parts) printf " (%s)", parts
		}' "$2" 2>/dev/null
}

# kx_add_files ARCHIVE DIR TOP: run the case's host_files DIR TOP in a fresh
# DIR and append what it wrote to ARCHIVE (a gzip'd cpio).  When host_files
# fails, prints its output (why the case is skipped) and returns 1.
kx_add_files() {
	local archive=$1 dir=$2 top=$3 out
	rm -rf "$dir"
	mkdir -p "$dir"
	out=$(host_files "$dir" "$top" 2>&1) || {
		echo "${out:-host_files failed}"
		return 1
	}
	(cd "$dir" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) | gzip -1 >>"$archive"
}

# kx_add_helpers ARCHIVE WORKDIR NAME...: compile tests/vm/helpers/NAME.c
# into static binaries with the host's compiler (LIBKEXEC_VM_HELPER_CC,
# default gcc) and append them to ARCHIVE as /bin/NAME, in a gzip'd cpio
# (the kernel unpacks concatenated archives in turn).  The next initrd
# (/boot/initrd.img) does not get them: a case that needs one there appends
# it itself (kx_cpio_append).  On failure prints why and returns 1.
kx_add_helpers() {
	local archive=$1 work=$2/helpers cc=${LIBKEXEC_VM_HELPER_CC:-gcc} name
	shift 2
	command -v "$cc" >/dev/null 2>&1 || {
		echo "$cc not found (LIBKEXEC_VM_HELPER_CC)"
		return 1
	}
	rm -rf "$work"
	mkdir -p "$work/bin"
	for name in "$@"; do
		"$cc" -static -O2 -Wall -Wextra -Werror -o "$work/bin/$name" \
			"$kx_vm_dir/helpers/$name.c" 2>"$work/$name.err" || {
			echo "cannot build helpers/$name.c statically: $(head -n 1 "$work/$name.err")"
			return 1
		}
	done
	(cd "$work" && find bin | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >>"$archive"
}
