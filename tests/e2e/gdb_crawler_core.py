#!/usr/bin/env python3
"""gdb_crawler_core.py — `co tasks` on a core file of build/crawler stuck on
a stalling server (tests/e2e/fixture_server.py: /stall never answers,
/stall-body sends a head and stalls).

The crawler runs with -c 3 on the two stalling roots: two workers wait in
crawl_fetch, the third in the queue. Once the server has seen both
requests, the crawler is killed with SIGABRT and dumps core into a
temporary directory (when /proc/sys/kernel/core_pattern is a plain file
name); where cores go elsewhere (a pipe to a collector, another
directory), gdb's `gcore` saves one from the live process instead.

Asserts that gdb, with nothing but the program and the core (no process:
memory reads only), lists the three worker tasks, each waiting on a
future, each chain starting at worker() on the crawler.co line it waits
at: the `yield from crawl_fetch` for two, the queue's `yield next` for
one; the fetching ones go down to co_wait_fd in runtime/net.co."""
import glob
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import fixture_server as fxs

ROOT = fxs.ROOT
CRAWLER = os.path.join(ROOT, "build", "crawler")
WORKERS = 3


def source_line(path, needle):
    for i, text in enumerate(open(os.path.join(ROOT, path)), 1):
        if needle in text:
            return i
    sys.exit(f"gdb_crawler_core: {needle!r} not found in {path}")


def start_crawler(fx, cwd):
    def core_limit():
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    return subprocess.Popen([CRAWLER, "-c", str(WORKERS), "--timeout", "60",
                             fx.url("/stall"), fx.url("/stall-body")],
                            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=core_limit)


def wait_stuck(fx, proc):
    deadline = time.monotonic() + 20
    while fx.hits("/stall") < 1 or fx.hits("/stall-body") < 1:
        if time.monotonic() > deadline or proc.poll() is not None:
            sys.exit("gdb_crawler_core: the crawler never reached both stalling pages")
        time.sleep(0.05)
    time.sleep(0.3)   # let both workers get back into select()


def core_by_abort(fx, tmp):
    """SIGABRT with a core in `tmp`, if the kernel writes cores there."""
    try:
        pattern = open("/proc/sys/kernel/core_pattern").read().strip()
    except OSError:
        return None
    if not pattern or pattern.startswith("|") or "/" in pattern:
        return None
    proc = start_crawler(fx, tmp)
    try:
        wait_stuck(fx, proc)
        proc.send_signal(signal.SIGABRT)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    for _ in range(40):   # the kernel finishes writing after the exit
        cores = [c for c in glob.glob(os.path.join(tmp, pattern.split("%")[0] + "*"))
                 if os.path.isfile(c)]
        if cores:
            return cores[0]
        time.sleep(0.05)
    return None


def core_by_gcore(fx, tmp):
    proc = start_crawler(fx, tmp)
    core = os.path.join(tmp, "crawler.gcore")
    try:
        wait_stuck(fx, proc)
        p = subprocess.run(["gdb", "-nx", "-q", "-batch", "-p", str(proc.pid), "-ex", f"gcore {core}"],
                           capture_output=True, timeout=60)
        if not os.path.exists(core):
            sys.exit("gdb_crawler_core: gcore failed:\n" + p.stderr.decode(errors="replace"))
    finally:
        proc.kill()
        proc.wait()
    return core


def main():
    if not shutil.which("gdb"):
        sys.exit("gdb_crawler_core: gdb is not installed (.ci/ensure-tools.sh --test installs it)")
    fetch_line = source_line("examples/crawler.co", "yield from crawl_fetch(&c->pool, &c->fetch,")
    queue_line = source_line("examples/crawler.co", "yield next;")
    fx = fxs.start()
    try:
        with tempfile.TemporaryDirectory(prefix="corogen-core-") as tmp:
            core = core_by_abort(fx, tmp)
            how = "SIGABRT core"
            if core is None:
                core, how = core_by_gcore(fx, tmp), "gcore"
            p = subprocess.run(["gdb", "-nx", "-q", "-batch", "-iex",
                                f"add-auto-load-safe-path {os.path.dirname(CRAWLER)}",
                                "-ex", "co tasks", CRAWLER, core],
                               capture_output=True, timeout=120, cwd=ROOT)
            out = p.stdout.decode(errors="replace")
    finally:
        fxs.stop(fx)
    tasks = re.split(r"^(?=task 0x)", out, flags=re.M)[1:]
    failures = []
    if not re.search(r"^loop 0x[0-9a-f]+: %d live task\(s\)$" % WORKERS, out, re.M):
        failures.append(f"no loop line with {WORKERS} live tasks")
    if len(tasks) != WORKERS:
        failures.append(f"{len(tasks)} tasks listed, want {WORKERS}")
    at = {fetch_line: 0, queue_line: 0}
    for t in tasks:
        if not re.match(r"task 0x[0-9a-f]+: waiting on future 0x[0-9a-f]+ \(pending", t):
            failures.append("a task is not waiting on a pending future:\n" + t)
        frames = re.findall(r"^  #(\d+)\s+(\w+)\(.*\) at (\S+):(\d+)$", t, re.M)
        if not frames or frames[0][1:3] != ("worker", "examples/crawler.co"):
            failures.append("a task's chain does not start at worker() in crawler.co:\n" + t)
            continue
        line = int(frames[0][3])
        if line not in at:
            failures.append(f"a worker waits at crawler.co:{line}, not {fetch_line} or {queue_line}:\n" + t)
            continue
        at[line] += 1
        if line == fetch_line and frames[-1][1:3] != ("co_wait_fd", "runtime/net.co"):
            failures.append("a fetching worker's innermost frame is not co_wait_fd:\n" + t)
    if at != {fetch_line: 2, queue_line: 1}:
        failures.append(f"workers by line: {at}, want 2 at {fetch_line} and 1 at {queue_line}")
    if failures:
        sys.exit(f"gdb_crawler_core ({how}):\n" + "\n".join(failures) + "\n--- gdb said:\n"
                 + out[-4000:] + p.stderr.decode(errors="replace")[-2000:])
    print(f"gdb_crawler_core: ok ({how})")


if __name__ == "__main__":
    main()
