"""Two runs of the reminders at the same moment (two workers, a restarted beat beside the
old one) send each reminder once."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Message
from tests.factories import ParticipantFactory, SessionFactory, SessionTrainerFactory
from workshops import reminders
from workshops.models import ReminderSent

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_at_once_send_each_reminder_once(brigade_programme, trainer):
    now = timezone.now()
    sessions = [
        SessionFactory(
            programme=brigade_programme,
            starts_at=now + datetime.timedelta(hours=2 + n),
            ends_at=now + datetime.timedelta(hours=4 + n),
        )
        for n in range(3)
    ]
    for session in sessions:
        SessionTrainerFactory(session=session, user=trainer)
        ParticipantFactory.create_batch(4, session=session)
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(reminders.send_due_reminders(now=now))
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sum(results) == 15
    assert ReminderSent.objects.count() == 15
    assert Message.objects.filter(kind="workshops_reminder").count() == 15
    assert Message.objects.filter(recipient=trainer).count() == 3
