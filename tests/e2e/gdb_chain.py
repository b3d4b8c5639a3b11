#!/usr/bin/env python3
"""gdb_chain.py — gdb on tests/gdb/chain.co, a three-level `yield from`
chain, built with gcc and clang at -O0 and -O1 against build/libcoro.a
(which carries runtime/coro-gdb.py; gdb loads it by itself once the
program's directory is a safe auto-load path).

Asserts, for every build:
  - a breakpoint on chain.co:12, inside the innermost coroutine, is hit
    exactly as many times as the line runs (5), never at creation/resume;
  - `info args` / `info locals` there show the source names with the
    right values (frame fields and C locals alike);
  - `co bt` prints outer, middle, inner with their .co lines, in that
    order, and the shadowed `first` of middle with the value in scope;
and for every build, that `next` over a `yield from` and `finish` out of
a delegate stop in the coroutine, and that gdb shows none of the
runtime's sources on the way; at -O0 (where a breakpoint on the `yield
from` line stops before the child starts), that `step` there enters the
child's body, not its initialiser."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COROGEN = os.path.join(ROOT, "build", "corogen")
LIB = os.path.join(ROOT, "build", "libcoro.a")
SRC = "tests/gdb/chain.co"

# (base, count, got, total, k) at each hit of line 12; main sends 1, 2, 3...
HITS = [(20, 3, 1, 0, 0), (20, 3, 2, 1, 1), (20, 3, 3, 3, 2), (7, 2, 4, 0, 0), (7, 2, 5, 4, 1)]


def run(cmd, **kw):
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=120, **kw)
    if p.returncode != 0:
        sys.exit(f"gdb_chain: {' '.join(cmd)} failed ({p.returncode}):\n"
                 + p.stdout.decode(errors="replace")[-3000:] + p.stderr.decode(errors="replace")[-3000:])
    return p.stdout.decode(errors="replace")


def gdb(exe, script):
    return run(["gdb", "-nx", "-q", "-batch", "-iex", f"add-auto-load-safe-path {os.path.dirname(exe)}",
                "-x", os.path.join(ROOT, "tests", "gdb", script), exe])


def check_hits(name, out, failures):
    blocks = out.split("=== hit\n")[1:]
    if len(blocks) != len(HITS):
        failures.append(f"{name}: line 12 hit {len(blocks)} times, it runs {len(HITS)} times:\n{out[-3000:]}")
        return
    for i, (blk, (base, count, got, total, k)) in enumerate(zip(blocks, HITS)):
        head = blk.split("#2 ")[0]
        want = [f"base = {base}", f"count = {count}", f"got = {got}", f"total = {total}", f"k = {k}"]
        lines = head.splitlines()
        if lines[:5] != want:
            failures.append(f"{name}: hit {i + 1}: info args + info locals show {lines[:6]}, want {want}")
        frames = re.findall(r"^#(\d)\s+(\w+)\(.*\) at (\S+):(\d+)$", blk, re.M)
        mid_line = "20" if base == 20 else "23"
        want_frames = [("2", "outer", SRC, "30"), ("1", "middle", SRC, mid_line), ("0", "inner", SRC, "12")]
        if frames != want_frames:
            failures.append(f"{name}: hit {i + 1}: co bt frames {frames}, want {want_frames}:\n{blk}")
        first = re.search(r"#1\s+middle.*\n\s+first = (\d+)", blk)
        want_first = "20" if base == 20 else "7"
        if not first or first.group(1) != want_first:
            failures.append(f"{name}: hit {i + 1}: middle's `first` in scope should be {want_first}:\n{blk}")


def check_stepping(name, out, failures):
    where = re.findall(r"^WHERE (\S+) (\d+)$", out, re.M)
    want = [("middle__resume", "22"), ("middle__resume", "23"), ("middle__resume", "25")]
    if where != want:
        failures.append(f"{name}: next/finish stopped at {where}, want {want}:\n{out[-3000:]}")
    if not re.search(r"^sum = 6$", out, re.M):
        failures.append(f"{name}: after `next` over the yield from, sum should be 6:\n{out[-3000:]}")
    if "runtime/" in out:
        failures.append(f"{name}: stepping showed the runtime's sources:\n{out[-3000:]}")


def check_step_into(name, out, failures):
    where = re.findall(r"^WHERE (\S+) (\d+)$", out, re.M)
    if where != [("inner__resume", "9")]:
        failures.append(f"{name}: `step` on the yield from stopped at {where}, "
                        f"want inner__resume 9:\n{out[-3000:]}")


def main():
    if not shutil.which("gdb"):
        sys.exit("gdb_chain: gdb is not installed (.ci/ensure-tools.sh --test installs it)")
    failures = []
    with tempfile.TemporaryDirectory(prefix="corogen-gdb-") as tmp:
        c_file = os.path.join(tmp, "chain.c")
        run([COROGEN, "-o", c_file, SRC])
        for cc in ("gcc", "clang"):
            for opt in ("-O0", "-O1"):
                exe = os.path.join(tmp, f"chain-{cc}{opt}")
                run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-g", opt, "-Iruntime",
                     c_file, LIB, "-o", exe])
                name = f"{cc} {opt}"
                check_hits(name, gdb(exe, "chain.gdb"), failures)
                check_stepping(name, gdb(exe, "stepping.gdb"), failures)
                if opt == "-O0":
                    check_step_into(name, gdb(exe, "step_into.gdb"), failures)
    if failures:
        sys.exit("gdb_chain:\n" + "\n".join(failures))
    print("gdb_chain: ok")


if __name__ == "__main__":
    main()
