#!/usr/bin/env python3
"""build/httpd over raw sockets: keep-alive, Connection: close, HTTP/1.0,
pipelining, 404, 405, 301, HEAD, content types, traversal, oversized and
garbage requests, slow and vanishing clients, many clients at once, and a
clean exit on SIGTERM. Run from the repo root after make; exit 0 = pass."""
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import fixture_server as fxs
from fixture_server import check

HTTPD = "build/httpd"
IDLE = 2          # --idle-timeout for this run, seconds


def make_site(root):
    files = {
        "index.html": b"<html><body><a href=\"a.txt\">a</a></body></html>\n",
        "a.txt": b"plain text\n",
        "style.css": b"body{}\n",
        "logo.png": b"\x89PNG\r\n\x1a\n" + bytes(range(64)),
        "blob.unknownext": b"\x00\x01\x02",
        "sub/index.html": b"<p>sub</p>\n",
        "noindex/file.txt": b"x\n",
        "big.bin": os.urandom(1024) * (8 * 1024),   # 8 MiB: outlasts socket buffers
        "with space.txt": b"spaced\n",
    }
    for name, data in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    return files


def connect(port, timeout=5):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    s.settimeout(timeout)
    return s


class Reader:
    """Reads HTTP/1.1 responses (Content-Length framed) off one socket."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def response(self, head_only=False):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        n = 0 if head_only else int(headers.get("content-length", "0"))
        while len(self.buf) < n:
            self._fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, headers, body

    def closed(self):
        """True if the server closes the connection (EOF) with nothing more."""
        try:
            data = self.sock.recv(1)
        except (ConnectionResetError, socket.timeout):
            return False
        return data == b"" and self.buf == b""


def request(port, raw, head_only=False):
    with connect(port) as s:
        s.sendall(raw)
        return Reader(s).response(head_only)


def get(port, target, extra=""):
    return request(port, f"GET {target} HTTP/1.1\r\nHost: x\r\n{extra}\r\n".encode())


def test_basics(port, files):
    status, h, body = get(port, "/")
    check(status == 200 and body == files["index.html"], "GET / serves index.html")
    check(h.get("content-type", "").startswith("text/html"), "index.html is text/html")
    check(h.get("content-length") == str(len(files["index.html"])), "Content-Length of /")

    for name, ctype in (("a.txt", "text/plain"), ("style.css", "text/css"),
                        ("logo.png", "image/png"),
                        ("blob.unknownext", "application/octet-stream")):
        status, h, body = get(port, "/" + name)
        check(status == 200 and body == files[name], f"GET /{name} body")
        check(h.get("content-type", "").split(";")[0] == ctype,
              f"/{name} has Content-Type {ctype}, got {h.get('content-type')}")

    status, h, body = get(port, "/with%20space.txt")
    check(status == 200 and body == files["with space.txt"], "percent-decoded file name")

    status, h, body = get(port, "/missing.html")
    check(status == 404, f"missing file gives 404, got {status}")

    status, h, body = get(port, "/sub")
    check(status == 301 and h.get("location") == "/sub/",
          f"directory without slash gives 301 to /sub/, got {status} {h.get('location')}")
    status, h, body = get(port, "/sub?x=1")
    check(status == 301 and h.get("location") == "/sub/?x=1", "301 keeps the query")
    status, h, body = get(port, "/sub/")
    check(status == 200 and body == files["sub/index.html"], "directory serves its index.html")
    status, h, body = get(port, "/noindex/")
    check(status == 404, f"directory without index.html gives 404, got {status}")

    status, h, body = request(port, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
    check(status == 405 and "GET" in h.get("allow", "") and "HEAD" in h.get("allow", ""),
          f"POST gives 405 with Allow, got {status} {h}")
    status, h, body = request(port, b"DELETE /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
    check(status == 405, "DELETE gives 405")


def test_head(port, files):
    with connect(port) as s:
        r = Reader(s)
        s.sendall(b"HEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        status, h, _ = r.response(head_only=True)
        check(status == 200 and h.get("content-length") == str(len(files["a.txt"])),
              "HEAD has the GET Content-Length")
        s.sendall(b"GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n")
        status, h, body = r.response()
        check(status == 200 and body == files["style.css"],
              "HEAD sent no body: the next response follows directly")


def test_keep_alive(port, files):
    with connect(port) as s:
        r = Reader(s)
        for name in ("a.txt", "style.css"):
            s.sendall(f"GET /{name} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            status, h, body = r.response()
            check(status == 200 and body == files[name], f"keep-alive request for {name}")
        # Pipelined: two requests in one packet, two responses in order.
        s.sendall(b"GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /logo.png HTTP/1.1\r\nHost: x\r\n\r\n")
        check(r.response()[2] == files["a.txt"], "pipelined first response")
        check(r.response()[2] == files["logo.png"], "pipelined second response")
        s.sendall(b"GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        status, h, body = r.response()
        check(status == 200 and h.get("connection", "").lower() == "close",
              "Connection: close is answered with Connection: close")
        check(r.closed(), "server closes after Connection: close")

    with connect(port) as s:
        r = Reader(s)
        s.sendall(b"GET /a.txt HTTP/1.0\r\n\r\n")
        r.response()
        check(r.closed(), "HTTP/1.0 without keep-alive is closed")
    with connect(port) as s:
        r = Reader(s)
        s.sendall(b"GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        status, h, _ = r.response()
        check(h.get("connection", "").lower() == "keep-alive", "HTTP/1.0 keep-alive is confirmed")
        s.sendall(b"GET /style.css HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        check(r.response()[2] == files["style.css"], "second HTTP/1.0 keep-alive request")


def test_traversal(port):
    for target, allowed in (("/../etc/passwd", (400, 403, 404)),
                            ("/%2e%2e/etc/passwd", (400, 403, 404)),
                            ("/%2E%2E%2Fetc%2Fpasswd", (400, 403, 404)),
                            ("/sub/../../etc/passwd", (400, 403, 404)),
                            ("/..%5c..%5cetc/passwd", (400, 403, 404)),
                            ("/a.txt%00.html", (400, 404))):
        status, h, body = get(port, target)
        check(status in allowed and b"root:" not in body,
              f"traversal {target} refused, got {status}")


def test_bad_requests(port):
    for raw, want, what in (
            (b"garbage\r\n\r\n", 400, "garbage request line"),
            (b"GET / HTTP/2.0\r\n\r\n", 505, "unsupported version"),
            (b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n", 414, "request line too long"),
            (b"GET / HTTP/1.1\r\n" + b"X-Big: " + b"b" * 20000 + b"\r\n\r\n", 431, "headers too large"),
            (b"GET / HTTP/1.1\r\nbad header line\r\n\r\n", 400, "malformed header")):
        try:
            with connect(port) as s:
                s.sendall(raw)
                r = Reader(s)
                status, h, body = r.response()
                check(status == want, f"{what}: want {want}, got {status}")
                check(r.closed(), f"{what}: connection closed after the error")
        except (OSError, EOFError) as e:
            check(False, f"{what}: {e}")
    status, _, _ = get(port, "/a.txt")
    check(status == 200, "server still serves after bad requests")


def test_slow_and_vanishing_clients(port, files):
    # A client that stalls half-way through its request must not block others,
    # and is dropped (408) once the idle timeout passes.
    slow = connect(port, timeout=IDLE + 5)
    slow.sendall(b"GET /a.txt HT")
    t0 = time.monotonic()
    status, _, body = get(port, "/a.txt")
    # Blocked, it would wait out the stalled one's idle timeout.
    check(status == 200 and time.monotonic() - t0 < IDLE * 0.75, "a stalled client does not block others")

    # A client that leaves without reading a large response.
    for _ in range(3):
        with connect(port) as s:
            s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
            s.recv(1000)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    # A client that reads nothing and never leaves: sends time out.
    stuck = connect(port)
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stuck.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")

    status, _, body = get(port, "/style.css")
    check(status == 200 and body == files["style.css"], "server survives clients that vanish mid-response")

    r = Reader(slow)
    try:
        status, _, _ = r.response()
        check(status == 408, f"stalled request gets 408, got {status}")
        check(r.closed(), "stalled connection closed")
    except (OSError, EOFError) as e:
        check(False, f"stalled client not answered: {e}")
    check(time.monotonic() - t0 < IDLE + 3, "stalled client dropped after the idle timeout")
    slow.close()

    # An idle keep-alive connection is closed silently after the timeout.
    with connect(port, timeout=IDLE + 5) as s:
        s.sendall(b"GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        r = Reader(s)
        r.response()
        check(r.closed(), "idle keep-alive connection closed after the timeout")
    stuck.close()


def test_many_clients(port, files):
    # All open at once; each sends at once (the idle timeout is short here).
    socks = []
    for i in range(200):
        s = connect(port, timeout=10)
        s.sendall(f"GET /a.txt?{i} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        socks.append(s)
    ok = 0
    problems = []
    for s in socks:
        try:
            status, _, body = Reader(s).response()
            ok += status == 200 and body == files["a.txt"]
        except (OSError, EOFError) as e:
            problems.append(repr(e))
        s.close()
    check(ok == len(socks), f"200 concurrent clients served, {ok} ok: {problems[:3]}")

    # And in parallel threads with keep-alive, a few requests each.
    errors = []

    def client():
        try:
            with connect(port, timeout=10) as s:
                r = Reader(s)
                for _ in range(5):
                    s.sendall(b"GET /logo.png HTTP/1.1\r\nHost: x\r\n\r\n")
                    if r.response()[2] != files["logo.png"]:
                        errors.append("bad body")
        except Exception as e:   # noqa: BLE001 — any failure counts
            errors.append(repr(e))
    threads = [threading.Thread(target=client) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    check(not errors, f"50 parallel keep-alive clients: {errors[:3]}")


def test_max_requests(root, files):
    """--max-requests N: the server exits by itself, status 0, after N."""
    proc, port = fxs.start_listening([HTTPD, "-q", "-p", "0", "-r", root, "--max-requests", "2"],
                                     stderr=subprocess.PIPE)
    try:
        for _ in range(2):
            check(get(port, "/a.txt")[2] == files["a.txt"], "--max-requests: requests served")
        check(proc.wait(timeout=5) == 0, "--max-requests 2: exits 0 after two requests")
    except Exception as e:   # noqa: BLE001
        check(False, f"--max-requests: {e!r}")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


def main():
    if fxs.missing(HTTPD):
        return 1
    with tempfile.TemporaryDirectory() as root:
        files = make_site(root)
        proc, port = fxs.start_listening([HTTPD, "-p", "0", "-r", root, "--idle-timeout",
                                          str(IDLE)], stderr=subprocess.PIPE)
        try:
            for test in (test_basics, test_head, test_keep_alive, test_traversal,
                         test_bad_requests, test_slow_and_vanishing_clients, test_many_clients):
                try:
                    if test in (test_traversal, test_bad_requests):
                        test(port)
                    else:
                        test(port, files)
                except Exception as e:   # noqa: BLE001 — report and go on
                    check(False, f"{test.__name__}: {e!r}")
                check(proc.poll() is None, f"server still running after {test.__name__}")
                if proc.poll() is not None:
                    break
            proc.send_signal(signal.SIGTERM)
            try:
                _, err = proc.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                check(False, "httpd exits within 5 s of SIGTERM")
                proc.kill()
                _, err = proc.communicate()
            check(proc.returncode == 0, f"httpd exit status {proc.returncode} after SIGTERM")
            log = err.decode(errors="replace")
            check(re.search(r'^127\.0\.0\.1:\d+ "GET /a\.txt HTTP/1\.1" 200 11$', log, re.M),
                  "one log line per request on stderr")
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        test_max_requests(root, files)
    return fxs.checks_verdict("httpd_behaviour")


if __name__ == "__main__":
    sys.exit(main())
