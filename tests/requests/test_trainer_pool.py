"""The trainer pool (issue 9, point 9): the office creates and edits its académie's trainer
profiles (with their history), a trainer volunteers for catalogue themes from their own page;
anyone else, or the office of another académie, gets a 404."""

import pytest
from django.urls import reverse

from accounts.models import Role, RoleMembership
from requests import queries
from requests.models import TrainerProfile
from tests.factories import (
    ThemeFactory,
    TrainerProfileFactory,
    UserFactory,
)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def person(db):
    return UserFactory(full_name="Hélène Marchand", email="helene.marchand@ac-creteil.fr")


@pytest.fixture
def profile(trainer):
    return trainer.trainer_profile


def profile_data(**overrides):
    data = {
        "email": "helene.marchand@ac-creteil.fr",
        "home_uai": "",
        "disciplines": "Mathématiques, Physique-chimie ",
        "departement": "93",
        "max_load": "2",
        "availability": "Le mercredi après-midi",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def snapshot():
    return (
        list(TrainerProfile.objects.order_by("pk").values_list("pk", "max_load", "is_active")),
        RoleMembership.objects.count(),
    )


# The office creates and edits profiles -----------------------------------------------------
def test_office_creates_a_trainer_profile_with_the_trainer_role(
    client, dafor, person, academie, school, theme
):
    response = login(client, dafor).post(
        reverse("requests:trainer_create"),
        profile_data(home_uai=school.uai, themes=[theme.pk]),
    )
    assert response.status_code == 302
    profile = TrainerProfile.objects.get(user=person)
    assert (profile.academie, profile.home_school, profile.departement, profile.max_load) == (
        academie,
        school,
        "093",
        2,
    )
    assert profile.disciplines == "Mathématiques, Physique-chimie"
    assert list(profile.themes.all()) == [theme]
    assert RoleMembership.objects.filter(user=person, role=Role.FORMATEUR).exists()
    assert profile.history.get().history_user == dafor


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "inconnu@ac-creteil.fr"}, "email", "Aucun compte actif"),
        ({"email": ""}, "email", "Indiquez l'adresse électronique du formateur."),
        ({"departement": "AB"}, "departement", "Saisissez un numéro de département"),
        ({"departement": ""}, "departement", "Indiquez le département d'intervention."),
        ({"max_load": "0"}, "max_load", "au moins une ANT"),
        ({"max_load": "50"}, "max_load", "Vingt ANT au plus"),
        ({"home_uai": "0750654D"}, "home_uai", "Aucun établissement de l'académie"),
    ],
)
def test_bad_profile_is_refused_and_nothing_saved(client, dafor, person, overrides, field, message):
    before = snapshot()
    response = login(client, dafor).post(
        reverse("requests:trainer_create"), profile_data(**overrides)
    )
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert snapshot() == before


def test_theme_of_another_academie_is_refused(client, dafor, person, other_academie):
    from tests.factories import CampaignFactory

    foreign = ThemeFactory(campaign=CampaignFactory(academie=other_academie))
    response = login(client, dafor).post(
        reverse("requests:trainer_create"), profile_data(themes=[foreign.pk])
    )
    assert "themes" in response.context["form"].errors
    assert not TrainerProfile.objects.exists()


def test_a_second_profile_for_the_same_person_is_refused(client, dafor, trainer):
    response = login(client, dafor).post(
        reverse("requests:trainer_create"), profile_data(email=trainer.email)
    )
    assert "a déjà un profil de formateur" in response.context["form"].errors["email"][0]


def test_office_edits_and_deactivates_a_trainer(client, dafor, profile, under_review):
    url = reverse("requests:trainer_edit", args=[profile.pk])
    page = login(client, dafor).get(url)
    assert page.status_code == 200 and "email" not in page.context["form"].fields
    response = client.post(url, profile_data(email=None, is_active=None, max_load="4"))
    profile.refresh_from_db()
    assert response.status_code == 302
    assert (profile.max_load, profile.is_active) == (4, False)
    assert profile.history.count() == 2
    # An inactive trainer is no longer suggested.
    ant = queries.get_request_for(dafor, under_review.pk)
    assert profile.user not in [p.user for p in queries.suggest_trainers(ant)]
    assert "Historique du profil" in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["teacher", "head", "trainer", "other_academie_dafor"])
def test_trainer_pool_pages_are_404_for_others(client, request, who, profile):
    user = request.getfixturevalue(who)
    login(client, user)
    # The office of another académie has its own create page: it creates in its académie.
    if who != "other_academie_dafor":
        assert client.get(reverse("requests:trainer_create")).status_code == 404
    url = reverse("requests:trainer_edit", args=[profile.pk])
    assert client.get(url).status_code == 404
    before = snapshot()
    assert client.post(url, profile_data(email=None, max_load="9")).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("rows", [1, 6])
def test_trainer_list_with_edit_links_keeps_its_query_count(
    client, dafor, academie, rows, django_assert_num_queries
):
    for _ in range(rows):
        TrainerProfileFactory(academie=academie)
    login(client, dafor)
    with django_assert_num_queries(QUERIES_TRAINER_LIST):
        html = client.get(reverse("requests:trainers")).content.decode()
    assert html.count("/modifier/") == rows


QUERIES_TRAINER_LIST = 8


# The trainer volunteers --------------------------------------------------------------------
def test_trainer_volunteers_for_catalogue_themes(client, trainer, profile, campaign):
    first = ThemeFactory(campaign=campaign, title="Climat scolaire")
    second = ThemeFactory(campaign=campaign, title="Grand oral")
    response = login(client, trainer).post(
        reverse("requests:volunteer"),
        {"themes": [first.pk, second.pk], "availability": "Les jeudis"},
    )
    profile.refresh_from_db()
    assert response.status_code == 302
    assert set(profile.themes.all()) == {first, second}
    assert profile.availability == "Les jeudis"


def test_volunteering_for_another_academie_theme_is_refused(
    client, trainer, profile, other_academie
):
    from tests.factories import CampaignFactory

    foreign = ThemeFactory(campaign=CampaignFactory(academie=other_academie))
    response = login(client, trainer).post(
        reverse("requests:volunteer"), {"themes": [foreign.pk], "availability": ""}
    )
    assert response.status_code == 200
    assert "themes" in response.context["form"].errors
    assert not profile.themes.exists()


@pytest.mark.parametrize("who", ["teacher", "dafor", "head"])
def test_volunteer_page_is_404_without_a_trainer_profile(client, request, who):
    assert (
        login(client, request.getfixturevalue(who)).get(reverse("requests:volunteer")).status_code
        == 404
    )


def test_my_assignments_links_to_the_volunteer_page(client, trainer, profile):
    html = login(client, trainer).get(reverse("requests:my_assignments")).content.decode()
    assert reverse("requests:volunteer") in html
