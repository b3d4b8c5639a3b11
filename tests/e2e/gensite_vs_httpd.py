#!/usr/bin/env python3
"""examples/gensite.py's expected.tsv against build/httpd, without the
crawler: every URL it lists answers with the status and detail it
predicts; the output is deterministic for a seed; the pages a crawler must
not reach (orphans, links in comments, scripts and text files, other hosts)
are absent; and the site has the variety the crawl needs. Exit 0 = pass."""
import hashlib
import http.client
import os
import subprocess
import sys
import tempfile
import urllib.parse

import fixture_server as fxs
from fixture_server import check

HTTPD = "build/httpd"


def gensite(out, *args):
    subprocess.run([sys.executable, "examples/gensite.py", *args, out],
                   check=True, timeout=60, stderr=subprocess.DEVNULL)


def digest(out):
    h = hashlib.sha256()
    for dirpath, dirs, files in os.walk(out):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, out).encode() + b"\0")
            with open(path, "rb") as f:
                h.update(f.read())
    with open(out + ".expected.tsv", "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def read_tsv(path, root):
    rows = []
    with open(path, "rb") as f:
        raw = f.read()
    lines = raw.decode().splitlines()
    check(lines == sorted(lines, key=lambda s: s.split("\t")[0].encode()),
          "expected.tsv is sorted by URL in byte order")
    for line in lines:
        url, status, detail = line.replace("@ROOT@", root).split("\t")
        rows.append((url, int(status), detail))
    return rows


def fetch(port, url):
    target = url.split("/", 3)[3] if url.count("/") >= 3 else ""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/" + target)
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, resp.getheader("Location"), body
    finally:
        conn.close()


def check_against_server(site, root, port):
    rows = read_tsv(site + ".expected.tsv", root)
    for url, status, detail in rows:
        got_status, location, body = fetch(port, url)
        if 300 <= got_status < 400:
            got_detail = urllib.parse.urljoin(url, location)
        else:
            got_detail = str(len(body))
        check((got_status, got_detail) == (status, detail),
              f"{url}: expected {status} {detail}, server says {got_status} {got_detail}")
    return rows


def main():
    if fxs.missing(HTTPD):
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        a, b, c = (os.path.join(tmp, n) for n in ("a", "b", "c"))
        gensite(a, "--seed", "5")
        gensite(b, "--seed", "5")
        gensite(c, "--seed", "6", "--pages", "120")
        check(digest(a) == digest(b), "same seed gives the same site and tsv")
        check(digest(a) != digest(c), "another seed gives another site")

        for site in (a, c):
            with fxs.serving([HTTPD, "-q", "-p", "0", "-r", site]) as port:
                root = f"http://127.0.0.1:{port}"
                rows = check_against_server(site, root, port)
            urls = [u for u, _, _ in rows]
            statuses = {s for _, s, _ in rows}
            check(len(rows) > 50, f"{site}: a few hundred URLs, got {len(rows)}")
            check({200, 301, 404} <= statuses, f"{site}: 200, 301 and 404 all occur")
            check(all(u.startswith(root + "/") for u in urls), "only the root's host and port")
            for hidden in ("/orphan.html", "/commented.html", "/scripted.html", "/from-text.html"):
                check(root + hidden not in urls, f"{hidden} must not be reached")
            for kind in ("/style.css", "/files/notes.txt", "/files/logo.png", "/files/data"):
                check(root + kind in urls, f"{kind} is reached")
            check(any("?" in u for u in urls), "URLs with queries occur")
            check(root + "/a%20page%20with%20spaces.html" in urls, "the spaced name is percent-encoded")
    return fxs.checks_verdict("gensite_vs_httpd")


if __name__ == "__main__":
    sys.exit(main())
