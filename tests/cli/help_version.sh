#!/bin/sh
# --help prints usage on stdout and exits 0; --version prints the version and exits 0.
. tests/cli/lib/common.sh

rc=0; "$C" --help >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 0 ] || fail "--help: exit status $rc, expected 0"
grep -qi "usage" "$T/out" || fail "--help: no usage text on stdout"
for opt in -o --header --no-line --version --help -I --cpp -D -U; do
	grep -q -- "$opt" "$T/out" || fail "--help: does not mention $opt"
done
[ ! -s "$T/err" ] || fail "--help: unexpected stderr: $(cat "$T/err")"

rc=0; "$C" --version >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 0 ] || fail "--version: exit status $rc, expected 0"
grep -Eq '^corogen [0-9]+\.[0-9]+' "$T/out" || fail "--version: unexpected output: $(cat "$T/out")"
[ ! -s "$T/err" ] || fail "--version: unexpected stderr"
echo "help_version: ok"
