"""The public page of the supported projects (issue 12, point 6): every académie's public
operations with their dates, cost, EU aid and the fund's mention; nothing internal."""

import html

import pytest
from django.urls import reverse

from funding.models import FundingLine
from tests.factories import OperationFactory, PortfolioPageFactory, numavenir_plan

URL = "/financements/"


def _html(response):
    return html.unescape(response.content.decode())


def test_public_url_is_named():
    assert reverse("funding:public") == URL


def test_public_page_is_open_to_anonymous_visitors(client, numavenir):
    response = client.get(URL)
    assert response.status_code == 200
    page = _html(response)
    assert "Numavenir Ambition 21" in page
    assert "Durée de l'opération\u00a0: du 1er mai 2019 au 31 décembre 2021" in page
    assert "Coût total prévisionnel éligible\u00a0: 1\u00a0002\u00a0909,90\u00a0€" in page
    assert "Aide FSE sollicitée\u00a0: 601\u00a0409,90\u00a0€" in page
    assert "Projet cofinancé par le Fonds social européen (FSE)" in page


def test_public_page_shows_the_academie_page_header(client, nancy_metz, numavenir):
    PortfolioPageFactory(academie=nancy_metz)
    page = _html(client.get(URL))
    assert "Les projets et actions soutenus par le FSE" in page
    assert "Actualisé le 06/05/2021" in page
    assert "Les opérations conduites par l'académie" in page


def test_public_page_groups_operations_by_academie(client, numavenir, paris_operation, nova):
    response = client.get(URL)
    groups = [
        (group["academie"].name, [entry["operation"].name for entry in group["entries"]])
        for group in response.context["groups"]
    ]
    assert groups == [
        ("Nancy-Metz", ["NOVA", "Numavenir Ambition 21"]),
        ("Paris", ["Projet parisien"]),
    ]


def test_public_page_lists_no_private_operation(client, numavenir, nova):
    nova.is_public = False
    nova.save()
    page = _html(client.get(URL))
    assert "Numavenir Ambition 21" in page
    assert "NOVA" not in page


def test_public_page_shows_no_internal_flag(client, planete, nova):
    page = _html(client.get(URL))
    for internal in ["déséquilibré", "Déséquilibré", "Incomplet", "plafond", "Brouillon"]:
        assert internal not in page
    assert "Naviguer Oser Valoriser Agir" in page
    assert "Projet cofinancé par le Fonds européen de développement régional (FEDER)" in page
    assert "Aide FEDER sollicitée\u00a0: 2\u00a0851\u00a0925,00\u00a0€" in page


def test_public_page_names_the_eu_aid_by_its_status(client, numavenir):
    FundingLine.objects.filter(operation=numavenir, resource="eu_aid").update(status="agreed")
    assert "Aide FSE accordée\u00a0: 601\u00a0409,90\u00a0€" in _html(client.get(URL))


def test_public_page_without_eu_line_shows_no_aid(client, nova):
    page = _html(client.get(URL))
    assert "NOVA" in page
    assert "Aide FSE" not in page


def test_public_footer_links_the_page(client, numavenir):
    assert f'href="{URL}"' in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_public_page_queries_are_constant(client, nancy_metz, django_assert_num_queries, count):
    PortfolioPageFactory(academie=nancy_metz)
    for _ in range(count):
        numavenir_plan(OperationFactory(academie=nancy_metz))
    with django_assert_num_queries(1):  # the operations, their académie and page, their aid
        response = client.get(URL)
    assert sum(len(group["entries"]) for group in response.context["groups"]) == count


def test_public_page_without_operations_says_so(client, db):
    assert "Aucun projet n'est publié pour l'instant." in _html(client.get(URL))
