#!/usr/bin/env python3
"""crawler_cases.py — the crawler against tests/e2e/fixture_server.py:
each case asserts the whole tsv report line by line, the exit status, and
where it matters how often the server saw a path (--max-tries, timeouts,
stale keep-alive connections)."""
import socket
import sys
import time

import fixture_server as fxs


def main():
    fx = fxs.start()
    R = fx.url("")

    def ok(path, status=200):
        return f"{R}{path}\t{status}\t{len(fx.body(path))}"

    def redirect(path, status, target):
        return f"{R}{path}\t{status}\t{target}"

    def error(path, reason, root=R):
        return f"{root}{path}\terror\t{reason}"

    # A port nobody listens on: bind, read it, close.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed_port = s.getsockname()[1]
    s.close()
    CLOSED = f"http://127.0.0.1:{closed_port}"

    cases = [
        # (name, arguments, expected tsv lines in byte order, {path: hits})
        ("link cycle", [R + "/cycle/a"],
         [ok("/cycle/a"), ok("/cycle/b")], {"/cycle/a": 1, "/cycle/b": 1}),
        ("prohibited hosts", [R + "/prohibited"],
         [ok("/ok"), ok("/prohibited")], {}),
        ("non-http links", [R + "/nonhttp"],
         [ok("/nonhttp"), ok("/ok")], {}),
        ("one fetch per URL however written", [R + "/dedupe"],
         [ok("/dedupe"), ok("/ok"), ok("/ok?"), ok("/ok?q=1")], {"/ok": 1}),
        ("redirects", [R + "/redirect/relative", R + "/redirect/absolute",
                       R + "/redirect/cycle1", R + "/redirect/other-host",
                       R + "/redirect/https", R + "/redirect/to-links"],
         [ok("/cycle/a"), ok("/cycle/b"), ok("/ok"),
          redirect("/redirect/absolute", 301, R + "/ok"),
          redirect("/redirect/cycle1", 302, R + "/redirect/cycle2"),
          redirect("/redirect/cycle2", 302, R + "/redirect/cycle1"),
          redirect("/redirect/https", 302, "https://127.0.0.1/secure"),
          redirect("/redirect/other-host", 302, "http://other.invalid/landing"),
          redirect("/redirect/relative", 302, R + "/ok"),
          redirect("/redirect/to-links", 303, R + "/cycle/a")],
         {"/ok": 1, "/redirect/cycle1": 1, "/redirect/cycle2": 1}),
        ("redirect chain longer than --max-redirect",
         ["--max-redirect", "2", R + "/redirect/chain/5"],
         [redirect("/redirect/chain/3", 307, R + "/redirect/chain/2"),
          redirect("/redirect/chain/4", 307, R + "/redirect/chain/3"),
          redirect("/redirect/chain/5", 307, R + "/redirect/chain/4")],
         {"/redirect/chain/2": 0}),
        ("redirect chain within --max-redirect",
         ["--max-redirect=3", R + "/redirect/chain/3"],
         [ok("/redirect/chain/0"),
          redirect("/redirect/chain/1", 307, R + "/redirect/chain/0"),
          redirect("/redirect/chain/2", 307, R + "/redirect/chain/1"),
          redirect("/redirect/chain/3", 307, R + "/redirect/chain/2")], {}),
        ("content types and 404s", [R + "/types", R + "/missing-linker", R + "/nowhere"],
         [ok("/missing-linker", 404), ok("/nowhere", 404), ok("/types"),
          ok("/types/image.png"), ok("/types/none"), ok("/types/plain.txt"),
          ok("/types/seen"), ok("/types/upper")],
         {"/types/hidden1": 0, "/types/hidden2": 0, "/types/hidden3": 0,
          "/types/hidden4": 0}),
        ("--exclude", ["--exclude", "skip-[0-9]$", R + "/exclude/"],
         [ok("/exclude/"), ok("/exclude/keep"), ok("/exclude/keep2")],
         {"/exclude/skip-1": 0}),
        ("--max-pages", ["--max-pages", "5", R + "/many/0"],
         [ok(f"/many/{i}") for i in range(5)], {"/many/5": 0}),
        ("chunked body", ["-c", "1", R + "/chunked"],
         [ok("/chunked"), ok("/cycle/a"), ok("/cycle/b"), ok("/ok")], {}),
        # --no-robots: a robots.txt request first would leave a kept-alive
        # connection, and a drop on a reused connection is a stale resend.
        ("--max-tries on a dropped connection", ["--no-robots", "--max-tries", "3", R + "/drop"],
         [error("/drop", "connection closed before response")], {"/drop": 3}),
        ("connection refused", ["--no-robots", "--max-tries", "2", CLOSED + "/x"],
         [error("/x", "connection refused", CLOSED)], {}),
        # RFC 9309: robots.txt unreachable means disallow all
        ("connection refused, robots on", ["--max-tries", "2", CLOSED + "/x"],
         [error("/x", "disallowed by robots.txt (robots.txt unreachable: connection refused)",
                CLOSED)], {}),
        ("--timeout", ["--timeout", "0.5", R + "/stall", R + "/stall-body"],
         [error("/stall", "timed out"), error("/stall-body", "timed out")],
         {"/stall": 1, "/stall-body": 1}),
        ("hostile responses",
         ["--max-tries", "2", "--max-body", "1000", R + "/bad/status",
          R + "/bad/huge-head", R + "/bad/chunk", R + "/bad/short", R + "/large"],
         [error("/bad/chunk", "bad chunk size"),
          error("/bad/huge-head", "header block too large"),
          error("/bad/short", "connection closed before end of message"),
          error("/bad/status", "malformed status line"),
          error("/large", "body too large")],
         {"/bad/status": 1, "/bad/short": 2}),
        ("stale keep-alive connections", ["-c", "1", R + "/stale/start"],
         [f"{R}/stale/{i}\t200\t{len(fxs.page())}" for i in range(1, 6)]
         + [f"{R}/stale/start\t200\t{stale_start_size()}"],
         {f"/stale/{i}": 1 for i in range(1, 6)}),
        ("several roots", ["-c", "3", R + "/ok", R + "/cycle/b", R + "/ok"],
         [ok("/cycle/a"), ok("/cycle/b"), ok("/ok")], {"/ok": 1}),
    ]

    failures = []
    try:
        for name, args, want, hits in cases:
            before = {p: fx.hits(p) for p in hits}
            start = time.monotonic()
            rc, out, err = fxs.crawl("--report", "tsv", *args)
            took = time.monotonic() - start
            problems = []
            if rc != 0:
                problems.append(f"exit status {rc}, stderr: {err.strip()}")
            diff = fxs.compare_lines(name, want, out.splitlines())
            if diff:
                problems.append(diff)
            for path, n in hits.items():
                got = fx.hits(path) - before[path]
                if got != n:
                    problems.append(f"server saw {path} {got} times, expected {n}")
            if not err.startswith("crawler: ") or err.count("\n") != 1:
                problems.append(f"stderr is not one summary line: {err!r}")
            if took > 10:
                problems.append(f"took {took:.1f}s")
            if problems:
                failures.append(f"FAILED {name} ({' '.join(args)}):\n  " +
                                "\n  ".join(problems))
        failures += text_report_checks(fx)
    finally:
        fxs.stop(fx)
    for f in failures:
        print(f)
    return 1 if failures else 0


def stale_start_size():
    return len(fxs.page(*[f"/stale/{i}" for i in range(1, 6)]))


def text_report_checks(fx):
    """The text report: a line per URL, totals, counters; -q: totals only."""
    out = []
    rc, text, err = fxs.crawl("-c", "1", fx.url("/stale/start"))
    if rc != 0 or f"200   {fx.url('/stale/1')}  44 bytes, 0 links, 0 new" not in text:
        out.append(f"FAILED text report:\n{text}{err}")
    if "by status: 200: 6, error: 0" not in text or "5 stale resends" not in text:
        out.append(f"FAILED text report totals:\n{text}")
    if "pages/s" not in text:
        out.append(f"FAILED text report: no rate line\n{text}")
    rc, text, err = fxs.crawl("-q", fx.url("/cycle/a"))
    if rc != 0 or "/cycle/a" in text or "2 URLs: 2 fetched, 0 failed" not in text:
        out.append(f"FAILED -q text report:\n{text}{err}")
    rc, text, err = fxs.crawl("-q", "--report", "tsv", fx.url("/cycle/a"))
    if rc != 0 or text != "" or "2 URLs" not in err:
        out.append(f"FAILED -q tsv report: {text!r} {err!r}")
    return out


if __name__ == "__main__":
    sys.exit(main())
