"""The outbox (notify, deliver, sweep, purge) and the inbox pages, on eager Celery and the
locmem e-mail backend; tests/notifications/test_worker_delivery.py covers a real worker."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications import services
from notifications.models import Message
from notifications.services import notify
from notifications.tasks import purge_old_messages

# Holds emails/test_notice_{subject.txt,body.txt,body.html}: an inbox kind for tests only.
TEST_TEMPLATES = Path(__file__).parent / "templates"
INBOX_URL = reverse("notifications:inbox")


@pytest.fixture(autouse=True)
def _test_notice_templates(settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_TEMPLATES]}]


@pytest.fixture
def closed_smtp(settings):
    """SMTP on a port where nothing listens: every attempt is refused at once."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    settings.EMAIL_TIMEOUT = 1


def _notice(recipient, subject="Demande visée", text="Votre demande a été visée.", **kwargs):
    return notify(
        recipient=recipient,
        kind="test_notice",
        context={"subject": subject, "text": text},
        url="/demandes/1/",
        **kwargs,
    )


def _age(message, **delta):
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(**delta))


def _unread_badge(content):
    match = re.search(r'data-testid="unread-count">(\d+)<', content)
    return int(match.group(1)) if match else None


# notify and deliver


def test_notify_writes_one_pending_row(teacher, mailoutbox):
    message = _notice(teacher, subject="Demande visée", text="Le chef d'établissement a visé.")

    assert list(Message.objects.all()) == [message]
    message.refresh_from_db()
    assert message.recipient == teacher
    assert message.kind == "test_notice"
    assert message.status == Message.Status.PENDING
    assert message.attempts == 0
    assert message.in_inbox is True
    assert message.subject == "Demande visée — Formations"
    assert "Le chef d'établissement a visé." in message.body_text
    assert "http://127.0.0.1:8000/demandes/1/" in message.body_text
    assert "<p>Le chef d&#x27;établissement a visé.</p>" in message.body_html
    # Nothing leaves before the transaction commits.
    assert mailoutbox == []


def test_notify_in_rolled_back_transaction_leaves_no_row_and_no_email(
    teacher, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notice(teacher)
        raise RuntimeError("la demande n'est finalement pas enregistrée")

    assert callbacks == []
    assert not Message.objects.exists()
    assert mailoutbox == []


def test_notify_after_commit_delivers_once(teacher, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _notice(teacher)

    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.next_attempt_at is None
    assert message.last_error == ""
    [mail] = mailoutbox
    assert mail.to == [teacher.email]
    assert mail.subject == "Demande visée — Formations"
    assert mail.body == message.body_text
    assert [(content, mimetype) for content, mimetype in mail.alternatives] == [
        (message.body_html, "text/html")
    ]


def test_deliver_already_sent_message_sends_nothing(
    teacher, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _notice(teacher)

    assert services.deliver(message.pk) is False

    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert message.attempts == 1


def test_deliver_smtp_refused_records_attempt_and_raises(teacher, closed_smtp, settings):
    message = _notice(teacher)
    before = timezone.now()

    with pytest.raises(services.DeliveryError):
        services.deliver(message.pk)

    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert message.last_error.startswith("ConnectionRefusedError")
    assert message.sent_at is None
    assert message.next_attempt_at >= before + timedelta(
        seconds=settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    )


def test_deliver_marks_failed_after_max_attempts(teacher, closed_smtp, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    message = _notice(teacher)
    for _ in range(2):
        with pytest.raises(services.DeliveryError):
            services.deliver(message.pk)

    assert services.deliver(message.pk) is False

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == 3
    assert message.last_error
    # A failed message is left alone afterwards.
    assert services.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 3


def test_retry_delay_doubles_each_attempt(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 30

    assert [services.retry_delay(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


# sweep


def test_sweep_delivers_old_pending_and_skips_recent_and_backing_off(teacher, mailoutbox, settings):
    overdue = _notice(teacher, subject="En retard")
    backoff_over = _notice(teacher, subject="Délai écoulé")
    backing_off = _notice(teacher, subject="En attente de nouvel essai")
    recent = _notice(teacher, subject="Tout juste créé")
    for message in (overdue, backoff_over, backing_off):
        _age(message, seconds=settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS + 5)
    now = timezone.now()
    Message.objects.filter(pk=backoff_over.pk).update(next_attempt_at=now - timedelta(seconds=1))
    Message.objects.filter(pk=backing_off.pk).update(next_attempt_at=now + timedelta(minutes=5))

    sent = services.sweep_pending()

    assert sent == 2
    assert sorted(mail.subject for mail in mailoutbox) == [
        "Délai écoulé — Formations",
        "En retard — Formations",
    ]
    statuses = dict(Message.objects.values_list("pk", "status"))
    assert statuses == {
        overdue.pk: Message.Status.SENT,
        backoff_over.pk: Message.Status.SENT,
        backing_off.pk: Message.Status.PENDING,
        recent.pk: Message.Status.PENDING,
    }


def test_sweep_twice_sends_nothing_more(teacher, mailoutbox, settings):
    message = _notice(teacher)
    _age(message, seconds=settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS + 5)
    services.sweep_pending()

    sent = services.sweep_pending()

    assert sent == 0
    assert len(mailoutbox) == 1


def test_sweep_smtp_refused_counts_attempt_and_carries_on(teacher, head, closed_smtp, settings):
    first = _notice(teacher)
    second = _notice(head)
    for message in (first, second):
        _age(message, seconds=settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS + 5)

    sent = services.sweep_pending()

    assert sent == 0
    assert set(Message.objects.values_list("attempts", "status")) == {(1, Message.Status.PENDING)}


# inbox pages


def test_inbox_lists_only_own_inbox_messages(client, teacher, head):
    unread = _notice(teacher, subject="Demande visée")
    read = _notice(teacher, subject="Session programmée")
    services.mark_read(message=read)
    reset = notify(recipient=teacher, kind="password_reset", url="/mot-de-passe/", in_inbox=False)
    _notice(head, subject="Message du chef")
    client.force_login(teacher)

    response = client.get(INBOX_URL)

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [read, unread]
    content = response.content.decode()
    assert "<strong>Demande visée — Formations</strong>" in content
    assert "Session programmée — Formations" in content
    assert "<strong>Session programmée — Formations</strong>" not in content
    assert content.count('<span class="fr-badge fr-badge--sm fr-badge--info">Non lu</span>') == 1
    assert reset.subject not in content
    assert "Message du chef" not in content


def test_inbox_empty_says_so(client, teacher):
    client.force_login(teacher)

    content = client.get(INBOX_URL).content.decode()

    assert "Vous n’avez aucun message." in content
    assert _unread_badge(content) is None


def test_header_unread_badge_counts_own_unread_inbox_messages(client, teacher, head):
    for n in range(3):
        _notice(teacher, subject=f"Non lu {n}")
    services.mark_read(message=_notice(teacher, subject="Déjà lu"))
    notify(recipient=teacher, kind="password_reset", url="/mot-de-passe/", in_inbox=False)
    _notice(head)
    _notice(head)
    client.force_login(teacher)

    content = client.get(reverse("home")).content.decode()

    assert _unread_badge(content) == 3


def test_detail_marks_message_read_and_badge_drops(client, teacher):
    opened = _notice(teacher, subject="À ouvrir", text="Le détail de la demande.")
    still_unread = _notice(teacher, subject="À lire plus tard")
    client.force_login(teacher)
    assert _unread_badge(client.get(INBOX_URL).content.decode()) == 2

    response = client.get(reverse("notifications:detail", args=[opened.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Le détail de la demande." in content
    assert _unread_badge(content) == 1
    opened.refresh_from_db()
    still_unread.refresh_from_db()
    assert opened.read_at is not None
    assert still_unread.read_at is None


def test_detail_of_other_users_message_is_404_and_stays_unread(client, teacher, head):
    others = _notice(head)
    client.force_login(teacher)

    response = client.get(reverse("notifications:detail", args=[others.pk]))

    assert response.status_code == 404
    others.refresh_from_db()
    assert others.read_at is None


def test_detail_of_email_only_message_is_404(client, teacher):
    reset = notify(recipient=teacher, kind="password_reset", url="/mot-de-passe/", in_inbox=False)
    client.force_login(teacher)

    response = client.get(reverse("notifications:detail", args=[reset.pk]))

    assert response.status_code == 404
    reset.refresh_from_db()
    assert reset.read_at is None


def test_mark_all_read_get_is_refused(client, teacher):
    message = _notice(teacher)
    client.force_login(teacher)

    response = client.get(reverse("notifications:mark_all_read"))

    assert response.status_code == 405
    message.refresh_from_db()
    assert message.read_at is None


def test_mark_all_read_post_marks_own_messages_read(client, teacher, head):
    _notice(teacher)
    _notice(teacher)
    others = _notice(head)
    client.force_login(teacher)

    response = client.post(reverse("notifications:mark_all_read"), follow=True)

    assert response.redirect_chain == [(INBOX_URL, 302)]
    content = response.content.decode()
    assert "2 message(s) marqué(s) comme lu(s)." in content
    assert _unread_badge(content) is None
    assert not Message.objects.filter(recipient=teacher, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


@pytest.mark.parametrize("count", [1, 30])
def test_inbox_query_count_does_not_grow_with_messages(
    client, teacher, count, django_assert_max_num_queries
):
    for n in range(count):
        _notice(teacher, subject=f"Message {n}")
    client.force_login(teacher)

    # Session, user, roles (menu), unread count (header), page count, page rows.
    with django_assert_max_num_queries(6):
        response = client.get(INBOX_URL)

    assert len(response.context["page"].object_list) == min(count, 25)


# retention


def test_purge_old_messages_deletes_old_delivered_and_failed_only(teacher):
    old_sent = _notice(teacher, subject="Ancien envoyé")
    old_failed = _notice(teacher, subject="Ancien en échec")
    old_pending = _notice(teacher, subject="Ancien en attente")
    almost_old = _notice(teacher, subject="Presque ancien")
    recent = _notice(teacher, subject="Récent")
    Message.objects.exclude(pk=old_pending.pk).update(status=Message.Status.SENT)
    Message.objects.filter(pk=old_failed.pk).update(status=Message.Status.FAILED)
    for message in (old_sent, old_failed, old_pending):
        _age(message, days=731)
    _age(almost_old, days=729)

    deleted = purge_old_messages.delay().get()

    assert deleted == 2
    assert set(Message.objects.values_list("pk", flat=True)) == {
        old_pending.pk,
        almost_old.pk,
        recent.pk,
    }
