#!/bin/sh
# Every input the fuzzers once crashed corogen with stays a test: corogen
# must answer it with C (exit 0) or diagnostics (exit 1), never a crash,
# in both output modes.
set -u
fail=0
n=0
for f in tests/fuzz/regress/corogen/*; do
	case "$f" in *.txt|*README*) continue ;; esac
	[ -f "$f" ] || continue
	for mode in "" "--dump-ir"; do
		n=$((n + 1))
		build/corogen $mode "$f" >/dev/null 2>&1
		rc=$?
		if [ "$rc" -gt 1 ]; then
			echo "fuzz_regress: $f ${mode:-(C)}: exit status $rc"
			fail=1
		fi
	done
done
[ "$n" -gt 0 ] || { echo "fuzz_regress: no regression inputs found"; exit 1; }
[ "$fail" = 0 ] && echo "fuzz_regress: $n runs, no crash"
exit "$fail"
