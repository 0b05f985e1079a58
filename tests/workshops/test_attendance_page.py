"""Taking attendance (issue 11, point 4): the managers' page, its rights per role, presences
to hours (partial, out of range, nothing half-saved), the rule to declare a session done, an
ANT's completion once its sessions are done, constant queries."""

from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from requests import workflow
from requests.models import State
from tests.factories import (
    AcademieFactory,
    CampaignFactory,
    EtablissementFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
    SessionTrainerFactory,
    ant_request,
    paris_time,
    put_in_state,
    user_with_role,
)
from workshops import attendance
from workshops.models import Participant, Session


def page(session):
    return reverse("workshops:attendance", args=[session.pk])


def done_url(session):
    return reverse("workshops:attendance_done", args=[session.pk])


def enrol(session, users, **fields):
    return [ParticipantFactory(session=session, user=user, **fields) for user in users]


def post_marks(client, session, marks):
    """marks: {participant: (presence, hours)}."""
    data = {}
    for participant, (presence, hours) in marks.items():
        if presence:
            data[f"presence_{participant.pk}"] = presence
        data[f"heures_{participant.pk}"] = hours
    return client.post(page(session), data)


# Rights ------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["trainer", "saio"])
def test_attendance_page_opens_for_the_sessions_managers(
    client, workshop, metz_teachers, on_the_day, who, trainer, saio
):
    enrol(workshop, metz_teachers)
    client.force_login({"trainer": trainer, "saio": saio}[who])
    response = client.get(page(workshop))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Aline Berthier" in text and "Bruno Colin" in text
    assert 'type="radio"' in text
    assert 'value="3,0"' in text  # the hours prefilled with the session's length


@pytest.mark.parametrize(
    "who",
    [
        "participant",
        "other_academie_saio",
        "host_schools_head",
        "other_trainer_of_the_academie",
        "anonymous",
    ],
)
def test_attendance_is_refused_to_who_does_not_manage_the_session(
    client, workshop, metz_teachers, nancy_metz, lycee_metz, on_the_day, who
):
    [mine, other] = enrol(workshop, metz_teachers)
    users = {
        "participant": mine.user,
        "other_academie_saio": user_with_role(
            Role.SAIO, academie=AcademieFactory(code="01", name="Paris")
        ),
        "host_schools_head": user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=lycee_metz),
        "other_trainer_of_the_academie": user_with_role(Role.FORMATEUR, academie=nancy_metz),
        "anonymous": None,
    }
    if users[who]:
        client.force_login(users[who])
    expected = 302 if who == "anonymous" else 404
    assert client.get(page(workshop)).status_code == expected
    response = post_marks(client, workshop, {mine: ("present", "3"), other: ("absent", "")})
    assert response.status_code == expected
    assert client.post(done_url(workshop)).status_code == expected
    assert not Participant.objects.exclude(attendance="").exists()
    workshop.refresh_from_db()
    assert workshop.status == Session.Status.CONFIRMED


def test_declaring_done_is_post_only(client, workshop, trainer, on_the_day):
    client.force_login(trainer)
    assert client.get(done_url(workshop)).status_code == 405


# Taking attendance -------------------------------------------------------------------------
def test_trainer_notes_presences_with_a_partial_one_in_one_post(
    client, workshop, metz_teachers, trainer, on_the_day
):
    aline, bruno = enrol(workshop, metz_teachers)
    observer = ParticipantFactory(session=workshop, origin="observer")
    client.force_login(trainer)
    response = post_marks(
        client,
        workshop,
        {aline: ("present", "3"), bruno: ("present", "1,5"), observer: ("absent", "3")},
    )
    assert response.status_code == 302
    rows = {
        p.pk: (p.attendance, p.hours_attended, p.attendance_marked_by_id)
        for p in Participant.objects.all()
    }
    assert rows == {
        aline.pk: ("present", Decimal("3.0"), trainer.pk),
        bruno.pk: ("present", Decimal("1.5"), trainer.pk),
        observer.pk: ("absent", None, trainer.pk),
    }
    assert Participant.objects.get(pk=aline.pk).attendance_marked_at == paris_time(2027, 1, 12, 10)


def test_a_present_person_without_hours_attended_the_whole_session(
    client, workshop, metz_teachers, trainer, on_the_day
):
    [aline] = enrol(workshop, metz_teachers[:1])
    client.force_login(trainer)
    post_marks(client, workshop, {aline: ("present", "")})
    aline.refresh_from_db()
    assert aline.hours_attended == Decimal("3.0")


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("3,5", "Les heures suivies ne peuvent pas dépasser la durée de la séance (3\u00a0h)."),
        ("-1", "Les heures suivies ne peuvent pas être négatives."),
        ("0", "Une personne présente a suivi plus de 0\u00a0h\u00a0: sinon, notez-la absente."),
        ("trois", "Saisissez un nombre."),
    ],
)
def test_hours_out_of_range_are_refused_and_nothing_is_saved(
    client, workshop, metz_teachers, trainer, on_the_day, hours, message
):
    aline, bruno = enrol(workshop, metz_teachers)
    client.force_login(trainer)
    response = post_marks(client, workshop, {aline: ("present", "3"), bruno: ("present", hours)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Les présences ne sont pas enregistrées" in response.content.decode()
    assert not Participant.objects.exclude(attendance="").exists()


def test_no_attendance_before_the_session_has_started(client, workshop, metz_teachers, trainer):
    [aline] = enrol(workshop, metz_teachers[:1])
    with time_machine.travel(paris_time(2027, 1, 12, 8, 59), tick=False):
        client.force_login(trainer)
        shown = client.get(page(workshop))
        response = post_marks(client, workshop, {aline: ("present", "3")})
    assert "La séance n’a pas commencé" in shown.content.decode()
    assert 'type="radio"' not in shown.content.decode()
    assert response.status_code == 400
    assert (
        "La séance n'a pas commencé\u00a0: les présences se notent à partir du 12 janvier 2027, "
        "9h00." in [str(m) for m in response.context["messages"]]
    )
    aline.refresh_from_db()
    assert aline.attendance == ""


def test_service_refuses_someone_not_enrolled(workshop, metz_teachers, trainer, on_the_day):
    [waiting] = enrol(workshop, metz_teachers[:1], status="waiting", origin="enrolment")
    with pytest.raises(attendance.AttendanceError, match="n'est pas inscrit ou inscrite"):
        attendance.record_attendance(
            session=workshop, marks=[(waiting, "present", None)], by=trainer
        )
    waiting.refresh_from_db()
    assert waiting.attendance == ""


def test_a_cancelled_session_takes_no_attendance(
    brigade_programme, metz_teachers, saio, on_the_day
):
    session = SessionFactory(programme=brigade_programme, cancelled=True)
    [aline] = enrol(session, metz_teachers[:1])
    with pytest.raises(attendance.AttendanceError, match="annulée"):
        attendance.record_attendance(session=session, marks=[(aline, "present", None)], by=saio)


# Declaring the session done ----------------------------------------------------------------
def test_session_is_declared_done_once_every_presence_is_noted(
    client, workshop, metz_teachers, trainer, on_the_day
):
    aline, bruno = enrol(workshop, metz_teachers)
    client.force_login(trainer)
    post_marks(client, workshop, {aline: ("present", "3"), bruno: ("", "3")})
    refused = client.post(done_url(workshop), follow=True)
    assert (
        "La présence d'une personne inscrite n'est pas encore notée\u00a0: la séance ne peut "
        "pas être déclarée réalisée." in [str(m) for m in refused.context["messages"]]
    )
    workshop.refresh_from_db()
    assert workshop.status == Session.Status.CONFIRMED
    assert "Déclarer la séance réalisée" not in refused.content.decode()

    post_marks(client, workshop, {aline: ("present", "3"), bruno: ("absent", "")})
    assert "Déclarer la séance réalisée" in client.get(page(workshop)).content.decode()
    client.post(done_url(workshop))
    workshop.refresh_from_db()
    assert workshop.status == Session.Status.DONE


def test_a_done_sessions_attendance_can_still_be_corrected(
    client, workshop, metz_teachers, saio, on_the_day
):
    aline, bruno = enrol(workshop, metz_teachers)
    attendance.record_attendance(
        session=workshop, marks=[(aline, "present", None), (bruno, "absent", None)], by=saio
    )
    attendance.declare_done(session=workshop, by=saio)
    client.force_login(saio)
    response = post_marks(client, workshop, {aline: ("present", "3"), bruno: ("present", "2")})
    assert response.status_code == 302
    bruno.refresh_from_db()
    assert (bruno.attendance, bruno.hours_attended) == ("present", Decimal("2.0"))
    with pytest.raises(attendance.AttendanceError, match="déjà déclarée réalisée"):
        attendance.declare_done(session=workshop, by=saio)


def test_a_session_with_nobody_enrolled_cannot_be_offered_as_done(
    client, workshop, trainer, on_the_day
):
    client.force_login(trainer)
    response = client.get(page(workshop))
    assert "Personne n’est inscrit" in response.content.decode()
    assert "Déclarer la séance réalisée" not in response.content.decode()


# An ANT is completed once its sessions are done --------------------------------------------
def test_ant_can_be_completed_once_all_its_sessions_are_done(
    academie, school, teacher, dafor, on_the_day
):
    programme = ProgrammeFactory(academie=academie, kind="ant", title="ANT de Créteil")
    campaign = CampaignFactory(academie=academie, school_year="2026-2027")
    ant = put_in_state(
        ant_request(campaign=campaign, coordinator=teacher, school=school), State.IN_PROGRESS
    )
    first, second = (
        SessionFactory(
            programme=programme,
            kind="ant",
            ant_request=ant,
            host_school=school,
            starts_at=paris_time(2027, 1, 11 + n, 9),
        )
        for n in range(2)
    )
    for session in (first, second):
        [member] = enrol(session, [teacher])
        attendance.record_attendance(session=session, marks=[(member, "present", None)], by=dafor)
    attendance.declare_done(session=first, by=dafor)
    with pytest.raises(workflow.TransitionError, match="Une séance de cette formation"):
        workflow.perform(ant, "complete", by=dafor)

    attendance.declare_done(session=second, by=dafor)
    workflow.perform(ant, "complete", by=dafor)
    ant.refresh_from_db()
    assert ant.state == State.COMPLETED


# The session page --------------------------------------------------------------------------
def test_session_page_links_managers_to_attendance_and_the_sheet(
    client, workshop, metz_teachers, trainer, on_the_day
):
    [aline, _] = enrol(workshop, metz_teachers)
    attendance.record_attendance(session=workshop, marks=[(aline, "present", None)], by=trainer)
    client.force_login(trainer)
    text = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert page(workshop) in text
    assert reverse("workshops:emargement", args=[workshop.pk]) in text
    assert reverse("workshops:attestation", args=[workshop.pk, aline.pk]) in text


def test_session_page_shows_no_attendance_links_to_a_participant(
    client, workshop, metz_teachers, on_the_day
):
    [aline] = enrol(workshop, metz_teachers[:1])
    client.force_login(aline.user)
    text = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert page(workshop) not in text
    assert reverse("workshops:emargement", args=[workshop.pk]) not in text


# Queries -----------------------------------------------------------------------------------
@pytest.mark.parametrize("count", [1, 5])
def test_attendance_page_reads_a_constant_number_of_queries(
    client, workshop, lycee_metz, trainer, on_the_day, django_assert_num_queries, count
):
    for n in range(count):
        user = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
        ParticipantFactory(session=workshop, user=user, attendance="present" if n else "")
    client.force_login(trainer)
    with django_assert_num_queries(6):
        response = client.get(page(workshop))
    assert response.status_code == 200


def test_other_schools_teacher_of_another_academie_cannot_fetch_a_participant(
    client, workshop, on_the_day
):
    outsider = user_with_role(Role.ENSEIGNANT, etablissement=EtablissementFactory())
    client.force_login(outsider)
    assert client.get(page(workshop)).status_code == 404


def test_trainer_of_the_session_may_be_a_co_trainer(
    client, workshop, nancy_metz, metz_teachers, on_the_day
):
    co = user_with_role(Role.FORMATEUR, academie=nancy_metz)
    SessionTrainerFactory(session=workshop, user=co, role="co")
    [aline, _] = enrol(workshop, metz_teachers)
    client.force_login(co)
    assert post_marks(client, workshop, {aline: ("present", "2")}).status_code == 302
