#!/bin/sh
# tests/fuzz/run.sh — build the libFuzzer targets with clang into build/fuzz/
# and run each for $FUZZ_SECONDS seconds (default 60) on a copy of its seed
# corpus. What `make fuzz FUZZ_SECONDS=N` runs. From the repository root.
#
#   sh tests/fuzz/run.sh                 build, replay regressions, fuzz all
#   sh tests/fuzz/run.sh http url        only these targets
#   sh tests/fuzz/run.sh --regress       build and replay tests/fuzz/regress only
#
# Targets: corogen (the whole compiler through corogen_compile), http (the
# response and request parsers, fed whole / byte by byte / in pieces), url
# (resolve, normalise, split), links (href extraction), robots (robots.txt
# parsing and matching). Each links the very
# files the programs use (gen/*.c, examples/lib/*.c), not copies.
#
# The committed corpus tests/fuzz/corpus/<target>/ is copied into
# build/fuzz/corpus-<target>/, which libFuzzer grows; the committed one is
# never written. Crashes, leaks and hangs (-timeout=10) land in
# build/fuzz/artifacts-<target>/; turn each into a regression test by
# copying it to tests/fuzz/regress/<target>/ (it is replayed on every run).
#
# A dictionary of tokens, tests/fuzz/<target>.dict, is used when present.
# AFL++ instead (package afl++): the targets are plain LLVMFuzzerTestOneInput
# functions, so `afl-clang-fast -fsanitize=fuzzer,address,undefined ...`
# with the same sources builds them with AFL++'s libFuzzer driver; then
# `afl-fuzz -i tests/fuzz/corpus/url -o build/fuzz/afl-url -- build/fuzz/afl_url`.
# Environment: FUZZ_SECONDS (60), FUZZ_CC (clang), FUZZ_RSS_MB (2048),
# FUZZ_JOBS=1 runs the targets one after another (default), FUZZ_JOBS=N
# runs up to N targets at once.
# Exit status: 0 when nothing was found, 1 when something was, 2 when a
# target could not be built.
set -u

SECONDS_EACH=${FUZZ_SECONDS:-60}
CC=${FUZZ_CC:-clang}
RSS=${FUZZ_RSS_MB:-2048}
JOBS=${FUZZ_JOBS:-1}
B=build/fuzz
T=tests/fuzz
ALL="corogen http url links robots"

regress_only=0
targets=
for a in "$@"; do
	case $a in
	--regress) regress_only=1 ;;
	corogen|http|url|links|robots) targets="$targets $a" ;;
	*) echo "run.sh: unknown argument '$a' (targets: $ALL, --regress)" >&2; exit 2 ;;
	esac
done
[ -n "$targets" ] || targets=$ALL

if [ ! -f gen/corogen.h ] || [ ! -d examples/lib ]; then
	echo "run.sh: run from the repository root" >&2
	exit 2
fi
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "run.sh: $CC not found; libFuzzer needs clang" >&2
	exit 2
fi
mkdir -p "$B"

FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -std=c11 -D_POSIX_C_SOURCE=200809L
       -D_DEFAULT_SOURCE"

# Build one target from the files named (headers only count for staleness).
# Rebuilt only when one of them is newer than the binary.
build() {
	name=$1
	shift
	exe=$B/fuzz_$name
	stale=0
	[ -x "$exe" ] || stale=1
	for s in "$@"; do
		[ "$s" -nt "$exe" ] && stale=1
	done
	[ $stale = 1 ] || return 0
	echo "fuzz: building $exe"
	srcs=
	for s in "$@"; do
		case $s in *.h) ;; *) srcs="$srcs $s" ;; esac
	done
	# shellcheck disable=SC2086
	$CC $FLAGS $INC $srcs -o "$exe" 2>"$B/build-$name.log" || {
		cat "$B/build-$name.log" >&2
		echo "fuzz: cannot build $exe" >&2
		return 1
	}
}

build_corogen() {
	if ! grep -q 'corogen_compile' gen/corogen.h 2>/dev/null; then
		echo "fuzz: corogen: skipped: gen/corogen.h has no corogen_compile()" >&2
		return 1
	fi
	mkdir -p "$B/grammar"
	if [ ! -f "$B/grammar/parse.c" ] || [ grammar/parse.y -nt "$B/grammar/parse.c" ]; then
		bison -Wall -d -o "$B/grammar/parse.c" grammar/parse.y || return 1
	fi
	if [ ! -f "$B/grammar/scan.c" ] || [ grammar/scan.l -nt "$B/grammar/scan.c" ] ||
	   [ "$B/grammar/parse.h" -nt "$B/grammar/scan.c" ]; then
		flex -o "$B/grammar/scan.c" grammar/scan.l || return 1
	fi
	gen=$(ls gen/*.c | grep -v '^gen/main\.c$')
	INC="-Igen -I$B/grammar -Wno-unused-function"
	# shellcheck disable=SC2086
	build corogen $T/fuzz_corogen.c $gen "$B/grammar/parse.c" "$B/grammar/scan.c" gen/corogen.h
}

build_target() {
	case $1 in
	corogen) build_corogen ;;
	http) INC="-Iexamples/lib"
	      build http $T/fuzz_http.c examples/lib/http.c examples/lib/http_request.c \
		examples/lib/http_response.c examples/lib/buf.c ;;
	url) INC="-Iexamples/lib"; build url $T/fuzz_url.c examples/lib/url.c ;;
	links) INC="-Iexamples/lib"; build links $T/fuzz_links.c examples/lib/links.c examples/lib/entities.c ;;
	robots) INC="-Iexamples/lib"; build robots $T/fuzz_robots.c examples/lib/robots.c ;;
	esac
}

status=0
built=
for t in $targets; do
	if build_target "$t"; then
		built="$built $t"
	else
		echo "fuzz: $t: not built" >&2
		status=2
	fi
done

# Replay every saved crash/hang: each must now run cleanly.
for t in $built; do
	dir=$T/regress/$t
	[ -d "$dir" ] || continue
	files=$(find "$dir" -type f ! -name '*.txt' ! -name '*.md' | sort)
	[ -n "$files" ] || continue
	n=$(echo "$files" | wc -l)
	# shellcheck disable=SC2086
	if "$B/fuzz_$t" -timeout=10 -rss_limit_mb="$RSS" -close_fd_mask=1 $files >"$B/regress-$t.log" 2>&1; then
		echo "fuzz: $t: $n regression input(s) pass"
	else
		echo "fuzz: $t: a regression input fails (see $B/regress-$t.log):" >&2
		grep -E 'ERROR|SUMMARY|Running:|contract|disagrees|fuzz_' "$B/regress-$t.log" | tail -8 >&2
		status=1
	fi
done
[ $regress_only = 1 ] && exit $status

run_one() {
	t=$1
	corpus=$B/corpus-$t
	art=$B/artifacts-$t
	mkdir -p "$corpus" "$art"
	cp -p "$T/corpus/$t/"* "$corpus/" 2>/dev/null
	before=$(ls "$art" | wc -l)
	quiet=
	[ "$t" = corogen ] && quiet=-close_fd_mask=2   # corogen's diagnostics
	[ -f "$T/$t.dict" ] && quiet="$quiet -dict=$T/$t.dict"
	"$B/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb="$RSS" \
		-print_final_stats=1 $quiet -artifact_prefix="$art/" "$corpus" \
		>"$B/log-$t.txt" 2>&1
	rc=$?
	after=$(ls "$art" | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/log-$t.txt" | tail -1)
	if [ "$rc" = 0 ] && [ "$after" = "$before" ]; then
		found="nothing found"
	else
		found="FOUND: exit $rc, $((after - before)) new artifact(s) in $art/ (log: $B/log-$t.txt)"
		grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|contract|disagrees|ALARM|fuzz_' \
			"$B/log-$t.txt" | head -5 | sed 's/^/    /'
	fi
	printf 'fuzz: %-8s %ss  %s executions  %s\n' "$t" "$SECONDS_EACH" "${execs:-?}" "$found"
	[ "$found" = "nothing found" ]
}

summary=$B/summary.txt
: >"$summary"
running=0
for t in $built; do
	if [ "$JOBS" -le 1 ]; then
		run_one "$t" | tee -a "$summary"
	else
		run_one "$t" >>"$summary" &
		running=$((running + 1))
		if [ $running -ge "$JOBS" ]; then
			wait
			running=0
		fi
	fi
done
wait
[ "$JOBS" -le 1 ] || cat "$summary"
grep -q 'FOUND' "$summary" && status=1
exit $status
