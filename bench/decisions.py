"""Decisions under load: concurrent office users each validate their own requests.

    python bench/decisions.py --base http://127.0.0.1:8100 --deciders KEY1,KEY2,… \
        [--per-client 40] [--rounds 3] [--exclude PK] [--json PATH]

Each of the office users (one session key each, see fill.py) takes `--per-client` requests
under review, none shared with another user. First every user reads the request pages and
keeps the validation form as the page gives it (its CSRF token, the host school selected);
then, timed, all users post their forms at once, each in turn over one connection, as a
browser would post them (the form's fields in order, a planned volume typed in, the button's
name and value, the csrftoken cookie, Origin and Referer). Reports decisions per second, p50
and p95 latency of the POST, the responses that are not a redirect, and the requests that a
redirect left unvalidated (a refused transition also redirects). While the posts run, a
thread samples pg_stat_activity for backends waiting on a lock.

After each round the requests are put back under review through the ORM (their fields
restored, the timeline entries, thread messages, outbox messages and history rows the round
wrote deleted, the counts per state recounted): every run and round decides the same requests.
"""

import argparse
import collections
import html.parser
import http.client
import io
import json
import os
import re
import statistics
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402

from requests.models import AntRequest, State, ThreadMessage, TransitionLog  # noqa: E402

PLANNED_HOURS = "18"  # what the user types in the empty "Volume prévu" field
RESTORED = [
    "state", "host_school", "planned_hours", "decided_at", "state_changed_at", "updated_at",
    "log_head",
]  # fmt: skip


class FormReader(html.parser.HTMLParser):
    """The fields a browser would send for the form whose action ends with `action`."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.found = False
        self.inside = False
        self.fields = []  # [name, value] in document order
        self.select = self.textarea = self.button = None
        self.chosen = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("action") or "").endswith(self.action)
            self.found = self.found or self.inside
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "image", "file"):
                return
            self.fields.append([name, attrs.get("value") or ""])
        elif tag == "button" and name and (attrs.get("type") or "submit") == "submit":
            self.button = self.button or [name, attrs.get("value") or ""]
        elif tag == "select" and name:
            self.select, self.chosen = [name, None], False
            self.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            # The option marked selected, else the first one.
            if "selected" in attrs and not self.chosen:
                self.select[1], self.chosen = attrs.get("value", ""), True
            elif self.select[1] is None:
                self.select[1] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.fields.append(self.textarea)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # HTML drops the newline that follows <textarea>.
            if self.textarea[1].startswith("\n"):
                self.textarea[1] = self.textarea[1][1:]
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


class Browser:
    """One office user: a connection, the session cookie and the cookies the site sets."""

    def __init__(self, base, session):
        self.base = base
        parts = urlsplit(base)
        self.host = parts.netloc
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.cookies = {"sessionid": session}

    def send(self, method, path, body=None, headers=None):
        headers = {
            "Host": self.host,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if name in ("csrftoken", "sessionid"):
                    self.cookies[name] = morsel.value
        return response, content

    def read_form(self, pk):
        """The validation form of request `pk`'s page, as the fields to post (None if the
        page or the form is missing)."""
        path = f"/demandes/{pk}/"
        response, content = self.send("GET", path)
        if response.status != 200:
            return None
        reader = FormReader(f"/demandes/{pk}/action/validate/")
        reader.feed(content.decode())
        if not reader.found:
            return None
        fields = [list(field) for field in reader.fields]
        for field in fields:
            if field[0].endswith("planned_hours") and not field[1]:
                field[1] = PLANNED_HOURS
        if reader.button:
            fields.append(reader.button)
        return path, urlencode([tuple(field) for field in fields])

    def decide(self, path, body):
        """Post the form; returns (seconds, status)."""
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.base,
            "Referer": f"{self.base}{path}",
        }
        started = time.perf_counter()
        response, _content = self.send("POST", f"{path}action/validate/", body, headers)
        return time.perf_counter() - started, response.status


# Who waits on a lock, on what, and what the first backend in its way is doing.
LOCK_WAITS = """
    SELECT w.wait_event, left(w.query, 300), left(b.query, 300)
    FROM pg_stat_activity w
    LEFT JOIN pg_stat_activity b ON b.pid = (pg_blocking_pids(w.pid))[1]
    WHERE w.datname = current_database() AND w.wait_event_type = 'Lock'
      AND w.pid <> pg_backend_pid()
"""


def shape(sql):
    """A statement with its numbers and strings blanked, to count its kind."""
    sql = re.sub(r"\s+", " ", sql).strip()
    return re.sub(r"'[^']*'", "'?'", re.sub(r"\d+(\.\d+)?", "N", sql))


class LockSampler(threading.Thread):
    """Samples pg_stat_activity every `interval` for backends waiting on a lock."""

    def __init__(self, interval=0.02):
        super().__init__(daemon=True)
        self.interval = interval
        self.stop = threading.Event()
        self.samples = self.with_waits = self.max_waiting = 0
        self.waits = collections.Counter()

    def run(self):
        try:
            while not self.stop.is_set():
                with connection.cursor() as cursor:
                    cursor.execute(LOCK_WAITS)
                    rows = cursor.fetchall()
                self.samples += 1
                if rows:
                    self.with_waits += 1
                    self.max_waiting = max(self.max_waiting, len(rows))
                    self.waits.update(
                        (event, shape(query), shape(blocker or ""))
                        for event, query, blocker in rows
                    )
                self.stop.wait(self.interval)
        finally:
            connection.close()


def outbox_model():
    try:
        return apps.get_model("notifications", "Message")
    except LookupError:
        return None


def watermarks():
    """The last id of each table a decision writes to."""
    marks = {
        TransitionLog: TransitionLog.objects.aggregate(m=Max("pk"))["m"] or 0,
        ThreadMessage: ThreadMessage.objects.aggregate(m=Max("pk"))["m"] or 0,
    }
    history = AntRequest.history.model
    marks[history] = history.objects.aggregate(m=Max("pk"))["m"] or 0
    outbox = outbox_model()
    if outbox is not None:
        marks[outbox] = outbox.objects.aggregate(m=Max("pk"))["m"] or 0
    return marks


def reset(ids, originals, marks):
    """Put the requests back as they were, and delete what the round wrote."""
    AntRequest.objects.bulk_update(
        [AntRequest(pk=pk, **originals[pk]) for pk in ids],
        RESTORED,
        batch_size=500,
    )
    for model, mark in marks.items():
        model.objects.filter(pk__gt=mark).delete()
    try:
        call_command("recount_ant_states", stdout=io.StringIO())
    except CommandError as error:
        print(f"[decisions] recount_ant_states: {error}", flush=True)


def run_round(args, deciders, slices):
    browsers = [Browser(args.base, session) for session in deciders]
    forms = [[] for _ in deciders]
    missing = []

    def prepare(index):
        for pk in slices[index]:
            try:
                form = browsers[index].read_form(pk)
            except (OSError, http.client.HTTPException, UnicodeDecodeError) as error:
                print(f"[decisions] /demandes/{pk}/: {error!r}", flush=True)
                form = None
            if form is None:
                missing.append(pk)
            else:
                forms[index].append(form)

    threads = [threading.Thread(target=prepare, args=(i,)) for i in range(len(deciders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    outcomes = [[] for _ in deciders]  # (seconds, status) per user

    def post(index):
        for path, body in forms[index]:
            try:
                outcomes[index].append(browsers[index].decide(path, body))
            except (OSError, http.client.HTTPException) as error:
                outcomes[index].append((None, type(error).__name__))

    sampler = LockSampler()
    sampler.start()
    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(deciders))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    outcomes = [outcome for group in outcomes for outcome in group]
    latencies = sorted(seconds for seconds, _status in outcomes if seconds is not None)
    statuses = collections.Counter(status for _seconds, status in outcomes)
    redirects = sum(n for status, n in statuses.items() if status in (301, 302, 303))
    ids = [pk for group in slices for pk in group]
    validated = AntRequest.objects.filter(pk__in=ids, state=State.VALIDATED).count()
    return {
        "decisions": len(latencies),
        "per_second": len(latencies) / elapsed if elapsed else 0.0,
        "p50": statistics.median(latencies) * 1000 if latencies else 0.0,
        "p95": latencies[max(int(len(latencies) * 0.95) - 1, 0)] * 1000 if latencies else 0.0,
        "non_redirect": len(outcomes) - redirects,
        "statuses": {str(status): n for status, n in statuses.items()},
        "no_form": len(missing),
        "not_validated": max(redirects - validated, 0),
        "lock_samples": sampler.samples,
        "lock_samples_waiting": sampler.with_waits,
        "lock_max_waiting": sampler.max_waiting,
        "lock_waits": [
            [event, query, blocker, n]
            for (event, query, blocker), n in sampler.waits.most_common(3)
        ],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True)
    parser.add_argument("--deciders", required=True, help="session keys, comma-separated")
    parser.add_argument("--per-client", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--exclude", type=int, action="append", default=[])
    parser.add_argument("--json")
    args = parser.parse_args()
    deciders = [key for key in args.deciders.split(",") if key]
    needed = len(deciders) * args.per_client
    ids = list(
        AntRequest.objects.filter(state=State.UNDER_REVIEW)
        .exclude(pk__in=args.exclude)
        .order_by("pk")
        .values_list("pk", flat=True)[:needed]
    )
    if len(ids) < needed:
        raise SystemExit(
            f"[decisions] {len(ids)} requests under review, {needed} needed: "
            "fill with a larger BENCH_MIN_UNDER_REVIEW"
        )
    slices = [ids[i :: len(deciders)] for i in range(len(deciders))]
    under_review = AntRequest.objects.filter(state=State.UNDER_REVIEW).count()
    print(
        f"{len(deciders)} office users × {args.per_client} validations of different requests, "
        f"{args.rounds} rounds"
    )
    header = (
        f"{'round':<7} {'dec/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'non-302':>7} "
        f"{'unvalid.':>8} {'no form':>7} {'lock waits':>16}"
    )
    print(header)
    rounds = []
    for number in range(1, args.rounds + 1):
        originals = {
            row.pop("pk"): row
            for row in AntRequest.objects.filter(pk__in=ids).values("pk", *RESTORED)
        }
        for row in originals.values():
            row["host_school_id"] = row.pop("host_school")
        marks = watermarks()
        connection.close()  # the sampler thread and the server get their own
        try:
            result = run_round(args, deciders, slices)
        finally:
            reset(ids, originals, marks)
        rounds.append(result)
        waits = (
            f"{result['lock_samples_waiting']}/{result['lock_samples']} "
            f"max {result['lock_max_waiting']}"
        )
        print(
            f"{number:<7} {result['per_second']:>7.1f} {result['p50']:>8.1f} "
            f"{result['p95']:>8.1f} {result['non_redirect']:>7} {result['not_validated']:>8} "
            f"{result['no_form']:>7} {waits:>16}",
            flush=True,
        )
        for event, query, blocker, n in result["lock_waits"]:
            print(f"  {n:>5} × {event}: {query[:120]}")
            print(f"          blocked by a backend at: {blocker[:110]}")
    median = {
        key: statistics.median(r[key] for r in rounds) for key in ("per_second", "p50", "p95")
    }
    for key in ("non_redirect", "not_validated", "no_form"):
        median[key] = sum(r[key] for r in rounds)
    print(
        f"{'median':<7} {median['per_second']:>7.1f} {median['p50']:>8.1f} {median['p95']:>8.1f} "
        f"{median['non_redirect']:>7} {median['not_validated']:>8} {median['no_form']:>7}"
    )
    after = AntRequest.objects.filter(state=State.UNDER_REVIEW).count()
    if after != under_review:
        print(f"[decisions] reset incomplete: {under_review} under review before, {after} after")
    if args.json:
        Path(args.json).write_text(json.dumps({**median, "rounds": rounds}, indent=1))


if __name__ == "__main__":
    main()
