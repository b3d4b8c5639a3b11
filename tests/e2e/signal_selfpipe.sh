#!/bin/sh
# co_wait_signal's portable path (a handler and a self-pipe, what non-Linux
# systems use) built on Linux with -DCO_SIGNAL_SELFPIPE: the runtime is
# compiled again with it and tests/runtime/signal_wait.co runs on both
# backends, under valgrind.
set -u
out=build/tests/signal-selfpipe
rm -rf "$out"
mkdir -p "$out"
flags="-std=c11 -Wall -Wextra -Werror -g -O1 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DCO_SIGNAL_SELFPIPE -Iruntime"
command -v valgrind >/dev/null || { echo "signal_selfpipe: valgrind missing"; exit 1; }
objs=
for src in runtime/*.c runtime/*.co; do
	name=$(basename "$src")
	c=$src
	if [ "${src##*.}" = co ]; then
		c="$out/$name.c"
		build/corogen -o "$c" "$src" || { echo "signal_selfpipe: corogen $src failed"; exit 1; }
	fi
	# shellcheck disable=SC2086
	cc $flags -c "$c" -o "$out/$name.o" || { echo "signal_selfpipe: cc $src failed"; exit 1; }
	objs="$objs $out/$name.o"
done
# shellcheck disable=SC2086
ar rcs "$out/libcoro.a" $objs || exit 1
build/corogen -o "$out/signal_wait.c" tests/runtime/signal_wait.co || exit 1
# shellcheck disable=SC2086
cc $flags "$out/signal_wait.c" "$out/libcoro.a" -o "$out/signal_wait" || exit 1
# The portable path must really be the one built: no signalfd in it.
if nm "$out/signal.co.o" | grep -q signalfd; then
	echo "signal_selfpipe: the self-pipe build still calls signalfd"; exit 1
fi
fail=0
for backend in epoll select; do
	if CORO_LOOP=$backend timeout 120 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--error-exitcode=99 "$out/signal_wait" >"$out/$backend.log" 2>&1 \
		&& grep -q "signal_wait: ok" "$out/$backend.log"; then
		echo "signal_selfpipe: $backend ok"
	else
		echo "signal_selfpipe: $backend FAILED"; tail -20 "$out/$backend.log"; fail=1
	fi
done
exit "$fail"
