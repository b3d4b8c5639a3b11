#!/bin/sh
# bench/run.sh — measure corogen against its references, side by side in one
# run, and write bench/RESULTS.md. `make bench` runs it after `make all`.
#
# Installs the reference tools it uses where the machine allows (Debian
# packages via apt-get when root) and says which reference it skips when it
# cannot. Options go to the environment (see bench/README.md):
#   BENCH_RUNS=5 BENCH_ONLY=1,2,3,4,5,6 BENCH_QUICK=1 BENCH_CRAWLER_WAIT=300
set -u
cd "$(dirname "$0")/.." || exit 2

# tool:package pairs; each missing tool is installed, or reported skipped.
NEED="valgrind:valgrind g++:g++ nginx:nginx wget2:wget2 ab:apache2-utils
callgrind_annotate:valgrind /usr/bin/time:time strace:strace python3:python3 dnsmasq:dnsmasq-base"
missing=""
for pair in $NEED; do
	tool=${pair%%:*}
	pkg=${pair#*:}
	command -v "$tool" >/dev/null 2>&1 || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "bench: installing$missing"
		apt-get update -qq >/dev/null 2>&1
		# one at a time: a package this release lacks must not block the rest
		for pkg in $missing; do
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" \
				>/dev/null 2>&1 || echo "bench: could not install $pkg"
		done
	else
		echo "bench: not root or no apt-get; cannot install:$missing"
	fi
fi
for pair in $NEED; do
	tool=${pair%%:*}
	command -v "$tool" >/dev/null 2>&1 || echo "bench: $tool missing: the measurements that use it are skipped"
done
command -v python3 >/dev/null 2>&1 || { echo "bench: python3 is required"; exit 2; }

# make bench has just run `make all`; run by hand, build what is missing.
if [ ! -x build/corogen ] || [ ! -f build/libcoro.a ]; then
	make all || exit 2
fi
make -s build/crawler >/dev/null 2>&1 || true

exec python3 bench/bench.py
