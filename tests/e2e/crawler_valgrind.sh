#!/bin/sh
# crawler_valgrind.sh — build/crawler under valgrind on a small crawl of
# the fixture server that goes through every path of the fetch code
# (keep-alive reuse, stale connections, redirects, chunked bodies,
# retries, timeouts, hostile responses), and on bad arguments:
# valgrind must report no error and no leak.
. "$(dirname "$0")/fixture.inc"
start_fixture tests/e2e/fixture_server.py

vg() {
	timeout 120 valgrind -q --leak-check=full --error-exitcode=99 \
		--log-file="$tmp/vg.log" build/crawler "$@" >"$tmp/out" 2>"$tmp/err"
}

fail=0
vg --report tsv -c 3 --timeout 1 --max-tries 2 --max-body 50000 \
	"$R/cycle/a" "$R/stale/start" "$R/redirect/to-links" "$R/redirect/relative" \
	"$R/chunked" "$R/types" "$R/drop" "$R/stall" "$R/bad/chunk" "$R/bad/short" \
	"$R/large" "$R/prohibited" "$R/dedupe"
rc=$?
if [ $rc -ne 0 ] || [ -s "$tmp/vg.log" ]; then
	echo "FAILED: crawl under valgrind: exit $rc"
	cat "$tmp/vg.log" "$tmp/err"
	fail=1
fi
if ! grep -q "/stale/5	200	" "$tmp/out" || ! grep -q "/stall	error	timed out" "$tmp/out"; then
	echo "FAILED: unexpected report under valgrind:"
	cat "$tmp/out"
	fail=1
fi

vg --exclude 'a(' "$R/"
rc=$?
if [ $rc -ne 2 ] || [ -s "$tmp/vg.log" ]; then
	echo "FAILED: bad arguments under valgrind: exit $rc (want 2)"
	cat "$tmp/vg.log"
	fail=1
fi

vg -q "$R/ok"
rc=$?
if [ $rc -ne 0 ] || [ -s "$tmp/vg.log" ]; then
	echo "FAILED: text report under valgrind: exit $rc"
	cat "$tmp/vg.log"
	fail=1
fi
exit $fail
