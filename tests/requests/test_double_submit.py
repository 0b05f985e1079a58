"""A form sent twice is saved once (issue "Hardening", point 8), and the thread's posts per
user and minute are limited (point 7).

Each create form carries a one-time token (accounts/submissions.py). Sent again, one after
the other or at the same moment, it creates nothing more: the second answer leads to the
first one's result and says so. A transition clicked twice is done once, and the second click
is told it was done, not that it is impossible."""

import datetime
import re
import threading
import time
import uuid
from contextlib import contextmanager

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import FormSubmission
from notifications.models import Message
from requests import services, workflow
from requests.models import (
    AntRequest,
    Attachment,
    Campaign,
    DiagnosticNote,
    StaffNote,
    State,
    SubmissionWindow,
    TeamMember,
    Theme,
    ThreadMessage,
    TrainerAssignment,
    TransitionLog,
)

ALREADY = "Ce formulaire avait déjà été envoyé et son contenu enregistré"
DONE = "Cette action était déjà faite, elle n'a pas été refaite\u00a0: la demande est maintenant"
REFUSED = "Cette action n'est pas possible"
TOO_MANY = "Vous avez déjà envoyé 5 messages dans cet échange au cours de la dernière minute"
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two transactions at once need PostgreSQL"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def said(response):
    """The message this response adds (those of earlier requests not shown yet come first)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def token_in(html, name="submission_token"):
    """The one-time token of the form whose hidden field is `name`, as the page shows it."""
    match = re.search(rf'name="{re.escape(name)}" value="([0-9a-f-]{{36}})"', html)
    assert match, f"no {name} in the page"
    return match[1]


def draft_data(campaign, school, token):
    return {
        "submission_token": token,
        "campaign": campaign.pk,
        "scale": "etablissement",
        "coordinating_school": school.pk,
        "own_theme": "L'oral au collège",
        "title": "Faire parler les élèves",
        "professional_questions": "Comment évaluer l'oral en classe entière ?",
        "expected_outcomes": "Des situations d'oral dans chaque discipline.",
        "public_count": "8",
        "public_categories": "Enseignants, CPE",
    }


# Two posts at the same moment ----------------------------------------------------------------
@contextmanager
def held(queryset):
    """Lock `queryset`'s rows (FOR UPDATE) from this thread until the block ends."""
    with transaction.atomic():
        list(queryset.select_for_update())
        yield


def sessions_waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # fresh figures inside the block
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def wait_for_waiting_sessions(n, timeout=15):
    deadline = time.monotonic() + timeout
    while sessions_waiting_on_a_lock() < n:
        assert time.monotonic() < deadline, f"{n} sessions never waited on a lock"
        time.sleep(0.02)


def posting_threads(user, url, data):
    """Two threads that will post `data[i]` to `url` as `user`, each with its own client
    (logged in beforehand: logging in writes the user's row), and their responses."""
    responses = [None, None]
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)

    def post(index):
        try:
            responses[index] = clients[index].post(url, data[index])
        finally:
            connection.close()  # this thread's own connection

    return [threading.Thread(target=post, args=(i,)) for i in (0, 1)], responses


def twice_at_once(user, url, data, *, rows_needed):
    """Post `data` to `url` as `user` from two threads, as a double click does. The first
    post is held by a lock on `rows_needed` (rows it must write or lock after its token) until
    the second post waits too; then both go on. Returns (first response, second response)."""
    threads, responses = posting_threads(user, url, [data, data])
    with held(rows_needed):
        threads[0].start()
        wait_for_waiting_sessions(1)
        threads[1].start()
        wait_for_waiting_sessions(2)
    for thread in threads:
        thread.join(timeout=30)
    return responses


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_draft_sent_twice_at_once_creates_one_draft(client, campaign, teacher, school):
    client.force_login(teacher)
    token = token_in(client.get(reverse("requests:create")).content.decode())
    data = draft_data(campaign, school, token)

    # The draft's row refers to the campaign: the first post waits there, after its token.
    first, second = twice_at_once(
        teacher,
        reverse("requests:create"),
        data,
        rows_needed=Campaign.objects.filter(pk=campaign.pk),
    )

    ant = AntRequest.objects.get()
    assert ant.coordinator == teacher
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == ant.get_absolute_url()
    assert said(first).startswith("Le brouillon")
    assert ALREADY in said(second)
    assert FormSubmission.objects.get().result_url == ant.get_absolute_url()


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_message_sent_twice_at_once_is_posted_once(client, draft, colleague):
    client.force_login(colleague)
    token = token_in(
        client.get(draft.get_absolute_url()).content.decode(), "message-submission_token"
    )
    data = {"message-submission_token": token, "message-body": "Bonjour à tous !"}

    first, second = twice_at_once(
        colleague,
        reverse("requests:post_message", args=[draft.pk]),
        data,
        rows_needed=AntRequest.objects.filter(pk=draft.pk),
    )

    assert ThreadMessage.objects.filter(author=colleague).count() == 1
    assert first["Location"] == second["Location"] == f"{draft.get_absolute_url()}#echanges"
    assert said(first) == "Votre message est envoyé."
    assert ALREADY in said(second)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_transition_clicked_twice_at_once_is_done_once_and_said_done(under_review, dafor):
    client = Client()
    client.force_login(dafor)
    html = client.get(under_review.get_absolute_url()).content.decode()
    data = {
        "start_diagnostic-submission_token": token_in(html, "start_diagnostic-submission_token")
    }
    logs = TransitionLog.objects.filter(request=under_review).count()

    # workflow.perform locks the request: the first post waits there, after its token.
    first, second = twice_at_once(
        dafor,
        reverse("requests:transition", args=[under_review.pk, "start_diagnostic"]),
        data,
        rows_needed=AntRequest.objects.filter(pk=under_review.pk),
    )

    under_review.refresh_from_db()
    assert under_review.state == State.DIAGNOSTIC
    assert TransitionLog.objects.filter(request=under_review).count() == logs + 1
    assert first["Location"] == second["Location"] == under_review.get_absolute_url()
    text = said(second)
    assert text.startswith(DONE) and "Diagnostic" in text
    assert REFUSED not in text


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_thread_limit_holds_for_posts_at_the_same_moment(draft, colleague):
    for n in range(4):
        ThreadMessage.objects.create(request=draft, author=colleague, body=f"Message {n}")
    threads, responses = posting_threads(
        colleague,
        reverse("requests:post_message", args=[draft.pk]),
        [{"message-submission_token": str(uuid.uuid4()), "message-body": "Et un"} for _ in "ab"],
    )

    # Both posts wait on the author's row, then count one after the other: the fifth goes
    # in, the sixth is refused.
    with held(type(colleague).objects.filter(pk=colleague.pk)):
        for thread in threads:
            thread.start()
        wait_for_waiting_sessions(2)
    for thread in threads:
        thread.join(timeout=30)

    assert ThreadMessage.objects.filter(author=colleague).count() == 5
    assert sorted(r.status_code for r in responses) == [302, 429]


# The same form sent again later ---------------------------------------------------------------
def test_draft_sent_twice_creates_one_draft_and_leads_to_it(client, campaign, teacher, school):
    client.force_login(teacher)
    page = client.get(reverse("requests:create")).content.decode()
    data = draft_data(campaign, school, token_in(page))

    first = client.post(reverse("requests:create"), data)
    second = client.post(reverse("requests:create"), data)

    ant = AntRequest.objects.get()
    assert first["Location"] == second["Location"] == ant.get_absolute_url()
    text = said(second)
    assert ALREADY in text
    # A new page, a new token: a second draft on purpose is a second draft.
    again = client.get(reverse("requests:create")).content.decode()
    assert token_in(again) != data["submission_token"]
    client.post(reverse("requests:create"), draft_data(campaign, school, token_in(again)))
    assert AntRequest.objects.count() == 2


def test_edit_page_has_no_token(client, draft, teacher):
    client.force_login(teacher)
    html = client.get(reverse("requests:edit", args=[draft.pk])).content.decode()
    assert "submission_token" not in html


def test_another_users_token_is_their_own_submission(client, draft, teacher, colleague):
    url = reverse("requests:post_message", args=[draft.pk])
    token = str(uuid.uuid4())
    client.force_login(teacher)
    client.post(url, {"message-submission_token": token, "message-body": "De Claire"})

    client.force_login(colleague)
    response = client.post(url, {"message-submission_token": token, "message-body": "De Karim"})

    assert said(response) == "Votre message est envoyé."
    assert list(draft.thread.filter(is_notification=False).values_list("body", flat=True)) == [
        "De Claire",
        "De Karim",
    ]


def test_a_form_refused_keeps_its_token_for_the_next_try(client, under_review, dafor):
    url = reverse("requests:diagnostic_note", args=[under_review.pk])
    data = {
        "diag-submission_token": str(uuid.uuid4()),
        "diag-meeting_on": "2020-09-10",
        "diag-body": "Besoins précisés.",
    }
    client.force_login(dafor)
    client.post(url, data)  # not in diagnostic yet: refused, nothing kept
    assert not DiagnosticNote.objects.exists()
    assert not FormSubmission.objects.exists()

    workflow.perform(under_review, "start_diagnostic", by=dafor)
    response = client.post(url, data)

    assert said(response) == "Le compte rendu de diagnostic est ajouté."
    assert DiagnosticNote.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "route", "fields", "rows"),
    [
        ("teacher", "invite", {"invite-email": "karim@ac-test.fr"}, "members"),
        ("dafor", "staff_note", {"note-body": "À rappeler."}, "staff_notes"),
        ("colleague", "post_message", {"message-body": "Bonjour."}, "messages"),
    ],
)
def test_request_page_forms_sent_twice_save_once(
    client, request, draft, colleague, who, route, fields, rows
):
    if route == "invite":
        draft.members.filter(user=colleague).delete()  # to be invited again
    user = request.getfixturevalue(who)
    prefix = next(iter(fields)).split("-")[0]
    data = {f"{prefix}-submission_token": str(uuid.uuid4()), **fields}
    counts = {
        "members": lambda: draft.members.count(),
        "staff_notes": StaffNote.objects.count,
        "messages": lambda: ThreadMessage.objects.filter(is_notification=False).count(),
    }[rows]
    before = counts()
    client.force_login(user)

    first = client.post(reverse(f"requests:{route}", args=[draft.pk]), data)
    second = client.post(reverse(f"requests:{route}", args=[draft.pk]), data)

    assert counts() == before + 1
    assert second["Location"] == first["Location"]
    assert ALREADY in said(second)


def test_attachment_sent_twice_is_added_once(client, draft, teacher):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("requests:attachment_upload", args=[draft.pk])
    token = str(uuid.uuid4())
    client.force_login(teacher)
    for _ in range(2):
        upload = SimpleUploadedFile("diagnostic.pdf", SMALL_PDF, content_type="application/pdf")
        response = client.post(url, {"piece-submission_token": token, "piece-file": upload})

    assert Attachment.objects.count() == 1
    assert response["Location"] == f"{draft.get_absolute_url()}#pieces"
    assert ALREADY in said(response)


def test_diagnostic_note_sent_twice_is_added_once(client, under_review, dafor):
    workflow.perform(under_review, "start_diagnostic", by=dafor)
    data = {
        "diag-submission_token": str(uuid.uuid4()),
        "diag-meeting_on": "2020-09-10",
        "diag-body": "Besoins précisés.",
    }
    client.force_login(dafor)
    url = reverse("requests:diagnostic_note", args=[under_review.pk])
    client.post(url, data)
    response = client.post(url, data)

    assert DiagnosticNote.objects.count() == 1
    assert ALREADY in said(response)


def test_transition_clicked_twice_says_it_was_done(client, under_review, dafor):
    client.force_login(dafor)
    html = client.get(under_review.get_absolute_url()).content.decode()
    data = {
        "start_diagnostic-submission_token": token_in(html, "start_diagnostic-submission_token")
    }
    url = reverse("requests:transition", args=[under_review.pk, "start_diagnostic"])
    logs = TransitionLog.objects.filter(request=under_review).count()

    client.post(url, data)
    response = client.post(url, data)

    assert TransitionLog.objects.filter(request=under_review).count() == logs + 1
    assert response["Location"] == under_review.get_absolute_url()
    text = said(response)
    assert text == DONE + " «\u00a0Diagnostic\u00a0»."


def test_a_stale_transition_form_is_still_refused(client, under_review, dafor):
    """Another form of the same page, or someone else's move: not "done", refused."""
    client.force_login(dafor)
    workflow.perform(under_review, "start_diagnostic", by=dafor)

    response = client.post(
        reverse("requests:transition", args=[under_review.pk, "start_diagnostic"]),
        {"start_diagnostic-submission_token": str(uuid.uuid4())},
    )

    text = said(response)
    assert text.startswith(REFUSED)


@pytest.mark.parametrize(
    ("route", "model", "fields"),
    [
        ("campaign_create", Campaign, {"school_year": "2021-2022", "title": "ANT 2021-2022",
                                       "published_on": "2021-06-01", "ends_on": "2022-07-06"}),
        ("theme_create", Theme, {"title": "L'oral", "description": "Oraliser les savoirs.",
                                 "kind": "transversal", "target_public": "Tous"}),
        ("window_create", SubmissionWindow, {"opens_on": "2020-05-04", "closes_on": "2020-05-29"}),
    ],
)  # fmt: skip
def test_office_create_pages_sent_twice_save_once(client, campaign, dafor, route, model, fields):
    """The second campaign of a year or an overlapping window would be refused by the form:
    sent twice, the office is told it was saved instead."""
    url = reverse(f"requests:{route}", args=[] if route == "campaign_create" else [campaign.pk])
    client.force_login(dafor)
    token = token_in(client.get(url).content.decode())
    before = model.objects.count()

    first = client.post(url, {"submission_token": token, **fields})
    second = client.post(url, {"submission_token": token, **fields})

    assert model.objects.count() == before + 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ALREADY in said(second)


def test_trainer_proposed_twice_is_proposed_once(client, under_review, dafor, trainer):
    client.force_login(dafor)
    page = client.get(reverse("requests:trainer_suggestions", args=[under_review.pk]))
    token = token_in(page.content.decode())
    url = reverse("requests:assign_trainer", args=[under_review.pk])

    client.post(url, {"trainer": trainer.pk, "submission_token": token})
    response = client.post(url, {"trainer": trainer.pk, "submission_token": token})

    assert TrainerAssignment.objects.filter(request=under_review).count() == 1
    assert ALREADY in said(response)


def test_invitation_accepted_twice_says_it_was_recorded(client, draft, colleague):
    draft.members.filter(user=colleague).update(status=TeamMember.Status.INVITED)
    client.force_login(colleague)
    token = token_in(client.get(draft.get_absolute_url()).content.decode())
    url = reverse("requests:answer_invitation", args=[draft.pk])

    client.post(url, {"submission_token": token, "answer": "accept"})
    response = client.post(url, {"submission_token": token, "answer": "accept"})

    assert response.status_code == 302  # the invitation is gone: it was a 404
    assert response["Location"] == draft.get_absolute_url()
    assert ALREADY in said(response)
    assert draft.members.get(user=colleague).status == TeamMember.Status.CONFIRMED


def test_member_removed_twice_says_it_was_recorded(client, draft, teacher, colleague):
    client.force_login(teacher)
    token = token_in(client.get(draft.get_absolute_url()).content.decode())
    member = draft.members.get(user=colleague)
    url = reverse("requests:remove_member", args=[draft.pk, member.pk])
    notices = ThreadMessage.objects.filter(is_notification=True).count()

    client.post(url, {"submission_token": token})
    response = client.post(url, {"submission_token": token})

    assert response.status_code == 302  # the member is gone: it was a 404
    assert ALREADY in said(response)
    assert not draft.members.filter(user=colleague).exists()
    assert ThreadMessage.objects.filter(is_notification=True).count() == notices + 1


def test_proposal_accepted_twice_says_it_was_recorded(client, under_review, dafor, trainer):
    services.assign_trainer(ant=under_review, trainer=trainer, by=dafor)
    client.force_login(trainer)
    token = token_in(client.get(reverse("requests:my_assignments")).content.decode())
    url = reverse("requests:answer_assignment", args=[under_review.assignments.get().pk])

    client.post(url, {"submission_token": token, "decision": "accept"})
    response = client.post(url, {"submission_token": token, "decision": "accept"})

    assert ALREADY in said(response)  # not "Vous avez déjà répondu", in red
    assert under_review.assignments.get().status == TrainerAssignment.Status.ACCEPTED


# The thread's limit per user and minute --------------------------------------------------------
def test_the_post_over_the_limit_is_refused_and_its_text_kept(client, draft, colleague, teacher):
    url = reverse("requests:post_message", args=[draft.pk])
    client.force_login(colleague)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(5):
            client.post(url, {"message-submission_token": str(uuid.uuid4()), "message-body": n})
        outbox = Message.objects.count()
        sixth = {"message-submission_token": str(uuid.uuid4()), "message-body": "Le sixième"}
        response = client.post(url, sixth)

    assert response.status_code == 429
    html = response.content.decode()
    assert TOO_MANY in html and "Votre texte est conservé ci-dessous." in html
    assert "Le sixième</textarea>" in html
    assert ThreadMessage.objects.filter(author=colleague).count() == 5
    assert Message.objects.count() == outbox  # nobody told
    assert not FormSubmission.objects.filter(token=sixth["message-submission_token"]).exists()

    # Others still write; a minute later the same form goes through.
    client.force_login(teacher)
    client.post(url, {"message-submission_token": str(uuid.uuid4()), "message-body": "Claire"})
    assert ThreadMessage.objects.filter(author=teacher).count() == 1
    client.force_login(colleague)
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        response = client.post(url, sixth)
    assert said(response) == "Votre message est envoyé."
    assert ThreadMessage.objects.filter(author=colleague).count() == 6


def test_the_limit_is_a_setting(client, draft, colleague, settings):
    settings.THREAD_MESSAGES_PER_MINUTE = 1
    url = reverse("requests:post_message", args=[draft.pk])
    client.force_login(colleague)
    client.post(url, {"message-body": "Un"})
    response = client.post(url, {"message-body": "Deux"})

    assert response.status_code == 429
    assert (
        "Vous avez déjà envoyé 1 message dans cet échange au cours de la dernière minute\u00a0: "
        in response.content.decode()
    )
