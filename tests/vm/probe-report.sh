# shellcheck shell=bash
# Host-side checks of what the probe kernel (docs/probe.md) printed on the
# serial port of a QEMU case that kexecs into it (cases/mb*.sh,
# cases/elf64*.sh): those cases set KX_VERDICT=host and their host_check
# sources this file.  Every check prints why and returns 1 when it fails.
#
# The guest side of those cases prints, before the exec:
#   kxmemmap: START END TYPE   each /sys/firmware/memmap entry (kx_firmware_state)
# and loads with -d, so the purgatory says "purgatory: ok" before the jump.

# The library's version, which the information block names its loader by.
kx_probe_lib_version() {
	# shellcheck disable=SC2154 # kx_vm_dir: lib.sh
	sed -n 's/^#define KX_VERSION_STRING "\(.*\)"$/\1/p' \
		"$kx_vm_dir/../../include/libkexec.h"
}

# kx_probe_files DIR TOP IMAGE [gzip|xz]: for a case's host_files, the
# probe image TOP/build/probe/IMAGE as DIR/probe/IMAGE (compressed as a
# whole when asked: IMAGE.gz, IMAGE.xz) and two modules, DIR/mods/mod1
# (binary, not a page multiple) and DIR/mods/mod2 (text).
kx_probe_files() {
	local dir=$1 src=$2/build/probe/$3
	[ -f "$src" ] || {
		echo "build/probe/$3 missing (scripts/build probe)"
		return 1
	}
	mkdir -p "$dir/probe" "$dir/mods"
	case ${4:-} in
	gzip) gzip -9 -c "$src" >"$dir/probe/$3.gz" ;;
	xz) xz -T1 -c "$src" >"$dir/probe/$3.xz" ;;
	*) cp "$src" "$dir/probe/$3" ;;
	esac || return 1
	head -c 10000 /dev/urandom >"$dir/mods/mod1"
	printf 'second module\nline two\n' >"$dir/mods/mod2"
}

# kx_probe_read LOG: the probe's report after the exec, "KEY=VALUE" lines,
# into PROBE; fails unless it is framed by begin and end.
kx_probe_read() {
	PROBE=$(tr -d '\r' <"$1" | awk '
		/KXTEST: EXEC / { e = 1; next }
		e && /^probe: / { print substr($0, 8) }')
	printf '%s\n' "$PROBE" | grep -qx begin || {
		echo "no 'probe: begin' after the exec: the probe did not start"
		return 1
	}
	printf '%s\n' "$PROBE" | grep -qx end || {
		echo "no 'probe: end': the probe stopped early"
		return 1
	}
}

kx_probe_value() { # KEY
	printf '%s\n' "$PROBE" | sed -n "s/^$1=//p" | head -n 1
}

kx_probe_expect() { # KEY VALUE
	local have
	have=$(kx_probe_value "$1")
	[ "$have" = "$2" ] || {
		echo "probe: $1 is '$have', expected '$2'"
		return 1
	}
}

# No warn= lines, and warnings=0.
kx_probe_clean() {
	local warn
	warn=$(printf '%s\n' "$PROBE" | grep '^warn=')
	[ -z "$warn" ] || {
		echo "the probe warned: $(printf '%s' "$warn" | tr '\n' ';')"
		return 1
	}
	kx_probe_expect warnings 0
}

# The purgatory verified every segment (-d) between the exec and the probe.
kx_probe_purgatory_ok() { # LOG
	tr -d '\r' <"$1" | awk '
		/KXTEST: EXEC / { e = 1; next }
		e && /^purgatory: ok/ { ok = 1; next }
		e && /^probe: begin/ { exit !ok }
		END { exit !ok }' || {
		echo "no 'purgatory: ok' between the exec and the probe"
		return 1
	}
}

# kx_probe_modules FILES SPEC...: module N's command line is SPEC N (its
# first word a path below / of the guest, the file FILES/PATH on the
# host), its bytes hash as that file does, and the modules lie in order,
# page aligned, above the information block, which lies above the image.
kx_probe_modules() {
	local files=$1 i=0 spec path start end prev info
	shift
	info=$(kx_probe_value info)
	[ $((info)) -ge $(($(kx_probe_value image.end))) ] || {
		echo "the information block $info is not above the image (end $(kx_probe_value image.end))"
		return 1
	}
	prev=$((info))
	for spec in "$@"; do
		path=$files/${spec%% *}
		kx_probe_expect "module.$i.cmdline" "$spec" || return 1
		kx_probe_expect "module.$i.sha256" "$(sha256sum "$path" | cut -d' ' -f1)" || return 1
		start=$(kx_probe_value "module.$i.start")
		end=$(kx_probe_value "module.$i.end")
		[ $((end - start)) = "$(wc -c <"$path")" ] || {
			echo "module $i is $((end - start)) bytes, $path has $(wc -c <"$path")"
			return 1
		}
		if [ $((start % 4096)) != 0 ] || [ $((start)) -le "$prev" ]; then
			echo "module $i at $start is not page aligned above 0x$(printf %x "$prev")"
			return 1
		fi
		prev=$((end))
		i=$((i + 1))
	done
	[ -z "$(kx_probe_value "module.$i.start")" ] || {
		echo "the probe got more than $i modules"
		return 1
	}
}

# The Multiboot memory type of a /sys/firmware/memmap type string.
kx_probe_mb_type() {
	case $1 in
	"System RAM") echo 1 ;;
	"ACPI Tables") echo 3 ;;
	"ACPI Non-volatile Storage") echo 4 ;;
	"Unusable memory") echo 5 ;;
	*) echo 2 ;;
	esac
}

# The memory map the probe got equals the first kernel's
# /sys/firmware/memmap, which stage 1 printed as "kxmemmap:" lines.
kx_probe_memmap() { # LOG
	local want have start end type
	want=$(tr -d '\r' <"$1" | sed -n 's/^kxmemmap: //p' | while read -r start end type; do
		printf '0x%x,0x%x,0x%x\n' $((0x$start)) $((0x$end - 0x$start + 1)) "$(kx_probe_mb_type "$type")"
	done)
	have=$(printf '%s\n' "$PROBE" | sed -n 's/^mmap\.[0-9]*=//p')
	[ -n "$want" ] || {
		echo "stage 1 printed no kxmemmap: lines"
		return 1
	}
	[ "$want" = "$have" ] || {
		echo "the probe's memory map differs from the first kernel's /sys/firmware/memmap:" \
			"$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$have") | grep '^[<>]' | tr '\n' ';')"
		return 1
	}
}

# The ACPI RSDP tags carry the RSDP the probe also finds by itself (BIOS
# machines): our copy was read through /dev/mem.
kx_probe_rsdp_tags() {
	[ "$(kx_probe_value rsdp.scan)" != none ] || {
		echo "the probe found no RSDP by itself to compare with"
		return 1
	}
	kx_probe_expect acpi_old.rsdt "$(kx_probe_value rsdp.rsdt)" &&
		kx_probe_expect acpi_old.oem "$(kx_probe_value rsdp.oem)"
}

# kx_probe_multiboot LOG VERSION IMAGE CMDLINE FILES SPEC...: the whole
# report of a Multiboot probe loaded by kexec -d with these modules.
kx_probe_multiboot() {
	local log=$1 v=$2 image=$3 cmdline=$4 files=$5 magic=0x2badb002
	shift 5
	[ "$v" = 1 ] || magic=0x36d76289
	kx_probe_read "$log" &&
		kx_probe_purgatory_ok "$log" &&
		kx_probe_expect protocol "multiboot$v" &&
		kx_probe_expect header "multiboot$v" &&
		kx_probe_expect magic "$magic" &&
		kx_probe_expect eax "$magic" &&
		kx_probe_expect ebx "$(kx_probe_value info)" &&
		kx_probe_expect cmdline "$image${cmdline:+ $cmdline}" &&
		kx_probe_expect boot_loader_name "libkexec $(kx_probe_lib_version)" &&
		kx_probe_modules "$files" "$@" &&
		kx_probe_memmap "$log" &&
		kx_probe_clean
}
