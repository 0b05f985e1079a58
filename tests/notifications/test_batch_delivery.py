"""Batches: a message's task sends it with the other messages waiting, over one SMTP
connection; on eager Celery, with the locmem backend or a local SMTP server (aiosmtpd).
tests/notifications/test_worker_delivery.py runs the same through real workers."""

import collections
import threading
import time
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.models import User
from notifications import services
from notifications.models import Message
from notifications.tasks import deliver_message
from tests.factories import UserFactory

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SELECT … FOR UPDATE SKIP LOCKED needs PostgreSQL"
)


def _message(recipient, subject="Demande visée", **fields):
    """A pending message as notify() writes it, without running its after-commit task."""
    return Message.objects.create(
        recipient=recipient,
        kind="test_notice",
        subject=subject,
        body_text=f"{subject}.",
        body_html=f"<p>{subject}.</p>",
        **fields,
    )


def _users(count):
    return [UserFactory(email=f"agent.{n}@ac-creteil.fr") for n in range(count)]


def _backing_off(recipient):
    return _message(
        recipient,
        subject="En attente de nouvel essai",
        attempts=1,
        last_error="SMTPDataError: (451, b'Service temporairement indisponible')",
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )


@pytest.mark.django_db
def test_deliver_message_sends_the_waiting_messages_with_its_own(mailoutbox):
    first, second, third = _users(3)
    own = _message(first, subject="Demande visée")
    waiting = [_message(second, subject="Session programmée"), _message(third, subject="Rappel")]
    backing_off = _backing_off(third)
    sent_before = _message(second, subject="Déjà envoyé", status=Message.Status.SENT)

    assert deliver_message.delay(own.pk).get() == 3

    assert sorted(mail.subject for mail in mailoutbox) == [
        "Demande visée",
        "Rappel",
        "Session programmée",
    ]
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert statuses == {
        own.pk: Message.Status.SENT,
        waiting[0].pk: Message.Status.SENT,
        waiting[1].pk: Message.Status.SENT,
        backing_off.pk: Message.Status.PENDING,
        sent_before.pk: Message.Status.SENT,
    }
    # Their own tasks, delivered afterwards, find them sent and send nothing.
    for message in waiting:
        assert deliver_message.delay(message.pk).get() == 0
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_deliver_message_does_not_try_its_message_before_its_backoff(mailoutbox):
    # A batch already tried this message: its own task, delivered late, does not try it
    # again before the backoff delay; it still sends what else is due.
    teacher, head = _users(2)
    backing_off = _backing_off(teacher)
    due = _message(head, subject="Session programmée")

    assert deliver_message.delay(backing_off.pk).get() == 1

    assert [mail.subject for mail in mailoutbox] == ["Session programmée"]
    backing_off.refresh_from_db()
    assert backing_off.status == Message.Status.PENDING
    assert backing_off.attempts == 1
    due.refresh_from_db()
    assert due.status == Message.Status.SENT


@pytest.mark.django_db
def test_deliver_due_sends_its_message_first_then_the_oldest(mailoutbox):
    [teacher] = _users(1)
    messages = [_message(teacher, subject=f"Message {n}") for n in range(5)]

    delivery = services.deliver_due(messages[3].pk, limit=3, batches=1)

    assert [message.subject for message in delivery.sent] == ["Message 3", "Message 0", "Message 1"]
    assert len(mailoutbox) == 3


@pytest.mark.django_db
def test_deliver_due_sends_at_most_its_number_of_batches(mailoutbox):
    [teacher] = _users(1)
    messages = [_message(teacher, subject=f"Message {n}") for n in range(8)]

    delivery = services.deliver_due(messages[0].pk, limit=3, batches=2)

    assert len(delivery.sent) == 6
    assert Message.objects.filter(status=Message.Status.PENDING).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 30])
def test_deliver_due_query_count_does_not_grow_with_the_batch(
    count, mailoutbox, django_assert_num_queries
):
    users = _users(count)
    messages = [_message(user) for user in users]

    # Anything due; one batch: savepoint, own message, the others, marking them sent,
    # release; then savepoint, nothing more, release.
    with django_assert_num_queries(9):
        services.deliver_due(messages[0].pk)

    assert len(mailoutbox) == count


@pytest.mark.django_db
def test_deliver_due_with_nothing_due_reads_once(django_assert_num_queries):
    teacher, head = _users(2)
    message = _message(teacher, status=Message.Status.SENT)
    _backing_off(head)

    with django_assert_num_queries(1):
        assert services.deliver_due(message.pk).sent == []


@pytest.mark.django_db
def test_deliver_due_stops_after_a_batch_that_sent_nothing(settings):
    # SMTP on a port where nothing listens: the first batch counts an attempt each, the
    # messages after it are left to their own tasks and the sweep.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    [teacher] = _users(1)
    messages = [_message(teacher, subject=f"Message {n}") for n in range(5)]

    delivery = services.deliver_due(messages[0].pk, limit=2)

    assert delivery.retrying == messages[:2]
    assert delivery.sent == []
    attempts = list(Message.objects.order_by("pk").values_list("attempts", flat=True))
    assert attempts == [1, 1, 0, 0, 0]
    assert all(
        message.last_error.startswith("ConnectionRefusedError") for message in delivery.retrying
    )


# A real SMTP server


@pytest.mark.django_db
def test_batches_go_out_over_one_smtp_connection(smtp_to_sink):
    users = _users(20)
    messages = [_message(user, subject=f"Message {n}") for n, user in enumerate(users)]

    delivery = services.deliver_due(messages[0].pk, limit=8)

    assert len(delivery.sent) == 20
    assert len(smtp_to_sink.sessions) == 1
    assert sorted(smtp_to_sink.recipients()) == sorted(user.email for user in users)
    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.SENT, 1)}
    mail = smtp_to_sink.received[0].original_content
    assert b"Subject: Message 0" in mail
    assert b"<p>Message 0.</p>" in mail


@pytest.mark.django_db
def test_refused_recipient_fails_alone_and_the_others_are_sent(smtp_to_sink, settings):
    users = _users(5)
    messages = [_message(user) for user in users]
    refused = messages[2]
    smtp_to_sink.refuse_rcpt["agent.2@ac-creteil.fr"] = 1
    before = timezone.now()

    delivery = services.deliver_due(messages[0].pk)

    assert delivery.retrying == [refused]
    assert delivery.failed == []
    refused.refresh_from_db()
    assert refused.status == Message.Status.PENDING
    assert refused.attempts == 1
    assert refused.last_error.startswith("SMTPRecipientsRefused")
    assert refused.next_attempt_at >= before + timedelta(
        seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    )
    assert sorted(smtp_to_sink.recipients()) == [
        "agent.0@ac-creteil.fr",
        "agent.1@ac-creteil.fr",
        "agent.3@ac-creteil.fr",
        "agent.4@ac-creteil.fr",
    ]
    assert Message.objects.filter(status=Message.Status.SENT, attempts=1).count() == 4


@pytest.mark.django_db
def test_refused_recipient_at_its_last_attempt_is_failed_alone(smtp_to_sink, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    users = _users(3)
    messages = [_message(user) for user in users]
    Message.objects.filter(pk=messages[1].pk).update(attempts=1)
    smtp_to_sink.refuse_rcpt["agent.1@ac-creteil.fr"] = 1

    delivery = services.deliver_due(messages[0].pk)

    assert delivery.failed == [messages[1]]
    assert delivery.retrying == []
    statuses = dict(Message.objects.values_list("recipient__email", "status"))
    assert statuses == {
        "agent.0@ac-creteil.fr": Message.Status.SENT,
        "agent.1@ac-creteil.fr": Message.Status.FAILED,
        "agent.2@ac-creteil.fr": Message.Status.SENT,
    }


@pytest.mark.django_db
def test_sweep_sends_its_batches_over_one_smtp_connection(smtp_to_sink, settings):
    settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS = 0
    users = _users(7)
    for user in users:
        _message(user)

    sent = services.sweep_pending(limit=3)

    assert sent == 7
    assert len(smtp_to_sink.sessions) == 1
    assert sorted(smtp_to_sink.recipients()) == sorted(user.email for user in users)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_racing_send_each_message_once(smtp_to_sink, settings):
    settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS = 0
    # Each session's first message waits for a second session: both batches hold their
    # locks at the same time.
    smtp_to_sink.hold_first_sessions = 2
    users = _users(40)
    for user in users:
        _message(user)
    counts = []

    def sweep():
        try:
            counts.append(services.sweep_pending(limit=10))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert smtp_to_sink.overlapped
    assert sum(counts) == 40
    received = collections.Counter(smtp_to_sink.recipients())
    assert received == collections.Counter(user.email for user in users)
    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.SENT, 1)}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_batch_locks_its_messages_but_not_their_recipients(smtp_to_sink):
    [teacher] = _users(1)
    message = _message(teacher)
    smtp_to_sink.gate = threading.Event()

    def deliver():
        try:
            services.deliver_due(message.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=deliver)
    thread.start()
    try:
        for _ in range(500):
            if smtp_to_sink.holding:
                break
            time.sleep(0.01)
        assert smtp_to_sink.holding
        # While the message is being sent, its recipient can log in, change their profile…
        with transaction.atomic():
            assert User.objects.select_for_update(nowait=True).get(pk=teacher.pk) == teacher
            with pytest.raises(DatabaseError), transaction.atomic():
                Message.objects.select_for_update(nowait=True).get(pk=message.pk)
    finally:
        smtp_to_sink.gate.set()
        thread.join(timeout=30)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
