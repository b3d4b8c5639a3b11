#!/usr/bin/env python3
"""Random generator programs written twice: as .co and as Python.

One seed gives a handful of coroutines g0..gN over long integers kept in
[0, 1009): assignments with `yield` inside expressions, `yield from` of
earlier coroutines, if/else, bounded while loops with break and continue,
&& || ?: short-circuits, early returns, and `defer` (Python: try/finally).
main drives the last coroutine again and again, stopping it after 0, 1,
2, ... resumes and destroying it there (co_free / generator.close()), so
every suspension point is also a destruction point. Both programs print
what was yielded, returned and deferred; tests/diff/pygen_diff.py requires
the two outputs to be equal.

usage: pygen.py SEED OUT.co OUT.py
"""
import random
import sys

M = 1009          # every value stays in [0, M): no overflow, no negative %


class Gen:
    """Builds one coroutine in both languages at once: each statement is a
    pair (C lines, Python lines), indented by the caller."""

    def __init__(self, rng, index, nparams):
        self.rng = rng
        self.index = index
        self.params = [f"p{i}" for i in range(nparams)]
        self.locals = [f"x{i}" for i in range(3)]
        self.counter = 0
        self.defer_id = 0
        self.loop_depth = 0

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.index}_{self.counter}"

    # ---------------------------------------------------------- expressions

    def leaf(self):
        r = self.rng.random()
        names = self.params + self.locals
        if r < 0.6:
            n = self.rng.choice(names)
            return n, n
        k = str(self.rng.randrange(M))
        return k, k

    def expr(self, depth=0):
        """(C, Python) of an expression whose value is in [0, M)."""
        rng = self.rng
        if depth > 2 or rng.random() < 0.3:
            return self.leaf()
        r = rng.random()
        if r < 0.22:
            a, b = self.expr(depth + 1), self.expr(depth + 1)
            op = rng.choice("+*")
            return f"(({a[0]} {op} {b[0]}) % {M})", f"(({a[1]} {op} {b[1]}) % {M})"
        if r < 0.30:
            a, b = self.expr(depth + 1), self.expr(depth + 1)
            return f"(({a[0]} + {M} - {b[0]}) % {M})", f"(({a[1]} + {M} - {b[1]}) % {M})"
        if r < 0.50:
            a = self.expr(depth + 1)
            return f"(yield {a[0]})", f"(yield {a[1]})"
        if r < 0.60 and self.index > 0:
            k = rng.randrange(self.index)
            args = [self.expr(depth + 1) for _ in range(NPARAMS[k])]
            c = ", ".join(x[0] for x in args)
            p = ", ".join(x[1] for x in args)
            return f"(yield from g{k}({c}))", f"(yield from g{k}({p}))"
        if r < 0.75:
            c, a, b = self.cond(depth + 1), self.expr(depth + 1), self.expr(depth + 1)
            return f"({c[0]} ? {a[0]} : {b[0]})", f"({a[1]} if {c[1]} else {b[1]})"
        if r < 0.90:
            a, b = self.cond(depth + 1), self.cond(depth + 1)
            op, pop = rng.choice([("&&", "and"), ("||", "or")])
            return f"({a[0]} {op} {b[0]})", f"(1 if ({a[1]} {pop} {b[1]}) else 0)"
        a = self.expr(depth + 1)
        return f"({a[0]} % 7)", f"({a[1]} % 7)"

    def cond(self, depth=0):
        a, b = self.expr(depth + 1), self.expr(depth + 1)
        op = self.rng.choice(["<", "==", "!=", ">="])
        return f"({a[0]} {op} {b[0]})", f"int({a[1]} {op} {b[1]})"

    # ----------------------------------------------------------- statements

    def block(self, depth, n=None, tail=None):
        """A list of statements, then `tail` (a (C, Python) pair); a `defer`
        covers everything after it in the block, as Python's try/finally
        does, so the tail goes inside the innermost try."""
        rng = self.rng
        n = rng.randint(1, 4) if n is None else n
        tail = tail or ([], [])
        c, p = [], []
        for i in range(n):
            if depth < 3 and rng.random() < 0.15:
                self.defer_id += 1
                d = f"{self.index}.{self.defer_id}"
                v = rng.choice(self.locals)
                c.append(f'defer printf("defer {d} %ld\\n", {v});')
                rest_c, rest_p = self.block(depth + 1, max(1, n - i - 1), tail)
                c += rest_c
                p.append("try:")
                p += ["    " + ln for ln in rest_p]
                p.append("finally:")
                p.append(f'    print("defer {d}", {v})')
                return c, p
            sc, sp = self.stmt(depth)
            c += sc
            p += sp
        return c + tail[0], p + tail[1]

    def stmt(self, depth):
        rng = self.rng
        r = rng.random()
        v = rng.choice(self.locals)
        if r < 0.30 or depth >= 3:
            e = self.expr()
            if e[0] == v:      # `x = x` is a warning in plain C too (clang)
                e = (f"(({v} + 1) % {M})", f"(({v} + 1) % {M})")
            return [f"{v} = {e[0]};"], [f"{v} = {e[1]}"]
        if r < 0.40:
            e = self.expr()
            return ([f"{v} += {e[0]};", f"{v} %= {M};"], [f"{v} += {e[1]}", f"{v} %= {M}"])
        if r < 0.48:
            e = self.expr()
            return [f'printf("print %ld\\n", (long){e[0]});'], [f'print("print", {e[1]})']
        if r < 0.53:
            e = self.expr()
            return [f"yield {e[0]};"], [f"yield {e[1]}"]
        if r < 0.68:
            cnd = self.cond()
            tc, tp = self.block(depth + 1)
            c = [f"if {cnd[0]} {{"] + ["    " + x for x in tc]
            p = [f"if {cnd[1]}:"] + ["    " + x for x in tp]
            if rng.random() < 0.5:
                ec, ep = self.block(depth + 1)
                c += ["} else {"] + ["    " + x for x in ec]
                p += ["else:"] + ["    " + x for x in ep]
            c.append("}")
            return c, p
        if r < 0.83:
            cnt = self.fresh("c")
            limit = rng.randint(1, 3)
            self.loop_depth += 1
            bc, bp = self.block(depth + 1)
            self.loop_depth -= 1
            extra_c, extra_p = [], []
            if rng.random() < 0.4:
                cnd = self.cond()
                word = rng.choice(["break", "continue"])
                extra_c = [f"if {cnd[0]} {word};"]
                extra_p = [f"if {cnd[1]}: {word}"]
            c = [f"for (long {cnt} = 0; {cnt} < {limit}; {cnt}++) {{"]
            c += ["    " + x for x in extra_c + bc] + ["}"]
            p = [f"{cnt} = 0", f"while {cnt} < {limit}:", f"    {cnt} += 1"]
            p += ["    " + x for x in extra_p + bp]
            # Python's `continue` skips nothing that C's for-increment does:
            # the increment is first in the Python loop body.
            return c, p
        if r < 0.90:
            e = self.expr()
            return [f"return {e[0]};"], [f"return {e[1]}"]
        cnd = self.cond()
        bc, bp = self.block(depth + 1)
        return ["{"] + ["    " + x for x in bc] + ["}"], ["if True:"] + ["    " + x for x in bp]

    def function(self):
        ps = ", ".join(f"long {p}" for p in self.params)
        c = [f"static coro long g{self.index}({ps or 'void'}) yields long", "{"]
        py = [f"def g{self.index}({', '.join(self.params)}):"]
        init = [(x, (v, v)) for x in self.locals
                for v in [self.rng.choice(self.params + [str(self.rng.randrange(M))])]]
        e = self.expr()
        bc, bp = self.block(0, self.rng.randint(3, 7), ([f"return {e[0]};"], [f"return {e[1]}"]))
        for x, (vc, vp) in init:
            c.append(f"    long {x} = {vc};")
        c.append("    " + " ".join(f"(void){v};" for v in self.params + self.locals))
        for x, (vc, vp) in init:
            py.append(f"    {x} = {vp}")
        c += ["    " + x for x in bc] + ["}"]
        py += ["    " + x for x in bp] + ["    yield  # makes it a generator"]
        return c, py


NPARAMS = []


def program(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 5)
    NPARAMS.clear()
    NPARAMS.extend(rng.randint(0, 2) for _ in range(n))
    c = ["/* generated by tests/diff/pygen.py, seed %d */" % seed,
         "#include <stdio.h>", '#include "coro.h"', ""]
    py = ["# generated by tests/diff/pygen.py, seed %d" % seed, ""]
    for i in range(n):
        fc, fp = Gen(rng, i, NPARAMS[i]).function()
        c += fc + [""]
        py += fp + [""]
    args = [str(rng.randrange(M)) for _ in range(NPARAMS[-1])]
    top = f"g{n - 1}({', '.join(args)})"
    c += DRIVER_C.replace("TOP", top).split("\n")
    py += DRIVER_PY.replace("TOP", top).split("\n")
    return "\n".join(c) + "\n", "\n".join(py) + "\n"


# Drive the top coroutine stopping after `limit` resumes, for every limit
# until one run finishes; the value sent back depends on the value yielded.
DRIVER_C = r"""static int drive(int limit)
{
    co_gen *g = TOP;
    co_status s = co_send(g, NULL);
    int steps = 0;
    while (s == CO_YIELDED) {
        long v = (long)(intptr_t)co_value(g);
        printf("yield %ld\n", v);
        if (steps++ == limit)
            break;
        s = co_send(g, (void *)(intptr_t)((v * 7 + 3) % 1000));
    }
    int finished = s == CO_RETURNED;
    if (finished)
        printf("return %ld\n", (long)(intptr_t)co_value(g));
    co_free(g);
    return finished;
}

int main(void)
{
    for (int limit = 0; limit < 200; limit++) {
        printf("run %d\n", limit);
        if (drive(limit))
            return 0;
    }
    printf("gave up\n");
    return 0;
}"""

DRIVER_PY = r"""def drive(limit):
    g = TOP
    steps = 0
    try:
        v = g.send(None)
        while True:
            print("yield", v)
            if steps == limit:
                break
            steps += 1
            v = g.send((v * 7 + 3) % 1000)
    except StopIteration as e:
        print("return", e.value)
        return True
    g.close()
    return False


for limit in range(200):
    print("run", limit)
    if drive(limit):
        break
else:
    print("gave up")"""


def main():
    seed, co_path, py_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    c, py = program(seed)
    open(co_path, "w").write(c)
    open(py_path, "w").write(py)


if __name__ == "__main__":
    main()
