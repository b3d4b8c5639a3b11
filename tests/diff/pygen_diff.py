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
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import pygen  # noqa: E402
import csmith_diff  # noqa: E402
from csmith_diff import DiffFail, must, run  # noqa: E402

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
    return csmith_diff.main(check_seed)


if __name__ == "__main__":
    sys.exit(main())
