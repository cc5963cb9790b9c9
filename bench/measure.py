#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs a command N times and prints one JSON line: best and median wall time,
peak resident memory of the child (getrusage via wait4, so only the child is
counted), and the exit status and output of the last run.

    python3 bench/measure.py RUNS -- COMMAND [ARG...]
"""
import json
import os
import statistics
import sys
import tempfile
import time


GNU_TIME = "/usr/bin/time"


def run_once_rusage(argv, via_time):
    """Spawns the command and returns wall time, status, output, peak RSS.

    The kernel's ru_maxrss of a child carries the high-water mark of the
    process image it was exec'd from, so a child of this interpreter never
    reports less than the interpreter's own ~20 MB. GNU time is a small
    process, so when it is there it stands between us and the command and
    reports the command's own figure; otherwise wait4's figure is used.
    Timed runs go without it, as its own start-up would count.
    """
    tmp = None
    if via_time:
        fd, tmp = tempfile.mkstemp(prefix="sg-measure.")
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", tmp, "--"] + argv
    r_out, w_out = os.pipe()
    r_err, w_err = os.pipe()
    # posix_spawn rather than fork: forking this interpreter costs tens of
    # milliseconds, which would swamp the figures being measured.
    actions = [(os.POSIX_SPAWN_DUP2, w_out, 1), (os.POSIX_SPAWN_DUP2, w_err, 2),
               (os.POSIX_SPAWN_CLOSE, r_out), (os.POSIX_SPAWN_CLOSE, r_err)]
    t0 = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    os.close(w_out)
    os.close(w_err)
    out, err = read_both(r_out, r_err)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    peak_kib = ru.ru_maxrss
    if tmp is not None:
        with open(tmp) as f:
            lines = f.read().split()
        os.unlink(tmp)
        if lines and lines[-1].isdigit():
            peak_kib = int(lines[-1])
    return wall, rc, out, err, peak_kib / 1024.0


def read_both(r_out, r_err):
    """Drains both pipes without deadlocking on a chatty child."""
    import selectors
    sel = selectors.DefaultSelector()
    bufs = {r_out: bytearray(), r_err: bytearray()}
    for fd in bufs:
        sel.register(fd, selectors.EVENT_READ)
    open_fds = set(bufs)
    while open_fds:
        for key, _ in sel.select():
            chunk = os.read(key.fd, 65536)
            if chunk:
                bufs[key.fd] += chunk
            else:
                sel.unregister(key.fd)
                os.close(key.fd)
                open_fds.discard(key.fd)
    return bytes(bufs[r_out]), bytes(bufs[r_err])


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    argv = sys.argv[3:]
    walls, rss = [], 0.0
    rc, out, err = 0, b"", b""
    have_time = os.access(GNU_TIME, os.X_OK)
    for _ in range(max(runs, 1)):
        wall, rc, out, err, peak = run_once_rusage(argv, False)
        walls.append(wall * 1000.0)
        rss = max(rss, peak)
    if have_time:
        rss = run_once_rusage(argv, True)[4]
    print(json.dumps({
        "best_ms": min(walls), "median_ms": statistics.median(walls), "runs": len(walls),
        "peak_rss_mb": rss, "rc": rc,
        "stdout": out.decode("utf-8", "replace")[-4000:],
        "stderr": err.decode("utf-8", "replace")[-4000:],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
