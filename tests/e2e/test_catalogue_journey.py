"""The programme catalogue in a browser (issue 10, point 1): a visitor who is not logged in
finds the catalogue from the header, opens a programme and its video link; the programme's
staff member edits it (a wrong date first: nothing is saved) and reads who changed what.
Axe runs on every page, with a screenshot (tests/e2e/conftest.py)."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import (
    AcademieFactory,
    ProgrammeContactFactory,
    ProgrammeFactory,
    ProgrammeResourceFactory,
    programme_staff,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_reads_the_catalogue_and_staff_edit_a_programme(page, journey, login_as):
    nancy_metz = AcademieFactory(code="12", name="Nancy-Metz")
    cat_programme = ProgrammeFactory(
        academie=nancy_metz,
        slug="ambition-confiance-nancy-metz",
        title="Ateliers ambition-confiance",
        period="Depuis septembre 2021",
        service_mailbox="ce.saio@ac-nancy-metz.fr",
    )
    ProgrammeContactFactory(
        programme=cat_programme,
        name="Lucie Antoine",
        function="Chargée de mission",
        email="lucie.antoine@ac-nancy-metz.fr",
    )
    ProgrammeResourceFactory(
        programme=cat_programme,
        title="Les ateliers en vidéo",
        kind="video",
        url="https://www.youtube.com/watch?v=NMgf1st2qmE",
    )
    page.goto("/connexion/")
    page.locator(".fr-header__tools-links").get_by_role(
        "link", name="Programmes de formation"
    ).click()
    expect(page.get_by_role("heading", name="Académie de Nancy-Metz")).to_be_visible()
    journey.check("catalogue")
    page.get_by_role("link", name="Ateliers ambition-confiance").click()
    expect(page.get_by_role("link", name="ce.saio@ac-nancy-metz.fr").first).to_be_visible()
    video = page.get_by_role("link", name="Les ateliers en vidéo")
    expect(video).to_have_attribute("href", "https://www.youtube.com/watch?v=NMgf1st2qmE")
    journey.check("programme")

    staff = login_as(programme_staff(cat_programme, Role.SAIO, full_name="Lucie Antoine"))
    staff.goto(f"/programmes/{cat_programme.slug}/")
    staff.get_by_role("link", name="Gérer le programme").click()
    journey.check("manage", staff)
    staff.get_by_role(
        "link", name="Modifier la présentation, les contacts et les ressources"
    ).click()
    staff.get_by_label("Début").fill("2022-09-01")
    staff.get_by_label("Fin", exact=True).fill("2021-09-01")
    staff.get_by_role("button", name="Enregistrer le programme").click()
    expect(staff.get_by_text("Rien n'a été enregistré")).to_be_visible()
    journey.check("edit-error", staff)
    staff.get_by_label("Début").fill("2021-09-01")
    staff.get_by_label("Fin", exact=True).fill("")
    staff.get_by_label("Période").fill("Depuis septembre 2021, dans toute l'académie")
    staff.get_by_role("button", name="Enregistrer le programme").click()
    expect(staff.get_by_text("Le programme est enregistré.")).to_be_visible()
    expect(staff.get_by_text("par Lucie Antoine").first).to_be_visible()
    journey.check("history", staff)
