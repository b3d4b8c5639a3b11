#!/usr/bin/env python3
"""crawler_warc.py — `crawler --warc-file`: the sample site (gensite.py,
served by build/httpd) and a chunked page of the fixture server are
crawled into WARC files, which warcio (webrecorder's reader, npm package,
installed here into build/node_modules) reads back:

- a warcinfo record first, then a request and a response record for every
  URL the report shows as fetched, linked by WARC-Concurrent-To, IDs
  unique, every record pointing at the warcinfo;
- every WARC-Block-Digest and WARC-Payload-Digest checks (the payload with
  the chunked framing removed), each response's status is the report's,
  and each 200 payload is the file served, byte for byte;
- against `wget --warc-file` on the same site: the same record types in
  the same order per URL, every header wget writes also written, and the
  same payload digests.
"""
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

import fixture_server as fxs

ROOT = fxs.ROOT
HTTPD = os.path.join(ROOT, "build", "httpd")
MODULES = os.path.join(ROOT, "build", "node_modules")
WARCIO = "2.4.11"
READER = os.path.join(ROOT, "tests", "e2e", "warc_read.cjs")

problems = []


def check(ok, what):
    if not ok:
        problems.append(what)
    return ok


def install_warcio():
    pkg = os.path.join(MODULES, "warcio", "package.json")
    if os.path.exists(pkg) and json.load(open(pkg)).get("version") == WARCIO:
        return True
    p = subprocess.run(["npm", "install", "--prefix", os.path.dirname(MODULES), "--no-audit",
                        "--no-fund", "--no-save", f"warcio@{WARCIO}"],
                       capture_output=True, text=True, timeout=300)
    return check(p.returncode == 0 and os.path.exists(pkg),
                 f"npm install warcio@{WARCIO} failed: {p.stderr[-2000:]}")


def read_warc(path):
    p = subprocess.run(["node", READER, MODULES, path], capture_output=True, text=True,
                       timeout=120)
    if not check(p.returncode == 0, f"warcio could not read {path}: {p.stderr[-2000:]}"):
        return []
    return [json.loads(line) for line in p.stdout.splitlines()]


def by_url(records):
    """URL -> its records in file order (warcinfo and metadata left out)."""
    out = {}
    for r in records:
        uri = r["headers"].get("WARC-Target-URI", "")
        if r["type"] in ("request", "response"):
            out.setdefault(uri.strip("<>"), []).append(r)
    return out


def check_own(name, records, report, served=None):
    """The structure and digests of a WARC the crawler wrote. `served`
    maps URLs whose payload digest is checked against a known body
    instead of warcio's reading of it."""
    served = served or {}
    if not check(records and records[0]["type"] == "warcinfo", f"{name}: warcinfo first"):
        return
    info_id = records[0]["headers"]["WARC-Record-ID"]
    ids = [r["headers"].get("WARC-Record-ID") for r in records]
    check(len(set(ids)) == len(ids), f"{name}: record IDs not unique")
    for i, r in enumerate(records):
        h = r["headers"]
        what = f"{name}: record {i} ({r['type']} {h.get('WARC-Target-URI')})"
        check(re.fullmatch(r"<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                           r"[0-9a-f]{12}>", h.get("WARC-Record-ID", "")), f"{what}: record ID")
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", h.get("WARC-Date", "")),
              f"{what}: WARC-Date")
        check(h.get("WARC-Block-Digest") == r["blockDigest"],
              f"{what}: block digest {h.get('WARC-Block-Digest')} != {r['blockDigest']}")
        if r["type"] in ("request", "response"):
            check(h.get("WARC-Warcinfo-ID") == info_id, f"{what}: WARC-Warcinfo-ID")
            check(h.get("WARC-IP-Address") == "127.0.0.1", f"{what}: WARC-IP-Address")
            check(h.get("Content-Type") == f"application/http; msgtype={r['type']}",
                  f"{what}: Content-Type {h.get('Content-Type')}")
        uri = h.get("WARC-Target-URI")
        if r["type"] == "response" and uri in served:
            want = "sha1:" + base64.b32encode(hashlib.sha1(served[uri]).digest()).decode()
            check(h.get("WARC-Payload-Digest") == want,
                  f"{what}: payload digest {h.get('WARC-Payload-Digest')} != {want}")
        elif r["type"] == "response":
            check(h.get("WARC-Payload-Digest") == r["payloadDigest"],
                  f"{what}: payload digest {h.get('WARC-Payload-Digest')} != "
                  f"{r['payloadDigest']}")
    urls = by_url(records)
    fetched = {u: s for u, s in report.items() if s != "error"}
    check(set(urls) == set(fetched),
          f"{name}: URLs in the WARC differ from the report: "
          f"{sorted(set(urls) ^ set(fetched))[:10]}")
    for url, recs in urls.items():
        types = [r["type"] for r in recs]
        if not check(types == ["request", "response"], f"{name}: {url}: records {types}"):
            continue
        req, resp = recs
        check(req["headers"].get("WARC-Concurrent-To") == resp["headers"]["WARC-Record-ID"] and
              resp["headers"].get("WARC-Concurrent-To") == req["headers"]["WARC-Record-ID"],
              f"{name}: {url}: request and response not linked")
        check(str(resp["status"]) == fetched.get(url),
              f"{name}: {url}: status {resp['status']}, report {fetched.get(url)}")
    return urls


def tsv(text):
    out = {}
    for line in text.splitlines():
        url, status, _ = line.split("\t", 2)
        out[url] = status
    return out


def served_file(site, url):
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    if path.endswith("/"):
        path += "index.html"
    return os.path.join(site, path.lstrip("/"))


def main():
    for tool in ("node", "npm", "wget"):
        if not shutil.which(tool):
            print(f"FAIL: {tool} not installed (make test-tools installs it)")
            return 1
    if not install_warcio():
        print("\n".join(problems))
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        subprocess.run([sys.executable, os.path.join(ROOT, "examples", "gensite.py"),
                        "--pages", "40", "--expected", os.path.join(tmp, "e.tsv"), site],
                       check=True, capture_output=True, timeout=60)
        server = subprocess.Popen([HTTPD, "-p", "0", "-q", "-r", site],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            m = re.search(r"http://127\.0\.0\.1:(\d+)", server.stdout.readline())
            if not m:
                print("FAIL: httpd did not start")
                return 1
            root = f"http://127.0.0.1:{m.group(1)}/"
            ours = os.path.join(tmp, "ours")
            rc, out, err = fxs.crawl("--report", "tsv", "--no-robots", "-c", "4", "--warc-file", ours, root,
                                     timeout=120)
            check(rc == 0, f"crawler exit {rc}: {err}")
            check(os.path.exists(ours + ".warc.gz"), "NAME.warc.gz not written")
            p = subprocess.run(["wget", "-q", "-r", "-l", "inf", "-e", "robots=off",
                                "--no-warc-keep-log", "--warc-file=" + os.path.join(tmp, "wget"),
                                "-P", os.path.join(tmp, "wget-files"), root],
                               capture_output=True, timeout=120)
            check(os.path.exists(os.path.join(tmp, "wget.warc.gz")),
                  f"wget wrote no WARC (exit {p.returncode})")
        finally:
            server.kill()
            server.wait()
        report = tsv(out)
        mine = read_warc(ours + ".warc.gz")
        urls = check_own("sample site", mine, report) or {}
        for url, recs in urls.items():
            resp = recs[-1]
            if resp["status"] == 200:
                with open(served_file(site, url), "rb") as f:
                    want = hashlib.sha1(f.read()).hexdigest()
                check(resp["payloadSha1"] == want, f"{url}: payload is not the file served")

        # the record structure wget writes for the same site
        theirs = read_warc(os.path.join(tmp, "wget.warc.gz"))
        wget_urls = by_url(theirs)
        common = set(urls) & set(wget_urls)
        check(len(common) >= 0.9 * max(len(urls), 1),
              f"wget and the crawler share only {len(common)} of {len(urls)} URLs")
        check(theirs and theirs[0]["type"] == "warcinfo", "wget: warcinfo first")
        if mine and theirs:
            missing = set(theirs[0]["headers"]) - set(mine[0]["headers"])
            check(not missing, f"warcinfo lacks wget's headers {missing}")
        for url in sorted(common):
            a, b = urls[url], wget_urls[url]
            check([r["type"] for r in a] == [r["type"] for r in b],
                  f"{url}: record types {[r['type'] for r in a]}, wget "
                  f"{[r['type'] for r in b]}")
            for x, y in zip(a, b):
                missing = set(y["headers"]) - set(x["headers"])
                check(not missing, f"{url} {x['type']}: lacks wget's headers {missing}")
                if x["type"] == "response":
                    check(x["status"] == y["status"] and
                          x["headers"]["WARC-Payload-Digest"] ==
                          y["headers"]["WARC-Payload-Digest"],
                          f"{url}: payload digest or status differs from wget's")

        # robots.txt on (the default): its fetch is archived too, as wget's
        # is with robots=on; it is no line of the report
        fx = fxs.start()
        try:
            robots = os.path.join(tmp, "robots")
            rc, out, err = fxs.crawl("--report", "tsv", "--warc-file", robots, fx.url("/"),
                                     timeout=60)
            check(rc == 0, f"robots on: exit {rc}: {err[-2000:]}")
            got = by_url(read_warc(robots + ".warc.gz"))
            rurl = fx.url("/robots.txt")
            check([r["type"] for r in got.get(rurl, [])] == ["request", "response"],
                  f"robots on: {rurl} not archived as a request and a response")
            check(rurl not in tsv(out), "robots on: robots.txt is a line of the report")
        finally:
            fxs.stop(fx)

        # chunked responses (with chunk extensions): the payload digest is
        # over the de-chunked body. warcio 2.4.11 de-chunks a body without
        # trailer fields; with them (/chunked) it keeps the trailer in the
        # body, so that digest is checked against the body served.
        fx = fxs.start()
        try:
            chunked = os.path.join(tmp, "chunked")
            rc, out, err = fxs.crawl("--report", "tsv", "--no-robots", "--warc-file", chunked,
                                     fx.url("/chunked"), fx.url("/chunked/no-trailer"),
                                     timeout=60)
            check(rc == 0, f"chunked crawl exit {rc}: {err}")
            recs = read_warc(chunked + ".warc.gz")
            urls = check_own("chunked", recs, tsv(out),
                             {fx.url("/chunked"): fx.body("/chunked")}) or {}
            check(len(urls) == 5, f"chunked: {len(urls)} URLs in the WARC, want 5")
            resp = urls.get(fx.url("/chunked/no-trailer"), [{}])[-1]
            check(resp.get("payloadSha1") ==
                  hashlib.sha1(fx.body("/chunked/no-trailer")).hexdigest(),
                  "chunked: warcio's de-chunked payload is not the body served")
            # the same crawl under valgrind: no error, no leak
            if shutil.which("valgrind"):
                p = subprocess.run(["valgrind", "-q", "--leak-check=full", "--error-exitcode=99",
                                    fxs.CRAWLER, "-q", "--no-robots", "--warc-file", chunked + "-vg",
                                    fx.url("/chunked"), fx.url("/chunked/no-trailer")],
                                   capture_output=True, text=True, timeout=120)
                check(p.returncode == 0, f"valgrind: exit {p.returncode}: {p.stderr[-3000:]}")
            else:
                check(False, "valgrind not installed")
        finally:
            fxs.stop(fx)

        # an unwritable name is a clear error, exit 2
        rc, out, err = fxs.crawl("--warc-file", os.path.join(tmp, "no", "such", "dir"), root)
        check(rc == 2 and "cannot create" in err and "such" in err,
              f"unwritable --warc-file: exit {rc}, {err!r}")
    for p in problems:
        print("FAILED", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
