"""The brigade's pages: who may open them (the programme's staff; for the observation page, the
professionals of the académie; everyone else a 404 and no change), what they show, and every
form's bad input answered on the form with nothing saved."""

import datetime
import html

import pytest
from django.urls import reverse

from programmes.models import (
    Animateur,
    AnimateurStatus,
    ModuleCompletion,
    ObservationRequest,
    TrainerTeam,
)
from tests.factories import (
    ObservationRequestFactory,
    ProgrammeContactFactory,
    PromotionFactory,
    TrainerTeamFactory,
    TrainingModuleFactory,
    animateur,
)

D = datetime.date
SLUG = "brigade-nancy-metz"


def text(response):
    """The page's text as a reader sees it (entities and escaped apostrophes decoded)."""
    return html.unescape(response.content.decode())


def url(name, *args):
    return reverse(f"programmes:{name}", args=[SLUG, *args])


@pytest.fixture
def world(brig):
    """The brigade with one animateur of a promotion, a team and a pending request."""
    brig.promotion = PromotionFactory(brigade=brig.brigade, number=1, school_year="2021-2022")
    brig.tronc = TrainingModuleFactory(
        promotion=brig.promotion, order=1, title="Tronc commun", starts_on=D(2021, 10, 4),
        ends_on=D(2021, 10, 8),
    )  # fmt: skip
    brig.animateur = animateur(brig.brigade, promotion=brig.promotion, town="Metz")
    brig.team = TrainerTeamFactory(brigade=brig.brigade, level="seconde", name="Seconde 1")
    brig.observation = ObservationRequestFactory(brigade=brig.brigade, requester=brig.teacher)
    return brig


def staff_pages(w):
    return [
        url("brigade_overview"),
        url("brigade_animateurs"),
        url("brigade_animateur_create"),
        url("brigade_animateur", w.animateur.pk),
        url("brigade_promotions"),
        url("brigade_teams"),
        url("brigade_team_create"),
        url("brigade_team_edit", w.team.pk),
        url("brigade_observations"),
    ]


OUTSIDERS = ["teacher", "other_teacher", "other_staff", "magistere_staff", "dafor"]


# Permissions -----------------------------------------------------------------------------------
def test_staff_pages_open_for_the_programme_staff(client, world):
    client.force_login(world.staff)
    for page in staff_pages(world):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("who", OUTSIDERS)
def test_staff_pages_are_404_for_anyone_else(client, world, who):
    client.force_login(getattr(world, who))
    for page in staff_pages(world):
        assert client.get(page).status_code == 404, page


def test_staff_pages_send_anonymous_users_to_log_in(client, world):
    response = client.get(url("brigade_overview"))
    assert response.status_code == 302
    assert "/connexion/" in response["Location"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_staff_actions_are_404_for_anyone_else_and_change_nothing(client, world, who):
    client.force_login(getattr(world, who))
    posts = [
        (url("brigade_observation_accept", world.observation.pk),
         {f"o{world.observation.pk}-day": "2027-03-04",
          f"o{world.observation.pk}-school": world.school.uai}),
        (url("brigade_observation_decline", world.observation.pk),
         {f"o{world.observation.pk}-reason": "Non."}),
        (url("brigade_animateur", world.animateur.pk), {"status": "ancien", "on": "2026-01-05"}),
        (url("brigade_completion_create", world.promotion.pk),
         {f"p{world.promotion.pk}-animateur": world.animateur.pk,
          f"p{world.promotion.pk}-module": world.tronc.pk,
          f"p{world.promotion.pk}-completed_on": "2021-10-08"}),
        (url("brigade_team_create"), {"level": "premiere", "name": "Première 1"}),
        (url("brigade_settings"), {"max_observers_per_workshop": "9"}),
    ]  # fmt: skip
    for page, data in posts:
        assert client.post(page, data).status_code == 404, page
    world.observation.refresh_from_db()
    world.brigade.refresh_from_db()
    assert world.observation.status == "pending"
    assert world.brigade.max_observers_per_workshop == 3
    assert world.animateur.statuses.count() == 1
    assert not ModuleCompletion.objects.exists()
    assert TrainerTeam.objects.count() == 1


def test_another_academies_staff_gets_404_for_an_observation_of_this_brigade(client, world):
    """Paris's staff, on their own brigade's URL, cannot decide Nancy-Metz's request."""
    client.force_login(world.other_staff)
    page = reverse(
        "programmes:brigade_observation_decline", args=["brigade-paris", world.observation.pk]
    )
    assert client.post(page, {f"o{world.observation.pk}-reason": "Non."}).status_code == 404
    world.observation.refresh_from_db()
    assert world.observation.status == "pending"


def test_observe_page_opens_for_any_professional_of_the_academie(client, world):
    for who in (world.teacher, world.colleague, world.dafor, world.staff):
        client.force_login(who)
        assert client.get(url("brigade_observe")).status_code == 200


@pytest.mark.parametrize("who", ["other_teacher", "other_staff"])
def test_observe_page_is_404_outside_the_academie(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(url("brigade_observe")).status_code == 404
    response = client.post(url("brigade_observe"), {"reason": "x", "preferred_period": "y"})
    assert response.status_code == 404
    assert ObservationRequest.objects.count() == 1


def test_observe_home_goes_straight_to_the_academies_brigade(client, world):
    client.force_login(world.teacher)
    response = client.get(reverse("programmes:brigade_observe_home"))
    assert response.status_code == 302
    assert response["Location"] == url("brigade_observe")


def test_observe_home_says_when_the_academie_has_no_brigade(client, world):
    client.force_login(world.other_teacher)
    response = client.get(reverse("programmes:brigade_observe_home"))
    assert "n'a pas encore de brigade" in text(response)


# The observation flow through the pages --------------------------------------------------------
def test_professional_asks_to_observe(client, brig, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(brig.colleague)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("brigade_observe"),
            {"reason": "Proposer un atelier dans mon lycée.", "preferred_period": "Mars",
             "preferred_from": "2027-03-01", "preferred_until": "2027-03-31"},
            follow=True,
        )  # fmt: skip
    observation = ObservationRequest.objects.get(requester=brig.colleague)
    assert (observation.preferred_from, observation.status) == (D(2027, 3, 1), "pending")
    assert "Votre demande est transmise au SAIO" in text(response)
    assert [m.to for m in mailoutbox] == [[brig.staff.email]]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"reason": "", "preferred_period": "Mars"}, "reason", "pourquoi vous souhaitez"),
        ({"reason": "x", "preferred_period": ""}, "preferred_period", "la période"),
        ({"reason": "x", "preferred_period": "M", "preferred_from": "2026-11-01"},
         "preferred_from", "déjà passée"),
        ({"reason": "x", "preferred_period": "M", "preferred_from": "2027-03-10",
          "preferred_until": "2027-03-01"}, "preferred_until", "précède son début"),
        ({"reason": "x", "preferred_period": "M", "preferred_from": "31/02/2027"},
         "preferred_from", "date valide"),
    ],
)  # fmt: skip
def test_observation_request_bad_input_is_answered_on_the_form(client, brig, data, field, message):
    client.force_login(brig.teacher)
    response = client.post(url("brigade_observe"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ObservationRequest.objects.exists()


def test_observer_sees_own_requests_only(client, world):
    ObservationRequestFactory(brigade=world.brigade, requester=world.colleague, reason="Autre")
    client.force_login(world.teacher)
    response = client.get(url("brigade_observe"))
    assert [o.requester for o in response.context["observations"]] == [world.teacher]


def test_observer_sees_day_and_preparation_module_once_accepted(client, world):
    world.observation.status = "accepted"
    world.observation.observation_day = D(2027, 3, 4)
    world.observation.observation_school = world.school
    world.observation.save()
    client.force_login(world.teacher)
    page = text(client.get(url("brigade_observe")))
    assert "jeudi 4 mars 2027, Lycée Fabert (Metz)" in page
    assert "Découvrir les ateliers ambition-confiance" in page
    assert "à suivre avant le 4 mars 2027" in page


def test_observe_page_shows_the_programme_contacts(client, world):
    ProgrammeContactFactory(
        programme=world.programme, name="Lucie Antoine", function="Chargée de mission",
        email="lucie.antoine@ac-nancy-metz.fr",
    )  # fmt: skip
    client.force_login(world.teacher)
    page = text(client.get(url("brigade_observe")))
    assert "lucie.antoine@ac-nancy-metz.fr" in page
    assert "ce.saio@ac-nancy-metz.fr" in page


def test_staff_accepts_from_the_queue(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.staff)
    prefix = f"o{world.observation.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("brigade_observation_accept", world.observation.pk),
            {f"{prefix}-day": "2027-03-04", f"{prefix}-school": world.school.uai.lower()},
            follow=True,
        )
    world.observation.refresh_from_db()
    assert world.observation.status == "accepted"
    assert world.observation.decided_by == world.staff
    assert "Demande d'observation acceptée pour Élise Girard" in text(response)
    assert [m.to for m in mailoutbox] == [[world.teacher.email]]


def test_staff_accept_over_the_limit_is_refused_on_the_form(client, world):
    world.brigade.max_observers_per_workshop = 1
    world.brigade.save()
    ObservationRequestFactory(
        brigade=world.brigade, status="accepted", observation_day=D(2027, 3, 4),
        observation_school=world.school,
    )  # fmt: skip
    client.force_login(world.staff)
    prefix = f"o{world.observation.pk}"
    response = client.post(
        url("brigade_observation_accept", world.observation.pk),
        {f"{prefix}-day": "2027-03-04", f"{prefix}-school": world.school.uai},
    )
    assert response.status_code == 200
    assert "le maximum" in text(response)
    world.observation.refresh_from_db()
    assert world.observation.status == "pending"


@pytest.mark.parametrize(
    "day, uai, message",
    [
        ("", "0570054Z", "Indiquez la journée"),
        ("2026-11-01", "0570054Z", "ne peut pas être passée"),
        ("2027-03-04", "", "Indiquez l'UAI"),
        ("2027-03-04", "0750654D", "Aucun établissement de l'académie"),
    ],
)
def test_staff_accept_bad_input_is_answered_on_the_form(client, world, day, uai, message):
    client.force_login(world.staff)
    prefix = f"o{world.observation.pk}"
    response = client.post(
        url("brigade_observation_accept", world.observation.pk),
        {f"{prefix}-day": day, f"{prefix}-school": uai},
    )
    assert response.status_code == 200
    assert message in text(response)
    world.observation.refresh_from_db()
    assert world.observation.status == "pending"


def test_staff_decline_without_reason_is_refused_then_with_one_is_done(client, world):
    client.force_login(world.staff)
    prefix = f"o{world.observation.pk}"
    page = url("brigade_observation_decline", world.observation.pk)
    response = client.post(page, {f"{prefix}-reason": "   "})
    assert "Indiquez le motif du refus" in text(response)
    world.observation.refresh_from_db()
    assert world.observation.status == "pending"
    client.post(page, {f"{prefix}-reason": "Aucun atelier ce trimestre."})
    world.observation.refresh_from_db()
    assert (world.observation.status, world.observation.decline_reason) == (
        "declined", "Aucun atelier ce trimestre."
    )  # fmt: skip


# Animateurs ------------------------------------------------------------------------------------
def test_animateur_list_filters_by_status_profession_and_qualification(client, world):
    ModuleCompletion.objects.create(
        animateur=world.animateur, module=world.tronc, completed_on=D(2021, 10, 8)
    )
    animateur(world.brigade, status="ancien", profession="psy_en", promotion=world.promotion)
    client.force_login(world.staff)

    def names(**query):
        response = client.get(url("brigade_animateurs"), query)
        return [a.pk for a in response.context["page"].object_list]

    assert len(names()) == 2
    assert names(status="actif") == [world.animateur.pk]
    assert names(profession="cpe") == [world.animateur.pk]
    assert names(qualified="1") == [world.animateur.pk]
    assert len(names(qualified="0")) == 1


def test_animateur_detail_shows_status_history_and_modules(client, world):
    AnimateurStatus.objects.create(animateur=world.animateur, status="ancien", on=D(2024, 7, 1))
    client.force_login(world.staff)
    page = text(client.get(url("brigade_animateur", world.animateur.pk)))
    assert "1 septembre 2021" in page and "1 juillet 2024" in page
    assert "Sortie de la brigade" in page
    assert "Tronc commun" in page and "pas encore terminé" in page


def test_status_form_records_a_change(client, world):
    client.force_login(world.staff)
    client.post(
        url("brigade_animateur", world.animateur.pk),
        {"status": "ancien", "on": "2026-07-01", "note": "Mutation"},
    )
    assert world.animateur.statuses.filter(status="ancien", note="Mutation").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status": "", "on": "2026-07-01"}, "Choisissez le statut"),
        ({"status": "ancien", "on": ""}, "Indiquez la date du changement"),
        ({"status": "reintegre", "on": "2026-07-01"}, "sortie de la brigade"),
        ({"status": "ancien", "on": "2021-09-01"}, "déjà enregistré à cette date"),
    ],
)
def test_status_form_bad_input_is_answered_on_the_form(client, world, data, message):
    client.force_login(world.staff)
    response = client.post(url("brigade_animateur", world.animateur.pk), data)
    assert response.status_code == 200
    assert message in text(response)
    assert world.animateur.statuses.count() == 1


def test_animateur_create_adds_a_person_in_training(client, world):
    client.force_login(world.staff)
    response = client.post(
        url("brigade_animateur_create"),
        {"email": world.colleague.email.upper(), "profession": "documentaliste",
         "town": "Thionville", "home_uai": "0572027u", "promotion": world.promotion.pk,
         "since": "2026-11-30"},
    )  # fmt: skip
    added = Animateur.objects.get(user=world.colleague)
    assert response["Location"] == url("brigade_animateur", added.pk)
    assert (added.home_school, added.promotion) == (world.other_school, world.promotion)
    assert added.statuses.get().status == "en_formation"


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"email": "personne@ac-test.fr"}, "email", "Aucun compte actif"),
        ({"email": "ANIMATEUR"}, "email", "pas valide"),
        ({"home_uai": "0750654D"}, "home_uai", "Aucun établissement de l'académie"),
        ({"town": ""}, "town", "Indiquez la commune"),
        ({"profession": ""}, "profession", "Choisissez la profession"),
    ],
)
def test_animateur_create_bad_input_is_answered_on_the_form(client, world, change, field, message):
    client.force_login(world.staff)
    data = {"email": world.colleague.email, "profession": "cpe", "town": "Thionville",
            "home_uai": "", "promotion": "", "since": "2026-11-30", **change}  # fmt: skip
    response = client.post(url("brigade_animateur_create"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Animateur.objects.filter(user=world.colleague).exists()


def test_animateur_create_refuses_someone_already_in_the_brigade(client, world):
    client.force_login(world.staff)
    data = {"email": world.animateur.user.email, "profession": "cpe", "town": "Metz",
            "since": "2026-11-30"}  # fmt: skip
    response = client.post(url("brigade_animateur_create"), data)
    assert "fait déjà partie de la brigade" in text(response)
    assert Animateur.objects.count() == 1


# Promotions and module completion --------------------------------------------------------------
def test_completion_form_records_a_module(client, world):
    client.force_login(world.staff)
    p = f"p{world.promotion.pk}"
    client.post(
        url("brigade_completion_create", world.promotion.pk),
        {f"{p}-animateur": world.animateur.pk, f"{p}-module": world.tronc.pk,
         f"{p}-completed_on": "2021-10-08"},
    )  # fmt: skip
    assert ModuleCompletion.objects.get().completed_on == D(2021, 10, 8)
    page = text(client.get(url("brigade_promotions")))
    assert "terminé le 8 octobre 2021" in page


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("completed_on", "", "Indiquez la date de fin"),
        ("completed_on", "2021-10-01", "avant d'avoir commencé"),
        ("completed_on", "2027-01-01", "dans le futur"),
        ("module", "999999", "pas un module de la promotion"),
        ("animateur", "999999", "n'appartient pas à la promotion"),
    ],
)
def test_completion_form_bad_input_is_answered_on_the_form(client, world, field, value, message):
    client.force_login(world.staff)
    p = f"p{world.promotion.pk}"
    data = {f"{p}-animateur": world.animateur.pk, f"{p}-module": world.tronc.pk,
            f"{p}-completed_on": "2021-10-08", f"{p}-{field}": value}  # fmt: skip
    response = client.post(url("brigade_completion_create", world.promotion.pk), data)
    assert response.status_code == 200
    assert message in text(response)
    assert not ModuleCompletion.objects.exists()


def test_completion_of_another_brigades_promotion_is_404(client, world):
    other = PromotionFactory(brigade=world.other_brigade)
    client.force_login(world.staff)
    response = client.post(url("brigade_completion_create", other.pk), {})
    assert response.status_code == 404


# Teams -----------------------------------------------------------------------------------------
def test_team_create_with_members_and_counts_per_level(client, world):
    client.force_login(world.staff)
    client.post(
        url("brigade_team_create"),
        {"level": "premiere", "name": "Première 1", "members": [world.animateur.pk]},
    )
    team = TrainerTeam.objects.get(name="Première 1")
    assert list(team.members.all()) == [world.animateur]
    page = text(client.get(url("brigade_teams")))
    assert "Niveau Première\u00a0: 1 équipe" in page
    assert "Niveau Seconde\u00a0: 1 équipe" in page


def test_team_edit_changes_members_and_shows_history(client, world):
    client.force_login(world.staff)
    page = url("brigade_team_edit", world.team.pk)
    client.post(page, {"level": "seconde", "name": "Seconde 1", "members": [world.animateur.pk]})
    assert list(world.team.members.all()) == [world.animateur]
    assert "Historique de l'équipe" in text(client.get(page))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"level": "", "name": "X"}, "Choisissez le niveau"),
        ({"level": "seconde", "name": ""}, "Donnez un nom"),
        ({"level": "seconde", "name": "seconde 1"}, "porte déjà ce nom"),
        ({"level": "seconde", "name": "X", "members": ["999999"]}, "Sélectionnez un choix valide"),
    ],
)
def test_team_form_bad_input_is_answered_on_the_form(client, world, data, message):
    client.force_login(world.staff)
    response = client.post(url("brigade_team_create"), data)
    assert response.status_code == 200
    assert message in text(response)
    assert TrainerTeam.objects.count() == 1


def test_team_of_another_brigade_is_404(client, world):
    other = TrainerTeamFactory(brigade=world.other_brigade)
    client.force_login(world.staff)
    assert client.get(url("brigade_team_edit", other.pk)).status_code == 404


# Overview and settings -------------------------------------------------------------------------
def test_overview_counts_teams_statuses_and_qualified(client, world):
    ModuleCompletion.objects.create(
        animateur=world.animateur, module=world.tronc, completed_on=D(2021, 10, 8)
    )
    TrainerTeamFactory.create_batch(4, brigade=world.brigade, level="seconde")
    client.force_login(world.staff)
    response = client.get(url("brigade_overview"))
    page = text(response)
    assert "5 équipes pour le niveau seconde" in page
    assert response.context["qualified"] == [world.animateur]
    assert "1 demande en attente" in page


def test_settings_form_saves_and_refuses_zero(client, world):
    client.force_login(world.staff)
    response = client.post(url("brigade_settings"), {"max_observers_per_workshop": "0"})
    assert "au moins un observateur" in text(response)
    world.brigade.refresh_from_db()
    assert world.brigade.max_observers_per_workshop == 3
    client.post(
        url("brigade_settings"),
        {"max_observers_per_workshop": "4", "preparation_module": world.module.pk},
    )
    world.brigade.refresh_from_db()
    assert world.brigade.max_observers_per_workshop == 4


# Sent once, dashboard and menu -----------------------------------------------------------------
def test_observation_request_posted_twice_is_saved_once(client, brig):
    client.force_login(brig.teacher)
    data = {"reason": "Découvrir", "preferred_period": "Mars",
            "submission_token": "5b3f1c2e-8a47-4c1e-9f55-0d6a7b9e2c11"}  # fmt: skip
    client.post(url("brigade_observe"), data)
    response = client.post(url("brigade_observe"), data, follow=True)
    assert ObservationRequest.objects.count() == 1
    assert "déjà été envoyé" in text(response)


def test_status_form_posted_twice_is_saved_once(client, world):
    client.force_login(world.staff)
    data = {"status": "ancien", "on": "2026-07-01",
            "submission_token": "0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f"}  # fmt: skip
    client.post(url("brigade_animateur", world.animateur.pk), data)
    client.post(url("brigade_animateur", world.animateur.pk), data)
    assert world.animateur.statuses.count() == 2


def test_saio_dashboard_shows_pending_requests(client, world):
    client.force_login(world.staff)
    page = text(client.get(reverse("home")))
    assert "1 demande en attente" in page
    assert url("brigade_observations") in page


def test_teacher_dashboard_shows_own_request(client, world):
    client.force_login(world.teacher)
    page = text(client.get(reverse("home")))
    assert "Demande du 30 novembre 2026" in page
    assert "En attente" in page


def test_saio_menu_entry_leads_to_the_brigade_or_the_observation_page(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("programmes:brigade_home"))["Location"] == url("brigade_overview")
    client.force_login(world.dafor)
    response = client.get(reverse("programmes:brigade_home"))
    assert response["Location"] == reverse("programmes:brigade_observe_home")
