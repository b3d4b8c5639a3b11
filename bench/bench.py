#!/usr/bin/env python3
"""bench/bench.py — corogen's benchmarks, each side by side with its
references in the same run. Writes bench/RESULTS.md (see bench/README.md).

Run through bench/run.sh (or `make bench`), which installs the reference
tools first. Environment:
  BENCH_RUNS=5          runs per timing (medians are reported)
  BENCH_ONLY=1,2,3      run only these measurements (1..10)
  BENCH_OUT=FILE        where to write the results (default bench/RESULTS.md)
  BENCH_CRAWLER_WAIT=S  how long to wait for build/crawler to appear (300)
  BENCH_QUICK=1         smaller sizes, for trying the script out
"""
import datetime
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import many_hosts   # measurement 9, bench/many_hosts.py
from common import (compare, crawler_tsv_urls, free_port, path_of, start_nginx,
                    stop_server, wait_port, wget2_csv_urls)

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(ROOT, "build", "bench")
SRC = os.path.join(BENCH, "src")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
QUICK = os.environ.get("BENCH_QUICK") == "1"
ONLY = set(os.environ.get("BENCH_ONLY", "1,2,3,4,5,6,7,8,9,10").split(","))
RESULTS = os.environ.get("BENCH_OUT", os.path.join(BENCH, "RESULTS.md"))
CFLAGS = ["-std=c11", "-Wall", "-Wextra", "-O2", "-g",
          "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE",
          "-I" + os.path.join(ROOT, "runtime")]
COROGEN = os.path.join(ROOT, "build", "corogen")
LIBCORO = os.path.join(ROOT, "build", "libcoro.a")

summary = []      # rows: measurement, corogen, reference, ratio, goal, verdict
goals = []        # (text, verdict)
sections = []     # markdown text, one per measurement
skipped = []      # references that could not be measured
warnings = []     # compiler warnings in bench programs
problems = []     # performance problems found, with numbers
crawler_syscalls = []
crawl_results = {}  # (client, concurrency) -> measurement 4's figures, for 7
T_START = time.monotonic()


def log(msg):
    sys.stderr.write("[bench %5.0fs] %s\n" % (time.monotonic() - T_START, msg))
    sys.stderr.flush()


def skip(what, why):
    skipped.append("%s: skipped (%s)" % (what, why))
    log("%s: skipped (%s)" % (what, why))


def have(tool):
    return shutil.which(tool) is not None


def median(xs):
    return statistics.median(xs)


def fmt(x, nd=2):
    if x is None:
        return "—"
    if isinstance(x, str):
        return x
    if isinstance(x, int):
        return "{:,}".format(x)
    if abs(x) >= 1000:
        return "{:,.0f}".format(x)
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    if abs(x) < 0.1 and x != 0:
        return "%.3f" % x
    return ("%%.%df" % nd) % x


def verdict(ok):
    return "met" if ok else "NOT met"


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---" for _ in head) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(fmt(c) for c in r) + " |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- running

def run(cmd, **kw):
    """Run, return stdout; raise with stderr on failure."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, **kw)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), p.returncode,
                                                 p.stderr[-2000:]))
    return p.stdout


def timed(cmd, stdout=None, timeout=600, ok_codes=(0,), cwd=None):
    """Run cmd; wall seconds, CPU seconds (user+sys) and peak RSS of the
    child from wait4(). stdout goes to the file `stdout` (or is dropped)."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    # A forked child's ru_maxrss starts at this Python process's size: GNU
    # time, a small process, reports the real peak of the program it runs.
    rssf = None
    if os.path.exists("/usr/bin/time"):
        fd, rssf = tempfile.mkstemp(prefix="rss.", dir=OUT)
        os.close(fd)
        cmd = ["/usr/bin/time", "-f", "%M", "-o", rssf] + list(cmd)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
    deadline = t0 + timeout
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            raise RuntimeError("%s: timed out after %ds" % (cmd[0], timeout))
        time.sleep(0.005)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if stdout:
        out.close()
    err.seek(0)
    errtext = err.read().decode("utf-8", "replace")
    if p.returncode not in ok_codes:
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), p.returncode,
                                                 errtext[-2000:]))
    rss_kb = ru.ru_maxrss
    if rssf:
        try:
            rss_kb = int(open(rssf).read().split()[-1])
        except (ValueError, IndexError, OSError):
            pass
        os.unlink(rssf)
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
            "rss_kb": rss_kb, "stderr": errtext}


def callgrind_ir(cmd):
    """Total instructions (Ir) of one run under callgrind, and the file."""
    fd, path = tempfile.mkstemp(prefix="callgrind.", dir=OUT)
    os.close(fd)
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + path]
                   + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    with open(path) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1]), path
    raise RuntimeError("no summary in " + path)


def annotate(path, top=8):
    """The per-function lines of callgrind_annotate, shortened."""
    try:
        text = run(["callgrind_annotate", path])
    except (RuntimeError, OSError):
        return ""
    lines = text.splitlines()
    out = []
    for i, l in enumerate(lines):
        if "file:function" in l:
            for m in lines[i + 2:i + 2 + top]:
                if not m.strip():
                    break
                out.append(re.sub(r"\s*\[[^\]]*\]$", "", m.replace(ROOT + "/", "")))
            break
    return "\n".join(out)


def cc(out, srcs, extra=(), cxx=False):
    """Compile bench programs; any warning is recorded (they must be clean)."""
    if cxx:
        cmd = ["g++", "-std=c++20", "-fcoroutines", "-O2", "-g", "-Wall", "-Wextra"]
    else:
        cmd = ["cc"] + CFLAGS
    cmd += ["-I" + SRC] + list(srcs) + ["-o", out] + list(extra)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError("compile %s failed:\n%s" % (out, p.stderr[-3000:]))
    if p.stderr.strip():
        warnings.append("%s:\n%s" % (os.path.basename(out), p.stderr.strip()[:2000]))
    return out


def corogen(co, c):
    run([COROGEN, "-o", c, co])
    return c


def ir_per_iter(cmd_lo, cmd_hi, n):
    lo, _ = callgrind_ir(cmd_lo)
    hi, path = callgrind_ir(cmd_hi)
    return (hi - lo) / n, path


def ns_per_iter(cmd, n, runs=RUNS, **kw):
    """Median over runs of the program's own elapsed-ns figure / n."""
    xs = []
    for _ in range(runs):
        xs.append(int(run(cmd, **kw).split()[0]) / n)
    return median(xs), min(xs), max(xs)


# ---------------------------------------------------------------- 1

def m1_resume():
    log("1. resume round trip")
    n = 10_000_000 if QUICK else 100_000_000
    npy = 1_000_000 if QUICK else 10_000_000
    ncg = 1_000_000
    gen_c = corogen(os.path.join(SRC, "resume_gen.co"), os.path.join(OUT, "resume_gen.c"))
    progs = {
        "co": cc(os.path.join(OUT, "resume_co"), [gen_c, os.path.join(SRC, "resume_main.c"), LIBCORO]),
        "hand": cc(os.path.join(OUT, "resume_hand"), [os.path.join(SRC, "resume_hand.c"),
                                                      os.path.join(SRC, "resume_hand_main.c")]),
    }
    if have("g++"):
        try:
            progs["cpp"] = cc(os.path.join(OUT, "resume_cpp"),
                              [os.path.join(SRC, "resume_cpp_gen.cpp"),
                               os.path.join(SRC, "resume_cpp_main.cpp")], cxx=True)
        except RuntimeError as e:
            skip("C++20 generator", "g++ cannot build it: %s" % str(e).splitlines()[-1])
    else:
        skip("C++20 generator", "g++ missing")
    res = {}
    for k, p in progs.items():
        res[k] = {"ns": ns_per_iter([p, str(n)], n)}
        if have("valgrind"):
            res[k]["ir"], res[k]["cg"] = ir_per_iter([p, "0"], [p, str(ncg)], ncg)
    res["py"] = {"ns": ns_per_iter([sys.executable, os.path.join(SRC, "resume_py.py"), str(npy)], npy)}
    if not have("valgrind"):
        skip("instruction counts", "valgrind missing")
    hand_ns = res["hand"]["ns"][0]
    hand_ir = res["hand"].get("ir")
    names = {"co": "corogen .co generator (co_send/co_value)",
             "hand": "hand-written switch state machine (function pointer)",
             "cpp": "C++20 coroutine generator (g++ -O2)",
             "py": "CPython %s generator (for loop)" % platform.python_version()}
    rows = []
    for k in ("co", "hand", "cpp", "py"):
        if k not in res:
            continue
        ns, lo, hi = res[k]["ns"]
        ir = res[k].get("ir")
        rows.append([names[k], ns, "%.2f–%.2f" % (lo, hi), ns / hand_ns, ir,
                     ir / hand_ir if ir and hand_ir else None])
    text = ("N = %s round trips per run (CPython: %s), %d runs; instructions from "
            "callgrind: (Ir at N=%s − Ir at N=0) / N.\n\n" % (
                "{:,}".format(n), "{:,}".format(npy), RUNS, "{:,}".format(ncg)))
    text += table(["variant", "ns / round trip (median)", "min–max", "× hand (ns)",
                   "instructions / round trip", "× hand (Ir)"], rows)
    co_ns = res["co"]["ns"][0]
    py_ratio = res["py"]["ns"][0] / co_ns
    if hand_ir:
        r = res["co"]["ir"] / hand_ir
        goals.append(("1. resume within 1.15× of the hand-written state machine in "
                      "instructions per round trip: %.1f vs %.1f Ir = %.2f×" % (
                          res["co"]["ir"], hand_ir, r), verdict(r <= 1.15)))
        summary.append(["1. resume round trip (Ir)", "%.1f Ir" % res["co"]["ir"],
                        "hand-written %.1f Ir" % hand_ir, "%.2f×" % r, "≤ 1.15×", verdict(r <= 1.15)])
        if r > 1.15:
            problems.append(
                "**co_send fast path, %.1f vs %.1f instructions per round trip (%.2f×).** "
                "The generated resume function is instruction for instruction the "
                "hand-written one; the difference is all in the inline co_send in the "
                "caller's loop (runtime/coro.h): the load of the root's leaf from its "
                "head, the load of the leaf's class (the resume function is reached "
                "through it: the 16-byte frame header has no room for both), passing "
                "the sent value, and storing the yielded value in the root's head for "
                "co_value. "
                "callgrind_annotate of the .co "
                "variant (N = %s):\n\n```\n%s\n```\n" % (
                    res["co"]["ir"], hand_ir, r, "{:,}".format(ncg), annotate(res["co"]["cg"])))
    goals.append(("1. at least 25× faster than CPython: %.2f ns vs %.1f ns = %.1f×" % (
        co_ns, res["py"]["ns"][0], py_ratio), verdict(py_ratio >= 25)))
    summary.append(["1. resume round trip (ns)", "%.2f ns" % co_ns,
                    "hand %.2f ns, CPython %.1f ns" % (hand_ns, res["py"]["ns"][0]),
                    "%.1f× faster than CPython" % py_ratio, "≥ 25×", verdict(py_ratio >= 25)])
    sections.append(("1. Resume round trip", text))


# ---------------------------------------------------------------- 2

def m2_delegation():
    log("2. delegation depth")
    depths = [1, 10, 100, 1000]
    n = 2_000_000 if QUICK else 10_000_000
    ncg = 1_000_000
    co = os.path.join(OUT, "deleg.co")
    with open(co, "w") as f:
        f.write(run([sys.executable, os.path.join(BENCH, "gen_deleg.py")] + [str(d) for d in depths]))
    t0 = time.monotonic()
    gen_c = corogen(co, os.path.join(OUT, "deleg_gen.c"))
    prog = cc(os.path.join(OUT, "deleg"), [gen_c, os.path.join(SRC, "deleg_main.c"), LIBCORO])
    log("   built the %d-level chain in %.1f s" % (max(depths), time.monotonic() - t0))
    rows = []
    figures = {}
    for mode in ("chain", "rec"):
        for d in ([0] if mode == "chain" else []) + depths:
            arg = str(d if mode == "chain" else d - 1)   # rec(d) is d+1 links deep
            ns = ns_per_iter([prog, mode, arg, str(n)], n)
            ir, cg = (None, None)
            if have("valgrind"):
                ir, cg = ir_per_iter([prog, mode, arg, "1"], [prog, mode, arg, str(ncg + 1)], ncg)
            figures[(mode, d)] = (ns[0], ir, cg)
    pyfig = {}
    for d in depths:
        npy = max(2000, int((2e6 if QUICK else 1e7) / (d + 10)))
        pyfig[d] = ns_per_iter([sys.executable, os.path.join(SRC, "deleg_py.py"), str(d), str(npy)], npy)[0]
    label = {"chain": "chain of distinct coroutines (frames embedded)",
             "rec": "recursive coroutine (frames on the heap)"}
    for (mode, d), (ns, ir, _) in figures.items():
        base = figures[(mode, 1)]
        rows.append([label[mode], d, ns, ns / base[0], ir,
                     ir / base[1] if ir and base[1] else None])
    for d in depths:
        rows.append(["CPython %s, distinct generators" % platform.python_version(), d,
                     pyfig[d], pyfig[d] / pyfig[1], None, None])
    text = ("Resumes of a generator reached through DEPTH `yield from` links "
            "(depth 0: the generator itself). N = %s resumes per run, %d runs, "
            "medians; Ir per resume from callgrind with N = %s and N = 1.\n\n" % (
                "{:,}".format(n), RUNS, "{:,}".format(ncg)))
    text += table(["variant", "depth", "ns / resume", "× depth 1 (ns)",
                   "instructions / resume", "× depth 1 (Ir)"], rows)
    for mode in ("chain", "rec"):
        ns1, ir1, _ = figures[(mode, 1)]
        ns1k, ir1k, _ = figures[(mode, 1000)]
        if ir1:
            r = ir1k / ir1
            goals.append(("2. %s: depth 1000 within 1.1× of depth 1 per resume: %.1f vs %.1f Ir "
                          "= %.2f× (ns: %.2f×)" % (mode, ir1k, ir1, r, ns1k / ns1), verdict(r <= 1.1)))
            if mode == "chain":
                summary.append(["2. delegation, depth 1000 vs 1", "%.1f Ir, %.2f ns" % (ir1k, ns1k),
                                "depth 1: %.1f Ir; CPython ×%.0f at depth 1000" % (ir1, pyfig[1000] / pyfig[1]),
                                "%.2f×" % r, "≤ 1.1×", verdict(r <= 1.1)])
        else:
            r = ns1k / ns1
            goals.append(("2. %s: depth 1000 within 1.1× of depth 1 per resume (ns, no valgrind): "
                          "%.2f×" % (mode, r), verdict(r <= 1.1)))
    ir0, ir1 = figures[("chain", 0)][1], figures[("chain", 1)][1]
    if ir0 and ir1 and ir1 > 1.2 * ir0:
        ns0, ns1 = figures[("chain", 0)][0], figures[("chain", 1)][0]
        problems.append(
            "**A delegated resume costs %.1f instructions against %.1f undelegated "
            "(%.2f×; %.2f ns against %.2f ns).** Flat in depth as promised, but "
            "every resume of a chain leaves the inline fast path: co_send sees "
            "`cur != g` and calls co__drive, whose YIELDED case only copies "
            "`cur->value` to the root and rewrites `root->leaf` (unchanged on a "
            "yield) — a function call with its prologue and epilogue per resume. "
            "Handling YIELDED inline in co_send (`g->value = cur->value; return s;`), "
            "or letting co_value read `g->leaf->value`, would make it about the "
            "depth-0 cost. callgrind_annotate, chain depth 1:\n\n```\n%s\n```\n" % (
                ir1, ir0, ir1 / ir0, ns1, ns0, annotate(figures[("chain", 1)][2])))
    sections.append(("2. Delegation depth", text))


# ---------------------------------------------------------------- 3

def parse_kv(text):
    d = {}
    for line in text.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            try:
                d[k.strip()] = float(v)
            except ValueError:
                pass
    return d


def m3_memory():
    log("3. memory of suspended tasks")
    ntask = 200_000 if QUICK else 1_000_000
    gen_c = corogen(os.path.join(SRC, "mem_tasks.co"), os.path.join(OUT, "mem_tasks.c"))
    prog = cc(os.path.join(OUT, "mem_tasks"), [gen_c, LIBCORO],
              ["-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc"])
    runs = [parse_kv(run([prog, str(ntask)])) for _ in range(3)]
    r = runs[0]
    peak = median([(x["hwm_suspended_kb"] - x["rss_base_kb"]) * 1024 / ntask for x in runs])
    steady = median([(x["rss_suspended_kb"] - x["rss_base_kb"]) * 1024 / ntask for x in runs])
    fut = median([(x["rss_futures_kb"] - x["rss_start_kb"]) * 1024 / ntask for x in runs])
    allocs_task = r["allocs_create_and_suspend"] / ntask
    allocs_wake = r["allocs_wake_and_finish"] / ntask
    ok = all(x["waiting"] == ntask and x["completed_ok"] == ntask for x in runs)
    vg_allocs = None
    if have("valgrind"):
        def heap_allocs(k):
            p = subprocess.run(["valgrind", prog, str(k)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
            m = re.search(r"total heap usage: ([\d,]+) allocs", p.stderr)
            return int(m.group(1).replace(",", "")) if m else None
        a0, a1 = heap_allocs(0), heap_allocs(10000)
        if a0 is not None and a1 is not None:
            # each task also owns one future made by the program itself
            vg_allocs = (a1 - a0) / 10000 - 1
    locals_b = 3 * 16   # each level: co_future *f and void *r
    budget = 128 + locals_b
    npy = 20_000 if QUICK else 100_000
    py = [parse_kv(run([sys.executable, os.path.join(SRC, "mem_asyncio.py"), str(npy)])) for _ in range(3)]
    py_rss = median([x["rss_bytes_per_task"] for x in py])
    py_tm = parse_kv(run([sys.executable, os.path.join(SRC, "mem_asyncio.py"), str(npy), "t"]))
    rows = [["corogen task, 3 frames embedded (RSS while suspended)", "{:,}".format(ntask), steady,
             allocs_task, vg_allocs, allocs_wake],
            ["corogen task (peak RSS, with the start-up queue)", "{:,}".format(ntask), peak, None,
             None, None],
            ["CPython %s asyncio task (RSS)" % platform.python_version(), "{:,}".format(npy), py_rss,
             None, None, None],
            ["CPython asyncio task (tracemalloc)", "{:,}".format(npy),
             py_tm.get("tracemalloc_bytes_per_task"), None, None, None]]
    text = ("Each task runs `outer`, which is suspended in `yield from middle(f)`, "
            "which is suspended in `yield from inner(f)`, which waits on its own "
            "future (`yield f`). Futures are made before the baseline is taken "
            "(they stand for the I/O the tasks wait on: %.0f bytes each). Bytes per "
            "task = (RSS once every task is suspended and the loop has returned − RSS "
            "before creating them) / tasks, median of 3 runs. The peak also counts "
            "the ready queue that holds every task's first step while they start "
            "(16 bytes a task, given back once it drains). Allocations counted by "
            "wrapping malloc, calloc and realloc (`-Wl,--wrap`); valgrind's `total "
            "heap usage` on 10,000 tasks minus 0 tasks cross-checks it. All tasks %s.\n\n" % (
                fut, "suspended and then completed with the right results" if ok
                else "did NOT all suspend and complete correctly"))
    text += table(["variant", "tasks", "bytes / task", "allocs / task (create+suspend)",
                   "allocs / task (valgrind)", "allocs / task (wake+finish)"], rows)
    block = r["sizeof_task"] + r["sizeof_frame"]
    text += ("\nLayout, one block per task (malloc chunk %d): `co_task` %d bytes (a %d-byte "
             "co_future, the loop's two list links, the root frame's head: its leaf and "
             "the value it yielded), then the frame of `outer` with `middle` and `inner` "
             "embedded, %d bytes: three 16-byte `co_gen` headers and %d bytes of the "
             "coroutines' own data (each level's `f`; the `void *` return values travel "
             "in registers, not in the frame).\n" % (
                 chunk(block), r["sizeof_task"], r["sizeof_future"], r["sizeof_frame"],
                 r["sizeof_frame"] - 3 * r["sizeof_gen_header"]))
    text += ("\nAllocations while driving a coroutine through 1,000 `yield from` of a "
             "non-recursive child: **%d**; of a recursive child (heap frames): %d.\n" % (
                 r["allocs_1000_yield_from"], r["allocs_1000_yield_from_recursive"]))
    goals.append(("3. at most 128 bytes plus the coroutines' locals (%d) = %d bytes per "
                  "suspended task, in one allocation: %.0f bytes, %.2f allocations (peak "
                  "while starting: %.0f)" % (locals_b, budget, steady, allocs_task, peak),
                  verdict(steady <= budget and allocs_task < 1.01)))
    goals.append(("3. zero allocations per `yield from` of a non-recursive coroutine: "
                  "%d in 1,000" % r["allocs_1000_yield_from"],
                  verdict(r["allocs_1000_yield_from"] == 0)))
    summary.append(["3. memory per suspended task", "%.0f B, %.2f allocs" % (steady, allocs_task),
                    "asyncio %.0f B" % py_rss, "%.1f× smaller" % (py_rss / steady),
                    "≤ %d B, 1 alloc" % budget, verdict(steady <= budget and allocs_task < 1.01)])
    summary.append(["3. allocations per `yield from`", "%d" % r["allocs_1000_yield_from"],
                    "—", "—", "0", verdict(r["allocs_1000_yield_from"] == 0)])
    if steady > budget:
        problems.append(
            "**%.0f bytes per suspended task against a budget of %d.** The block is "
            "a %d-byte task and a %d-byte frame (malloc chunk %d).\n" % (
                steady, budget, r["sizeof_task"], r["sizeof_frame"], chunk(block)))
    sections.append(("3. Memory: 1,000,000 suspended tasks", text))


def chunk(n):
    """glibc malloc chunk for a request of n bytes (x86-64)."""
    n = int(n) + 8
    return max(32, (n + 15) // 16 * 16)


# ---------------------------------------------------------------- 5

def m5_loop():
    log("5. event loop ping-pong")
    prog = cc(os.path.join(OUT, "pingpong"), [os.path.join(SRC, "pingpong.c"), LIBCORO])
    iters = {10: 40000, 100: 20000, 500: 4000}
    if QUICK:
        iters = {k: v // 4 for k, v in iters.items()}
    rows = []
    env = dict(os.environ, CORO_LOOP="select")
    for k, it in iters.items():
        loop = ns_per_iter([prog, "loop", str(k), str(it)], it, env=env)[0] / 1000
        raw = ns_per_iter([prog, "raw", str(k), str(it)], it)[0] / 1000
        rows.append([k, loop, raw, loop / raw])
    text = ("One byte goes a→b→a across a socketpair (two loop iterations, two "
            "`select()` calls) while K other fds are registered and idle. \"raw\" is "
            "a hand-written `select()` loop over the same fds, the floor of the "
            "backend. Medians of %d runs.\n\n" % RUNS)
    text += table(["K idle fds", "runtime loop µs / round trip", "raw select µs / round trip",
                   "× raw"], rows)
    text += ("\n`select()` is linear in the highest fd in the kernel, so the cost per "
             "round trip grows with K for both; the runtime's own share is the "
             "difference.\n")
    summary.append(["5. loop ping-pong, K = 10 / 100 / 500", " / ".join("%.1f µs" % r[1] for r in rows),
                    "raw select " + " / ".join("%.1f" % r[2] for r in rows),
                    " / ".join("%.2f×" % r[3] for r in rows), "(no goal)", "—"])
    sections.append(("5. Event loop: ping-pong with K idle fds (select backend)", text))


# ---------------------------------------------------------------- 7

def m7_wakeup():
    log("7. loop wakeup cost with idle fds, per backend")
    prog = cc(os.path.join(OUT, "pingpong"), [os.path.join(SRC, "pingpong.c"), LIBCORO])
    ks = [10, 100, 1000, 10000]
    it = 2000 if QUICK else 10000
    cost = {}
    for backend in ("epoll", "select"):
        env = dict(os.environ, CORO_LOOP=backend)
        for k in ks:
            try:
                # one round trip is two wakeups
                cost[backend, k] = ns_per_iter([prog, "loop", str(k), str(it)], it, env=env)[0] / 2
            except RuntimeError as e:
                cost[backend, k] = None
                log("   %s, %d idle fds: %s" % (backend, k, str(e).splitlines()[-1]))
    rows = []
    for k in ks:
        e, s = cost["epoll", k], cost["select", k]
        rows.append([k, fmt(e, 0) + " ns" if e else "—",
                     "%.2f×" % (e / cost["epoll", 10]) if e else "—",
                     fmt(s, 0) + " ns" if s else "— (FD_SETSIZE: fds ≥ 1024 refused)",
                     "%.2f×" % (s / cost["select", 10]) if s else "—",
                     "%.1f×" % (s / e) if s and e else "—"])
    text = ("pingpong.c as in measurement 5, on each backend (`CORO_LOOP`): one byte "
            "bounced across a socketpair while K other fds are registered and idle; "
            "a round trip is two loop wakeups, the figure is ns per wakeup (median "
            "of %d runs of %d round trips). The `select()` backend refuses fds at or "
            "above FD_SETSIZE (1024), so it has no figure at 10,000.\n\n" % (RUNS, it))
    text += table(["K idle fds", "epoll ns / wakeup", "× epoll at K=10",
                   "select ns / wakeup", "× select at K=10", "select ÷ epoll"], rows)
    e10, e10k = cost["epoll", 10], cost["epoll", 10000]
    ratio = "%.2f×" % (e10k / e10) if e10 and e10k else "—"
    flat = bool(e10 and e10k and e10k / e10 <= 1.5)
    goals.append(("7. epoll wakeup with 10,000 idle fds costs what it costs with 10 "
                  "(within 1.5×): %s vs %s ns = %s" % (fmt(e10k, 0), fmt(e10, 0), ratio),
                  verdict(flat)))

    def per_k(backend):
        return " / ".join(fmt(cost[backend, k], 0) if cost[backend, k] else "—" for k in ks)
    summary.append(["7. loop wakeup, K = 10 / 100 / 1,000 / 10,000 idle fds",
                    "epoll %s ns" % per_k("epoll"), "select %s ns" % per_k("select"),
                    "epoll 10,000 ÷ 10: " + ratio, "≤ 1.5×", verdict(flat)])
    sections.append(("7. Event loop: wakeup cost with K idle fds, epoll and select", text))


def m8_resolver():
    log("8. resolver throughput")
    dnsmasq = shutil.which("dnsmasq") or "/usr/sbin/dnsmasq"
    if not os.access(dnsmasq, os.X_OK):
        skip("8. resolver", "dnsmasq missing (apt-get install dnsmasq-base)")
        return
    gen_c = corogen(os.path.join(SRC, "resolve_bench.co"), os.path.join(OUT, "resolve_bench.c"))
    prog = cc(os.path.join(OUT, "resolve_bench"), [gen_c, LIBCORO], ["-lcares"])
    n = 500 if QUICK else 2000
    ncached = 20000 if QUICK else 100000
    for _ in range(5):
        port = free_port()
        srv = subprocess.Popen([dnsmasq, "--keep-in-foreground", "--conf-file=/dev/null",
                                "--no-resolv", "--no-hosts", "--pid-file=",
                                "--listen-address=127.0.0.1", "--bind-interfaces",
                                "--port=%d" % port, "--local=/test/",
                                "--address=/bench.test/127.0.0.9", "--local-ttl=60",
                                "--user=root"], stderr=subprocess.DEVNULL)
        if wait_port(port, srv):
            break
        srv.kill()
        srv.wait()
    else:
        raise RuntimeError("dnsmasq did not start")
    server = "127.0.0.1:%d" % port
    try:
        def qps(args, count):
            xs = []
            for _ in range(RUNS):
                ns, ok = run([prog] + args).split()
                if int(ok) != count:
                    raise RuntimeError("%s: %s of %d lookups succeeded" % (" ".join(args), ok, count))
                xs.append(count / (int(ns) / 1e9))
            return median(xs)
        gai = qps(["gai", server, str(n)], n)
        rows = []
        for conc in (1, 16, 64):
            q = qps(["ares", server, str(n), str(conc)], n)
            rows.append(["co_resolve, %d in flight" % conc, q, q / gai])
        cached = qps(["cached", server, str(ncached)], ncached)
        rows.append(["co_resolve, cache hits", cached, cached / gai])
        rows.append(["getaddrinfo, one at a time (blocks the loop)", gai, 1.0])
    finally:
        srv.terminate()
        srv.wait()
    text = ("Lookups of distinct names (A and AAAA each) against a local dnsmasq on a "
            "loopback port answering from its command line. `co_resolve` runs on "
            "c-ares driven by the runtime's loop; \"getaddrinfo\" is glibc's stub "
            "resolver pointed at the same server, called one lookup after another as a "
            "loop without threads must (each call blocks everything else). Medians of "
            "%d runs.\n\n" % RUNS)
    text += table(["what", "lookups / s", "× getaddrinfo"], rows)
    summary.append(["8. resolver lookups/s (1 / 64 in flight, cached)",
                    "%.0f / %.0f / %.0f" % (rows[0][1], rows[2][1], rows[3][1]),
                    "getaddrinfo %.0f" % gai,
                    "%.2f× / %.2f×" % (rows[0][2], rows[2][2]), "(no goal)", "—"])
    sections.append(("8. Resolver throughput (c-ares on the loop vs getaddrinfo)", text))


# ---------------------------------------------------------------- 6

def m6_transpiler():
    log("6. transpiler")
    sizes = [10_000, 50_000, 100_000]
    gcc_sizes = [10_000, 50_000]
    if QUICK:
        sizes, gcc_sizes = [2_000, 10_000, 20_000], [10_000]
    rows = []
    cg = {}
    for s in sizes:
        co = os.path.join(OUT, "big%d.co" % s)
        with open(co, "w") as f:
            f.write(run([sys.executable, os.path.join(BENCH, "gen_bigco.py"), str(s)]))
        lines = sum(1 for _ in open(co))
        c = os.path.join(OUT, "big%d.c" % s)
        t = [timed([COROGEN, "-o", c, co]) for _ in range(RUNS)]
        wall = median([x["wall"] for x in t])
        cpu = median([x["cpu"] for x in t])
        clines = sum(1 for _ in open(c))
        gcc_wall = gcc_cpu = None
        if s in gcc_sizes:
            g = [timed(["gcc"] + CFLAGS + ["-c", c, "-o", os.path.join(OUT, "big.o")], timeout=900)
                 for _ in range(3)]
            gcc_wall = median([x["wall"] for x in g])
            gcc_cpu = median([x["cpu"] for x in g])
        cg[s] = (wall, cpu, gcc_wall, gcc_cpu)
        rows.append(["{:,}".format(lines), "{:,}".format(clines), wall, cpu, lines / wall,
                     wall / lines * 1e6, gcc_wall, gcc_cpu,
                     "%.2f%%" % (100 * cpu / gcc_cpu) if gcc_cpu else None])
    text = ("A generated .co file (bench/gen_bigco.py: plain C functions and "
            "coroutines with loops, switch, yields in conditions, `yield from`, "
            "`defer`, goto). corogen: median of %d runs; `gcc -O2 -c` of the C it "
            "wrote: median of 3 (only for the sizes shown, it is slow).\n\n" % RUNS)
    text += table(["lines .co", "lines .c", "corogen s (wall)", "corogen s (CPU)",
                   "lines / s", "µs / line", "gcc -O2 -c s (wall)", "gcc s (CPU)",
                   "corogen / gcc (CPU)"], rows)
    mid = 50_000 if not QUICK else 10_000
    w, c, gw, gc = cg[mid]
    ratio = c / gc
    per = [cg[s][1] / s for s in sizes]
    text += ("\nCPU time per line from the smallest to the largest file: %s µs — %s.\n" % (
        " → ".join("%.2f" % (p * 1e6) for p in per),
        "linear" if per[-1] <= 1.5 * per[0] else "NOT linear"))
    goals.append(("6. corogen under 5%% of gcc's time on %s lines: %.3f s vs %.1f s CPU = %.2f%%" % (
        "{:,}".format(mid), c, gc, 100 * ratio), verdict(ratio < 0.05)))
    summary.append(["6. corogen on %s lines" % "{:,}".format(mid), "%.2f s (%s lines/s)" % (
        w, "{:,.0f}".format(mid / w)), "gcc -O2 %.1f s" % gc, "%.2f%%" % (100 * ratio),
        "< 5%", verdict(ratio < 0.05)])
    sections.append(("6. Transpiler speed", text))


# ---------------------------------------------------------------- 4

def crawl_once(name, cmd, outp, wdir, timeout=300):
    """One timed run of a crawl (measurements 4, 9 and 10), wget2's download
    directory emptied first: (timed()'s figures, None), or (None, why it
    failed) for the results table."""
    shutil.rmtree(wdir, ignore_errors=True)
    try:
        return timed(cmd, stdout=outp, timeout=timeout, ok_codes=(0, 8)), None
    except RuntimeError as e:
        log("   %s failed: %s" % (name, str(e)[:300]))
        return None, "run failed: %s" % str(e).splitlines()[0][:100]


def crawled_paths(kind, outp, csv):
    """The paths a crawl fetched: from the TSV report in outp (the crawler,
    pycrawl.py) or from wget2's CSV."""
    urls = crawler_tsv_urls(outp) if kind == "tsv" else wget2_csv_urls(csv)
    return [path_of(u) for u in urls]


def measure_client(name, cmd, kind, runs, wdir, expected):
    """Measurements 4 and 10: `runs` timed runs of one client (kind "tsv",
    "wget2" or "ab"). Returns the medians of URLs/s, CPU ms per URL and peak
    RSS in MB, the first run's URL count, and whether that run fetched each
    expected path exactly once (or why a run failed); None if none ran."""
    figs, exact = [], None
    for i in range(runs):
        outp = os.path.join(OUT, "crawl.out")
        t, failed = crawl_once(name, cmd, outp, wdir)
        if failed:
            exact = failed
            break
        if kind == "ab":
            m = re.search(r"Complete requests:\s+(\d+)", open(outp).read())
            count = int(m.group(1)) if m else 0
        else:
            got = crawled_paths(kind, outp, os.path.join(OUT, "wget2.csv"))
            count = len(got)
            if i == 0:
                exact = compare(got, expected)
        figs.append((count / t["wall"], t["cpu"] / count * 1000 if count else 0,
                     t["rss_kb"] / 1024, count))
    if not figs:
        return None
    return (median([f[0] for f in figs]), median([f[1] for f in figs]),
            median([f[2] for f in figs]), figs[0][3], exact)


def bench_site():
    """Measurement 4's site (made once, kept while unchanged) and its
    expected URL set."""
    pages = 4000 if QUICK else 20000
    site = os.path.join(OUT, "site")
    stamp = os.path.join(site, "stamp")
    gen = os.path.join(BENCH, "gensite_bench.py")
    want = "%d %d" % (pages, os.path.getmtime(gen))
    if not (os.path.exists(stamp) and open(stamp).read() == want):
        shutil.rmtree(site, ignore_errors=True)
        log("   generating the %d-page site" % pages)
        run([sys.executable, gen, site, str(pages)])
        with open(stamp, "w") as f:
            f.write(want)
    return site, set(open(os.path.join(site, "expected.txt")).read().split())


def m4_crawler():
    log("4. crawler")
    crawler = os.path.join(ROOT, "build", "crawler")
    if not os.path.exists(crawler):
        subprocess.run(["make", "-s", "-C", ROOT, "build/crawler"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait = int(os.environ.get("BENCH_CRAWLER_WAIT", "300"))
    t_end = time.monotonic() + wait
    while not os.path.exists(crawler) and time.monotonic() < t_end:
        log("   waiting for build/crawler ...")
        time.sleep(15)
        subprocess.run(["make", "-s", "-C", ROOT, "build/crawler"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not os.path.exists(crawler):
        skip("crawler", "build/crawler missing")
        sections.append(("4. Crawler", "crawler: skipped (build/crawler missing)\n"))
        summary.append(["4. crawler", "skipped (build/crawler missing)", "", "", "", "—"])
        return
    site, expected = bench_site()
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="nginx.", dir=OUT)
    if have("nginx"):
        server = "nginx (1 worker process)"
        conf = open(os.path.join(BENCH, "nginx.conf.in")).read()
        conf = conf.replace("@PORT@", str(port)).replace("@ROOT@", site).replace("@TMP@", tmp)
        with open(os.path.join(tmp, "nginx.conf"), "w") as f:
            f.write(conf)
        srv = start_nginx(tmp)
    else:
        skip("nginx", "not installed; serving with build/httpd, which has no /r/N redirects")
        server = "build/httpd (nginx missing)"
        srv = subprocess.Popen([os.path.join(ROOT, "build", "httpd"), "-q", "-p", str(port),
                                "-r", site], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_port(port, srv):
            raise RuntimeError("server did not start on port %d" % port)
        prof = None
        if have("valgrind"):
            log("   callgrind profile of the crawler")
            try:
                ir, path = callgrind_ir([crawler, "-q", "-c", "10", "--max-per-host", "10",
                                         "http://127.0.0.1:%d/p/0.html" % port])
                prof = ("{:,}".format(ir), ir / len(expected), annotate(path, 12))
            except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
                log("   profile failed: %s" % e)
        if have("strace"):
            log("   syscall counts of the crawler")
            stc = os.path.join(OUT, "crawler.strace")
            try:
                timed(["strace", "-f", "-c", "-o", stc, crawler, "-q", "-c", "10",
                       "--max-per-host", "10",
                       "http://127.0.0.1:%d/p/0.html" % port], timeout=300)
                sc = {}
                for line in open(stc):
                    f = line.split()
                    if (len(f) >= 5 and f[0][0].isdigit() and f[-1] != "total"
                            and re.match(r"^[a-z_][a-z_0-9]*$", f[-1])):
                        calls = int(f[3])
                        errs = int(f[4]) if len(f) == 6 else 0
                        sc[f[-1]] = (calls, errs)
                n = len(expected)
                rv = sc.get("recvfrom") or sc.get("read") or (0, 0)
                crawler_syscalls.append(
                    "Syscalls of the crawler at -c 10 (strace -c): %s. Per URL: %.2f recv "
                    "calls, of which %.2f fail with EAGAIN; %.2f select calls." % (
                        ", ".join("%s %s" % (k, "{:,}".format(v[0])) for k, v in
                                  sorted(sc.items(), key=lambda kv: -kv[1][0])[:6]),
                        rv[0] / n, rv[1] / n, (sc.get("pselect6") or sc.get("select") or (0, 0))[0] / n))
                if rv[1] / n > 1.5:
                    problems.append(
                        "**The crawler makes %.1f recv calls per URL, %.1f of them failing "
                        "with EAGAIN** (strace -c, -c 10: %s failed of %s). The socket "
                        "coroutines try the syscall before waiting, which pays off for "
                        "send but rarely for the recv right after a request is sent: the "
                        "answer cannot be there yet. Waiting for readability first after "
                        "a send would save about one syscall per URL.\n" % (
                            rv[0] / n, rv[1] / n, "{:,}".format(rv[1]), "{:,}".format(rv[0])))
            except (RuntimeError, OSError, ValueError) as e:
                log("   strace failed: %s" % e)
        crawl_all(crawler, port, site, expected, server, prof)
    finally:
        stop_server(srv, tmp)


def crawl_all(crawler, port, site, expected, server, crawler_profile):
    root = "http://127.0.0.1:%d/p/0.html" % port
    runs = 3
    # ab fetches one URL: the page whose size is the median of the pages'.
    sizes = sorted((os.path.getsize(os.path.join(site, "p", p)), p)
                   for p in os.listdir(os.path.join(site, "p")))
    ab_page = sizes[len(sizes) // 2]
    nurls = len(expected)
    res = {}
    wdir = os.path.join(OUT, "wget2")
    for c in (10, 100):
        # one host: --max-per-host as many as wget2's threads (its default, 2,
        # would cap the crawl at 2 connections); robots.txt stays on (404)
        variants = [("corogen crawler", [crawler, "-c", str(c), "--max-per-host", str(c),
                                         "--report", "tsv", root], "tsv")]
        if have("wget2"):
            variants.append(("wget2", ["wget2", "-q", "-r", "-l", "0", "--delete-after",
                                       "--robots=off", "--max-threads=%d" % c, "-P", wdir,
                                       "--stats-site=csv:" + os.path.join(OUT, "wget2.csv"), root],
                             "wget2"))
        variants.append(("Python asyncio (bench/pycrawl.py)",
                         [sys.executable, os.path.join(BENCH, "pycrawl.py"), "-c", str(c), root], "tsv"))
        if have("ab"):
            variants.append(("ab -k (one URL, %d bytes)" % ab_page[0],
                             ["ab", "-k", "-q", "-n", str(nurls), "-c", str(c),
                              "http://127.0.0.1:%d/p/%s" % (port, ab_page[1])], "ab"))
        for name, cmd, kind in variants:
            log("   %s -c %d" % (name, c))
            r = measure_client(name, cmd, kind, runs, wdir, expected)
            if r and kind == "ab":
                r = r[:4] + ("(one URL %d times)" % nurls,)
            res[(name, c)] = r
    crawl_results.update(res)
    if not have("wget2"):
        skip("wget2", "not installed")
    if not have("ab"):
        skip("ab", "not installed (apache2-utils)")
    rows = []
    for (name, c), r in res.items():
        if r is None:
            rows.append([name, c, "failed", None, None, None, None])
        else:
            rows.append([name, c, r[0], r[1], r[2], r[3], r[4]])
    text = ("Site: %d URLs (pages of 3–8 KB with 10–30 links, redirects, 404s, "
            "non-HTML files, off-host and non-HTTP links), served by %s on a "
            "loopback port; the client and the server share the 2 cores. pages/s = "
            "URLs fetched / wall time; CPU = the client's user+sys; RSS = the "
            "client's peak. Medians of %d runs. wget2 runs with `--delete-after` "
            "(GET only; `--spider` would send HEAD and GET per page). `ab` cannot "
            "take a URL list: it fetches the median-size page as many times as the "
            "site has URLs, the ceiling of one single-threaded client.\n\n" % (
                nurls, server, runs))
    text += table(["client", "concurrency", "pages / s", "CPU s / 1000 URLs",
                   "peak RSS MB", "URLs fetched", "exactly the expected set"], rows)
    me = "corogen crawler"
    for c in (10, 100):
        mine = res.get((me, c))
        if not mine:
            goals.append(("4. crawler at -c %d: no measurement" % c, "NOT met"))
            continue
        w = res.get(("wget2", c))
        if w:
            ok = mine[0] >= 1.25 * w[0] and mine[1] <= 0.5 * w[1]
            goals.append(("4. -c %d: ≥ 1.25× wget2's pages/s (%.2f×) with ≤ half its CPU per URL (%.2f×)" % (
                c, mine[0] / w[0], mine[1] / w[1]), verdict(ok)))
            summary.append(["4. crawler -c %d vs wget2" % c, "%.0f pages/s, %.3f CPU s/1000" % (mine[0], mine[1]),
                            "wget2 %.0f pages/s, %.3f CPU s/1000" % (w[0], w[1]),
                            "%.2f× rate, %.2f× CPU" % (mine[0] / w[0], mine[1] / w[1]),
                            "≥ 1.25× rate, ≤ 0.5× CPU", verdict(ok)])
        py = res.get(("Python asyncio (bench/pycrawl.py)", c))
        if py:
            r = mine[0] / py[0]
            goals.append(("4. -c %d: ≥ 10× the asyncio crawler's pages/s: %.1f×" % (c, r), verdict(r >= 10)))
            summary.append(["4. crawler -c %d vs asyncio" % c, "%.0f pages/s" % mine[0],
                            "asyncio %.0f pages/s" % py[0],
                            "%.1f× rate (%.1f× less CPU per URL)" % (r, py[1] / mine[1]),
                            "≥ 10×", verdict(r >= 10)])
        ab = [v for (n, cc_), v in res.items() if n.startswith("ab") and cc_ == c and v]
        if ab:
            r = mine[0] / ab[0][0]
            goals.append(("4. -c %d: ≥ 0.6× ab -k's rate: %.2f×" % (c, r), verdict(r >= 0.6)))
            summary.append(["4. crawler -c %d vs ab -k" % c, "%.0f pages/s" % mine[0],
                            "ab -k %.0f req/s" % ab[0][0], "%.2f×" % r, "≥ 0.6×", verdict(r >= 0.6)])
        ab_rate = ab[0][0] if ab else None
        if py and mine[0] / py[0] < 10 and mine[1] > 0:
            problems.append(
                "**Crawler -c %d: %.1f× the asyncio crawler's rate, short of 10×, but "
                "bound by the server, not by itself.** Its CPU is %.3f s per 1000 URLs "
                "(%.0f µs a URL: alone on a core it could do ~%.0f pages/s), %.1f× less "
                "than asyncio's; it reaches %s of what `ab -k` gets from the same "
                "nginx worker, which shares the 2 cores with the client. 10× asyncio "
                "here is %.0f pages/s%s.\n" % (
                    c, mine[0] / py[0], mine[1], mine[1] * 1000, 1000 / mine[1],
                    py[1] / mine[1], "%.2f×" % (mine[0] / ab_rate) if ab_rate else "?",
                    10 * py[0], ", above ab's %.0f" % ab_rate if ab_rate and 10 * py[0] > ab_rate else ""))
        if mine[4] != "yes":
            problems.append("**The crawler at -c %d did not fetch exactly the expected URL set: %s.**\n"
                            % (c, mine[4]))
    for line in crawler_syscalls:
        text += "\n" + line + "\n"
    if have("valgrind") and crawler_profile:
        text += ("\nWhere the crawler's instructions go (callgrind, -c 10, the whole "
                 "site; %s instructions, %.0f per URL):\n\n```\n%s\n```\n" % crawler_profile)
    sections.append(("4. Crawler", text))


# ---------------------------------------------------------------- 7

def m10_https():
    """Measurement 4's site over HTTPS: the crawler against wget2, both
    verifying nginx's certificate against a test CA."""
    log("10. crawler over HTTPS")
    crawler = os.path.join(ROOT, "build", "crawler")
    if not (os.path.exists(crawler) and have("nginx") and have("openssl")):
        skip("10. HTTPS crawl", "build/crawler, nginx or openssl missing")
        summary.append(["10. crawler over HTTPS", "skipped", "", "", "", "—"])
        return
    site, expected = bench_site()
    certs = os.path.join(OUT, "tls")
    shutil.rmtree(certs, ignore_errors=True)
    run(["sh", os.path.join(ROOT, "tests", "tls_certs.sh"), certs])
    ca = os.path.join(certs, "ca.pem")
    port = free_port()
    tmp = tempfile.mkdtemp(prefix="nginx-tls.", dir=OUT)
    conf = open(os.path.join(BENCH, "nginx_tls.conf.in")).read()
    for k, v in (("@PORT@", str(port)), ("@ROOT@", site), ("@TMP@", tmp), ("@CERTS@", certs)):
        conf = conf.replace(k, v)
    with open(os.path.join(tmp, "nginx.conf"), "w") as f:
        f.write(conf)
    srv = start_nginx(tmp)
    root = "https://127.0.0.1:%d/p/0.html" % port
    wdir = os.path.join(OUT, "wget2")
    res = {}
    runs = 3
    try:
        if not wait_port(port, srv):
            raise RuntimeError("nginx did not start on port %d" % port)
        for c in (10, 100):
            variants = [("corogen crawler", [crawler, "-c", str(c), "--ca-certificate", ca,
                                             "--report", "tsv", root], "tsv")]
            if have("wget2"):
                variants.append(("wget2", ["wget2", "-q", "-r", "-l", "0", "--delete-after",
                                           "--robots=off", "--max-threads=%d" % c, "-P", wdir,
                                           "--ca-certificate=" + ca, "--no-ocsp", "--no-hsts",
                                           "--stats-site=csv:" + os.path.join(OUT, "wget2.csv"),
                                           root], "wget2"))
            for name, cmd, kind in variants:
                log("   %s over HTTPS -c %d" % (name, c))
                res[(name, c)] = measure_client(name, cmd, kind, runs, wdir, expected)
    finally:
        stop_server(srv, tmp)
    if not have("wget2"):
        skip("wget2 over HTTPS", "not installed")
    rows = [[n, c] + (["failed"] + [None] * 4 if r is None else list(r))
            for (n, c), r in res.items()]
    text = ("Measurement 4's site (%d URLs) over HTTPS: the same nginx configuration "
            "with `listen ... ssl` and an EC P-256 certificate made by "
            "`tests/tls_certs.sh`; both clients verify it against the test CA "
            "(`--ca-certificate`; wget2 also `--no-ocsp --no-hsts`: no OCSP responder "
            "here). OpenSSL %s for the crawler, GnuTLS for wget2. Keep-alive: each "
            "client does one handshake per connection. Medians of %d runs.\n\n" % (
                len(expected), ssl_version(), runs))
    text += table(["client", "concurrency", "pages / s", "CPU s / 1000 URLs",
                   "peak RSS MB", "URLs fetched", "exactly the expected set"], rows)
    for c in (10, 100):
        mine, w = res.get(("corogen crawler", c)), res.get(("wget2", c))
        if not mine:
            goals.append(("10. crawler over HTTPS at -c %d: no measurement" % c, "NOT met"))
            continue
        plain = crawl_results.get(("corogen crawler", c))
        if plain:
            text += ("\nAt -c %d over HTTPS the crawler runs at %.2f× its plain-HTTP rate "
                     "(measurement 4: %.0f pages/s) and spends %.2f× its CPU per URL.\n" % (
                         c, mine[0] / plain[0], plain[0], mine[1] / plain[1] if plain[1] else 0))
        if w:
            summary.append(["10. crawler over HTTPS -c %d vs wget2 over HTTPS" % c,
                            "%.0f pages/s, %.3f CPU s/1000" % (mine[0], mine[1]),
                            "wget2 %.0f pages/s, %.3f CPU s/1000" % (w[0], w[1]),
                            "%.2f× rate, %.2f× CPU" % (mine[0] / w[0], mine[1] / w[1]),
                            "(no goal)", "—"])
        if mine[4] != "yes":
            problems.append("**The crawler over HTTPS at -c %d did not fetch exactly the "
                            "expected URL set: %s.**\n" % (c, mine[4]))
    sections.append(("10. Crawler over HTTPS", text))


def ssl_version():
    try:
        return run(["openssl", "version"]).split()[1]
    except (RuntimeError, OSError, IndexError):
        return "?"


# ---------------------------------------------------------------- report

def machine():
    model = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        rev = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
        # the results file itself (a previous run's) does not count
        if run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no", "--", ".",
                ":!bench/RESULTS.md"]).strip():
            rev += " (with uncommitted changes)"
    except (RuntimeError, OSError):
        rev = "?"
    return model, rev


def versions():
    v = []
    for cmd in (["cc", "--version"], ["g++", "--version"], ["valgrind", "--version"],
                ["nginx", "-v"], ["wget2", "--version"]):
        if not have(cmd[0]):
            continue
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        v.append(p.stdout.strip().splitlines()[0] if p.stdout.strip() else cmd[0])
    v.append("Python " + platform.python_version())
    return v


def write(model, rev, date, load0, partial):
    load1 = os.getloadavg()
    out = ["# corogen benchmark results", ""]
    if partial:
        out += ["*(partial: the run is still going or stopped early)*", ""]
    out += ["Machine: %d cores (`nproc`), %s; %s; commit %s; load average %.2f at the "
            "start, %.2f at the end (the machine is shared: figures are medians and "
            "ratios against references measured in the same run, instruction counts "
            "where a figure must be stable). Run took %.0f s. Written by "
            "`sh bench/run.sh`; bench/README.md says what each figure is." % (
                os.cpu_count(), model, date, rev, load0[0], load1[0],
                time.monotonic() - T_START), ""]
    out += ["## Summary", "",
            table(["measurement", "corogen", "reference", "ratio", "goal", "verdict"], summary)]
    out += ["## Goals", ""]
    for g, v in goals:
        out.append("- **%s** — %s" % (v, g))
    if skipped:
        out += ["", "## Skipped references", ""] + ["- " + s for s in skipped]
    for title, text in sorted(sections, key=lambda s: s[0]):
        out += ["", "## " + title, "", text.rstrip()]
    out += ["", "## Performance problems found", ""]
    if problems:
        for i, p in enumerate(problems, 1):
            out += ["%d. %s" % (i, p.rstrip()), ""]
    else:
        out.append("None above the goals.")
    if warnings:
        out += ["", "## Compiler warnings in bench programs", "", "```"] + warnings + ["```"]
    out += ["", "Tools: " + "; ".join(versions()), ""]
    with open(RESULTS, "w") as f:
        f.write("\n".join(out))


def main():
    if len(sys.argv) > 1:   # no options: the environment drives it (see the docstring)
        print(__doc__.strip())
        sys.exit(0 if sys.argv[1] in ("-h", "--help") else 2)
    os.makedirs(OUT, exist_ok=True)
    model, rev = machine()
    date = datetime.datetime.now().strftime("%Y-%m-%d %H:%M %Z").strip()
    load0 = os.getloadavg()
    log("machine: %d cores, %s, commit %s" % (os.cpu_count(), model, rev))
    steps = [("1", m1_resume), ("2", m2_delegation), ("3", m3_memory),
             ("6", m6_transpiler), ("5", m5_loop), ("7", m7_wakeup), ("8", m8_resolver), ("4", m4_crawler),
             ("10", m10_https), ("9", lambda: many_hosts.m9_many_hosts(sys.modules[__name__]))]
    for key, fn in steps:
        if key not in ONLY:
            continue
        try:
            fn()
        except Exception as e:    # one broken measurement must not lose the others
            log("measurement %s failed: %s" % (key, e))
            sections.append(("%s. (failed)" % key, "```\n%s\n```\n" % str(e)[:3000]))
            goals.append(("%s. measurement failed, see its section" % key, "NOT met"))
        write(model, rev, date, load0, partial=True)
    write(model, rev, date, load0, partial=False)
    for name in os.listdir(OUT):    # the profiles have been read
        if name.startswith("callgrind."):
            os.unlink(os.path.join(OUT, name))
    log("wrote %s" % os.path.relpath(RESULTS, ROOT))
    for g, v in goals:
        print("%-8s %s" % (v, g))
    for s in skipped:
        print(s)


main()
