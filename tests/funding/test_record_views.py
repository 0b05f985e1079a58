"""The operation's record page (issue 12, points 1, 2, 6): who sees it and who edits it, what
it shows of the plan, and its constant number of queries."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from funding.models import Operation
from tests.factories import (
    ActionFactory,
    ActionObjectiveFactory,
    ConsortiumMemberFactory,
    DeliverableFactory,
    FundingLineFactory,
    FundingPartnerFactory,
    OperationFactory,
    user_with_role,
)


def page(response):
    return html.unescape(response.content.decode())


def detail_url(operation):
    return reverse("funding:detail", args=[operation.pk])


# --- rights -----------------------------------------------------------------------------------
def test_detail_shows_the_record_to_an_administrator_with_its_edit_link(
    client, administrator, numavenir
):
    client.force_login(administrator)

    response = client.get(detail_url(numavenir))

    assert response.status_code == 200
    assert reverse("funding:edit", args=[numavenir.pk]) in page(response)
    assert "Valider le plan de financement" in page(response)


@pytest.mark.parametrize("role", [Role.DAFOR, Role.SAIO, Role.IEN])
def test_detail_is_read_only_for_the_academies_other_staff(client, nancy_metz, numavenir, role):
    client.force_login(user_with_role(role, academie=nancy_metz))

    response = client.get(detail_url(numavenir))

    assert response.status_code == 200
    assert reverse("funding:edit", args=[numavenir.pk]) not in page(response)
    assert "Valider le plan de financement" not in page(response)


@pytest.mark.parametrize(
    "name, method",
    [
        ("funding:edit", "get"),
        ("funding:edit", "post"),
        ("funding:validate_plan", "post"),
        ("funding:reopen_plan", "post"),
    ],
)
def test_editing_is_404_for_a_reader(client, dafor_reader, numavenir, name, method):
    client.force_login(dafor_reader)

    response = getattr(client, method)(reverse(name, args=[numavenir.pk]))

    assert response.status_code == 404
    numavenir.refresh_from_db()
    assert numavenir.plan_status == "draft"


def test_create_is_404_for_a_reader(client, dafor_reader):
    client.force_login(dafor_reader)

    assert client.get(reverse("funding:create")).status_code == 404


@pytest.mark.parametrize(
    "name, method",
    [
        ("funding:detail", "get"),
        ("funding:edit", "get"),
        ("funding:edit", "post"),
        ("funding:validate_plan", "post"),
        ("funding:reopen_plan", "post"),
    ],
)
def test_everything_is_404_for_another_academies_administrator(
    client, other_academie_administrator, numavenir, name, method
):
    client.force_login(other_academie_administrator)

    response = getattr(client, method)(reverse(name, args=[numavenir.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT])
def test_detail_is_404_for_school_staff(client, nancy_metz, numavenir, role):
    client.force_login(user_with_role(role, academie=nancy_metz))

    assert client.get(detail_url(numavenir)).status_code == 404


@pytest.mark.parametrize("name", ["funding:detail", "funding:edit"])
def test_anonymous_is_sent_to_login(client, numavenir, name):
    response = client.get(reverse(name, args=[numavenir.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_edit_page_shows_the_three_formsets(client, administrator, numavenir):
    ActionFactory(operation=numavenir, number=1, title="Prévenir")
    client.force_login(administrator)

    response = client.get(reverse("funding:edit", args=[numavenir.pk]))

    text = page(response)
    assert 'name="lignes-TOTAL_FORMS"' in text
    assert 'name="actions-TOTAL_FORMS"' in text
    assert 'name="membres-TOTAL_FORMS"' in text
    assert 'value="1.10.1.1"' in text


def test_create_page_shows_for_an_administrator(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("funding:create"))

    assert response.status_code == 200
    assert "Nouvelle opération cofinancée" in page(response)
    assert 'name="submission_token"' in page(response)


# --- what the record shows -----------------------------------------------------------------
def test_detail_shows_numavenirs_balanced_plan_the_french_way(client, administrator, numavenir):
    partner = FundingPartnerFactory(name="Rectorat de Nancy-Metz", kind="academie")
    ConsortiumMemberFactory(
        operation=numavenir, partner=partner, role="carrier", joined_on=datetime.date(2019, 5, 1)
    )
    action = ActionFactory(operation=numavenir, number=1, title="Prévenir le décrochage")
    ActionObjectiveFactory(action=action, order=1, text="Repérer les jeunes")
    DeliverableFactory(action=action, title="Livret d'accueil", url="https://example.org/livret")
    client.force_login(administrator)

    text = page(client.get(detail_url(numavenir)))

    assert "Plan équilibré" in text
    assert "601\u00a0409,90\u00a0€" in text
    assert "1\u00a0002\u00a0909,90\u00a0€" in text
    assert "59,97\u00a0%" in text
    assert "plafond du programme\u00a0: 60,00\u00a0%" in text
    assert "NUMAVENIR" in text
    assert "1.10.1.1 — Augmenter le nombre de jeunes" in text
    assert "Rectorat de Nancy-Metz — Porteur (depuis le 1er mai 2019)" in text
    assert "Action 1\u00a0: Prévenir le décrochage" in text
    assert "Repérer les jeunes" in text
    assert 'href="https://example.org/livret"' in text
    assert "Brouillon" in text


def test_detail_shows_nova_as_incomplete_not_wrong(client, administrator, fa_nova):
    client.force_login(administrator)

    text = page(client.get(detail_url(fa_nova)))

    assert "Plan incomplet" in text
    assert "fr-alert--info" in text
    assert "Plan déséquilibré" not in text
    assert "527\u00a0500,00\u00a0€" in text


def test_detail_flags_an_unbalanced_plan_with_its_gap(client, administrator, fa_nova):
    FundingLineFactory(operation=fa_nova, amount=Decimal("515000.00"))
    client.force_login(administrator)

    text = page(client.get(detail_url(fa_nova)))

    assert "Plan déséquilibré\u00a0: il manque 12\u00a0500,00\u00a0€" in text


def test_detail_flags_a_rate_over_the_ceiling(client, administrator, numavenir):
    programme = numavenir.operational_programme
    programme.eu_rate_ceiling = Decimal("50.00")
    programme.save()
    client.force_login(administrator)

    text = page(client.get(detail_url(numavenir)))

    assert "Taux au-dessus du plafond\u00a0: 59,97\u00a0% pour un plafond de 50,00\u00a0%." in text


def test_detail_flags_action_shares_over_the_total(client, administrator, numavenir):
    ActionFactory(operation=numavenir, number=1, budget_share=Decimal("1000000.00"))
    ActionFactory(operation=numavenir, number=2, budget_share=Decimal("3000.00"))
    client.force_login(administrator)

    text = page(client.get(detail_url(numavenir)))

    assert "dépassent le coût total éligible de 90,10\u00a0€" in text


def test_detail_links_a_predecessor_of_the_app(client, administrator, numavenir, nancy_metz):
    successor = OperationFactory(
        academie=nancy_metz,
        name="Numavenir 2",
        predecessor=numavenir,
        continuity_note="s'inscrit en continuité du projet NUMAVENIR",
    )
    client.force_login(administrator)

    text = page(client.get(detail_url(successor)))

    assert f'href="{detail_url(numavenir)}">Numavenir Ambition 21</a>' in text
    assert "s'inscrit en continuité du projet NUMAVENIR" in text


# --- queries ---------------------------------------------------------------------------------
def grow(operation, n):
    """`n` lines, actions (each with two objectives and a deliverable) and members, and an
    edit of each line (history rows)."""
    for i in range(n):
        line = FundingLineFactory(operation=operation, order=10 + i, amount=Decimal("1.00"))
        line.amount = Decimal("2.00")
        line.save()
        action = ActionFactory(operation=operation, number=100 + i)
        ActionObjectiveFactory(action=action, order=1)
        ActionObjectiveFactory(action=action, order=2)
        DeliverableFactory(action=action)
        ConsortiumMemberFactory(operation=operation)


@pytest.mark.parametrize("rows", [1, 10])
def test_detail_makes_a_constant_number_of_queries(
    client, administrator, nancy_metz, rows, django_assert_num_queries
):
    operation = OperationFactory(academie=nancy_metz)
    grow(operation, rows)
    client.force_login(administrator)
    client.get(detail_url(operation))  # the session and the user's roles warmed up

    with django_assert_num_queries(21):
        response = client.get(detail_url(operation))

    assert response.status_code == 200
    assert len(response.context["lines"]) == rows
    assert Operation.objects.count() == 1
