#!/bin/sh
# build/fetcher against build/httpd serving a generated site: every URL is
# fetched concurrently, one line each, then the elapsed time; a refused
# connection is reported and makes the exit status 1.
set -u
cd "$(dirname "$0")/../.." || exit 1
for p in build/fetcher build/httpd; do
	[ -x "$p" ] || { echo "FAIL: $p missing; run make" >&2; exit 1; }
done
SITE=$(mktemp -d)
OUT=$(mktemp)
. tests/e2e/httpd_server.inc
trap 'cleanup_httpd; rm -rf "$SITE" "$SITE.expected.tsv" "$OUT"' EXIT

timeout 60 python3 examples/gensite.py --pages 40 --seed 3 "$SITE" 2>/dev/null || { echo "FAIL: gensite" >&2; exit 1; }
start_httpd "$SITE" -q
R=$ROOT_URL
size() { wc -c <"$SITE/$1" | tr -d ' '; }

timeout 30 build/fetcher "$R/" "$R/style.css" "$R/sec01" "$R/files/logo.png" "$R/nope.html" >"$OUT"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: fetcher exit status $rc" >&2; cat "$OUT" >&2; exit 1; }
for line in "$R/ 200 $(size index.html) bytes" \
	    "$R/style.css 200 $(size style.css) bytes" \
	    "$R/sec01 301 22 bytes" \
	    "$R/files/logo.png 200 $(size files/logo.png) bytes" \
	    "$R/nope.html 404 14 bytes"; do
	grep -qxF "$line" "$OUT" || { echo "FAIL: no line '$line' in:" >&2; cat "$OUT" >&2; exit 1; }
done
grep -qE '^fetched 5 URL\(s\) in [0-9]+\.[0-9]{3} s$' "$OUT" || { echo "FAIL: no elapsed-time line" >&2; cat "$OUT" >&2; exit 1; }
[ "$(wc -l <"$OUT")" -eq 6 ] || { echo "FAIL: expected 6 lines" >&2; cat "$OUT" >&2; exit 1; }

# A failing URL is reported against itself; the others still complete.
timeout 30 build/fetcher "$R/" "http://127.0.0.1:1/" >"$OUT"
rc=$?
[ $rc -eq 1 ] || { echo "FAIL: fetcher exit status $rc with a refused URL, want 1" >&2; exit 1; }
grep -q "^http://127.0.0.1:1/ error " "$OUT" && grep -q "^$R/ 200 " "$OUT" ||
	{ echo "FAIL: refused URL not reported:" >&2; cat "$OUT" >&2; exit 1; }
echo "fetcher: ok"
