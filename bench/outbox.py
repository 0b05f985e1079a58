"""Outbox throughput: messages per second one Celery worker delivers to a local SMTP sink.

    .venv/bin/python bench/outbox.py [--messages 5000] [--users 200] [--concurrency N]

Runs against PostgreSQL and Redis (DATABASE_URL, REDIS_URL; by default the database
`formations_bench` and Redis db 2, as bench/run.sh uses), on a database that is migrated and
nothing more. Starts an aiosmtpd sink in a process of its own and one
`celery -A config worker` on a queue of its own (CELERY_QUEUE, `formations-bench-outbox` by
default), creates bench users, writes the messages with `notify()` in one transaction, so
that committing it queues one task per message as the application does, then waits until
the sink has received every message and every row is marked sent. The wall time runs from
the commit to that moment; latencies are each row's `sent_at` after the commit. The bench
users and their messages are deleted afterwards. BENCH_TIMELINE=1 also prints how many
messages were sent in each second. Prints one summary line:

    outbox  5000 messages  312.4 msg/s
"""

import argparse
import collections
import itertools
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The database, broker and settings bench/run.sh uses, unless the environment says otherwise.
for name, value in {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/formations_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/2",
    "CELERY_QUEUE": "formations-bench-outbox",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-secret-8f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from config.celery import app  # noqa: E402
from notifications.models import Message  # noqa: E402
from notifications.services import notify  # noqa: E402

# The bench's users are recognised by this domain, and deleted with their messages.
DOMAIN = "outbox-bench.formations.test"


class Sink:
    """Counts the messages received and the SMTP sessions (connections) they came in, in
    counters shared with the bench process."""

    def __init__(self, received, sessions, last_received_at):
        self.received = received
        self.sessions = sessions
        self.last_received_at = last_received_at
        self.seen = set()

    async def handle_DATA(self, server, session, envelope):
        if session not in self.seen:
            self.seen.add(session)
            with self.sessions.get_lock():
                self.sessions.value += 1
        with self.received.get_lock():
            self.received.value += len(envelope.rcpt_tos)
            self.last_received_at.value = time.time()
        return "250 OK"


def run_sink(port, counters, ready, stop):
    """The SMTP sink, in a process of its own: it does not wait for this one's GIL."""
    controller = Controller(Sink(*counters), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


def start_sink():
    context = multiprocessing.get_context("fork")
    counters = context.Value("q", 0), context.Value("q", 0), context.Value("d", 0.0)
    ready, stop = context.Event(), context.Event()
    port = free_port()
    process = context.Process(target=run_sink, args=(port, counters, ready, stop), daemon=True)
    process.start()
    if not ready.wait(30):
        sys.exit("the SMTP sink did not start")
    return port, counters, stop, process


def cpu_seconds(pid):
    """User and system CPU time of a process and its children (Linux /proc; 0 elsewhere)."""
    try:
        pids = [pid] + [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and read_stat(int(entry.name))[1] == pid
        ]
        return sum(read_stat(each)[0] for each in pids)
    except OSError:
        return 0.0


def read_stat(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks, int(fields[1])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_worker(queue, smtp_port, concurrency, log_path):
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
        "--without-mingle",
        "--without-gossip",
        "--without-heartbeat",
        "-l",
        "INFO",
    ]
    if concurrency:
        command.append(f"--concurrency={concurrency}")
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
    }
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while "ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            sys.exit("the Celery worker did not start:\n" + log_path.read_text())
        time.sleep(0.1)
    return process, log


def stop_worker(process, log):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def bench_users(count):
    User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    users = [
        User(email=f"agent.{n:04d}@{DOMAIN}", full_name=f"Agent {n:04d}") for n in range(count)
    ]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users)
    return list(User.objects.filter(email__endswith=f"@{DOMAIN}").order_by("pk"))


def clean_up():
    User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    User.history.filter(email__endswith=f"@{DOMAIN}").delete()


def queue_length(queue):
    with app.connection_for_write() as conn:
        return conn.default_channel.client.llen(queue)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument(
        "--concurrency", type=int, default=0, help="worker processes (default: Celery's, one a CPU)"
    )
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("bench/outbox.py needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        sys.exit("the database is not migrated: run manage.py migrate (bench/run.sh does)")

    # Each run writes and deletes thousands of rows: measure on a table without the dead
    # rows of the previous runs, as autovacuum would keep it (bench/run.sh vacuums too).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE notifications_message")

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    # Forked before this process holds a database connection.
    connection.close()
    smtp_port, (received, sessions, last_received_at), stop_sink, sink = start_sink()
    log_path = Path(tempfile.mkdtemp(prefix="outbox-bench-")) / "worker.log"
    worker, log = start_worker(queue, smtp_port, args.concurrency, log_path)
    try:
        users = bench_users(args.users)
        with transaction.atomic():
            for n in range(args.messages):
                last_message = notify(
                    recipient=users[n % len(users)],
                    kind="password_reset",
                    url="/mot-de-passe/oubli/",
                    in_inbox=False,
                )
                if n == 0:
                    first_message = last_message
            # Committing queues one delivery task per message (notify's on-commit hook).
            cpu_before = time.process_time()
            started = time.perf_counter()
            committed_at = timezone.now()
        enqueued = time.perf_counter() - started
        messages = Message.objects.filter(
            recipient__in=users, pk__range=(first_message.pk, last_message.pk)
        )
        deadline = started + args.timeout
        for poll in itertools.count():
            if received.value >= args.messages:
                if not messages.exclude(status=Message.Status.SENT).exists():
                    break
            elif poll % 50 == 0 and messages.filter(status=Message.Status.FAILED).exists():
                sys.exit("some messages failed: " + log_path.read_text()[-3000:])
            if time.perf_counter() > deadline:
                sys.exit(
                    f"timed out: {received.value} of {args.messages} received\n"
                    + log_path.read_text()[-3000:]
                )
            time.sleep(0.02)
        # The last message may have gone before the loop above started: the wall time ends
        # when the sink received it or its row was marked sent, whichever came last.
        last_sent_at = messages.aggregate(Max("sent_at"))["sent_at__max"]
        elapsed = max(last_sent_at.timestamp(), last_received_at.value) - committed_at.timestamp()
        cpu = cpu_seconds(worker.pid), cpu_seconds(sink.pid), time.process_time() - cpu_before
        while queue_length(queue) and time.perf_counter() < deadline:
            time.sleep(0.02)
        drained = time.perf_counter() - started
        if os.environ.get("BENCH_TIMELINE"):
            seconds = collections.Counter(
                int((sent_at - committed_at).total_seconds())
                for sent_at in messages.values_list("sent_at", flat=True)
            )
            print("sent per second after commit:", sorted(seconds.items()))
            print("worker log:", log_path)
        latencies = [
            (sent_at - committed_at).total_seconds()
            for sent_at in messages.values_list("sent_at", flat=True)
        ]
        duplicates = received.value - args.messages
        retried = messages.filter(attempts__gt=1).count()
        concurrency = args.concurrency or os.cpu_count()
        print(
            f"worker: {concurrency} process(es); enqueued in {enqueued:.2f} s; "
            f"{sessions.value} SMTP connection(s); {duplicates} duplicate(s); "
            f"{retried} message(s) sent after a retry; "
            f"queue empty after {drained:.2f} s"
        )
        print(
            "CPU seconds from the commit until all were seen sent: worker {:.1f}, "
            "SMTP sink {:.1f}, this process {:.1f}; load average {:.1f}".format(
                *cpu, os.getloadavg()[0]
            )
        )
        print(
            f"latency after commit: p50 {statistics.median(latencies):.2f} s, "
            f"p95 {percentile(latencies, 0.95):.2f} s"
        )
        print(f"outbox  {args.messages} messages  {args.messages / elapsed:.1f} msg/s", flush=True)
    finally:
        stop_worker(worker, log)
        stop_sink.set()
        sink.join(10)
        clean_up()


if __name__ == "__main__":
    main()
