"""Celery tasks: thin, IDs only; the work is in services.py."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from notifications import services
from notifications.models import Message


@shared_task(acks_late=True)
def deliver_message(message_id):
    """Send the message, then the others waiting, in batches (services.deliver_due); each
    message whose attempt failed gets a task of its own at the end of its backoff delay."""
    delivery = services.deliver_due(message_id)
    for message in delivery.retrying:
        services.enqueue_delivery(message.pk, countdown=services.retry_delay(message.attempts))
    return len(delivery.sent)


@shared_task
def sweep_pending_messages():
    return services.sweep_pending()


@shared_task
def purge_old_messages(days=730):
    """RGPD retention: messages are kept two years, then deleted."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = (
        Message.objects.filter(created_at__lt=cutoff)
        .exclude(status=Message.Status.PENDING)
        .delete()
    )
    return deleted
