"""Producing an export in the background: the task, its progress, its failures, the owner's
notices, and the files' retention. Celery runs eagerly here, after the commit."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from exports import registry, services
from exports.models import Export
from exports.tasks import produce, purge_old_exports
from notifications.models import Message

produced = []


def produce_lines(export, out, progress):
    """A producer for tests: `params["lines"]` lines of text."""
    produced.append(export.pk)
    total = export.params["lines"]
    progress(0, total=total)
    for i in range(total):
        out.write(f"ligne {i}\n".encode())
        progress(i + 1)
    return "lignes.txt"


def produce_failure(export, out, progress):
    progress(2)
    raise ValueError("the database went away")


@pytest.fixture(autouse=True)
def _test_producers(monkeypatch):
    produced.clear()
    for kind, produce_ in (("test_lines", produce_lines), ("test_failure", produce_failure)):
        producer = registry.Producer(kind=kind, produce=produce_, unit=registry.ROWS)
        monkeypatch.setitem(registry.PRODUCERS, kind, producer)


def start(owner, kind="test_lines", lines=3):
    return services.start_export(
        owner=owner,
        kind=kind,
        label="Lignes de test",
        format="csv",
        params={"lines": lines},
        rows_total=lines,
    )


def test_the_task_runs_after_commit_and_the_owner_is_told(
    dafor, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        export = start(dafor)
        assert Export.objects.get(pk=export.pk).status == Export.Status.PENDING

    assert len(callbacks) >= 1
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    assert export.rows_done == export.rows_total == 3
    assert export.finished_at is not None
    assert export.filename == "lignes.txt"
    assert export.file.name.startswith("exports/")
    with export.file.open("rb") as f:
        assert f.read() == b"ligne 0\nligne 1\nligne 2\n"
    [notice] = Message.objects.filter(recipient=dafor)
    assert notice.kind == "export_ready"
    assert notice.in_inbox
    assert notice.url == export.get_absolute_url()
    assert notice.subject == "Votre fichier est prêt\u00a0: Lignes de test"
    assert "3 lignes sur 3" in notice.body_text
    [mail] = mailoutbox
    assert mail.to == [dafor.email]
    assert f"http://127.0.0.1:8000{export.get_absolute_url()}" in mail.body


def test_nothing_is_queued_if_the_transaction_rolls_back(dafor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        start(dafor)
    Export.objects.all().delete()  # what a rollback leaves
    assert produced == []
    for callback in callbacks:
        callback()
    assert produced == []
    assert not Message.objects.exists()


def test_a_failing_producer_marks_the_export_failed_and_tells_the_owner(
    dafor, django_capture_on_commit_callbacks, mailoutbox, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        export = start(dafor, kind="test_failure")

    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert export.error == "ValueError: the database went away"
    assert export.rows_done == 2
    assert export.finished_at is not None
    assert not export.file
    [notice] = Message.objects.filter(recipient=dafor)
    assert notice.kind == "export_failed"
    assert notice.url == export.get_absolute_url()
    assert notice.subject == "Votre fichier n'a pas pu être produit\u00a0: Lignes de test"
    [mail] = mailoutbox
    assert mail.to == [dafor.email]
    assert "export failed" in caplog.text


def test_a_task_delivered_twice_produces_once(dafor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = start(dafor)

    produce.delay(export.pk)

    assert produced == [export.pk]
    assert Message.objects.filter(recipient=dafor).count() == 1


def test_a_stalled_export_is_taken_up_by_the_redelivered_task(dafor):
    export = Export.objects.create(
        owner=dafor, kind="test_lines", label="x", format="csv", params={"lines": 2}
    )
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.RUNNING, updated_at=timezone.now() - timedelta(minutes=11)
    )

    produce.delay(export.pk)

    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    assert produced == [export.pk]


def test_a_running_export_is_left_to_its_worker(dafor):
    export = Export.objects.create(
        owner=dafor,
        kind="test_lines",
        label="x",
        format="csv",
        params={"lines": 2},
        status=Export.Status.RUNNING,
    )

    produce.delay(export.pk)

    assert produced == []
    assert Export.objects.get(pk=export.pk).status == Export.Status.RUNNING


def test_a_task_for_a_deleted_export_does_nothing(dafor):
    assert produce.apply(args=[987654]).get() is None
    assert not Message.objects.exists()


def test_an_unknown_kind_is_refused_when_asked_not_in_the_worker(dafor):
    with pytest.raises(LookupError):
        start(dafor, kind="nobody_produces_this")
    assert not Export.objects.exists()


def test_broker_down_fails_the_export_at_once(
    dafor, monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(produce, "apply_async", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        export = start(dafor)

    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert export.error == "broker unreachable"
    assert produced == []


def test_progress_is_written_at_most_once_a_second_but_a_new_total_at_once(dafor):
    export = Export.objects.create(
        owner=dafor, kind="test_lines", label="x", format="csv", rows_total=10
    )
    progress = services.Progress(export)

    progress(5)
    assert Export.objects.get(pk=export.pk).rows_done == 0  # less than a second after start
    progress(6, total=20)
    assert Export.objects.values_list("rows_done", "rows_total").get(pk=export.pk) == (6, 20)
    progress.written_at -= progress.interval
    progress(8)
    assert Export.objects.get(pk=export.pk).rows_done == 8


def test_old_exports_and_their_files_are_purged(dafor, settings):
    old, recent, running = (
        Export.objects.create(owner=dafor, kind="test_lines", label=label, format="csv")
        for label in ("old", "recent", "running")
    )
    old.file.save("old.csv", ContentFile(b"x"))
    path = old.file.path
    Export.objects.filter(pk__in=[old.pk, running.pk]).update(
        created_at=timezone.now() - timedelta(days=settings.EXPORTS_KEEP_DAYS + 1)
    )
    Export.objects.filter(pk__in=[old.pk, recent.pk]).update(status=Export.Status.DONE)
    Export.objects.filter(pk=running.pk).update(status=Export.Status.RUNNING)

    assert purge_old_exports.delay().get() == 1

    assert set(Export.objects.values_list("label", flat=True)) == {"recent", "running"}
    assert not old.file.storage.exists(path)
