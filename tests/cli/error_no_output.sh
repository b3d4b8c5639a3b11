#!/bin/sh
# With -o, an input with errors exits 1 and leaves no output file (an old one
# is removed) and no temporary file behind; stdout stays empty.
. tests/cli/lib/common.sh
BAD=tests/errors/several_errors.co

rc=0; "$C" -o "$T/out.c" "$BAD" >"$T/stdout" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
[ ! -e "$T/out.c" ] || fail "out.c was created for an input with errors"
grep -q "error:" "$T/err" || fail "no diagnostics on stderr"
[ ! -s "$T/stdout" ] || fail "unexpected output on stdout"

echo "stale" >"$T/out.c"
rc=0; "$C" -o "$T/out.c" "$BAD" 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "(existing out.c) exit status $rc, expected 1"
[ ! -e "$T/out.c" ] || fail "an out.c that existed before was left behind"

# nothing at all may be left in the directory (no temporary files)
left=$(ls -A "$T" | grep -v -e '^stdout$' -e '^err$' || true)
[ -z "$left" ] || fail "files left behind: $left"

# without -o: errors give exit 1 and no C on stdout
rc=0; "$C" "$BAD" >"$T/stdout" 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "(stdout) exit status $rc, expected 1"
[ ! -s "$T/stdout" ] || fail "(stdout) C written to stdout for an input with errors"

# a successful -o run leaves only its output
rm -f "$T/stdout" "$T/err"
"$C" -o "$T/ok.c" tests/golden/counter_twice.co || fail "valid input failed"
left=$(ls -A "$T")
[ "$left" = "ok.c" ] || fail "after a successful run the directory holds: $left"
echo "error_no_output: ok"
