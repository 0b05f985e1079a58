"""Measure pages under concurrent clients, against a reference page of the same layout.

    python bench/load.py --base http://127.0.0.1:8100 --session KEY --page name=/path …

Each page is requested by 16 concurrent clients (keep-alive connections) for a fixed number
of requests after a warm-up; prints requests per second, p50 and p95 latency, and each page's
throughput as a ratio of the reference page's (the first page given). The pages are measured
in turn, for several rounds: each figure is the median of its rounds, so that a moment when the
machine is busy elsewhere does not decide a ratio.
"""

import argparse
import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit


def worker(base, path, cookie, count, latencies, errors):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Cookie": f"sessionid={cookie}", "Host": parts.hostname}
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - started)
        if response.status != 200:
            errors.append(response.status)


def measure(base, path, cookie, clients, per_client):
    latencies, errors = [], []
    worker(base, path, cookie, 5, [], [])  # warm-up
    threads = [
        threading.Thread(target=worker, args=(base, path, cookie, per_client, latencies, errors))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": len(errors),
        "count": len(latencies),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--session", required=True)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=40, help="per client")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page", action="append", required=True, help="name=/path")
    args = parser.parse_args()
    pages = [spec.split("=", 1) for spec in args.page]
    rounds = {name: [] for name, _path in pages}
    for _ in range(args.rounds):
        for name, path in pages:
            rounds[name].append(measure(args.base, path, args.session, args.clients, args.requests))
    results = []
    for name, path in pages:
        runs = rounds[name]
        median = {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p95")}
        median["errors"] = sum(run["errors"] for run in runs)
        results.append((name, path, median))
    reference = results[0][2]["rps"]
    print(f"{'page':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} {'errors':>6}")
    for name, _path, r in results:
        print(
            f"{name:<28} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
            f"{r['rps'] / reference:>6.2f} {r['errors']:>6}"
        )
    if any(r["errors"] for _n, _p, r in results):
        raise SystemExit("some requests failed")


if __name__ == "__main__":
    main()
