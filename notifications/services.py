"""Writing messages into the outbox, and delivering them.

`notify` is the one function other apps call to tell someone something.
"""

import logging
import re
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.broker import publish
from notifications.models import Message

logger = logging.getLogger(__name__)


def notify(*, recipient, kind, context=None, url="", in_inbox=True, attachment=None):
    """Write a message for `recipient` into the outbox and deliver it after commit.

    Call it inside the transaction of the change that causes it: if that transaction rolls
    back, no message exists; if it commits and the broker is down, the row waits as
    pending and the beat sweep delivers it later. The e-mail is rendered from
    `emails/<kind>_subject.txt`, `_body.txt` and `_body.html`. `attachment` is a text file
    sent with the e-mail, as `(filename, content, mimetype)`.
    """
    context = {
        **(context or {}),
        "recipient": recipient,
        "url": url,
        "absolute_url": f"{settings.SITE_URL}{url}" if url.startswith("/") else url,
        "site_title": settings.SITE_TITLE,
    }
    base = f"emails/{kind}"
    subject = fold_whitespace(render_to_string(f"{base}_subject.txt", context))
    name, content, mimetype = attachment or ("", "", "")
    message = Message.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject[:255],
        body_text=render_to_string(f"{base}_body.txt", context),
        body_html=render_to_string(f"{base}_body.html", context),
        url=url,
        in_inbox=in_inbox,
        attachment_name=name,
        attachment_type=mimetype,
        attachment_content=content,
    )
    transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


def fold_whitespace(text):
    """One line: runs of ASCII whitespace (the template's line breaks and indentation) become
    one space; the non-breaking spaces French typography puts before « : ; ? ! » and inside
    « » stay (`str.split()` without argument would split on them too)."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip(" \t\n\r\f\v")


def enqueue_delivery(message_id, *, countdown=None):
    """Hand a message to Celery; if the broker does not take it the row stays pending and the
    sweep delivers it (see notifications.broker)."""
    from notifications.tasks import deliver_message

    return publish(deliver_message, (message_id,), countdown=countdown)


class DeliveryError(Exception):
    """Sending failed and should be tried again later."""


# Messages locked and marked sent in one transaction. A worker that dies in the middle of a
# batch sends again, later, what it had sent of it: keep it small.
BATCH_SIZE = 50
# Batches a delivery task sends, over one SMTP connection, before it leaves the rest to the
# next task: a burst goes out at the pace of SMTP, not of one task per message.
BATCHES_PER_TASK = 20


@dataclass
class Delivery:
    """What was done: messages sent, left pending for a retry, and failed for good."""

    sent: list = field(default_factory=list)
    retrying: list = field(default_factory=list)
    failed: list = field(default_factory=list)

    def add(self, other):
        self.sent += other.sent
        self.retrying += other.retrying
        self.failed += other.failed


def _pending():
    # Only the message rows are locked, never their recipients' (of=self): a user logging in
    # while a batch is sent is not held up, and batches for the same person do not skip.
    return (
        Message.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient")
        .filter(status=Message.Status.PENDING)
    )


def _is_due(now):
    """Never tried, or its backoff delay is over."""
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _due(now):
    return _pending().filter(_is_due(now))


def deliver(message_id):
    """Send one pending message by e-mail now, at most once, whatever its backoff.

    The row is locked while it is sent (concurrent workers and the sweep skip it), and its
    status turns to sent in the same transaction. A message that is no longer pending (sent
    already, or failed for good) is left alone, so a task delivered twice sends once.
    On an SMTP error the attempt is counted and DeliveryError is raised for the caller to
    retry; after NOTIFICATIONS_MAX_ATTEMPTS the message is marked failed.
    """
    connection = get_connection()
    try:
        with transaction.atomic():
            messages = list(_pending().filter(pk=message_id))
            if not messages:
                return False
            delivery = send_batch(messages, connection)
    finally:
        _close(connection)
    # Outside the transaction, so that the failed attempt stays recorded.
    if delivery.retrying:
        raise DeliveryError(delivery.retrying[0].last_error)
    return bool(delivery.sent)


def deliver_due(message_id, *, limit=BATCH_SIZE, batches=BATCHES_PER_TASK):
    """Send a message, then the other messages waiting to go, over one SMTP connection.

    This is what a message's delivery task does. Its first batch is the message itself, if
    it is still pending and due (never tried, or its backoff delay over), and the oldest
    other due messages, `limit` in all; then batches of the oldest due messages, until none
    is left, `batches` have gone, or a batch sent nothing (the server is down or refuses
    everything: the messages left keep their own tasks and the sweep). Messages that other
    workers hold are skipped, so concurrent tasks share a burst and none is sent twice;
    the tasks of messages sent this way find them sent and only help with what remains.
    A message still backing off is not tried, so the original task of a message that a
    batch already tried does not try it again early. Each message is sent or counted as a
    failed attempt on its own (see `send_batch`); the caller queues a retry for each
    message in `retrying`.
    """

    def next_batch(number):
        due = _due(timezone.now())
        own = list(due.filter(pk=message_id)) if number == 0 else []
        others = due.exclude(pk=message_id).order_by("created_at", "pk")[: limit - len(own)]
        return own + list(others)

    # Most tasks of a burst find their message sent by another's batches: one read, no
    # transaction, no SMTP connection.
    pending = Message.objects.filter(status=Message.Status.PENDING)
    if not pending.filter(_is_due(timezone.now())).exists():
        return Delivery()
    return _deliver_in_batches(next_batch, batches=batches)


def sweep_pending(*, limit=BATCH_SIZE):
    """Deliver what was left pending (broker down, worker died). Returns the count sent.

    Takes the due messages older than NOTIFICATIONS_SWEEP_AFTER_SECONDS (younger ones are
    their tasks' to send), oldest first, in batches of `limit` over one SMTP connection,
    until none is left or a batch sent nothing; messages other workers hold are skipped.
    A failed attempt is not retried here: the message waits its backoff delay and a later
    sweep takes it.
    """

    def next_batch(number):
        now = timezone.now()
        threshold = now - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS)
        oldest = _due(now).filter(created_at__lte=threshold).order_by("created_at", "pk")
        return list(oldest[:limit])

    return len(_deliver_in_batches(next_batch, batches=None).sent)


def _deliver_in_batches(next_batch, *, batches):
    delivery = Delivery()
    connection = get_connection()
    try:
        number = 0
        while batches is None or number < batches:
            with transaction.atomic():
                messages = next_batch(number)
                if not messages:
                    break
                batch = send_batch(messages, connection)
            delivery.add(batch)
            if not batch.sent:
                break
            number += 1
    finally:
        _close(connection)
    return delivery


def send_batch(messages, connection):
    """Send locked pending messages over one SMTP connection and record each outcome.

    Call it in the transaction that locked them: the ones sent are marked sent in it (one
    UPDATE), so a message goes out once. One message refused (a recipient, a temporary
    error) fails alone: its attempt is counted, with the error and its backoff delay, and
    after NOTIFICATIONS_MAX_ATTEMPTS it is marked failed; the connection is then opened
    again for the messages after it, since the server may have dropped it. If the
    connection cannot be opened, every message not yet sent counts one failed attempt.
    The connection is opened if it is not, and left open for the next batch.
    """
    delivery = Delivery()
    error = _open(connection)
    for message in messages:
        if error is not None:
            _count_failure(message, error, delivery)
            continue
        try:
            connection.send_messages([_email(message, connection)])
        except Exception as exc:  # SMTP refusals, timeouts, connection errors
            _count_failure(message, exc, delivery)
            _close(connection)
            error = _open(connection)
        else:
            delivery.sent.append(message)
    Message.objects.filter(pk__in=[message.pk for message in delivery.sent]).update(
        status=Message.Status.SENT,
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
        last_error="",
        next_attempt_at=None,
    )
    if delivery.retrying or delivery.failed:
        Message.objects.bulk_update(
            delivery.retrying + delivery.failed,
            ["attempts", "last_error", "status", "next_attempt_at"],
        )
    for message in delivery.sent:
        logger.info("message sent", extra={"message_id": message.pk, "kind": message.kind})
    for message in delivery.retrying + delivery.failed:
        logger.warning(
            "message delivery failed",
            extra={"message_id": message.pk, "attempt": message.attempts, "status": message.status},
        )
    return delivery


def _open(connection):
    """Open the connection unless it is open; return the error instead of raising it."""
    try:
        connection.open()
    except Exception as exc:
        return exc
    return None


def _close(connection):
    # After the messages went out, or after an error: a bad answer to QUIT changes nothing.
    with suppress(Exception):
        connection.close()


def _email(message, connection):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        to=[message.recipient.email],
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.attachment_name:
        email.attach(message.attachment_name, message.attachment_content, message.attachment_type)
    return email


def _count_failure(message, exc, delivery):
    message.attempts += 1
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    message.next_attempt_at = timezone.now() + timedelta(seconds=retry_delay(message.attempts))
    if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        message.status = Message.Status.FAILED
        delivery.failed.append(message)
    else:
        delivery.retrying.append(message)


def retry_delay(attempts):
    """Exponential backoff: base, 2×base, 4×base… seconds."""
    return settings.NOTIFICATIONS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))


def mark_read(*, message):
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def mark_all_read(*, user):
    return Message.objects.filter(recipient=user, in_inbox=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )
