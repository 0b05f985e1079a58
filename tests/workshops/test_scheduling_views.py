"""The scheduling pages: « Programmer une séance », « Modifier », « Annuler la séance », the
session page's managers' part, « Séances que j'anime »; each role's rights."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from tests.factories import (
    AcademieFactory,
    BrigadeFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
    SessionTrainerFactory,
    TrainerTeamFactory,
    animateur,
    paris_time,
    programme_staff,
    user_with_role,
)
from workshops.models import Session


@pytest.fixture(autouse=True)
def _host_school(lycee_metz):
    """The forms below name Lycée Georges de La Tour (0570030Y) as the host school."""


def create_url(programme, **params):
    query = "&".join(
        f"{key}={value}" for key, value in {"programme": programme.slug, **params}.items()
    )
    return f"{reverse('workshops:create')}?{query}"


def post_data(trainers, **overrides):
    data = {
        "title": "Atelier ambition-confiance — première",
        "level": "Première",
        "day": "2027-01-14",
        "start_time": "14:00",
        "end_time": "17:00",
        "host_school_uai": "0570030Y",
        "room": "C3",
        "public": "designated",
        "capacity": "24",
        "status": "confirmed",
        "trainers": [t.pk for t in trainers],
    }
    data.update(overrides)
    return data


# Who may open « Programmer une séance » -----------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("saio", 200),
        ("trainer", 200),
        ("other_academie_saio", 404),
        ("other_academie_trainer", 404),
        ("teacher", 404),
        ("head", 404),
        ("anonymous", 302),
    ],
)
def test_create_page_rights_per_role(
    client, brigade_programme, lycee_metz, saio, trainer, who, status
):
    paris = AcademieFactory(code="01", name="Paris")
    users = {
        "saio": saio,
        "trainer": trainer,
        "other_academie_saio": programme_staff(ProgrammeFactory(academie=paris), Role.SAIO),
        "other_academie_trainer": user_with_role(Role.FORMATEUR, academie=paris),
        "teacher": user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz),
        "head": user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=lycee_metz),
        "anonymous": None,
    }
    if users[who] is not None:
        client.force_login(users[who])
    response = client.get(create_url(brigade_programme))
    assert response.status_code == status
    if status == 200:
        assert "Programmer une séance" in response.content.decode()


def test_create_posts_the_session_and_shows_it(
    client, brigade_programme, lycee_metz, saio, trainer
):
    client.force_login(saio)
    response = client.post(create_url(brigade_programme), post_data([trainer]))
    session = Session.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("workshops:detail", args=[session.pk])
    assert session.host_school == lycee_metz
    assert session.starts_at == paris_time(2027, 1, 14, 14)
    assert session.ends_at == paris_time(2027, 1, 14, 17)
    assert session.trainers.get().user == trainer
    page = client.get(response.url).content.decode()
    assert "jeudi 14 janvier 2027, de 14h00 à 17h00" in page
    assert "La séance «\u00a0Atelier ambition-confiance — première\u00a0» est programmée." in page


def test_create_posted_twice_saves_once(client, brigade_programme, saio, trainer):
    client.force_login(saio)
    form = client.get(create_url(brigade_programme)).context["form"]
    data = post_data([trainer], submission_token=form["submission_token"].value())
    first = client.post(create_url(brigade_programme), data)
    second = client.post(create_url(brigade_programme), data)
    assert Session.objects.count() == 1
    assert second.url == first.url


def test_create_on_a_weekend_asks_to_confirm_then_saves(client, brigade_programme, saio, trainer):
    client.force_login(saio)
    data = post_data([trainer], day="2027-01-16")
    response = client.post(create_url(brigade_programme), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "La séance a lieu un jour de week-end\u00a0: samedi 16 janvier 2027." in page
    assert "Programmer malgré tout" in page
    assert not Session.objects.exists()
    response = client.post(create_url(brigade_programme), {**data, "confirm": "on"})
    assert response.status_code == 302
    assert Session.objects.get().starts_at == paris_time(2027, 1, 16, 14)


def test_create_with_a_clash_shows_it_and_saves_nothing(client, workshop, saio, trainer):
    client.force_login(saio)
    data = post_data([trainer], day="2027-01-12", start_time="11:00", end_time="13:00")
    response = client.post(create_url(workshop.programme), data)
    assert response.status_code == 200
    assert "Claire Vautrin anime déjà la séance" in response.content.decode()
    assert list(Session.objects.all()) == [workshop]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_time": "13:00"}, "end_time", "La fin de la séance doit suivre son début."),
        ({"start_time": ""}, "start_time", "Indiquez l'heure de début."),
        ({"day": "32/13/2027"}, "day", "Saisissez une date valide."),
        ({"end_day": "2027-01-13"}, "end_day", "Le dernier jour précède le premier."),
        ({"host_school_uai": "0750654D"}, "host_school_uai", "Aucun établissement de l'académie"),
        ({"title": ""}, "title", "Indiquez l'intitulé de la séance."),
        ({"capacity": "0"}, "capacity", "Une séance a au moins une place."),
        (
            {"day": "", "start_time": "", "end_time": ""},
            "status",
            "Une séance confirmée a une date et des horaires.",
        ),
    ],
)
def test_create_with_bad_input_shows_a_french_message_and_saves_nothing(
    client, brigade_programme, lycee_metz, saio, trainer, overrides, field, message
):
    client.force_login(saio)
    response = client.post(create_url(brigade_programme), post_data([trainer], **overrides))
    assert response.status_code == 200
    assert any(error.startswith(message) for error in response.context["form"].errors[field])
    assert not Session.objects.exists()


def test_a_multi_day_session_takes_its_first_and_last_days(
    client, brigade_programme, saio, trainer
):
    client.force_login(saio)
    data = post_data(
        [trainer], day="2027-01-12", end_day="2027-01-14", start_time="09:00", end_time="17:00"
    )
    assert client.post(create_url(brigade_programme), data).status_code == 302
    session = Session.objects.get()
    assert (session.starts_at, session.ends_at) == (
        paris_time(2027, 1, 12, 9),
        paris_time(2027, 1, 14, 17),
    )


def test_an_undated_planned_session_is_saved_with_its_term(
    client, brigade_programme, saio, trainer
):
    client.force_login(saio)
    data = post_data(
        [trainer],
        day="",
        start_time="",
        end_time="",
        status="planned",
        school_year="2026-2027",
        term="2",
        planning_note="dès le deuxième trimestre",
    )
    assert client.post(create_url(brigade_programme), data).status_code == 302
    session = Session.objects.get()
    assert (session.starts_at, session.term, session.status) == (None, 2, "planned")


def test_a_trainer_who_is_not_staff_cannot_schedule_for_someone_else(
    client, brigade_programme, trainer, co_trainer
):
    client.force_login(trainer)
    response = client.post(create_url(brigade_programme), post_data([co_trainer]))
    assert response.status_code == 200
    assert "que vous animez vous-même" in response.content.decode()
    assert not Session.objects.exists()


# Prefilled from a team, and links of another programme ----------------------------------------
def test_create_from_a_team_prefills_it_and_schedules_the_team(client, brigade_programme, saio):
    brigade = BrigadeFactory(programme=brigade_programme)
    team = TrainerTeamFactory(brigade=brigade, name="Équipe seconde 1", level="seconde")
    team.members.set([animateur(brigade, user__full_name="Bruno Adam").pk])
    client.force_login(saio)
    url = create_url(brigade_programme, team=team.pk)
    form = client.get(url).context["form"]
    assert form.initial["title"] == "Atelier ambition-confiance — Équipe seconde 1"
    assert form.initial["trainer_team"] == team.pk
    response = client.post(url, post_data([], trainer_team=team.pk))
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.trainer_team, session.kind) == (team, "atelier")
    assert session.trainers.get().user.full_name == "Bruno Adam"


def test_create_from_a_team_of_another_academie_is_404(client, brigade_programme, saio):
    foreign = TrainerTeamFactory(brigade=BrigadeFactory(programme=ProgrammeFactory()))
    client.force_login(saio)
    assert client.get(create_url(brigade_programme, team=foreign.pk)).status_code == 404


def test_create_for_an_unknown_programme_is_404(client, saio):
    client.force_login(saio)
    assert client.get(f"{reverse('workshops:create')}?programme=inconnu").status_code == 404
    assert client.get(reverse("workshops:create")).status_code == 404


# Edit and cancel ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("trainer", 200),
        ("saio", 200),
        ("co_trainer", 404),
        ("participant", 404),
        ("anonymous", 302),
    ],
)
def test_edit_and_cancel_pages_rights_per_role(
    client, workshop, trainer, saio, co_trainer, who, status
):
    users = {
        "trainer": trainer,
        "saio": saio,
        "co_trainer": co_trainer,  # a trainer of the académie, not of this session
        "participant": ParticipantFactory(session=workshop).user,
        "anonymous": None,
    }
    if users[who] is not None:
        client.force_login(users[who])
    for name in ("workshops:edit", "workshops:cancel"):
        assert client.get(reverse(name, args=[workshop.pk])).status_code == status


def test_another_academies_staff_get_404_on_edit_and_cancel_posts(client, workshop):
    outsider = programme_staff(
        ProgrammeFactory(academie=AcademieFactory(code="01", name="Paris")), Role.SAIO
    )
    client.force_login(outsider)
    assert (
        client.post(reverse("workshops:cancel", args=[workshop.pk]), {"reason": "x"}).status_code
        == 404
    )
    assert (
        client.post(reverse("workshops:edit", args=[workshop.pk]), {"room": "Z"}).status_code == 404
    )
    workshop.refresh_from_db()
    assert (workshop.status, workshop.room) == ("confirmed", "B12")


def test_edit_prefills_and_changes_the_time_telling_people(
    client, workshop, trainer, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    url = reverse("workshops:edit", args=[workshop.pk])
    form = client.get(url).context["form"]
    assert form.initial["host_school_uai"] == "0570030Y"
    assert str(form.initial["start_time"]) == "09:00:00"
    data = post_data([trainer], title=workshop.title, day="2027-01-12", start_time="14:00")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.starts_at == paris_time(2027, 1, 12, 14)
    assert workshop.sequence == 1
    assert Message.objects.filter(kind="workshops_session_changed", recipient=trainer).exists()


def test_cancel_needs_a_reason_then_cancels(client, workshop, trainer):
    client.force_login(trainer)
    url = reverse("workshops:cancel", args=[workshop.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Indiquez le motif de l'annulation."]
    workshop.refresh_from_db()
    assert workshop.status == "confirmed"
    response = client.post(url, {"reason": "Intempéries"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.status, workshop.cancel_reason) == ("cancelled", "Intempéries")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "La séance est annulée\u00a0; les personnes concernées sont prévenues."
    ]
    # Cancelled: no more edit or cancel.
    assert client.get(reverse("workshops:edit", args=[workshop.pk])).status_code == 302
    assert client.post(url, {"reason": "Encore"}).status_code == 302
    assert Message.objects.filter(kind="workshops_session_cancelled").count() == 1


# The session page -------------------------------------------------------------------------------
@pytest.mark.usefixtures("school_calendar")
def test_session_page_shows_managers_the_actions_warnings_and_history(
    client, brigade_programme, lycee_metz, saio, trainer
):
    session = SessionFactory(
        programme=brigade_programme,
        host_school=lycee_metz,
        starts_at=paris_time(2022, 12, 14, 9),
        ends_at=paris_time(2022, 12, 19, 17),
        title="Tronc commun — semaine de formation",
    )
    SessionTrainerFactory(session=session, user=trainer)
    client.force_login(saio)
    client.post(
        reverse("workshops:edit", args=[session.pk]),
        post_data(
            [trainer],
            title=session.title,
            day="2022-12-14",
            end_day="2022-12-19",
            start_time="09:00",
            end_time="17:00",
            room="Amphi",
            confirm="on",
        ),
    )
    page = client.get(reverse("workshops:detail", args=[session.pk])).content.decode()
    assert "La séance a lieu pendant les vacances de Noël (zone B)" in page
    assert "samedi 17 décembre 2022 et dimanche 18 décembre 2022" in page
    assert reverse("workshops:edit", args=[session.pk]) in page
    assert "Historique de la séance" in page
    [change] = [line for line in page.splitlines() if "par Lucie Antoine" in line]
    assert "modification" in change and "salle" in change and "début" not in change


def test_session_page_hides_the_managers_part_from_a_participant(client, workshop):
    participant = ParticipantFactory(session=workshop).user
    client.force_login(participant)
    page = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert reverse("workshops:edit", args=[workshop.pk]) not in page
    assert "Historique de la séance" not in page


# « Séances que j'anime » -------------------------------------------------------------------------
def test_my_sessions_lists_upcoming_then_past(client, brigade_programme, trainer):
    past = SessionFactory(programme=brigade_programme, starts_at=paris_time(2026, 1, 12, 9))
    later = SessionFactory(programme=brigade_programme, starts_at=paris_time(2027, 3, 2, 9))
    sooner = SessionFactory(programme=brigade_programme, starts_at=paris_time(2027, 1, 12, 9))
    undated = SessionFactory(programme=brigade_programme, planned_undated=True)
    for session in (past, later, sooner, undated):
        SessionTrainerFactory(session=session, user=trainer, role="co")
    SessionFactory(programme=brigade_programme)  # not theirs
    client.force_login(trainer)
    response = client.get(reverse("workshops:mine"))
    assert [row.session for row in response.context["rows"]] == [sooner, later, undated, past]


@pytest.mark.parametrize("count", [1, 5])
def test_my_sessions_takes_a_constant_number_of_queries(
    client, brigade_programme, trainer, count, django_assert_num_queries
):
    for day in range(count):
        session = SessionFactory(
            programme=brigade_programme, starts_at=paris_time(2027, 2, day + 1, 9)
        )
        SessionTrainerFactory(session=session, user=trainer)
    client.force_login(trainer)
    with django_assert_num_queries(7):
        response = client.get(reverse("workshops:mine"))
    assert len(response.context["rows"]) == count
    # One « Programmer une séance » button per programme she may schedule in.
    assert "?programme=" + brigade_programme.slug in response.content.decode()


def test_my_sessions_needs_a_login(client):
    response = client.get(reverse("workshops:mine"))
    assert response.status_code == 302


# Prefilled from the record the session belongs to ---------------------------------------------
def test_create_from_a_validated_ant_prefills_it_and_starts_the_ant(
    client, academie, school, teacher
):
    from decimal import Decimal

    from requests.models import State, TrainerAssignment
    from tests.factories import AntRequestFactory, CampaignFactory, with_training_project

    programme = ProgrammeFactory(academie=academie, kind="ant", slug="ant-creteil")
    office = programme_staff(programme, Role.DAFOR, full_name="Patricia Bourgeois")
    ant_trainer = user_with_role(Role.FORMATEUR, academie=academie, full_name="Sophie Lemaire")
    ant = AntRequestFactory(
        campaign=CampaignFactory(academie=academie),
        coordinator=teacher,
        coordinating_school=school,
        validated=True,
    )
    TrainerAssignment.objects.create(
        request=ant, trainer=ant_trainer, status="accepted", assigned_by=office
    )
    with_training_project(ant, author=office, hours=Decimal("3"))
    client.force_login(office)
    url = f"{reverse('workshops:create')}?ant={ant.pk}"
    form = client.get(url).context["form"]
    assert form.initial["title"] == ant.title
    assert form.initial["host_school_uai"] == school.uai
    data = post_data([ant_trainer], title=ant.title, host_school_uai=school.uai, room="")
    response = client.post(url, data)
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.ant_request, session.kind, session.programme) == (ant, "ant", programme)
    ant.refresh_from_db()
    assert ant.state == State.IN_PROGRESS


def test_create_from_an_ant_of_another_academie_is_404(client, brigade_programme, saio):
    from tests.factories import AntRequestFactory

    foreign = AntRequestFactory()
    client.force_login(saio)
    assert client.get(f"{reverse('workshops:create')}?ant={foreign.pk}").status_code == 404
    assert client.get(f"{reverse('workshops:create')}?ant=abc").status_code == 404


def test_create_from_a_module_prefills_its_title_and_kind(client, brigade_programme, saio, trainer):
    from tests.factories import PromotionFactory, TrainingModuleFactory

    module = TrainingModuleFactory(
        promotion=PromotionFactory(brigade=BrigadeFactory(programme=brigade_programme)),
        title="Tronc commun",
    )
    client.force_login(saio)
    url = create_url(brigade_programme, module=module.pk)
    assert client.get(url).context["form"].initial["title"] == "Tronc commun"
    assert client.post(url, post_data([trainer], title="Tronc commun")).status_code == 302
    session = Session.objects.get()
    assert (session.training_module, session.kind) == (module, "module")


def test_create_from_a_cohort_and_a_parcours_session_sets_the_kind(client, nancy_metz):
    from tests.factories import CohortFactory, ConventionFactory, ParcoursSessionFactory

    ambassadeurs = ProgrammeFactory(academie=nancy_metz, kind="ambassadeurs")
    ProgrammeFactory(academie=nancy_metz, kind="magistere")
    cohort = CohortFactory(convention=ConventionFactory(programme=ambassadeurs))
    parcours_session = ParcoursSessionFactory(academie=nancy_metz, parcours__title="Calcul mental")
    person = user_with_role(Role.FORMATEUR, academie=nancy_metz)
    client.force_login(person)
    url = f"{reverse('workshops:create')}?cohort={cohort.pk}"
    assert client.get(url).context["form"].initial["title"] == (
        "Atelier pratique participatif — cohorte 2018-2019"
    )
    assert client.post(url, post_data([person], title="Atelier 1")).status_code == 302
    url = f"{reverse('workshops:create')}?parcours_session={parcours_session.pk}"
    assert client.get(url).context["form"].initial["title"] == (
        "Journée en présence — Calcul mental"
    )
    data = post_data([person], title="Journée 1", day="2027-01-19")
    assert client.post(url, data).status_code == 302
    kinds = dict(Session.objects.values_list("title", "kind"))
    assert kinds == {"Atelier 1": "ambassadeurs", "Journée 1": "magistere"}
    programmes = set(Session.objects.values_list("programme__kind", flat=True))
    assert programmes == {"ambassadeurs", "magistere"}
