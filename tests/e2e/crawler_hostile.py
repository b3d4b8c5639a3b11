#!/usr/bin/env python3
"""crawler_hostile.py — build/crawler against tests/e2e/hostile_server.py:
servers that hang, stall, stream forever, send megabytes of headers,
malformed status lines and chunks, lie in Content-Length, reset, loop
redirects and drop keep-alive connections between requests.

Asserts the exact tsv report (every hostile URL an `error` with its reason,
or its status; the normal pages among and behind them crawled), exit 0,
one summary line, and bounded wall and CPU time. CRAWLER=path runs another
build (e.g. a sanitized one)."""
import resource
import sys
import time

import fixture_server as fxs
import hostile_server as hs

TIMEOUT = 2.0          # --timeout for the crawls, seconds
WALL_LIMIT = 15.0      # the whole hostile crawl: a few timeouts, run concurrently
CPU_LIMIT = 3.0        # user + system seconds of the crawler for one crawl


def child_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run(name, args, failures):
    cpu0 = child_cpu()
    t0 = time.monotonic()
    rc, out, err = fxs.crawl(*args, timeout=60)
    wall = time.monotonic() - t0
    cpu = child_cpu() - cpu0
    if rc != 0:
        failures.append(f"{name}: exit status {rc}, stderr: {err.strip()[-2000:]}")
    if not err.startswith("crawler: ") or err.count("\n") != 1:
        failures.append(f"{name}: stderr is not one summary line: {err[-2000:]!r}")
    if cpu > CPU_LIMIT:
        failures.append(f"{name}: crawler used {cpu:.2f} s of CPU (limit {CPU_LIMIT})")
    return out, wall


def main():
    srv = hs.start()
    R = srv.url("")
    failures = []

    def ok(path, links):
        return f"{R}{path}\t200\t{len(hs.page(*links))}"

    try:
        # ---- the whole hostile site, concurrently ----
        want = [ok("/", hs.ROOT_LINKS)]
        want += [ok(p, links) for p, links in hs.NORMAL.items()]
        want += [ok(hs.CHUNKED_NORMAL, hs.CHUNKED_LINKS)]
        want += [hs.expected_line(R, p) for p in hs.HOSTILE]
        # --max-redirect 3: /redirect/endless/0 -> 1 -> 2 -> 3, whose target
        # is reported, not fetched.
        want += [f"{R}/redirect/endless/{n}\t307\t{R}/redirect/endless/{n + 1}" for n in range(4)]
        want.sort(key=lambda line: line.split("\t")[0].encode())
        args = ["--report", "tsv", "--timeout", str(TIMEOUT), "--max-body", "100000",
                "--max-tries", "2", "--max-redirect", "3", "-c", "10", R + "/"]
        out, wall = run("hostile crawl", args, failures)
        diff = fxs.compare_lines("hostile crawl", want, out.splitlines())
        if diff:
            failures.append(diff)
        if wall > WALL_LIMIT:
            failures.append(f"hostile crawl took {wall:.1f} s (limit {WALL_LIMIT})")
        for path in ("/hang", "/stall/body", "/trickle", "/lie/long-stall", "/endless/continue"):
            if srv.received(path) != 1:
                failures.append(f"{path} requested {srv.received(path)} times: "
                                "timeouts and bad responses are not retried")
        if srv.received("/redirect/endless/4") != 0:
            failures.append("--max-redirect 3: /redirect/endless/4 was fetched")
        for path in ("/redirect/loop/a", "/redirect/loop/b", "/redirect/self"):
            if srv.received(path) != 1:
                failures.append(f"redirect loop: {path} fetched {srv.received(path)} times")
        if srv.received("/reset/mid-body") != 2:
            failures.append(f"--max-tries 2: /reset/mid-body tried {srv.received('/reset/mid-body')} times")

        # ---- keep-alive connections the server drops between requests ----
        # One worker, so every request after the first goes out on a pooled
        # connection: each /ka page's connection is closed (or reset) when
        # the next request arrives, and that request must be resent on a
        # fresh connection without counting as a try; /lie/short's extra
        # bytes must not be taken for the next response.
        ka = [f"{R}/ka/\t200\t{len(hs.page(*hs.KA_PAGES, '/lie/short', '/page/3', '/behind/3'))}"]
        ka += [ok(p, []) for p in hs.KA_PAGES]
        ka += [hs.expected_line(R, "/lie/short"), ok("/page/3", hs.NORMAL["/page/3"]),
               ok("/behind/2", []), ok("/behind/3", [])]
        ka.sort(key=lambda line: line.split("\t")[0].encode())
        before = {p: srv.answered(p) for p in hs.KA_PAGES}
        out, wall = run("dropped keep-alive", ["--report", "tsv", "--timeout", str(TIMEOUT),
                                               "--max-tries", "1", "-c", "1", R + "/ka/"], failures)
        diff = fxs.compare_lines("dropped keep-alive", ka, out.splitlines())
        if diff:
            failures.append(diff)
        for p in hs.KA_PAGES:
            if srv.answered(p) - before[p] != 1:
                failures.append(f"{p} answered {srv.answered(p) - before[p]} times, want 1")
        if wall > TIMEOUT * 2:
            failures.append(f"dropped keep-alive crawl took {wall:.1f} s")
        # The text report: no retries, and the resends counted as such.
        out, _ = run("dropped keep-alive (text)", ["-q", "--timeout", str(TIMEOUT), "-c", "1",
                                                   R + "/ka/"], failures)
        if " 0 retries" not in out or " 0 stale resends" in out or "0 failed" not in out:
            failures.append(f"dropped keep-alive: want 0 retries, some stale resends, "
                            f"0 failed:\n{out}")
    finally:
        srv.close()
    for f in failures:
        print("FAILED", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
