#!/bin/sh
# Generated code is -Wmissing-prototypes clean: the constructor and the
# result accessor of a non-static coroutine have a prototype before their
# definition, whether or not the file declares the coroutine itself.
. tests/cli/lib/common.sh

cat >"$T/protos.co" <<'CO'
#include "coro.h"

coro int count(int n) yields int
{
    for (int i = 0; i < n; i++)
        yield i;
    return n;
}

coro double twice(int n) yields int
{
    int a = yield from count(n);
    int b = yield from later(n);
    return a + b;
}

coro int later(int n) yields int;
coro int later(int n) yields int
{
    yield n;
    return n;
}

static coro void quiet(void)
{
    yield;
}

void use(void);
void use(void) { co_free(quiet()); }
CO
$C -o "$T/protos.c" "$T/protos.co" || fail "corogen failed"
for cc in gcc clang; do
	$cc -std=c11 -Wall -Wextra -Wmissing-prototypes -Werror -Iruntime -c "$T/protos.c" -o "$T/protos.o" ||
		fail "$cc -Wmissing-prototypes"
done
echo ok
