#!/usr/bin/env python3
"""corogen's test runner: every suite under tests/, run in parallel.

Suites (each file is one or more test cases):
  run/NAME.co                 compile with corogen, then with gcc and clang
                              (-Werror, ASan+UBSan+LSan), run, compare stdout
                              with the file's "stdout" section
  errors/NAME.co              corogen must exit 1 with exactly the diagnostics
                              of the "diagnostics" section
  warnings/NAME.co            corogen must exit 0 with exactly these warnings
  golden/NAME.co              generated C ("C" section) and the --dump-ir
                              output ("IR" section)
                              (run, errors, warnings, golden: the expectations
                              are sections at the end of the .co file, see
                              tests/README.md; corogen gets the input part)
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

Usage: tests/runner.py [--bless golden|errors|warnings] [--only SUBSTRING] [-j N] [--long]
Ends with the line "N passed, N failed".
"""
import argparse
import concurrent.futures as cf
import difflib
import glob
import os
import re
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
sys.path.insert(0, os.path.join(ROOT, "tests", "tools"))
import expectfile  # noqa: E402  (the test-file format, shared with embed_expectations.py)


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

# The suites whose .co files carry their expectations: the sections each
# needs, in the order they are written, and the old-style files they replace.
SECTIONS = {"run": ["stdout"], "errors": ["diagnostics"], "warnings": ["diagnostics"],
            "golden": ["C", "IR"]}
OLD_STYLE = {"run": {".out": "stdout"}, "errors": {".err": "diagnostics"},
             "warnings": {".err": "diagnostics"}, "golden": {".c": "C", ".ir": "IR"}}


def suite_of(co):
    return os.path.basename(os.path.dirname(co))


def old_style_failure(path):
    return (f"{rel(path)} is an old-style expectation file: run "
            "python3 tests/tools/embed_expectations.py to move it into its .co file")


def test_file(co):
    """The parsed test file; a malformed one or a leftover old-style file fails."""
    suite = suite_of(co)
    for ext in OLD_STYLE[suite]:
        if os.path.exists(co[:-3] + ext):
            raise Fail(old_style_failure(co[:-3] + ext))
    try:
        tf = expectfile.parse(co)
    except expectfile.FormatError as e:
        raise Fail(str(e))
    extra = [n for n in tf.sections if n not in SECTIONS[suite]]
    if extra:
        raise Fail(f"{rel(co)}:{tf.line_of(extra[0])}: {suite}/ tests have no "
                   f"'{extra[0]}' section (only {', '.join(SECTIONS[suite])})")
    return tf


def corogen(tf, *args):
    """corogen on the input part of a test file, read from standard input and
    named as the test file, so diagnostics and #line say tests/SUITE/NAME.co."""
    return sh([COROGEN, "--name", rel(tf.path), *args, "-"], input=tf.input)


def expect(tf, name, got, what):
    """got must equal the section `name`; else a unified diff that names the
    file and the line of the section's marker."""
    want = tf.expected(name)
    if want is None:
        hint = " (make golden-bless writes it)" if suite_of(tf.path) == "golden" else ""
        raise Fail(f"{rel(tf.path)}: no '//==== expect {name} ====' section{hint}")
    if got == want:
        return
    marker = tf.line_of(name)
    where = f"{rel(tf.path)}:{marker}"
    diff = difflib.unified_diff(
        want.decode(errors="replace").splitlines(keepends=True),
        got.decode(errors="replace").splitlines(keepends=True),
        f"{rel(tf.path)} (expected {name}, from line {marker + 1})", f"{what} (actual)")
    # the expected side's hunk lines are the test file's own lines
    diff = (re.sub(r"^@@ -(\d+)", lambda m: f"@@ -{int(m.group(1)) + marker}", l) for l in diff)
    text = "".join(l if l.endswith("\n") else l + "\n\\ no newline at end\n" for l in diff)
    if len(text) > 6000:
        text = text[:6000] + "... (diff cut at 6000 characters)\n"
    raise Fail(f"{where}: {what} differs from the '{name}' section:\n{text}")


def run_test(co, cc, libs):
    tf = test_file(co)
    name = os.path.basename(co)[:-3]
    out = os.path.join(B, "run", cc)
    os.makedirs(out, exist_ok=True)
    c_file = os.path.join(out, name + ".c")
    exe = os.path.join(out, name)
    check(corogen(tf, "-o", c_file), "corogen")
    # -I the .co's directory: its headers, as corogen found them
    check(sh([cc, *CFLAGS, *SAN, "-Iruntime", "-I" + os.path.dirname(co), c_file, libs[cc], *RT_LIBS,
              "-o", exe]), cc)
    p = sh([exe])
    check(p, "program")
    expect(tf, "stdout", p.stdout, "the program's stdout")


def diagnostics_test(co, status, bless=False):
    """errors/ (status 1) and warnings/ (status 0): exactly these diagnostics."""
    tf = test_file(co)
    out = os.path.join(B, suite_of(co))
    os.makedirs(out, exist_ok=True)
    p = corogen(tf, "-o", os.path.join(out, os.path.basename(co)[:-3] + ".c"))
    if p.returncode != status:
        raise Fail(f"exit status {p.returncode}, expected {status}\n" + p.stderr.decode(errors="replace"))
    if bless:
        return expectfile.write(co, tf.input, [("diagnostics", p.stderr)])
    expect(tf, "diagnostics", p.stderr, "corogen's diagnostics")


def error_test(co, bless=False):
    return diagnostics_test(co, 1, bless)


def warning_test(co, bless=False):
    return diagnostics_test(co, 0, bless)


def golden_test(co, bless=False):
    tf = test_file(co)
    got = {}
    for flag, section in (([], "C"), (["--dump-ir"], "IR")):
        p = corogen(tf, *flag)
        check(p, "corogen " + " ".join(flag))
        got[section] = p.stdout
    if bless:
        return expectfile.write(co, tf.input, [(n, got[n]) for n in SECTIONS["golden"]])
    for section, what in (("C", "the generated C"), ("IR", "the --dump-ir output")):
        expect(tf, section, got[section], what)


def leftover_test(path):
    raise Fail(f"{rel(path)} is an old-style expectation file without its .co file: "
               "restore the test or delete the file")


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
    check(sh([cc, *CFLAGS, *SAN, "-Iruntime", "-I" + os.path.join(ROOT, "tests", "runtime"), src, libs[cc], *extra,
              *RT_LIBS, "-o", exe]), cc)
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
    ap.add_argument("--bless", choices=["golden", "errors", "warnings"])
    ap.add_argument("--only", default="")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--long", action="store_true", help="the long seed lists (make test-long)")
    args = ap.parse_args()
    os.makedirs(B, exist_ok=True)
    T = os.path.join(ROOT, "tests")

    if args.bless:   # rewrite the expectation sections in place
        fn = {"golden": golden_test, "errors": error_test, "warnings": warning_test}[args.bless]
        for co in sorted(glob.glob(os.path.join(T, args.bless, "*.co"))):
            if args.only in f"{args.bless}/{os.path.basename(co)}":
                try:
                    changed = fn(co, True)
                except Fail as e:
                    print(f"cannot bless {rel(co)}: {e}", file=sys.stderr)
                    return 1
                print("blessed" if changed else "unchanged", rel(co))
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
        cases.append((f"golden/{os.path.basename(co)}", golden_test, (co,)))
    for suite, exts in OLD_STYLE.items():   # old-style files without their .co fail too
        for ext in exts:
            for path in sorted(glob.glob(os.path.join(T, suite, "*" + ext))):
                if not os.path.exists(path[:-len(ext)] + ".co"):
                    cases.append((f"{suite}/{os.path.basename(path)}", leftover_test, (path,)))
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
