#!/usr/bin/env python3
"""fixture_server.py — an HTTP/1.1 server with the crawler's test cases as
paths (the essay's tests, plus hostile ones), and helpers for the tests.

    python3 tests/e2e/fixture_server.py --serve   # prints the port, serves
    python3 tests/e2e/fixture_server.py           # self-check (the runner
                                                  # runs every e2e/*.py)

Tests import it: start() gives a running server on 127.0.0.1 (a thread of
the test process, so it dies with it); body(path) is the exact body a path
serves, for expected sizes; hits(path) counts requests, for --max-tries.
Shared by the e2e tests: free_port(), missing(), start_listening() / serving()
for a server child (build/httpd, python3 -m http.server) that names its
port, crawl_problems() / verdict() to judge crawls and end a test, and
check() / checks_verdict() for tests that report every failed check.
Python 3 standard library only.
"""
import contextlib
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CRAWLER = os.environ.get("CRAWLER") or os.path.join(ROOT, "build", "crawler")  # override: a sanitized build


def page(*hrefs, extra=""):
    links = "".join(f'<a href="{h}">link</a>\n' for h in hrefs)
    return f"<!doctype html>\n<html><body>\n{links}{extra}</body></html>\n".encode()


class Fixture:
    """The site. A route returns (status, headers, body) or does raw I/O."""

    def __init__(self):
        self.port = 0
        self.counts = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path):
        with self.lock:
            return self.counts.get(path, 0)

    def body(self, path):
        return self.route(path)[2]

    def route(self, path):
        p = self.port
        html = [("Content-Type", "text/html; charset=utf-8")]
        if path == "/ok":
            return 200, html, page()
        # link cycles: a -> b -> a, and a page linking to itself
        if path == "/cycle/a":
            return 200, html, page("b", "a", "/cycle/a#top", "./a")
        if path == "/cycle/b":
            return 200, html, page("a", "../cycle/b")
        # links the crawler must not follow
        if path == "/prohibited":
            return 200, html, page("http://other.invalid/x", f"http://127.0.0.1:{p + 1}/y",
                                   f"http://localhost:{p}/z", "https://127.0.0.1/s", "/ok")
        if path == "/nonhttp":
            return 200, html, page("mailto:someone@example.com", "javascript:void(0)",
                                   "ftp://127.0.0.1/f", "data:text/plain,x", "#only-fragment",
                                   "/ok")
        # the same URL written many ways is fetched once
        if path == "/dedupe":
            return 200, html, page("/ok", "ok", "./ok#frag", f"HTTP://127.0.0.1:{p}/ok",
                                   "/x/../ok", "/ok?", "/ok?q=1", "/ok?q=1#f")
        if path == "/ok?q=1":
            return 200, html, page()
        if path == "/ok?":
            return 200, html, page()
        # redirects
        if path == "/redirect/relative":
            return 302, [("Location", "../ok")], b""
        if path == "/redirect/absolute":
            return 301, [("Location", f"http://127.0.0.1:{p}/ok")], b"moved\n"
        if path == "/redirect/cycle1":
            return 302, [("Location", "/redirect/cycle2")], b""
        if path == "/redirect/cycle2":
            return 302, [("Location", "/redirect/cycle1")], b""
        if path.startswith("/redirect/chain/"):
            n = int(path.rsplit("/", 1)[1])
            if n == 0:
                return 200, html, page()
            return 307, [("Location", f"/redirect/chain/{n - 1}")], b""
        if path == "/redirect/other-host":
            return 302, [("Location", "http://other.invalid/landing")], b""
        if path == "/redirect/https":
            return 302, [("Location", "https://127.0.0.1/secure")], b""
        if path == "/redirect/to-links":
            return 303, [("Location", "/cycle/a")], b""
        # content types: only text/html is parsed for links
        if path == "/types":
            return 200, html, page("/types/plain.txt", "types/image.png", "/types/upper",
                                   "/types/none")
        if path == "/types/plain.txt":
            return 200, [("Content-Type", "text/plain")], b'<a href="/types/hidden1">no</a>\n'
        if path == "/types/image.png":
            return 200, [("Content-Type", "image/png")], b'\x89PNG<a href="/types/hidden2">'
        if path == "/types/upper":
            return 200, [("Content-Type", "TEXT/HTML; Charset=UTF-8")], page("/types/seen")
        if path == "/types/none":
            return 200, [], b'<a href="/types/hidden3">no</a>'
        if path == "/types/seen":
            return 200, html, page()
        # a 404 page is counted, never parsed
        if path == "/missing-linker":
            return 404, html, page("/types/hidden4")
        # --exclude
        if path == "/exclude/":
            return 200, html, page("keep", "skip-1", "skip-2", "sub/skip-3", "keep2")
        if path in ("/exclude/keep", "/exclude/keep2"):
            return 200, html, page()
        # --max-pages: a long chain of pages
        if path.startswith("/many/"):
            n = int(path.rsplit("/", 1)[1])
            return 200, html, page(f"{n + 1}", f"{n + 2}")
        if path == "/chunked":
            return 200, html + [("Transfer-Encoding", "chunked")], page("ok", "cycle/a")
        if path == "/chunked/no-trailer":   # what warcio 2.4's de-chunking can read
            return 200, html + [("Transfer-Encoding", "chunked")], page("../ok")
        if path == "/large":
            return 200, [("Content-Type", "text/plain")], b"x" * 100000
        return 404, [("Content-Type", "text/plain")], b"not found\n"

    # Paths that do their own I/O: name -> method of Handler.
    RAW = {
        "/drop": "drop",                  # reads the request, closes: no response
        "/stall": "stall",                # never answers
        "/stall-body": "stall_body",      # sends the head, then stalls
        "/bad/status": "bad_status",
        "/bad/huge-head": "huge_head",
        "/bad/chunk": "bad_chunk",
        "/bad/short": "short_body",
        "/stale/start": "stale_page",
    }


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # headers and body go out in separate writes
    fixture = None  # set by start()

    def log_message(self, *args):
        pass

    def do_GET(self):
        fx = self.fixture
        with fx.lock:
            fx.counts[self.path] = fx.counts.get(self.path, 0) + 1
        raw = Fixture.RAW.get(self.path)
        if raw is None and self.path.startswith("/stale/"):
            raw = "stale_page"
        if raw:
            getattr(self, raw)()
            return
        status, headers, body = fx.route(self.path)
        self.send_response(status)
        chunked = ("Transfer-Encoding", "chunked") in headers
        for k, v in headers:
            self.send_header(k, v)
        if not chunked:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if chunked:
            for i in range(0, len(body), 7):   # small uneven chunks
                piece = body[i:i + 7]
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(piece), piece))
            trailer = b"" if self.path.endswith("no-trailer") else b"X-Trailer: yes\r\n"
            self.wfile.write(b"0\r\n" + trailer + b"\r\n")
        else:
            self.wfile.write(body)

    def drop(self):
        self.close_connection = True

    def stall(self):
        self.fixture.stop.wait(30)
        self.close_connection = True

    def stall_body(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                         b"Content-Length: 1000\r\n\r\n<html>")
        self.wfile.flush()
        self.stall()

    def bad_status(self):
        self.wfile.write(b"HTTP/1.1 two hundred OK\r\n\r\n")
        self.close_connection = True

    def huge_head(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for i in range(2000):
            self.wfile.write(b"X-Filler-%d: %s\r\n" % (i, b"y" * 40))
        self.wfile.write(b"Content-Length: 0\r\n\r\n")
        self.close_connection = True

    def bad_chunk(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        self.close_connection = True

    def short_body(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this")
        self.close_connection = True

    def stale_page(self):
        """A keep-alive response (no Connection: close), then the server
        closes anyway: the next request on this connection meets a stale
        connection."""
        if self.path == "/stale/start":
            body = page(*[f"/stale/{i}" for i in range(1, 6)])
        else:
            body = page()
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.wfile.flush()
        self.close_connection = True


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass   # the crawler hanging up on a hostile path is expected


def start():
    """A running fixture on a free loopback port."""
    fx = Fixture()
    handler = type("BoundHandler", (Handler,), {"fixture": fx})
    srv = Server(("127.0.0.1", 0), handler)
    fx.port = srv.server_address[1]
    fx.server = srv
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return fx


def stop(fx):
    fx.stop.set()
    fx.server.shutdown()
    fx.server.server_close()


def crawl(*args, timeout=60):
    """Run build/crawler; returns (exit status, stdout, stderr) as text."""
    p = subprocess.run([CRAWLER, *args], capture_output=True, timeout=timeout, cwd=ROOT)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def free_port():
    """A loopback port free right now (for servers that cannot bind port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def missing(*paths):
    """True, after a FAIL line on stderr, when a program a test needs is not
    there (a missing tool is a failure, never a skip)."""
    gone = [p for p in paths if not os.path.exists(p)]
    if gone:
        print(f"FAIL: {', '.join(gone)} missing; run make", file=sys.stderr)
    return bool(gone)


# build/httpd's first line on stdout, once it listens (-p 0: the port it got).
HTTPD_LISTENING = r"listening on http://127\.0\.0\.1:(\d+)/$"


def start_listening(cmd, pattern=HTTPD_LISTENING, stderr=subprocess.DEVNULL):
    """Start a server that names its port in its first line of stdout
    (build/httpd -p 0, python3 -m http.server 0): returns (process, port).
    stderr=subprocess.PIPE keeps the server's stderr for the caller to read.
    On any other first line the server is killed and RuntimeError says what
    it printed."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr)
    line = p.stdout.readline().decode(errors="replace").strip()
    m = re.search(pattern, line)
    if not m:
        p.kill()
        _, err = p.communicate()
        raise RuntimeError(f"{cmd[0]} did not start: {line!r} {err or b''!r}")
    return p, int(m.group(1))


@contextlib.contextmanager
def serving(cmd, pattern=HTTPD_LISTENING):
    """start_listening() for a with block: yields the port; the server is
    killed when the block is left, however it is left."""
    p, port = start_listening(cmd, pattern)
    try:
        yield port
    finally:
        p.kill()
        p.wait()


def compare_lines(name, want, got):
    """'' if equal, else a readable difference."""
    if want == got:
        return ""
    out = [f"{name}: tsv report differs"]
    for w in want:
        if w not in got:
            out.append(f"  missing:    {w!r}")
    for g in got:
        if g not in want:
            out.append(f"  unexpected: {g!r}")
    if len(out) == 1:
        out.append(f"  order differs:\n    want {want}\n    got  {got}")
    return "\n".join(out)


def crawl_problems(name, rc, err, want, got):
    """What is wrong with a crawl that should exit 0 with the report lines
    `want` (got: the lines it printed); [] when nothing is."""
    problems = [f"{name}: exit status {rc}: {err}"] if rc != 0 else []
    diff = compare_lines(name, want, got)
    return problems + [diff] if diff else problems


def verdict(problems):
    """Print each problem; the test's exit status."""
    for p in problems:
        print("FAILED", p)
    return 1 if problems else 0


# check() and checks_verdict(): for the tests that go on after a failed
# check, to report every one.
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def checks_verdict(name):
    """The test's exit status after its check() calls."""
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print(f"{name}: ok")
    return 0


def self_check():
    fx = start()
    try:
        with socket.create_connection(("127.0.0.1", fx.port), timeout=5) as s:
            s.sendall(b"GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(0.2)
            data = s.recv(65536)
        if not data.startswith(b"HTTP/1.1 200") or fx.hits("/ok") != 1:
            print("fixture self-check failed:", data[:100])
            return 1
        return 0
    finally:
        stop(fx)


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        fx = start()
        print(fx.port, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        sys.exit(0)
    sys.exit(self_check())
