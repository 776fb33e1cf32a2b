#!/usr/bin/env python3
"""loadtest.py — a bounded load test of `paperdex serve` (loopback only).

    loadtest.py URL N C [--until-file PATH] [--label TEXT]

Sends N GET requests over C concurrent keep-alive connections (threads,
the standard library only), cycling through a fixed mix of routes, and
prints throughput and the p50/p99/max latency.  Every answer is checked:
status 200, JSON that parses, and
  - the canary query ("zzcanary") finds the canary paper first, every time;
  - a query's total never decreases within a connection (an ingest only
    adds papers, so a smaller total would be a wrong, stale-then-fresh
    mix);
  - paper and export routes return the canary paper.
With --until-file, the run also stops early once PATH exists (the ingest
finished) — it is then still bounded by N.
Exit 1 when any request failed or any answer was wrong.
"""
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

url, N, C = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
until = sys.argv[sys.argv.index("--until-file") + 1] if "--until-file" in sys.argv else None
label = sys.argv[sys.argv.index("--label") + 1] if "--label" in sys.argv else "run"
u = urllib.parse.urlsplit(url)
if u.hostname != "127.0.0.1":
    sys.exit("loadtest.py: loopback (127.0.0.1) only, not %s" % u.hostname)

QUERIES = ["neural networks", "graph learning", "optimization", "bayesian inference",
           "protein structure", "reinforcement", "quantum", "language models"]
ROUTES = ([("search", "/api/search?" + urllib.parse.urlencode({"q": q, "limit": 10}))
           for q in QUERIES] +
          [("facets", "/api/search?q=learning&facets=1&limit=10"),
           ("canary", "/api/search?q=zzcanary"),
           ("paper", "/api/paper/canary-1"),
           ("export", "/api/export/canary-1?format=bibtex"),
           ("stats", "/api/stats")])

lock = threading.Lock()
latencies = []
errors = []
done = [0]


def worker(k):
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    last_total = {}
    i = k
    while True:
        with lock:
            if done[0] >= N or (until and os.path.exists(until)):
                break
            done[0] += 1
        kind, path = ROUTES[i % len(ROUTES)]
        i += 1
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            ms = (time.perf_counter() - t0) * 1e3
        except (OSError, http.client.HTTPException) as e:
            with lock:
                errors.append("%s: %s" % (path, e))
            conn.close()
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
            continue
        bad = None
        if r.status != 200:
            bad = "status %d" % r.status
        elif kind == "export":
            if b"Canary" not in body:
                bad = "the export is not the canary's"
        else:
            try:
                o = json.loads(body)
            except ValueError:
                o, bad = None, "not JSON"
            if o is not None and kind in ("search", "facets", "canary"):
                if o["total"] < len(o["hits"]):
                    bad = "total below the hits"
                if kind == "canary" and (not o["hits"] or o["hits"][0]["id"] != "canary-1"):
                    bad = "the canary is not first"
                if o["total"] < last_total.get(path, 0):
                    bad = "total went down: %d after %d" % (o["total"], last_total[path])
                last_total[path] = o["total"]
            if o is not None and kind == "paper" and o.get("id") != "canary-1":
                bad = "the paper is not the canary"
        with lock:
            latencies.append(ms)
            if bad:
                errors.append("%s: %s" % (path, bad))
    conn.close()


t0 = time.perf_counter()
threads = [threading.Thread(target=worker, args=(k,)) for k in range(C)]
for t in threads:
    t.start()
for t in threads:
    t.join()
wall = time.perf_counter() - t0
lat = sorted(latencies)


def pct(p):
    return lat[min(len(lat) - 1, int(p * len(lat)))] if lat else 0.0


print("%s: %d requests, %d concurrent, %.1f s: %.0f req/s; p50 %.1f ms, p99 %.1f ms, "
      "max %.1f ms; %d failed or wrong" % (label, len(lat), C, wall, len(lat) / wall if wall else 0,
                                           pct(0.50), pct(0.99), lat[-1] if lat else 0, len(errors)))
for e in errors[:10]:
    print("  " + e)
sys.exit(1 if errors or not lat else 0)
