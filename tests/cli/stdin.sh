#!/bin/sh
# FILE '-' reads standard input; diagnostics then name <stdin>, or NAME with --name NAME.
. tests/cli/lib/common.sh

"$C" - <tests/golden/counter_twice.co >"$T/a.c" || fail "valid input on stdin failed"
grep -q "counter__resume" "$T/a.c" || fail "no coroutine code generated from stdin"
gcc -std=c11 -Wall -Wextra -Werror -Iruntime -c "$T/a.c" -o "$T/a.o" || fail "C from stdin does not compile"

"$C" -o "$T/b.c" - <tests/golden/counter_twice.co || fail "-o with stdin failed"
[ -s "$T/b.c" ] || fail "-o with stdin wrote nothing"

rc=0; "$C" - <tests/errors/vla_in_coroutine.co >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "input with errors on stdin: exit status $rc, expected 1"
grep -q '^<stdin>:5:9: error: ' "$T/err" || fail "diagnostic does not name <stdin>:5:9: $(cat "$T/err")"
grep -q 'int buf\[n\];' "$T/err" || fail "diagnostic does not quote the source line"
[ ! -s "$T/out" ] || fail "C written for an input with errors"
# --name NAME: the input reads as if it came from NAME (the test runner's way)
rc=0; "$C" --name sub/named.co - <tests/errors/vla_in_coroutine.co >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "--name: exit status $rc, expected 1"
grep -q '^sub/named.co:5:9: error: ' "$T/err" || fail "--name: diagnostic does not name sub/named.co:5:9: $(cat "$T/err")"
"$C" --name sub/named.co - <tests/golden/counter_twice.co >"$T/n.c" || fail "--name: valid input failed"
grep -q '^#line 8 "sub/named.co"$' "$T/n.c" || fail "--name: no #line naming sub/named.co"
# quoted includes are looked for beside NAME, not in the current directory
mkdir "$T/inc"
printf '#ifdef __COROGEN__\ncoro int from_header(void) yields int;\n#endif\n' >"$T/inc/h.h"
printf '#include "coro.h"\n#include "h.h"\ncoro int g(void) yields int\n{\n    return (yield from from_header());\n}\n' >"$T/g.co"
"$C" --name "$T/inc/g.co" - <"$T/g.co" >"$T/g.c" || fail "--name: the include beside NAME was not found"
echo "stdin: ok"
