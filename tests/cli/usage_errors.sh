#!/bin/sh
# Usage errors exit 2 with a message on stderr and nothing on stdout.
. tests/cli/lib/common.sh

# expect_usage DESCRIPTION ARGS... : exit 2, non-empty stderr, empty stdout
expect_usage() {
	what=$1; shift
	rc=0
	"$C" "$@" >"$T/out" 2>"$T/err" || rc=$?
	[ "$rc" -eq 2 ] || fail "$what: exit status $rc, expected 2"
	[ -s "$T/err" ] || fail "$what: no message on stderr"
	[ ! -s "$T/out" ] || fail "$what: unexpected output on stdout"
}

expect_usage "no arguments"
expect_usage "unknown option" --bogus tests/golden/counter_twice.co
expect_usage "-o without a file" -o
expect_usage "--header without a file" --header
expect_usage "-o followed only by an input" tests/golden/counter_twice.co -o
expect_usage "two input files" tests/golden/counter_twice.co tests/golden/goto_labels.co
expect_usage "--name without a name" tests/golden/counter_twice.co --name
expect_usage "--name with --cpp" --cpp --name x.co tests/golden/counter_twice.co
expect_usage "missing input file" "$T/no-such-file.co"
grep -q "cannot open" "$T/err" || fail "missing input file: stderr lacks 'cannot open': $(cat "$T/err")"
grep -q "no-such-file.co" "$T/err" || fail "missing input file: stderr does not name the file"
expect_usage "unknown option" --bogus tests/golden/counter_twice.co
grep -q -- "--bogus" "$T/err" || fail "unknown option: stderr does not name the option"
echo "usage_errors: ok"
