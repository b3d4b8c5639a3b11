#!/usr/bin/env python3
"""httpd_10k.py — 10,000 concurrent connections to build/httpd on the
epoll backend, from a .co client (tests/e2e/many_clients.co) that opens
them all before sending one request on each; every response must be
right. Both processes raise their descriptor limit to the hard limit
when their loop starts; the hard limit must allow 10,000 connections
plus a few (`ulimit -Hn`), else the test fails saying so."""
import os
import re
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
N = 10000
FILES, REPEAT = 10, 20   # as in many_clients.co
WALL_LIMIT = 50.0


def build_client(out):
    c_file = os.path.join(out, "many_clients.c")
    exe = os.path.join(out, "many_clients")
    subprocess.run([os.path.join(ROOT, "build", "corogen"), "-o", c_file,
                    os.path.join(ROOT, "tests", "e2e", "many_clients.co")], check=True)
    subprocess.run(["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2",
                    "-D_POSIX_C_SOURCE=200809L", "-D_DEFAULT_SOURCE",
                    "-I" + os.path.join(ROOT, "runtime"), c_file,
                    os.path.join(ROOT, "build", "libcoro.a"), "-o", exe], check=True)
    return exe


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = N + 64
    if hard != resource.RLIM_INFINITY and hard < need:
        print(f"FAILED: the hard descriptor limit (ulimit -Hn) is {hard}; this test needs "
              f"at least {need} per process (raise it in /etc/security/limits.conf or "
              f"the container's nofile limit)")
        return 1
    env = {k: v for k, v in os.environ.items() if k != "CORO_LOOP"}   # the default: epoll
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        os.mkdir(site)
        for k in range(FILES):
            with open(os.path.join(site, f"f{k}.txt"), "w") as f:
                f.write(f"file {k}\n" * REPEAT)
        client = build_client(tmp)
        server = subprocess.Popen([os.path.join(ROOT, "build", "httpd"), "-q", "-p", "0",
                                   "-r", site, "--idle-timeout", "60"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        try:
            line = server.stdout.readline().decode()
            m = re.match(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if not m:
                print("FAILED: httpd did not start:", line, server.stderr.read().decode()[-2000:])
                return 1
            t0 = time.monotonic()
            try:
                p = subprocess.run([client, m.group(1), str(N)], capture_output=True,
                                   timeout=WALL_LIMIT + 10, env=env)
            except subprocess.TimeoutExpired:
                print(f"FAILED: the client did not finish within {WALL_LIMIT + 10:.0f} s")
                return 1
            wall = time.monotonic() - t0
            err = p.stderr.decode(errors="replace")
            print(err.strip().splitlines()[-1] if err.strip() else "(no summary)")
            if p.returncode != 0 or p.stdout.decode().strip() != f"ok {N}":
                print(f"FAILED: client exit {p.returncode}\n{err[-3000:]}")
                return 1
            if "backend epoll" not in err:
                print("FAILED: the client did not run on epoll")
                return 1
            if wall > WALL_LIMIT:
                print(f"FAILED: took {wall:.1f} s")
                return 1
            if server.poll() is not None:
                print("FAILED: httpd exited:", server.stderr.read().decode()[-2000:])
                return 1
            print(f"httpd_10k: {N} concurrent connections, all responses right, {wall:.1f} s")
            return 0
        finally:
            server.kill()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())
