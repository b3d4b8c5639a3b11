#!/usr/bin/env python3
"""gensite.py — write a deterministic sample site and the crawl a correct
crawler should report for it.

    python3 examples/gensite.py [--pages N] [--seed S] [--expected FILE] OUTDIR

OUTDIR gets a few hundred HTML pages in sections and subsections, linked
with relative and absolute-path hrefs in every quoting style, with
fragments, queries, entities and '..' segments; directory links without
their trailing slash (the server answers 301, which is how a static server
makes redirects); links to missing pages (404); non-HTML files (.txt, .css,
.png, no extension); mailto:, javascript:, other-host and other-port links
that must not be fetched; and pages reachable only through a comment, a
<script> or a text file, which must not be fetched either.

FILE (default OUTDIR.expected.tsv) gets SPEC section 5's tsv report for a
crawl from @ROOT@/ — replace @ROOT@ with http://HOST:PORT — sorted by URL
in byte order: URL, status, and the redirect target for 3xx or the body
size otherwise.

The statuses and sizes are exactly build/httpd's. Crawling the same site
served by `python3 -m http.server` differs only in the 404 lines: its
error body is a 335-byte HTML page, httpd's is "404 Not Found\n" (14
bytes). Its 301 Location has the same path form ("/sec02/?from=home"), so
redirect lines agree. Uses the Python standard library only.
"""
import argparse
import os
import posixpath
import random
import re
import shutil
import sys

ROOT = "@ROOT@"
NOT_FOUND_BODY = b"404 Not Found\n"      # file_reply.c's error body
WORDS = ("coroutine generator future task loop select socket yield frame "
         "state machine delegate crawler fetch queue worker redirect link "
         "page server client request response header body byte").split()


# ---------------------------------------------------------------- the site

class Site:
    """Files to write, and for each HTML file the hrefs a crawler sees."""

    def __init__(self):
        self.files = {}   # site path ("/sec01/index.html") -> bytes
        self.links = {}   # site path of an HTML file -> [decoded href, ...]

    def add(self, path, data):
        self.files[path] = data if isinstance(data, bytes) else data.encode()


def page_dir(path):
    """The directory a relative href on the page at `path` starts from."""
    d = posixpath.dirname(path)
    return d if d.endswith("/") else d + "/"


def relative_href(from_path, to_path):
    """A relative reference from the page at from_path to to_path."""
    rel = posixpath.relpath(to_path, page_dir(from_path))
    if to_path.endswith("/") and not rel.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel


def quote_attr(rng, value_html):
    """An href attribute in one of the quoting styles HTML allows."""
    style = rng.randrange(5)
    if style == 0 and not re.search(r"[\s'\"=<>`]", value_html):
        return f"href={value_html}"
    if style == 1:
        return f"href='{value_html}'"
    if style == 2:
        return f'HREF = "{value_html}"'
    return f'href="{value_html}"'


def link_forms(rng, from_path, to_path):
    """(decoded href, as written in HTML) for one link, in a random form."""
    form = rng.randrange(6)
    if form == 0:
        href = to_path
    elif form == 1:
        href = relative_href(from_path, to_path)
    elif form == 2:
        href = to_path + "#section-" + str(rng.randrange(1, 5))
    elif form == 3:
        rel = relative_href(from_path, to_path)
        href = rel if rel.startswith(".") else "./" + rel
    elif form == 4:
        # Climb to the root with one '..' too many: RFC 3986 drops it.
        depth = page_dir(from_path).count("/") - 1
        href = "../" * (depth + 1) + to_path.lstrip("/")
    else:
        href = relative_href(from_path, to_path) + "#top"
    return href, href


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def html_page(title, body_lines):
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n"
            "<link rel=\"stylesheet\" href=\"/style.css\">\n"
            f"</head><body id=\"top\">\n<h1>{title}</h1>\n"
            + "".join(line + "\n" for line in body_lines)
            + "</body></html>\n")


def anchor(rng, href_html, text):
    return f"<li><a {quote_attr(rng, href_html)}>{text}</a></li>"


def build(pages, seed):
    rng = random.Random(seed)
    site = Site()
    nsec = max(2, pages // 50)
    sections = [f"/sec{i:02d}/" for i in range(1, nsec + 1)]
    dirs = list(sections) + [s + "deep/" for s in sections[::2]]
    dirs.sort()
    # Every directory has an index.html; the rest are numbered pages.
    count = max(0, pages - 1 - len(dirs))
    leaves = []
    for i in range(1, count + 1):
        where = rng.choice(["/"] + dirs)
        leaves.append(f"{where}page-{i:04d}.html")
    by_dir = {d: [p for p in leaves if page_dir(p) == d] for d in ["/"] + dirs}

    special = {
        "style": "/style.css",
        "notes": "/files/notes.txt",
        "logo": "/files/logo.png",
        "data": "/files/data",
        "spaces": "/a page with spaces.html",
        "orphan": "/orphan.html",
        "commented": "/commented.html",
        "scripted": "/scripted.html",
        "from_text": "/from-text.html",
    }
    site.add(special["style"], "body { font-family: sans-serif; }\n"
             "a[href^=\"/missing\"] { color: red; }\n")
    site.add(special["notes"], "Plain text, not HTML: a crawler must not follow\n"
             "<a href=\"/from-text.html\">this link</a>.\n")
    png = b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(300 + rng.randrange(200)))
    site.add(special["logo"], png)
    site.add(special["data"], bytes(rng.randrange(256) for _ in range(97)))
    for key in ("orphan", "commented", "scripted", "from_text"):
        site.add(special[key], html_page(key, ["<p>Nothing links here for real.</p>"]))
    site.add(special["spaces"], html_page("spaces", [anchor(rng, "/", "home")]))
    site.links[special["spaces"]] = ["/style.css", "/"]

    def write_page(path, title, targets, extra_lines=(), extra_links=()):
        lines = [f"<p>{words(rng, 20 + rng.randrange(60))}</p>", "<ul>"]
        hrefs = ["/style.css"]
        for to in targets:
            decoded, html = link_forms(rng, path, to)
            lines.append(anchor(rng, html, to))
            hrefs.append(decoded)
        for decoded, html in extra_links:
            lines.append(anchor(rng, html, "more"))
            hrefs.append(decoded)
        lines.append("</ul>")
        lines.extend(extra_lines)
        file_path = path + "index.html" if path.endswith("/") else path
        site.add(file_path, html_page(title, lines))
        site.links[file_path] = hrefs

    # Root: every section, one without its slash (301), one with a query
    # (301 keeping it), the special files, and links that must not be fetched.
    root_targets = [s for s in sections[2:]] + by_dir["/"]
    root_extra = [
        (sections[0].rstrip("/").lstrip("/"), sections[0].rstrip("/").lstrip("/")),
        (sections[1].rstrip("/") + "?from=home", sections[1].rstrip("/") + "?from=home"),
        ("files/notes.txt", "files/notes.txt"),
        ("/files/logo.png", "/files/logo.png"),
        ("/files/data", "/files/data"),
        ("a page with spaces.html", "a page with spaces.html"),
        ("/a%20page%20with%20spaces.html", "/a%20page%20with%20spaces.html"),
        ("/missing-root.html", "/missing-root.html"),
        ("/nowhere/", "/nowhere/"),
        ("index.html?a=1&b=2", "index.html?a=1&amp;b=2"),
        ("#top", "#top"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),
        ("javascript:void(0)", "javascript:void(0)"),
        ("http://example.com/", "http://example.com/"),
        ("HTTPS://example.org/secure", "HTTPS://example.org/secure"),
        ("//example.net/scheme-relative", "//example.net/scheme-relative"),
        ("http://127.0.0.1:1/other-port", "http://127.0.0.1:1/other-port"),
        ("ftp://example.com/file", "ftp://example.com/file"),
    ]
    hidden = [
        "<!-- <a href=\"/commented.html\">commented out</a> -->",
        "<script>document.write('<a href=\"/scripted.html\">x</a>');</script>",
    ]
    write_page("/", "Sample site", root_targets, hidden, root_extra)

    for d in dirs:
        targets = list(by_dir[d])
        if d + "deep/" in dirs:
            targets.append(d + "deep/")
        extra = [(f"missing-{d.strip('/').replace('/', '-')}.html",) * 2]
        if d.endswith("deep/"):
            # Back up to the section without its slash: a 301 from below.
            extra.append(("../../" + d.split("/")[1],) * 2)
        write_page(d, "Section " + d, targets, (), extra)

    everything = leaves + dirs
    for i, p in enumerate(leaves):
        targets = rng.sample(everything, min(len(everything), 3 + rng.randrange(5)))
        extra = []
        if rng.random() < 0.08:
            extra.append((f"/missing-{i:04d}.html",) * 2)
        if rng.random() < 0.05:
            q = p + "?ref=" + str(rng.randrange(3))
            extra.append((q, q))
        write_page(p, "Page " + p, targets, (), extra)
    return site


# ----------------------------------------------------------- the crawl

def remove_dot_segments(path):
    """RFC 3986 section 5.2.4."""
    out = []
    segs = path.split("/")
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    result = "/".join(out)
    return result if result.startswith("/") else "/" + result


def resolve(base, href):
    """The site path?query a link leads to, or None if it leaves the site.
    base is a path?query on the site. Mirrors examples/lib/url.c for the
    hrefs this generator writes."""
    href = href.split("#", 1)[0]
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href) or href.startswith("//"):
        return None    # another scheme, host or port: never fetched
    base_path, _, base_query = base.partition("?")
    if href == "":
        return base
    if href.startswith("?"):
        return base_path + href
    path, sep, query = href.partition("?")
    if not path.startswith("/"):
        path = base_path[: base_path.rfind("/") + 1] + path
    path = remove_dot_segments(path).replace(" ", "%20")
    return path + sep + query


def serve(site, url):
    """(status, detail, html_file or None): what build/httpd answers."""
    path, sep, query = url.partition("?")
    fs = path.replace("%20", " ")
    if fs.endswith("/"):
        fs += "index.html"
    elif any(name.startswith(fs + "/") for name in site.files):
        return 301, ROOT + path + "/" + sep + query, None
    data = site.files.get(fs)
    if data is None:
        return 404, str(len(NOT_FOUND_BODY)), None
    html = fs if fs.lower().endswith((".html", ".htm")) else None
    return 200, str(len(data)), html


def crawl(site):
    """Breadth-first from the root, each URL once, following redirects and
    links of HTML pages; returns {url: (status, detail)}."""
    seen = {"/"}
    todo = ["/"]
    report = {}
    while todo:
        url = todo.pop(0)
        status, detail, html = serve(site, url)
        report[ROOT + url] = (status, detail)
        nexts = []
        if 300 <= status < 400:
            nexts.append(detail[len(ROOT):])
        elif html:
            nexts.extend(resolve(url, h) for h in site.links.get(html, []))
        for n in nexts:
            if n is not None and n not in seen:
                seen.add(n)
                todo.append(n)
    return report


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=300, help="HTML pages (default 300)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--expected", help="tsv to write (default OUTDIR.expected.tsv)")
    ap.add_argument("outdir")
    args = ap.parse_args()
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    out = args.outdir.rstrip("/") or "/"
    expected = args.expected or out + ".expected.tsv"

    site = build(args.pages, args.seed)
    if os.path.isdir(out):
        shutil.rmtree(out)    # stale files would change the crawl
    for path, data in sorted(site.files.items()):
        dest = os.path.join(out, path.lstrip("/"))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(data)

    report = crawl(site)
    lines = sorted(f"{u}\t{s}\t{d}\n".encode() for u, (s, d) in report.items())
    with open(expected, "wb") as f:
        f.writelines(lines)
    print(f"gensite: {len(site.files)} files in {out}, "
          f"{len(lines)} URLs expected in {expected}", file=sys.stderr)


if __name__ == "__main__":
    main()
