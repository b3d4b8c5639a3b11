#!/bin/sh
# The test-file format (tests/README.md) and its converter: every expectation
# survives a write and a read byte for byte, malformed files are refused, and
# tests/tools/embed_expectations.py moves old-style files in, idempotently.
. tests/cli/lib/common.sh
TOOLS=tests/tools

python3 - "$TOOLS" <<'PY' || fail "format round trip or refusal failed"
import sys
sys.path.insert(0, sys.argv[1])
import expectfile as E

inputs = [b"", b"x", b"int x;\n", b"a\n\n", b"/* unterminated"]
outputs = [b"", b"\n", b"a", b"a\n", b"a\n\nb", b"\n\n", b"  trailing  \n\t\\\n",
           b"\xff invalid utf-8\n", b"==== expect stdout ====\n", b"//==== expect IR ====\n",
           b"\\ no newline at end\n"]
for inp in inputs:
    for out in outputs:
        data = E.render(inp, [("stdout", out), ("IR", b"ir\n")])
        t = E.parse("t.co", data)
        assert t.input == inp, (inp, out, data)
        assert t.expected("stdout") == out, (inp, out, data)
        assert t.expected("IR") == b"ir\n", (inp, out, data)
        assert list(t.sections) == ["stdout", "IR"], data
# the input keeps its line numbers: the first marker comes after them
t = E.parse("t.co", E.render(b"1\n2\n3\n", [("C", b"c\n")]))
assert t.line_of("C") == 5, t.line_of("C")
# no section at all: the whole file is input
assert E.parse("t.co", b"int x;\n").sections == {}

bad = {
    b"x\n\n//==== expect a ====\nnot a comment\n": "t.co:4:",
    b"x\n\n//==== expect a ====\n//x\n": "t.co:4:",
    b"x\n\n//==== expect a ====\n// a\n//==== expect a ====\n": "twice",
    b"x\n\n//==== expect a ====\n//\\ no newline at end\n": "needs a line",
    b"x\n\n//==== expect a ====\n// a\n//\\ no newline at end\n// b\n": "nothing may follow",
    b"x\n\n//==== expect a ====\n// a": "end with a newline",
    b"//==== expect a ====\n": "separating newline",
}
for data, why in bad.items():
    try:
        E.parse("t.co", data)
    except E.FormatError as e:
        assert why in str(e), (data, str(e))
    else:
        raise AssertionError(f"accepted {data!r}")
PY

# the command line the shell scripts use
printf 'int x;\n\n//==== expect stdout ====\n// one\n//\n' >"$T/f.co"
[ "$(python3 "$TOOLS/expectfile.py" input "$T/f.co")" = "int x;" ] || fail "expectfile.py input"
python3 "$TOOLS/expectfile.py" section "$T/f.co" stdout >"$T/got"
printf 'one\n\n' | cmp -s - "$T/got" || fail "expectfile.py section: $(cat "$T/got")"
! python3 "$TOOLS/expectfile.py" section "$T/f.co" IR 2>/dev/null || fail "a missing section was printed"

# the converter: old-style pairs and triples in, byte for byte
mkdir "$T/run" "$T/golden" "$T/errors"
printf 'int main(void) { return 0; }' >"$T/run/a.co"          # no final newline
printf 'line 1\n\nlast, no newline' >"$T/run/a.out"
printf 'coro int g(void) yields int { yield 1; }\n' >"$T/golden/g.co"
printf '/* C */\n' >"$T/golden/g.c"
printf 'coroutine g\n' >"$T/golden/g.ir"
printf 'int x = ;\n' >"$T/errors/e.co"
printf 'e.co:1:9: error: \377\n' >"$T/errors/e.err"
cp "$T/run/a.co" "$T/a.input"; cp "$T/run/a.out" "$T/a.want"; cp "$T/errors/e.err" "$T/e.want"
python3 "$TOOLS/embed_expectations.py" "$T/run" "$T/golden" "$T/errors" >/dev/null || fail "converter failed"
for old in run/a.out golden/g.c golden/g.ir errors/e.err; do
	[ ! -e "$T/$old" ] || fail "converter left $old"
done
python3 "$TOOLS/expectfile.py" input "$T/run/a.co" | cmp -s - "$T/a.input" || fail "run input changed"
python3 "$TOOLS/expectfile.py" section "$T/run/a.co" stdout | cmp -s - "$T/a.want" || fail "stdout changed"
python3 "$TOOLS/expectfile.py" section "$T/errors/e.co" diagnostics | cmp -s - "$T/e.want" || fail "diagnostics changed"
[ "$(python3 "$TOOLS/expectfile.py" section "$T/golden/g.co" C)" = "/* C */" ] || fail "C section"
[ "$(python3 "$TOOLS/expectfile.py" section "$T/golden/g.co" IR)" = "coroutine g" ] || fail "IR section"

# idempotent: a second run changes nothing
mkdir "$T/before"
cp -r "$T/run" "$T/golden" "$T/errors" "$T/before/"
out=$(python3 "$TOOLS/embed_expectations.py" "$T/run" "$T/golden" "$T/errors") || fail "second run failed"
[ -z "$out" ] || fail "second run reported changes: $out"
for f in run/a.co golden/g.co errors/e.co; do
	cmp -s "$T/$f" "$T/before/$f" || fail "second run changed $f"
done

# an old-style file beside a converted test replaces that one section
printf 'coroutine g, again\n' >"$T/golden/g.ir"
python3 "$TOOLS/embed_expectations.py" "$T/golden" >/dev/null || fail "re-conversion failed"
[ "$(python3 "$TOOLS/expectfile.py" section "$T/golden/g.co" IR)" = "coroutine g, again" ] || fail "IR not replaced"
[ "$(python3 "$TOOLS/expectfile.py" section "$T/golden/g.co" C)" = "/* C */" ] || fail "C lost on re-conversion"

# an old-style file without its test is reported, not dropped
printf 'x\n' >"$T/run/orphan.out"
! python3 "$TOOLS/embed_expectations.py" "$T/run" 2>/dev/null || fail "orphan .out not reported"
[ -e "$T/run/orphan.out" ] || fail "orphan .out deleted"
echo "expectation_files: ok"
