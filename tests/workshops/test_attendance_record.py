"""The workshops' source of the training record (workshops/training_record.py): the hours
attended by present participants, an ANT's sessions grouped into one entry that replaces the
ANT source's planned hours, M@gistère in-person days left to the M@gistère source, online
sessions, one query whatever the teachers; and the teacher's record page showing them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.training_record import entries_for
from requests.models import State
from tests.factories import (
    CampaignFactory,
    ParcoursSessionFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
    ant_request,
    paris_time,
    put_in_state,
    user_with_role,
    with_training_project,
)
from workshops import training_record

YEAR = "2026-2027"


def attended(session, user, hours=None, **fields):
    return ParticipantFactory(
        session=session, user=user, attendance="present", hours_attended=hours, **fields
    )


@pytest.fixture
def ant_world(academie, school, teacher):
    """A Créteil ANT in progress, planned 4 × 3 h, whose team `teacher` is in, with two
    sessions on 11 and 12 January 2027 (3 h each)."""
    programme = ProgrammeFactory(academie=academie, kind="ant", title="ANT de Créteil")
    campaign = CampaignFactory(academie=academie, school_year=YEAR)
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school, title="Lire")
    with_training_project(ant, author=teacher, sessions=4, hours=Decimal("3"))
    ant = put_in_state(ant, State.IN_PROGRESS)
    sessions = [
        SessionFactory(
            programme=programme,
            kind="ant",
            ant_request=ant,
            host_school=school,
            title=f"Séance {n} de l'ANT",
            starts_at=paris_time(2027, 1, 11 + n, 9),
        )
        for n in range(2)
    ]
    return ant, sessions


def test_workshops_source_counts_the_hours_attended_of_a_session(brigade_programme, teacher):
    session = SessionFactory(programme=brigade_programme, title="Atelier seconde", status="done")
    attended(session, teacher, hours=Decimal("2.5"))
    [entry] = training_record.entries([teacher], YEAR)[teacher.pk]
    assert entry.programme == "Ateliers ambition-confiance"
    assert entry.title == "Atelier seconde"
    assert entry.url == reverse("workshops:detail", args=[session.pk])
    assert (entry.hours_in_person, entry.hours_online) == (Decimal("2.5"), Decimal(0))
    assert entry.done is True
    assert entry.animation_pedagogique is False
    assert entry.key == ""


def test_workshops_source_counts_an_online_session_online(brigade_programme, teacher):
    session = SessionFactory(
        programme=brigade_programme, host_school=None, online_url="https://visio.example.fr/a"
    )
    attended(session, teacher)  # no hours noted: the session's length
    [entry] = training_record.entries([teacher], YEAR)[teacher.pk]
    assert (entry.hours_in_person, entry.hours_online) == (Decimal(0), Decimal("3.0"))
    assert entry.done is False  # confirmed, not yet declared done


def test_workshops_source_leaves_out_absences_other_years_cancelled_and_magistere_days(
    brigade_programme, teacher
):
    ParticipantFactory(session=SessionFactory(programme=brigade_programme), user=teacher)
    ParticipantFactory(
        session=SessionFactory(programme=brigade_programme), user=teacher, attendance="absent"
    )
    attended(SessionFactory(programme=brigade_programme, school_year="2025-2026"), teacher)
    attended(SessionFactory(programme=brigade_programme, cancelled=True), teacher)
    magistere = ProgrammeFactory(academie=brigade_programme.academie, kind="magistere")
    attended(
        SessionFactory(
            programme=magistere, kind="magistere", parcours_session=ParcoursSessionFactory()
        ),
        teacher,
    )
    assert training_record.entries([teacher], YEAR) == {}


def test_an_ants_sessions_make_one_entry_keyed_by_the_request(ant_world, teacher):
    ant, (first, second) = ant_world
    attended(first, teacher)
    attended(second, teacher, hours=Decimal("1.5"))
    [entry] = training_record.entries([teacher], YEAR)[teacher.pk]
    assert entry.key == f"ant:{ant.pk}"
    assert entry.programme == "ANT"
    assert entry.title == f"{ant.reference} — Lire"
    assert entry.url == reverse("requests:detail", args=[ant.pk])
    assert entry.hours_in_person == Decimal("4.5")
    assert entry.done is False


def test_attended_hours_replace_the_ant_sources_planned_hours(
    settings, ant_world, teacher, brigade_programme
):
    settings.TRAINING_RECORD_SOURCES = [
        "requests.training_record.entries",
        "workshops.training_record.entries",
    ]
    ant, (first, second) = ant_world
    assert [e.hours_in_person for e in entries_for([teacher], YEAR)[teacher.pk]] == [
        Decimal("12")
    ]  # planned: 4 × 3 h, before any attendance
    attended(first, teacher)
    attended(second, teacher, hours=Decimal("2"))
    attended(SessionFactory(programme=brigade_programme, title="Atelier"), teacher)
    put_in_state(ant, State.COMPLETED)
    found = entries_for([teacher], YEAR)[teacher.pk]
    assert [(e.title, e.hours_in_person, e.done) for e in found] == [
        (f"{ant.reference} — Lire", Decimal("5.0"), True),
        ("Atelier", Decimal("3.0"), False),
    ]


def test_workshops_source_reads_one_query_whatever_the_teachers(
    brigade_programme, ant_world, school, django_assert_num_queries
):
    _, ant_sessions = ant_world

    def teachers_with_sessions(n):
        people = [user_with_role(Role.ENSEIGNANT, etablissement=school) for _ in range(n)]
        for person in people:
            attended(SessionFactory(programme=brigade_programme), person)
            for session in ant_sessions:
                attended(session, person)
        return people

    few, many = teachers_with_sessions(1), teachers_with_sessions(6)
    with django_assert_num_queries(1):
        assert len(training_record.entries(few, YEAR)) == 1
    with django_assert_num_queries(1):
        found = training_record.entries(many, YEAR)
    assert len(found) == 6
    assert all(len(entries) == 2 for entries in found.values())
    assert training_record.entries([], YEAR) == {}


def test_teachers_record_page_shows_the_hours_attended(
    client, brigade_programme, teacher, time_machine
):
    time_machine.move_to(paris_time(2027, 1, 20, 10))
    session = SessionFactory(programme=brigade_programme, title="Atelier du mardi", status="done")
    attended(session, teacher, hours=Decimal("2.5"))
    client.force_login(teacher)
    response = client.get(reverse("programmes:record_mine"), {"annee": YEAR})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Atelier du mardi" in text
    assert "<td>2,5&nbsp;h</td>" in text
    assert reverse("workshops:detail", args=[session.pk]) in text
