#!/usr/bin/env python3
"""crawler_dns.py — many hosts by name, through the runtime's resolver.

A local dnsmasq (started here on a free loopback port, answering only
from its command line) maps a.test, b.test and c.test to 127.0.0.2-4,
where small sites listen; nx.test does not exist, and queries for
slow.test are forwarded to a UDP socket that never answers. The crawler
is pointed at dnsmasq with CORO_DNS_SERVERS and crawls from a.test with
--span-hosts --domains test:

- the report is exact: every page of a, b and c; nx.test and slow.test
  fail with "cannot resolve host: ...";
- resolution does not block the loop: while slow.test's query waits for
  its --timeout (2 s), b.test and c.test are crawled — all their
  requests arrive within the first second.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import http.server

import fixture_server as fxs

TIMEOUT = 2.0


class Site:
    def __init__(self, addr, links):
        self.log = []
        handler = type("H", (Handler,), {"site": self, "links": links})
        self.server = http.server.ThreadingHTTPServer((addr, 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site = None
    links = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.site.log.append((self.path, time.monotonic()))
        links = self.links.get(self.path)
        if links is None:
            body, status, ctype = b"none\n", 404, "text/plain"
        else:
            body, status, ctype = fxs.page(*links), 200, "text/html"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start_dnsmasq(silent_port):
    exe = "/usr/sbin/dnsmasq" if os.access("/usr/sbin/dnsmasq", os.X_OK) else shutil.which("dnsmasq")
    if not exe:
        raise RuntimeError("dnsmasq not found (install dnsmasq-base)")
    for _ in range(5):
        port = fxs.free_port()
        p = subprocess.Popen([exe, "--keep-in-foreground", "--conf-file=/dev/null",
                              "--no-resolv", "--no-hosts", "--pid-file=",
                              "--listen-address=127.0.0.1", "--bind-interfaces",
                              f"--port={port}", "--local=/test/", "--local-ttl=1",
                              "--user=root",
                              "--address=/a.test/127.0.0.2", "--address=/b.test/127.0.0.3",
                              "--address=/c.test/127.0.0.4",
                              f"--server=/slow.test/127.0.0.1#{silent_port}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):   # dnsmasq also listens on TCP: ready once it accepts
            if p.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                return p, port
            except OSError:
                time.sleep(0.05)
        p.kill()
        p.wait()
    raise RuntimeError("dnsmasq did not start")


def main():
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)   # receives, never answers
    silent.bind(("127.0.0.1", 0))
    dns, dns_port = start_dnsmasq(silent.getsockname()[1])
    problems = []
    sites = []
    try:
        b = Site("127.0.0.3", {"/": ["/b1"], "/b1": []})
        c = Site("127.0.0.4", {"/": ["/c1"], "/c1": []})
        sites += [b, c]
        a = Site("127.0.0.2", {})
        sites.append(a)
        A = f"http://a.test:{a.port}"
        B = f"http://b.test:{b.port}"
        C = f"http://c.test:{c.port}"
        NX = f"http://nx.test:{a.port}"
        SLOW = f"http://slow.test:{a.port}"
        a.server.RequestHandlerClass.links = {
            "/": [SLOW + "/", "/a1", B + "/", C + "/", NX + "/"], "/a1": []}
        env = dict(os.environ, CORO_DNS_SERVERS=f"127.0.0.1:{dns_port}")
        start = time.monotonic()
        p = subprocess.run([fxs.CRAWLER, "--report", "tsv", "--span-hosts", "--domains", "test",
                            "--timeout", str(TIMEOUT), A + "/"],
                           capture_output=True, timeout=60, env=env)
        took = time.monotonic() - start
        out = p.stdout.decode(errors="replace").splitlines()
        if p.returncode != 0:
            problems.append(f"exit status {p.returncode}: {p.stderr.decode(errors='replace')}")
        size = lambda links: len(fxs.page(*links))
        want_ok = [f"{A}/\t200\t{size(a.server.RequestHandlerClass.links['/'])}",
                   f"{A}/a1\t200\t{size([])}", f"{B}/\t200\t{size(['/b1'])}",
                   f"{B}/b1\t200\t{size([])}", f"{C}/\t200\t{size(['/c1'])}",
                   f"{C}/c1\t200\t{size([])}"]
        got_ok = [line for line in out if "\t200\t" in line]
        diff = fxs.compare_lines("hosts by name", sorted(want_ok), got_ok)
        if diff:
            problems.append(diff)
        for url in (NX + "/", SLOW + "/"):
            line = [x for x in out if x.startswith(url + "\t")]
            if len(line) != 1 or "\terror\tcannot resolve host: " not in line[0]:
                problems.append(f"{url}: expected 'cannot resolve host', got {line}")
        if len(out) != 8:
            problems.append(f"{len(out)} report lines, expected 8: {out}")
        # the loop went on while slow.test's query waited
        first = min(t for _, t in a.log) if a.log else start
        late = [(s.port, path, t - first) for s in (b, c) for path, t in s.log
                if t - first > TIMEOUT / 2]
        if late or not b.log or not c.log:
            problems.append(f"b.test and c.test not crawled during the DNS wait: late {late}")
        if took < TIMEOUT:
            problems.append(f"took {took:.2f}s: slow.test's query did not wait for --timeout")
        if took > TIMEOUT + 8:
            problems.append(f"took {took:.2f}s")
    finally:
        for s in sites:
            s.close()
        dns.send_signal(signal.SIGTERM)
        try:
            dns.wait(5)
        except subprocess.TimeoutExpired:
            dns.kill()
        silent.close()
    for pr in problems:
        print("FAILED", pr)
    if not problems:
        print(f"crawler_dns: hosts by name through dnsmasq, {took:.2f}s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
