#!/usr/bin/env python3
"""The reference crawler of measurement 4: the essay's crawler in Python's
standard library only (asyncio streams), with build/crawler's semantics:
HTTP/1.1 keep-alive connections reused per host, max_tasks workers on a
queue, links from text/html pages only, strict host:port match, URLs
deduplicated when queued, redirects recorded and their target queued,
--report tsv as `URL<TAB>STATUS<TAB>DETAIL` sorted by URL.

usage: pycrawl.py [-c N] [--max-tries N] [--timeout S] URL...
"""
import argparse
import asyncio
import re
import sys
import time
import urllib.parse

HREF = re.compile(rb"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def normalize(url):
    """Scheme and host lower-cased, default port dropped, fragment removed,
    dot segments resolved (urljoin did that); None if not http."""
    p = urllib.parse.urlsplit(url)
    if p.scheme.lower() != "http" or not p.hostname:
        return None
    host = p.hostname.lower()
    try:
        port = p.port
    except ValueError:
        return None
    netloc = host if port in (None, 80) else "%s:%d" % (host, port)
    return urllib.parse.urlunsplit(("http", netloc, p.path or "/", p.query, ""))


class Conn:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer


class Crawler:
    def __init__(self, roots, max_tasks, max_redirect, max_tries, timeout):
        self.roots = [normalize(r) for r in roots]
        self.hosts = {urllib.parse.urlsplit(r).netloc for r in self.roots}
        self.max_tasks = max_tasks
        self.max_redirect = max_redirect
        self.max_tries = max_tries
        self.timeout = timeout
        self.queue = asyncio.Queue()
        self.seen = set()
        self.done = {}
        self.pool = {}

    def add(self, url, redirects_left):
        if url is None or url in self.seen:
            return
        if urllib.parse.urlsplit(url).netloc not in self.hosts:
            return
        self.seen.add(url)
        self.queue.put_nowait((url, redirects_left))

    async def get_conn(self, host, port):
        idle = self.pool.get((host, port))
        if idle:
            return idle.pop(), True
        r, w = await asyncio.open_connection(host, port)
        return Conn(r, w), False

    def put_conn(self, host, port, conn):
        self.pool.setdefault((host, port), []).append(conn)

    async def request(self, url):
        """(status, headers dict, body, final) on success."""
        p = urllib.parse.urlsplit(url)
        host, port = p.hostname, p.port or 80
        path = p.path + ("?" + p.query if p.query else "")
        req = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: pycrawl\r\n"
               "Accept: */*\r\n\r\n" % (path, p.netloc)).encode()
        while True:
            conn, reused = await self.get_conn(host, port)
            try:
                conn.writer.write(req)
                status_line = await conn.reader.readline()
                if not status_line:
                    raise ConnectionResetError("closed")
            except (ConnectionError, OSError):
                conn.writer.close()
                if reused:
                    continue    # stale keep-alive connection: not a try
                raise
            break
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = await conn.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            k, _, v = line.decode("latin-1").partition(":")
            headers[k.strip().lower()] = v.strip()
        keep = headers.get("connection", "").lower() != "close"
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size = int((await conn.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    while (await conn.reader.readline()) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                parts.append(await conn.reader.readexactly(size))
                await conn.reader.readexactly(2)
            body = b"".join(parts)
        elif "content-length" in headers:
            body = await conn.reader.readexactly(int(headers["content-length"]))
        else:
            body = await conn.reader.read()
            keep = False
        if keep:
            self.put_conn(host, port, conn)
        else:
            conn.writer.close()
        return status, headers, body

    async def fetch(self, url, redirects_left):
        tries = 0
        while True:
            try:
                status, headers, body = await asyncio.wait_for(
                    self.request(url), self.timeout)
                break
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError,
                    ValueError, IndexError) as e:
                tries += 1
                if tries >= self.max_tries:
                    self.done[url] = ("error", type(e).__name__)
                    return
        if status in (301, 302, 303, 307, 308) and "location" in headers:
            target = normalize(urllib.parse.urljoin(url, headers["location"]))
            self.done[url] = (str(status), target or headers["location"])
            if redirects_left > 0:
                self.add(target, redirects_left - 1)
            return
        self.done[url] = (str(status), str(len(body)))
        if status == 200 and headers.get("content-type", "").startswith("text/html"):
            for m in HREF.finditer(body):
                raw = (m.group(1) or m.group(2) or m.group(3) or b"").decode("utf-8", "replace")
                self.add(normalize(urllib.parse.urljoin(url, raw.strip())), self.max_redirect)

    async def work(self):
        while True:
            url, redirects_left = await self.queue.get()
            try:
                await self.fetch(url, redirects_left)
            finally:
                self.queue.task_done()

    async def crawl(self):
        for r in self.roots:
            self.add(r, self.max_redirect)
        workers = [asyncio.create_task(self.work()) for _ in range(self.max_tasks)]
        await self.queue.join()
        for w in workers:
            w.cancel()
        for conns in self.pool.values():
            for c in conns:
                c.writer.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-c", "--max-tasks", type=int, default=10)
    ap.add_argument("--max-redirect", type=int, default=10)
    ap.add_argument("--max-tries", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--report", default="tsv")
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("urls", nargs="+")
    a = ap.parse_args()
    c = Crawler(a.urls, a.max_tasks, a.max_redirect, a.max_tries, a.timeout)
    t0 = time.monotonic()
    asyncio.run(c.crawl())
    dt = time.monotonic() - t0
    if not a.quiet:
        out = sys.stdout
        for url in sorted(c.done, key=lambda u: u.encode()):
            st, detail = c.done[url]
            out.write("%s\t%s\t%s\n" % (url, st, detail))
    sys.stderr.write("pycrawl: %d URLs in %.3f s, %.1f URLs/s\n"
                     % (len(c.done), dt, len(c.done) / dt if dt else 0))


main()
