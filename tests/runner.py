#!/usr/bin/env python3
"""corogen's test runner: every suite under tests/, run in parallel.

Suites (each file is one or more test cases):
  run/NAME.co + NAME.out      compile with corogen, then with gcc and clang
                              (-Werror, ASan+UBSan+LSan), run, compare stdout
  errors/NAME.co + NAME.err   corogen must exit 1 with exactly these diagnostics
  warnings/NAME.co + NAME.err corogen must exit 0 with exactly these warnings
  golden/NAME.co + NAME.c     generated C (and NAME.ir, the --dump-ir output)
  cli/NAME.sh                 command-line behaviour; exit 0 = pass
  unit/NAME.c                 unit tests of examples/lib, sanitized
  runtime/NAME.c|NAME.co      unit tests of the runtime, sanitized, run on the
                              default backend and on CORO_LOOP=select
  e2e/NAME.sh|NAME.py         end-to-end runs of the examples; exit 0 = pass
  diff/csmith-seeds.txt       Csmith programs as plain C against the same
                              programs made coroutines (tests/diff/csmith_diff.py)
  diff/plain/*.c              plain C programs against the same made
                              coroutines (tests/diff/plain_diff.py), one
                              variant per seed in diff/plain-seeds.txt
  diff/pygen-seeds.txt        random generator programs as .co against the
                              same programs in Python (tests/diff/pygen_diff.py)
                              (--long: the *-seeds-long.txt lists, make test-long)

Usage: tests/runner.py [--bless golden] [--only SUBSTRING] [-j N] [--long]
Ends with the line "N passed, N failed".
"""
import argparse
import concurrent.futures as cf
import glob
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B = os.path.join(ROOT, "build", "tests")
COROGEN = os.path.join(ROOT, "build", "corogen")
SAN = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]
CFLAGS = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-g", "-O1",
          "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE"]
ENV = dict(os.environ,
           ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0",
           UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1")
RT_LIBS = ["-lcares"]   # what programs linking the runtime need (the resolver)
COMPILERS = [c for c in ("gcc", "clang") if shutil.which(c)]
EXAMPLE_LIBS = ["-lz"]   # what examples/lib links against (Makefile EX_LIBS): zlib for warc.c
TIMEOUT = 120


def sh(cmd, **kw):
    kw.setdefault("timeout", TIMEOUT)
    kw.setdefault("env", ENV)
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, **kw)


def rel(path):
    return os.path.relpath(path, ROOT)


class Fail(Exception):
    pass


def check(proc, what):
    if proc.returncode != 0:
        raise Fail(f"{what} failed (exit {proc.returncode}):\n"
                   + proc.stdout.decode(errors="replace")[-3000:]
                   + proc.stderr.decode(errors="replace")[-3000:])


# ------------------------------------------------------------ the runtime

def runtime_lib(cc):
    """The runtime compiled once per compiler with the sanitizers."""
    out = os.path.join(B, f"rt-{cc}-{os.getpid()}")   # per run: runs may overlap
    lib = os.path.join(out, "libcoro.a")
    os.makedirs(out, exist_ok=True)
    objs = []
    sources = sorted(glob.glob(os.path.join(ROOT, "runtime", "*.c")))
    for co in sorted(glob.glob(os.path.join(ROOT, "runtime", "*.co"))):
        c_file = os.path.join(out, os.path.basename(co)[:-3] + ".co.c")
        check(sh([COROGEN, "-o", c_file, co]), "corogen " + rel(co))
        sources.append(c_file)
    for src in sources:
        obj = os.path.join(out, os.path.basename(src) + ".o")
        check(sh([cc, *CFLAGS, *SAN, "-Iruntime", "-c", src, "-o", obj]), f"{cc} {rel(src)}")
        objs.append(obj)
    if os.path.exists(lib):
        os.remove(lib)
    check(sh(["ar", "rcs", lib, *objs]), "ar")
    return lib


# ----------------------------------------------------------------- suites

def run_test(co, cc, libs):
    name = os.path.basename(co)[:-3]
    out = os.path.join(B, "run", cc)
    os.makedirs(out, exist_ok=True)
    c_file = os.path.join(out, name + ".c")
    exe = os.path.join(out, name)
    check(sh([COROGEN, "-o", c_file, rel(co)]), "corogen")
    # -I the .co's directory: its headers, as corogen found them
    check(sh([cc, *CFLAGS, *SAN, "-Iruntime", "-I" + os.path.dirname(co), c_file, libs[cc], *RT_LIBS,
              "-o", exe]), cc)
    p = sh([exe])
    check(p, "program")
    want = open(co[:-3] + ".out", "rb").read()
    if p.stdout != want:
        raise Fail("stdout differs:\n--- expected\n" + want.decode(errors="replace")[-2000:]
                   + "\n--- got\n" + p.stdout.decode(errors="replace")[-2000:])


def error_test(co):
    p = sh([COROGEN, "-o", os.path.join(B, "err.out.c"), rel(co)])
    want = open(co[:-3] + ".err", "rb").read()
    if p.returncode != 1:
        raise Fail(f"exit status {p.returncode}, expected 1\n" + p.stderr.decode(errors="replace"))
    if p.stderr != want:
        raise Fail("diagnostics differ:\n--- expected\n" + want.decode(errors="replace")
                   + "--- got\n" + p.stderr.decode(errors="replace"))


def warning_test(co):
    """warnings/NAME.co: corogen succeeds (exit 0) and prints exactly NAME.err."""
    p = sh([COROGEN, "-o", os.path.join(B, "warn.out.c"), rel(co)])
    want = open(co[:-3] + ".err", "rb").read()
    if p.returncode != 0:
        raise Fail(f"exit status {p.returncode}, expected 0\n" + p.stderr.decode(errors="replace"))
    if p.stderr != want:
        raise Fail("diagnostics differ:\n--- expected\n" + want.decode(errors="replace")
                   + "--- got\n" + p.stderr.decode(errors="replace"))


def golden_test(co, bless):
    for flag, ext in (([], ".c"), (["--dump-ir"], ".ir")):
        p = sh([COROGEN, *flag, rel(co)])
        check(p, "corogen " + " ".join(flag))
        path = co[:-3] + ext
        if bless:
            open(path, "wb").write(p.stdout)
            continue
        if not os.path.exists(path):
            raise Fail(f"missing {rel(path)} (run make golden-bless)")
        if p.stdout != open(path, "rb").read():
            d = subprocess.run(["diff", "-u", path, "-"], input=p.stdout, capture_output=True)
            raise Fail(f"{rel(path)} differs:\n" + d.stdout.decode(errors="replace")[-4000:])


def script_test(path):
    cmd = ["python3", path] if path.endswith(".py") else ["sh", path]
    p = sh(cmd, timeout=600)
    check(p, rel(path))


def unit_test(src, cc, libs):
    name = os.path.basename(src)[:-2]
    out = os.path.join(B, "unit", cc)
    os.makedirs(out, exist_ok=True)
    exe = os.path.join(out, name)
    libsrc = sorted(glob.glob(os.path.join(ROOT, "examples", "lib", "*.c")))
    # crawl_pool.c keeps TLS streams: the runtime and OpenSSL come along
    check(sh([cc, *CFLAGS, *SAN, "-Iexamples/lib", "-Iruntime", src, *libsrc, libs[cc],
              "-lssl", "-lcrypto", *EXAMPLE_LIBS, *RT_LIBS, "-o", exe]), cc)
    check(sh([exe], timeout=300), "test program")


def tls_libs(src):
    """OpenSSL for the programs that use TLS streams (co_tls.h)."""
    with open(src, "rb") as f:
        return ["-lssl", "-lcrypto"] if b'"co_tls.h"' in f.read() else []


def runtime_test(src, cc, libs):
    base = os.path.basename(src)
    extra = tls_libs(src)
    name = base.rsplit(".", 1)[0]
    out = os.path.join(B, "runtime", cc)
    os.makedirs(out, exist_ok=True)
    exe = os.path.join(out, name)
    if src.endswith(".co"):
        c_file = os.path.join(out, name + ".c")
        check(sh([COROGEN, "-o", c_file, rel(src)]), "corogen")
        src = c_file
    check(sh([cc, *CFLAGS, *SAN, "-Iruntime", src, libs[cc], *extra, *RT_LIBS, "-o", exe]), cc)
    # Every runtime test runs on the default backend (epoll on Linux) and
    # on select(): CORO_LOOP picks the backend of co_loop_new().
    for backend in (None, "select"):
        env = {k: v for k, v in ENV.items() if k != "CORO_LOOP"}
        if backend:
            env["CORO_LOOP"] = backend
        check(sh([exe], timeout=300, env=env), f"test program (backend {backend or 'default'})")


def plain_test(mod, prog, seed, cc, libs):
    try:
        mod.check_case(prog, seed, cc, libs[cc], env=ENV)
    except mod.DiffFail as e:
        raise Fail(str(e))


def diff_test(mod, seed, cc, libs):
    try:
        mod.check_seed(seed, cc, libs[cc], env=ENV)
    except mod.DiffFail as e:
        raise Fail(str(e))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bless", choices=["golden"])
    ap.add_argument("--only", default="")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--long", action="store_true", help="the long seed lists (make test-long)")
    args = ap.parse_args()
    os.makedirs(B, exist_ok=True)
    T = os.path.join(ROOT, "tests")

    if args.bless:
        for co in sorted(glob.glob(os.path.join(T, "golden", "*.co"))):
            golden_test(co, True)
            print("blessed", rel(co))
        return 0

    libs = {cc: runtime_lib(cc) for cc in COMPILERS}
    import time
    for old in glob.glob(os.path.join(B, "rt-*-*")):   # earlier runs' libraries
        if not old.endswith(f"-{os.getpid()}") and time.time() - os.path.getmtime(old) > 3600:
            shutil.rmtree(old, ignore_errors=True)
    cases = []  # (name, function, args)
    for co in sorted(glob.glob(os.path.join(T, "run", "*.co"))):
        for cc in COMPILERS:
            cases.append((f"run/{os.path.basename(co)} [{cc}]", run_test, (co, cc, libs)))
    for co in sorted(glob.glob(os.path.join(T, "errors", "*.co"))):
        cases.append((f"errors/{os.path.basename(co)}", error_test, (co,)))
    for co in sorted(glob.glob(os.path.join(T, "warnings", "*.co"))):
        cases.append((f"warnings/{os.path.basename(co)}", warning_test, (co,)))
    for co in sorted(glob.glob(os.path.join(T, "golden", "*.co"))):
        cases.append((f"golden/{os.path.basename(co)}", golden_test, (co, False)))
    for s in sorted(glob.glob(os.path.join(T, "cli", "*.sh"))):
        cases.append((f"cli/{os.path.basename(s)}", script_test, (s,)))
    for src in sorted(glob.glob(os.path.join(T, "unit", "*.c"))):
        for cc in COMPILERS:
            cases.append((f"unit/{os.path.basename(src)} [{cc}]", unit_test, (src, cc, libs)))
    for src in sorted(glob.glob(os.path.join(T, "runtime", "*.c")) + glob.glob(os.path.join(T, "runtime", "*.co"))):
        for cc in COMPILERS:
            cases.append((f"runtime/{os.path.basename(src)} [{cc}]", runtime_test, (src, cc, libs)))
    for s in sorted(glob.glob(os.path.join(T, "e2e", "*.sh")) + glob.glob(os.path.join(T, "e2e", "*.py"))):
        cases.append((f"e2e/{os.path.basename(s)}", script_test, (s,)))
    sys.path.insert(0, os.path.join(T, "diff"))
    import csmith_diff
    import plain_diff
    import pygen_diff
    seeds = csmith_diff.read_seeds(os.path.join(
        T, "diff", "plain-seeds-long.txt" if args.long else "plain-seeds.txt"))
    for prog in plain_diff.programs():
        for seed in seeds:
            for cc in COMPILERS:
                cases.append((f"diff/plain-{os.path.basename(prog)[:-2]}-{seed} [{cc}]",
                              plain_test, (plain_diff, prog, seed, cc, libs)))
    for kind, mod in (("csmith", csmith_diff), ("pygen", pygen_diff)):
        seeds = csmith_diff.read_seeds(os.path.join(
            T, "diff", f"{kind}-seeds-long.txt" if args.long else f"{kind}-seeds.txt"))
        for seed in seeds:
            for cc in COMPILERS:
                cases.append((f"diff/{kind}-{seed} [{cc}]", diff_test, (mod, seed, cc, libs)))
    cases = [c for c in cases if args.only in c[0]]

    passed = failed = 0

    def one(case):
        name, fn, fargs = case
        try:
            fn(*fargs)
            return name, None
        except Fail as e:
            return name, str(e)
        except subprocess.TimeoutExpired as e:
            return name, f"timed out after {e.timeout}s"
        except Exception as e:  # a broken fixture is a failure, not a crash
            return name, f"{type(e).__name__}: {e}"

    with cf.ThreadPoolExecutor(max_workers=max(1, args.j)) as pool:
        for name, err in pool.map(one, cases):
            if err is None:
                passed += 1
                print(f"PASS {name}", flush=True)
            else:
                failed += 1
                print(f"FAIL {name}\n  " + err.replace("\n", "\n  "), flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
