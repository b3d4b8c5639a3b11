#!/bin/sh
# make install puts the gdb extension and the runtime's sources under
# PREFIX/share/corogen; a program built against the installed libcoro
# loads the extension by itself (the embedded .debug_gdb_scripts section),
# and the runtime's sources resolve from the installed copy once the
# build tree is out of reach (`directory PREFIX/share/corogen/src`).
set -e
command -v gdb >/dev/null || { echo "gdb_install: gdb is not installed"; exit 1; }
root=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/corogen-gdb-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
make -s install PREFIX="$tmp/prefix" >/dev/null
share="$tmp/prefix/share/corogen"
for f in coro-gdb.py src/runtime/coro.c src/runtime/coro.h src/runtime/net.co; do
	[ -f "$share/$f" ] || { echo "gdb_install: missing share/corogen/$f"; exit 1; }
done
"$tmp/prefix/bin/corogen" -o "$tmp/chain.c" tests/gdb/chain.co
cc -std=c11 -g -O0 -I"$tmp/prefix/include" "$tmp/chain.c" "$tmp/prefix/lib/libcoro.a" -o "$tmp/chain"
# The build tree made unreachable: its paths map to a directory that does not exist.
out=$(cd "$tmp" && gdb -nx -q -batch -iex "add-auto-load-safe-path $tmp" \
	-ex "set substitute-path $root $tmp/gone" -ex "directory $share/src" \
	-ex 'break chain.co:12' -ex run -ex 'co bt' -ex 'list co__drive' -ex 'info source' ./chain 2>&1)
echo "$out" | grep -q '^#1  middle(scale = 2) at tests/gdb/chain.co:20$' ||
	{ echo "gdb_install: the embedded extension did not load (no co bt):"; echo "$out"; exit 1; }
echo "$out" | grep -q "^Located in $share/src/runtime/coro.c\$" ||
	{ echo "gdb_install: runtime/coro.c not found in the installed sources:"; echo "$out"; exit 1; }
echo "gdb_install: ok"
