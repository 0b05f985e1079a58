"""The brigade's demo (issue 10, point 6): the seed's figures exactly (15 active animateurs and
two former animatrices rejoining, teams 5 / 2 / 2, promotion 2 done by 11 April 2022, the
December 2022 training), the preparation module, a pending request; a second run writes
nothing."""

import datetime

import pytest

from accounts.demo import demo_email, seed_demo
from accounts.uai import validate_uai
from programmes import brigade as services
from programmes.demo import brigade as demo
from programmes.demo import catalogue, magistere
from programmes.models import (
    Animateur,
    AnimateurStatus,
    Brigade,
    ModuleCompletion,
    ObservationRequest,
    ProgrammeMembership,
    Promotion,
    TrainerTeam,
    TrainingModule,
)
from tests.factories import AcademieFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MODELS = (
    Brigade,
    Promotion,
    TrainingModule,
    Animateur,
    AnimateurStatus,
    ModuleCompletion,
    TrainerTeam,
    ObservationRequest,
    ProgrammeMembership,
)


@pytest.fixture
def seeded():
    AcademieFactory(code="01", name="Paris")
    AcademieFactory(code="12", name="Nancy-Metz")
    AcademieFactory(code="24", name="Créteil")
    seed_demo(password="demo-password-1")
    catalogue.seed()
    magistere.seed()
    demo.seed()
    return Brigade.objects.get(programme__academie__code="12")


def test_demo_counts_15_active_and_2_former_rejoining_on_the_seed_s_day(seeded):
    on_article_day = services.status_counts(seeded, D(2022, 4, 11))
    assert on_article_day["actif"] == 15
    assert on_article_day["ancien"] == 2
    now = services.status_counts(seeded)
    assert (now["actif"], now["reintegre"]) == (15, 2)
    # The two former ones are animatrices, and they do come back.
    rejoining = Animateur.objects.filter(statuses__status="reintegre")
    assert sorted(a.user.full_name for a in rejoining) == ["Isabelle Fournier", "Nathalie Roux"]


def test_demo_teams_are_5_2_2(seeded):
    assert services.teams_per_level(seeded) == {"seconde": 5, "premiere": 2, "terminale": 2}


def test_demo_promotion_2_finished_its_two_modules_by_11_april_2022(seeded):
    promotion = Promotion.objects.get(brigade=seeded, number=2)
    assert promotion.modules.count() == 2
    people = Animateur.objects.filter(promotion=promotion)
    assert all(services.is_qualified(a, D(2022, 4, 11)) for a in people)
    assert seeded.created_on == D(2021, 9, 1)


def test_demo_has_the_december_2022_training(seeded):
    module = TrainingModule.objects.get(title="Formation tronc commun, fil rouge")
    assert (module.starts_on, module.ends_on) == (D(2022, 12, 14), D(2022, 12, 19))


def test_demo_animateurs_come_from_the_seed_s_towns_and_professions(seeded):
    towns = set(Animateur.objects.values_list("town", flat=True))
    assert towns == {
        "Pont-à-Mousson", "Thionville", "Metz", "Thaon-les-Vosges", "Épinal", "Nancy",
        "Bar-le-Duc", "Tomblaine",
    }  # fmt: skip
    assert set(Animateur.objects.values_list("profession", flat=True)) == set(
        Animateur.Profession.values
    )
    for animateur in Animateur.objects.exclude(home_school=None).select_related("home_school"):
        validate_uai(animateur.home_school.uai)
        assert animateur.home_school.commune == animateur.town
    assert (
        ProgrammeMembership.objects.filter(
            programme=seeded.programme, function="animateur", ended_on=None
        ).count()
        == 17
    )


def test_demo_preparation_module_and_pending_request(seeded):
    assert seeded.preparation_module.title == "Découvrir les ateliers ambition-confiance"
    assert seeded.preparation_module.kind == "module"
    request = ObservationRequest.objects.get(brigade=seeded)
    assert request.status == "pending"
    assert request.requester.email == demo_email("enseignant.metz")


def test_demo_second_run_writes_nothing(seeded):
    before = [(m.objects.count(), m.history.count()) for m in MODELS]
    demo.seed()
    assert [(m.objects.count(), m.history.count()) for m in MODELS] == before


def test_demo_animateurs_join_the_trainers_pool_and_existing_logins_keep_their_role(seeded):
    from accounts.models import RoleMembership

    [elise] = RoleMembership.objects.filter(user__email=demo_email("enseignant.nancy"))
    assert elise.role == "enseignant"
    [mathieu] = RoleMembership.objects.filter(user__email=demo_email("animateur.nancy"))
    assert (mathieu.role, mathieu.academie.code) == ("formateur", "12")
    others = RoleMembership.objects.filter(user__brigade_animateurs__brigade=seeded)
    assert others.filter(role="formateur").count() == 16
