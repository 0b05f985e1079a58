"""Measure pages under concurrent clients, against a reference page of the same layout.

    python bench/load.py --base http://127.0.0.1:8100 --session KEY [--session head=KEY] \
        [--json PATH] --page name[@who]=/path …

Each page is requested by 16 concurrent clients (keep-alive connections) for a fixed number
of requests after a warm-up, as the user of the session `who` names (the first, unnamed, one
by default); prints requests per second, p50 and p95 latency, and each page's throughput as a
ratio of the reference page's (the first page given). The pages are measured in turn, for
several rounds: each figure is the median of its rounds, so that a moment when the machine is
busy elsewhere does not decide a ratio.
"""

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit


def parse_page(spec):
    """`name[@who]=/path` → (name, who, path); `who` is "" for the default session."""
    label, path = spec.split("=", 1)
    name, _at, who = label.partition("@")
    return name, who, path


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
        "statuses": sorted(set(errors)),
        "count": len(latencies),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--session", action="append", required=True, help="KEY or who=KEY")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=40, help="per client")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page", action="append", required=True, help="name[@who]=/path")
    parser.add_argument("--json")
    args = parser.parse_args()
    sessions = {}
    for value in args.session:
        who, _eq, key = value.rpartition("=")
        sessions[who] = key
    pages = [parse_page(spec) for spec in args.page]
    rounds = {name: [] for name, _who, _path in pages}
    for number in range(1, args.rounds + 1):
        for name, who, path in pages:
            run = measure(args.base, path, sessions[who], args.clients, args.requests)
            rounds[name].append(run)
            # Progress, on stderr: the table below is what the run keeps.
            print(
                f"  round {number}/{args.rounds} {name}: {run['rps']:.1f} req/s, "
                f"p50 {run['p50']:.0f} ms",
                file=sys.stderr,
                flush=True,
            )
    results = []
    for name, _who, path in pages:
        runs = rounds[name]
        median = {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p95")}
        median["errors"] = sum(run["errors"] for run in runs)
        median["statuses"] = sorted({status for run in runs for status in run["statuses"]})
        median["rounds"] = runs
        results.append((name, path, median))
    reference = results[0][2]["rps"]
    for _name, _path, r in results:
        r["ratio"] = r["rps"] / reference
    print(f"{'page':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>6} {'errors':>6}")
    for name, _path, r in results:
        statuses = f"  HTTP {','.join(map(str, r['statuses']))}" if r["statuses"] else ""
        print(
            f"{name:<28} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
            f"{r['ratio']:>6.2f} {r['errors']:>6}{statuses}"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [{"name": name, "path": path, **r} for name, path, r in results],
                indent=1,
            )
        )
    if any(r["errors"] for _n, _p, r in results):
        raise SystemExit("some requests failed")


if __name__ == "__main__":
    main()
