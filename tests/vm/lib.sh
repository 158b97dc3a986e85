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

# Did a second stage start with TOKEN on its command line?  The guest's
# /init prints "KXTEST: STAGE 2 ..." and then "cmdline: ...".
kx_stage2_has_token() {
	tr -d '\r' <"$1" | awk -v tok="$2" '
		/KXTEST: STAGE 2 / { s2 = 1; next }
		s2 && /^cmdline: / { if (index($0, tok)) found = 1; s2 = 0 }
		END { exit !found }'
}

# " (stage 1 at A s, exec at B s, stage 2 at C s)" from a MARKERS file,
# relative to the START stamp; empty when there are no markers.
kx_marker_timing() {
	awk -v t0="$1" '
		function at(key, label) {
			if (key in t) parts = parts (parts ? ", " : "") label " at " sprintf("%.1f", t[key] - t0) "s"
		}
		$3 == "STAGE" && !(("S" $4) in t) { t["S" $4] = $1 }
		$3 == "EXEC" && !("E" in t) { t["E"] = $1 }
		END {
			at("S1", "stage 1"); at("E", "exec"); at("S2", "stage 2")
			if (parts) printf " (%s)", parts
		}' "$2" 2>/dev/null
}
