"""The office's queue and the request page read a fixed number of queries, however many
requests the académie has and however long a request's collections grow: each count is
asserted exactly, with a few rows and with many, the same literal at both sizes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Etablissement, User
from accounts.uai import uai_check_letter
from requests import state_counts
from requests.models import (
    AntRequest,
    Attachment,
    DiagnosticNote,
    StaffNote,
    State,
    TeamMember,
    ThreadMessage,
    TrainerAssignment,
    TransitionLog,
)
from tests.factories import ant_request, put_in_state

SIZES = [5, 500]


def fill_academie(campaign, school, coordinator, theme, count):
    """`count` requests in the académie's queue, written at once (endorsed, under review and
    validated in turn, every other on `theme`), and the kept counts recounted after them."""
    now = timezone.now()
    AntRequest.objects.bulk_create(
        AntRequest(
            campaign=campaign,
            academie_id=campaign.academie_id,
            reference=f"ANT-2020-B{i:05d}",
            state=(State.ENDORSED, State.UNDER_REVIEW, State.VALIDATED)[i % 3],
            scale="etablissement",
            coordinating_school=school,
            coordinator=coordinator,
            theme=theme if i % 2 else None,
            title=f"Projet {i}",
            professional_questions="Comment faire ?",
            expected_outcomes="Mieux faire.",
            public_count=10,
            public_categories="Enseignants",
            submitted_at=now - datetime.timedelta(days=30),
            endorsed_at=now - datetime.timedelta(days=20 - i % 7),
            decided_at=now if i % 3 == 2 else None,
            state_changed_at=now - datetime.timedelta(days=i % 11),
            priority=i % 10 == 0,
        )
        for i in range(count)
    )
    state_counts.recount()


def fill_collections(ant, count):
    """`count` schools, members, trainers, timeline entries, attachments, messages, staff and
    diagnostic notes on `ant`, written at once."""
    people = User.objects.bulk_create(
        User(email=f"agent-{kind}-{i}@ac-test.fr", full_name=f"Agent {kind} {i}", password="!")
        for kind in ("membre", "formateur")
        for i in range(count)
    )
    members, trainers = people[:count], people[count:]
    schools = Etablissement.objects.bulk_create(
        Etablissement(
            uai=f"094{i:04d}" + uai_check_letter(f"094{i:04d}"),
            name=f"École {i}",
            statut=Etablissement.Statut.PUBLIC,
            academie_id=ant.academie_id,
        )
        for i in range(count)
    )
    ant.schools.add(*schools)
    TeamMember.objects.bulk_create(
        TeamMember(request=ant, user=user, status=("confirmed", "invited")[i % 2])
        for i, user in enumerate(members)
    )
    TrainerAssignment.objects.bulk_create(
        TrainerAssignment(
            request=ant,
            trainer=user,
            status=("proposed", "accepted", "declined")[i % 3],
            assigned_by=ant.coordinator,
        )
        for i, user in enumerate(trainers)
    )
    TransitionLog.objects.bulk_create(
        TransitionLog(
            request=ant, transition="note", from_state=ant.state, to_state=ant.state, actor=user,
            hash="0" * 64,
        )
        for user in members
    )  # fmt: skip
    Attachment.objects.bulk_create(
        Attachment(request=ant, file=f"ant/x{i}.pdf", name=f"x{i}.pdf", size=10, uploaded_by=user)
        for i, user in enumerate(members)
    )
    ThreadMessage.objects.bulk_create(
        ThreadMessage(
            request=ant, author=None if i % 4 == 0 else user, body=f"Message {i}",
            is_notification=i % 4 == 0,
        )
        for i, user in enumerate(members)
    )  # fmt: skip
    StaffNote.objects.bulk_create(
        StaffNote(request=ant, author=user, body=f"Note {i}") for i, user in enumerate(members)
    )
    DiagnosticNote.objects.bulk_create(
        DiagnosticNote(
            request=ant, author=user, body=f"Compte rendu {i}",
            meeting_on=datetime.date(2020, 9, 1) + datetime.timedelta(days=i % 60),
        )
        for i, user in enumerate(members)
    )  # fmt: skip


# The office's queue --------------------------------------------------------------------------
QUEUE_VIEWS = {
    "unfiltered": {},
    "theme_and_state": {"theme": "@theme", "state": State.ENDORSED},
    "page_2": {"page": "2"},
    # Past queries.IDS_FIRST_FROM (250) rows, a page's ids are read before its rows.
    "page_7": {"page": "7"},
}
# With 5 requests, pages 2 and 7 are the only page: Django's get_page() falls back to it.


@pytest.mark.parametrize("count", SIZES, ids="{}_requests".format)
@pytest.mark.parametrize("view", QUEUE_VIEWS)
def test_queue_reads_twelve_queries(
    client, django_assert_num_queries, campaign, school, teacher, theme, dafor, view, count
):
    fill_academie(campaign, school, teacher, theme, count)
    params = {k: theme.pk if v == "@theme" else v for k, v in QUEUE_VIEWS[view].items()}
    client.force_login(dafor)

    # Session, user, roles; the filters' windows, themes, districts; the counts per state (kept,
    # or counted under a filter); the page's rows; three medians; the unread messages.
    with django_assert_num_queries(12):
        response = client.get(reverse("requests:queue"), params)

    assert response.status_code == 200
    page = response.context["page"]
    assert len(page.object_list) == min(page.paginator.count, 50) > 0


# The request page ----------------------------------------------------------------------------
# Who looks, at the step where the page has the most for them, and the queries it reads:
# session, user, roles; the request, its schools, team and trainers; its timeline, attachments
# and thread; for the office its notes and diagnostic notes, and the validation form's schools;
# for the coordinator of a draft, the campaign's windows; the unread messages.
# (Issue 9, point 2: for the office, + the opinions asked and the people who may be asked.)
# (Issue 9, point 1: from the diagnostic on, + its meetings and its training project; their
# attendees and versions when there are some, tests/requests/test_project.py.)
VIEWERS = {
    "office": ("dafor", State.DIAGNOSTIC, 14 + 2 + 2),
    "member": ("colleague", State.CORRECTIONS, 11),
    "coordinator": ("teacher", State.DRAFT, 12),
    "head": ("head", State.SUBMITTED, 11),
}


@pytest.mark.parametrize("items", SIZES, ids="{}_items".format)
@pytest.mark.parametrize("count", SIZES, ids="{}_requests".format)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_request_page_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, request, campaign, school, teacher, colleague, theme,
    viewer, count, items,
):  # fmt: skip
    who, state, queries = VIEWERS[viewer]
    fill_academie(campaign, school, teacher, theme, count)
    ant = ant_request(
        campaign=campaign, coordinator=teacher, school=school, members=[colleague], theme=theme
    )
    put_in_state(ant, state)
    fill_collections(ant, items)
    client.force_login(request.getfixturevalue(who))

    with django_assert_num_queries(queries):
        response = client.get(ant.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["thread"]) == items
