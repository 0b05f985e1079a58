"""Observing an ambition-confiance workshop in a browser (issue 10, point 2): a teacher of the
académie asks the SAIO to observe; the SAIO, from the brigade's pages, accepts with a day and
the workshop's school; the teacher sees the day and the preparation module to follow before
it. Axe runs on every page, with a screenshot."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import Role
from programmes.models import ObservationRequest
from tests.factories import (
    AcademieFactory,
    BrigadeFactory,
    EtablissementFactory,
    ParcoursFactory,
    ProgrammeContactFactory,
    ProgrammeFactory,
    PromotionFactory,
    TrainerTeamFactory,
    TrainingModuleFactory,
    UserFactory,
    animateur,
    programme_staff,
    user_with_role,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_professional_asks_saio_accepts_observer_sees_day_and_module(login_as, journey):
    nancy_metz = AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")
    programme = ProgrammeFactory(
        academie=nancy_metz, kind="ambition_confiance", slug="ambition-confiance-nancy-metz",
        title="Ateliers ambition-confiance", service_mailbox="ce.saio@ac-nancy-metz.fr",
    )  # fmt: skip
    ProgrammeContactFactory(
        programme=programme, name="Lucie Antoine", function="Chargée de mission",
        email="lucie.antoine@ac-nancy-metz.fr",
    )  # fmt: skip
    module = ParcoursFactory(
        local=True, academie=nancy_metz, kind="module",
        title="Découvrir les ateliers ambition-confiance",
    )  # fmt: skip
    brigade = BrigadeFactory(programme=programme, preparation_module=module)
    school = EtablissementFactory(
        academie=nancy_metz, uai="0570054Z", name="Lycée Fabert", commune="Metz",
        departement="057",
    )  # fmt: skip
    promotion = PromotionFactory(brigade=brigade, number=1, school_year="2021-2022")
    TrainingModuleFactory(promotion=promotion, order=1, title="Tronc commun")
    team = TrainerTeamFactory(brigade=brigade, level="seconde", name="Seconde 1")
    team.members.add(
        animateur(brigade, town="Metz", home_school=school, promotion=promotion,
                  user=UserFactory(full_name="Olivier Schmitt"))
    )  # fmt: skip
    saio = programme_staff(programme, Role.SAIO, full_name="Lucie Antoine")
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=school, full_name="Élise Girard")
    day = timezone.localdate() + datetime.timedelta(days=30)

    # The teacher asks from her dashboard.
    observer = login_as(teacher)
    observer.get_by_role("link", name="Demander à observer un atelier").click()
    observer.get_by_role("heading", name="Observer un atelier ambition-confiance").wait_for()
    observer.get_by_label("Pourquoi souhaitez-vous observer un atelier").fill(
        "Découvrir la philosophie des ateliers avant d'en proposer un à mes élèves de seconde."
    )
    observer.get_by_label("Période souhaitée").fill("Le troisième trimestre, un mercredi")
    journey.check("observer-form", observer)
    observer.get_by_role("button", name="Envoyer ma demande").click()
    observer.get_by_text("Votre demande est transmise au SAIO").wait_for()
    journey.check("observer-sent", observer)
    observation = ObservationRequest.objects.get(requester=teacher)
    assert observation.status == "pending"

    # The SAIO opens the brigade from the menu, then the requests, and accepts.
    office = login_as(saio)
    office.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Brigade ambition-confiance"
    ).click()
    office.get_by_role(
        "heading", name="Brigade ambition-confiance — académie de Nancy-Metz"
    ).wait_for()
    journey.check("saio-overview", office)
    office.get_by_role("link", name="Demandes d'observation").first.click()
    office.get_by_role("heading", name="Élise Girard").wait_for()
    journey.check("saio-queue", office)
    office.get_by_label("Journée d'observation").fill(day.isoformat())
    office.get_by_label("UAI de l'établissement de l'atelier").fill("0570054Z")
    office.get_by_role("button", name="Accepter").click()
    office.get_by_text("Demande d'observation acceptée pour Élise Girard").wait_for()
    journey.check("saio-accepted", office)
    observation.refresh_from_db()
    assert (observation.status, observation.observation_day) == ("accepted", day)

    # The observer sees the day, the school and the module to follow before it.
    observer.reload()
    in_words = date_format(day, "j F Y")
    module_line = observer.get_by_test_id("preparation-module")
    module_line.wait_for()
    assert "Découvrir les ateliers ambition-confiance" in module_line.inner_text()
    assert f"à suivre avant le {in_words}" in module_line.inner_text()
    assert "Lycée Fabert (Metz)" in observer.get_by_test_id("my-observation").inner_text()
    journey.check("observer-accepted", observer)


def test_saio_walks_the_brigade_pages_and_records_a_module(login_as, journey):
    """The staff's other pages, each checked by axe: animateurs, an animateur, promotions (a
    module recorded as done), teams and a team's form."""
    nancy_metz = AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")
    programme = ProgrammeFactory(
        academie=nancy_metz, kind="ambition_confiance", slug="ambition-confiance-nancy-metz"
    )
    brigade = BrigadeFactory(programme=programme)
    promotion = PromotionFactory(brigade=brigade, number=2, school_year="2021-2022")
    module = TrainingModuleFactory(
        promotion=promotion, order=1, title="Tronc commun",
        starts_on=datetime.date(2022, 1, 17), ends_on=datetime.date(2022, 1, 21),
    )  # fmt: skip
    person = animateur(
        brigade, promotion=promotion, town="Tomblaine",
        user=UserFactory(full_name="Nicolas Guillaume"),
    )  # fmt: skip
    TrainerTeamFactory(brigade=brigade, level="premiere", name="Première 1").members.add(person)
    saio = programme_staff(programme, Role.SAIO, full_name="Lucie Antoine")

    office = login_as(saio)
    office.goto("/programmes/ambition-confiance-nancy-metz/brigade/animateurs/")
    journey.check("animateurs", office)
    office.get_by_role("link", name="Nicolas Guillaume").click()
    office.get_by_role("heading", name="Historique des statuts").wait_for()
    journey.check("animateur", office)
    office.get_by_role("link", name="Promotions et modules").first.click()
    office.get_by_label("Animateur ou animatrice").select_option(label="Nicolas Guillaume")
    office.locator(f"#id_p{promotion.pk}-module").select_option(label="Tronc commun")
    office.get_by_label("Terminé le").fill("2022-01-21")
    office.get_by_role("button", name="Enregistrer le module terminé").click()
    office.get_by_text("terminé le 21 janvier 2022").wait_for()
    journey.check("promotions", office)
    assert module.completions.get().animateur == person
    office.get_by_role("link", name="Équipes").first.click()
    journey.check("teams", office)
    office.get_by_role("link", name="Première 1", exact=True).click()
    journey.check("team-form", office)
