#!/bin/sh
# crawler_hostile_valgrind.sh — the hostile crawl of crawler_hostile.py
# (tests/e2e/hostile_server.py: hangs, stalls, endless bodies, huge heads,
# malformed responses, lying lengths, resets, redirect loops, dropped
# keep-alive connections) with build/crawler under valgrind: it must
# finish, exit 0, report every URL, and valgrind must see no error and no
# leak (nor an fd left open).
. "$(dirname "$0")/fixture.inc"
start_fixture tests/e2e/hostile_server.py

vg() {
	timeout 100 valgrind -q --leak-check=full --show-leak-kinds=all \
		--errors-for-leak-kinds=all --track-fds=yes --error-exitcode=99 \
		--log-file="$tmp/vg.log" build/crawler "$@" >"$tmp/out" 2>"$tmp/err"
}

# valgrind --track-fds lists the fds open at exit, each followed by where
# it was opened; those inherited from this shell are not the crawler's.
open_fds() {
	awk '/Open (AF_INET|AF_UNIX|file descriptor)/ { fd = $0; next }
	     fd != "" && /inherited from parent/ { fd = ""; next }
	     fd != "" { print fd; fd = "" }' "$tmp/vg.log"
}

fail=0
start=$(date +%s)
vg --report tsv --timeout 2 --max-body 100000 --max-tries 2 --max-redirect 3 -c 10 "$R/"
rc=$?
took=$(( $(date +%s) - start ))
if [ $rc -ne 0 ] || grep -q "ERROR SUMMARY: [1-9]\|definitely lost\|indirectly lost\|Invalid\|uninitialised" "$tmp/vg.log"; then
	echo "FAILED: hostile crawl under valgrind: exit $rc"
	cat "$tmp/vg.log" "$tmp/err"
	fail=1
fi
fds=$(open_fds)
if [ -n "$fds" ]; then
	echo "FAILED: fds left open at exit:"
	echo "$fds"
	fail=1
fi
lines=$(wc -l <"$tmp/out")
for want in "/	200	" "/hang	error	timed out" "/endless/chunked	error	body too large" \
	"/huge/headers	error	header block too large" "/bad/chunk/crlf	error	missing CRLF" \
	"/reset/mid-body	error	connection reset" "/lie/short	200	5" "/behind/3	200	44" \
	"/redirect/loop/b	302	"; do
	if ! grep -q "^$R$want" "$tmp/out"; then
		echo "FAILED: no line '$R$want' in the report:"
		cat "$tmp/out"
		fail=1
		break
	fi
done
if [ "$lines" -ne 49 ]; then
	echo "FAILED: $lines report lines, want 49"
	cat "$tmp/out"
	fail=1
fi
if [ "$took" -gt 60 ]; then
	echo "FAILED: hostile crawl under valgrind took $took s"
	fail=1
fi

# Keep-alive connections dropped between requests, junk after a body.
vg --report tsv --timeout 2 -c 1 "$R/ka/"
rc=$?
if [ $rc -ne 0 ] || [ "$(grep -c "	200	" "$tmp/out")" -ne 17 ] ||
	grep -q "ERROR SUMMARY: [1-9]\|definitely lost\|indirectly lost" "$tmp/vg.log"; then
	echo "FAILED: dropped keep-alive crawl under valgrind: exit $rc"
	cat "$tmp/vg.log" "$tmp/out" "$tmp/err"
	fail=1
fi
exit $fail
