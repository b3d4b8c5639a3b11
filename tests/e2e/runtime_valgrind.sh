#!/bin/sh
# The runtime's socket tests (echo over loopback, refused and timed-out
# connects, peer reset), its TLS streams, its task/future tests, pipe/tty
# I/O, signals, dumps and the backends, the synchronisation primitives and
# the resolver against dnsmasq, built without sanitizers
# against build/libcoro.a, under valgrind: no errors, no leaks.
set -u
out=build/tests/runtime-valgrind
mkdir -p "$out"
flags="-std=c11 -Wall -Wextra -Werror -g -O1 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iruntime"
fail=0
for t in tests/runtime/net_loopback.co tests/runtime/tls_loopback.co tests/runtime/cancel_chain.c tests/runtime/task_waits_task.c tests/runtime/gather.c \
	tests/runtime/fd_io.co tests/runtime/signal_wait.co tests/runtime/dump_anywhere.co tests/runtime/loop_backends.c \
	tests/runtime/queue_bounded.co tests/runtime/sync_primitives.co tests/runtime/structured.co tests/runtime/resolve_dns.co; do
	name=$(basename "$t"); name=${name%.*}
	src=$t
	if [ "${t##*.}" = co ]; then
		src="$out/$name.c"
		build/corogen -o "$src" "$t" || { echo "runtime_valgrind: corogen $t failed"; fail=1; continue; }
	fi
	libs=
	grep -q '"co_tls.h"' "$t" && libs="-lssl -lcrypto"
	# shellcheck disable=SC2086
	cc $flags "$src" build/libcoro.a $libs -lcares -o "$out/$name" || { echo "runtime_valgrind: cc $t failed"; fail=1; continue; }
	if timeout 300 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 "$out/$name" >"$out/$name.log" 2>&1; then
		echo "runtime_valgrind: $name clean"
	else
		echo "runtime_valgrind: $name FAILED"; tail -30 "$out/$name.log"; fail=1
	fi
done
exit "$fail"
