#!/bin/sh
# corogen on hostile and huge generated inputs: 10,000 nested parentheses
# and blocks, 1 MB lines, NUL bytes, invalid UTF-8, a 5 MB file. Each must
# either compile (and the C, when small, must compile with gcc -std=c11 -c)
# or exit 1 with an "error:" diagnostic — never crash, hang, or blow up
# the output quadratically. Then a linearity check: twice the coroutines
# must take less than three times as long.
# Run from the repository root after `make`; about 30 s.
set -u
C=${COROGEN:-build/corogen}
CC=${CC_FOR_LIMITS:-gcc}
T=$(mktemp -d "${TMPDIR:-/tmp}/corogen-limits.XXXXXX")
trap 'rm -rf "$T"' EXIT
failures=0
fail() { echo "limits: FAIL: $*" >&2; failures=$((failures + 1)); }

[ -x "$C" ] || { echo "limits: $C is missing; run make first" >&2; exit 1; }

# ------------------------------------------------------------ the inputs
python3 - "$T" <<'EOF'
import sys, os
T = sys.argv[1]
N = 10000
MB = 1 << 20
HEAD = '#include <stddef.h>\n#include "coro.h"\n'

def w(name, text):
    with open(os.path.join(T, name + '.co'), 'wb') as f:
        f.write(text if isinstance(text, bytes) else text.encode())

def coro(body, params='int a'):
    return HEAD + 'coro int f(%s) yields int\n{\n%s\n}\n' % (params, body)

# nesting
w('parens', coro('\tint x = ' + '(' * N + '(yield a) + 1' + ')' * N + ';\n\treturn x;'))
w('parens_call', coro('\tint x = ' + 'g(' * N + 'a' + ')' * N + ';\n\treturn x;')
  .replace('coro int f', 'static int g(int v) { return v; }\ncoro int f', 1))
w('parens_outside', HEAD + 'int g = ' + '(' * N + '1' + ')' * N + ';\n'
  + 'coro int f(int a) yields int\n{\n\treturn a + g;\n}\n')
w('blocks', coro('{' * N + ' a++; yield a; ' + '}' * N + '\n\treturn a;'))
w('blocks_outside', HEAD + 'int h(int a)\n{\n' + '{' * N + ' a++; ' + '}' * N
  + '\n\treturn a;\n}\ncoro int f(int a) yields int\n{\n\treturn h(a);\n}\n')
w('ifs', coro('\t' + 'if (a > 0) ' * N + 'yield a;\n\treturn a;'))
w('whiles', coro('\t' + 'while (a-- > 0) ' * N + 'yield a;\n\treturn a;'))

# 1 MB lines (each line alone is over 1 MB)
n_terms = MB // 4 + 1
w('line_expr', coro('\tint x = a' + ' + a' * n_terms + ';\n\treturn x;'))
w('line_args', coro('\tint x = sum(a' + ', a' * (MB // 3 + 1) + ');\n\treturn x;')
  .replace('coro int f', '#define sum(...) 0\ncoro int f', 1))
w('line_string', coro('\tconst char *s = "' + 'x' * MB + '";\n\tyield s[0];\n\treturn a;'))
w('line_comment', coro('\t/* ' + 'c' * MB + ' */ yield a; // ' + 'd' * MB + '\n\treturn a;'))
w('line_outside', HEAD + 'static const int big[] = {' + '1,' * (MB // 2) + '};\n'
  + 'coro int f(int a) yields int\n{\n\treturn a + big[0];\n}\n')
w('line_ident', coro('\tint ' + 'v' * MB + ' = a;\n\tyield ' + 'v' * MB + ';\n\treturn a;'))

# NUL bytes
w('nul_outside', HEAD.encode() + b'/* a \0 in a comment */\nstatic const char s[] = "a\0b";\n'
  + b'coro int f(int a) yields int\n{\n\treturn a + s[0];\n}\n')
w('nul_code', coro('\tyield a;\0\n\treturn a;'))
w('nul_comment', coro('\t/* \0 */ yield a; // \0\n\treturn a;'))
w('nul_string', coro('\tconst char *s = "x\0y";\n\tyield s[2];\n\treturn a;'))
w('nul_char', coro("\tchar c = '\0';\n\tyield c;\n\treturn a;"))

# invalid UTF-8 (lone continuation bytes, truncated sequences, overlongs,
# surrogates, 0xfe/0xff)
bad = b'\x80 \xbf \xc3 \xe2\x82 \xc0\x80 \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xfe\xff'
w('utf8_outside', HEAD.encode() + b'/* ' + bad + b' */\n// ' + bad + b'\n'
  + b'static const char *s = "' + bad + b'";\n'
  + b'coro int f(int a) yields int\n{\n\treturn a + (s[0] != 0);\n}\n')
w('utf8_comment', coro('').replace('\n}\n', '').encode()
  + b'\t/* ' + bad + b' */ yield a; // ' + bad + b'\n\treturn a;\n}\n')
w('utf8_string', coro('').replace('\n}\n', '').encode()
  + b'\tconst char *s = "' + bad + b'";\n\tchar c = \'\xff\';\n\tyield s[0] + c;\n\treturn a;\n}\n')
w('utf8_code', coro('').replace('\n}\n', '').encode() + b'\tint \xff\xfe = a;\n\treturn a;\n}\n')
w('utf8_ident', coro('').replace('\n}\n', '').encode() + b'\tint caf\xc3\xa9 = a;\n\treturn caf\xc3\xa9;\n}\n')

# a 5 MB file of coroutines
BODY = '''coro int c%d(int n) yields int
{
	int total = 0;
	for (int i = 0; i < n; i++) {
		int got = yield i;
		total += got;
	}
	if (n > 1)
		total += yield from c%d(n - 1);
	return total;
}
'''
with open(os.path.join(T, 'big.co'), 'w') as f:
    f.write(HEAD)
    i = 0
    while f.tell() < 5 * MB + 1000:
        f.write(BODY % (i, max(i - 1, 0)))
        i += 1

# the linearity check: N and 2N small coroutines
SMALL = 'coro int s%d(int n) yields int\n{\n\tint t = yield n;\n\treturn t + %d;\n}\n'
for n, name in ((20000, 'lin1'), (40000, 'lin2')):
    with open(os.path.join(T, name + '.co'), 'w') as f:
        f.write(HEAD)
        for i in range(n):
            f.write(SMALL % (i, i))
EOF
[ $? -eq 0 ] || { echo "limits: cannot generate the inputs" >&2; exit 1; }

# ------------------------------------------------------------ one case
# run NAME [expect]: expect is "ok" (must compile), "error" (must exit 1)
# or "any" (either). A run over 30 s counts as a hang.
run() {
	name=$1
	expect=${2:-any}
	in=$T/$name.co
	out=$T/$name.c
	rc=0
	timeout 30 "$C" -o "$out" "$in" >/dev/null 2>"$T/$name.err" || rc=$?
	insize=$(wc -c <"$in")
	case $rc in
	0)
		if [ "$expect" = error ]; then
			fail "$name: compiled, but it should be rejected"
			return
		fi
		outsize=$(wc -c <"$out")
		# the C grows with the input, not with its square
		if [ "$outsize" -gt $((insize * 100 + 1000000)) ]; then
			fail "$name: $insize bytes in, $outsize bytes of C out (quadratic output?)"
			return
		fi
		if [ "$outsize" -le 3000000 ]; then
			if ! "$CC" -std=c11 -w -c -Iruntime "$out" -o "$T/$name.o" 2>"$T/$name.cc"; then
				fail "$name: corogen succeeded but the C does not compile:"
				head -5 "$T/$name.cc" >&2
				return
			fi
			echo "limits: $name: ok (compiled, C compiles)"
		else
			echo "limits: $name: ok (compiled, $outsize bytes of C)"
		fi
		;;
	1)
		if [ "$expect" = ok ]; then
			fail "$name: rejected, but it should compile:"
			head -3 "$T/$name.err" >&2
			return
		fi
		if ! grep -q 'error:' "$T/$name.err"; then
			fail "$name: exit 1 without an error message"
			return
		fi
		echo "limits: $name: ok (rejected: $(grep -m1 'error:' "$T/$name.err" | cut -c1-100))"
		;;
	124)
		fail "$name: no result after 30 s (hang or quadratic time)"
		;;
	*)
		if [ "$rc" -gt 128 ]; then
			fail "$name: crashed with signal $((rc - 128))"
		else
			fail "$name: exit status $rc"
		fi
		head -3 "$T/$name.err" >&2
		;;
	esac
}

run parens
run parens_call
run parens_outside ok
run blocks
run blocks_outside ok
run ifs
run whiles
run line_expr
run line_args
run line_string
run line_comment ok
run line_outside ok
run line_ident
run nul_outside ok
run nul_code error
run nul_comment ok
run nul_string
run nul_char
run utf8_outside ok
run utf8_comment ok
run utf8_string
run utf8_code error
run utf8_ident
run big ok

# ------------------------------------------------------------ linearity
now_ms() { date +%s%3N; }
time_ms() {
	best=
	for _ in 1 2; do    # the better of two runs, against noise
		t0=$(now_ms)
		"$C" -o "$T/lin.c" "$1" 2>/dev/null || { echo fail; return; }
		t=$(($(now_ms) - t0))
		if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
	done
	echo "$best"
}
t1=$(time_ms "$T/lin1.co")
t2=$(time_ms "$T/lin2.co")
if [ "$t1" = fail ] || [ "$t2" = fail ]; then
	fail "linearity: compiling the generated coroutines failed"
else
	[ "$t1" -gt 0 ] || t1=1
	ratio=$(awk "BEGIN { printf \"%.2f\", $t2 / $t1 }")
	echo "limits: linearity: 20000 coroutines ${t1} ms, 40000 coroutines ${t2} ms, ratio $ratio"
	awk "BEGIN { exit !($t2 < 3 * $t1) }" || fail "linearity: ratio $ratio is not under 3"
fi

if [ "$failures" -gt 0 ]; then
	echo "limits: $failures failure(s)" >&2
	exit 1
fi
echo "limits: ok"
