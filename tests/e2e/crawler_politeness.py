#!/usr/bin/env python3
"""crawler_politeness.py — politeness per host across many hosts.

One single-threaded server (selectors) listens on 50 addresses,
127.0.0.2 to 127.0.0.51, each its own host with a small site: "/" links
to /p1, /p2, /p3, which answer after 150 ms (so that requests overlap and
the connection cap matters); the first host's "/" also links to every
other host. Even hosts' robots.txt disallow /p3; odd hosts answer 404.

    crawler --span-hosts -c 200 --max-per-host 2 --wait 0.05 http://127.0.0.2:P/

The server's own log (connections opened and closed, requests received)
must show, per host: never more than 2 connections open at once (and 2
reached somewhere: the cap was exercised), never more than 2 requests in
flight, and the requests at least 50 ms apart; and the hosts crawled side
by side (the whole crawl far shorter than one host after another). The
report must hold exactly the expected URLs. A second crawl checks
--domains: only the listed hosts are followed.
"""
import heapq
import os
import selectors
import socket
import sys
import threading
import time

import fixture_server as fxs

NHOSTS = 50
SLOW = 0.15
WAIT = 0.05


def page(*hrefs):
    return fxs.page(*hrefs)


class MultiServer:
    def __init__(self, n):
        self.sel = selectors.DefaultSelector()
        self.hosts = []            # (address, port)
        self.log = []              # (time, host index, event, path)
        self.timers = []           # (due, seq, conn, bytes)
        self.seq = 0
        self.stopping = False
        for i in range(n):
            addr = f"127.0.0.{i + 2}"
            ls = socket.socket()
            ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            ls.bind((addr, 0))
            ls.listen(64)
            ls.setblocking(False)
            self.hosts.append((addr, ls.getsockname()[1]))
            self.sel.register(ls, selectors.EVENT_READ, ("listen", i))
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def root(self, i):
        a, p = self.hosts[i]
        return f"http://{a}:{p}"

    def route(self, i, path):
        """(status, body, delay)"""
        if path == "/robots.txt":
            if i % 2 == 0:
                return 200, b"User-agent: *\nDisallow: /p3\n", 0
            return 404, b"none\n", 0
        if path == "/":
            links = ["/p1", "/p2", "/p3"]
            if i == 0:
                links += [self.root(k) + "/" for k in range(1, len(self.hosts))]
            return 200, page(*links), 0
        if path in ("/p1", "/p2", "/p3"):
            return 200, page("/", "/p1"), SLOW
        return 404, b"none\n", 0

    def respond(self, i, path):
        status, body, delay = self.route(i, path)
        ctype = "text/html" if status == 200 and path != "/robots.txt" else "text/plain"
        head = (f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        return head + body, delay

    def close(self, conn, i):
        self.log.append((time.monotonic(), i, "close", ""))
        self.sel.unregister(conn)
        conn.close()

    def run(self):
        bufs = {}
        while not self.stopping:
            timeout = 0.05
            if self.timers:
                timeout = max(0, min(timeout, self.timers[0][0] - time.monotonic()))
            for key, _ in self.sel.select(timeout):
                kind, i = key.data
                if kind == "listen":
                    try:
                        conn, _ = key.fileobj.accept()
                    except BlockingIOError:
                        continue
                    conn.setblocking(False)
                    self.log.append((time.monotonic(), i, "open", ""))
                    bufs[conn] = b""
                    self.sel.register(conn, selectors.EVENT_READ, ("conn", i))
                    continue
                conn = key.fileobj
                try:
                    data = conn.recv(65536)
                except ConnectionError:
                    data = b""
                if not data:
                    bufs.pop(conn, None)
                    self.close(conn, i)
                    continue
                bufs[conn] += data
                while b"\r\n\r\n" in bufs[conn]:
                    req, bufs[conn] = bufs[conn].split(b"\r\n\r\n", 1)
                    path = req.split(b" ")[1].decode()
                    now = time.monotonic()
                    self.log.append((now, i, "req", path))
                    reply, delay = self.respond(i, path)
                    self.seq += 1
                    heapq.heappush(self.timers, (now + delay, self.seq, conn, i, reply))
            now = time.monotonic()
            while self.timers and self.timers[0][0] <= now:
                _, _, conn, i, reply = heapq.heappop(self.timers)
                if conn.fileno() < 0:
                    continue
                self.log.append((now, i, "reply", ""))
                try:
                    conn.setblocking(True)
                    conn.sendall(reply)
                    conn.setblocking(False)
                except OSError:
                    pass

    def stop(self):
        self.stopping = True
        self.thread.join(5)
        for key in list(self.sel.get_map().values()):
            key.fileobj.close()
        self.sel.close()


def check_host(i, events, problems):
    """events: this host's (time, event, path) in order."""
    conns = peak_conns = inflight = peak_inflight = 0
    reqs = []
    for t, ev, path in events:
        if ev == "open":
            conns += 1
            peak_conns = max(peak_conns, conns)
        elif ev == "close":
            conns -= 1
        elif ev == "req":
            inflight += 1
            peak_inflight = max(peak_inflight, inflight)
            reqs.append(t)
        elif ev == "reply":
            inflight -= 1
    if peak_conns > 2:
        problems.append(f"host {i}: {peak_conns} connections open at once")
    if peak_inflight > 2:
        problems.append(f"host {i}: {peak_inflight} requests in flight at once")
    gaps = [b - a for a, b in zip(reqs, reqs[1:])]
    # the server notes a request when its loop reads it: a few ms of slack
    # per gap, none on the whole span
    if gaps and (min(gaps) < WAIT - 0.015 or reqs[-1] - reqs[0] < WAIT * len(gaps) - 0.015):
        problems.append(f"host {i}: requests closer than --wait {WAIT}: "
                        + ", ".join(f"{g:.3f}" for g in gaps))
    return peak_conns, len(reqs)


def main():
    try:
        srv = MultiServer(NHOSTS)
    except OSError as e:
        print(f"cannot listen on 127.0.0.2-{NHOSTS + 1}: {e}")
        return 1
    problems = []
    try:
        root = srv.root(0) + "/"
        start = time.monotonic()
        rc, out, err = fxs.crawl("--report", "tsv", "--span-hosts", "-c", "200",
                                 "--max-per-host", "2", "--wait", str(WAIT), root)
        took = time.monotonic() - start
        if rc != 0:
            problems.append(f"exit status {rc}: {err.strip()}")
        want = []
        for i in range(NHOSTS):
            r = srv.root(i)
            want.append(f"{r}/\t200\t{len(srv.route(i, '/')[1])}")
            for p in ("/p1", "/p2", "/p3"):
                if p == "/p3" and i % 2 == 0:
                    want.append(f"{r}{p}\terror\tdisallowed by robots.txt")
                else:
                    want.append(f"{r}{p}\t200\t{len(srv.route(i, p)[1])}")
        diff = fxs.compare_lines("50 hosts", sorted(want), out.splitlines())
        if diff:
            problems.append(diff)
        time.sleep(0.2)   # let the server see the crawler's last closes
        per_host = [[] for _ in range(NHOSTS)]
        for t, i, ev, path in sorted(srv.log):
            per_host[i].append((t, ev, path))
        peaks = []
        for i in range(NHOSTS):
            peak, nreq = check_host(i, per_host[i], problems)
            peaks.append(peak)
            want_reqs = 4 if i % 2 == 0 else 5   # robots.txt, /, /p1, /p2 (, /p3)
            if nreq != want_reqs:
                problems.append(f"host {i}: {nreq} requests, expected {want_reqs}")
        if max(peaks) != 2:
            problems.append(f"no host reached 2 connections (peaks {peaks}): cap not exercised")
        # side by side: one host alone takes at least 3 waits + 2 slow answers
        serial = NHOSTS * (3 * WAIT + 2 * SLOW)
        if took > serial / 3:
            problems.append(f"crawl took {took:.2f}s: hosts not crawled side by side "
                            f"(one after another: {serial:.1f}s)")
        first = min(t for t, _, ev, _ in srv.log if ev == "req")
        first_second = {i for t, i, ev, _ in srv.log if ev == "req" and t < first + 1.0}
        if len(first_second) < NHOSTS // 2:
            problems.append(f"only {len(first_second)} hosts saw a request in the crawl's "
                            "first second")

        # --domains: the root's host, and only the listed others
        listed = [srv.hosts[3][0], srv.hosts[7][0]]
        rc, out, err = fxs.crawl("--report", "tsv", "--span-hosts", "--no-robots",
                                 "--domains", ",".join(listed), "-c", "50", root)
        hosts = sorted({line.split("/")[2].split(":")[0] for line in out.splitlines()})
        if rc != 0 or hosts != sorted([srv.hosts[0][0]] + listed):
            problems.append(f"--domains {listed}: exit {rc}, hosts crawled {hosts}")
    finally:
        srv.stop()
    for p in problems:
        print("FAILED", p)
    if not problems:
        print(f"crawler_politeness: {NHOSTS} hosts in {took:.2f}s, politeness held")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
