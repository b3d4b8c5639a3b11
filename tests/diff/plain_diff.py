#!/usr/bin/env python3
"""Differential test: the plain C programs in tests/diff/plain/ against the
same programs with every function made a coroutine (tests/diff/c2co.py),
one variant per seed (where the suspensions go). Same rules as the Csmith
suite: the same output, no new kind of warning, ASan and UBSan on.

Used by tests/runner.py (seeds in tests/diff/plain-seeds.txt; with --long,
plain-seeds-long.txt) and from the command line:
  tests/diff/plain_diff.py [--cc gcc] PROGRAM.c SEED|FROM-TO ...
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import c2co  # noqa: E402
from csmith_diff import DiffFail, must, run, parse_seeds, warning_kinds  # noqa: E402

OUT = os.path.join(ROOT, "build", "tests", "plain")
COROGEN = os.path.join(ROOT, "build", "corogen")
FLAGS = ["-std=c11", "-O1", "-g", "-Wall", "-Wextra",
         "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE",
         "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
         "-fno-omit-frame-pointer"]


def programs():
    d = os.path.join(HERE, "plain")
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".c"))


def check_case(src, seed, cc, runtime_lib, env=None):
    name = os.path.basename(src)[:-2]
    d = os.path.join(OUT, cc)
    os.makedirs(d, exist_ok=True)
    base = os.path.join(d, f"{name}-{seed}")
    p = must(run([cc, *FLAGS, src, "-o", base + ".plain"]), f"{cc} (plain)")
    plain_warnings = warning_kinds(p.stderr)
    want = must(run([base + ".plain"], timeout=60, env=env), "plain program").stdout
    with open(src) as f:
        text = c2co.transform(f.read(), seed)
    with open(base + ".co", "w") as f:
        f.write(text)
    must(run([COROGEN, "-o", base + ".c", base + ".co"]), "corogen " + base + ".co")
    p = must(run([cc, *FLAGS, "-I" + os.path.join(ROOT, "runtime"), base + ".c", runtime_lib,
                  "-o", base]), f"{cc} (coroutines)")
    new = warning_kinds(p.stderr) - plain_warnings
    if new:
        raise DiffFail(f"new warnings {sorted(new)} in {base}.c:\n"
                       + p.stderr.decode(errors="replace")[-3000:])
    got = must(run([base], timeout=60, env=env), "coroutine program").stdout
    if got != want:
        raise DiffFail(f"output differs ({base}.co):\n--- plain\n" + want.decode(errors="replace")
                       + "--- coroutines\n" + got.decode(errors="replace"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("program")
    ap.add_argument("seeds", nargs="+")
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--lib", default=os.path.join(ROOT, "build", "libcoro.a"))
    a = ap.parse_args()
    failed = 0
    seeds = parse_seeds(a.seeds)
    for seed in seeds:
        try:
            check_case(a.program, seed, a.cc, a.lib)
        except (DiffFail, subprocess.TimeoutExpired) as e:
            failed += 1
            print(f"FAIL seed {seed}\n  " + str(e).replace("\n", "\n  ")[:4000])
    print(f"{len(seeds) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
