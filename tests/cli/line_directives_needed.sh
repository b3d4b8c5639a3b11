#!/bin/sh
# Every #line in the generated C of examples/ changes something: none is
# overridden by the next line's own #line, and none names the line and file
# the C compiler is already at (docs/INTERNALS.md, Emit).
. tests/cli/lib/common.sh

for co in examples/*.co examples/lib/*.co tests/golden/*.co; do
	"$C" -Iexamples/lib -Iruntime -o "$T/out.c" "$co" || fail "corogen failed on $co"
	grep -q '^#line ' "$T/out.c" || fail "no #line at all in the output for $co"
	awk -v co="$co" '
		/^#line [0-9]+/ {
			f = NF >= 3 ? $3 : file
			if (after_directive) { printf "%s: #line at output line %d overrides the one before it\n", co, NR; bad = 1 }
			if ($2 == line && f == file) { printf "%s: #line at output line %d states the current line %d\n", co, NR, line; bad = 1 }
			line = $2; file = f; after_directive = 1
			next
		}
		{ after_directive = 0; line++ }
		END { exit bad }' line=1 "$T/out.c" >"$T/report" || fail "$(head -5 "$T/report")"
done
echo "line_directives_needed: ok"
