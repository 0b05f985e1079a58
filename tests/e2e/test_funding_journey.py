"""An administrator keeps NOVA's financial plan, in headless Chromium with axe on every page
(issue 12): NOVA shows as incomplete (the seed gives only its total); a first line saved leaves
the plan unbalanced, flagged in the list and on the record, and its validation is refused; a
second line balances it to the cent and it is validated; the history shows the line's amount
before and after."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from funding.models import FundingLine, Operation
from tests.factories import AcademieFactory, OperationFactory, user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_administrator_balances_novas_plan_and_finds_the_change_in_the_history(login_as, journey):
    nancy_metz = AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")
    nova = OperationFactory(
        academie=nancy_metz, slug="nova", name="NOVA - Naviguer Oser Valoriser Agir",
        acronym="NOVA", acronym_expansion="Naviguer Oser Valoriser Agir",
        starts_on=datetime.date(2019, 7, 9), ends_on=datetime.date(2021, 12, 31),
        total_eligible_cost=Decimal("527500.00"),
    )  # fmt: skip
    admin = user_with_role(Role.ADMINISTRATEUR, academie=nancy_metz, full_name="Sophie Lambert")

    page = login_as(admin)
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Projets FSE/FEDER"
    ).click()
    row = page.locator("tr", has_text="NOVA")
    assert "incomplet" in row.inner_text().lower()
    journey.check("portfolio-incomplete", page)
    row.get_by_role("link", name="NOVA - Naviguer Oser Valoriser Agir").first.click()
    page.get_by_text("Plan incomplet").first.wait_for()
    journey.check("record-incomplete", page)

    # A first line: the plan no longer adds up to the total; it is saved as a draft, flagged.
    page.get_by_role(
        "link", name="Modifier l'opération, son plan, ses actions et son consortium"
    ).click()
    page.locator("#id_lignes-0-resource").select_option(label="Aide de l'Union européenne")
    page.locator("#id_lignes-0-label").fill("Aide FSE sollicitée")
    page.locator("#id_lignes-0-amount").fill("300000.00")
    journey.check("edit-first-line", page)
    page.get_by_role("button", name="Enregistrer").first.click()
    page.get_by_text("L'opération est enregistrée.").wait_for()
    page.get_by_text("Plan déséquilibré").first.wait_for()
    assert "il manque 227\u00a0500,00\u00a0€" in page.locator("main").inner_text()
    journey.check("record-unbalanced", page)
    page.get_by_role("button", name="Valider le plan de financement").click()
    page.locator(".fr-alert--error").first.wait_for()
    journey.check("validation-refused", page)
    assert Operation.objects.get(pk=nova.pk).plan_status == "draft"

    # The list flags it too.
    page.goto("/financements/operations/")
    assert "déséquilibré" in page.locator("tr", has_text="NOVA").inner_text().lower()

    # The second line balances the plan: it is validated.
    page.goto(f"/financements/operations/{nova.pk}/modifier/")
    page.locator("#id_lignes-0-amount").fill("316500.00")
    page.locator("#id_lignes-1-resource").select_option(label="Valorisation des postes Rectorat")
    page.locator("#id_lignes-1-amount").fill("211000.00")
    page.get_by_role("button", name="Enregistrer").first.click()
    page.get_by_text("Plan équilibré").first.wait_for()
    assert "60,00\u00a0%" in page.locator("main").inner_text()
    page.get_by_role("button", name="Valider le plan de financement").click()
    page.get_by_text("Le plan de financement est validé.").wait_for()
    journey.check("plan-validated", page)
    assert Operation.objects.get(pk=nova.pk).plan_status == "validated"
    assert sorted(FundingLine.objects.filter(operation=nova).values_list("amount", flat=True)) == [
        Decimal("211000.00"),
        Decimal("316500.00"),
    ]

    # The history: the EU line went from 300 000,00 € to 316 500,00 €, by Sophie Lambert.
    history = page.locator("#historique").locator("..").inner_text()
    assert "Sophie Lambert" in history
    assert "300\u00a0000,00\u00a0€" in history and "316\u00a0500,00\u00a0€" in history
    journey.check("history", page)
