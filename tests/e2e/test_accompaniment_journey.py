"""An Ambassadeur du numérique in a browser (issue 10, point 3): the ambassador asks for
in-class accompaniment; the programme's staff assign an accompanist; the accompanist records
the visit and its report; the ambassador reads it. The staff's convention, cohort and
ambassadors pages on the way. Screenshots and axe at every page."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from programmes.models import AccompanimentRequest, Commitment, Partner, ProgrammeMembership
from tests.factories import (
    AcademieFactory,
    CohortFactory,
    ConventionFactory,
    ProgrammeFactory,
    ProgrammeMembershipFactory,
    ambassador,
    programme_staff,
    user_with_role,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    paris = AcademieFactory(code="01", name="Paris", region_academique="Île-de-France")
    programme = ProgrammeFactory(
        academie=paris, kind="ambassadeurs", slug="ambassadeurs-paris", title="Ambassadeurs"
    )
    convention = ConventionFactory(programme=programme)
    mgen = Partner.objects.create(name="MGEN", kind="mutuelle")
    convention.partners.add(mgen)
    commitment = Commitment.objects.create(
        convention=convention, order=1, label="Équipement individuel des Ambassadeurs"
    )
    commitment.carriers.add(mgen)
    cohort = CohortFactory(convention=convention)
    staff = programme_staff(programme, Role.DAFOR, full_name="Claire Vannier")
    accompanist = user_with_role(Role.FORMATEUR, academie=paris, full_name="Hélène Marchand")
    ProgrammeMembershipFactory(programme=programme, user=accompanist, function="accompagnateur")
    ProgrammeMembership.objects.update(started_on=datetime.date(2018, 9, 1))
    thomas = ambassador(cohort, user__full_name="Thomas Moreau")
    return {"staff": staff, "accompanist": accompanist, "thomas": thomas, "cohort": cohort}


def test_ambassador_asks_staff_assign_accompanist_reports(login_as, journey, world):
    start = timezone.localdate() + datetime.timedelta(days=7)

    # The ambassador asks for accompaniment from their page.
    thomas = login_as(world["thomas"].user)
    thomas.get_by_role("link", name="Mon parcours d'Ambassadeur du numérique").click()
    thomas.get_by_role("heading", name="Mon parcours d'Ambassadeur du numérique").wait_for()
    journey.check("ambassador-page", thomas)
    thomas.get_by_role("link", name="Demander un accompagnement").click()
    # DSFR draws the radio on its label: click the label, as a person does.
    thomas.get_by_text("Co-intervenir auprès des élèves lors de premières séances").click()
    thomas.get_by_text("Hors temps scolaire", exact=True).click()
    thomas.get_by_label("Disponible à partir du").fill(start.isoformat())
    thomas.get_by_label("Jusqu'au").fill((start + datetime.timedelta(days=14)).isoformat())
    thomas.get_by_label("Précisions (facultatif)").fill("Première séance avec les robots.")
    journey.check("ambassador-request-form", thomas)
    thomas.get_by_role("button", name="Envoyer la demande").click()
    thomas.get_by_text("Votre demande est envoyée").wait_for()
    journey.check("ambassador-request-sent", thomas)
    request_url = thomas.url

    # The staff see the convention, the cohort and the list, then assign an accompanist.
    staff = login_as(world["staff"])
    staff.get_by_role("link", name="Convention et engagements").click()
    staff.get_by_role("heading", name="Engagements des partenaires").wait_for()
    journey.check("staff-convention", staff)
    staff.get_by_role("link", name="Ambassadeurs 2018-2019").click()
    journey.check("staff-cohort", staff)
    staff.get_by_role("link", name="Voir la liste").click()
    journey.check("staff-list", staff)
    staff.get_by_role("link", name="Thomas Moreau").click()
    journey.check("staff-ambassador", staff)
    staff.get_by_role("link", name="Demandes d'accompagnement", exact=True).first.click()
    staff.get_by_role("heading", name="Demandes d'accompagnement").wait_for()
    journey.check("staff-queue", staff)
    staff.get_by_role("link", name="Thomas Moreau").click()
    staff.get_by_label("Accompagnateur ou accompagnatrice").select_option(label="Hélène Marchand")
    journey.check("staff-request", staff)
    staff.get_by_role("button", name="Désigner").click()
    staff.get_by_text("Hélène Marchand accompagnera Thomas Moreau").wait_for()
    journey.check("staff-assigned", staff)

    # The accompanist records the visit.
    accompanist = login_as(world["accompanist"])
    accompanist.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes accompagnements"
    ).click()
    journey.check("accompanist-list", accompanist)
    accompanist.get_by_role("link", name="Thomas Moreau").click()
    accompanist.get_by_label("Date de la visite").fill(timezone.localdate().isoformat())
    accompanist.get_by_label("Durée en minutes").fill("90")
    accompanist.get_by_label("Compte rendu").fill(
        "Séance co-animée : les élèves ont programmé le robot en binômes."
    )
    journey.check("accompanist-visit-form", accompanist)
    accompanist.get_by_role("button", name="Enregistrer la visite").click()
    accompanist.get_by_text("La visite et son compte rendu sont enregistrés.").wait_for()
    journey.check("accompanist-visit-recorded", accompanist)

    # The ambassador reads the report.
    thomas.goto(request_url)
    thomas.get_by_role("heading", name="Compte rendu de la visite").wait_for()
    assert "robot en binômes" in thomas.get_by_test_id("report").inner_text()
    journey.check("ambassador-report", thomas)

    # The ambassador records what they did in the e-portfolio and exports it.
    thomas.get_by_role("link", name="Mon parcours d'Ambassadeur").first.click()
    thomas.get_by_role("link", name="Ajouter une entrée").click()
    thomas.locator("#id_on").fill(timezone.localdate().isoformat())
    thomas.get_by_label("Titre").fill("Programmer un robot en binômes")
    thomas.get_by_label("Ce que vous avez fait").fill("Deux séances de programmation.")
    thomas.get_by_text("La collaboration à distance").click()
    journey.check("ambassador-portfolio-form", thomas)
    thomas.get_by_role("button", name="Ajouter au portfolio").click()
    thomas.get_by_text("est ajouté à votre portfolio").wait_for()
    journey.check("ambassador-portfolio", thomas)
    with thomas.expect_download() as download:
        thomas.get_by_role("link", name="Exporter en PDF").click()
    assert download.value.suggested_filename == "portfolio-thomas-moreau.pdf"

    # The staff record equipment received and open the convention's form.
    staff.goto(f"/programmes/ambassadeurs/ambassadeurs-paris/liste/{world['thomas'].pk}/")
    staff.get_by_role("link", name="Enregistrer un équipement reçu").click()
    staff.get_by_label("Nature").select_option(label="Équipement individuel")
    staff.get_by_label("Matériel").fill("Ordinateur portable")
    staff.get_by_label("Fourni par").select_option(label="MGEN")
    staff.get_by_label("Reçu le").fill(timezone.localdate().isoformat())
    journey.check("staff-equipment-form", staff)
    staff.get_by_role("button", name="Enregistrer l'équipement").click()
    staff.get_by_text("L'équipement «\u00a0Ordinateur portable\u00a0» est enregistré.").wait_for()
    staff.get_by_role("link", name="Convention", exact=True).click()
    staff.get_by_role("link", name="Modifier la convention ou déposer le PDF signé").click()
    journey.check("staff-convention-form", staff)

    accompaniment = AccompanimentRequest.objects.get()
    assert accompaniment.status == AccompanimentRequest.Status.REALISEE
    assert accompaniment.accompanist == world["accompanist"]
    assert accompaniment.visit_minutes == 90
