#!/usr/bin/env python3
"""crawler_robots.py — robots.txt as the crawler honours it (RFC 9309),
against small sites served by this script, one per loopback port:

- rules: user-agent groups (our product token in any case, `*` for
  others, --user-agent choosing another group), longest match with Allow
  winning a tie, `*` and `$`, percent-encoding, Crawl-delay spacing the
  requests; the exact tsv report and the paths the server never saw;
- robots.txt answering 404 (allow all), 500 (disallow all), not at all
  (a stalled answer: --timeout, then disallow all), redirected (followed,
  up to 5), larger than 500 KiB (rules past the cap ignored);
- --no-robots: robots.txt never requested, everything fetched.
Each site counts its requests and their arrival times.
"""
import http.server
import sys
import threading
import time

import fixture_server as fxs

NOT_FOUND = b"not here\n"


def page(*hrefs):
    return fxs.page(*hrefs)


RULES = b"""# test robots.txt
User-agent: *
Disallow: /

User-agent: OtherBot
Disallow: /private/
Disallow: /a.php

User-Agent: COROGEN-CRAWLER
Disallow: /private/
Allow: /private/open$
Disallow: /*.php$
Disallow: /*?session=
Disallow: /caf%c3%a9
Allow: /tie
Disallow: /tie
Disallow: /%7Euser/
Crawl-delay: 0.2
"""
RULES_LINKS = ["/private/x", "/private/open", "/private/open/more", "/a.php",
               "/a.php?x=1", "/list?session=3", "/list?page=2", "/caf%C3%A9",
               "/cafe", "/tie", "/~user/home", "/public/page"]

BIG = b"User-agent: *\nDisallow: /early\n" + b"# padding padding padding\n" * 24000 \
    + b"Disallow: /late\n"   # about 600 KiB: /late is past the 500 KiB read


class Site:
    """One origin. routes: path -> (status, headers, body) or 'stall'."""

    def __init__(self, routes):
        self.routes = routes
        self.log = []            # (path, arrival time)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        handler = type("H", (Handler,), {"site": self})
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.root = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hits(self, path):
        with self.lock:
            return sum(1 for p, _ in self.log if p == path)

    def reset(self):
        with self.lock:
            self.log.clear()

    def close(self):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        s = self.site
        with s.lock:
            s.log.append((self.path, time.monotonic()))
        r = s.routes.get(self.path)
        if r == "stall":
            s.stop.wait(5)
            self.close_connection = True
            return
        if r is None:
            r = (404, "text/plain", NOT_FOUND)
        status, ctype, body = r[:3]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in r[3:]:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)


def html(body):
    return (200, "text/html", body)


def text(body):
    return (200, "text/plain", body)


def redirect(to):
    return (301, "text/plain", b"moved\n", ("Location", to))


def main():
    failures = []
    sites = []

    def site(routes):
        s = Site(routes)
        sites.append(s)
        return s

    rules = site({"/": html(page(*RULES_LINKS)), "/robots.txt": text(RULES),
                  **{p: html(page()) for p in RULES_LINKS}})
    missing = site({"/": html(page("/a", "/b")), "/a": html(page()), "/b": html(page())})
    broken = site({"/": html(page("/a")), "/a": html(page()),
                   "/robots.txt": (500, "text/plain", b"oops\n")})
    stalled = site({"/": html(page("/a")), "/robots.txt": "stall"})
    moved = site({"/": html(page("/secret", "/open")), "/secret": html(page()),
                  "/open": html(page()), "/robots.txt": redirect("/r1"),
                  "/r1": redirect("/real-robots.txt"),
                  "/real-robots.txt": text(b"User-agent: *\nDisallow: /secret\n")})
    looped = site({"/": html(page("/secret")), "/secret": html(page()),
                   **{f"/r{i}": redirect(f"/r{i + 1}") for i in range(10)},
                   "/robots.txt": redirect("/r0"),
                   "/r10": text(b"User-agent: *\nDisallow: /\n")})
    big = site({"/": html(page("/early", "/late")), "/early": html(page()),
                "/late": html(page()), "/robots.txt": text(BIG)})

    def ok(s, path, body=None):
        b = body if body is not None else s.routes[path][2]
        return f"{s.root}{path}\t200\t{len(b)}"

    def denied(s, path, why="disallowed by robots.txt"):
        return f"{s.root}{path}\terror\t{why}"

    R = rules
    cases = [
        # (name, site, extra args, expected lines, paths never requested, robots.txt hits)
        ("rules for our token", R, ["-c", "4", "--max-per-host", "4"],
         [ok(R, "/"), ok(R, "/a.php?x=1"), denied(R, "/a.php"), denied(R, "/caf%C3%A9"),
          ok(R, "/cafe"), ok(R, "/list?page=2"), denied(R, "/list?session=3"),
          ok(R, "/private/open"), denied(R, "/private/open/more"), denied(R, "/private/x"),
          ok(R, "/public/page"), ok(R, "/tie"), denied(R, "/~user/home")],
         ["/private/x", "/private/open/more", "/a.php", "/list?session=3", "/caf%C3%A9",
          "/~user/home"], 1),
        ("--user-agent picks another group", R, ["--user-agent", "otherbot/2.0 (+x)"],
         [ok(R, "/"), denied(R, "/a.php?x=1"), denied(R, "/a.php"), ok(R, "/caf%C3%A9"),
          ok(R, "/cafe"), ok(R, "/list?page=2"), ok(R, "/list?session=3"),
          denied(R, "/private/open"), denied(R, "/private/open/more"), denied(R, "/private/x"),
          ok(R, "/public/page"), ok(R, "/tie"), ok(R, "/~user/home")],
         ["/private/x", "/a.php", "/a.php?x=1", "/private/open"], 1),
        ("the * group", R, ["--user-agent", "Nobody"], [denied(R, "/")], ["/"], 1),
        ("robots.txt 404: allow all", missing, [],
         [ok(missing, "/"), ok(missing, "/a"), ok(missing, "/b")], [], 1),
        ("robots.txt 500: disallow all", broken, [],
         [denied(broken, "/", "disallowed by robots.txt (robots.txt answered 500)")],
         ["/", "/a"], 1),
        ("robots.txt not answered: disallow all", stalled, ["--timeout", "0.5"],
         [denied(stalled, "/", "disallowed by robots.txt (robots.txt unreachable: timed out)")],
         ["/"], 1),
        ("robots.txt redirected", moved, [],
         [ok(moved, "/"), ok(moved, "/open"), denied(moved, "/secret")], ["/secret"], 1),
        ("more than 5 redirects: allow all", looped, [],
         [ok(looped, "/"), ok(looped, "/secret")], ["/r5", "/r10"], 1),
        ("500 KiB cap", big, [],
         [denied(big, "/early"), ok(big, "/"), ok(big, "/late")], ["/early"], 1),
        ("--no-robots", broken, ["--no-robots"],
         [ok(broken, "/"), ok(broken, "/a")], [], 0),
    ]
    try:
        for name, s, args, want, never, robots_hits in cases:
            s.reset()
            start = time.monotonic()
            rc, out, err = fxs.crawl("--report", "tsv", *args, s.root + "/")
            took = time.monotonic() - start
            problems = []
            if rc != 0:
                problems.append(f"exit status {rc}, stderr: {err.strip()}")
            diff = fxs.compare_lines(name, sorted(want), out.splitlines())
            if diff:
                problems.append(diff)
            for p in never:
                if s.hits(p):
                    problems.append(f"server saw {p} {s.hits(p)} times, expected never")
            if s.hits("/robots.txt") != robots_hits:
                problems.append(f"server saw /robots.txt {s.hits('/robots.txt')} times, "
                                f"expected {robots_hits}")
            if took > 10:
                problems.append(f"took {took:.1f}s")
            if name == "rules for our token":
                # Crawl-delay 0.2 s: requests start at least that far apart,
                # even with 4 allowed in flight. This server logs a request
                # when its thread gets to it, late by a few ms on a busy
                # machine: each gap may look up to 30 ms short, never the sum.
                times = [t for _, t in R.log]
                gaps = [b - a for a, b in zip(times, times[1:])]
                if len(times) < 8 or min(gaps) < 0.17 or \
                        times[-1] - times[0] < 0.2 * (len(times) - 1) - 0.03:
                    problems.append(f"Crawl-delay 0.2 not respected: gaps {gaps}")
            if problems:
                failures.append(f"FAILED {name}:\n  " + "\n  ".join(problems))
    finally:
        for s in sites:
            s.close()
    for f in failures:
        print(f)
    if not failures:
        print(f"crawler_robots: {len(cases)} cases passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
