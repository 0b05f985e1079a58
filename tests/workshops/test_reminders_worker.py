"""Reminders sent once through real Celery workers on Redis, across a worker's restart and
while a worker is delivering, into a local SMTP server (aiosmtpd).

The workers are separate processes on the real clock: the sessions are placed around the
real now (the time machine only backdates what this process writes)."""

import collections
import datetime
import email
import email.policy
import threading

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from notifications.models import Message
from notifications.services import notify
from tests.factories import (
    ParticipantFactory,
    SessionFactory,
    SessionTrainerFactory,
    UserFactory,
    user_with_role,
)
from tests.notifications.conftest import smtp_sink  # noqa: F401 (a fixture)
from tests.notifications.test_worker_delivery import (  # noqa: F401 (worker_queue: a fixture)
    _start_worker,
    _stop_worker,
    _wait_for,
    worker_queue,
)
from workshops import reminders
from workshops.models import ReminderSent
from workshops.tasks import send_session_reminders

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not settings.REDIS_URL or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL)",
    ),
]


def _received(sink):
    """Counter of (recipient, « demain » or « 7 jours ») over the reminders received."""
    counter = collections.Counter()
    for envelope in sink.received:
        subject = email.message_from_bytes(envelope.original_content, policy=email.policy.default)[
            "subject"
        ]
        if not subject.startswith("Rappel"):
            continue
        lead = "demain" if subject.endswith("demain") else "7 jours"
        for rcpt in envelope.rcpt_tos:
            counter[(rcpt, lead)] += 1
    return counter


def _all_sent():
    return not Message.objects.exclude(status=Message.Status.SENT).exists()


def _run_and_wait(marker_email):
    """Queue the reminders' task, then a message behind it: one solo worker on one queue runs
    them in order, so once the marker is sent the task has run."""
    send_session_reminders.delay()
    with transaction.atomic():
        marker = notify(
            recipient=UserFactory(email=marker_email),
            kind="password_reset",
            url="/mot-de-passe/oubli/",
        )
    assert _wait_for(lambda: Message.objects.get(pk=marker.pk).status == Message.Status.SENT)


def test_reminders_go_once_through_workers_across_a_restart(
    worker_queue,  # noqa: F811
    smtp_sink,  # noqa: F811
    tmp_path,
    brigade_programme,
    lycee_metz,
    trainer,
    nancy_metz,
):
    now = timezone.now()
    # Tomorrow morning's workshop: its 1-day reminder is due.
    tomorrow = SessionFactory(
        programme=brigade_programme,
        host_school=lycee_metz,
        starts_at=now + datetime.timedelta(hours=12),
        ends_at=now + datetime.timedelta(hours=15),
    )
    SessionTrainerFactory(session=tomorrow, user=trainer)
    anne = ParticipantFactory(session=tomorrow, user__email="anne.mercier@ac-nancy-metz.fr").user
    julien = ParticipantFactory(
        session=tomorrow, origin="observer", user__email="julien.mangin@ac-nancy-metz.fr"
    ).user
    ParticipantFactory(session=tomorrow, waiting=True, user__email="attente@ac-nancy-metz.fr")
    # A workshop in five days, scheduled ten days ago: its 7-day reminder is due.
    with time_machine.travel(now - datetime.timedelta(days=10)):
        in_five_days = SessionFactory(
            programme=brigade_programme,
            host_school=lycee_metz,
            starts_at=now + datetime.timedelta(days=5),
            ends_at=now + datetime.timedelta(days=5, hours=3),
        )
        paul = user_with_role(
            Role.FORMATEUR, academie=nancy_metz, email="paul.thomas@ac-nancy-metz.fr"
        )
        SessionTrainerFactory(session=in_five_days, user=paul)
        ParticipantFactory(session=in_five_days, user=anne)
    expected = {
        (trainer.email, "demain"),
        (anne.email, "demain"),
        (julien.email, "demain"),
        (paul.email, "7 jours"),
        (anne.email, "7 jours"),
    }

    # A first worker sends them.
    first, log = _start_worker(smtp_sink, tmp_path / "first.log", name="first")
    try:
        send_session_reminders.delay()
        assert _wait_for(lambda: ReminderSent.objects.count() == 5 and _all_sent())
    finally:
        _stop_worker(first, log)
    assert set(_received(smtp_sink)) == expected

    # After a restart, the same task sends nothing more.
    second, log = _start_worker(smtp_sink, tmp_path / "second.log", name="second")
    try:
        _run_and_wait("marqueur.un@ac-nancy-metz.fr")
        assert set(_received(smtp_sink)) == expected

        # Léa joins tomorrow's workshop; her reminder is held at the SMTP server while the
        # task runs once more here.
        lea = ParticipantFactory(session=tomorrow, user__email="lea.simon@ac-nancy-metz.fr").user
        smtp_sink.gate = threading.Event()
        send_session_reminders.delay()
        assert _wait_for(lambda: smtp_sink.holding)
        assert reminders.send_due_reminders() == 0
        smtp_sink.gate.set()
        _run_and_wait("marqueur.deux@ac-nancy-metz.fr")
    finally:
        smtp_sink.gate = None
        _stop_worker(second, log)

    assert _received(smtp_sink) == dict.fromkeys(expected | {(lea.email, "demain")}, 1)
    assert ReminderSent.objects.count() == 6
    assert set(ReminderSent.objects.values_list("user__email", "lead")) == {
        (trainer.email, 1),
        (anne.email, 1),
        (julien.email, 1),
        (lea.email, 1),
        (paul.email, 7),
        (anne.email, 7),
    }
