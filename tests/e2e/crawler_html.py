#!/usr/bin/env python3
"""crawler_html.py — issue 12's list of ways link extraction differed from
browsers, one fixture page per item, served on loopback; the crawl's tsv
report (and the request-targets the server saw) must be exactly the URLs
a browser would request:

1. character references: numeric (decimal, hex, Windows-1252 range,
   invalid), named (all HTML5 names, legacy ones without ';' except before
   '=' or an alphanumeric), encoded as UTF-8 and percent-encoded;
2. raw-text and escapable raw-text elements hold text, not links;
3. a repeated href: the first wins;
4. the first <base href> applies to every link, before it too; a second
   one does not; a non-http base is ignored;
5. percent-encoding normalised (hex upper case, unreserved decoded), "'"
   in a query as %27;
6. backslash read as '/'.
"""
import http.server
import sys
import threading

import fixture_server as fxs

PAGES = {
    "/": "".join(f'<a href="/{d}/">{d}</a>' for d in
                 ("refs", "raw", "dup", "base", "base-ftp", "pct", "bs")),
    # 1
    "/refs/": """<title>refs</title>
<a href="caf&#233;.html">decimal</a>
<a href="hex&#x2F;y.html">hex</a>
<a href="n&eacute;.html">named</a>
<a href="sp&nbsp;ace.html">nbsp</a>
<a href="euro&#128;.html">windows-1252</a>
<a href="bad&#0;.html">invalid</a>
<a href="legacy&eacute.html">legacy without ;</a>
<a href="q.html?a=1&amp">trailing legacy amp</a>
<a href="q.html?b=1&copy=2">not before =</a>
<a href='q.html?c=1&amp;d=&lt;'>quoted</a>
""",
    # 2
    "/raw/": """<title><a href="in-title.html"></a></title>
<textarea><a href="in-textarea.html"></textarea>
<xmp><a href="in-xmp.html"></xmp>
<script>document.write('<a href="in-script.html">')</script>
<style>a[x='<a href="in-style.html">']{}</style>
<iframe><a href="in-iframe.html"></iframe>
<noembed><a href="in-noembed.html"></noembed>
<noframes><a href="in-noframes.html"></noframes>
<a href="after.html">after</a>
""",
    # 3
    "/dup/": '<a href="first.html" href="second.html">x</a><a HREF=one.html href=two.html>y</a>',
    # 4
    "/base/": """<a href="before.html">before the base</a>
<base href="/base/sub/">
<a href="after.html">after</a>
<base href="/elsewhere/">
<a href="last.html">after a second base</a>
""",
    "/base-ftp/": '<base href="ftp://127.0.0.1/x/"><a href="page.html">x</a>',
    # 5
    "/pct/": """<a href="caf%c3%a9.html">lower</a><a href="café.html">raw</a>
<a href="caf%C3%A9.html">upper</a><a href="%7euser.html">tilde</a>
<a href="q.html?it's">quote</a>
""",
    # 6
    "/bs/": '<a href="sub\\x.html">backslash</a><a href="\\root.html">rooted</a><a href="\\\\other.invalid\\x">other host</a>',
}

# What a browser requests from these pages (besides the pages themselves).
LEAVES = [
    "/refs/caf%C3%A9.html", "/refs/hex/y.html", "/refs/n%C3%A9.html",
    "/refs/sp%C2%A0ace.html", "/refs/euro%E2%82%AC.html", "/refs/bad%EF%BF%BD.html",
    "/refs/legacy%C3%A9.html", "/refs/q.html?a=1&", "/refs/q.html?b=1&copy=2",
    "/refs/q.html?c=1&d=%3C",
    "/raw/after.html",
    "/dup/first.html", "/dup/one.html",
    "/base/sub/before.html", "/base/sub/after.html", "/base/sub/last.html",
    "/base-ftp/page.html",
    "/pct/caf%C3%A9.html", "/pct/~user.html", "/pct/q.html?it%27s",
    "/bs/sub/x.html", "/root.html",
]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []
    lock = threading.Lock()

    def do_GET(self):
        with self.lock:
            self.seen.append(self.path)
        page = PAGES.get(self.path)
        body = (page or "leaf\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8" if page else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{srv.server_address[1]}"
    try:
        rc, out, err = fxs.crawl("--report", "tsv", "--no-robots", "-c", "2", root + "/", timeout=60)
    finally:
        srv.shutdown()
        srv.server_close()
    want_paths = sorted(list(PAGES) + LEAVES)
    want = sorted(f"{root}{p}\t200\t{len((PAGES.get(p) or 'leaf' + chr(10)).encode())}"
                  for p in want_paths)
    problems = []
    if rc != 0:
        problems.append(f"exit status {rc}: {err}")
    diff = fxs.compare_lines("html fixtures", want, out.splitlines())
    if diff:
        problems.append(diff)
    if sorted(Handler.seen) != want_paths:
        problems.append(f"requests seen: {sorted(Handler.seen)}\n want: {want_paths}")
    for p in problems:
        print("FAILED", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
