#!/usr/bin/env python3
"""Differential test: a Csmith program as plain C against the same program
with every function made a coroutine (tests/diff/csmith2co.py).

For one seed and one compiler: generate the program with Csmith's default
options, build and run it as plain C, turn it into .co, compile that with
corogen and the same C compiler and flags, run it, and require
  - the same output (Csmith prints a checksum of every global),
  - no warning kind in the generated C that the plain program does not
    already have (Csmith's own code trips -Wunused-variable and friends),
  - both built with ASan and UBSan, so memory errors fail too.

Used by tests/runner.py (seeds in tests/diff/seeds.txt, `make test`;
tests/diff/seeds-long.txt, `make test-long`) and from the command line:
  tests/diff/csmith_diff.py [--cc gcc] [-j 2] SEED|FROM-TO ...
"""
import argparse
import concurrent.futures as cf
import os
import re
import subprocess
import tempfile
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import csmith2co  # noqa: E402

OUT = os.path.join(ROOT, "build", "tests", "diff")
COROGEN = os.path.join(ROOT, "build", "corogen")
CSMITH_INC = "/usr/include/csmith"
FLAGS = ["-std=c11", "-O1", "-g", "-Wall", "-Wextra",
         "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
         "-fno-omit-frame-pointer", "-Wno-unused-function", "-I" + CSMITH_INC]
RUN_TIMEOUT = 60
# Csmith programs can loop for minutes: a plain program that has not ended
# by then tests nothing useful (InvalidSeed), like one the sanitizers stop.
PLAIN_TIMEOUT = 10
WARNING_KIND = re.compile(rb"warning: .*\[(-W[\w=+-]+)\]")
# Warnings about tautologies the compiler sees only in the generated C: a
# const local folded by gcc in plain C but read from the frame (`(k & 0xF0)
# == 1`), and the dead right side of `7UL || (... yield ...)` made an `if`
# body that a resume label keeps reachable (clang). The values are right,
# only the diagnosis differs. A documented limit (docs/LANGUAGE.md section
# 14): gcc's -Wtautological-compare and -Waddress and clang's
# -Wtautological-* family are not counted as new; every other kind is.
KNOWN_DIFFERENCES = {"-Wtautological-compare", "-Waddress"}


def known_difference(kind):
    return kind in KNOWN_DIFFERENCES or kind.startswith("-Wtautological-")


class DiffFail(Exception):
    pass


class InvalidSeed(DiffFail):
    """The plain program itself fails under the sanitizers (Csmith's packed
    structs give misaligned accesses that UBSan reports): the seed tests
    nothing and does not belong in a seed list."""


def run(cmd, timeout=120, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=timeout, **kw)


def must(p, what):
    if p.returncode != 0:
        raise DiffFail(f"{what} failed (exit {p.returncode}):\n"
                       + p.stdout.decode(errors="replace")[-2000:]
                       + p.stderr.decode(errors="replace")[-3000:])
    return p


def warning_kinds(stderr):
    kinds = set(m.group(1).decode() for m in WARNING_KIND.finditer(stderr))
    return {k for k in kinds if not known_difference(k)}


def plain_program(seed, d):
    """Csmith's program for `seed` (generated once, shared by compilers)."""
    src = os.path.join(d, f"s{seed}.c")
    if not os.path.exists(src):
        # threads share a pid: the name must be unique per call
        fd, tmp = tempfile.mkstemp(prefix=f"s{seed}.", suffix=".tmp", dir=d)
        os.close(fd)
        # csmith writes platform.info where it runs: in build/, not the tree
        must(run(["csmith", "--seed", str(seed), "-o", tmp], cwd=d), "csmith")
        os.replace(tmp, src)
    return src


def check_seed(seed, cc, runtime_lib, env=None):
    """Raise DiffFail unless the coroutine program matches the plain one."""
    d = os.path.join(OUT, cc)
    os.makedirs(d, exist_ok=True)
    src = plain_program(seed, os.path.join(OUT))
    base = os.path.join(d, f"s{seed}")

    p = must(run([cc, *FLAGS, src, "-o", base + ".plain"]), f"{cc} (plain)")
    plain_warnings = warning_kinds(p.stderr)
    try:
        p = run([base + ".plain"], timeout=PLAIN_TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise InvalidSeed(f"seed {seed} is not usable: its plain program runs longer "
                          f"than {PLAIN_TIMEOUT} s")
    if p.returncode != 0:
        raise InvalidSeed(f"seed {seed} is not usable: its plain program fails under the "
                          f"sanitizers (exit {p.returncode}):\n"
                          + p.stderr.decode(errors="replace")[-1500:])
    want = p.stdout

    co = base + ".co"
    with open(src) as f:
        text = csmith2co.transform(f.read(), seed, 0.3, 0.15)
    with open(co, "w") as f:
        f.write(text)
    must(run([COROGEN, "-o", base + ".co.c", co]), "corogen " + co)
    p = must(run([cc, *FLAGS, "-I" + os.path.join(ROOT, "runtime"), base + ".co.c",
                  runtime_lib, "-o", base + ".coro"]), f"{cc} (coroutines)")
    new = warning_kinds(p.stderr) - plain_warnings
    if new:
        lines = [ln for ln in p.stderr.decode(errors="replace").splitlines()
                 if any(w in ln for w in new)]
        raise DiffFail(f"new warnings {sorted(new)} in {base}.co.c:\n" + "\n".join(lines[:20]))
    got = must(run([base + ".coro"], timeout=RUN_TIMEOUT, env=env), "coroutine program").stdout
    if got != want:
        raise DiffFail(f"output differs for seed {seed} ({co}):\n--- plain\n"
                       + want.decode(errors="replace") + "--- coroutines\n"
                       + got.decode(errors="replace"))


def read_seeds(path):
    """Seeds and FROM-TO ranges, separated by white space; # comments."""
    with open(path) as f:
        return parse_seeds(t for line in f for t in line.split("#")[0].split())


def parse_seeds(words):
    seeds = []
    for w in words:
        if "-" in w:
            a, b = w.split("-")
            seeds.extend(range(int(a), int(b) + 1))
        else:
            seeds.append(int(w))
    return seeds


def main(check=None):
    """The command line of this suite and of pygen_diff.py: check each seed,
    print a line per seed and the closing count."""
    check = check or check_seed
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
            check(seed, a.cc, a.lib)
            return seed, None, False
        except InvalidSeed as e:
            return seed, str(e), True
        except DiffFail as e:
            return seed, str(e), False
        except subprocess.TimeoutExpired as e:
            return seed, f"timed out: {e.cmd}", False

    failed, invalid = 0, []
    with cf.ThreadPoolExecutor(max_workers=a.j) as pool:
        for seed, err, unusable in pool.map(one, seeds):
            if unusable:
                invalid.append(seed)
            if err:
                failed += 1
                print(f"FAIL seed {seed}\n  " + err.replace("\n", "\n  ")[:4000], flush=True)
            else:
                print(f"ok   seed {seed}", flush=True)
    if invalid:
        print("not usable (plain program fails under the sanitizers or runs too long): "
              + " ".join(map(str, invalid)))
    print(f"{len(seeds) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
