#!/bin/sh
# build/subgen: values sent to the outer generator reach the inner one
# through `yield from` and come back plus one; the gen_fn/caller_fn pair.
set -u
cd "$(dirname "$0")/../.." || exit 1
[ -x build/subgen ] || { echo "FAIL: build/subgen missing; run make" >&2; exit 1; }

want='g.send(10) -> 11
g.send(-1) -> 0
g.send(41) -> 42
caller yielded 1
result of yield: hello
caller yielded 2
result of 2nd yield: goodbye
return value of yield-from: done
caller returned'
got=$(timeout 10 build/subgen 10 -1 41) || { echo "FAIL: build/subgen exited $?" >&2; exit 1; }
if [ "$got" != "$want" ]; then
	echo "FAIL: build/subgen output differs" >&2
	printf -- '--- expected\n%s\n--- got\n%s\n' "$want" "$got" >&2
	exit 1
fi
defaults=$(timeout 10 build/subgen | head -3)
if [ "$defaults" != "$(printf 'g.send(1) -> 2\ng.send(2) -> 3\ng.send(3) -> 4')" ]; then
	echo "FAIL: build/subgen without arguments: $defaults" >&2
	exit 1
fi
echo "subgen: ok"
