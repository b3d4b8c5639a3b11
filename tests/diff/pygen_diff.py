#!/usr/bin/env python3
"""Differential test: random generator programs (tests/diff/pygen.py) run
as .co coroutines and as Python generators must print the same thing.

Python is the reference implementation of the semantics corogen copies:
send values, `yield` inside expressions evaluated left to right,
short-circuits, PEP 380 `yield from` return values, try/finally for
`defer`, and close() at every suspension point for co_free.

Used by tests/runner.py (seeds in tests/diff/pygen-seeds.txt; with --long,
pygen-seeds-long.txt) and from the command line:
  tests/diff/pygen_diff.py [--cc gcc] [-j 2] SEED|FROM-TO ...
"""
import argparse
import concurrent.futures as cf
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import pygen  # noqa: E402
from csmith_diff import DiffFail, must, run, parse_seeds, read_seeds  # noqa: E402

OUT = os.path.join(ROOT, "build", "tests", "pygen")
COROGEN = os.path.join(ROOT, "build", "corogen")
# The random expressions compare a name with itself and constants with
# truth values now and then; those warnings say nothing about corogen.
FLAGS = ["-std=c11", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
         "-Wno-tautological-compare", "-Wno-bool-compare", "-Wno-int-in-bool-context",
         "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
         "-fno-omit-frame-pointer"]


def flags_for(cc):
    """clang names some of these warnings differently (and groups
    -Wbool-compare into -Wtautological-compare)."""
    return FLAGS + (["-Wno-unknown-warning-option",
                     "-Wno-tautological-constant-out-of-range-compare"] if "clang" in cc else [])


def check_seed(seed, cc, runtime_lib, env=None):
    d = os.path.join(OUT, cc)
    os.makedirs(d, exist_ok=True)
    base = os.path.join(d, f"g{seed}")
    co_text, py_text = pygen.program(seed)
    with open(base + ".co", "w") as f:
        f.write(co_text)
    with open(base + ".py", "w") as f:
        f.write(py_text)
    want = must(run([sys.executable, base + ".py"], timeout=60), "python").stdout
    must(run([COROGEN, "-o", base + ".c", base + ".co"]), "corogen " + base + ".co")
    must(run([cc, *flags_for(cc), "-I" + os.path.join(ROOT, "runtime"), base + ".c", runtime_lib,
              "-o", base]), cc)
    got = must(run([base], timeout=60, env=env), "program").stdout
    if got != want:
        w, g = want.decode().splitlines(), got.decode().splitlines()
        i = next((k for k in range(min(len(w), len(g))) if w[k] != g[k]), min(len(w), len(g)))
        raise DiffFail(f"{base}.co and {base}.py differ at output line {i + 1}:\n"
                       f"  python: {w[i] if i < len(w) else '<end>'}\n"
                       f"  corogen: {g[i] if i < len(g) else '<end>'}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seeds", nargs="+", help="SEED, FROM-TO, or @FILE")
    ap.add_argument("--cc", default="gcc")
    ap.add_argument("--lib", default=os.path.join(ROOT, "build", "libcoro.a"))
    ap.add_argument("-j", type=int, default=2)
    a = ap.parse_args()
    seeds = []
    for w in a.seeds:
        seeds += read_seeds(w[1:]) if w.startswith("@") else parse_seeds([w])

    def one(seed):
        try:
            check_seed(seed, a.cc, a.lib)
            return seed, None
        except DiffFail as e:
            return seed, str(e)
        except subprocess.TimeoutExpired as e:
            return seed, f"timed out: {e.cmd}"

    failed = 0
    with cf.ThreadPoolExecutor(max_workers=a.j) as pool:
        for seed, err in pool.map(one, seeds):
            if err:
                failed += 1
                print(f"FAIL seed {seed}\n  " + err.replace("\n", "\n  ")[:4000], flush=True)
    print(f"{len(seeds) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
