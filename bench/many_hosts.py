"""bench/many_hosts.py — measurement 9: politeness across many hosts.

1,000 hosts (BENCH_QUICK: 100), each a 20-page site on its own loopback
address (127.1.x.y, the same port: one nginx worker listening on every
address), and a hub page on 127.0.0.1 linking to each host's root. Both
crawlers start at the hub and span hosts with the same limits:

    crawler --span-hosts -c 100 --max-per-host 2 --wait 0.1 HUB
    wget2 -r --span-hosts --max-threads=100 --wait=0.1 --robots=on HUB

Both fetch each host's robots.txt (404 here). wget2 has no per-host
limit: its --wait is between the downloads of one thread, whatever the
host, so the same flags cap its rate at 100 / 0.1 = 1000 pages/s in all,
while the crawler waits per host and keeps every host busy. Called from
bench.py with the bench module (its helpers and result lists).
"""
import os
import shutil
import tempfile

from common import (compare, crawler_tsv_urls, free_port, start_nginx, stop_server,
                    wait_port, wget2_csv_urls)

PAGES = 20
C = 100
PER_HOST = 2
WAIT = 0.1


def host_addr(i):
    return "127.1.%d.%d" % (i // 250, i % 250 + 1)


def page(links):
    body = "".join('<a href="%s">link</a>\n' % h for h in links)
    return "<!doctype html>\n<html><body>\n%s<p>%s</p></body></html>\n" % (body, "x" * 2000)


def make_sites(out, nhosts, port):
    site = os.path.join(out, "hosts-site")
    hub = os.path.join(out, "hosts-hub")
    for d in (site, hub):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    names = ["index.html"] + ["p%d.html" % i for i in range(1, PAGES)]
    for i, name in enumerate(names):
        links = ["/"] + [names[(i + k) % PAGES] for k in (1, 2, 5) if (i + k) % PAGES]
        with open(os.path.join(site, name), "w") as f:
            f.write(page(links))
    roots = ["http://%s:%d/" % (host_addr(i), port) for i in range(nhosts)]
    with open(os.path.join(hub, "index.html"), "w") as f:
        f.write(page(roots))
    expected = {"http://127.0.0.1:%d/" % port}
    for r in roots:
        expected.add(r)
        expected.update(r + n for n in names[1:])
    return site, hub, expected


NGINX = """worker_processes 1;
daemon off;
master_process on;
worker_rlimit_nofile 16384;
pid %(tmp)s/nginx.pid;
error_log %(tmp)s/error.log warn;
events { worker_connections 8192; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    keepalive_timeout 60s;
    keepalive_requests 100000;
    client_body_temp_path %(tmp)s/body;
    proxy_temp_path %(tmp)s/proxy;
    fastcgi_temp_path %(tmp)s/fastcgi;
    uwsgi_temp_path %(tmp)s/uwsgi;
    scgi_temp_path %(tmp)s/scgi;
    server { listen 127.0.0.1:%(port)d; root %(hub)s; }
    server {
%(listens)s
        root %(site)s;
    }
}
"""


def m9_many_hosts(b):
    b.log("9. many hosts")
    crawler = os.path.join(b.ROOT, "build", "crawler")
    if not os.path.exists(crawler) or not b.have("nginx"):
        b.skip("many hosts", "build/crawler or nginx missing")
        return
    nhosts = 100 if b.QUICK else 1000
    port = free_port()
    site, hub, expected = make_sites(b.OUT, nhosts, port)
    tmp = tempfile.mkdtemp(prefix="nginx-hosts.", dir=b.OUT)
    listens = "\n".join("        listen %s:%d;" % (host_addr(i), port) for i in range(nhosts))
    with open(os.path.join(tmp, "nginx.conf"), "w") as f:
        f.write(NGINX % {"tmp": tmp, "port": port, "hub": hub, "site": site,
                         "listens": listens})
    srv = start_nginx(tmp)
    hub_url = "http://127.0.0.1:%d/" % port
    rows, res = [], {}
    try:
        if not wait_port(port, srv):
            raise RuntimeError("nginx did not start listening on %d addresses" % (nhosts + 1))
        wdir = os.path.join(b.OUT, "wget2-hosts")
        csv = os.path.join(b.OUT, "wget2-hosts.csv")
        variants = [("corogen crawler", [crawler, "--report", "tsv", "--span-hosts",
                                         "-c", str(C), "--max-per-host", str(PER_HOST),
                                         "--wait", str(WAIT), hub_url], "tsv", 3)]
        if b.have("wget2"):
            variants.append(("wget2", ["wget2", "-q", "-r", "-l", "0", "--span-hosts",
                                       "--delete-after", "--robots=on",
                                       "--max-threads=%d" % C, "--wait=%s" % WAIT,
                                       "-P", wdir, "--stats-site=csv:" + csv, hub_url],
                             "wget2", 1))
        else:
            b.skip("wget2 (many hosts)", "not installed")
        for name, cmd, kind, runs in variants:
            figs, exact = [], None
            for i in range(runs):
                b.log("   %s, run %d" % (name, i + 1))
                outp = os.path.join(b.OUT, "hosts-crawl.out")
                t, failed = b.crawl_once(name, cmd, outp, wdir, timeout=600)
                if failed:
                    exact = failed
                    break
                got = crawler_tsv_urls(outp, ok_only=True) if kind == "tsv" else \
                    wget2_csv_urls(csv, ok_only=True)
                if i == 0:
                    exact = compare(got, expected)
                n = len(got)
                figs.append((n / t["wall"], t["cpu"] / n * 1000 if n else 0,
                             t["rss_kb"] / 1024, t["wall"]))
            if figs:
                res[name] = (b.median([f[0] for f in figs]), b.median([f[1] for f in figs]),
                             b.median([f[2] for f in figs]), b.median([f[3] for f in figs]))
                r = res[name]
                rows.append([name, runs, r[3], r[0], r[1], r[2], exact])
            else:
                rows.append([name, runs, None, None, None, None, exact])
    finally:
        stop_server(srv, tmp)
    text = ("%d hosts × %d pages (each host its own loopback address, one nginx worker "
            "listening on all of them) and a hub page linking to every host; both "
            "crawlers span hosts from the hub with `-c %d`, a wait of %.1f s and "
            "robots.txt on (404 on every host). The crawler also keeps `--max-per-host "
            "%d`; wget2 has no such limit and its `--wait` is per thread, not per host, "
            "so with the same flags it is both less polite to each host and bound to "
            "%d / %.1f = %.0f pages/s overall. The floor for the crawler is one host's "
            "%d requests %.1f s apart: %.1f s. Medians of the runs shown.\n\n" % (
                nhosts, PAGES, C, WAIT, PER_HOST, C, WAIT, C / WAIT, PAGES + 1, WAIT,
                PAGES * WAIT))
    text += b.table(["client", "runs", "wall s", "pages / s", "CPU s / 1000 URLs",
                     "peak RSS MB", "exactly the expected set"], rows)
    b.sections.append(("9. Many hosts, politely", text))
    mine, w = res.get("corogen crawler"), res.get("wget2")
    if mine and w:
        ratio = mine[0] / w[0]
        b.summary.append(["9. %d hosts, polite, vs wget2" % nhosts,
                          "%.0f pages/s, %.1f s" % (mine[0], mine[3]),
                          "wget2 %.0f pages/s, %.1f s" % (w[0], w[3]),
                          "%.1f× rate" % ratio, "> wget2", b.verdict(ratio > 1)])
        b.goals.append(("9. %d hosts with politeness on: faster than wget2 --span-hosts "
                        "with the same limits (%.1f×)" % (nhosts, ratio), b.verdict(ratio > 1)))
