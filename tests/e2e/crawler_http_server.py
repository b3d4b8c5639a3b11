#!/usr/bin/env python3
"""crawler_http_server.py — crawl a small site served by
`python3 -m http.server` (HTTP/1.0, one connection per request) from a
directory made here: pages linking to each other, missing pages (404) and
directories linked without their trailing slash (301)."""
import os
import sys
import tempfile

import fixture_server as fxs

SITE = {
    "index.html": '<a href="a.html">a</a> <a href="b.html">b</a> <a href="sub">sub</a>\n'
                  '<a href="missing.html">gone</a> <a href="http://other.invalid/">away</a>\n',
    "a.html": '<a href="index.html">home</a> <a href="b.html#part">b</a>'
              ' <a href="./a.html">me</a> <a href=/>root</a>\n',
    "b.html": "<a href='../'>up</a> <a href='sub/page.html'>page</a>"
              " <a href='data.txt'>data</a> <a href='mailto:x@example.com'>mail</a>\n",
    "data.txt": '<a href="not-followed.html">text files are not parsed</a>\n',
    "sub/index.html": '<A HREF="../a.html">a</A> <a href="page.html">page</a>'
                      ' <a href="deeper">deeper</a>\n',
    "sub/page.html": '<a href="/missing2.html">gone too</a>\n',
    "sub/deeper/index.html": "<p>the end</p>\n",
}


def main():
    with tempfile.TemporaryDirectory() as root:
        for name, text in SITE.items():
            os.makedirs(os.path.join(root, os.path.dirname(name)), exist_ok=True)
            with open(os.path.join(root, name), "w") as f:
                f.write(text)
        with fxs.serving([sys.executable, "-u", "-m", "http.server", "0", "--bind",
                          "127.0.0.1", "--directory", root], r"port (\d+)") as port:
            R = f"http://127.0.0.1:{port}"
            rc, out, err = fxs.crawl("--report", "tsv", R + "/", timeout=60)

    size = {f"/{n}": len(t.encode()) for n, t in SITE.items()}
    want = [
        f"{R}/\t200\t{size['/index.html']}",
        f"{R}/a.html\t200\t{size['/a.html']}",
        f"{R}/b.html\t200\t{size['/b.html']}",
        f"{R}/data.txt\t200\t{size['/data.txt']}",
        f"{R}/index.html\t200\t{size['/index.html']}",
        f"{R}/missing.html\t404",      # error page sizes differ between Pythons
        f"{R}/missing2.html\t404",
        f"{R}/sub\t301\t{R}/sub/",
        f"{R}/sub/\t200\t{size['/sub/index.html']}",
        f"{R}/sub/deeper\t301\t{R}/sub/deeper/",
        f"{R}/sub/deeper/\t200\t{size['/sub/deeper/index.html']}",
        f"{R}/sub/page.html\t200\t{size['/sub/page.html']}",
    ]
    got = [l if "\t404\t" not in l else l.rsplit("\t", 1)[0] for l in out.splitlines()]
    return fxs.verdict(fxs.crawl_problems("http.server site", rc, err, want, got))


if __name__ == "__main__":
    sys.exit(main())
