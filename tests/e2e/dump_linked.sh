#!/bin/sh
# co_loop_dump and co_task_dump must be in every program that uses a loop,
# linked statically against build/libcoro.a, so that gdb can `call` them:
# a program that never names them still gets them (the loop's deadlock
# report calls co_loop_dump, which pulls in debug.o).
set -u
out=build/tests/dump-linked
mkdir -p "$out"
cat >"$out/prog.c" <<'C'
#include "coro.h"
int main(void)
{
	co_loop *loop = co_loop_new();
	int rc = co_loop_run(loop);
	co_loop_free(loop);
	return rc;
}
C
cc -std=c11 -Wall -Wextra -Werror -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iruntime \
	"$out/prog.c" build/libcoro.a -o "$out/prog" || { echo "dump_linked: cc failed"; exit 1; }
"$out/prog" || { echo "dump_linked: program failed"; exit 1; }
fail=0
for sym in co_loop_dump co_task_dump; do
	if nm "$out/prog" | grep -q " T $sym\$"; then
		echo "dump_linked: $sym linked"
	else
		echo "dump_linked: $sym missing from a program that uses a loop"; fail=1
	fi
done
exit "$fail"
