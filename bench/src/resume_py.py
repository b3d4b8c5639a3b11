"""Measurement 1 in CPython: the same generator, consumed by a for loop."""
import sys
import time


def count(n):
    for i in range(n):
        yield i
    return n


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    total = 0
    t0 = time.perf_counter_ns()
    for v in count(n):
        total += v
    t1 = time.perf_counter_ns()
    print(t1 - t0, total)


main()
