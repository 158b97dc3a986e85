#!/usr/bin/env python3
"""Turn bench/out's stamped serial logs into bench/results.

usage: report.py OUT_DIR RESULTS_DIR

Reads OUT_DIR/chain.log, reboot-bios.log, reboot-uefi.log (any may be
missing), sizes.txt and conditions.txt; writes RESULTS_DIR/results.csv (one
row per run), results.md (medians, min-max, ratios ours / kexec-tools,
targets) and chart.svg.
"""
import csv
import os
import re
import statistics
import sys

TOOLS = {"ours": "libkexec", "kt": "kexec-tools"}
SYSCALLS = {"s": "kexec_file_load", "c": "kexec_load", "ci": "kexec_load -i"}
MIB = 1048576
KV = re.compile(r"(\w+)=(\S+)")


def read_log(path):
    """[(ns, text)] of a stamped log; [] when missing."""
    lines = []
    if not os.path.exists(path):
        return lines
    with open(path, errors="replace") as f:
        for raw in f:
            if raw.startswith("#"):
                continue
            ns, _, text = raw.rstrip("\n").partition("\t")
            try:
                lines.append((int(ns), text))
            except ValueError:
                pass
    return lines


def kv(text):
    return dict(KV.findall(text))


def first_after(lines, i, pred, stop=None):
    """Index of the first line after I matching PRED, before one matching STOP."""
    for j in range(i + 1, len(lines)):
        t = lines[j][1]
        if stop and stop(t):
            return None
        if pred(t):
            return j
    return None


def is_linux(t):
    return "] Linux version " in t


def is_init(t):
    return "KXB: INIT " in t


def is_marker(t):
    return "KXB: EXEC " in t or "KXB: REBOOT" in t


def parse_chain(lines, rows):
    for i, (ns, t) in enumerate(lines):
        if "KXB: LOAD " in t:
            d = kv(t[t.index("KXB: LOAD "):])
            base = dict(tool=d["tool"], syscall=d["sys"], size=int(d["size"]),
                        rep=int(d["rep"]), firmware="seabios",
                        files=int(d["initrd_bytes"]) + int(d["kernel_bytes"]))
            pre = "load" if d["phase"] == "loop" else "chain_load"
            rows.append(dict(base, measure=pre + "_ms", value=int(d["ns"]) / 1e6, unit="ms"))
            rows.append(dict(base, measure=pre + "_user_ms", value=int(d["utime_us"]) / 1e3, unit="ms"))
            rows.append(dict(base, measure=pre + "_sys_ms", value=int(d["stime_us"]) / 1e3, unit="ms"))
            rows.append(dict(base, measure=pre + "_rss_kib", value=int(d["rss_kb"]), unit="KiB"))
        elif "KXB: EXEC step=" in t:
            d = kv(t[t.index("KXB: EXEC "):])
            base = dict(tool=d["tool"], syscall=d["sys"], size=int(d["size"]),
                        rep=int(d["rep"]), firmware="seabios", files="")
            j = first_after(lines, i, is_linux, stop=is_init)
            k = first_after(lines, i, lambda x: "kexec_core: Starting new kernel" in x,
                            stop=is_linux)
            n = first_after(lines, i, is_init)
            if j is None:
                continue
            rows.append(dict(base, measure="handover_ms",
                             value=(lines[j][0] - ns) / 1e6, unit="ms"))
            if k is not None:
                rows.append(dict(base, measure="handover_kernel_ms",
                                 value=(lines[j][0] - lines[k][0]) / 1e6, unit="ms"))
                rows.append(dict(base, measure="exec_shutdown_ms",
                                 value=(lines[k][0] - ns) / 1e6, unit="ms"))
            if n is not None:
                rows.append(dict(base, measure="exec_to_init_ms",
                                 value=(lines[n][0] - ns) / 1e6, unit="ms"))


def parse_reboot(lines, fw, rows):
    reps = {"firmware": 0, "ours": 0}
    for i, (ns, t) in enumerate(lines):
        if "KXB: REBOOT" in t:
            tool = "firmware"
        elif "KXB: EXEC kexec" in t:
            tool = "ours"
        else:
            continue
        n = first_after(lines, i, is_init, stop=is_marker)
        if n is None:
            continue
        reps[tool] += 1
        rows.append(dict(measure="reboot_to_init_ms", firmware=fw, tool=tool,
                         syscall="" if tool == "firmware" else "auto", size=30,
                         rep=reps[tool], files="",
                         value=(lines[n][0] - ns) / 1e6, unit="ms"))


def read_kv_file(path):
    d = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                k, sep, v = line.rstrip("\n").partition("=")
                if sep:
                    d[k] = v
    return d


def read_sizes(path, rows):
    sizes = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                k, v = line.split()
                sizes[k] = int(v)
    for k, v in sizes.items():
        rows.append(dict(measure="size_bytes", firmware="", tool=k, syscall="",
                         size="", rep=1, files="", value=v, unit="B"))
    return sizes


def stats(vals):
    if not vals:
        return None
    return dict(med=statistics.median(vals), lo=min(vals), hi=max(vals), n=len(vals))


def select(rows, **want):
    return [r["value"] for r in rows
            if all(r.get(k) == v for k, v in want.items())]


def fmt_s(st, scale=1000.0, unit="s", digits=2):
    if not st:
        return "-"
    f = "%%.%df" % digits
    return "%s %s (%s-%s, n=%d)" % (f % (st["med"] / scale), unit, f % (st["lo"] / scale),
                                   f % (st["hi"] / scale), st["n"])


def ratio(a, b):
    if not a or not b or not b["med"]:
        return None
    return a["med"] / b["med"]


def fmt_r(r):
    return "-" if r is None else "%.2f" % r


def main():
    out, res = sys.argv[1], sys.argv[2]
    os.makedirs(res, exist_ok=True)
    rows = []
    parse_chain(read_log(os.path.join(out, "chain.log")), rows)
    for fw, name in (("bios", "seabios"), ("uefi", "ovmf")):
        parse_reboot(read_log(os.path.join(out, "reboot-%s.log" % fw)), name, rows)
    sizes = read_sizes(os.path.join(out, "sizes.txt"), rows)
    cond = read_kv_file(os.path.join(out, "conditions.txt"))

    sizes_mib = sorted({r["size"] for r in rows if r["measure"] == "load_ms"})
    md = []
    add = md.append
    add("# libkexec against kexec-tools")
    add("")
    add("Produced by `bench/run` (see its header for what it does and the knobs); raw numbers,")
    add("one row per run, in [results.csv](results.csv); chart in [chart.svg](chart.svg).")
    add("Cells are *median (min-max, n=runs)*; ratios are ours / kexec-tools of the medians")
    add("(below 1: we are faster or smaller).")
    add("")
    add("## Conditions")
    add("")
    add("| | |")
    add("| --- | --- |")
    for k, label in (("date", "date"), ("accel", "accelerator"), ("qemu", "QEMU"),
                     ("host_cpu", "host CPU"), ("host_nproc", "host CPUs"),
                     ("host_mem_mb", "host RAM (MB)"), ("guest_mem_mb", "guest RAM (MiB), 1 vCPU"),
                     ("guest_kernel", "kernel (guest and loaded)"), ("ours", "ours"),
                     ("kt", "kexec-tools"), ("load_reps", "timed loads per configuration"),
                     ("reps", "handovers per configuration"),
                     ("reboot_reps", "reboots per kind and firmware")):
        if k in cond:
            add("| %s | %s |" % (label, cond[k]))
    busy = []
    for run in ("chain", "bios", "uefi"):
        if run + "_start_load" in cond:
            busy.append("%s: load average %s at start, %s at end; QEMU processes on the "
                        "host (ours included) %s at start, %s at end" % (
                            run, cond[run + "_start_load"], cond.get(run + "_end_load", "?"),
                            cond[run + "_start_qemus"], cond.get(run + "_end_qemus", "?")))
    if busy:
        add("| machine load | %s |" % "; ".join(busy))
    add("")
    add("Under software emulation (TCG) every guest instruction costs tens of host ones:")
    add("absolute times are far above real hardware, but both tools run on the same emulated")
    add("CPU, so the ratios are what to read.  The machine is shared with other builds and")
    add("QEMU guests; the min-max spread shows how much that moved the numbers.")
    add("Files are in the guest's initramfs (page cache): no disk I/O is measured.")
    add("")

    # 1. load time
    add("## 1. Load time (`kexec -l`)")
    add("")
    add("Wall time of the `kexec -s|-c -l KERNEL --initrd=INITRD --append=...` process in the")
    add("guest (CLOCK_MONOTONIC, fork to exit), loads repeated in one boot with `kexec -u` in")
    add("between.  User and system CPU time (medians) show where the time goes.")
    add("*kexec_load -i* is ours with `-c -i` (no SHA-256 at load or in the purgatory): the")
    add("floor the verification adds to (kexec-tools' own `-i` is not measured).")
    add("")
    add("| initrd | syscall | libkexec | kexec-tools | ratio | user+sys ours | user+sys kexec-tools |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    load_ratio = {}
    for size in sizes_mib:
        for sc in ("s", "c", "ci"):
            o = stats(select(rows, measure="load_ms", tool="ours", syscall=sc, size=size))
            k = stats(select(rows, measure="load_ms", tool="kt", syscall=sc, size=size))
            load_ratio[(size, sc)] = ratio(o, k)
            us = []
            for tool in ("ours", "kt"):
                u = stats(select(rows, measure="load_user_ms", tool=tool, syscall=sc, size=size))
                s = stats(select(rows, measure="load_sys_ms", tool=tool, syscall=sc, size=size))
                us.append("%.2f + %.2f s" % (u["med"] / 1e3, s["med"] / 1e3) if u and s else "-")
            add("| %d MiB | %s | %s | %s | %s | %s | %s |" % (
                size, SYSCALLS[sc], fmt_s(o), fmt_s(k), fmt_r(load_ratio[(size, sc)]), us[0], us[1]))
    add("")

    # 2. handover
    add("## 2. Handover (`kexec -e` to the next kernel's first line)")
    add("")
    add("Host CLOCK_MONOTONIC from the arrival of the guest's `KXB: EXEC` line (printed just")
    add("before it runs `kexec -e`) to the first byte of the next kernel's first line")
    add("(`Linux version`, printed through `earlyprintk=serial`).  This covers the `kexec -e`")
    add("process, the kernel's shutdown, the purgatory (its SHA-256 verification included),")
    add("the bzImage's decompression of the kernel and early boot.  Each kernel of a chain")
    add("loads and execs the next.  *Kernel part*: from the old kernel's `Starting new kernel`")
    add("to the same first line, i.e. without the `kexec -e` process and device shutdown.")
    add("")
    add("| initrd | syscall | libkexec | kexec-tools | ratio | kernel part ours | kernel part kexec-tools | ratio |")
    add("| --- | --- | --- | --- | --- | --- | --- | --- |")
    hand_ratio = {}
    for size in sizes_mib:
        for sc in ("s", "c", "ci"):
            o = stats(select(rows, measure="handover_ms", tool="ours", syscall=sc, size=size))
            k = stats(select(rows, measure="handover_ms", tool="kt", syscall=sc, size=size))
            ok = stats(select(rows, measure="handover_kernel_ms", tool="ours", syscall=sc, size=size))
            kk = stats(select(rows, measure="handover_kernel_ms", tool="kt", syscall=sc, size=size))
            hand_ratio[(size, sc)] = ratio(o, k)
            add("| %d MiB | %s | %s | %s | %s | %s | %s | %s |" % (
                size, SYSCALLS[sc], fmt_s(o), fmt_s(k), fmt_r(hand_ratio[(size, sc)]),
                fmt_s(ok), fmt_s(kk), fmt_r(ratio(ok, kk))))
    add("")
    add("From `kexec -e` to the next kernel's `/init` (its first `KXB: INIT` line):")
    add("")
    add("| initrd | syscall | libkexec | kexec-tools | ratio |")
    add("| --- | --- | --- | --- | --- |")
    for size in sizes_mib:
        for sc in ("s", "c", "ci"):
            o = stats(select(rows, measure="exec_to_init_ms", tool="ours", syscall=sc, size=size))
            k = stats(select(rows, measure="exec_to_init_ms", tool="kt", syscall=sc, size=size))
            add("| %d MiB | %s | %s | %s | %s |" % (size, SYSCALLS[sc], fmt_s(o), fmt_s(k),
                                                   fmt_r(ratio(o, k))))
    add("")

    add("What the verification costs (medians): ours is kexec_load minus kexec_load -i; for")
    add("kexec-tools, its kexec_load minus ours with -i (the rest of the path being the same")
    add("kernel and the same boot).  At load time the digests are taken in userspace (user CPU")
    add("time); at handover the purgatory checks them.")
    add("")
    add("| initrd | load: ours | load: kexec-tools | handover: ours | handover: kexec-tools |")
    add("| --- | --- | --- | --- | --- |")
    for size in sizes_mib:
        def med(measure, tool, sc):
            st = stats(select(rows, measure=measure, tool=tool, syscall=sc, size=size))
            return st["med"] if st else None
        def diff(a, b):
            return "-" if a is None or b is None else "%.2f s" % ((a - b) / 1e3)
        base_l, base_h = med("load_ms", "ours", "ci"), med("handover_ms", "ours", "ci")
        add("| %d MiB | %s | %s | %s | %s |" % (
            size, diff(med("load_ms", "ours", "c"), base_l), diff(med("load_ms", "kt", "c"), base_l),
            diff(med("handover_ms", "ours", "c"), base_h), diff(med("handover_ms", "kt", "c"), base_h)))
    add("")
    sha_guest = {}
    for ns, t in read_log(os.path.join(out, "chain.log")):
        if "KXB: SHA256 " in t:
            d = kv(t)
            sha_guest[d["impl"]] = float(d["mib_s"])
    sha_host = {}
    hp = os.path.join(out, "sha256-host.txt")
    if os.path.exists(hp):
        for line in open(hp):
            d = kv(line)
            if "impl" in d:
                sha_host[d["impl"]] = float(d["mib_s"])
    for impl, v in sha_guest.items():
        rows.append(dict(measure="sha256_mib_s", firmware="guest", tool=impl, syscall="", size="",
                         rep=1, files="", value=v, unit="MiB/s"))
    for impl, v in sha_host.items():
        rows.append(dict(measure="sha256_mib_s", firmware="host", tool=impl, syscall="", size="",
                         rep=1, files="", value=v, unit="MiB/s"))
    if sha_guest or sha_host:
        add("SHA-256 throughput of the code shapes (`bench/helpers/sha256speed`, best of 3): ")
        add("`purgatory/sha256.c` (64 rounds written out) as the library (-O2) and the purgatory")
        add("(-Os) build it, in the guest (TCG) and natively on the host.")
        add("")
        add("| code | guest (MiB/s) | host (MiB/s) |")
        add("| --- | --- | --- |")
        for impl in ("lib-O2", "purg-Os"):
            g, h = sha_guest.get(impl), sha_host.get(impl)
            add("| %s | %s | %s |" % (impl, "-" if g is None else "%.1f" % g,
                                      "-" if h is None else "%.1f" % h))
        add("")

    # 3. memory
    add("## 3. Peak memory of the loading process")
    add("")
    add("`ru_maxrss` of the `kexec -l` process (wait4): its resident heap, stack and the file")
    add("pages it mapped and touched.  *Files* is the kernel plus the initrd; the last column")
    add("is ours / files (target: at most 1.1).")
    add("")
    add("| initrd | syscall | libkexec | kexec-tools | ratio | files | ours / files |")
    add("| --- | --- | --- | --- | --- | --- | --- |")
    mem_worst = None
    for size in sizes_mib:
        for sc in ("s", "c", "ci"):
            o = stats(select(rows, measure="load_rss_kib", tool="ours", syscall=sc, size=size))
            k = stats(select(rows, measure="load_rss_kib", tool="kt", syscall=sc, size=size))
            files = [r["files"] for r in rows if r["measure"] == "load_rss_kib" and r["size"] == size]
            fsz = files[0] if files else 0
            of = (o["hi"] * 1024 / fsz) if o and fsz else None
            if of is not None:
                mem_worst = of if mem_worst is None else max(mem_worst, of)
            add("| %d MiB | %s | %s | %s | %s | %.1f MiB | %s |" % (
                size, SYSCALLS[sc], fmt_s(o, 1024, "MiB", 1), fmt_s(k, 1024, "MiB", 1),
                fmt_r(ratio(o, k)), fsz / MIB, "-" if of is None else "%.2f (max)" % of))
    add("")

    # 4. sizes
    add("## 4. Binary size")
    add("")
    add("| binary | bytes | MiB |")
    add("| --- | --- | --- |")
    libs = sum(v for k, v in sizes.items() if k.startswith("kt_lib:"))
    for k, label in (("ours_static", "libkexec `build/kexec-static` (static, every format: bzImage, ELF, Multiboot, gzip/xz/zstd; as built, with symbols)"),
                     ("ours_static_stripped", "libkexec `build/kexec-static`, stripped")):
        if k in sizes:
            add("| %s | %d | %.2f |" % (label, sizes[k], sizes[k] / MIB))
    if "kt_binary" in sizes:
        add("| kexec-tools `/usr/sbin/kexec` (dynamic, Debian, stripped) | %d | %.2f |" % (
            sizes["kt_binary"], sizes["kt_binary"] / MIB))
        add("| kexec-tools + the shared libraries it loads (%s) | %d | %.2f |" % (
            ", ".join(k[7:] for k in sizes if k.startswith("kt_lib:")),
            sizes["kt_binary"] + libs, (sizes["kt_binary"] + libs) / MIB))
    add("")
    add("kexec-tools' libraries are shared with the rest of the system (libc) or pulled in for")
    add("Xen support (libxen*); an initramfs that carries it needs them all.")
    add("")

    # 5. reboot
    add("## 5. For context: firmware reboot against kexec reboot")
    add("")
    add("From the reboot command (`reboot -f`, or `kexec -e` with the kernel already loaded) to")
    add("the next kernel's `/init` (`KXB: INIT`), host-timed from the serial stream; same")
    add("kernel, same 30 MiB initrd, same command line.  The firmware reboots and the kexec")
    add("reboots (ours, default syscall) alternate in one QEMU run per firmware; QEMU's")
    add("`-kernel`/`-initrd` hand the firmware the kernel from host memory (no disk, no boot")
    add("menu), so a real machine's firmware reboot is slower than this.")
    add("")
    add("| firmware | firmware reboot | kexec reboot (libkexec) | kexec / firmware |")
    add("| --- | --- | --- | --- |")
    for fw, label in (("seabios", "SeaBIOS"), ("ovmf", "OVMF (UEFI)")):
        f = stats(select(rows, measure="reboot_to_init_ms", firmware=fw, tool="firmware"))
        o = stats(select(rows, measure="reboot_to_init_ms", firmware=fw, tool="ours"))
        if f or o:
            add("| %s | %s | %s | %s |" % (label, fmt_s(f, digits=1), fmt_s(o, digits=1),
                                          fmt_r(ratio(o, f))))
    add("")
    if 30 in sizes_mib:
        fw = stats(select(rows, measure="reboot_to_init_ms", firmware="seabios", tool="firmware"))
        add("The kexec chain's 30 MiB steps (SeaBIOS machine, the same measure: `kexec -e` to")
        add("`/init`), against the SeaBIOS firmware reboot above:")
        add("")
        add("| kexec reboot | time | / firmware reboot |")
        add("| --- | --- | --- |")
        for tool in ("ours", "kt"):
            for sc in ("s", "c", "ci"):
                st = stats(select(rows, measure="exec_to_init_ms", tool=tool, syscall=sc, size=30))
                if st:
                    add("| %s, %s | %s | %s |" % (TOOLS[tool], SYSCALLS[sc], fmt_s(st, digits=1),
                                                fmt_r(ratio(st, fw))))
        add("")

    # targets
    add("## Targets")
    add("")
    add("| target | measured | met |")
    add("| --- | --- | --- |")
    targets = []
    for size in sizes_mib:
        r = load_ratio.get((size, "c"))
        targets.append(("load time through kexec_load at most half of kexec-tools' (%d MiB)" % size,
                        "ratio %s" % fmt_r(r), r is not None and r <= 0.5))
    for size in sizes_mib:
        r = hand_ratio.get((size, "c"))
        targets.append(("handover through kexec_load at most half of kexec-tools' (%d MiB)" % size,
                        "ratio %s" % fmt_r(r), r is not None and r <= 0.5))
    targets.append(("peak memory at most 1.1 x the files loaded (worst case of ours)",
                    "%s" % ("-" if mem_worst is None else "%.2f" % mem_worst),
                    mem_worst is not None and mem_worst <= 1.1))
    if "ours_static_stripped" in sizes:
        s = sizes["ours_static_stripped"]
        targets.append(("static binary with every format at most 1 MB",
                        "%d bytes stripped (%.2f MiB), %d as built" % (s, s / MIB, sizes.get("ours_static", 0)),
                        s <= 1000000))
    for name, meas, ok in targets:
        add("| %s | %s | %s |" % (name, meas, "yes" if ok else "**no**"))
    add("")

    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
    if os.path.exists(notes):
        with open(notes) as f:
            add(f.read().rstrip("\n"))
            add("")

    with open(os.path.join(res, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["measure", "firmware", "tool", "syscall", "initrd_mib", "rep",
                    "value", "unit", "files_bytes"])
        for r in rows:
            w.writerow([r["measure"], r["firmware"], TOOLS.get(r["tool"], r["tool"]),
                        SYSCALLS.get(r["syscall"], r["syscall"]), r["size"], r["rep"],
                        ("%.3f" % r["value"]) if isinstance(r["value"], float) else r["value"],
                        r["unit"], r["files"]])

    with open(os.path.join(res, "results.md"), "w") as f:
        f.write("\n".join(md))
    with open(os.path.join(res, "chart.svg"), "w") as f:
        f.write(chart(rows, sizes_mib))


def chart(rows, sizes_mib):
    """Horizontal bars (median) with min-max whiskers, one panel per measure."""
    colors = {"ours": "#2b7bb9", "kt": "#d9822b", "firmware": "#7a7a7a"}
    panels = []
    for title, measure, scale, unit in (
            ("1. Load time (kexec -l)", "load_ms", 1000.0, "s"),
            ("2. Handover (kexec -e to the next kernel's first line)", "handover_ms", 1000.0, "s"),
            ("3. Peak memory of the loading process (ru_maxrss)", "load_rss_kib", 1024.0, "MiB")):
        for size in sizes_mib:
            groups = []
            for sc in ("s", "c", "ci"):
                bars = []
                for tool in ("ours", "kt"):
                    st = stats(select(rows, measure=measure, tool=tool, syscall=sc, size=size))
                    if st:
                        bars.append((TOOLS[tool], colors[tool], st))
                if bars:
                    groups.append((SYSCALLS[sc], bars))
            panels.append(("%s, %d MiB initrd" % (title, size), scale, unit, groups))
    groups = []
    for fw, label in (("seabios", "SeaBIOS"), ("ovmf", "OVMF")):
        bars = []
        for tool, name in (("firmware", "firmware reboot"), ("ours", "kexec reboot (libkexec)")):
            st = stats(select(rows, measure="reboot_to_init_ms", firmware=fw, tool=tool))
            if st:
                bars.append((name, colors[tool], st))
        if bars:
            groups.append((label, bars))
    panels.append(("5. Reboot command to the next kernel's /init (30 MiB initrd)", 1000.0, "s", groups))

    W, left, right, bar_h, gap = 900, 190, 60, 14, 10
    y = 50
    parts = []
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
    parts.append('<text x="%d" y="24" font-size="16" font-weight="bold">libkexec vs kexec-tools '
                 '(QEMU guest; bars: median, whiskers: min-max)</text>' % 10)
    lx = W - 330
    for i, (name, col) in enumerate((("libkexec", colors["ours"]), ("kexec-tools", colors["kt"]),
                                     ("firmware", colors["firmware"]))):
        parts.append('<rect x="%d" y="32" width="12" height="10" fill="%s"/>' % (lx + i * 110, col))
        parts.append('<text x="%d" y="41" font-size="11">%s</text>' % (lx + i * 110 + 16, name))
    for title, scale, unit, groups in panels:
        if not groups:
            continue
        y += 20
        parts.append('<text x="10" y="%d" font-size="13" font-weight="bold">%s</text>' % (y, esc(title)))
        y += 10
        vmax = max(b[2]["hi"] for g in groups for b in g[1]) / scale or 1
        plot_w = W - left - right
        top = y
        bars_svg = []
        for label, bars in groups:
            gy = y
            for name, col, st in bars:
                w = st["med"] / scale / vmax * plot_w
                lo = left + st["lo"] / scale / vmax * plot_w
                hi = left + st["hi"] / scale / vmax * plot_w
                cy = y + bar_h / 2
                bars_svg.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"><title>%s: '
                                'median %.2f %s (%.2f-%.2f, n=%d)</title></rect>' % (
                                    left, y, w, bar_h, col, esc(name), st["med"] / scale, unit,
                                    st["lo"] / scale, st["hi"] / scale, st["n"]))
                bars_svg.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#222"/>' % (lo, cy, hi, cy))
                bars_svg.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#222"/>' % (lo, y + 3, lo, y + bar_h - 3))
                bars_svg.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#222"/>' % (hi, y + 3, hi, y + bar_h - 3))
                bars_svg.append('<text x="%.1f" y="%d" font-size="10">%.2f</text>' % (
                    max(hi, left + w) + 4, y + bar_h - 3, st["med"] / scale))
                y += bar_h + 2
            bars_svg.append('<text x="%d" y="%.1f" font-size="11" text-anchor="end">%s</text>' % (
                left - 8, (gy + y) / 2 + 3, esc(label)))
            y += gap
        for t in nice_ticks(vmax):
            x = left + t / vmax * plot_w
            parts.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>' % (x, top - 2, x, y - gap + 2))
            parts.append('<text x="%.1f" y="%d" font-size="10" text-anchor="middle" fill="#555">%g %s</text>' % (
                x, y - gap + 14, t, unit))
        parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#444"/>' % (left, top - 2, left, y - gap + 2))
        parts.extend(bars_svg)
        y += 14
    H = y + 20
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
            'font-family="sans-serif">\n<rect width="100%%" height="100%%" fill="white"/>\n%s\n</svg>\n'
            % (W, H, W, H, "\n".join(parts)))


def nice_ticks(vmax):
    import math
    if vmax <= 0:
        return [0]
    step = 10 ** math.floor(math.log10(vmax))
    for m in (1, 2, 5, 10):
        if vmax / (step * m) <= 6:
            step *= m
            break
    out, t = [], 0.0
    while t <= vmax * 1.0001:
        out.append(round(t, 6))
        t += step
    return out


if __name__ == "__main__":
    main()
