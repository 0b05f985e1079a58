"""Celery tasks: thin, IDs only; the work is in services.py."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from notifications import services
from notifications.models import Message


@shared_task(bind=True, max_retries=None, acks_late=True)
def deliver_message(self, message_id):
    try:
        return services.deliver(message_id)
    except services.DeliveryError as exc:
        attempts = Message.objects.filter(pk=message_id).values_list("attempts", flat=True)
        raise self.retry(exc=exc, countdown=services.retry_delay(attempts.first() or 1)) from exc


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
