#!/bin/sh
# The C generated for valid programs compiles warning-free with gcc and clang
# (-std=c11 -Wall -Wextra -Werror), with and without #line, and links and runs.
. tests/cli/lib/common.sh

cat >"$T/main.co" <<'CO'
#include <stdio.h>
#include "coro.h"

coro int counter(int n) yields int
{
    int total = 0;
    for (int i = 0; i < n; i++) {
        int got = yield i;
        total += got;
    }
    return total;
}

coro int twice(int n) yields int
{
    int a = yield from counter(n);
    int b = yield from counter(n);
    return a + b;
}

int main(void)
{
    co_gen *g = twice(3);
    int sent = 0;
    co_status s = co_send(g, NULL);
    while (s == CO_YIELDED) {
        printf("%d ", (int)(intptr_t)co_value(g));
        s = co_send(g, (void *)(intptr_t)++sent);
    }
    printf("-> %d\n", (int)(intptr_t)co_value(g));
    co_free(g);
    return 0;
}
CO
"$C" -o "$T/main.c" "$T/main.co" || fail "corogen failed"
"$C" --no-line -o "$T/main-nl.c" "$T/main.co" || fail "corogen --no-line failed"
ran=0
for cc in gcc clang; do
	command -v "$cc" >/dev/null 2>&1 || continue
	for src in "$T/main.c" "$T/main-nl.c"; do
		"$cc" -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -Iruntime -c "$src" -o "$T/main.o" \
			|| fail "$cc rejects $(basename "$src")"
	done
	for golden in tests/golden/*.co; do   # the expected C, from the file's "C" section
		python3 tests/tools/expectfile.py section "$golden" C >"$T/g.c" || fail "no C section in $golden"
		"$cc" -std=c11 -Wall -Wextra -Werror -Iruntime -c "$T/g.c" -o "$T/g.o" || fail "$cc rejects the C of $golden"
	done
	"$cc" -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iruntime "$T/main.c" runtime/*.c -lcares -o "$T/main" \
		|| fail "$cc: linking with the runtime failed"
	out=$("$T/main")
	[ "$out" = "0 1 2 0 1 2 -> 21" ] || fail "$cc: program printed '$out', expected '0 1 2 0 1 2 -> 21'"
	ran=1
done
[ "$ran" -eq 1 ] || fail "neither gcc nor clang found"
echo "compile_output: ok"
