"""Measurement 3 in CPython: N asyncio tasks, each waiting on its own
future two awaits deep. usage: mem_asyncio.py N [tracemalloc]
Prints key=value lines (bytes per task from RSS, or from tracemalloc)."""
import asyncio
import sys


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


async def inner(f):
    return await f


async def middle(f):
    return await inner(f)


async def outer(f):
    return await middle(f)


async def main(n, trace):
    loop = asyncio.get_running_loop()
    futs = [loop.create_future() for _ in range(n)]
    tasks = [None] * n
    if trace:
        import tracemalloc
        tracemalloc.start()
        m0 = tracemalloc.get_traced_memory()[0]
    r0 = rss_kb()
    for i in range(n):
        tasks[i] = loop.create_task(outer(futs[i]))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    r1 = rss_kb()
    if trace:
        m1 = tracemalloc.get_traced_memory()[0]
        print("tracemalloc_bytes_per_task=%.1f" % ((m1 - m0) / n))
    else:
        print("rss_bytes_per_task=%.1f" % ((r1 - r0) * 1024.0 / n))
    waiting = sum(1 for t in tasks if not t.done())
    print("waiting=%d" % waiting)
    for i, f in enumerate(futs):
        f.set_result(i + 1)
    res = await asyncio.gather(*tasks)
    print("completed_ok=%d" % sum(1 for i, r in enumerate(res) if r == i + 1))


n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
asyncio.run(main(n, len(sys.argv) > 2))
