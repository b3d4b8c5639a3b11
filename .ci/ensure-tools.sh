#!/bin/sh
# Make sure the tools the build needs are installed: flex, bison,
# libc-ares-dev, zlib and OpenSSL's headers (and, with --test, what the
# test suites use: gcc, clang with its sanitizer runtime, valgrind, gdb,
# pkg-config, python3, dnsmasq, csmith, wget, node and npm, and for the
# HTTPS tests nginx and openssl). On Debian/Ubuntu as root they are
# installed with apt-get; otherwise this says exactly what to run.
missing=""
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need flex flex
need bison bison
# c-ares: the runtime's non-blocking resolver (runtime/resolve.c)
[ -f /usr/include/ares.h ] || missing="$missing libc-ares-dev"
# zlib: the crawler's WARC output (gzip member per record)
[ -f /usr/include/zlib.h ] || missing="$missing zlib1g-dev"
# runtime/co_tls.co (TLS streams, the crawler's https) is built on OpenSSL
[ -f /usr/include/openssl/ssl.h ] || missing="$missing libssl-dev"
if [ "$1" = "--test" ]; then
	need gcc gcc
	need clang clang
	need valgrind valgrind
	need gdb gdb
	need pkg-config pkg-config
	need python3 python3
	need csmith csmith
	[ -f /usr/include/csmith/csmith.h ] || missing="$missing libcsmith-dev"
	# a local DNS server for the resolver's tests (tests/runtime/resolve_dns.co)
	[ -x /usr/sbin/dnsmasq ] || command -v dnsmasq >/dev/null 2>&1 || missing="$missing dnsmasq-base"
	# the WARC test: wget writes the reference archive, node runs the
	# warcio reader (installed by the test into build/node_modules)
	need wget wget
	need node nodejs
	need npm npm
	# HTTPS tests: nginx serves over TLS, openssl makes the certificates
	[ -x /usr/sbin/nginx ] || need nginx nginx-light
	need openssl openssl
	# clang's ASan/UBSan/LSan runtime is a package of its own
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.asan-x86_64.a >/dev/null 2>&1 ||
		missing="$missing libclang-rt-14-dev"
fi
[ -z "$missing" ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq $missing >/dev/null && exit 0
	echo "apt-get could not install:$missing" >&2
fi
echo "corogen needs:$missing" >&2
echo "install them with:  sudo apt-get install$missing   (Debian/Ubuntu)" >&2
exit 1
