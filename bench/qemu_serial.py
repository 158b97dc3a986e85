#!/usr/bin/env python3
"""Run QEMU with its serial port on stdout and stamp every serial line.

usage: qemu_serial.py --log LOG [--timeout S] [--until REGEX]
                      [--count REGEX N] [--echo REGEX] -- QEMU ARGS...

Each line goes to LOG as "NS<TAB>TEXT", NS being the host's CLOCK_MONOTONIC
in nanoseconds when the line's first byte arrived (QEMU writes the guest's
UART bytes to the pipe as the guest sends them, so this is the moment the
guest printed it, give or take the host scheduler).  The first line of LOG
is "#start NS EPOCH".  QEMU is stopped when a line matches --until (after
letting it exit on its own for 3 s), when --count's REGEX has matched N
lines, or after --timeout seconds (exit status 124).  Lines matching --echo
are shown on stderr with the seconds since the start, as progress.
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--until")
    ap.add_argument("--count", nargs=2, metavar=("REGEX", "N"))
    ap.add_argument("--echo")
    ap.add_argument("qemu", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.qemu[1:] if a.qemu and a.qemu[0] == "--" else a.qemu
    until = re.compile(a.until) if a.until else None
    count_re = re.compile(a.count[0]) if a.count else None
    count_n = int(a.count[1]) if a.count else 0
    echo = re.compile(a.echo) if a.echo else None

    log = open(a.log, "w")
    err = open(a.log + ".err", "w")
    t0 = time.monotonic_ns()
    log.write("#start %d %.6f\n" % (t0, time.time()))
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=err)
    fd = p.stdout.fileno()
    deadline = t0 + int(a.timeout * 1e9)
    line = bytearray()
    line_ts = None
    seen = 0
    stop_at = None
    status = 0

    def emit(ts, raw):
        nonlocal seen, stop_at
        text = raw.decode("utf-8", "replace").rstrip("\r")
        log.write("%d\t%s\n" % (ts, text))
        log.flush()
        if echo and echo.search(text):
            sys.stderr.write("  %7.1fs %s\n" % ((ts - t0) / 1e9, text))
            sys.stderr.flush()
        if until and until.search(text) and stop_at is None:
            stop_at = time.monotonic_ns() + 3_000_000_000
        if count_re and count_re.search(text):
            seen += 1
            if seen >= count_n and stop_at is None:
                stop_at = time.monotonic_ns()

    while True:
        now = time.monotonic_ns()
        if now >= deadline:
            status = 124
            break
        if stop_at is not None and now >= stop_at:
            break
        wait = min(deadline, stop_at or deadline) - now
        r, _, _ = select.select([fd], [], [], max(wait / 1e9, 0))
        if not r:
            continue
        chunk = os.read(fd, 65536)
        ts = time.monotonic_ns()
        if not chunk:
            break
        for b in chunk:
            if line_ts is None:
                line_ts = ts
            if b == 10:
                emit(line_ts, bytes(line))
                line.clear()
                line_ts = None
            else:
                line.append(b)
    if line:
        emit(line_ts, bytes(line))
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(5)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    log.write("#end %d qemu_exit=%s status=%d\n" % (time.monotonic_ns(), p.returncode, status))
    log.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
