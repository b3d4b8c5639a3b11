#!/usr/bin/env python3
"""Turn a Csmith program into a .co program with the same meaning.

Every generated function func_N becomes a `static coro`, every call of
one becomes `(yield from func_N(...))`, and suspensions are sprinkled in:
`yield;` between statements and `((yield), ARG)` around call arguments,
chosen by a seeded random generator so a seed always gives the same
program. main drives func_1 to completion with co_send. The output of the
.co program must equal the plain program's (Csmith prints a checksum of
every global), which is what tests/diff/csmith_diff.py checks.

Csmith writes one statement per line and never spreads an expression over
lines, which is what lets this stay a text transformation.

usage: csmith2co.py IN.c OUT.co [--seed N] [--stmt-rate P] [--arg-rate P]
"""
import argparse
import random
import re
import sys

CALL = re.compile(r"\bfunc_\d+\(")
PROTO_OR_DEF = re.compile(r"^static (.*\bfunc_\d+\(.*\))(;?)\s*$")
HELPER_CALL = re.compile(r"\b(safe_\w+|transparent_crc)\(")


def matching_paren(s, i):
    """Index of the ')' closing the '(' at s[i]; Csmith bodies hold no
    parentheses inside string or character literals."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced parentheses: " + s[i:i + 80])


def split_args(s):
    """Split the text between a call's parentheses at its top-level commas."""
    args, depth, start = [], 0, 0
    for j, ch in enumerate(s):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(s[start:j])
            start = j + 1
    args.append(s[start:])
    return args


class Rewriter:
    def __init__(self, rng, arg_rate):
        self.rng = rng
        self.arg_rate = arg_rate

    def args(self, inner):
        """Rewrite each argument; some get a suspension before them."""
        if not inner.strip():
            return inner
        out = []
        for a in split_args(inner):
            a = self.expr(a)
            if self.rng.random() < self.arg_rate:
                lead = a[:len(a) - len(a.lstrip())]
                a = f"{lead}((yield), {a.strip()})"
            out.append(a)
        return ",".join(out)

    def expr(self, s):
        """Wrap every func_N(...) call in `(yield from ...)` and rewrite the
        arguments of it and of Csmith's safe-math helpers."""
        out, i = [], 0
        while i < len(s):
            m_call = CALL.search(s, i)
            m_help = HELPER_CALL.search(s, i)
            m = min((x for x in (m_call, m_help) if x), key=lambda x: x.start(), default=None)
            if m is None:
                out.append(s[i:])
                break
            open_at = m.end() - 1
            close_at = matching_paren(s, open_at)
            call = s[m.start():open_at] + "(" + self.args(s[open_at + 1:close_at]) + ")"
            out.append(s[i:m.start()])
            out.append(f"(yield from {call})" if m is m_call else call)
            i = close_at + 1
        return "".join(out)


def transform(text, seed, stmt_rate, arg_rate):
    rng = random.Random(seed)
    rw = Rewriter(rng, arg_rate)
    lines = text.split("\n")
    out = []
    in_body = in_main = False
    for idx, line in enumerate(lines):
        m = PROTO_OR_DEF.match(line)
        if m and not in_body:
            out.append("static coro " + m.group(1) + m.group(2))
            if not m.group(2):
                in_body = True
            continue
        if line.startswith("int main"):
            in_main = True
            out.append(line)
            continue
        if in_main:
            if line.strip() == "func_1();":
                out.append("    { co_gen *top = func_1(); "
                           "while (co_send(top, NULL) == CO_YIELDED) continue; co_free(top); }")
            else:
                out.append(line)
            continue
        if not in_body:
            out.append(line)
            if line.startswith('#include "csmith.h"'):
                out.append('#include "coro.h"')
            continue
        if line == "}":
            in_body = False
            out.append(line)
            continue
        new = rw.expr(line)
        out.append(new)
        stripped = new.strip()
        # A suspension after a statement, never after a declaration of a
        # label or before an `else`.
        nxt = lines[idx + 1].strip() if idx + 1 < len(lines) else ""
        if (stripped.endswith(";") and not stripped.startswith("for")
                and not nxt.startswith("else") and rng.random() < stmt_rate):
            indent = new[:len(new) - len(new.lstrip())]
            out.append(indent + "yield;")
    return "\n".join(out)


def main(transform_text=None):
    """The command line of this script and of c2co.py."""
    transform_text = transform_text or transform
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stmt-rate", type=float, default=0.3)
    ap.add_argument("--arg-rate", type=float, default=0.15)
    a = ap.parse_args()
    text = open(a.src).read()
    open(a.dst, "w").write(transform_text(text, a.seed, a.stmt_rate, a.arg_rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
