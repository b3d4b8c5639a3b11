#!/bin/sh
# --header FILE.h writes prototypes (co_gen *name(...)) of the non-static
# coroutines only, inside an include guard; the header compiles.
. tests/cli/lib/common.sh

cat >"$T/gens.co" <<'CO'
#include <stddef.h>
#include "coro.h"

coro int count(int n) yields int
{
    for (int i = 0; i < n; i++)
        yield i;
    return n;
}

static coro int hidden(int n) yields int
{
    return (yield from count(n));
}

coro void names(const char *s, size_t len) yields char *
{
    (void)len;
    yield (char *)s;
}

coro long total(int n) yields int;

coro long total(int n) yields int
{
    long t = yield from hidden(n);
    return t;
}
CO
"$C" -o "$T/gens.c" --header "$T/gens.h" "$T/gens.co" || fail "corogen --header failed"
[ -s "$T/gens.h" ] || fail "no header written"
H="$T/gens.h"
grep -q '^CO_NODISCARD co_gen \*count(int);' "$H" || fail "no prototype for count"
grep -q '^CO_NODISCARD co_gen \*names(const char \*, size_t);' "$H" || fail "no prototype for names"
grep -q '^long total__result(co_gen \*);' "$H" || fail "no result accessor for total"
[ "$(grep -c '^CO_NODISCARD co_gen \*total(' "$H")" -eq 1 ] || fail "total must be declared exactly once"
# the same coroutines for corogen, in the form it reads from included headers
grep -q '^#ifdef __COROGEN__$' "$H" || fail "no __COROGEN__ block"
grep -q '^coro int count(int) yields int;$' "$H" || fail "count missing from the __COROGEN__ block"
grep -q '^coro void names(const char \*, size_t) yields char \*;$' "$H" || fail "names missing from the __COROGEN__ block"
grep -q '^coro long total(int) yields int;$' "$H" || fail "total missing from the __COROGEN__ block"
if grep -q 'hidden' "$H"; then fail "static coroutine 'hidden' appears in the header"; fi
grep -q '^#ifndef ' "$H" || fail "no include guard (#ifndef)"
guard=$(sed -n 's/^#ifndef \([A-Za-z_][A-Za-z0-9_]*\)$/\1/p' "$H" | head -n 1)
grep -q "^#define $guard\$" "$H" || fail "include guard $guard is not #defined"
grep -q '^#endif' "$H" || fail "include guard not closed"

# the header compiles on its own and twice over, and its prototypes match the definitions
cat >"$T/use.c" <<'C'
#include <stddef.h>
#include "gens.h"
#include "gens.h"
#include "coro.h"
int use(void);
int use(void)
{
    co_gen *g = count(3);
    co_gen *h = names("x", 1);
    co_gen *t = total(2);
    int r = co_send(g, NULL) == CO_YIELDED;
    co_free(g);
    co_free(h);
    co_free(t);
    return r;
}
C
cat >"$T/both.c" <<'C'
#include "gens.h"
#include "gens.c"
C
for cc in gcc clang; do
	command -v "$cc" >/dev/null 2>&1 || continue
	"$cc" -std=c11 -Wall -Wextra -Werror -Iruntime -I"$T" -c "$T/use.c" -o "$T/use.o" || fail "$cc: a file including the header does not compile"
	"$cc" -std=c11 -Wall -Wextra -Werror -Iruntime -I"$T" -c "$T/both.c" -o "$T/both.o" || fail "$cc: the header conflicts with the generated C"
done

# another .co file learns the coroutines by including the header: it can
# delegate to them with no declaration of its own, and runs
cat >"$T/user.co" <<'CO'
#include <stdio.h>
#include "gens.h"

coro long sum(void) yields int
{
    long a = yield from total(3);
    int b = yield from count(2);
    return a + b;
}

int main(void)
{
    co_gen *g = sum();
    int n = 0;
    while (co_send(g, NULL) == CO_YIELDED)
        n++;
    printf("%d yields, result %ld\n", n, CO_RESULT(sum, g));
    co_free(g);
    return 0;
}
CO
"$C" -o "$T/user.c" "$T/user.co" || fail "a .co file including the generated header does not compile"
for cc in gcc clang; do
	command -v "$cc" >/dev/null 2>&1 || continue
	"$cc" -std=c11 -Wall -Wextra -Werror -Iruntime -I"$T" "$T/user.c" "$T/gens.c" runtime/coro.c -o "$T/user" ||
		fail "$cc: user.co with gens.h does not build"
	out=$("$T/user") || fail "user program failed"
	[ "$out" = "5 yields, result 5" ] || fail "user program printed '$out'"
done
# a definition that disagrees with the header is an error at the definition
cat >"$T/clash.co" <<'CO'
#include "gens.h"
coro int count(long n) yields int { return (int)n; }
CO
rc=0; "$C" -o "$T/clash.c" "$T/clash.co" 2>"$T/clash.err" || rc=$?
[ "$rc" -eq 1 ] || fail "conflicting definition: exit status $rc, expected 1"
grep -q "clash.co:2:1: error: conflicting types for coroutine 'count': parameter 1 is 'long' here but 'int' there" "$T/clash.err" ||
	fail "conflict not reported at the definition: $(cat "$T/clash.err")"
grep -q "gens.h:[0-9]*:1: note: the declaration of 'count' is here" "$T/clash.err" ||
	fail "no note at the header's declaration: $(cat "$T/clash.err")"

# a C caller that drops the generator a constructor returns is warned
cat >"$T/drop.c" <<'C'
#include "gens.h"
void drop(void);
void drop(void) { count(3); }
C
for cc in gcc clang; do
	command -v "$cc" >/dev/null 2>&1 || continue
	if "$cc" -std=c11 -Wall -Wextra -Werror -Iruntime -I"$T" -c "$T/drop.c" -o "$T/drop.o" 2>"$T/drop.err"; then
		fail "$cc: dropping a constructor's result is not warned"
	fi
	grep -q 'unused' "$T/drop.err" || fail "$cc: unexpected diagnostics: $(cat "$T/drop.err")"
done

# the header is not written when the input has errors
rc=0; "$C" -o "$T/bad.c" --header "$T/bad.h" tests/errors/vla_in_coroutine.co 2>/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "input with errors: exit status $rc, expected 1"
[ ! -e "$T/bad.h" ] || fail "header written for an input with errors"
echo "header: ok"
