"""Starting an export and producing its file (the task calls `produce`)."""

import logging
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from exports import registry
from exports.models import STALLED_AFTER, Export
from notifications.broker import publish
from notifications.services import notify

logger = logging.getLogger(__name__)


def start_export(*, owner, kind, label, format, params=None, rows_total=0):
    """An export waiting for its file; the task that produces it is queued after commit.

    `params` is what the producer needs to read the rows again (JSON); the language of the
    request is kept with it, so the file speaks the owner's language."""
    registry.producer_for(kind)  # fails now, not in the worker, on a kind nobody produces
    export = Export.objects.create(
        owner=owner,
        kind=kind,
        label=label[:200],
        format=format,
        params={"language": translation.get_language(), **(params or {})},
        rows_total=rows_total,
    )
    transaction.on_commit(lambda: enqueue(export.pk))
    return export


def enqueue(export_id):
    """Hand the export to Celery. If the broker does not take it the export fails at once
    (its page says to try again) rather than waiting for ever."""
    from exports.tasks import produce

    if publish(produce, (export_id,)):
        return
    Export.objects.filter(pk=export_id, status=Export.Status.PENDING).update(
        status=Export.Status.FAILED,
        error="broker unreachable",
        finished_at=timezone.now(),
    )


class Progress:
    """The producer's progress callback: writes `rows_done` (and `rows_total` when it
    changes) at most once a second, so a fast export costs a few UPDATEs, not one per row."""

    interval = 1.0

    def __init__(self, export):
        self.export = export
        self.done = 0
        self.total = export.rows_total
        self.written_at = time.monotonic()

    def __call__(self, done, total=None):
        self.done = done
        changed_total = total is not None and total != self.total
        if changed_total:
            self.total = total
        now = time.monotonic()
        if changed_total or now - self.written_at >= self.interval:
            self.written_at = now
            Export.objects.filter(pk=self.export.pk).update(
                rows_done=done, rows_total=self.total, updated_at=timezone.now()
            )


def claim(export):
    """Mark `export` running if it waits (or stalled, its worker gone); False if another task
    has it or it is finished, so a task delivered twice produces the file once."""
    now = timezone.now()
    claimable = Q(status=Export.Status.PENDING) | Q(
        status=Export.Status.RUNNING, updated_at__lt=now - STALLED_AFTER
    )
    return bool(
        Export.objects.filter(claimable, pk=export.pk).update(
            status=Export.Status.RUNNING, rows_done=0, error="", updated_at=now
        )
    )


def produce(*, export):
    """Produce the file of `export` with its kind's producer, then tell the owner.

    The producer writes into a temporary file that is then stored under MEDIA_ROOT/exports/
    (copied in chunks). Whatever the producer raises marks the export failed, is logged,
    and the owner gets a notice saying so; on success the notice links to the export's
    page. Returns the export as it ends."""
    if not claim(export):
        export.refresh_from_db()
        return export
    progress = Progress(export)
    language = export.params.get("language") or settings.LANGUAGE_CODE
    try:
        producer = registry.producer_for(export.kind)
        with tempfile.TemporaryFile() as out, translation.override(language):
            filename = producer.produce(export, out, progress)
            out.seek(0)
            export.file.save(filename, File(out), save=False)
    except Exception as error:
        logger.exception("export failed", extra={"export_id": export.pk, "kind": export.kind})
        with transaction.atomic():
            export.status = Export.Status.FAILED
            export.error = f"{type(error).__name__}: {error}"[:2000]
            export.rows_done = progress.done
            export.finished_at = timezone.now()
            export.save(update_fields=["status", "error", "rows_done", "finished_at"])
            with translation.override(language):
                notify(
                    recipient=export.owner,
                    kind="export_failed",
                    url=export.get_absolute_url(),
                    context={"export": export},
                )
        return export
    with transaction.atomic():
        export.status = Export.Status.DONE
        export.rows_done = progress.done
        export.rows_total = max(progress.total, progress.done)
        export.finished_at = timezone.now()
        export.save(
            update_fields=["status", "file", "rows_done", "rows_total", "finished_at", "updated_at"]
        )
        with translation.override(language):
            notify(
                recipient=export.owner,
                kind="export_ready",
                url=export.get_absolute_url(),
                context={"export": export, "keep_days": settings.EXPORTS_KEEP_DAYS},
            )
    return export


def purge(*, older_than_days):
    """Delete the exports (and their files) older than `older_than_days`. Returns the count."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted = 0
    for export in Export.objects.filter(created_at__lt=cutoff).exclude(
        status__in=[Export.Status.PENDING, Export.Status.RUNNING]
    ):
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    return deleted
