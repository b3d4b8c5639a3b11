#!/bin/sh
# The compiler is one pipeline: scan/parse -> check -> lower -> emit
# (docs/INTERNALS.md). No object of gen/ may call a function (or read a
# variable) defined in a later phase's object; the AST and its printers
# (ast, type, cprint) count as the parse phase, the leaves (util, diag,
# typenames) call no phase. And the lowering is finished before printing:
# nothing but the driver (compile.o) uses what lower.o defines.
# Checked with nm on the objects `make` built.
# Run from the repository root after `make`.
set -u
B=${BUILD:-build}
NM=${NM:-nm}
command -v "$NM" >/dev/null || { echo "phase_order: nm is missing" >&2; exit 1; }

# object -> phase rank; leaves are 0, driver objects (main, compile) are
# not listed: they call every phase.
rank() {
	case "$1" in
	util|diag|typenames) echo 0 ;;
	parse|scan|ast|type|cprint|headers|functions|macros|cpp) echo 1 ;;
	check) echo 2 ;;
	lower|ir) echo 3 ;;
	emit|dump|debuginfo) echo 4 ;;
	*) echo "" ;;
	esac
}

objs=$(ls "$B"/gen/*.o "$B"/grammar/*.o 2>/dev/null)
[ -n "$objs" ] || { echo "phase_order: no objects under $B; run make first" >&2; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/corogen-phase.XXXXXX")
trap 'rm -rf "$T"' EXIT
# every defined symbol with the rank of the object defining it
for o in $objs; do
	name=$(basename "$o" .o)
	r=$(rank "$name")
	[ -n "$r" ] || continue
	"$NM" --defined-only -g "$o" | awk -v r="$r" -v o="$name" 'NF >= 3 { print $3, r, o }'
done > "$T/defs"

failures=0
checked=0
for o in $objs; do
	name=$(basename "$o" .o)
	r=$(rank "$name")
	[ -n "$r" ] || continue
	checked=$((checked + 1))
	for sym in $("$NM" -u "$o" | awk '{ print $NF }'); do
		hit=$(awk -v s="$sym" -v r="$r" '$1 == s && ($2 > r || $3 == "lower") { print $3 }' "$T/defs")
		if [ -n "$hit" ]; then
			echo "phase_order: FAIL: $name.o (phase $r) uses $sym, defined in $hit.o (a later phase, or the lowering)" >&2
			failures=$((failures + 1))
		fi
	done
done
[ "$checked" -ge 10 ] || { echo "phase_order: only $checked objects found" >&2; exit 1; }
[ "$failures" -eq 0 ] || exit 1
echo "phase_order: $checked objects, no call into a later phase"
