"""Celery tasks: thin, IDs only; the work is in services.py."""

from celery import shared_task
from django.conf import settings

from exports import services
from exports.models import Export


@shared_task(acks_late=True)
def produce(export_id):
    export = Export.objects.select_related("owner").filter(pk=export_id).first()
    if export is None:
        return None
    return services.produce(export=export).status


@shared_task
def purge_old_exports(days=None):
    """Files produced for someone are kept EXPORTS_KEEP_DAYS days, then deleted."""
    return services.purge(older_than_days=days or settings.EXPORTS_KEEP_DAYS)
