#!/bin/sh
# tests/valgrind.sh — what `make check-valgrind` runs, from the repository
# root: every tests/run/*.co program and every tests/runtime test, built
# without sanitizers (-O1 -g) against build/libcoro.a, and the example
# programs (build/subgen; build/httpd serving the sample site of
# examples/gensite.py while build/crawler crawls it and build/fetcher
# fetches from it), each under
#   valgrind --leak-check=full --error-exitcode=1 --errors-for-leak-kinds=definite,indirect
# A program has errors when valgrind's log reports any error or a definite
# or indirect leak, or when the program itself fails (exit status, wrong
# output for tests/run: the file's stdout section). Prints one line per program, then
# "N clean, N with errors"; exits 1 if any had errors.
#
# Environment: VALGRIND_ONLY=substring runs only matching programs;
# VALGRIND_JOBS=N runs tests/run and tests/runtime N at a time (default 2).
set -u
B=build/valgrind
ONLY=${VALGRIND_ONLY:-}
JOBS=${VALGRIND_JOBS:-2}
CC=${CC:-cc}
CFLAGS="-std=c11 -O1 -g -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iruntime"
VG="valgrind --leak-check=full --error-exitcode=1 --errors-for-leak-kinds=definite,indirect"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: not installed (apt-get install valgrind)" >&2
	exit 1
fi
[ -f gen/corogen.h ] || { echo "valgrind.sh: run from the repository root" >&2; exit 1; }
if [ ! -x build/corogen ] || [ ! -f build/libcoro.a ]; then
	make -s build/corogen build/libcoro.a || exit 1
fi
rm -rf "$B"
mkdir -p "$B/run" "$B/runtime" "$B/examples" "$B/results"

# result NAME clean|errors [DETAIL] — one file per program, so that jobs
# running in parallel do not interleave.
result() {
	f=$B/results/$(echo "$1" | tr '/ ' '__')
	printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >"$f"
	if [ "$2" = clean ]; then
		echo "valgrind: $1: clean"
	else
		echo "valgrind: $1: ERRORS: ${3:-}"
	fi
}

# vg_verdict NAME LOG RC: read valgrind's log and the program's status.
vg_verdict() {
	name=$1 log=$2 rc=$3 extra=${4:-}
	errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
	if [ -z "$errs" ]; then
		result "$name" errors "no valgrind summary (killed? exit $rc; log $log)"
	elif [ "$errs" != 0 ]; then
		result "$name" errors "$errs valgrind error(s), see $log"
	elif [ "$rc" != 0 ]; then
		result "$name" errors "program exited $rc, see $log"
	elif [ -n "$extra" ]; then
		result "$name" errors "$extra"
	else
		result "$name" clean
	fi
}

# ---------------------------------------------------------- tests/run
one_run() {
	co=$1
	name=$(basename "$co" .co)
	d=$B/run
	# the input part of the test file, named as the file (tests/README.md)
	if ! python3 tests/tools/expectfile.py input "$co" |
		build/corogen --name "$co" -o "$d/$name.c" - 2>"$d/$name.build"; then
		result "run/$name" errors "corogen failed: $(head -1 "$d/$name.build")"
		return
	fi
	# -I the .co's directory: the headers it includes (as tests/runner.py does)
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -I"$(dirname "$co")" "$d/$name.c" build/libcoro.a -lcares -lssl -lcrypto -o "$d/$name" 2>>"$d/$name.build"; then
		result "run/$name" errors "does not build: $(head -1 "$d/$name.build")"
		return
	fi
	rc=0
	timeout 300 $VG --log-file="$d/$name.vg" "$d/$name" >"$d/$name.stdout" 2>"$d/$name.stderr" || rc=$?
	extra=
	if python3 tests/tools/expectfile.py section "$co" stdout >"$d/$name.want" 2>/dev/null &&
		! cmp -s "$d/$name.want" "$d/$name.stdout"; then
		extra="stdout differs from the stdout section of $co"
	fi
	vg_verdict "run/$name" "$d/$name.vg" "$rc" "$extra"
}

# ---------------------------------------------------------- tests/runtime
one_runtime() {
	src=$1
	base=$(basename "$src")
	name=${base%.*}
	d=$B/runtime
	c=$src
	if [ "${src%.co}" != "$src" ]; then
		c=$d/$name.c
		if ! build/corogen -o "$c" "$src" 2>"$d/$name.build"; then
			result "runtime/$base" errors "corogen failed: $(head -1 "$d/$name.build")"
			return
		fi
	fi
	# shellcheck disable=SC2086
	if ! $CC $CFLAGS -Itests/runtime "$c" build/libcoro.a -lcares -lssl -lcrypto -o "$d/$name" 2>>"$d/$name.build"; then
		result "runtime/$base" errors "does not build: $(head -1 "$d/$name.build")"
		return
	fi
	rc=0
	timeout 600 $VG --log-file="$d/$name.vg" "$d/$name" >"$d/$name.stdout" 2>"$d/$name.stderr" || rc=$?
	vg_verdict "runtime/$base" "$d/$name.vg" "$rc"
}

# Run the unit lists JOBS at a time.
list=$B/list
: >"$list"
for co in tests/run/*.co; do echo "run $co" >>"$list"; done
for src in tests/runtime/*.c tests/runtime/*.co; do
	[ -f "$src" ] && echo "runtime $src" >>"$list"
done
if [ -n "$ONLY" ]; then
	grep -F -- "$ONLY" "$list" >"$list.only"
	mv "$list.only" "$list"
fi
n=0
while read -r kind path; do
	"one_$kind" "$path" &
	n=$((n + 1))
	if [ "$n" -ge "$JOBS" ]; then
		wait
		n=0
	fi
done <"$list"
wait

# ---------------------------------------------------------- the examples
want() { [ -z "$ONLY" ] || echo "$1" | grep -qF -- "$ONLY"; }
d=$B/examples

if want examples/subgen; then
	if [ -x build/subgen ]; then
		rc=0
		timeout 120 $VG --log-file="$d/subgen.vg" build/subgen 10 -1 41 >"$d/subgen.out" 2>&1 || rc=$?
		vg_verdict examples/subgen "$d/subgen.vg" "$rc"
	else
		echo "valgrind: examples/subgen: skipped: build/subgen does not exist"
	fi
fi

if want examples/httpd || want examples/crawler || want examples/fetcher; then
	if [ ! -x build/httpd ]; then
		echo "valgrind: examples/httpd, crawler, fetcher: skipped: build/httpd does not exist"
	elif [ ! -f examples/gensite.py ]; then
		echo "valgrind: examples/httpd, crawler, fetcher: skipped: examples/gensite.py does not exist"
	else
		site=$d/site
		python3 examples/gensite.py --expected "$d/site.expected.tsv" "$site" >/dev/null ||
			{ echo "valgrind.sh: gensite.py failed" >&2; exit 1; }
		$VG --log-file="$d/httpd.vg" build/httpd -q -p 0 -r "$site" >"$d/httpd.out" 2>"$d/httpd.err" &
		httpd_pid=$!
		trap 'kill "$httpd_pid" 2>/dev/null' EXIT
		root=
		for _ in $(seq 300); do     # valgrind starts slowly
			root=$(sed -n 's|^listening on \(http://[^ ]*\)/$|\1|p' "$d/httpd.out")
			[ -n "$root" ] && break
			kill -0 "$httpd_pid" 2>/dev/null || break
			sleep 0.1
		done
		if [ -z "$root" ]; then
			result examples/httpd errors "httpd did not start under valgrind: $(head -2 "$d/httpd.err")"
		else
			if [ -x build/crawler ]; then
				rc=0
				timeout 600 $VG --log-file="$d/crawler.vg" build/crawler --report tsv "$root/" \
					>"$d/crawler.tsv" 2>"$d/crawler.err" || rc=$?
				extra=
				sed "s|@ROOT@|$root|g" "$d/site.expected.tsv" >"$d/crawler.want"
				cmp -s "$d/crawler.want" "$d/crawler.tsv" ||
					extra="crawl report differs from gensite's expected.tsv ($d/crawler.tsv)"
				vg_verdict examples/crawler "$d/crawler.vg" "$rc" "$extra"
			else
				echo "valgrind: examples/crawler: skipped: build/crawler does not exist"
			fi
			if [ -x build/fetcher ]; then
				rc=0
				timeout 120 $VG --log-file="$d/fetcher.vg" build/fetcher "$root/" "$root/no-such-page" \
					>"$d/fetcher.out" 2>&1 || rc=$?
				vg_verdict examples/fetcher "$d/fetcher.vg" "$rc"
			else
				echo "valgrind: examples/fetcher: skipped: build/fetcher does not exist"
			fi
			# SIGTERM: the server stops cleanly, freeing everything
			kill -TERM "$httpd_pid" 2>/dev/null
		fi
		rc=0
		wait "$httpd_pid" || rc=$?
		trap - EXIT
		[ -n "$root" ] && vg_verdict examples/httpd "$d/httpd.vg" "$rc"
	fi
fi

clean=$(cat "$B"/results/* 2>/dev/null | awk -F'\t' '$2 == "clean"' | wc -l)
bad=$(cat "$B"/results/* 2>/dev/null | awk -F'\t' '$2 != "clean"' | wc -l)
echo "valgrind: $clean clean, $bad with errors"
[ "$bad" -eq 0 ]
