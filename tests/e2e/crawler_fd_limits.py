#!/usr/bin/env python3
"""crawler_fd_limits.py — build/crawler short of file descriptors.

- `ulimit -n 64` (and 12) at -c 100: socket() fails with EMFILE while other
  fetches hold theirs; the crawler must wait (closing idle connections
  first) and go on, never fail a URL for it, never spin.
- FD_SETSIZE: with ~1015 descriptors inherited, the crawler's sockets get
  numbers >= 1024: on epoll (the default) they just work; on select()
  (CORO_LOOP=select) they cannot be watched and must be closed and the
  fetch retried once lower ones are free.

Sites: examples/gensite.py's, served by build/httpd (keep-alive) and by
`python3 -m http.server` (a new connection per request). Each crawl must
exit 0 with exactly the expected report, within bounded wall and CPU time.
"""
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

import fixture_server as fxs

ROOT = fxs.ROOT
WALL_LIMIT = 30.0
CPU_LIMIT = 5.0


def child_cpu():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def start_httpd(site):
    p = subprocess.Popen([os.path.join(ROOT, "build", "httpd"), "-q", "-p", "0", "-r", site],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    m = re.match(r"listening on (http://127\.0\.0\.1:\d+)/", p.stdout.readline().decode())
    return p, m.group(1)


def start_http_server(site):
    """http.server's file handler (HTTP/1.0: a connection per request) in
    threads of this process, with a listen backlog deep enough for -c 100
    (ThreadingHTTPServer's default of 5 would drop SYNs)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    class Server(http.server.ThreadingHTTPServer):
        request_queue_size = 512
        daemon_threads = True

    srv = Server(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, f"http://127.0.0.1:{srv.server_address[1]}"


def crawl(name, limit, root, want, failures, pass_fds=(), filt=None, backend=None):
    cmd = f"ulimit -n {limit} && exec {fxs.CRAWLER} --report tsv -c 100 --timeout 10 {root}/"
    cpu0 = child_cpu()
    t0 = time.monotonic()
    env = {k: v for k, v in os.environ.items() if k != "CORO_LOOP"}
    if backend:
        env["CORO_LOOP"] = backend
    try:
        p = subprocess.run(["sh", "-c", cmd], capture_output=True, timeout=60, cwd=ROOT,
                           pass_fds=pass_fds, env=env)
    except subprocess.TimeoutExpired:
        failures.append(f"{name}: did not finish within 60 s")
        return
    wall = time.monotonic() - t0
    cpu = child_cpu() - cpu0
    got = p.stdout.decode(errors="replace").splitlines()
    if filt:
        got, want = filt(got), filt(want)
    if p.returncode != 0:
        failures.append(f"{name}: exit status {p.returncode}: {p.stderr.decode()[-1000:]}")
    diff = fxs.compare_lines(name, want, got)
    if diff:
        failures.append(diff[:3000])
    if wall > WALL_LIMIT:
        failures.append(f"{name}: took {wall:.1f} s")
    if cpu > CPU_LIMIT:
        failures.append(f"{name}: used {cpu:.2f} s of CPU: spinning?")


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        subprocess.run([sys.executable, os.path.join(ROOT, "examples", "gensite.py"),
                        "--pages", "300", site], check=True, capture_output=True)
        with open(site + ".expected.tsv") as f:
            template = f.read()

        httpd, root = start_httpd(site)
        try:
            want = template.replace("@ROOT@", root).splitlines()
            crawl("httpd site, ulimit -n 64", 64, root, want, failures)
            crawl("httpd site, ulimit -n 12", 12, root, want, failures)
            # select()'s limit: descriptors 3..~1018 taken before it starts.
            held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1030 - 16)]
            try:
                crawl("httpd site, fds near FD_SETSIZE", 2048, root, want, failures,
                      pass_fds=held)
                crawl("httpd site, fds near FD_SETSIZE, select", 2048, root, want, failures,
                      pass_fds=held, backend="select")
            finally:
                for fd in held:
                    os.close(fd)
        finally:
            httpd.kill()
            httpd.wait()

        pyserver, root = start_http_server(site)
        try:
            # python's 404 page differs from httpd's: compare without 404 sizes.
            def no_404_size(lines):
                return [re.sub(r"\t404\t\d+$", "\t404\t-", line) for line in lines]
            want = template.replace("@ROOT@", root).splitlines()
            crawl("http.server site, ulimit -n 64", 64, root, want, failures, filt=no_404_size)
        finally:
            pyserver.shutdown()
            pyserver.server_close()
    for f in failures:
        print("FAILED", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
