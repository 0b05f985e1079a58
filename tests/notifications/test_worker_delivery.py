"""Delivery through a real Celery worker on Redis and a local SMTP server (aiosmtpd).

These tests need PostgreSQL and Redis (CI sets DATABASE_URL and REDIS_URL): the worker is a
separate process that reads the test database and consumes its own queue.
"""

import collections
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from config.celery import app
from notifications.models import Message
from notifications.services import notify
from notifications.tasks import sweep_pending_messages
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
QUEUE = f"formations-test-{os.getpid()}"

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)",
    ),
]


def _database_url():
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _process_env(smtp_sink, **extra):
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": QUEUE,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "NOTIFICATIONS_RETRY_BASE_SECONDS": "1",
        "NOTIFICATIONS_SWEEP_AFTER_SECONDS": "0",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "0",
        **extra,
    }


def _start_worker(smtp_sink, log_path, name=QUEUE, **env):
    """Start a `celery worker` process (solo pool) consuming QUEUE; `env` adds settings."""
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            QUEUE,
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "-n",
            f"{name}@%h",
            "-l",
            "INFO",
        ],
        cwd=BASE_DIR,
        env=_process_env(smtp_sink, **env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if "ready" in log_path.read_text():
            break
        assert process.poll() is None, log_path.read_text()
        time.sleep(0.2)
    else:
        pytest.fail("the Celery worker did not start:\n" + log_path.read_text())
    return process, log


def _stop_worker(process, log):
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture
def worker_queue():
    app.conf.task_always_eager = False
    app.conf.task_default_queue = QUEUE
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)
    yield QUEUE
    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.fixture
def worker(worker_queue, smtp_sink, tmp_path):
    """A real `celery worker` process on this test run's own queue."""
    process, log = _start_worker(smtp_sink, tmp_path / "worker.log")
    yield process
    _stop_worker(process, log)


def _wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def _notify(user):
    with transaction.atomic():
        return notify(recipient=user, kind="password_reset", url="/mot-de-passe/oubli/")


def test_worker_delivers_a_notification_by_smtp_once(worker, smtp_sink):
    user = UserFactory(email="claire.martin@ac-creteil.fr")

    message = _notify(user)

    assert _wait_for(lambda: Message.objects.get(pk=message.pk).status == Message.Status.SENT)
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.sent_at is not None
    assert smtp_sink.recipients() == ["claire.martin@ac-creteil.fr"]
    assert b"Choisir un nouveau mot de passe" in smtp_sink.received[0].original_content


def test_worker_retries_when_the_smtp_server_refuses(worker, smtp_sink):
    smtp_sink.refuse = 2
    user = UserFactory(email="paul.durand@ac-creteil.fr")

    message = _notify(user)

    assert _wait_for(lambda: Message.objects.get(pk=message.pk).status == Message.Status.SENT)
    message.refresh_from_db()
    assert message.attempts == 3
    assert message.last_error == ""
    assert smtp_sink.recipients() == ["paul.durand@ac-creteil.fr"]


def test_action_succeeds_with_redis_down_and_the_sweep_delivers_once(worker, smtp_sink):
    user = UserFactory(email="patricia.bourgeois@ac-creteil.fr")
    # A separate process whose broker is a closed port: the password-reset form still
    # answers, and its message waits in the outbox.
    script = (
        "from django.test import Client; "
        "r = Client().post('/mot-de-passe/oubli/', {'email': 'patricia.bourgeois@ac-creteil.fr'}); "
        "print('STATUS', r.status_code)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env=_process_env(smtp_sink, REDIS_URL="redis://127.0.0.1:1/0"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "STATUS 302" in result.stdout, result.stdout + result.stderr
    message = Message.objects.get(recipient=user)
    assert message.status == Message.Status.PENDING
    assert message.attempts == 0
    assert smtp_sink.received == []

    # Redis is back: the beat task's sweep delivers it.
    sweep_pending_messages.delay()
    assert _wait_for(lambda: Message.objects.get(pk=message.pk).status == Message.Status.SENT)

    # A second sweep sends nothing more; a later message proves the sweep has run (one
    # worker, one queue: tasks run in order).
    sweep_pending_messages.delay()
    marker = _notify(UserFactory(email="lucie.antoine@ac-nancy-metz.fr"))
    assert _wait_for(lambda: Message.objects.get(pk=marker.pk).status == Message.Status.SENT)
    assert sorted(smtp_sink.recipients()) == [
        "lucie.antoine@ac-nancy-metz.fr",
        "patricia.bourgeois@ac-creteil.fr",
    ]


def test_beat_schedules_the_pending_sweep():
    entry = app.conf.beat_schedule["deliver-pending-messages"]
    assert entry["task"] == sweep_pending_messages.name
    assert entry["schedule"] <= 60


def _notify_all(users):
    """One message per user, in one transaction: its commit queues one task per message."""
    with transaction.atomic():
        return [
            notify(recipient=user, kind="password_reset", url="/mot-de-passe/oubli/")
            for user in users
        ]


def _all_sent(messages):
    pks = [message.pk for message in messages]
    return not Message.objects.filter(pk__in=pks).exclude(status=Message.Status.SENT).exists()


def test_worker_sends_a_burst_over_one_smtp_connection(worker, smtp_sink):
    users = [UserFactory(email=f"agent.{n}@ac-creteil.fr") for n in range(30)]

    messages = _notify_all(users)

    assert _wait_for(lambda: _all_sent(messages))
    assert sorted(smtp_sink.recipients()) == sorted(user.email for user in users)
    assert len(smtp_sink.sessions) == 1
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}


def test_worker_retries_a_refused_recipient_alone_and_sends_the_others(worker, smtp_sink):
    users = [UserFactory(email=f"agent.{n}@ac-creteil.fr") for n in range(5)]
    smtp_sink.refuse_rcpt["agent.2@ac-creteil.fr"] = 2

    messages = _notify_all(users)

    assert _wait_for(lambda: _all_sent(messages))
    attempts = dict(Message.objects.values_list("recipient__email", "attempts"))
    assert attempts == {
        "agent.0@ac-creteil.fr": 1,
        "agent.1@ac-creteil.fr": 1,
        "agent.2@ac-creteil.fr": 3,
        "agent.3@ac-creteil.fr": 1,
        "agent.4@ac-creteil.fr": 1,
    }
    assert sorted(smtp_sink.recipients()) == sorted(user.email for user in users)
    # The others went out at the first attempt, before the refused one's retries.
    assert smtp_sink.recipients()[-1] == "agent.2@ac-creteil.fr"


def test_worker_marks_a_refused_recipient_failed_alone(worker_queue, smtp_sink, tmp_path):
    process, log = _start_worker(smtp_sink, tmp_path / "worker.log", NOTIFICATIONS_MAX_ATTEMPTS="2")
    try:
        users = [UserFactory(email=f"agent.{n}@ac-creteil.fr") for n in range(3)]
        smtp_sink.refuse_rcpt["agent.1@ac-creteil.fr"] = 100
        refused = _notify_all(users)[1]

        assert _wait_for(lambda: Message.objects.get(pk=refused.pk).status == Message.Status.FAILED)
    finally:
        _stop_worker(process, log)
    refused.refresh_from_db()
    assert refused.attempts == 2
    assert refused.last_error.startswith("SMTPRecipientsRefused")
    assert sorted(smtp_sink.recipients()) == ["agent.0@ac-creteil.fr", "agent.2@ac-creteil.fr"]
    assert Message.objects.filter(status=Message.Status.SENT).count() == 2


def test_two_workers_racing_send_each_message_once(worker_queue, smtp_sink, tmp_path):
    # Each SMTP session's first message waits for a second session: two batches, one per
    # worker, hold their locks at the same time.
    smtp_sink.hold_first_sessions = 2
    workers = [
        _start_worker(smtp_sink, tmp_path / f"worker-{n}.log", name=f"{QUEUE}-{n}")
        for n in range(2)
    ]
    try:
        users = [UserFactory(email=f"agent.{n}@ac-creteil.fr") for n in range(120)]

        messages = _notify_all(users)

        assert _wait_for(lambda: _all_sent(messages))
    finally:
        for process, log in workers:
            _stop_worker(process, log)
    assert smtp_sink.overlapped
    received = collections.Counter(smtp_sink.recipients())
    assert received == collections.Counter(user.email for user in users)
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
