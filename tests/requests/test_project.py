"""Diagnostic meetings and the training project (issue 9, point 1).

Once validated, the office puts the request in touch with its trainers; the diagnostic is held
with the team, its representatives and the trainers (a date, who attended, findings read by
all of them); it produces the training project, versioned (« possiblement évolutif »): each
version kept, the one in force shown, the differences readable. The training cannot start
before a project exists. The office's private notes stay private."""

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from requests import revisions, services, workflow
from requests.models import (
    DiagnosticMeeting,
    DiagnosticNote,
    State,
    TrainerAssignment,
    TrainingProjectRevision,
)
from requests.workflow import TransitionError
from tests.factories import TrainerProfileFactory, ant_request, user_with_role
from tests.requests.test_double_submit import (
    ALREADY,
    held,
    needs_postgresql,
    said,
    token_in,
    wait_for_waiting_sessions,
)

# 14 October 2020, Paris: the request was validated on 15 September.
TODAY = datetime.datetime(2020, 10, 14, 10, 0, tzinfo=datetime.UTC)
FINDINGS = "Les élèves de 6e décrochent en lecture, surtout en inférence."
NOT_PUBLISHED = "Votre version n'a pas été publiée"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def proposed_trainer(academie):
    user = user_with_role(Role.FORMATEUR, academie=academie, full_name="Hugo Petit")
    TrainerProfileFactory(user=user, academie=academie)
    return user


@pytest.fixture
def ant(campaign, teacher, colleague, school, trainer, proposed_trainer, dafor):
    """A validated request of the Collège Jean-Jaurès: `teacher` coordinates it with
    `colleague`, `trainer` accepted it, `proposed_trainer` has not answered yet."""
    ant = ant_request(
        campaign=campaign, coordinator=teacher, school=school, members=[colleague], validated=True
    )
    for user, status in ((trainer, "accepted"), (proposed_trainer, "proposed")):
        TrainerAssignment.objects.create(
            request=ant, trainer=user, status=status, assigned_by=dafor
        )
    return ant


@pytest.fixture
def people(teacher, colleague, head, trainer, proposed_trainer, dafor, other_teacher,
           other_head, other_academie_dafor):  # fmt: skip
    return {
        "coordinator": teacher,
        "member": colleague,
        "head": head,
        "accepted_trainer": trainer,
        "proposed_trainer": proposed_trainer,
        "office": dafor,
        "other_school_teacher": other_teacher,
        "other_school_head": other_head,
        "other_academie_office": other_academie_dafor,
    }


READERS = {"coordinator", "member", "head", "accepted_trainer", "office"}
WRITERS = {"accepted_trainer", "office"}
SEES_THE_REQUEST = READERS | {"proposed_trainer"}


def meeting(ant, by, attendees, *, held_on=datetime.date(2020, 10, 1), findings=FINDINGS):
    return services.record_meeting(
        ant=ant, held_on=held_on, attendees=attendees, findings=findings, by=by
    )


V1 = {
    "objectives": "Enseigner explicitement la compréhension.\nObserver des séances.",
    "public": "12 professeurs de 6e",
    "session_count": 5,
    "hours_per_session": Decimal("3"),
    "planned_dates": "Mercredi 4 novembre 2020\nMercredi 25 novembre 2020",
}


def publish(ant, by, based_on=0, **changes):
    return services.publish_revision(ant=ant, by=by, based_on=based_on, **{**V1, **changes})


def posted(content, based_on=0, **extra):
    data = {"based_on": str(based_on), **{k: str(v) for k, v in content.items()}, **extra}
    data["hours_per_session"] = str(content["hours_per_session"]).replace(".", ",")
    return data


def errors_of(response):
    return " ".join(response.context["form"].non_field_errors())


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Who may record a meeting -----------------------------------------------------------------------
OUTSIDERS = {"other_school_teacher", "other_school_head", "other_academie_office"}


@pytest.mark.parametrize("who", sorted(READERS | {"proposed_trainer"} | OUTSIDERS))
def test_meeting_page_is_the_office_s_and_the_accepted_trainers_only(client, ant, people, who):
    client.force_login(people[who])

    response = client.get(reverse("requests:meeting_create", args=[ant.pk]))

    assert response.status_code == (200 if who in WRITERS else 404)


@pytest.mark.parametrize("who", ["coordinator", "member", "head", "proposed_trainer",
                                 "other_school_teacher", "other_academie_office"])  # fmt: skip
def test_meeting_posted_by_someone_else_is_refused_and_nothing_saved(client, ant, people, who):
    client.force_login(people[who])

    response = client.post(
        reverse("requests:meeting_create", args=[ant.pk]),
        {"held_on": "2020-10-01", "attendees": [people["member"].pk, people["accepted_trainer"].pk],
         "findings": FINDINGS},
    )  # fmt: skip

    assert response.status_code == 404
    assert not DiagnosticMeeting.objects.exists()


def test_meeting_before_the_diagnostic_phase_is_refused(client, campaign, teacher, school, dafor):
    draft = ant_request(campaign=campaign, coordinator=teacher, school=school)
    client.force_login(dafor)

    assert client.get(reverse("requests:meeting_create", args=[draft.pk])).status_code == 404
    with pytest.raises(TransitionError, match="réunions de diagnostic s'enregistrent"):
        meeting(draft, dafor, [teacher])


def test_meeting_recorded_by_the_trainer_is_told_to_the_team_and_the_office(
    client, ant, people, mailoutbox, django_capture_on_commit_callbacks
):
    trainer = people["accepted_trainer"]
    client.force_login(trainer)
    attendees = [people["coordinator"], people["member"], people["head"], trainer]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("requests:meeting_create", args=[ant.pk]),
            {"held_on": "2020-10-01", "attendees": [u.pk for u in attendees],
             "findings": FINDINGS},
        )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == f"{ant.get_absolute_url()}#diagnostic-projet"
    saved = DiagnosticMeeting.objects.get()
    assert (saved.request, saved.held_on, saved.findings, saved.recorded_by) == (
        ant, datetime.date(2020, 10, 1), FINDINGS, trainer
    )  # fmt: skip
    assert set(saved.attendees.all()) == set(attendees)
    told = Message.objects.filter(kind="ant_diagnostic_meeting")
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted(
        [people["coordinator"].email, people["member"].email, people["office"].email]
    )
    assert {m.subject for m in told} == {
        f"[{ant.reference}] Réunion de diagnostic du 1er octobre 2020"
    }
    assert people["proposed_trainer"].email not in [m.to[0] for m in mailoutbox]


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"held_on": "2020-10-20"}, "held_on", "sa date ne peut pas être à venir"),
        ({"held_on": "31/02/2020"}, "held_on", "Saisissez une date valide"),
        ({"findings": "  "}, "findings", "Écrivez les constats de la réunion."),
        ({"attendees": []}, "attendees", "Cochez les personnes qui ont participé"),
        ({"attendees": "member"}, "attendees", "cochez au moins un formateur de l'ANT."),
        ({"attendees": "trainer"}, "attendees", "cochez au moins un membre de l'équipe."),
        ({"attendees": "other"}, "attendees", "ne peut pas être indiquée comme participante"),
    ],
)
def test_meeting_with_bad_input_says_why_and_saves_nothing(client, ant, people, data, field,
                                                           error):  # fmt: skip
    ids = {
        "member": [people["member"].pk],
        "trainer": [people["accepted_trainer"].pk],
        "other": [people["member"].pk, people["accepted_trainer"].pk,
                  people["other_school_teacher"].pk],
    }  # fmt: skip
    posted_data = {
        "held_on": "2020-10-01",
        "attendees": [people["member"].pk, people["accepted_trainer"].pk],
        "findings": FINDINGS,
        **data,
    }
    if isinstance(posted_data["attendees"], str):
        posted_data["attendees"] = ids[posted_data["attendees"]]
    client.force_login(people["office"])

    response = client.post(reverse("requests:meeting_create", args=[ant.pk]), posted_data)

    assert response.status_code == 200
    assert any(error in message for message in response.context["form"].errors[field])
    assert not DiagnosticMeeting.objects.exists()
    assert not Message.objects.filter(kind="ant_diagnostic_meeting").exists()


# Who reads the findings and the project ----------------------------------------------------------
@pytest.mark.parametrize("who", list(SEES_THE_REQUEST | {"other_school_teacher",
                                                           "other_academie_office"}))  # fmt: skip
def test_findings_and_project_are_read_by_the_team_heads_accepted_trainers_and_office(
    client, ant, people, who
):
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["accepted_trainer"])
    DiagnosticNote.objects.create(
        request=ant, author=people["office"], meeting_on=datetime.date(2020, 10, 1),
        body="Note du service : équipe fragile, à suivre.",
    )  # fmt: skip
    client.force_login(people[who])

    page = client.get(ant.get_absolute_url())
    project = client.get(reverse("requests:project", args=[ant.pk]))

    if who not in SEES_THE_REQUEST:
        assert page.status_code == project.status_code == 404
        return
    html = page.content.decode()
    assert page.status_code == 200
    assert (FINDINGS in html) == (who in READERS)
    assert ("Enseigner explicitement la compréhension." in html) == (who in READERS)
    assert project.status_code == (200 if who in READERS else 404)
    # The office's own diagnostic notes stay the office's.
    assert ("équipe fragile" in html) == (who == "office")


# The project's versions ------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["coordinator", "member", "head", "proposed_trainer",
                                 "other_school_teacher", "other_academie_office"])  # fmt: skip
def test_a_version_posted_by_someone_else_is_refused(client, ant, people, who):
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    client.force_login(people[who])

    page = client.get(reverse("requests:revision_create", args=[ant.pk]))
    response = client.post(reverse("requests:revision_create", args=[ant.pk]), posted(V1))

    assert page.status_code == response.status_code == 404
    assert not TrainingProjectRevision.objects.exists()


def test_no_version_before_a_diagnostic_meeting(client, ant, people):
    client.force_login(people["office"])
    url = reverse("requests:revision_create", args=[ant.pk])

    page = client.get(url)
    response = client.post(url, posted(V1))

    assert "enregistrez d'abord la réunion de diagnostic" in page.content.decode()
    assert page.context["form"] is not None and not page.context["has_meeting"]
    assert response.status_code == 400
    assert "enregistrez d'abord la réunion de diagnostic" in errors_of(response)
    assert not TrainingProjectRevision.objects.exists()


def test_version_1_then_2_are_numbered_kept_and_told(client, ant, people):
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    url = reverse("requests:revision_create", args=[ant.pk])
    client.force_login(people["accepted_trainer"])
    first = client.post(url, posted(V1))
    client.force_login(people["office"])
    form = client.get(url).context["form"]
    second = client.post(url, posted({**V1, "session_count": 6}, based_on=1,
                                     change_note="Une séance d'observation en plus."))  # fmt: skip

    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("requests:project", args=[ant.pk])
    assert form.initial.get("session_count") or form["session_count"].initial == 5  # from v1
    v1, v2 = TrainingProjectRevision.objects.order_by("number")
    assert (v1.number, v1.author, v1.session_count, v1.total_hours) == (
        1, people["accepted_trainer"], 5, Decimal("15")
    )  # fmt: skip
    assert (v2.number, v2.author, v2.session_count, v2.change_note) == (
        2, people["office"], 6, "Une séance d'observation en plus."
    )  # fmt: skip
    assert messages_of(second)[-1] == "La version 2 du projet de formation est publiée."
    told = Message.objects.filter(kind="ant_training_project", subject__endswith="version 2")
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted(
        [people["coordinator"].email, people["member"].email, people["accepted_trainer"].email]
    )
    # The request page shows version 2 in force and keeps version 1.
    client.force_login(people["member"])
    context = client.get(ant.get_absolute_url()).context
    assert context["current_revision"] == v2
    assert context["older_revisions"] == [v1]


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"session_count": "0"}, "session_count", "Prévoyez au moins une séance."),
        ({"session_count": "deux"}, "session_count", "Saisissez un nombre entier de séances."),
        ({"hours_per_session": "trois"}, "hours_per_session", "Saisissez une durée en heures"),
        ({"hours_per_session": "1,25"}, "hours_per_session", "Une décimale au plus"),
        ({"hours_per_session": "9"}, "hours_per_session", "Une séance dure 8 heures au plus."),
        ({"objectives": ""}, "objectives", "Écrivez les objectifs de la formation."),
        ({"public": ""}, "public", "Indiquez le public de la formation."),
        ({"change_note": ""}, "change_note", "Dites en une phrase ce qui change"),
    ],
)
def test_a_version_with_bad_input_says_why_and_saves_nothing(client, ant, people, changes,
                                                             field, error):  # fmt: skip
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["office"])
    client.force_login(people["accepted_trainer"])
    data = {**posted({**V1, "session_count": 6}, based_on=1, change_note="Une de plus."),
            **changes}  # fmt: skip

    response = client.post(reverse("requests:revision_create", args=[ant.pk]), data)

    assert response.status_code == 200
    assert any(error in message for message in response.context["form"].errors[field])
    assert TrainingProjectRevision.objects.count() == 1


def test_a_version_identical_to_the_one_in_force_is_not_published(client, ant, people):
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["office"])
    client.force_login(people["office"])

    response = client.post(
        reverse("requests:revision_create", args=[ant.pk]),
        posted(V1, based_on=1, change_note="Rien, en fait."),
    )

    assert response.status_code == 400
    assert "identique à la version en vigueur" in errors_of(response)
    assert TrainingProjectRevision.objects.count() == 1


def test_the_same_version_sent_twice_is_published_once(client, ant, people):
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    client.force_login(people["office"])
    url = reverse("requests:revision_create", args=[ant.pk])
    token = token_in(client.get(url).content.decode())

    first = client.post(url, posted(V1, submission_token=token))
    second = client.post(url, posted(V1, submission_token=token))

    assert TrainingProjectRevision.objects.count() == 1
    assert first["Location"] == second["Location"] == reverse("requests:project", args=[ant.pk])
    assert ALREADY in said(second)


def test_a_version_written_from_an_older_one_is_not_published_over_the_newer(client, ant, people):
    """The office and the trainer both start from version 1; the trainer publishes first."""
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["office"])
    publish(ant, people["accepted_trainer"], based_on=1, session_count=6, change_note="+1")
    client.force_login(people["office"])

    response = client.post(
        reverse("requests:revision_create", args=[ant.pk]),
        posted({**V1, "public": "14 professeurs"}, based_on=1, change_note="Public élargi."),
    )

    assert response.status_code == 409
    errors = errors_of(response)
    assert "Sophie Lemaire a publié la version 2 du projet" in errors and NOT_PUBLISHED in errors
    assert response.context["form"]["based_on"].value() == "2"  # sent again: on top of v2
    assert list(TrainingProjectRevision.objects.values_list("number", flat=True)) == [1, 2]


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_versions_sent_at_the_same_moment_are_numbered_2_and_refused(ant, people):
    """Two authors post a version written from version 1 at the same moment: the request's
    lock makes the second wait, then tells it a version 2 exists; never two versions 2."""
    from requests.models import AntRequest

    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["office"])
    url = reverse("requests:revision_create", args=[ant.pk])
    authors = [people["office"], people["accepted_trainer"]]
    clients = [Client(), Client()]
    for client, author in zip(clients, authors, strict=True):
        client.force_login(author)
    data = [posted({**V1, "session_count": 6 + i}, based_on=1, change_note=f"Version de {i}")
            for i in (0, 1)]  # fmt: skip
    responses = [None, None]

    def post(index):
        try:
            responses[index] = clients[index].post(url, data[index])
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in (0, 1)]
    with held(AntRequest.objects.filter(pk=ant.pk)):
        threads[0].start()
        wait_for_waiting_sessions(1)
        threads[1].start()
        wait_for_waiting_sessions(2)
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(r.status_code for r in responses) == [302, 409]
    assert list(TrainingProjectRevision.objects.values_list("number", flat=True)) == [1, 2]


# The differences ----------------------------------------------------------------------------------
def test_differences_list_each_changed_field_with_before_and_after():
    old = TrainingProjectRevision(**V1, number=1)
    new = TrainingProjectRevision(
        **{**V1, "session_count": 6, "planned_dates": "Mercredi 25 novembre 2020\nMercredi 13 "
           "janvier 2021"}, number=2
    )  # fmt: skip

    changes = revisions.compare(old, new)

    assert [(c.name, c.before, c.after) for c in changes[:2]] == [
        ("session_count", "5", "6"),
        ("total_hours", "15", "18"),
    ]
    dates = changes[2]
    assert dates.name == "planned_dates"
    assert [(line.kind, line.text) for line in dates.lines] == [
        ("removed", "Mercredi 4 novembre 2020"),
        ("kept", "Mercredi 25 novembre 2020"),
        ("added", "Mercredi 13 janvier 2021"),
    ]


def test_project_page_shows_the_differences_between_two_chosen_versions(client, ant, people):
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["office"])
    publish(ant, people["office"], based_on=1, public="14 professeurs de 6e", change_note="a")
    publish(ant, people["office"], based_on=2, public="14 professeurs", session_count=6,
            change_note="b")  # fmt: skip
    client.force_login(people["head"])
    url = reverse("requests:project", args=[ant.pk])

    default = client.get(url)
    chosen = client.get(url, {"de": "1", "a": "3"})
    wrong = client.get(url, {"de": "1", "a": "9"})
    same = client.get(url, {"de": "2", "a": "2"})

    assert [c.name for c in default.context["changes"]] == [  # v2 → v3 by default
        "public",
        "session_count",
        "total_hours",
    ]
    html = chosen.content.decode()
    assert [(c.name, c.before, c.after) for c in chosen.context["changes"]] == [
        ("public", "12 professeurs de 6e", "14 professeurs"),
        ("session_count", "5", "6"),
        ("total_hours", "15", "18"),
    ]
    assert "De la version 1 à la version 3" in html
    assert "<td>12 professeurs de 6e</td><td>14 professeurs</td>" in html
    assert wrong.status_code == same.status_code == 400
    assert wrong.context["compare_form"].errors["a"] == [
        "Cette version n'existe pas\u00a0: choisissez-en une dans la liste."
    ]
    assert same.context["compare_form"].non_field_errors() == [
        "Choisissez deux versions différentes."
    ]
    assert "Choisissez deux versions différentes." in same.content.decode()


def test_text_changes_are_shown_line_by_line(client, ant, people):
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["office"])
    publish(ant, people["office"], based_on=1, objectives="Enseigner explicitement la "
            "compréhension.\nCo-construire des séances.", change_note="Objectif revu.")  # fmt: skip
    client.force_login(people["member"])

    html = client.get(reverse("requests:project", args=[ant.pk])).content.decode()

    assert (
        '<del><span class="fr-sr-only">Retiré\u00a0: </span>− Observer des séances.</del>' in html
    )
    assert (
        '<ins><span class="fr-sr-only">Ajouté\u00a0: </span>+ Co-construire des séances.</ins>'
        in html
    )


# The start of the training ------------------------------------------------------------------------
def test_training_cannot_start_before_a_project_exists(client, ant, people):
    with pytest.raises(TransitionError, match="sans projet de formation"):
        workflow.perform(ant, "start", by=people["office"])
    client.force_login(people["accepted_trainer"])
    refused = client.post(reverse("requests:transition", args=[ant.pk, "start"]))
    ant.refresh_from_db()
    assert ant.state == State.VALIDATED
    assert messages_of(refused) == [
        "La formation ne peut pas démarrer sans projet de formation\u00a0: publiez-en une "
        "première version après la réunion de diagnostic."
    ]

    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["accepted_trainer"])
    started = client.post(reverse("requests:transition", args=[ant.pk, "start"]))

    ant.refresh_from_db()
    assert started.status_code == 302
    assert ant.state == State.IN_PROGRESS


def test_the_project_may_still_evolve_once_the_training_runs(ant, people):
    meeting(ant, people["office"], [people["member"], people["accepted_trainer"]])
    publish(ant, people["accepted_trainer"])
    workflow.perform(ant, "start", by=people["accepted_trainer"])

    revision = publish(ant, people["accepted_trainer"], based_on=1, session_count=4,
                       change_note="Une séance de moins.")  # fmt: skip

    assert revision.number == 2


# The request page's queries -----------------------------------------------------------------------
@pytest.mark.parametrize("n", [0, 1, 3])
def test_request_page_reads_meetings_and_versions_in_constant_queries(
    client, ant, people, django_assert_num_queries, n
):
    for i in range(n):
        meeting(ant, people["office"], [people["member"], people["accepted_trainer"],
                                        people["head"]], findings=f"Constat {i}")  # fmt: skip
        publish(ant, people["office"], based_on=i, session_count=5 + i,
                change_note=f"Version {i + 1}" if i else "")  # fmt: skip
    client.force_login(people["member"])
    client.get(ant.get_absolute_url())  # the session and caches warmed

    # Nothing yet: no attendees or versions to read (two queries fewer).
    with django_assert_num_queries(PAGE_QUERIES if n else PAGE_QUERIES - 2):
        response = client.get(ant.get_absolute_url())

    current = response.context["current_revision"]
    assert (current.number if current else 0) == n
    assert len(response.context["meetings"]) == n


PAGE_QUERIES = 16


# The demo -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_demo_has_a_validated_request_with_its_meeting_and_two_versions():
    """Needs the migrations' reference data (académies): run without --nomigrations."""
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import Academie
    from requests.demo import PROJECT_DEMO_TITLE

    if not Academie.objects.exists():
        pytest.skip("the académies come from the migrations: run without --nomigrations")
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent

    demo = TrainingProjectRevision.objects.filter(project__request__title=PROJECT_DEMO_TITLE)
    assert list(demo.values_list("number", "author__full_name")) == [
        (1, "Hélène Marchand"),
        (2, "Hélène Marchand"),
    ]
    ant = demo.first().project.request
    assert ant.state == State.VALIDATED
    [meeting] = ant.diagnostic_meetings.all()
    assert meeting.held_on == datetime.date(2020, 10, 8)
    assert {u.full_name for u in meeting.attendees.all()} == {
        "Pauline Lemoine", "Romain Girard", "Catherine Aubert", "Hélène Marchand",
    }  # fmt: skip
    # The demo trainings that started have their project, as the workflow now asks.
    started = TrainingProjectRevision.objects.filter(
        project__request__state__in=[State.IN_PROGRESS, State.COMPLETED]
    )
    assert started.count() == 2
