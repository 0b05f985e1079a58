"""The staff of the Ambassadeurs du numérique in a browser (issue 10, point 3): a new cohort
and its disciplines, a teacher added as ambassador, a signatory and a commitment of the
convention, the list exported. Screenshots and axe at every page."""

import datetime

import pytest

from accounts.models import Role, Statut
from programmes.models import Ambassador, CohortDiscipline, Partner, ProgrammeMembership
from tests.factories import (
    AcademieFactory,
    CohortFactory,
    ConventionFactory,
    EtablissementFactory,
    ProgrammeFactory,
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
    ville = Partner.objects.create(name="Ville de Paris", kind="collectivite")
    convention.partners.add(mgen, ville)
    CohortFactory(convention=convention)
    staff = programme_staff(programme, Role.DAFOR, full_name="Claire Vannier")
    ProgrammeMembership.objects.update(started_on=datetime.date(2018, 9, 1))
    school = EtablissementFactory(academie=paris, name="Collège Jean-Baptiste Say")
    teacher = user_with_role(
        Role.ENSEIGNANT, etablissement=school, full_name="Louise Garnier", statut="titulaire"
    )
    return {"staff": staff, "teacher": teacher, "school": school, "convention": convention}


def test_staff_create_a_cohort_add_an_ambassador_and_complete_the_convention(
    login_as, journey, world
):
    staff = login_as(world["staff"])
    convention = world["convention"]
    staff.goto(f"/programmes/ambassadeurs/ambassadeurs-paris/conventions/{convention.pk}/")

    # A signatory and a commitment of the convention.
    staff.get_by_role("link", name="Ajouter un signataire").click()
    staff.get_by_label("Nom").fill("Anne Hidalgo")
    staff.get_by_label("Fonction").fill("Maire de Paris")
    staff.get_by_label("Signe pour").select_option(label="Ville de Paris")
    journey.check("staff-signatory-form", staff)
    staff.get_by_role("button", name="Enregistrer le signataire").click()
    staff.get_by_text("Anne Hidalgo figure parmi les signataires de la convention.").wait_for()
    staff.get_by_role("link", name="Ajouter un engagement").click()
    staff.get_by_label("Engagement").fill("Équiper les classes des Ambassadeurs")
    staff.get_by_text("Ville de Paris", exact=True).click()
    journey.check("staff-commitment-form", staff)
    staff.get_by_role("button", name="Enregistrer l'engagement").click()
    staff.get_by_text("Historique des signataires").wait_for()
    journey.check("staff-convention-completed", staff)
    staff.get_by_role("link", name="Retirer — Anne Hidalgo").click()
    journey.check("staff-signatory-remove", staff)
    staff.get_by_role("button", name="Retirer").click()
    staff.get_by_text("Anne Hidalgo n'est plus signataire de la convention.").wait_for()

    # Next year's cohort, with its disciplines.
    staff.get_by_role("link", name="Créer une promotion").click()
    staff.get_by_label("Année scolaire").fill("2019-2020")
    staff.get_by_label("Effectif annoncé, premier degré").fill("48")
    staff.get_by_label("Effectif annoncé, second degré").fill("10")
    staff.get_by_label("Disciplines du second degré").fill("Espagnol\nMathématiques")
    journey.check("staff-cohort-form", staff)
    staff.get_by_role("button", name="Enregistrer la promotion").click()
    staff.get_by_role("heading", name="Ambassadeurs 2019-2020").wait_for()
    journey.check("staff-new-cohort", staff)

    # A teacher of the académie becomes an ambassador of it.
    staff.get_by_role("link", name="Ajouter un Ambassadeur").click()
    staff.get_by_label("Adresse électronique académique de l'enseignant").fill(
        world["teacher"].email
    )
    staff.get_by_text("Second degré", exact=True).click()
    staff.get_by_label("Discipline (second degré)").select_option(label="Espagnol")
    staff.get_by_label("UAI de l'école ou de l'établissement").fill(world["school"].uai)
    staff.get_by_label("Classe (niveau, facultatif)").fill("4e B")
    journey.check("staff-ambassador-form", staff)
    staff.get_by_role("button", name="Ajouter l'Ambassadeur").click()
    staff.get_by_text("Louise Garnier rejoint la promotion 2019-2020").wait_for()
    journey.check("staff-cohort-with-ambassador", staff)

    record = Ambassador.objects.get(user=world["teacher"])
    assert (record.cohort.school_year, record.discipline) == ("2019-2020", "Espagnol")
    record.user.refresh_from_db()
    assert record.user.statut == Statut.STAGIAIRE
    assert CohortDiscipline.objects.filter(cohort=record.cohort).count() == 2
