#!/usr/bin/env python3
"""crawler_links_vs_python.py — a differential check of link extraction:
links.c + url.c against an independent pipeline, Python's html.parser
(the tokenizer) and urllib.parse.urljoin (RFC 3986 resolution), on 600
random documents built from tricky pieces (quoting, case, repeated
attributes, character references, comments, <script>/<style> contents,
<base> before and after links, relative and absolute references) and a
hand-written list.

The corpus keeps to where Python agrees with HTML5 browsers. Where it
does not, browsers are right and the unit tests and crawler_html.py test
us against the HTML5 rules instead (docs/CRAWLER.md, "HTML rules"):
- html.parser reads <title>, <textarea>, <xmp>, <iframe>, <noembed>,
  <noframes> and <plaintext> content as markup (3.11; 3.13 learnt some);
- html.unescape uses the rules for text, so "&copy=2" in an attribute
  becomes "©=2" (HTML5: kept), and it drops code points HTML5 keeps
  (controls, noncharacters);
- urljoin drops an empty ";params" ("x;" gives "x"; worked around here),
  keeps backslashes, percent-encoding case, non-ASCII bytes and
  fragments as written, does not lower-case the host, and knows nothing
  of <base>. The Python side below applies <base>, the HTML5 "first
  attribute wins" rule and the normalisation url.h documents, so what is
  compared is the tokenizing, the decoding and the resolution.
"""
import os
import random
import re
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser

import fixture_server as fxs

ROOT = fxs.ROOT
B = os.path.join(ROOT, "build", "tests", "e2e")
BASE = "http://127.0.0.1:8080/dir/page.html?q=1"

HREFS = [
    "a.html", "../b/c.html", "./d", "/e?f=1&amp;g=2", "?q=2", "#frag", "g#s/../x",
    "//127.0.0.1:8081/x", "http://Example.COM:80/A/./B/../C", "HTTP://h/x?y#z",
    "mailto:x@y", "javascript:void(0)", "ftp://h/", " spaced.html ", "caf&#233;.html",
    "caf&#xE9;.html", "n&eacute;.html", "sp&nbsp;ace", "&lt;&gt;&quot;", "e&#128;",
    "x&#x9F;", "nul&#0;", "big&#1234567;", "&NotNestedGreaterGreater;", "end&eacute",
    "end&amp", "a&amp;b", "t&eacute/x", "%7euser/%c3%a9", "%41%2F%3f", "p%20q", "é/ü",
    "a b", "q?x='1'", "x?<y>", "/a/b/../../../c", "..", ".", "", "g;x=1/../y",
    "&#47;abs", "&#x2f;&#x2F;h2/p", "a&#9;b", "a&#10;b", "&amp;amp;",
]

PIECES = [
    '<a href="{h}">t</a>', "<a HREF='{h}'>", "<A href={u}>", '<link rel=x href="{h}">',
    '<a id=1 href = "{h}" href="{h2}">', "<area href={u}/>", '<a title="x>y" href="{h}">',
    '<!-- <a href="{h}"> -->', "<script>var a='<a href=\"{h}\">'</script>",
    "<style>/*<a href='{h}'>*/</style>", '<base href="{h}">', "1 < 2", "</a>", "<p>",
    "<a href>", "<a\nhref\n=\n'{h}'>", "<img src=x>", "<!DOCTYPE html>", '<a data-href="{h}">',
]


class Python(HTMLParser):
    """html.parser, with HTML5's first-attribute and <base> rules."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.base = None        # (value,) once the first base with href is seen

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name != "href":
                continue
            if tag == "base":
                if self.base is None:
                    self.base = (value,)
            elif value is not None:
                self.links.append((tag, value))
            break


def remove_dots(path):
    out = []
    segs = path.split("/")[1:]
    for i, s in enumerate(segs):
        last = i == len(segs) - 1
        if s == ".":
            if last:
                out.append("")
        elif s == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(s)
    return "/" + "/".join(out)


def normalise(url):
    """url.h's normal form of an absolute URL, or '!'."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.netloc:
        return "!"
    host = parts.netloc.lower()
    if host.endswith(":80"):
        host = host[:-3]
    if host.endswith(":"):
        host = host[:-1]

    def enc(s, in_query):
        s = urllib.parse.quote(s, safe="".join(chr(c) for c in range(0x21, 0x7f)
                                               if chr(c) not in '"<>' +
                                               ("'" if in_query else "`{}")))
        s = re.sub(r"%([0-9a-fA-F]{2})", lambda m: "%" + m.group(1).upper(), s)
        return re.sub(r"%(4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]|3[0-9]|2D|2E|5F|7E)",
                      lambda m: chr(int(m.group(1), 16)), s)

    path = remove_dots(enc(parts.path or "/", False))
    query = "?" + enc(parts.query, True) if "?" in url.split("#")[0] else ""
    return f"http://{host}{path}{query}"


def python_links(html):
    p = Python()
    p.feed(html)
    p.close()
    base = BASE
    out = []

    def resolve(href):
        h = href.strip("".join(chr(c) for c in range(0x21))).replace("\t", "")
        h = h.replace("\n", "").replace("\r", "")
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", h) and not h.lower().startswith("http:"):
            return "!"
        if h.lower().startswith("http:") and not h[5:].startswith("//"):
            h = h[5:]               # "http:g" is relative, as in browsers
        # urljoin splits RFC 2396 ";params" off and drops them when empty
        # ("x;" gives "x"): hide ';' from it
        return normalise(urllib.parse.urljoin(base, h.replace(";", "\ue000"))
                         .replace("\ue000", ";"))

    def show(s):
        return "".join(f"\\x{ord(c):02x}" if c in "\n\t\r\\" else c for c in s)

    if p.base is not None:
        if p.base[0] is not None:
            r = resolve(p.base[0])
            out.append(f"base\t{show(p.base[0])}\t{r}")
            if r != "!":
                base = r
    for tag, href in p.links:
        out.append(f"{tag}\t{show(href)}\t{resolve(href)}")
    return out


def corpus():
    rng = random.Random(12)
    docs = [
        '<a href="x">1</a><base href="/b/"><a href=y>',
        "<script>'<a href=no>'</script ><a href=yes>",
        '<a href="a&amp;b=1&lt;2">', "<a href='&#x110000;&#xD800;'>",
    ]
    for _ in range(600):
        parts = []
        for _ in range(rng.randint(1, 8)):
            h, h2 = rng.choice(HREFS), rng.choice(HREFS)
            u = re.sub(r"[\s\"'=<>`]", "", h) or "u"
            parts.append(rng.choice(PIECES).format(h=h, h2=h2, u=u))
        docs.append(rng.choice(["", "\n", " "]).join(parts))
    return docs


def main():
    os.makedirs(B, exist_ok=True)
    exe = os.path.join(B, "links_dump")
    lib = os.path.join(ROOT, "examples", "lib")
    p = subprocess.run(["cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-O1",
                        "-D_POSIX_C_SOURCE=200809L", "-I" + lib,
                        os.path.join(ROOT, "tests", "e2e", "links_dump.c"),
                        *(os.path.join(lib, f) for f in ("links.c", "url.c", "entities.c")),
                        "-o", exe], capture_output=True, text=True)
    if p.returncode:
        print("FAIL: building links_dump:", p.stderr)
        return 1
    docs = corpus()
    p = subprocess.run([exe, BASE], input="\f\n".join(docs).encode(), capture_output=True,
                       timeout=60)
    if p.returncode:
        print("FAIL: links_dump:", p.stderr.decode(errors="replace"))
        return 1
    ours = p.stdout.decode().split("\f\n")[:len(docs)]
    bad = 0
    links = 0
    for doc, got in zip(docs, ours):
        want = python_links(doc)
        got = got.strip("\n").split("\n") if got.strip("\n") else []
        links += len(want)
        if got != want:
            bad += 1
            if bad <= 5:
                print("DIFFERS for", repr(doc))
                for line in want:
                    if line not in got:
                        print("  python only:", repr(line))
                for line in got:
                    if line not in want:
                        print("  ours only:  ", repr(line))
                if sorted(got) == sorted(want):
                    print("  order differs")
    if len(ours) != len(docs) or links < 1000:
        print(f"FAIL: {len(ours)} results for {len(docs)} documents, {links} links")
        return 1
    print(f"{len(docs)} documents, {links} links, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
