"""The ANT source of the training record (requests/training_record.py): the requests whose team
a teacher is a confirmed member of, started or ended in the school year, with the hours of the
training project's current version, in one query."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.training_record import entries_for
from requests import training_record
from requests.models import State, TeamMember
from tests.factories import (
    CampaignFactory,
    ant_request,
    put_in_state,
    user_with_role,
    with_training_project,
)

YEAR = "2020-2021"


@pytest.fixture(autouse=True)
def _ant_source_only(settings):
    settings.TRAINING_RECORD_SOURCES = ["requests.training_record.entries"]


@pytest.fixture
def campaign(academie):
    return CampaignFactory(academie=academie, school_year=YEAR)


def followed(
    campaign, school, coordinator, state, *, members=(), sessions=6, hours="3", title="Lire"
):
    ant = ant_request(
        campaign=campaign, coordinator=coordinator, school=school, members=members, title=title
    )
    if sessions:
        with_training_project(ant, author=coordinator, sessions=sessions, hours=Decimal(hours))
    return put_in_state(ant, state)


def test_ant_source_gives_the_current_versions_hours_in_person(campaign, school, teacher):
    ant = followed(campaign, school, teacher, State.COMPLETED, sessions=6, hours="3")
    # A second version of the project: the newest one counts.
    from requests.models import TrainingProjectRevision

    TrainingProjectRevision.objects.create(
        project=ant.training_project,
        number=2,
        objectives="Objectifs revus",
        public="12 professeurs",
        session_count=4,
        hours_per_session=Decimal("2.5"),
        author=teacher,
    )
    [entry] = training_record.entries([teacher], YEAR)[teacher.pk]
    assert entry.programme == "ANT"
    assert entry.title == f"{ant.reference} — Lire"
    assert entry.url == reverse("requests:detail", args=[ant.pk])
    assert (entry.hours_in_person, entry.hours_online) == (Decimal("10"), Decimal("0"))
    assert entry.animation_pedagogique is False
    assert entry.done is True


def test_ant_source_marks_a_training_in_progress_as_not_done(campaign, school, teacher):
    followed(campaign, school, teacher, State.IN_PROGRESS)
    [entry] = training_record.entries([teacher], YEAR)[teacher.pk]
    assert entry.done is False
    assert entry.hours_in_person == Decimal("18")


def test_ant_source_falls_back_on_the_planned_volume_without_a_project(campaign, school, teacher):
    ant = followed(campaign, school, teacher, State.COMPLETED, sessions=0)
    ant.__class__.objects.filter(pk=ant.pk).update(planned_hours=Decimal("12"))
    [entry] = training_record.entries([teacher], YEAR)[teacher.pk]
    assert entry.hours_in_person == Decimal("12")


@pytest.mark.parametrize(
    "state", [State.DRAFT, State.SUBMITTED, State.VALIDATED, State.CANCELLED, State.REJECTED]
)
def test_ant_source_leaves_out_requests_not_started(campaign, school, teacher, state):
    followed(campaign, school, teacher, state)
    assert training_record.entries([teacher], YEAR) == {}


def test_ant_source_leaves_out_another_school_year(academie, school, teacher):
    followed(
        CampaignFactory(academie=academie, school_year="2019-2020"),
        school,
        teacher,
        State.COMPLETED,
    )
    assert training_record.entries([teacher], YEAR) == {}


def test_ant_source_counts_confirmed_members_only(campaign, school, teacher):
    colleague = user_with_role(Role.ENSEIGNANT, etablissement=school)
    invited = user_with_role(Role.ENSEIGNANT, etablissement=school)
    ant = followed(campaign, school, teacher, State.COMPLETED, members=[colleague])
    TeamMember.objects.create(request=ant, user=invited, status=TeamMember.Status.INVITED)
    found = training_record.entries([teacher, colleague, invited], YEAR)
    assert set(found) == {teacher.pk, colleague.pk}


def test_ant_source_reads_one_query_whatever_the_teachers(
    campaign, school, django_assert_num_queries
):
    def teachers_with_trainings(n):
        people = [user_with_role(Role.ENSEIGNANT, etablissement=school) for _ in range(n)]
        for person in people:
            followed(campaign, school, person, State.COMPLETED)
            followed(campaign, school, person, State.IN_PROGRESS, title="Écrire")
        return people

    few, many = teachers_with_trainings(1), teachers_with_trainings(12)
    with django_assert_num_queries(1):
        assert len(training_record.entries(few, YEAR)) == 1
    with django_assert_num_queries(1):
        found = training_record.entries(many, YEAR)
    assert sum(len(entries) for entries in found.values()) == 24


def test_ant_source_reads_nothing_for_no_users(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert training_record.entries([], YEAR) == {}


def test_entries_for_gathers_the_ant_source(campaign, school, teacher):
    followed(campaign, school, teacher, State.COMPLETED)
    assert [e.programme for e in entries_for([teacher], YEAR)[teacher.pk]] == ["ANT"]
