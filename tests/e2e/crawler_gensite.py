#!/usr/bin/env python3
"""crawler_gensite.py — the sample site of examples/gensite.py served by
build/httpd and crawled by build/crawler: the tsv report must equal the
generator's expected.tsv line for line. Skipped (passes) while gensite.py
or build/httpd does not exist yet."""
import os
import subprocess
import sys
import tempfile

import fixture_server as fxs

GENSITE = os.path.join(fxs.ROOT, "examples", "gensite.py")
HTTPD = os.path.join(fxs.ROOT, "build", "httpd")


def main():
    if fxs.missing(GENSITE, HTTPD):
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        expected = os.path.join(tmp, "expected.tsv")
        subprocess.run([sys.executable, GENSITE, "--expected", expected, site],
                       check=True, capture_output=True, timeout=60)
        with fxs.serving([HTTPD, "-p", "0", "-q", "-r", site]) as port:
            R = f"http://127.0.0.1:{port}"
            rc, out, err = fxs.crawl("--report", "tsv", R + "/", timeout=120)
            rc1, out1, _ = fxs.crawl("--report", "tsv", "-c", "1", R + "/", timeout=120)
        want = open(expected).read().replace("@ROOT@", R).splitlines()
    problems = []
    for name, code, text in (("-c 10", rc, out), ("-c 1", rc1, out1)):
        problems += fxs.crawl_problems(f"gensite crawl {name}", code, err, want,
                                       text.splitlines())
    return fxs.verdict(problems)


if __name__ == "__main__":
    sys.exit(main())
