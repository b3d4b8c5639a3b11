#!/usr/bin/env python3
"""Write the benchmark site of measurement 4 and the exact set of URLs a
correct crawler fetches from it.

usage: gensite_bench.py DIR [PAGES]

DIR/p/N.html   PAGES pages of 3-8 KB with 10-30 links each; page N always
               links to page N+1, so every page is reachable from p/0.html
DIR/f/N.txt, DIR/f/N.bin   non-HTML files some pages link to
/r/N           redirects (301 to /p/N.html), made by the server config
/missing/N.html  links that give 404
Links also use every spelling a crawler must normalise: relative, ../,
absolute path, fragments, and links it must not follow (other hosts,
mailto:, javascript:).

DIR/expected.txt: the path of every URL to be fetched, sorted.
"""
import os
import random
import sys

WORDS = ("coroutine generator future task loop select socket yield frame "
         "state resume delegate callback queue crawler page link fetch "
         "redirect header body chunk keep alive stream buffer").split()


def main():
    root = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    rnd = random.Random(20240611)
    for d in ("p", "f"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    expected = set()
    n_files = max(1, pages // 50)
    for i in range(n_files):
        with open(os.path.join(root, "f", "%d.txt" % i), "w") as f:
            f.write(("plain text file %d\n" % i) * (10 + i % 50))
        with open(os.path.join(root, "f", "%d.bin" % i), "wb") as f:
            f.write(bytes(rnd.getrandbits(8) for _ in range(256 + i % 1024)))
    for i in range(pages):
        links = ["%d.html" % ((i + 1) % pages)]
        for _ in range(rnd.randint(9, 29)):
            r = rnd.random()
            j = rnd.randrange(pages)
            if r < 0.55:
                links.append(rnd.choice(["%d.html", "/p/%d.html", "../p/%d.html",
                                         "./%d.html", "%d.html#s2"]) % j)
            elif r < 0.62:
                links.append("/r/%d" % (j % (pages // 4 or 1)))
            elif r < 0.66:
                links.append("/missing/%d.html" % (j % (pages // 20 or 1)))
            elif r < 0.74:
                links.append(rnd.choice(["/f/%d.txt", "../f/%d.bin"]) % (j % n_files))
            elif r < 0.80:
                links.append(rnd.choice(["http://example.com/%d.html",
                                         "http://127.0.0.2:1/x%d",
                                         "mailto:someone%d@example.com",
                                         "javascript:void(%d)"]) % j)
            else:
                links.append("%d.html" % j)
        body = ["<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                "<title>Page %d</title></head>\n<body>\n<h1>Page %d</h1>\n" % (i, i)]
        size = rnd.randint(3000, 8000)
        cur = sum(len(b) for b in body)
        k = 0
        while cur < size - 80 or k < len(links):
            words = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 14)))
            if k < len(links):
                s = "<p>%s <a href=\"%s\">link %d</a></p>\n" % (words, links[k], k)
                k += 1
            else:
                s = "<p>%s</p>\n" % words
            body.append(s)
            cur += len(s)
        body.append("</body></html>\n")
        with open(os.path.join(root, "p", "%d.html" % i), "w") as f:
            f.write("".join(body))
        for l in links:
            if l.startswith(("http:", "mailto:", "javascript:")):
                continue
            l = l.split("#")[0]
            if l.startswith("/"):
                expected.add(l)
            elif l.startswith("../"):
                expected.add("/" + l[3:])
            elif l.startswith("./"):
                expected.add("/p/" + l[2:])
            else:
                expected.add("/p/" + l)
            if l.startswith("/r/"):
                expected.add("/p/%s.html" % l[3:])
    expected.add("/p/0.html")
    with open(os.path.join(root, "expected.txt"), "w") as f:
        f.write("\n".join(sorted(expected)) + "\n")
    print(len(expected))


main()
