"""bench/common.py — what bench.py and many_hosts.py both need: loopback
ports, nginx started and stopped around a measurement, and the URL lists
of the crawls (the crawler's TSV report, wget2's --stats-site CSV) checked
against the site's expected URLs."""
import os
import re
import shutil
import socket
import subprocess
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=10):
    """True once something accepts on 127.0.0.1:port; False if proc exits
    or the time runs out."""
    t = time.monotonic() + timeout
    while time.monotonic() < t:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start_nginx(tmp):
    """nginx on the configuration tmp/nginx.conf, with tmp as its prefix."""
    return subprocess.Popen(["nginx", "-c", os.path.join(tmp, "nginx.conf"), "-p", tmp,
                             "-e", os.path.join(tmp, "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_server(srv, tmp):
    """Stop a server (killed if it lingers past 10 s) and remove its tmp."""
    srv.terminate()
    try:
        srv.wait(10)
    except subprocess.TimeoutExpired:
        srv.kill()
        srv.wait()
    shutil.rmtree(tmp, ignore_errors=True)


def path_of(url):
    """The URL without its scheme and host."""
    return re.sub(r"^https?://[^/]*", "", url)


def crawler_tsv_urls(path, ok_only=False):
    """The URLs of a crawler --report tsv (url, status, ...), every line, or
    only those answered 200."""
    got = []
    with open(path, errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if not ok_only or (len(parts) == 3 and parts[1] == "200"):
                got.append(parts[0])
    return got


def wget2_csv_urls(path, ok_only=False):
    """The URLs wget2 fetched with GET (--stats-site=csv:PATH, columns ID,
    ParentID, URL, Status, Link, Method, ...), fragments dropped; every one,
    or only those answered 200."""
    got = []
    with open(path, errors="replace") as f:
        next(f, None)
        for line in f:
            parts = line.split(",")
            if len(parts) > 5 and parts[5] == "1" and (not ok_only or parts[3] == "200"):
                got.append(parts[2].split("#")[0])
    return got


def compare(got, expected):
    """'yes' when got lists each expected URL exactly once and nothing else."""
    s = set(got)
    missing, extra = len(expected - s), len(s - expected)
    dup = len(got) - len(s)
    if not missing and not extra and not dup:
        return "yes"
    return "NO (%d missing, %d extra, %d twice)" % (missing, extra, dup)
