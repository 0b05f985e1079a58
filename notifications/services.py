"""Writing messages into the outbox, and delivering them.

`notify` is the one function other apps call to tell someone something.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.models import Message

logger = logging.getLogger(__name__)


def notify(*, recipient, kind, context=None, url="", in_inbox=True):
    """Write a message for `recipient` into the outbox and deliver it after commit.

    Call it inside the transaction of the change that causes it: if that transaction rolls
    back, no message exists; if it commits and the broker is down, the row waits as
    pending and the beat sweep delivers it later. The e-mail is rendered from
    `emails/<kind>_subject.txt`, `_body.txt` and `_body.html`.
    """
    context = {
        **(context or {}),
        "recipient": recipient,
        "url": url,
        "absolute_url": f"{settings.SITE_URL}{url}" if url.startswith("/") else url,
        "site_title": settings.SITE_TITLE,
    }
    base = f"emails/{kind}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = Message.objects.create(
        recipient=recipient,
        kind=kind,
        subject=subject[:255],
        body_text=render_to_string(f"{base}_body.txt", context),
        body_html=render_to_string(f"{base}_body.html", context),
        url=url,
        in_inbox=in_inbox,
    )
    transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


def enqueue_delivery(message_id):
    """Hand a message to Celery; if the broker cannot be reached the row stays pending."""
    from notifications.tasks import deliver_message

    try:
        deliver_message.delay(message_id)
    except Exception:
        logger.warning("broker unreachable, message left pending", extra={"message_id": message_id})


class DeliveryError(Exception):
    """Sending failed and should be tried again later."""


def deliver(message_id):
    """Send one pending message by e-mail, at most once.

    The row is locked while it is sent (concurrent workers and the sweep skip it), and its
    status turns to sent in the same transaction. A message that is no longer pending (sent
    already, or failed for good) is left alone, so a task delivered twice sends once.
    On an SMTP error the attempt is counted and DeliveryError is raised for the caller to
    retry; after NOTIFICATIONS_MAX_ATTEMPTS the message is marked failed.
    """
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=message_id, status=Message.Status.PENDING)
            .first()
        )
        if message is None:
            return False
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            to=[message.recipient.email],
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        message.attempts += 1
        try:
            email.send()
        except Exception as exc:  # SMTP refusals, timeouts, connection errors
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
                message.status = Message.Status.FAILED
            message.next_attempt_at = timezone.now() + timedelta(
                seconds=retry_delay(message.attempts)
            )
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        else:
            message.status = Message.Status.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            message.next_attempt_at = None
            message.save(
                update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"]
            )
    # Outside the transaction, so that the failed attempt stays recorded.
    if message.status == Message.Status.SENT:
        logger.info("message sent", extra={"message_id": message.pk, "kind": message.kind})
        return True
    logger.warning(
        "message delivery failed",
        extra={"message_id": message.pk, "attempt": message.attempts, "status": message.status},
    )
    if message.status == Message.Status.PENDING:
        raise DeliveryError(message.last_error)
    return False


def retry_delay(attempts):
    """Exponential backoff: base, 2×base, 4×base… seconds."""
    return settings.NOTIFICATIONS_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0))


def due_pending_ids(now=None, limit=500):
    """Pending messages the after-commit task has had time to send, oldest first; a message
    that failed recently waits for its backoff delay."""
    now = now or timezone.now()
    threshold = now - timedelta(seconds=settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS)
    due = Message.objects.filter(status=Message.Status.PENDING, created_at__lte=threshold).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return list(due.order_by("created_at").values_list("pk", flat=True)[:limit])


def sweep_pending():
    """Deliver what was left pending (broker down, worker died). Returns the count sent."""
    sent = 0
    for message_id in due_pending_ids():
        try:
            sent += deliver(message_id)
        except DeliveryError:
            continue
    return sent


def mark_read(*, message):
    if message.read_at is None:
        message.read_at = timezone.now()
        message.save(update_fields=["read_at"])
    return message


def mark_all_read(*, user):
    return Message.objects.filter(recipient=user, in_inbox=True, read_at__isnull=True).update(
        read_at=timezone.now()
    )
