#!/bin/sh
# make install into a temporary prefix; a .co program builds against it
# with the installed corogen and `pkg-config --cflags --libs coro`.
set -e
tmp=$(mktemp -d "${TMPDIR:-/tmp}/corogen-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
make -s install PREFIX="$tmp/prefix" >/dev/null
for f in bin/corogen lib/libcoro.a include/coro.h include/co_sync.h include/co_resolve.h include/co_tls.h \
	lib/pkgconfig/coro.pc lib/pkgconfig/coro-tls.pc share/man/man1/corogen.1; do
	[ -f "$tmp/prefix/$f" ] || { echo "install: missing $f"; exit 1; }
done
cat > "$tmp/hello.co" <<'CO'
#include <stdio.h>
#include "coro.h"
coro int squares(int n) yields int
{
	for (int i = 1; i <= n; i++)
		yield i * i;
	return n;
}
int main(void)
{
	co_gen *g = squares(3);
	while (co_send(g, NULL) == CO_YIELDED)
		printf("%d\n", (int)(intptr_t)co_value(g));
	co_free(g);
	return 0;
}
CO
"$tmp/prefix/bin/corogen" -o "$tmp/hello.c" "$tmp/hello.co"
flags=$(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" pkg-config --cflags --libs coro)
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror "$tmp/hello.c" $flags -o "$tmp/hello"
out=$("$tmp/hello" | tr '\n' ' ')
[ "$out" = "1 4 9 " ] || { echo "install: program printed '$out'"; exit 1; }
# The resolver's symbols link through the same flags (-lcares).
cat > "$tmp/dns.c" <<'C'
#include <errno.h>
#include <stdio.h>
#include "coro.h"
int main(void) { puts(co_resolve_strerror(-ENOENT)); return 0; }
C
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror "$tmp/dns.c" $flags -o "$tmp/dns"
[ "$("$tmp/dns")" = "host name not found" ] || { echo "install: resolver program failed"; exit 1; }
# A program with TLS streams builds with `pkg-config coro-tls` (OpenSSL).
cat > "$tmp/tls.c" <<'C'
#include <stdio.h>
#include "coro.h"
#include "co_tls.h"
int main(void)
{
	char err[256];
	co_tls_config *c = co_tls_config_new("/nonexistent.pem", 1, err, sizeof err);
	if (c)
		return 1;
	puts(err);
	return 0;
}
C
flags=$(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" pkg-config --cflags --libs coro-tls)
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror "$tmp/tls.c" $flags -o "$tmp/tls"
"$tmp/tls" | grep -q "nonexistent.pem" || { echo "install: TLS program failed"; exit 1; }
echo "install: ok"
