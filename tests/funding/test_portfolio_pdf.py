"""An operation's project sheet as a PDF (issue 12, point 6), read back with pypdf."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from funding.models import Action, ActionObjective, ConsortiumMember, OperationObjective
from programmes.models import Partner
from tests.factories import OperationalProgrammeFactory, OperationFactory, user_with_role


def _url(operation):
    return f"/financements/operations/{operation.pk}/fiche.pdf"


def _text(response):
    reader = PdfReader(io.BytesIO(response.content))
    # The PDF's words may break at any space: compare without line ends.
    return " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")


@pytest.fixture
def numavenir_sheet(numavenir):
    OperationObjective.objects.create(
        operation=numavenir,
        order=1,
        kind="aim",
        text="Limiter à 9,5 % le taux de jeunes sans diplôme du secondaire",
    )
    action = Action.objects.create(
        operation=numavenir, number=1, title="Évolution des espaces et climat scolaire"
    )
    ActionObjective.objects.create(
        action=action, order=1, text="Sensibiliser à l'importance d'un climat scolaire de qualité"
    )
    ConsortiumMember.objects.create(
        operation=numavenir,
        partner=Partner.objects.create(name="GIP FTLV", kind="gip"),
        role="carrier",
        joined_on=datetime.date(2019, 5, 1),
    )
    return numavenir


def test_sheet_url_is_named(numavenir):
    assert reverse("funding:sheet_pdf", args=[numavenir.pk]) == _url(numavenir)


def test_sheet_has_the_facts_plan_objectives_actions_and_consortium(
    client, dafor_reader, numavenir_sheet
):
    client.force_login(dafor_reader)
    response = client.get(_url(numavenir_sheet))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="fiche-numavenir-ambition-21.pdf"' in response["Content-Disposition"]
    text = _text(response)
    for expected in [
        "Numavenir Ambition 21",
        "1 002 909,90 €",
        "601 409,90 €",
        "59,97 %",
        "Plan équilibré",
        "1.10.1.1",
        "du 1er mai 2019 au 31 décembre 2021",
        "9,5 %",
        "Évolution des espaces et climat scolaire",
        "Sensibiliser à l'importance d'un climat scolaire de qualité",
        "GIP FTLV",
        "Porteur",
        "Projet cofinancé par le Fonds social européen (FSE)",
    ]:
        assert expected in text.replace("\u00a0", " "), expected


def test_sheet_of_a_feder_operation_names_the_feder(client, dafor_reader, planete):
    client.force_login(dafor_reader)
    text = _text(client.get(_url(planete))).replace("\u00a0", " ")
    assert "Projet cofinancé par le Fonds européen de développement régional (FEDER)" in text
    assert "Plan déséquilibré" in text
    assert "Au-dessus du plafond" in text


def test_sheet_of_an_fse_plus_operation_says_cofinanced_by_the_eu(client, dafor_reader, nancy_metz):
    programme = OperationalProgrammeFactory(name="PN FSE+ 2021-2027", period="2021-2027")
    operation = OperationFactory(
        academie=nancy_metz, fund="fse_plus", operational_programme=programme
    )
    client.force_login(dafor_reader)
    text = _text(client.get(_url(operation))).replace("\u00a0", " ")
    assert "Cofinancé par l'Union européenne" in text
    assert "Fonds social européen" not in text


def test_sheet_of_another_academie_is_404(client, other_academie_administrator, numavenir):
    client.force_login(other_academie_administrator)
    assert client.get(_url(numavenir)).status_code == 404


@pytest.mark.parametrize("role", [Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT])
def test_sheet_other_roles_get_404(client, nancy_metz, numavenir, role):
    client.force_login(user_with_role(role, academie=nancy_metz))
    assert client.get(_url(numavenir)).status_code == 404


def test_sheet_anonymous_is_sent_to_login(client, numavenir):
    assert client.get(_url(numavenir)).status_code == 302
