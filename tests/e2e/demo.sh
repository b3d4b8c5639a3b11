#!/bin/sh
# `sh examples/demo.sh` (what make demo runs) end to end: it generates the
# site, serves it, crawls it, prints the report, exits 0, and leaves no
# server behind.
set -u
cd "$(dirname "$0")/../.." || exit 1
if [ ! -x build/crawler ]; then
	echo "SKIP: build/crawler does not exist yet; examples/demo.sh needs it"
	exit 0
fi
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
timeout 120 sh examples/demo.sh >"$OUT" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	echo "FAIL: examples/demo.sh exited $rc" >&2
	cat "$OUT" >&2
	exit 1
fi
url=$(sed -n 's|^demo: serving .* at \(http://127\.0\.0\.1:[0-9]*/\); crawling it$|\1|p' "$OUT")
[ -n "$url" ] || { echo "FAIL: demo did not say where it served" >&2; cat "$OUT" >&2; exit 1; }
# The text report names every URL the crawl reached.
n=$(wc -l <build/demo-site.expected.tsv)
got=$(grep -cF "$url" "$OUT")
if [ "$got" -lt "$n" ]; then
	echo "FAIL: the report mentions $got URLs, expected at least $n" >&2
	cat "$OUT" >&2
	exit 1
fi
# The server was stopped: nothing listens on its port any more.
port=${url##*:}; port=${port%/}
if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=2)" "$port" 2>/dev/null; then
	echo "FAIL: httpd still listening on $port after the demo" >&2
	exit 1
fi
echo "demo: ok"
