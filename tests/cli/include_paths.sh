#!/bin/sh
# corogen learns coroutine declarations from the __COROGEN__ blocks of the
# headers a .co file includes: found beside the .co file, through -I DIR
# (or -IDIR), and in the runtime's own directory (coro.h -> co_async.h);
# a header it cannot find teaches nothing, so the callee is unknown.
. tests/cli/lib/common.sh

mkdir -p "$T/inc/sub" "$T/src"
cat >"$T/inc/steps.h" <<'H'
#ifndef STEPS_H
#define STEPS_H
#include "sub/more.h"
typedef int step_t;                /* a typedef corogen learns from here */
co_gen *make_steps(int);           /* a factory: its generator can be delegated to */
#if defined(__COROGEN__)
coro step_t steps(step_t) yields int;
#else
#error "the C compiler never sees this branch's coroutine declarations"
#endif
#endif
H
cat >"$T/inc/sub/more.h" <<'H'
#ifdef __COROGEN__
coro int more(void) yields int;    /* found through the nested include */
#endif
H
cat >"$T/src/use.co" <<'CO'
#include "coro.h"
#include <steps.h>

coro int use(void) yields int
{
    int a = yield from steps(2);
    int b = yield from more();
    int c = yield from co_sleep(0);    /* from the runtime's own header */
    void *d = yield from make_steps(1);
    (void)d;
    return a + b + c;
}
CO
"$C" -I "$T/inc" -o "$T/a.c" "$T/src/use.co" || fail "-I DIR: the header's coroutines are not known"
"$C" -I"$T/inc" -o "$T/b.c" "$T/src/use.co" || fail "-IDIR: the header's coroutines are not known"
grep -q 'steps__result(co_gen \*)' "$T/a.c" || fail "no result accessor declared for a header's coroutine"
grep -q 'make_steps(1); *f->base.state' "$T/a.c" || fail "delegation to a factory's generator is not owned"

# beside the .co file, for #include "..."
cp "$T/inc/steps.h" "$T/src/steps.h"
mkdir -p "$T/src/sub" && cp "$T/inc/sub/more.h" "$T/src/sub/more.h"
sed 's/<steps.h>/"steps.h"/' "$T/src/use.co" >"$T/src/use2.co"
"$C" -o "$T/c.c" "$T/src/use2.co" || fail "a header beside the .co file is not read"

# without the directory: the callee is unknown, an error at its line
rc=0; "$C" -o "$T/d.c" "$T/src/use.co" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "missing -I: exit status $rc, expected 1"
grep -q "use.co:6:24: error: 'steps' is not known to be a coroutine" "$T/err" ||
	fail "missing -I: unexpected diagnostics: $(cat "$T/err")"

# -I needs its operand
rc=0; "$C" "$T/src/use.co" -I 2>"$T/err" >/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "-I without a directory: exit status $rc, expected 2"
grep -q "option '-I' needs a directory name" "$T/err" || fail "-I without a directory: $(cat "$T/err")"
echo "include_paths: ok"
