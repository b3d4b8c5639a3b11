#!/bin/sh
# Make sure the tools the build needs are installed: flex and bison, and
# OpenSSL's headers for the runtime's TLS streams (and, with --test, what
# the test suites use: gcc, clang with its sanitizer runtime, valgrind,
# pkg-config, python3, and for the HTTPS tests nginx and openssl). On Debian/Ubuntu as root they are
# installed with apt-get; otherwise this says exactly what to run.
missing=""
need() { command -v "$1" >/dev/null 2>&1 || missing="$missing $2"; }
need flex flex
need bison bison
# runtime/co_tls.co (TLS streams, the crawler's https) is built on OpenSSL
[ -f /usr/include/openssl/ssl.h ] || missing="$missing libssl-dev"
if [ "$1" = "--test" ]; then
	need gcc gcc
	need clang clang
	need valgrind valgrind
	need pkg-config pkg-config
	need python3 python3
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
