#!/bin/sh
# Writing the output or the header to a path that cannot be written is an
# I/O error: exit 2 with a message naming the path, and no temporary file left.
. tests/cli/lib/common.sh
IN=tests/golden/counter_twice.co

rc=0; "$C" -o "$T/no/such/dir/out.c" "$IN" 2>"$T/err" || rc=$?
[ "$rc" -eq 2 ] || fail "-o into a missing directory: exit status $rc, expected 2"
grep -q "no/such/dir/out.c" "$T/err" || fail "message does not name the path: $(cat "$T/err")"

mkdir "$T/isdir"
rc=0; "$C" -o "$T/isdir" "$IN" 2>"$T/err" || rc=$?
[ "$rc" -eq 2 ] || fail "-o onto a directory: exit status $rc, expected 2"
[ -d "$T/isdir" ] || fail "-o onto a directory destroyed it"
left=$(ls -A "$T" | grep -v -e '^isdir$' -e '^err$' || true)
[ -z "$left" ] || fail "temporary files left behind: $left"

rc=0; "$C" -o "$T/ok.c" --header "$T/no/such/dir/x.h" "$IN" 2>"$T/err" || rc=$?
[ "$rc" -eq 2 ] || fail "--header into a missing directory: exit status $rc, expected 2"
grep -q "x.h" "$T/err" || fail "message does not name the header path: $(cat "$T/err")"

if [ "$(id -u)" -ne 0 ]; then
	mkdir "$T/ro" && chmod 555 "$T/ro"
	rc=0; "$C" -o "$T/ro/out.c" "$IN" 2>/dev/null || rc=$?
	chmod 755 "$T/ro"
	[ "$rc" -eq 2 ] || fail "-o into a read-only directory: exit status $rc, expected 2"
fi
echo "unwritable: ok"
