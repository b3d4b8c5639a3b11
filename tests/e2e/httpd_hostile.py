#!/usr/bin/env python3
"""httpd_hostile.py — build/httpd against hostile clients, beyond what
httpd_behaviour.py covers (one stalled half-request, three vanishing
readers, 200 well-behaved concurrent clients, a 20 KB request line):

- byte-by-byte requests (completed in time: answered; trickled forever:
  408 at the idle timeout, not kept alive by the trickle);
- binary garbage and a 10 MB request line with no newline (answered and
  closed early, memory not growing with the input);
- 30 clients that leave mid-way through a large file (closing, or
  resetting);
- 500 connections that connect and say nothing;
- a low descriptor limit (`ulimit -n 40`) with 150 clients: accept fails
  with EMFILE, the server must not spin, and serves once fds free up.

Meanwhile a normal GET must be answered quickly; afterwards the server's
descriptors go back to what they were (nothing leaked), and its CPU time
stays small. Run from the repo root after make; exit 0 = pass."""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

import fixture_server as fxs
from fixture_server import check

HTTPD = os.environ.get("HTTPD") or "build/httpd"   # override: a sanitized build
IDLE = 2
QUICK = 1.0       # a normal GET among hostile clients must answer within this


def start(root, limit=None, idle=IDLE):
    cmd = [HTTPD, "-q", "-p", "0", "-r", root, "--idle-timeout", str(idle)]
    if limit:
        cmd = ["sh", "-c", f"ulimit -n {limit} && exec " + " ".join(cmd)]
    return fxs.start_listening(cmd, stderr=subprocess.PIPE)


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def nfds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def get(port, path="/a.txt", timeout=5):
    """(status, body, seconds) of one GET with Connection: close."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(b"GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path.encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split()[1]) if head.startswith(b"HTTP/1.1 ") else 0
    return status, body, time.monotonic() - t0


def quick_get(port, what, files):
    try:
        status, body, took = get(port)
        check(status == 200 and body == files["a.txt"] and took < QUICK,
              f"normal GET while {what}: status {status}, {took:.2f} s")
    except OSError as e:
        check(False, f"normal GET while {what}: {e!r}")


def read_all(s, limit=1 << 20):
    data = b""
    try:
        while len(data) < limit:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        pass
    return data


def test_byte_by_byte(port, files):
    # A whole request one byte at a time, within the idle timeout: answered.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for b in b"GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n":
            s.sendall(bytes([b]))
            time.sleep(0.01)
        data = read_all(s)
        check(data.startswith(b"HTTP/1.1 200") and data.endswith(files["a.txt"]),
              f"byte-by-byte request answered: {data[:40]!r}")
    # A trickle that never ends a header: 408 at the idle timeout, while
    # others are served.
    trickler = socket.create_connection(("127.0.0.1", port), timeout=10)
    trickler.sendall(b"GET /a.txt HTTP/1.1\r\n")
    stop = threading.Event()
    answer = []

    def trickle():
        t0 = time.monotonic()
        try:
            while not stop.is_set() and time.monotonic() - t0 < IDLE + 3:
                trickler.sendall(b"X")
                time.sleep(0.05)
        except OSError:
            pass   # the server closed: what we want

    th = threading.Thread(target=trickle)
    t0 = time.monotonic()
    th.start()
    quick_get(port, "a client trickles a header", files)
    answer.append(read_all(trickler))
    took = time.monotonic() - t0
    stop.set()
    th.join(10)
    trickler.close()
    check(answer[0].startswith(b"HTTP/1.1 408") or answer[0] == b"",
          f"trickled head gets 408: {answer[0][:40]!r}")
    check(took < IDLE + 2, f"trickling client dropped after the idle timeout ({took:.1f} s)")


def test_garbage(pid, port, files):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(os.urandom(256 * 1024).replace(b"\n", b"\0"))
        data = read_all(s)
        check(data.startswith(b"HTTP/1.1 4"), f"binary garbage gets a 4xx: {data[:40]!r}")
    # 10 MB with no newline, sent from a thread: the server answers 414 and
    # closes long before; it must not buffer it all.
    rss0 = rss_kb(pid)
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    sent = [0]

    def blast():
        piece = b"GET /" + b"a" * (1 << 20)
        try:
            for _ in range(10):
                s.sendall(piece)
                sent[0] += len(piece)
        except OSError:
            pass

    th = threading.Thread(target=blast)
    th.start()
    quick_get(port, "a client sends a 10 MB request line", files)
    data = read_all(s)
    th.join(20)
    s.close()
    check(data.startswith(b"HTTP/1.1 414"), f"10 MB request line gets 414: {data[:40]!r}")
    grew = rss_kb(pid) - rss0
    check(grew < 4096, f"httpd memory grew by {grew} KB on a 10 MB request line")


def test_vanishing_readers(port, files):
    socks = []
    for i in range(30):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        socks.append(s)
    for i, s in enumerate(socks):
        try:
            s.recv(1000)
        except OSError:
            pass
        if i % 2:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    quick_get(port, "30 clients left mid-response", files)
    status, body, _ = get(port, "/big.bin", timeout=20)
    check(status == 200 and body == files["big.bin"], "big file still served whole")


def test_silent_crowd(port, files):
    crowd = []
    try:
        for _ in range(500):
            crowd.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        time.sleep(0.3)
        quick_get(port, "500 connections say nothing", files)
        # They are closed at the idle timeout, silently (nothing was sent).
        deadline = time.monotonic() + IDLE + 5
        closed = 0
        for s in crowd:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                closed += s.recv(100) == b""
            except OSError:
                pass
        check(closed == len(crowd), f"silent connections closed at the idle timeout: {closed}/500")
    finally:
        for s in crowd:
            s.close()


def test_fd_limit(root, files):
    """ulimit -n 40 and 150 silent clients: accept meets EMFILE."""
    p, port = start(root, limit=40, idle=1)
    crowd = []
    try:
        cpu0 = cpu_seconds(p.pid)
        for _ in range(150):
            crowd.append(socket.create_connection(("127.0.0.1", port), timeout=10))
        time.sleep(2)
        cpu = cpu_seconds(p.pid) - cpu0
        check(cpu < 0.5, f"httpd out of fds used {cpu:.2f} s of CPU in 2 s: spinning")
        check(p.poll() is None, "httpd survives running out of fds")
        for s in crowd:
            s.close()
        crowd = []
        # The backlog drains (closed clients read as EOF); then it serves.
        ok = False
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not ok:
            try:
                status, body, _ = get(port, timeout=3)
                ok = status == 200 and body == files["a.txt"]
            except OSError:
                time.sleep(0.2)
        check(ok, "httpd serves again once fds are free")
        # Many clients at once under the limit: each gets an answer, or at
        # worst 503 (out of fds to open the file), never a wrong 404.
        results = []

        def client():
            try:
                results.append(get(port, timeout=15)[0])
            except OSError as e:
                results.append(repr(e))

        threads = [threading.Thread(target=client) for _ in range(60)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        bad = [r for r in results if r not in (200, 503)]
        check(len(results) == 60 and not bad and results.count(200) >= 30,
              f"60 clients under ulimit -n 40: {sorted(map(str, results))[:8]}")
        check(cpu_seconds(p.pid) - cpu0 < 3, "httpd under the fd limit: CPU time bounded")
    finally:
        for s in crowd:
            s.close()
        p.kill()
        p.wait()


def main():
    if fxs.missing(HTTPD):
        return 1
    with tempfile.TemporaryDirectory() as root:
        files = {"a.txt": b"plain text\n", "big.bin": os.urandom(1024) * 4096}
        for name, data in files.items():
            with open(os.path.join(root, name), "wb") as f:
                f.write(data)
        p, port = start(root)
        try:
            time.sleep(0.2)
            fds0 = nfds(p.pid)
            cpu0 = cpu_seconds(p.pid)
            for test in (test_byte_by_byte, test_garbage, test_vanishing_readers, test_silent_crowd):
                try:
                    if test is test_garbage:
                        test(p.pid, port, files)
                    else:
                        test(port, files)
                except Exception as e:   # noqa: BLE001 — report and go on
                    check(False, f"{test.__name__}: {e!r}")
                check(p.poll() is None, f"httpd still running after {test.__name__}")
                if p.poll() is not None:
                    break
            # Every hostile connection ends by itself (idle timeout, linger).
            deadline = time.monotonic() + IDLE + 5
            while time.monotonic() < deadline and p.poll() is None and nfds(p.pid) > fds0:
                time.sleep(0.2)
            if p.poll() is None:
                check(nfds(p.pid) <= fds0, f"httpd holds {nfds(p.pid)} fds, had {fds0}: leak")
                cpu = cpu_seconds(p.pid) - cpu0
                check(cpu < 5, f"httpd used {cpu:.2f} s of CPU for the hostile clients")
        finally:
            p.kill()
            p.wait()
        try:
            test_fd_limit(root, files)
        except Exception as e:   # noqa: BLE001
            check(False, f"test_fd_limit: {e!r}")
    return fxs.checks_verdict("httpd_hostile")


if __name__ == "__main__":
    sys.exit(main())
