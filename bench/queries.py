"""SQL queries per benchmarked page, on the filled database (they must not grow with data).

    python bench/queries.py --session KEY [--session head=KEY] [--json PATH] name[@who]=/path …

Each page is requested as the user of the session `who` names (the first, unnamed, one by
default), twice: `cold` counts the queries of the first request in this process, `queries`
those of the second, the steady state the load test measures. With --json, the statements
(numbers blanked) are written too, so that two scales can be compared statement by statement.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def parse_page(spec):
    """`name[@who]=/path` → (name, who, path); `who` is "" for the default session."""
    label, path = spec.split("=", 1)
    name, _at, who = label.partition("@")
    return name, who, path


def parse_sessions(values):
    """`KEY` (the default) and `who=KEY` → {who: KEY}."""
    sessions = {}
    for value in values:
        who, _eq, key = value.rpartition("=")
        sessions[who] = key
    return sessions


def shape(sql):
    """A statement with its numbers, strings and lists of ids blanked: the same at any scale."""
    sql = re.sub(r"'[^']*'", "'?'", re.sub(r"\d+(\.\d+)?", "N", sql))
    return re.sub(r"IN \((?:N, )*N\)", "IN (N…)", sql)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--session", action="append", required=True, help="KEY or who=KEY")
    parser.add_argument("--json")
    parser.add_argument("page", nargs="+", help="name[@who]=/path")
    args = parser.parse_args()
    sessions = parse_sessions(args.session)
    clients = {}
    for who, key in sessions.items():
        clients[who] = Client(raise_request_exception=False)
        clients[who].cookies[settings.SESSION_COOKIE_NAME] = key
    results = []
    print(f"{'page':<28} {'queries':>7} {'cold':>5}")
    for spec in args.page:
        name, who, path = parse_page(spec)
        counts, statements = [], []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = clients[who].get(path, HTTP_HOST="127.0.0.1")
            counts.append(len(queries))
            statements = [shape(query["sql"]) for query in queries.captured_queries]
        status = response.status_code
        note = "" if status == 200 else f"  HTTP {status}!"
        print(f"{name:<28} {counts[1]:>7} {counts[0]:>5}{note}")
        results.append(
            {
                "name": name,
                "path": path,
                "status": status,
                "queries": counts[1],
                "cold": counts[0],
                "statements": statements,
            }
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False))
    if any(result["status"] != 200 for result in results):
        raise SystemExit("some pages did not answer 200")


if __name__ == "__main__":
    main()
