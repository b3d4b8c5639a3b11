#!/usr/bin/env python3
"""crawler_https.py — build/crawler over HTTPS against nginx on loopback.

Certificates come from tests/tls_certs.sh (a test CA; a certificate it
signed for 127.0.0.1 and localhost; a self-signed one; one for the wrong
name; an expired one). One nginx process (run as the current user; config,
pid, logs and temp paths in a scratch directory under build/) serves examples/gensite.py's sample site
over TLS with each certificate, and a plain-HTTP server for redirects
between the schemes. Checks:
- the crawl of the site over https (-c 10 and -c 1) equals the generator's
  expected.tsv exactly, on few connections (keep-alive over TLS);
- self-signed, wrong-name (by name and by IP) and expired certificates
  fail the root with "TLS: <reason>" in the report's DETAIL, and the
  whole site is crawled with --no-check-certificate; the system store does
  not trust the test CA;
- redirects http -> https and https -> http are followed between the
  roots' hosts, and not to another port;
- a server that accepts and never answers the handshake costs one
  --timeout; a missing --ca-certificate file is a bad argument;
- a crawl through all of these under valgrind: no error, no leak;
- pooled TLS connections the server dropped are resent without a try;
- the TLS example of docs/RUNTIME.md builds and fetches a page.
nginx and openssl missing are failures.
"""
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

import fixture_server as fxs

GENSITE = os.path.join(fxs.ROOT, "examples", "gensite.py")
CERTS = os.path.join(fxs.ROOT, "tests", "tls_certs.sh")

NGINX_CONF = """
worker_processes 1;
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log crit;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    {servers}
}}
"""

# A TLS server for the site with one certificate; 404 bodies as httpd's.
TLS_SERVER = """
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {certs}/{name}.pem;
        ssl_certificate_key {certs}/{name}.key;
        root {site};
        error_page 404 = @missing;
        location @missing {{ default_type text/plain; return 404 "404 Not Found\\n"; }}
        location = /go-plain {{ return 301 http://127.0.0.1:{plain}/plain.txt; }}
    }}
"""

PLAIN_SERVER = """
    server {{
        listen 127.0.0.1:{plain};
        root {plain_root};
        location = /go-secure {{ return 302 https://127.0.0.1:{good}/files/notes.txt; }}
        location = /go-elsewhere {{ return 302 https://127.0.0.1:{self}/files/notes.txt; }}
    }}
"""


def wait_listening(port, proc, what):
    for _ in range(100):
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} is not listening on {port}")


class Staller:
    """Accepts connections and never sends a byte (nor reads one)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.conns = []
        self.stop = False
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        self.sock.settimeout(0.1)
        while not self.stop:
            try:
                self.conns.append(self.sock.accept()[0])
            except OSError:
                pass

    def close(self):
        self.stop = True
        for c in self.conns:
            c.close()
        self.sock.close()


def valgrind_crawl(tmp, ca, G, S, T, P):
    if not shutil.which("valgrind"):
        return ["valgrind is not installed"]
    log = os.path.join(tmp, "vg.log")
    p = subprocess.run(["valgrind", "-q", "--leak-check=full", "--error-exitcode=99",
                        "--log-file=" + log, fxs.CRAWLER, *ca, "-c", "3",
                        "--timeout", "6", "--report", "tsv",
                        G + "/", S + "/", T + "/", G + "/go-plain", P + "/go-secure"],
                       capture_output=True, timeout=300, cwd=fxs.ROOT)
    out = p.stdout.decode(errors="replace").splitlines()
    problems = []
    vg = open(log).read() if os.path.exists(log) else "(no log)"
    if p.returncode != 0 or vg.strip():
        problems.append(f"under valgrind: exit {p.returncode}\n{vg[-3000:]}")
    # robots.txt is on here: the stalling host's robots.txt times out, and
    # RFC 9309 makes an unreachable robots.txt disallow everything
    for line in (f"{S}/\terror\tTLS: self-signed certificate",
                 f"{T}/\terror\tdisallowed by robots.txt (robots.txt unreachable: timed out)",
                 f"{G}/go-plain\t301\t{P}/plain.txt", f"{P}/plain.txt\t200\t11"):
        if line not in out:
            problems.append(f"under valgrind: no line {line!r} in the report: "
                            f"{[l for l in out if not l.startswith(G)]}")
    if len([l for l in out if l.startswith(G) and "\t200\t" in l]) < 20:
        problems.append(f"under valgrind: few pages fetched: {out}")
    return problems


def doc_example(tmp, certs, ports):
    """The https_get.co example of docs/RUNTIME.md, compiled and run."""
    text = open(os.path.join(fxs.ROOT, "docs", "RUNTIME.md")).read()
    start = text.index("```c\n", text.index("An HTTPS GET")) + 5
    code = text[start:text.index("```", start)]
    co, c, exe = (os.path.join(tmp, "https_get" + ext) for ext in (".co", ".c", ""))
    with open(co, "w") as f:
        f.write(code)
    b = os.path.join(fxs.ROOT, "build")
    for cmd in ([os.path.join(b, "corogen"), "-o", c, co],
                ["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-D_POSIX_C_SOURCE=200809L",
                 "-D_DEFAULT_SOURCE", "-I" + os.path.join(fxs.ROOT, "runtime"), c,
                 os.path.join(b, "libcoro.a"), "-lssl", "-lcrypto", "-o", exe]):
        p = subprocess.run(cmd, capture_output=True, timeout=120)
        if p.returncode:
            return [f"docs example: {cmd[0]} failed: {p.stderr.decode(errors='replace')}"]
    ca = os.path.join(certs, "ca.pem")
    problems = []
    p = subprocess.run([exe, "127.0.0.1", str(ports["good"]), ca], capture_output=True, timeout=30)
    out = p.stdout.decode(errors="replace")
    if p.returncode or not out.startswith("HTTP/1.1 200 OK") or "<title>Sample site" not in out:
        problems.append(f"docs example: exit {p.returncode}, output {out[:200]!r}")
    p = subprocess.run([exe, "127.0.0.1", str(ports["expired"]), ca], capture_output=True, timeout=30)
    if p.returncode != 1 or b"127.0.0.1: certificate has expired" not in p.stderr:
        problems.append(f"docs example, expired: exit {p.returncode}, stderr {p.stderr!r}")
    return problems


class OneShotTLS:
    """A TLS server that answers one request per connection as if keeping
    it alive, then drops it 0.2 s later without close_notify: every reused
    connection is stale, and must be resent without counting a try."""

    def __init__(self, certs):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(os.path.join(certs, "good.pem"), os.path.join(certs, "good.key"))
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stop = False
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while not self.stop:
            try:
                conn = self.sock.accept()[0]
            except OSError:
                continue
            threading.Thread(target=self.one, args=(conn,), daemon=True).start()

    def one(self, conn):
        try:
            conn.settimeout(5)
            tls = self.ctx.wrap_socket(conn, server_side=True)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = tls.recv(4096)
                if not chunk:
                    return
                data += chunk
            path = data.split(b" ", 2)[1]
            links = b"".join(b'<a href="/p%d">x</a>' % i for i in range(3)) if path == b"/" else b""
            body = b"<html><body>" + links + b"</body></html>\n"
            tls.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n"
                        % len(body) + body)
            time.sleep(0.2)
        except OSError:
            pass
        finally:
            conn.close()     # the raw socket: no close_notify

    def close(self):
        self.stop = True
        self.sock.close()


def report(out):
    return out.splitlines()


def main():
    for tool in ("nginx", "openssl"):
        if not shutil.which(tool) and not os.path.exists("/usr/sbin/" + tool):
            print(f"FAIL: {tool} is not installed (sh .ci/ensure-tools.sh --test installs it)")
            return 1
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    problems = []
    scratch = os.path.join(fxs.ROOT, "build", "tests")   # nginx's config, pid, logs, temp
    os.makedirs(scratch, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="https.", dir=scratch) as tmp:
        certs = os.path.join(tmp, "certs")
        subprocess.run(["sh", CERTS, certs], check=True, timeout=60)
        site = os.path.join(tmp, "site")
        expected = os.path.join(tmp, "expected.tsv")
        subprocess.run([sys.executable, GENSITE, "--expected", expected, site],
                       check=True, capture_output=True, timeout=60)
        plain_root = os.path.join(tmp, "plain")
        os.makedirs(plain_root)
        with open(os.path.join(plain_root, "plain.txt"), "w") as f:
            f.write("plain text\n")
        ports = {name: fxs.free_port() for name in ("good", "self", "wrong", "expired", "plain")}
        servers = "".join(TLS_SERVER.format(port=ports[n], certs=certs, name=n, site=site,
                                            plain=ports["plain"])
                          for n in ("good", "self", "wrong", "expired"))
        servers += PLAIN_SERVER.format(plain=ports["plain"], plain_root=plain_root,
                                       good=ports["good"], self=ports["self"])
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(tmp=tmp, servers=servers))
        srv = subprocess.Popen([nginx, "-c", conf, "-p", tmp, "-e", os.path.join(tmp, "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        staller = Staller()
        try:
            for name in ports:
                wait_listening(ports[name], srv, "nginx")
            ca = ["--ca-certificate", os.path.join(certs, "ca.pem")]
            G = f"https://127.0.0.1:{ports['good']}"
            want = open(expected).read().replace("@ROOT@", G).splitlines()

            # The whole site over https, verified against the test CA.
            for args in ([], ["-c", "1"]):
                rc, out, err = fxs.crawl(*ca, *args, "--report", "tsv", G + "/", timeout=120)
                if rc != 0:
                    problems.append(f"https crawl {args}: exit {rc}: {err}")
                diff = fxs.compare_lines(f"https crawl {args}", want, report(out))
                if diff:
                    problems.append(diff)
            # Keep-alive over TLS: -c 10 opens at most 10 connections.
            rc, out, err = fxs.crawl(*ca, "-q", G + "/", timeout=120)
            line = [l for l in out.splitlines() if l.startswith("connections:")]
            opened = int(line[0].split()[1]) if line else -1
            if not 1 <= opened <= 10:
                problems.append(f"https crawl opened {opened} connections (want 1..10): {line}")

            # Certificates that must be refused, then accepted unchecked.
            cases = [("self", "127.0.0.1", "self-signed certificate"),
                     ("wrong", "localhost", "hostname mismatch"),
                     ("wrong", "127.0.0.1", "IP address mismatch"),
                     ("expired", "127.0.0.1", "certificate has expired")]
            for name, host, why in cases:
                R = f"https://{host}:{ports[name]}"
                rc, out, err = fxs.crawl(*ca, "--report", "tsv", R + "/", timeout=60)
                got = report(out)
                if rc != 0 or got != [f"{R}/\terror\tTLS: {why}"]:
                    problems.append(f"{name} certificate as {host}: exit {rc}, report {got}, "
                                    f"want [{R}/\\terror\\tTLS: {why}]")
                rc, out, err = fxs.crawl("--no-check-certificate", "--report", "tsv", R + "/",
                                         timeout=120)
                mine = open(expected).read().replace("@ROOT@", R).splitlines()
                diff = fxs.compare_lines(f"{name} with --no-check-certificate", mine, report(out))
                if rc != 0 or diff:
                    problems.append(f"{name} as {host} --no-check-certificate: exit {rc} {diff}")
            # The system store does not know the test CA.
            rc, out, err = fxs.crawl("--report", "tsv", G + "/", timeout=60)
            want_sys = [f"{G}/\terror\tTLS: unable to get local issuer certificate"]
            if rc != 0 or report(out) != want_sys:
                problems.append(f"system store: exit {rc}, report {report(out)}, want {want_sys}")

            # Redirects between the schemes, on the roots' hosts only.
            P = f"http://127.0.0.1:{ports['plain']}"
            S = f"https://127.0.0.1:{ports['self']}"
            rc, out, err = fxs.crawl(*ca, "--report", "tsv", P + "/go-secure", P + "/go-elsewhere",
                                     G + "/go-plain", timeout=60)
            want_redirects = sorted([
                f"{P}/go-secure\t302\t{G}/files/notes.txt",
                f"{G}/files/notes.txt\t200\t89",
                f"{P}/go-elsewhere\t302\t{S}/files/notes.txt",
                f"{G}/go-plain\t301\t{P}/plain.txt",
                f"{P}/plain.txt\t200\t11",
            ])
            if rc != 0 or report(out) != want_redirects:
                problems.append(f"redirects: exit {rc}\n got  {report(out)}\n want {want_redirects}")

            # A handshake that never completes costs one --timeout.
            T = f"https://127.0.0.1:{staller.port}"
            t0 = time.monotonic()
            rc, out, err = fxs.crawl(*ca, "--no-robots", "--timeout", "0.5", "--report", "tsv", T + "/", timeout=60)
            took = time.monotonic() - t0
            if rc != 0 or report(out) != [f"{T}/\terror\ttimed out"] or not 0.5 <= took < 5:
                problems.append(f"stalled handshake: exit {rc}, report {report(out)}, {took:.1f} s")

            # Pooled TLS connections the server dropped: resent, not tries.
            one = OneShotTLS(certs)
            try:
                O = f"https://127.0.0.1:{one.port}"
                rc, out, err = fxs.crawl(*ca, "--no-robots", "-c", "1", "--timeout", "5", O + "/", timeout=60)
            finally:
                one.close()
            lines = out.splitlines()
            fetched = [l.split()[:2] for l in lines if l.startswith("200 ")]
            want_lines = [["200", O + p] for p in ("/", "/p0", "/p1", "/p2")]
            stats = [l for l in lines if l.startswith("connections:")]
            if (rc != 0 or fetched != want_lines
                    or not stats or "3 stale resends" not in stats[0] or "0 retries" not in stats[0]):
                problems.append(f"stale TLS connections: exit {rc}, report:\n{out}")

            # docs/RUNTIME.md's TLS example builds and fetches a page.
            problems += doc_example(tmp, certs, ports)

            # Under valgrind: handshakes, pooled TLS connections, a refused
            # certificate, a stalled handshake and a redirect to http.
            problems += valgrind_crawl(tmp, ca, G, S, T, P)
        finally:
            staller.close()
            srv.terminate()
            try:
                srv.wait(timeout=10)
            except subprocess.TimeoutExpired:
                srv.kill()
                srv.wait()

        # A CA file that does not exist is a bad argument.
        rc, out, err = fxs.crawl("--ca-certificate", os.path.join(tmp, "none.pem"), G + "/",
                                 timeout=30)
        if rc != 2 or "none.pem" not in err:
            problems.append(f"missing CA file: exit {rc} (want 2), stderr {err!r}")
    for p in problems:
        print("FAILED", p)
    if not problems:
        print("crawler_https: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
