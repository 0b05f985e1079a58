"""The training record in a browser (issue 10, point 5): a PE teacher opens their training
record from the menu and reads what is missing; the head of their école, then the IEN of its
circonscription, read the school's table with the teachers short of hours flagged, keep only
those, and open a teacher's record. Axe runs on every page, with a screenshot."""

from decimal import Decimal

import pytest

from accounts.models import Corps, Role
from programmes.record import current_school_year
from requests.models import State
from tests.factories import (
    AnimationHoursRuleFactory,
    CampaignFactory,
    CirconscriptionFactory,
    EtablissementFactory,
    ant_request,
    pe_teacher,
    put_in_state,
    user_with_role,
    with_training_project,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_teacher_reads_what_is_missing_and_head_and_ien_see_who_is_short(
    login_as, journey, academie
):
    year = current_school_year()
    ien = user_with_role(Role.IEN, academie=academie, full_name="Hélène Garnier", corps=Corps.IEN)
    circonscription = CirconscriptionFactory(
        academie=academie, departement="093", name="Bobigny", inspector=ien
    )
    ecole = EtablissementFactory(
        academie=academie,
        name="École élémentaire Jean-Jaurès",
        type="Ecole",
        departement="093",
        circonscription=circonscription,
    )
    AnimationHoursRuleFactory(academie=academie, departement="093", school_year=year)
    pe = pe_teacher(ecole, full_name="Élise Girard", email="elise.girard@ac-creteil.fr")
    colleague = user_with_role(
        Role.ENSEIGNANT, etablissement=ecole, full_name="Marc Lenoir", corps=Corps.CERTIFIE
    )
    head = user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=ecole, full_name="Sophie Lambert")
    campaign = CampaignFactory(academie=academie, school_year=year)
    ant = ant_request(
        campaign=campaign, coordinator=colleague, school=ecole, title="Lire et comprendre"
    )
    with_training_project(ant, author=colleague, sessions=4, hours=Decimal("3"))
    put_in_state(ant, State.COMPLETED)

    # The PE teacher opens their record from the menu and reads what is missing.
    teacher = login_as(pe)
    teacher.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mon parcours de formation"
    ).click()
    teacher.get_by_role("heading", name="Mon parcours de formation", level=1).wait_for()
    teacher.get_by_role("heading", name="Il manque 18\u00a0h, dont 9\u00a0h à distance").wait_for()
    journey.check("teacher-record", teacher)

    # The head reads the school's table: the PE is flagged, the certifié owes nothing.
    head_page = login_as(head)
    head_page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Formation des enseignants"
    ).click()
    table = head_page.locator("#record-table")
    table.wait_for()
    assert table.locator("tr.formations-short").count() == 1
    assert "Élise Girard" in table.locator("tr.formations-short").inner_text()
    assert "Pas d'obligation d'heures" in table.inner_text()
    journey.check("head-table", head_page)
    head_page.locator("summary", has_text="Filtrer").click()
    head_page.locator("label", has_text="Seulement ceux à qui il manque des heures").click()
    head_page.get_by_role("button", name="Filtrer").click()
    head_page.get_by_role("heading", name="1 enseignant").wait_for()
    journey.check("head-table-short-only", head_page)
    head_page.get_by_role("link", name="Élise Girard").click()
    head_page.get_by_role("heading", name="Parcours de formation de Élise Girard").wait_for()
    journey.check("head-teacher-record", head_page)

    # The IEN of the circonscription sees the same école.
    ien_page = login_as(ien)
    ien_page.goto("/programmes/formation/enseignants/")
    ien_page.locator("#record-table tr.formations-short", has_text="Élise Girard").wait_for()
    assert "Marc Lenoir" in ien_page.locator("#record-table").inner_text()
    journey.check("ien-table", ien_page)
