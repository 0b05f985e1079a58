"""The workshops' demo data (issue 11, point 9): the Nancy-Metz workshops in the towns of the
seed, the September 2022 planning and the December 2022 training week; the sessions of the ANT
requests, coherent with their states; M@gistère's regroupement; the Ambassadeurs' ateliers;
a diary across programmes and open sessions to enrol in; a second run writes nothing.

`seed_demo` runs once for the module, inside a transaction rolled back at the end."""

import datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from accounts.demo import demo_email
from accounts.uai import uai_error
from programmes.demo.brigade import ACTIVE, TEAMS
from programmes.models import Animateur, SessionStep
from requests.models import AntRequest, State, TrainerAssignment
from tests.factories import AcademieFactory
from workshops.models import Participant, Session, SessionTrainer

PARIS = ZoneInfo("Europe/Paris")
D = datetime.date
SEED_TOWNS = {
    "Pont-à-Mousson",
    "Thionville",
    "Metz",
    "Thaon-les-Vosges",
    "Épinal",
    "Nancy",
    "Bar-le-Duc",
    "Tomblaine",
}
NOW = datetime.datetime(2026, 11, 30, 10, tzinfo=PARIS)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=True), transaction.atomic():
        # Without migrations (--nomigrations) the académies of the data migration are absent.
        AcademieFactory(code="01", name="Paris")
        AcademieFactory(code="12", name="Nancy-Metz")
        AcademieFactory(code="24", name="Créteil")
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def local(moment):
    return moment.astimezone(PARIS)


def test_demo_counts_sessions_per_kind(demo):
    counts = {kind: Session.objects.filter(kind=kind).count() for kind in Session.Kind.values}
    # 5 teams × 4 in the second term, 4 teams × 2 in May 2022, 9 planned for September 2022.
    assert counts == {
        "atelier": 37,
        "module": 1,
        "ant": 8,
        "magistere": 1,
        "ambassadeurs": 2,
        "autre": 2,
    }


def test_demo_workshops_of_the_second_term_are_in_the_seed_s_towns_on_school_days(demo):
    workshops = Session.objects.filter(
        kind="atelier", school_year="2021-2022", term=2
    ).select_related("host_school", "trainer_team")
    assert workshops.count() == 20
    assert {w.host_school.commune for w in workshops} == SEED_TOWNS
    for workshop in workshops:
        day = local(workshop.starts_at).date()
        assert D(2022, 1, 3) <= day <= D(2022, 3, 31), workshop
        assert day.weekday() < 5, workshop
        assert not D(2022, 2, 5) <= day <= D(2022, 2, 20), workshop  # zone B winter holidays
        assert workshop.status == "done"
        assert workshop.public == "designated"
        assert workshop.host_school.type.startswith("Lycée")
        assert uai_error(workshop.host_school.uai) is None
        assert workshop.level == workshop.trainer_team.get_level_display()
    assert set(workshops.values_list("level", flat=True)) == {"Seconde", "Terminale"}


def test_demo_workshops_are_run_by_their_team_s_animateurs_first_one_leading(demo):
    # The first animateur of each team in the brigade's demo leads.
    leads = {name: demo_email(ACTIVE[members[0]][0]) for _level, name, members in TEAMS}
    team_workshops = Session.objects.filter(kind="atelier", starts_at__isnull=False)
    assert team_workshops.count() == 28
    for workshop in team_workshops.select_related("trainer_team"):
        trainers = set(workshop.trainers.values_list("user", flat=True))
        members = set(workshop.trainer_team.members.values_list("user", flat=True))
        assert trainers == members, workshop
        [lead] = workshop.trainers.filter(role="lead").values_list("user__email", flat=True)
        assert lead == leads[workshop.trainer_team.name], workshop
        assert not workshop.participants.exists()  # the pupils are not users
    levels = set(Session.objects.filter(kind="atelier").values_list("level", flat=True))
    assert levels == {"Seconde", "Première", "Terminale"}


def test_demo_workshops_of_promotion_2_wait_for_its_training_to_end(demo):
    promotion_2 = Animateur.objects.filter(promotion__number=2).values_list("user", flat=True)
    firsts = SessionTrainer.objects.filter(
        user__in=promotion_2, session__kind="atelier", session__starts_at__isnull=False
    ).values_list("session__starts_at", flat=True)
    assert firsts
    assert min(local(moment).date() for moment in firsts) >= D(2022, 4, 25)


def test_demo_no_trainer_is_in_two_sessions_at_once(demo):
    rows = list(
        SessionTrainer.objects.filter(session__starts_at__isnull=False).values_list(
            "user", "session", "session__starts_at", "session__ends_at"
        )
    )
    for user, session, starts_at, ends_at in rows:
        for other_user, other, other_start, other_end in rows:
            if user == other_user and session != other:
                assert ends_at <= other_start or other_end <= starts_at, (session, other)


def test_demo_september_2022_workshops_are_planned_without_a_date(demo):
    planned = Session.objects.filter(planning_note__contains="septembre 2022")
    assert planned.count() == 9
    assert set(planned.values_list("planning_note", flat=True)) == {
        "en cours de planification pour le mois de septembre 2022"
    }
    assert set(planned.values_list("status", "school_year", "term", "kind")) == {
        ("planned", "2022-2023", 1, "atelier")
    }
    assert not planned.filter(starts_at__isnull=False).exists()
    # The two former animatrices are back for them.
    rejoining = SessionTrainer.objects.filter(
        session__in=planned, user__email__startswith="animatrice."
    ).values_list("user__full_name", flat=True)
    assert sorted(rejoining) == ["Isabelle Fournier", "Nathalie Roux"]


def test_demo_december_2022_training_week_runs_from_the_14th_9h_to_the_19th_17h(demo):
    session = Session.objects.get(kind="module")
    assert session.title == "Formation tronc commun, fil rouge"
    assert session.training_module.promotion.number == 3
    assert local(session.starts_at) == datetime.datetime(2022, 12, 14, 9, tzinfo=PARIS)
    assert local(session.ends_at) == datetime.datetime(2022, 12, 19, 17, tzinfo=PARIS)
    assert (session.school_year, session.term, session.status) == ("2022-2023", 1, "done")
    [lead] = session.trainers.filter(role="lead")
    assert lead.user.email == demo_email("saio")
    participants = session.participants.select_related("user")
    assert sorted(p.user.full_name for p in participants) == ["Isabelle Fournier", "Nathalie Roux"]
    assert {(p.origin, p.status, p.attendance) for p in participants} == {
        ("designated", "enrolled", "present")
    }


def test_demo_ant_sessions_match_the_training_project_and_the_request_s_state(demo):
    for ant in AntRequest.objects.filter(sessions__isnull=False).distinct():
        revision = ant.training_project.revisions.order_by("-number").first()
        sessions = ant.sessions.order_by("starts_at", "pk")
        assert sessions.count() == revision.session_count, ant
        accepted = TrainerAssignment.objects.get(request=ant, status="accepted").trainer
        team = set(ant.members.filter(status="confirmed").values_list("user", flat=True))
        for session in sessions:
            assert session.host_school == ant.host_school
            assert session.trainers.get(role="lead").user == accepted
            assert set(session.participants.values_list("user", flat=True)) == team
            if session.status == "done":
                assert session.hours == revision.hours_per_session
                assert set(session.participants.values_list("attendance", "hours_attended")) == {
                    ("present", Decimal("3.0"))
                }
        if ant.state == State.COMPLETED:
            assert not sessions.exclude(status="done").exists(), ant
        else:
            assert ant.state == State.IN_PROGRESS, ant
            assert sessions.first().starts_at is not None
            assert sessions.exclude(status="done").exists()  # cannot be completed yet
    states = set(AntRequest.objects.filter(sessions__isnull=False).values_list("state", flat=True))
    assert states == {State.COMPLETED, State.IN_PROGRESS}


def test_demo_validated_and_carried_over_requests_have_no_session(demo):
    assert AntRequest.objects.filter(priority=True).exists()
    assert not Session.objects.filter(ant_request__priority=True).exists()
    assert not Session.objects.filter(ant_request__state=State.VALIDATED).exists()


def test_demo_magistere_regroupement_is_a_session_of_its_parcours_session(demo):
    step = SessionStep.objects.get(kind="regroupement")
    session = Session.objects.get(kind="magistere")
    assert session.parcours_session == step.session
    assert local(session.starts_at).date() == step.date == D(2027, 1, 13)
    assert session.host_school.uai == "0751728W"
    assert set(session.trainers.values_list("user", flat=True)) == set(
        step.session.trainers.values_list("pk", flat=True)
    )
    assert session.participants.get().user.email == demo_email("enseignant.paris")
    assert session.status == "confirmed"


def test_demo_ambassadeurs_have_two_ateliers_of_the_2018_2019_cohort(demo):
    ateliers = Session.objects.filter(kind="ambassadeurs")
    assert {a.cohort.school_year for a in ateliers} == {"2018-2019"}
    assert {a.school_year for a in ateliers} == {"2018-2019"}
    assert set(ateliers.values_list("trainers__user__email", flat=True)) == {
        demo_email("maitre-formateur.paris")
    }
    assert all("Atelier pratique participatif" in a.title for a in ateliers)
    assert Participant.objects.filter(session__in=ateliers).count() == 2 * 58


def test_demo_a_formateur_trains_in_two_programmes(demo):
    trainer = demo_email("maitre-formateur.paris")
    programmes = Session.objects.filter(trainers__user__email=trainer).values_list(
        "programme__kind", flat=True
    )
    assert set(programmes) >= {"magistere", "ambassadeurs"}
    assert trainer in demo  # a login seed_demo prints


def test_demo_a_teacher_is_enrolled_in_an_upcoming_open_session(demo):
    [participant] = Participant.objects.filter(
        user__email=demo_email("enseignant.paris"), session__public="open"
    ).select_related("session")
    session = participant.session
    assert (session.capacity, session.status, participant.status) == (12, "confirmed", "enrolled")
    assert local(session.starts_at).year == 2027
    assert local(session.starts_at).weekday() < 5
    assert demo_email("enseignant.paris") in demo


def test_demo_creteil_has_an_upcoming_open_session_for_the_ant_teacher(demo):
    session = Session.objects.get(academie__code="24", public="open")
    assert session.capacity == 12
    assert local(session.starts_at).date() == D(2027, 3, 17)
    assert session.trainers.get().user.email == demo_email("formateur")
    assert not session.participants.filter(user__email=demo_email("enseignant")).exists()
    assert session.participants.count() < session.capacity


def test_demo_second_run_writes_no_row_and_no_history(demo):
    models = (Session, SessionTrainer, Participant)

    def snapshot():
        rows = {m.__name__: list(m.objects.order_by("pk").values()) for m in models}
        history = {m.__name__: m.history.count() for m in models}
        return rows, history

    before = snapshot()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert snapshot() == before
    assert out.getvalue() == demo  # the output is seed_demo's own, unchanged


def test_demo_puts_a_changed_session_back_in_place(demo):
    workshop = Session.objects.get(title="Atelier ambition-confiance\u00a0: Seconde 3, n°\u00a02")
    starts_at, lead = workshop.starts_at, workshop.trainers.get(role="lead").user
    Session.objects.filter(pk=workshop.pk).update(
        starts_at=starts_at + datetime.timedelta(days=1),
        ends_at=workshop.ends_at + datetime.timedelta(days=1),
        status="cancelled",
        cancel_reason="Grève",
    )
    workshop.trainers.all().delete()
    count = Session.objects.count()

    call_command("seed_demo", stdout=StringIO())

    workshop.refresh_from_db()
    assert Session.objects.count() == count
    assert (workshop.starts_at, workshop.status, workshop.cancel_reason) == (starts_at, "done", "")
    assert workshop.trainers.get(role="lead").user == lead
