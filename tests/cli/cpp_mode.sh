#!/bin/sh
# --cpp runs the C preprocessor first: a macro naming a frame local binds to
# it as in C, statement-shaped macros and string pasting parse, #if works
# inside a body, header typedefs need no %type, -D/-U reach the
# preprocessor, and diagnostics keep the .co file's lines. Expected output:
# what the same body prints as a plain C function.
. tests/cli/lib/common.sh

cat >"$T/macros.co" <<'CO'
#include <stdio.h>
#include <sys/types.h>

int count;
#define BUMP() (count++)
#define SEMI ;
#define FMT "%d\n"
#ifndef LIMIT
#define LIMIT 3
#endif

coro int counter(void) yields int
{
    int count = 0;
    yield 0;
    BUMP();
    BUMP() SEMI
#if LIMIT > 2
    count += 10;
#else
    count -= 10;
#endif
    u_int64_t big = 5;              /* a typedef from a header, no %type */
    yield (int)big;
    printf("v=" FMT, count);
    return count;
}

int main(void)
{
    co_gen *g = counter();
    while (co_send(g, NULL) == CO_YIELDED)
        printf("yield %d\n", (int)(intptr_t)co_value(g));
    printf("return %d, global %d\n", CO_RESULT(counter, g), count);
    co_free(g);
    return 0;
}
CO
# build NAME with both compilers (the output is preprocessed for the
# compiler in $CC), warnings as errors, and run it; corogen's options follow
build() {
	name=$1
	shift
	for cc in gcc clang; do
		command -v "$cc" >/dev/null 2>&1 || fail "$cc is missing"
		CC=$cc "$C" --cpp -o "$T/$name.$cc.c" "$@" || fail "$cc: corogen --cpp $* failed"
		"$cc" -std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE "$T/$name.$cc.c" build/libcoro.a -o "$T/$name" ||
			fail "$cc: the --cpp output of $name does not compile"
		"$T/$name" >"$T/$name.$cc.out" || fail "$name ($cc) failed"
	done
}
build macros "$T/macros.co"
printf 'yield 0\nyield 5\nv=12\nreturn 12, global 0\n' >"$T/want"
cmp -s "$T/want" "$T/macros.gcc.out" || fail "gcc: got $(cat "$T/macros.gcc.out")"
cmp -s "$T/want" "$T/macros.clang.out" || fail "clang: got $(cat "$T/macros.clang.out")"

# -D reaches the preprocessor; standard input works too
build limit -D LIMIT=1 -U UNUSED "$T/macros.co"
"$C" --cpp -o "$T/stdin.c" - <"$T/macros.co" || fail "--cpp from standard input failed"
grep -q '^# [0-9]* "<stdin>"' "$T/stdin.c" || fail "--cpp from standard input: no <stdin> line markers"
grep -q '^v=-8$' "$T/limit.gcc.out" || fail "-D LIMIT=1 did not reach the preprocessor: $(cat "$T/limit.gcc.out")"

# the same file without --cpp is refused, at the macro that does not parse
# (tests/errors/macro_names_frame_local.co has the BUMP diagnosis)
rc=0; "$C" -o "$T/plain.c" "$T/macros.co" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "default mode: exit status $rc, expected 1"
grep -q "macros.co:17:12: error: expected ';'" "$T/err" || fail "default mode: $(cat "$T/err")"

# diagnostics point into the .co file, at its own lines
cat >"$T/bad.co" <<'CO'
#include <stdio.h>
#define TWICE(x) ((x) * 2)

coro int bad(void) yields int
{
    int a = 1;
#if 1
    a = TWICE(a);
#endif
    co_sleep(5);
    return a;
}
CO
rc=0; "$C" --cpp -o "$T/bad.c" "$T/bad.co" 2>"$T/err" || rc=$?
[ "$rc" -eq 1 ] || fail "error in --cpp mode: exit status $rc, expected 1"
grep -q "bad.co:10:5: error: the generator made by calling coroutine 'co_sleep' is dropped" "$T/err" ||
	fail "error in --cpp mode not at bad.co:10: $(cat "$T/err")"
[ ! -e "$T/bad.c" ] || fail "output written despite errors"

# usage: -D without --cpp; a missing file
rc=0; "$C" -DX "$T/macros.co" >/dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 2 ] && grep -q "needs --cpp" "$T/err" || fail "-D without --cpp: exit $rc, $(cat "$T/err")"
rc=0; "$C" --cpp "$T/nonexistent.co" >/dev/null 2>"$T/err" || rc=$?
[ "$rc" -eq 2 ] || fail "--cpp with a missing file: exit status $rc, expected 2"
echo "cpp_mode: ok"
