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
    if not (os.path.exists(GENSITE) and os.path.exists(HTTPD)):
        print("FAIL: examples/gensite.py or build/httpd missing (run make)")
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
        if code != 0:
            problems.append(f"{name}: exit status {code}: {err}")
        diff = fxs.compare_lines(f"gensite crawl {name}", want, text.splitlines())
        if diff:
            problems.append(diff)
    for p in problems:
        print("FAILED", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
