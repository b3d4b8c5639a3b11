#!/bin/sh
# A `return` corogen cannot see (inside a macro used in a coroutine body)
# must make the generated C fail to compile, at the .co line of the macro's
# use, under gcc and clang; the same file without the hidden return builds.
. tests/cli/lib/common.sh

cat >"$T/hidden.co" <<'CO'
#include "coro.h"
#define CHECK(x) do { if (!(x)) return -1; } while (0)

coro int checked(int n) yields int
{
    yield n;
    CHECK(n > 0);
    return n;
}
CO
$C -o "$T/hidden.c" "$T/hidden.co" || fail "corogen failed"
for cc in gcc clang; do
	if $cc -std=c11 -Wall -Wextra -Iruntime -c "$T/hidden.c" -o "$T/hidden.o" 2>"$T/err"; then
		fail "$cc compiled a hidden return"
	fi
	grep -q "hidden.co:7" "$T/err" || { cat "$T/err" >&2; fail "$cc: error not at hidden.co:7"; }
done
sed 's/if (!(x)) return -1;/(void)(x);/' "$T/hidden.co" >"$T/fine.co"
$C -o "$T/fine.c" "$T/fine.co" || fail "corogen failed on the fixed file"
for cc in gcc clang; do
	$cc -std=c11 -Wall -Wextra -Werror -Iruntime -c "$T/fine.c" -o "$T/fine.o" || fail "$cc: fixed file does not build"
done
echo ok
