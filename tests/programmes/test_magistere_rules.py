"""M@gistère's rules (seed 002): a parcours' hours, the seed's four steps derived from
progress, enrolment by candidature and invitation, and the training record's source."""

from decimal import Decimal

import pytest
from django.http import Http404

from accounts.training_record import Entry
from notifications.models import Message
from programmes import magistere
from programmes.magistere import MagistereError
from programmes.models import ActivityProgress, Enrolment, ParcoursSession
from programmes.training_record import magistere_entries
from tests.factories import (
    EnrolmentFactory,
    ParcoursActivityFactory,
    ParcoursFactory,
    ParcoursSessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _done(enrolment, *activities):
    for activity in activities:
        ActivityProgress.objects.create(enrolment=enrolment, activity=activity)


# Hours ---------------------------------------------------------------------------------------
def test_hours_split_presence_and_distance(mag):
    assert magistere.hours(mag.activities) == (Decimal("3.00"), Decimal("3.00"))


def test_hours_of_no_activity_are_zero():
    assert magistere.hours([]) == (Decimal("0.00"), Decimal("0.00"))


def test_hours_round_odd_minutes_to_the_hundredth(mag):
    activity = ParcoursActivityFactory(
        parcours=mag.parcours, order=5, modality="distance", duration_minutes=20
    )
    assert magistere.hours([activity]) == (Decimal("0.00"), Decimal("0.33"))


# The seed's four steps -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "done", "step"),
    [
        ("pending", [], 1),
        ("pending", [0, 1, 2, 3], 1),  # progress before acceptance does not count
        ("declined", [], None),
        ("accepted", [], 2),
        ("accepted", [0, 3], 2),  # individual activities only: at their own pace
        ("accepted", [1], 3),  # a collective activity: the trainer's follow-up
        ("accepted", [0, 1, 2], 3),  # all but one
        ("accepted", [0, 1, 2, 3], 4),  # everything done: into the classroom
    ],
)
def test_step_of_follows_state_and_progress(mag, state, done, step):
    done_ids = [mag.activities[i].pk for i in done]
    assert magistere.step_of(state, mag.activities, done_ids) == step


def test_step_of_a_parcours_without_activities_stays_at_two():
    assert magistere.step_of("accepted", [], []) == 2


def test_step_of_ignores_activities_of_another_parcours(mag):
    stranger = ParcoursActivityFactory(grouping="collective")
    assert magistere.step_of("accepted", mag.activities, [stranger.pk]) == 2


# Candidature ---------------------------------------------------------------------------------
def test_apply_creates_a_pending_candidature_and_tells_the_organiser(mag):
    enrolment = magistere.apply(session=mag.session, user=mag.teacher, motivation="Le CP")
    assert (enrolment.state, enrolment.origin) == ("pending", "candidature")
    [message] = Message.objects.filter(kind="magistere_candidature")
    assert message.recipient == mag.ien
    assert "Thomas Moreau" in message.body_text


def test_apply_twice_is_refused(mag):
    magistere.apply(session=mag.session, user=mag.teacher)
    with pytest.raises(MagistereError):
        magistere.apply(session=mag.session, user=mag.teacher)
    assert Enrolment.objects.count() == 1


def test_apply_from_another_circonscription_is_a_404(mag):
    with pytest.raises(Http404):
        magistere.apply(session=mag.session, user=mag.other_teacher)
    assert not Enrolment.objects.exists()


def test_apply_from_another_academie_is_a_404(mag):
    with pytest.raises(Http404):
        magistere.apply(session=mag.session, user=mag.far_teacher)


def test_apply_to_a_closed_session_is_a_404(mag):
    ParcoursSession.objects.filter(pk=mag.session.pk).update(open_to_candidates=False)
    mag.session.refresh_from_db()
    with pytest.raises(Http404):
        magistere.apply(session=mag.session, user=mag.teacher)


def test_accepting_a_candidature_tells_the_candidate(mag):
    enrolment = magistere.apply(session=mag.session, user=mag.teacher)
    magistere.answer_candidature(enrolment=enrolment, accept=True, by=mag.ien)
    enrolment.refresh_from_db()
    assert enrolment.state == "accepted" and enrolment.answered_by == mag.ien
    [message] = Message.objects.filter(kind="magistere_decision")
    assert message.recipient == mag.teacher and "acceptée" in message.subject


def test_declining_a_candidature(mag):
    enrolment = magistere.apply(session=mag.session, user=mag.teacher)
    magistere.answer_candidature(enrolment=enrolment, accept=False, by=mag.ien)
    enrolment.refresh_from_db()
    assert enrolment.state == "declined"
    assert "déclinée" in Message.objects.get(kind="magistere_decision").subject


def test_answering_a_candidature_twice_is_refused(mag):
    enrolment = magistere.apply(session=mag.session, user=mag.teacher)
    magistere.answer_candidature(enrolment=enrolment, accept=False, by=mag.ien)
    with pytest.raises(MagistereError):
        magistere.answer_candidature(enrolment=enrolment, accept=True, by=mag.ien)
    enrolment.refresh_from_db()
    assert enrolment.state == "declined"


def test_a_full_session_takes_no_more(mag):
    ParcoursSession.objects.filter(pk=mag.session.pk).update(capacity=1)
    mag.session.refresh_from_db()
    EnrolmentFactory(session=mag.session, accepted=True)
    enrolment = magistere.apply(session=mag.session, user=mag.teacher)
    with pytest.raises(MagistereError, match="complète"):
        magistere.answer_candidature(enrolment=enrolment, accept=True, by=mag.ien)
    enrolment.refresh_from_db()
    assert enrolment.state == "pending"
    assert not Message.objects.filter(kind="magistere_decision").exists()


# Invitation ----------------------------------------------------------------------------------
def test_invite_creates_invitations_and_skips_those_already_there(mag):
    second = UserFactory()
    magistere.apply(session=mag.session, user=mag.teacher)
    created = magistere.invite(session=mag.session, users=[mag.teacher, second], by=mag.ien)
    assert [e.user for e in created] == [second]
    assert Enrolment.objects.get(user=mag.teacher).origin == "candidature"
    [message] = Message.objects.filter(kind="magistere_invitation")
    assert message.recipient == second and "Hélène Garnier" in message.body_text


def test_the_invited_teacher_accepts_and_the_organiser_is_told(mag):
    [enrolment] = magistere.invite(session=mag.session, users=[mag.teacher], by=mag.ien)
    magistere.answer_invitation(enrolment=enrolment, accept=True, by=mag.teacher)
    enrolment.refresh_from_db()
    assert enrolment.state == "accepted"
    assert Message.objects.get(kind="magistere_invitation_answer").recipient == mag.ien


def test_only_the_invited_teacher_answers_the_invitation(mag):
    [enrolment] = magistere.invite(session=mag.session, users=[mag.teacher], by=mag.ien)
    with pytest.raises(Http404):
        magistere.answer_invitation(enrolment=enrolment, accept=True, by=mag.other_teacher)
    enrolment.refresh_from_db()
    assert enrolment.state == "pending"


def test_the_organiser_does_not_answer_an_invitation_for_the_teacher(mag):
    [enrolment] = magistere.invite(session=mag.session, users=[mag.teacher], by=mag.ien)
    with pytest.raises(MagistereError):
        magistere.answer_candidature(enrolment=enrolment, accept=True, by=mag.ien)


def test_in_scope_teachers_are_those_of_the_circonscription(mag):
    assert list(magistere.in_scope_teachers(mag.session)) == [mag.teacher]


def test_in_scope_teachers_of_an_academic_session_are_the_academie_s(mag):
    session = ParcoursSessionFactory(
        parcours=mag.parcours, academie=mag.academie, organiser=mag.staff
    )
    assert set(magistere.in_scope_teachers(session)) == {mag.teacher, mag.other_teacher}


# Progress ------------------------------------------------------------------------------------
def test_the_learner_and_the_trainer_mark_activities(mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    magistere.set_activity_done(
        enrolment=enrolment, activity=mag.activities[0], done=True, by=mag.teacher
    )
    magistere.set_activity_done(
        enrolment=enrolment, activity=mag.activities[1], done=True, by=mag.trainer
    )
    assert ActivityProgress.objects.filter(enrolment=enrolment).count() == 2
    magistere.set_activity_done(
        enrolment=enrolment, activity=mag.activities[1], done=False, by=mag.trainer
    )
    assert list(ActivityProgress.objects.values_list("activity", flat=True)) == [
        mag.activities[0].pk
    ]


def test_marking_twice_keeps_one_row(mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    for _ in range(2):
        magistere.set_activity_done(
            enrolment=enrolment, activity=mag.activities[0], done=True, by=mag.teacher
        )
    assert ActivityProgress.objects.count() == 1


def test_someone_else_cannot_mark_progress(mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    for intruder in (mag.other_teacher, mag.other_trainer, mag.other_staff):
        with pytest.raises(Http404):
            magistere.set_activity_done(
                enrolment=enrolment, activity=mag.activities[0], done=True, by=intruder
            )
    assert not ActivityProgress.objects.exists()


def test_progress_waits_for_acceptance(mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher)
    with pytest.raises(MagistereError):
        magistere.set_activity_done(
            enrolment=enrolment, activity=mag.activities[0], done=True, by=mag.teacher
        )


# Editing parcours ----------------------------------------------------------------------------
def test_a_national_parcours_is_not_editable_even_by_staff(mag):
    assert not magistere.may_edit_parcours(mag.staff, mag.parcours)
    with pytest.raises(Http404):
        magistere.parcours_for_editor_or_404(mag.staff, mag.parcours.pk)
    with pytest.raises(MagistereError):
        magistere.save_parcours(parcours=mag.parcours, by=mag.staff)


def test_an_academie_parcours_is_edited_by_its_staff_only(mag):
    local = ParcoursFactory(local=True, academie=mag.academie)
    assert magistere.may_edit_parcours(mag.staff, local)
    assert not magistere.may_edit_parcours(mag.other_staff, local)
    assert not magistere.may_edit_parcours(mag.ien, local)


def test_a_local_parcours_is_hidden_from_other_academies(mag):
    local = ParcoursFactory(local=True, academie=mag.academie)
    shared = ParcoursFactory(local=True, academie=mag.academie, origin="mutualisee")
    assert set(magistere.visible_parcours(mag.teacher)) == {mag.parcours, local, shared}
    assert set(magistere.visible_parcours(mag.far_teacher)) == {mag.parcours, shared}


# The training record's source ----------------------------------------------------------------
def test_training_record_counts_the_hours_of_activities_done(mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    _done(enrolment, mag.activities[0], mag.activities[1])
    entries = magistere_entries([mag.teacher], "2026-2027")
    assert entries == {
        mag.teacher.pk: [
            Entry(
                programme="M@gistère",
                title="Enseigner le calcul mental",
                url=f"/programmes/magistere/inscriptions/{enrolment.pk}/",
                hours_in_person=Decimal("3.00"),
                hours_online=Decimal("1.00"),
                animation_pedagogique=True,
                done=False,
            )
        ]
    }


def test_training_record_entry_is_done_when_every_activity_is(mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    _done(enrolment, *mag.activities)
    [entry] = magistere_entries([mag.teacher.pk], "2026-2027")[mag.teacher.pk]
    assert entry.done and (entry.hours_in_person, entry.hours_online) == (
        Decimal("3.00"),
        Decimal("3.00"),
    )


@pytest.mark.parametrize(
    ("plan", "counts"),
    [("animations", True), ("departemental", False), ("academique", False)],
)
def test_training_record_animations_pedagogiques_by_plan(mag, plan, counts):
    session = ParcoursSessionFactory(
        parcours=mag.parcours,
        academie=mag.academie,
        plan=plan,
        circonscription=mag.circonscription,
        organiser=mag.ien,
    )
    EnrolmentFactory(session=session, user=mag.teacher, accepted=True)
    [entry] = magistere_entries([mag.teacher], "2026-2027")[mag.teacher.pk]
    assert entry.animation_pedagogique is counts


def test_training_record_leaves_out_pending_declined_and_other_years(mag):
    EnrolmentFactory(session=mag.session, user=mag.teacher)  # pending
    EnrolmentFactory(session=mag.session, user=mag.other_teacher, state="declined")
    last_year = ParcoursSessionFactory(
        parcours=mag.parcours, academie=mag.academie, school_year="2025-2026", organiser=mag.ien
    )
    EnrolmentFactory(session=last_year, user=mag.far_teacher, accepted=True)
    assert magistere_entries([mag.teacher, mag.other_teacher, mag.far_teacher], "2026-2027") == {}


def test_training_record_with_no_activity_done_has_zero_hours(mag):
    EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    [entry] = magistere_entries([mag.teacher], "2026-2027")[mag.teacher.pk]
    assert (entry.hours_in_person, entry.hours_online, entry.done) == (
        Decimal("0.00"),
        Decimal("0.00"),
        False,
    )


@pytest.mark.parametrize("teachers", [1, 30])
def test_training_record_source_reads_one_query(mag, teachers, django_assert_num_queries):
    users = []
    for _ in range(teachers):
        user = UserFactory()
        enrolment = EnrolmentFactory(session=mag.session, user=user, accepted=True)
        _done(enrolment, *mag.activities[:2])
        users.append(user)
    with django_assert_num_queries(1):
        entries = magistere_entries(users, "2026-2027")
    assert len(entries) == teachers
    assert all(e[0].hours_in_person == Decimal("3.00") for e in entries.values())
