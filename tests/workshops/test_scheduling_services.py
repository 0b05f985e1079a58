"""Scheduling, editing and cancelling sessions (workshops/services.py): the rules under
locks, nothing half-saved, the ANT started by its first session, people told with the .ics."""

import datetime
import threading
from decimal import Decimal

import icalendar
import pytest
from django.core import mail
from django.db import connection

from accounts.models import Role
from notifications.models import Message
from requests.models import State, TrainerAssignment
from tests.factories import (
    AntRequestFactory,
    BrigadeFactory,
    CampaignFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
    SessionTrainerFactory,
    TrainerTeamFactory,
    animateur,
    paris_time,
    programme_staff,
    user_with_role,
    with_training_project,
)
from workshops import services
from workshops.models import Participant, Session, SessionTrainer


def fields(**overrides):
    values = {
        "title": "Atelier ambition-confiance — première",
        "starts_at": paris_time(2027, 1, 14, 14),
        "ends_at": paris_time(2027, 1, 14, 17),
        "status": "confirmed",
    }
    values.update(overrides)
    return values


# Scheduling ---------------------------------------------------------------------------------------
def test_staff_schedules_a_session_led_by_the_first_trainer(
    brigade_programme, saio, trainer, co_trainer, lycee_metz
):
    session = services.schedule_session(
        programme=brigade_programme,
        by=saio,
        trainers=[trainer, co_trainer],
        lead=None,
        **fields(host_school=lycee_metz, room="C3"),
    )
    session.refresh_from_db()
    assert session.academie == brigade_programme.academie
    assert session.school_year == "2026-2027"
    assert session.kind == "autre"
    assert session.created_by == saio
    roles = dict(session.trainers.values_list("user__full_name", "role"))
    assert roles == {"Claire Vautrin": "lead", "Marc Thiriet": "co"}


def test_a_trainer_schedules_a_session_they_run_but_not_one_for_someone_else(
    brigade_programme, trainer, co_trainer
):
    own = services.schedule_session(
        programme=brigade_programme, by=trainer, trainers=[trainer], lead=None, **fields()
    )
    assert own.trainers.get().user == trainer
    with pytest.raises(services.SchedulingError) as refused:
        services.schedule_session(
            programme=brigade_programme,
            by=trainer,
            trainers=[co_trainer],
            lead=None,
            **fields(starts_at=paris_time(2027, 1, 15, 9), ends_at=paris_time(2027, 1, 15, 12)),
        )
    assert refused.value.messages == [
        "Vous ne pouvez programmer que les séances que vous animez vous-même."
    ]
    assert Session.objects.count() == 1


def test_someone_who_may_not_schedule_in_the_programme_is_refused(
    brigade_programme, lycee_metz, trainer
):
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
    with pytest.raises(services.SchedulingError, match="ne pouvez pas programmer"):
        services.schedule_session(
            programme=brigade_programme, by=teacher, trainers=[trainer], lead=None, **fields()
        )
    assert not Session.objects.exists()


def test_a_clash_refuses_the_session_and_saves_nothing(workshop, saio, trainer, co_trainer):
    with pytest.raises(services.SchedulingError) as refused:
        services.schedule_session(
            programme=workshop.programme,
            by=saio,
            trainers=[co_trainer, trainer],
            lead=co_trainer,
            **fields(starts_at=paris_time(2027, 1, 12, 11), ends_at=paris_time(2027, 1, 12, 13)),
        )
    [message] = refused.value.messages
    assert message.startswith("Claire Vautrin anime déjà la séance")
    assert list(Session.objects.all()) == [workshop]
    assert SessionTrainer.objects.count() == 1


def test_an_undated_planned_session_is_saved_with_its_term_and_dated_later(
    brigade_programme, saio, trainer, django_capture_on_commit_callbacks
):
    planned = services.schedule_session(
        programme=brigade_programme,
        by=saio,
        trainers=[trainer],
        lead=None,
        title="Atelier — terminale",
        status="planned",
        starts_at=None,
        ends_at=None,
        school_year="2026-2027",
        term=2,
        planning_note="dès le deuxième trimestre",
    )
    assert planned.starts_at is None and planned.term == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            session=planned,
            by=trainer,
            starts_at=paris_time(2027, 1, 19, 9),
            ends_at=paris_time(2027, 1, 19, 12),
            status="confirmed",
        )
    planned.refresh_from_db()
    assert planned.status == "confirmed" and planned.sequence == 1
    [email] = mail.outbox
    assert email.to == [trainer.email]
    assert "Nouvel horaire\u00a0: mardi 19 janvier 2027, de 9h00 à 12h00" in email.body


def test_a_confirmed_session_needs_a_date(brigade_programme, saio, trainer):
    with pytest.raises(services.SchedulingError, match="Une séance confirmée a une date"):
        services.schedule_session(
            programme=brigade_programme,
            by=saio,
            trainers=[trainer],
            lead=None,
            **fields(starts_at=None, ends_at=None, school_year="2026-2027"),
        )
    assert not Session.objects.exists()


# Ambition-confiance teams -------------------------------------------------------------------------
@pytest.fixture
def team(brigade_programme):
    brigade = BrigadeFactory(programme=brigade_programme)
    team = TrainerTeamFactory(brigade=brigade, name="Équipe seconde 1")
    team.members.set(
        [
            animateur(brigade, user__full_name="Bruno Adam").pk,
            animateur(brigade, user__full_name="Zoé Weber").pk,
        ]
    )
    return team


def test_a_team_schedules_as_a_team_led_by_its_first_animateur(brigade_programme, saio, team):
    session = services.schedule_session(
        programme=brigade_programme, by=saio, trainers=[], lead=None, trainer_team=team, **fields()
    )
    assert session.kind == "atelier"
    assert set(session.trainers.values_list("user__full_name", "role")) == {
        ("Bruno Adam", "lead"),
        ("Zoé Weber", "co"),
    }


def test_a_team_member_in_another_session_refuses_the_teams_session(brigade_programme, saio, team):
    zoe = team.members.get(user__full_name="Zoé Weber").user
    SessionTrainerFactory(session=SessionFactory(programme=brigade_programme), user=zoe)
    with pytest.raises(services.SchedulingError, match="Zoé Weber anime déjà"):
        services.schedule_session(
            programme=brigade_programme,
            by=saio,
            trainers=[],
            lead=None,
            trainer_team=team,
            **fields(starts_at=paris_time(2027, 1, 12, 10), ends_at=paris_time(2027, 1, 12, 11)),
        )
    assert Session.objects.count() == 1


def test_a_team_of_another_programme_is_refused(brigade_programme, saio, trainer):
    other = ProgrammeFactory(kind="ambition_confiance")  # another académie's brigade
    foreign = TrainerTeamFactory(brigade=BrigadeFactory(programme=other))
    with pytest.raises(services.SchedulingError, match="n'appartient pas à la brigade"):
        services.schedule_session(
            programme=brigade_programme,
            by=saio,
            trainers=[trainer],
            lead=None,
            trainer_team=foreign,
            **fields(),
        )
    assert not Session.objects.exists()


# The ANT's first session --------------------------------------------------------------------------
@pytest.fixture
def ant_setup(academie, school, teacher):
    programme = ProgrammeFactory(academie=academie, kind="ant", slug="ant-creteil")
    office = programme_staff(programme, Role.DAFOR, full_name="Patricia Bourgeois")
    ant_trainer = user_with_role(Role.FORMATEUR, academie=academie, full_name="Sophie Lemaire")
    ant = AntRequestFactory(
        campaign=CampaignFactory(academie=academie),
        coordinator=teacher,
        coordinating_school=school,
        validated=True,
    )
    return {"programme": programme, "office": office, "trainer": ant_trainer, "ant": ant}


def test_scheduling_the_first_session_of_a_validated_ant_starts_it(ant_setup, school):
    ant, office, ant_trainer = ant_setup["ant"], ant_setup["office"], ant_setup["trainer"]
    TrainerAssignment.objects.create(
        request=ant, trainer=ant_trainer, status="accepted", assigned_by=office
    )
    with_training_project(ant, author=office, sessions=6, hours=Decimal("3"))
    session = services.schedule_session(
        programme=ant_setup["programme"],
        by=office,
        trainers=[ant_trainer],
        lead=None,
        ant_request=ant,
        host_school=school,
        **fields(title="Évaluer par compétences — séance 1"),
    )
    ant.refresh_from_db()
    assert session.kind == "ant"
    assert ant.state == State.IN_PROGRESS


def test_an_ant_that_cannot_start_refuses_its_first_session_and_saves_nothing(ant_setup, school):
    ant = ant_setup["ant"]  # no accepted trainer
    with pytest.raises(services.SchedulingError) as refused:
        services.schedule_session(
            programme=ant_setup["programme"],
            by=ant_setup["office"],
            trainers=[ant_setup["trainer"]],
            lead=None,
            ant_request=ant,
            host_school=school,
            **fields(),
        )
    assert refused.value.messages == [
        "Aucun formateur n'a encore accepté cette ANT\u00a0: elle ne peut pas démarrer."
    ]
    ant.refresh_from_db()
    assert ant.state == State.VALIDATED
    assert not Session.objects.exists()


def test_an_undated_ant_session_does_not_start_it(ant_setup, school):
    ant = ant_setup["ant"]
    services.schedule_session(
        programme=ant_setup["programme"],
        by=ant_setup["office"],
        trainers=[ant_setup["trainer"]],
        lead=None,
        ant_request=ant,
        **fields(status="planned", starts_at=None, ends_at=None, school_year="2026-2027"),
    )
    ant.refresh_from_db()
    assert ant.state == State.VALIDATED


# Changes and cancellation -------------------------------------------------------------------------
def test_a_new_time_tells_the_trainers_and_the_enrolled_with_the_ics(
    workshop, trainer, saio, django_capture_on_commit_callbacks
):
    enrolled = ParticipantFactory(session=workshop).user
    ParticipantFactory(session=workshop, waiting=True)  # not told
    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            session=workshop,
            by=saio,
            starts_at=paris_time(2027, 1, 12, 14),
            ends_at=paris_time(2027, 1, 12, 17),
            room="B14",
        )
    workshop.refresh_from_db()
    assert workshop.sequence == 1
    assert sorted(email.to[0] for email in mail.outbox) == sorted([trainer.email, enrolled.email])
    body = mail.outbox[0].body
    assert "Nouvel horaire\u00a0: mardi 12 janvier 2027, de 14h00 à 17h00" in body
    assert "Nouvelle salle\u00a0: B14" in body
    message = Message.objects.get(recipient=enrolled)
    event = icalendar.Calendar.from_ical(message.attachment_content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == paris_time(2027, 1, 12, 14)
    assert event["sequence"] == 1


def test_a_change_nobody_is_told_of_keeps_the_sequence(workshop, saio, trainer):
    ParticipantFactory(session=workshop)
    services.update_session(session=workshop, by=saio, title="Atelier — seconde (groupe 2)")
    workshop.refresh_from_db()
    assert workshop.title == "Atelier — seconde (groupe 2)"
    assert workshop.sequence == 0
    assert not Message.objects.exists()


def test_an_edit_that_clashes_is_refused_and_changes_nothing(
    workshop, brigade_programme, saio, co_trainer, lycee_metz
):
    other = SessionFactory(
        programme=brigade_programme,
        host_school=lycee_metz,
        room="A1",
        starts_at=paris_time(2027, 1, 13, 9),
    )
    SessionTrainerFactory(session=other, user=co_trainer)
    with pytest.raises(services.SchedulingError, match="La salle A1 est déjà occupée"):
        services.update_session(
            session=workshop,
            by=saio,
            starts_at=paris_time(2027, 1, 13, 10),
            ends_at=paris_time(2027, 1, 13, 11),
            room="a1",
        )
    workshop.refresh_from_db()
    assert workshop.starts_at == paris_time(2027, 1, 12, 9)
    assert workshop.room == "B12"
    assert not Message.objects.exists()


def test_someone_who_does_not_manage_the_session_cannot_edit_or_cancel_it(workshop, co_trainer):
    with pytest.raises(services.SchedulingError):
        services.update_session(session=workshop, by=co_trainer, room="Z9")
    with pytest.raises(services.SchedulingError):
        services.cancel_session(session=workshop, by=co_trainer, reason="Intempéries")
    workshop.refresh_from_db()
    assert (workshop.room, workshop.status) == ("B12", "confirmed")


def test_cancelling_tells_the_concerned_with_a_cancelling_ics_and_keeps_participants(
    workshop, trainer, saio, django_capture_on_commit_callbacks
):
    enrolled = ParticipantFactory(session=workshop).user
    waiting = ParticipantFactory(session=workshop, waiting=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=workshop, by=saio, reason="  Grève des transports ")
    workshop.refresh_from_db()
    assert (workshop.status, workshop.cancel_reason) == ("cancelled", "Grève des transports")
    assert workshop.sequence == 1
    assert Participant.objects.filter(session=workshop).count() == 2
    assert Participant.objects.get(pk=waiting.pk).status == "waiting"
    assert sorted(email.to[0] for email in mail.outbox) == sorted([trainer.email, enrolled.email])
    email = next(e for e in mail.outbox if e.to == [enrolled.email])
    assert "Motif\u00a0: Grève des transports" in email.body
    assert "prévue le mardi 12 janvier 2027, de 9h00 à 12h00 est annulée" in email.body
    [(name, content, mimetype)] = email.attachments
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["method"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(workshop, saio, reason):
    with pytest.raises(services.SchedulingError, match="Indiquez le motif"):
        services.cancel_session(session=workshop, by=saio, reason=reason)
    workshop.refresh_from_db()
    assert workshop.status == "confirmed"


def test_a_cancelled_session_cannot_be_cancelled_or_edited_again(workshop, saio):
    services.cancel_session(session=workshop, by=saio, reason="Intempéries")
    with pytest.raises(services.SchedulingError, match="déjà annulée"):
        services.cancel_session(session=workshop, by=saio, reason="Encore")
    with pytest.raises(services.SchedulingError, match="ne peut plus être modifiée"):
        services.update_session(session=workshop, by=saio, room="Z9")
    assert Message.objects.filter(kind="workshops_session_cancelled").count() == 1


# Two people scheduling the same trainer at once ---------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_schedulings_of_the_same_trainer_at_once_cannot_both_win(brigade_programme):
    programme = brigade_programme
    staff = programme_staff(programme, Role.SAIO)
    person = user_with_role(Role.FORMATEUR, academie=programme.academie)
    barrier = threading.Barrier(2)
    outcomes = []

    def schedule(hour):
        try:
            barrier.wait(timeout=10)
            services.schedule_session(
                programme=programme,
                by=staff,
                trainers=[person],
                lead=None,
                **fields(
                    starts_at=paris_time(2027, 2, 2, hour), ends_at=paris_time(2027, 2, 2, hour + 3)
                ),
            )
            outcomes.append("saved")
        except services.SchedulingError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=schedule, args=(hour,)) for hour in (9, 10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    assert SessionTrainer.objects.filter(user=person).count() == 1


def test_school_year_of_turns_in_september():
    assert services.school_year_of(datetime.date(2022, 8, 31)) == "2021-2022"
    assert services.school_year_of(paris_time(2022, 9, 1, 0)) == "2022-2023"


def test_dating_the_first_session_of_a_validated_ant_later_starts_it(ant_setup):
    ant, office, ant_trainer = ant_setup["ant"], ant_setup["office"], ant_setup["trainer"]
    TrainerAssignment.objects.create(
        request=ant, trainer=ant_trainer, status="accepted", assigned_by=office
    )
    with_training_project(ant, author=office)
    planned = services.schedule_session(
        programme=ant_setup["programme"],
        by=office,
        trainers=[ant_trainer],
        lead=None,
        ant_request=ant,
        **fields(status="planned", starts_at=None, ends_at=None, school_year="2026-2027"),
    )
    services.update_session(
        session=planned,
        by=ant_trainer,
        starts_at=paris_time(2027, 1, 14, 14),
        ends_at=paris_time(2027, 1, 14, 17),
    )
    ant.refresh_from_db()
    assert ant.state == State.IN_PROGRESS


def test_a_chosen_lead_leads_the_team(brigade_programme, saio, team, trainer):
    session = services.schedule_session(
        programme=brigade_programme,
        by=saio,
        trainers=[],
        lead=trainer,
        trainer_team=team,
        **fields(),
    )
    assert dict(session.trainers.values_list("user__full_name", "role")) == {
        "Claire Vautrin": "lead",
        "Bruno Adam": "co",
        "Zoé Weber": "co",
    }
