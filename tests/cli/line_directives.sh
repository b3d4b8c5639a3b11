#!/bin/sh
# By default the output carries #line directives naming the .co file;
# --no-line leaves them all out.
. tests/cli/lib/common.sh
IN=tests/golden/counter_twice.co

"$C" "$IN" >"$T/with.c" || fail "corogen failed"
grep -q "^#line [0-9][0-9]* \"$IN\"\$" "$T/with.c" || fail "no #line naming $IN in the default output"
# the first coroutine statement (`int total = 0;`, line 8) is mapped to line 8
grep -q "^#line 8 \"$IN\"\$" "$T/with.c" || fail "no #line 8 for the first statement of counter"

"$C" --no-line "$IN" >"$T/without.c" || fail "corogen --no-line failed"
if grep -q '^[[:space:]]*#[[:space:]]*line' "$T/without.c"; then
	fail "--no-line output still has #line"
fi
grep -q "counter__resume" "$T/without.c" || fail "--no-line output lacks the coroutine"
for cc in gcc clang; do
	command -v "$cc" >/dev/null 2>&1 || continue
	"$cc" -std=c11 -Wall -Wextra -Werror -Iruntime -c "$T/without.c" -o "$T/w.o" || fail "$cc rejects the --no-line output"
done

# a compiler diagnostic in a coroutine points into the .co file
cat >"$T/warn.co" <<'CO'
#include "coro.h"

coro int g(int n) yields int
{
    if (n < sizeof n)
        n = 0;
    yield n;
    return n;
}
CO
"$C" -o "$T/warn.c" "$T/warn.co" || fail "corogen failed on warn.co"
gcc -std=c11 -Wall -Wextra -Wsign-compare -Iruntime -c "$T/warn.c" -o "$T/warn.o" 2>"$T/gcc.err" || fail "gcc failed on warn.c"
grep -q "warn.co:5:" "$T/gcc.err" || fail "gcc's warning does not point at warn.co:5: $(cat "$T/gcc.err")"
echo "line_directives: ok"
