#!/usr/bin/env python3
"""Turn a plain C program into a .co program with the same meaning.

The general sibling of csmith2co.py, for hand-written C such as the plain
twins of the run tests (tests/diff/plain/): every function defined in the
file becomes a coroutine, every call of one becomes `(yield from f(...))`,
`yield;` goes between statements and `((yield), ARG)` around arguments of
calls, all chosen by a seeded random generator. `main` becomes a coroutine
too, driven by a new `main` that runs it to completion.

Functions that cannot be coroutines stay plain: variadic ones, and those
whose name is used other than by a direct call (a function pointer, a
callback). Works on tokens, not a full parse, so it relies on ordinary
layout: a function definition is `...name(params) {` at file level.

usage: c2co.py IN.c OUT.co [--seed N] [--stmt-rate P] [--arg-rate P]
"""
import os
import random
import re
import sys

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<pp>^[ \t]*\#(?:[^\n\\]|\\.)*)
  | (?P<str>L?"(?:[^"\\\n]|\\.)*"|L?'(?:[^'\\\n]|\\.)*')
  | (?P<id>[A-Za-z_]\w*)
  | (?P<num>\.?\d(?:[eEpP][+-]|[\w.])*)
  | (?P<punct>->|\+\+|--|<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!=<>]=|\.\.\.|.)
""", re.X | re.S | re.M)

KEYWORDS = set("""auto break case char const continue default do double else enum extern
float for goto if inline int long register restrict return short signed sizeof static
struct switch typedef union unsigned void volatile while _Alignas _Alignof _Atomic _Bool
_Complex _Generic _Noreturn _Static_assert _Thread_local""".split())
# Macros whose arguments may be types or designators: never wrapped.
NO_WRAP = {"va_arg", "va_start", "va_end", "va_copy", "offsetof", "sizeof", "_Alignof",
           "_Generic", "assert", "static_assert", "_Static_assert"}


def tokenize(text):
    toks = []
    for m in TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment", "pp"):
            continue
        toks.append((kind, m.group(), m.start(), m.end()))
    return toks


def find_functions(toks):
    """Definitions at file level: (name index, '(' index, '{' index, '}' index)."""
    funcs, depth, i = [], 0, 0
    while i < len(toks):
        v = toks[i][1]
        if v == "{":
            depth += 1
        elif v == "}":
            depth -= 1
        elif depth == 0 and toks[i][0] == "id" and i + 1 < len(toks) and toks[i + 1][1] == "(" \
                and v not in KEYWORDS:
            close = match(toks, i + 1)
            if close + 1 < len(toks) and toks[close + 1][1] == "{":
                end = match(toks, close + 1)
                funcs.append((i, i + 1, close + 1, end))
                i = end + 1
                continue
            i = close
        i += 1
    return funcs


def match(toks, i):
    """Index of the bracket closing toks[i]."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    open_, close_, depth = toks[i][1], pairs[toks[i][1]], 0
    for j in range(i, len(toks)):
        if toks[j][1] == open_:
            depth += 1
        elif toks[j][1] == close_:
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced " + open_)


def transform(text, seed, stmt_rate=0.3, arg_rate=0.15):
    rng = random.Random(seed)
    toks = tokenize(text)
    funcs = find_functions(toks)
    names = {toks[f[0]][1] for f in funcs}
    # A name used other than as `name(` cannot change its type.
    for k, (kind, v, _, _) in enumerate(toks):
        if v in names and not (k + 1 < len(toks) and toks[k + 1][1] == "("):
            names.discard(v)
    for f in funcs:
        params = [t[1] for t in toks[f[1]:f[2]]]
        if "..." in params:
            names.discard(toks[f[0]][1])

    inserts = {}   # position in text -> list of strings to insert there

    def put(pos, s):
        inserts.setdefault(pos, []).append(s)

    # Declarations and definitions of the chosen functions get `coro`,
    # after the storage class: `static coro int f(...)`.
    depth = 0
    for k, (kind, v, start, end) in enumerate(toks):
        if v == "{":
            depth += 1
        elif v == "}":
            depth -= 1
        if depth or v not in names or k + 1 >= len(toks) or toks[k + 1][1] != "(":
            continue
        first = k
        while first > 0 and toks[first - 1][1] not in (";", "}", "{", ")"):
            first -= 1
        while toks[first][1] in ("static", "extern", "_Noreturn"):
            first += 1
        put(toks[first][2], "coro ")

    for f in funcs:
        rewrite_body(toks, f[2], f[3], names, rng, stmt_rate, arg_rate, put)

    out, last = [], 0
    for pos in sorted(inserts):
        out.append(text[last:pos])
        out.extend(inserts[pos])
        last = pos
    out.append(text[last:])
    result = "".join(out)
    if "main" in names:
        m = re.search(r"\bcoro\s+int\s+main\s*\(([^)]*)\)", result)
        result = result[:m.start()] + "coro int main__co(" + m.group(1) + ")" + result[m.end():]
        args = "argc, argv" if "," in m.group(1) else ""
        result += MAIN_DRIVER.replace("ARGS", args)
    return '#include "coro.h"\n' + result


def rewrite_body(toks, lo, hi, names, rng, stmt_rate, arg_rate, put):
    """Calls, argument suspensions and statement suspensions in one body."""
    paren = 0
    braces = []     # what each open '{' is: "block", "init" or "type"
    for k in range(lo + 1, hi):
        kind, v, start, end = toks[k]
        prev = toks[k - 1]
        if v == "(":
            paren += 1
        elif v == ")":
            paren -= 1
        elif v == "{":
            if prev[1] == "=" or (braces and braces[-1] == "init" and prev[1] in (",", "{")):
                braces.append("init")
            elif prev[1] in ("struct", "union", "enum") or \
                    (prev[0] == "id" and toks[k - 2][1] in ("struct", "union", "enum")):
                braces.append("type")
            else:
                braces.append("block")
        elif v == "}":
            if braces:
                braces.pop()
        if kind == "id" and k + 1 < hi and toks[k + 1][1] == "(" and v not in KEYWORDS \
                and not is_declaration(toks, k):
            close = match(toks, k + 1)
            if v in names:
                put(start, "(yield from ")
                put(toks[close][3], ")")
            if v not in NO_WRAP:
                wrap_args(toks, k + 1, close, rng, arg_rate, put)
        if v == ";" and paren == 0 and (not braces or braces[-1] == "block"):
            nxt = toks[k + 1][1] if k + 1 < len(toks) else ""
            if nxt not in ("else", "while") and not ends_flow(toks, k) \
                    and rng.random() < stmt_rate:
                put(end, " yield;")


def ends_flow(toks, k):
    """The statement ending at toks[k] is a jump: a suspension after it
    would be dead code."""
    j = k - 1
    while j > 0 and toks[j - 1][1] not in (";", "{", "}", ":"):
        j -= 1
    return toks[j][1] in ("return", "break", "continue", "goto")


def is_declaration(toks, k):
    """`T name(` in a body is a prototype, not a call: the token before the
    name is a word other than a keyword that can precede an expression."""
    prev = toks[k - 1]
    return prev[0] == "id" and prev[1] not in ("return", "case", "else", "do", "sizeof")


def wrap_args(toks, open_, close, rng, rate, put):
    if close == open_ + 1:
        return
    start, depth = open_ + 1, 0
    for j in range(open_ + 1, close + 1):
        v = toks[j][1]
        if v in "([{" and j != close:
            depth += 1
        elif v in ")]}" and j != close:
            depth -= 1
        if (v == "," and depth == 0) or j == close:
            if j > start and rng.random() < rate:
                put(toks[start][2], "((yield), ")
                put(toks[j - 1][3], ")")
            start = j + 1


MAIN_DRIVER = """
/* added by tests/diff/c2co.py: run the coroutine main to completion */
int main(int argc, char **argv)
{
    (void)argc; (void)argv;
    co_gen *g = main__co(ARGS);
    while (co_send(g, NULL) == CO_YIELDED)
        continue;
    int rc = (int)(intptr_t)co_value(g);
    co_free(g);
    return rc;
}
"""


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import csmith2co
    return csmith2co.main(transform)


if __name__ == "__main__":
    sys.exit(main())
