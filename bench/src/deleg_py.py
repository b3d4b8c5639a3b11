"""Measurement 2 in CPython: a generator reached through DEPTH levels of
distinct delegating generators. usage: deleg_py.py DEPTH N"""
import sys
import time


def leaf(n):
    for i in range(n):
        yield i
    return n


def make_level(inner):
    def level(n):
        r = yield from inner(n)
        return r + 1
    return level


def main():
    depth, n = int(sys.argv[1]), int(sys.argv[2])
    sys.setrecursionlimit(max(10000, 4 * depth))
    g = leaf
    for _ in range(depth):
        g = make_level(g)
    gen = g(n)
    total = next(gen)
    t0 = time.perf_counter_ns()
    for v in gen:
        total += v
    t1 = time.perf_counter_ns()
    print(t1 - t0, total)


main()
