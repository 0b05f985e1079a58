"""The training record with every source of the settings: the M@gistère sessions of a
circonscription's animations pédagogiques count towards a PE's hours, the ANT and the other
plans do not, and the page still reads a constant number of queries."""

import pytest
from django.urls import reverse

from accounts.models import Role, RoleMembership
from programmes import record
from programmes.models import ActivityProgress
from tests.factories import (
    EnrolmentFactory,
    ParcoursActivityFactory,
    ParcoursFactory,
    ParcoursSessionFactory,
)

YEAR = "2026-2027"


def followed_session(w, user, *, plan, presence, distance, done=True):
    """An accepted enrolment of `user` in a session of a parcours of `presence` then
    `distance` hours, every activity done (or none)."""
    parcours = ParcoursFactory()
    activities = [
        ParcoursActivityFactory(parcours=parcours, modality="presence", duration_minutes=m)
        for m in presence
    ] + [
        ParcoursActivityFactory(parcours=parcours, modality="distance", duration_minutes=m)
        for m in distance
    ]
    session = ParcoursSessionFactory(
        parcours=parcours,
        academie=w.academie,
        school_year=YEAR,
        plan=plan,
        organiser=w.ien,
        circonscription=w.circonscription if plan == "animations" else None,
    )
    enrolment = EnrolmentFactory(session=session, user=user, accepted=True)
    if done:
        for activity in activities:
            ActivityProgress.objects.create(enrolment=enrolment, activity=activity)
    return enrolment


def pe_record(w):
    membership = RoleMembership.objects.select_related("user", "etablissement").get(
        user=w.pe, role=Role.ENSEIGNANT
    )
    return record.records_for([membership], YEAR)[0]


def test_animations_pedagogiques_of_magistere_meet_the_18_hours(record_world):
    w = record_world
    followed_session(w, w.pe, plan="animations", presence=[540], distance=[300, 240])
    rec = pe_record(w)
    assert (rec.done_total, rec.done_online) == (18, 9)
    assert rec.met


def test_a_departemental_plan_session_does_not_count_towards_the_18_hours(record_world):
    w = record_world
    followed_session(w, w.pe, plan="departemental", presence=[540], distance=[540])
    rec = pe_record(w)
    assert rec.hours_total == 18
    assert rec.done_total == 0
    assert rec.missing_text == "Il manque 18\u00a0h, dont 9\u00a0h à distance"


def test_missing_online_hours_after_magistere_are_told(record_world):
    w = record_world
    followed_session(w, w.pe, plan="animations", presence=[600], distance=[420])
    rec = pe_record(w)
    assert rec.missing_text == "Il manque 2\u00a0h à distance"


@pytest.mark.parametrize("teachers", [1, 30])
def test_staff_table_with_every_source_reads_a_constant_number_of_queries(
    client, record_world, django_assert_num_queries, teachers
):
    from tests.factories import pe_teacher

    w = record_world
    people = [w.pe] + [pe_teacher(w.school) for _ in range(teachers - 1)]
    for person in people:
        followed_session(w, person, plan="animations", presence=[60], distance=[60])
    client.force_login(w.head)
    url = reverse("programmes:record_staff")
    client.get(url)
    # The table's twelve, the M@gistère source's one and the workshops source's one.
    with django_assert_num_queries(14):
        response = client.get(url)
    assert len(response.context["records"]) == teachers + 1  # and the certifié
