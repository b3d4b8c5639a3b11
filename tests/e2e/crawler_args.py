#!/usr/bin/env python3
"""crawler_args.py — the crawler's command line: --help, and bad arguments
exit with status 2 and a message naming the problem, without crawling."""
import sys

import fixture_server as fxs

BAD = [
    ([], "no URL given"),
    (["--max-tasks", "0", "http://127.0.0.1:1/"], "--max-tasks"),
    (["-c", "x", "http://127.0.0.1:1/"], "--max-tasks"),
    (["-c", "10001", "http://127.0.0.1:1/"], "from 1 to 10000"),
    (["--max-redirect", "-1", "http://127.0.0.1:1/"], "--max-redirect"),
    (["--max-tries", "0", "http://127.0.0.1:1/"], "--max-tries"),
    (["--timeout", "0", "http://127.0.0.1:1/"], "--timeout"),
    (["--timeout", "soon", "http://127.0.0.1:1/"], "--timeout"),
    (["--max-pages", "0", "http://127.0.0.1:1/"], "--max-pages"),
    (["--max-body", "lots", "http://127.0.0.1:1/"], "--max-body"),
    (["--exclude", "a(b", "http://127.0.0.1:1/"], "bad regular expression"),
    (["--report", "xml", "http://127.0.0.1:1/"], "'text' or 'tsv'"),
    (["--warc-file=", "http://127.0.0.1:1/"], "--warc-file"),
    (["--frobnicate", "http://127.0.0.1:1/"], "unknown option '--frobnicate'"),
    (["-z", "http://127.0.0.1:1/"], "unknown option '-z'"),
    (["--quiet=yes", "http://127.0.0.1:1/"], "takes no value"),
    (["http://127.0.0.1:1/", "--timeout"], "needs a value"),
    (["gopher://example.com/"], "bad URL 'gopher://example.com/'"),
    (["https://127.0.0.1:0/"], "bad URL"),
    (["--ca-certificate", "/nonexistent/ca.pem", "https://127.0.0.1:1/"], "/nonexistent/ca.pem"),
    (["--ca-certificate=", "https://127.0.0.1:1/"], "--ca-certificate"),
    (["--no-check-certificate=yes", "https://127.0.0.1:1/"], "takes no value"),
    (["ftp://127.0.0.1/"], "bad URL"),
    (["http://127.0.0.1:99999/"], "bad URL"),
    (["not a url"], "bad URL"),
    (["--max-per-host", "0", "http://127.0.0.1:1/"], "--max-per-host"),
    (["--max-per-host", "1001", "http://127.0.0.1:1/"], "from 1 to 1000"),
    (["--wait", "-1", "http://127.0.0.1:1/"], "--wait"),
    (["--wait", "later", "http://127.0.0.1:1/"], "--wait"),
    (["--user-agent", "", "http://127.0.0.1:1/"], "--user-agent"),
    (["--user-agent", "bot\r\nX-Evil: 1", "http://127.0.0.1:1/"], "control characters"),
    (["--domains", ",,", "http://127.0.0.1:1/"], "--domains"),
    (["--no-robots=yes", "http://127.0.0.1:1/"], "takes no value"),
    (["-D"], "needs a value"),
]


def main():
    failures = []
    for args, want in BAD:
        rc, out, err = fxs.crawl(*args, timeout=10)
        if rc != 2 or want not in err or out:
            failures.append(f"{args}: exit {rc} (want 2), stderr {err!r}, stdout {out!r}; "
                            f"want the message to mention {want!r}")
    rc, out, err = fxs.crawl("--help", timeout=10)
    if rc != 0 or "usage: crawler" not in out or "--max-redirect" not in out \
            or "--max-per-host" not in out or "--no-robots" not in out \
            or "--no-check-certificate" not in out:
        failures.append(f"--help: exit {rc}, stdout {out!r}")
    for f in failures:
        print("FAILED", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
