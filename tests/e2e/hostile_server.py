#!/usr/bin/env python3
"""hostile_server.py — an HTTP/1.1 server that misbehaves on purpose, for
the crawler's robustness tests (tests/e2e/crawler_hostile*.{py,sh}).

    python3 tests/e2e/hostile_server.py --serve   # prints the port, serves
    python3 tests/e2e/hostile_server.py           # self-check (the runner
                                                  # runs every e2e/*.py)

Threaded, 127.0.0.1 only, a free port. Bounded: every handler gives up by
itself within HOLD seconds (sockets have timeouts, endless bodies stop),
and with --serve the server exits when its parent process goes away (or
after MAX_LIFE seconds). Tests import it: start() gives a running server
in a thread of the test process; answered(path) and received(path) count
requests. Python 3 standard library only.

`/` links to every hostile path and to normal pages; HOSTILE below lists
each hostile path with the tsv line the crawler must report for it.
"""
import os
import socket
import socketserver
import struct
import sys
import threading
import time

HOLD = 4.0        # seconds any handler may hang, stall or stream
MAX_LIFE = 300    # --serve: exit after this long whatever happens

HTML = b"text/html; charset=utf-8"


def page(*hrefs):
    links = "".join(f'<a href="{h}">link</a>\n' for h in hrefs)
    return f"<!doctype html>\n<html><body>\n{links}</body></html>\n".encode()


# Normal pages: path -> links. /page/N are linked from the root; /behind/N
# only from pages reached through hostile ones or after them.
NORMAL = {
    "/page/1": ["/page/2", "/hang", "/reset/mid-body"],
    "/page/2": ["/behind/1", "/lie/long-close", "/page/1"],
    "/page/3": ["/behind/2"],
    "/behind/1": ["/behind/2", "/endless/chunked"],
    "/behind/2": [],
    "/behind/3": [],
    "/redirect/target": [],
}
CHUNKED_NORMAL = "/page/chunked"           # a normal page, chunked
CHUNKED_LINKS = ["/page/3", "/behind/3"]

# Hostile paths and the (STATUS, DETAIL) the crawler must report. DETAIL
# with "{R}" is formatted with the server's root URL.
HOSTILE = {
    "/hang": ("error", "timed out"),                       # reads the request, never answers
    "/hang/no-read": ("error", "timed out"),               # does not even read the request
    "/stall/body": ("error", "timed out"),                 # head, part of the body, stalls
    "/stall/head": ("error", "timed out"),                 # half a head, stalls
    "/trickle": ("error", "timed out"),                    # a byte every 50 ms, forever
    "/endless/chunked": ("error", "body too large"),
    "/endless/close": ("error", "body too large"),         # no length: read to close
    "/endless/length": ("error", "body too large"),        # Content-Length: 10^15
    "/endless/continue": ("error", "header block too large"),  # 100 Continue, forever
    "/huge/headers": ("error", "header block too large"),  # megabytes of header lines
    "/huge/one-header": ("error", "header block too large"),
    "/huge/status-line": ("error", "header block too large"),  # no newline, ever
    "/bad/status/text": ("error", "malformed status line"),
    "/bad/status/short": ("error", "malformed status line"),
    "/bad/status/proto": ("error", "malformed status line"),
    "/bad/status/binary": ("error", "malformed status line"),
    "/bad/status/version": ("error", "unsupported HTTP version"),
    "/bad/status/empty": ("error", "malformed status line"),
    "/bad/header": ("error", "malformed header"),
    "/bad/length": ("error", "bad Content-Length"),
    "/bad/length-conflict": ("error", "conflicting Content-Length"),
    "/bad/chunk/size": ("error", "bad chunk size"),
    "/bad/chunk/overflow": ("error", "bad chunk size"),
    "/bad/chunk/crlf": ("error", "missing CRLF after chunk data"),
    "/bad/chunk/truncated": ("error", "connection closed before end of message"),
    "/bad/chunk/no-end": ("error", "connection closed before end of message"),
    "/lie/long-close": ("error", "connection closed before end of message"),
    "/lie/long-stall": ("error", "timed out"),
    "/lie/short": ("200", "5"),                            # Content-Length 5, sends 60
    "/reset/mid-body": ("error", "connection reset"),      # SO_LINGER 0 mid-body
    "/reset/before-response": ("error", "connection reset"),
    "/close/before-response": ("error", "connection closed before response"),
    "/redirect/loop/a": ("302", "{R}/redirect/loop/b"),
    "/redirect/loop/b": ("302", "{R}/redirect/loop/a"),
    "/redirect/self": ("301", "{R}/redirect/self"),
    "/redirect/ok": ("302", "{R}/redirect/target"),
}
# /redirect/endless/N redirects to N+1 forever; --max-redirect ends it.

# Paths served keep-alive whose connection the server then drops: it
# reads the next request on that connection and closes (or resets) it
# without an answer, as a server whose idle timeout raced the request.
KA_PAGES = [f"/ka/{i}" for i in range(1, 7)] + [f"/ka-rst/{i}" for i in range(1, 7)]

ROOT_LINKS = ([p for p in NORMAL if p.startswith("/page/")] + [CHUNKED_NORMAL]
              + list(HOSTILE) + ["/redirect/endless/0"])


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.received = {}
        self.answered = {}

    def add(self, table, path):
        with self.lock:
            table[path] = table.get(path, 0) + 1


class Handler(socketserver.BaseRequestHandler):
    counts = None   # set by start()
    stop = None

    # ---- plumbing ----
    def setup(self):
        self.deadline = time.monotonic() + HOLD
        self.request.settimeout(HOLD)
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def left(self):
        return self.deadline - time.monotonic()

    def read_request(self):
        """The next request's path, or None at EOF, timeout or garbage."""
        while b"\r\n\r\n" not in self.buf:
            if len(self.buf) > 65536 or self.left() <= 0:
                return None
            self.request.settimeout(max(self.left(), 0.01))
            try:
                data = self.request.recv(65536)
            except OSError:
                return None
            if not data:
                return None
            self.buf += data
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        parts = head.split(b"\r\n", 1)[0].split()
        return parts[1].decode("latin-1") if len(parts) == 3 else None

    def send(self, data):
        self.request.settimeout(max(self.left(), 0.01))
        self.request.sendall(data)

    def hold(self, seconds=HOLD):
        """Stall: wait without answering, bounded."""
        self.stop.wait(max(0.0, min(seconds, self.left())))

    def reset(self):
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.request.close()

    def respond(self, status, ctype, body, keep=True, extra=b""):
        self.send(b"HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s%s\r\n%s"
                  % (status, ctype, len(body), extra,
                     b"" if keep else b"Connection: close\r\n", body))

    def stream(self, piece, pause=0.0):
        """Send piece again and again until the client leaves or time is up."""
        while self.left() > 0 and not self.stop.is_set():
            self.send(piece)
            if pause:
                time.sleep(pause)

    # ---- the connection ----
    def handle(self):
        try:
            self.serve()
        except OSError:
            pass   # the crawler hung up on us: expected

    def serve(self):
        if self.peek_no_read():
            return
        dropping = None   # a /ka path answered on this connection: drop the next request
        while self.left() > 0:
            path = self.read_request()
            if path is None:
                return
            self.counts.add(self.counts.received, path)
            if dropping:
                if dropping.startswith("/ka-rst/"):
                    self.reset()
                return    # closed without an answer
            if path in KA_PAGES:
                self.counts.add(self.counts.answered, path)
                self.respond(200, HTML, page())
                dropping = path
                continue
            if not self.route(path):
                return
            self.counts.add(self.counts.answered, path)

    def peek_no_read(self):
        """/hang/no-read: decide from a peek, then never read the request."""
        self.request.settimeout(HOLD)
        try:
            first = self.request.recv(64, socket.MSG_PEEK)
        except OSError:
            return True
        if first.startswith(b"GET /hang/no-read "):
            self.counts.add(self.counts.received, "/hang/no-read")
            self.hold()
            return True
        return False

    def route(self, path):
        """Answer one request. True to keep the connection for another."""
        if path == "/":
            self.respond(200, HTML, page(*ROOT_LINKS))
            return True
        if path == "/ka/":
            self.respond(200, HTML, page(*KA_PAGES, "/lie/short", "/page/3", "/behind/3"))
            return True
        if path in NORMAL:
            self.respond(200, HTML, page(*NORMAL[path]))
            return True
        if path == CHUNKED_NORMAL:
            body = page(*CHUNKED_LINKS)
            self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n")
            for i in range(0, len(body), 10):
                piece = body[i:i + 10]
                self.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.send(b"0\r\n\r\n")
            return True
        if path.startswith("/redirect/"):
            return self.redirect(path)
        method = getattr(self, "h_" + path.strip("/").replace("/", "_").replace("-", "_"), None)
        if method is None:
            self.respond(404, b"text/plain", b"not found\n")
            return True
        method()
        return False   # hostile paths never keep the connection

    def redirect(self, path):
        targets = {"/redirect/loop/a": (302, "/redirect/loop/b"),
                   "/redirect/loop/b": (302, "/redirect/loop/a"),
                   "/redirect/self": (301, "/redirect/self"),
                   "/redirect/ok": (302, "/redirect/target")}
        if path.startswith("/redirect/endless/"):
            n = int(path.rsplit("/", 1)[1])
            status, target = 307, f"/redirect/endless/{n + 1}"
        elif path in targets:
            status, target = targets[path]
        else:
            self.respond(404, b"text/plain", b"not found\n")
            return True
        self.send(b"HTTP/1.1 %d Moved\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n"
                  % (status, target.encode()))
        return True

    # ---- hostile handlers: h_<path with / and - as _> ----
    def h_hang(self):
        self.hold()

    h_hang_no_read = h_hang   # when it came on a reused connection

    def h_stall_body(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<html>")
        self.hold()

    def h_stall_head(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Ty")
        self.hold()

    def h_trickle(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
        self.stream(b"x", pause=0.05)

    def h_endless_chunked(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n")
        self.stream(b"4000\r\n" + b"<p>" * 0x1555 + b"p\r\n")

    def h_endless_close(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n")
        self.stream(b"<a href=x>" * 1600)

    def h_endless_length(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                  b"Content-Length: 1000000000000000\r\n\r\n")
        self.stream(b"y" * 16384)

    def h_endless_continue(self):
        self.stream(b"HTTP/1.1 100 Continue\r\n\r\n" * 100)

    def h_huge_headers(self):
        self.send(b"HTTP/1.1 200 OK\r\n")
        line = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"y" * 60) for i in range(200))
        for _ in range(250):    # about 3.5 MB
            self.send(line)
        self.send(b"Content-Length: 0\r\n\r\n")

    def h_huge_one_header(self):
        self.send(b"HTTP/1.1 200 OK\r\nX-Big: ")
        for _ in range(200):    # 3.2 MB, one line
            self.send(b"z" * 16384)
        self.send(b"\r\nContent-Length: 0\r\n\r\n")

    def h_huge_status_line(self):
        self.send(b"HTTP/1.1 200 ")
        self.stream(b"O" * 16384)

    def h_bad_status_text(self):
        self.send(b"HTTP/1.1 two hundred OK\r\nContent-Length: 0\r\n\r\n")

    def h_bad_status_short(self):
        self.send(b"HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n")

    def h_bad_status_proto(self):
        self.send(b"ICY 200 OK\r\nContent-Length: 0\r\n\r\n")

    def h_bad_status_binary(self):
        self.send(bytes(range(256)) * 4)

    def h_bad_status_version(self):
        self.send(b"HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n")

    def h_bad_status_empty(self):
        self.send(b"\r\n\r\n")

    def h_bad_header(self):
        self.send(b"HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 0\r\n\r\n")

    def h_bad_length(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello")

    def h_bad_length_conflict(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")

    def h_bad_chunk_size(self):
        self.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n")

    def h_bad_chunk_overflow(self):
        self.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                  b"ffffffffffffffffffffffff\r\nhello\r\n")
        self.hold(1)

    def h_bad_chunk_crlf(self):
        self.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n")
        self.hold(1)

    def h_bad_chunk_truncated(self):
        self.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nhel")

    def h_bad_chunk_no_end(self):
        self.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")

    def h_lie_long_close(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n0123456789")

    def h_lie_long_stall(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n0123456789")
        self.hold()

    def h_lie_short(self):
        # Keep-alive, 5 bytes announced, 60 sent: the bytes after the body
        # must not be read as the next response on this connection (the
        # crawler must not reuse it). The end of the body and the extra
        # bytes come together, after a pause, so that they are received
        # together whatever the timing.
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhel")
        time.sleep(0.1)
        self.send(b"lo" + b"HTTP/1.1 200 OK\r\nContent-Length: 33\r\n\r\n" + b"j" * 20)
        self.hold(2)

    def h_reset_mid_body(self):
        self.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
                  + b"<p>" * 1000)
        time.sleep(0.05)
        self.reset()

    def h_reset_before_response(self):
        self.reset()

    def h_close_before_response(self):
        pass


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        pass


def start():
    """A running server on a free loopback port (threads of this process).
    Attributes: port, url(path), received(path), answered(path), close()."""
    counts = Counts()
    stop = threading.Event()
    handler = type("BoundHandler", (Handler,), {"counts": counts, "stop": stop})
    srv = Server(("127.0.0.1", 0), handler)
    port = srv.server_address[1]
    threading.Thread(target=srv.serve_forever, daemon=True).start()

    def close():
        stop.set()
        srv.shutdown()
        srv.server_close()

    srv.port = port
    srv.url = lambda path: f"http://127.0.0.1:{port}{path}"
    srv.received = lambda path: counts.received.get(path, 0)
    srv.answered = lambda path: counts.answered.get(path, 0)
    srv.close = close
    return srv


def expected_line(root, path):
    status, detail = HOSTILE[path]
    return f"{root}{path}\t{status}\t{detail.format(R=root)}"


def self_check():
    srv = start()
    try:
        def get(path, timeout=HOLD + 2):
            with socket.create_connection(("127.0.0.1", srv.port), timeout=timeout) as s:
                s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path.encode())
                data = b""
                while len(data) < 100000:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                return data
        problems = []
        if not get("/").startswith(b"HTTP/1.1 200"):
            problems.append("/ does not answer 200")
        if not get("/bad/status/text").startswith(b"HTTP/1.1 two"):
            problems.append("/bad/status/text")
        t0 = time.monotonic()
        get("/endless/chunked")     # stops reading after 100000 bytes
        if time.monotonic() - t0 > HOLD + 1:
            problems.append("endless body not bounded")
        for p in problems:
            print("hostile_server self-check:", p)
        return 1 if problems else 0
    finally:
        srv.close()


def serve():
    srv = start()
    print(srv.port, flush=True)
    parent = os.getppid()
    end = time.monotonic() + MAX_LIFE
    while time.monotonic() < end and os.getppid() == parent:
        time.sleep(0.2)
    srv.close()
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        sys.exit(serve())
    sys.exit(self_check())
