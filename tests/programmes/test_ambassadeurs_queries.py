"""The Ambassadeurs' lists read a fixed number of queries whatever their rows: each count is
asserted exactly, with one row and with many, the same literal at both sizes."""

import pytest
from django.urls import reverse

from programmes import ambassadeurs as services
from programmes.models import Commitment
from tests.factories import (
    AccompanimentRequestFactory,
    AmbassadeursPartnerFactory,
    AmbassadorFactory,
    PortfolioEntryFactory,
)

SIZES = [1, 30]


def fill_ambassadors(amb, count):
    """`count` more ambassadors, each with a maître-formateur (the fixture has two)."""
    AmbassadorFactory.create_batch(count, cohort=amb.cohort, maitre_formateur=amb.mentor)


@pytest.mark.parametrize("count", SIZES)
def test_ambassador_list_queries(client, amb, django_assert_num_queries, count):
    fill_ambassadors(amb, count)
    client.force_login(amb.staff)
    url = reverse("programmes:amb_list", args=["ambassadeurs-paris"])
    with django_assert_num_queries(QUERIES["list"]):
        response = client.get(url)
    assert len(response.context["page"].object_list) == count + 2


@pytest.mark.parametrize("count", SIZES)
def test_accompaniment_queue_queries(client, amb, django_assert_num_queries, count):
    for _ in range(count):
        AccompanimentRequestFactory(ambassador=amb.thomas)
    for accompaniment in AccompanimentRequestFactory.create_batch(count, ambassador=amb.other):
        services.assign_accompanist(
            request=accompaniment, accompanist=amb.accompanist, by=amb.staff
        )
    client.force_login(amb.staff)
    with django_assert_num_queries(QUERIES["queue"]):
        response = client.get(reverse("programmes:amb_queue", args=["ambassadeurs-paris"]))
    assert len(response.context["page"].object_list) == min(2 * count, 50)


@pytest.mark.parametrize("count", SIZES)
def test_my_accompaniments_queries(client, amb, django_assert_num_queries, count):
    for accompaniment in AccompanimentRequestFactory.create_batch(count, ambassador=amb.other):
        services.assign_accompanist(
            request=accompaniment, accompanist=amb.accompanist, by=amb.staff
        )
    client.force_login(amb.accompanist)
    with django_assert_num_queries(QUERIES["mine"]):
        response = client.get(reverse("programmes:amb_my_accompaniments"))
    assert len(response.context["requests"]) == count


@pytest.mark.parametrize("count", SIZES)
def test_convention_page_queries(client, amb, django_assert_num_queries, count):
    partners = [AmbassadeursPartnerFactory() for _ in range(3)]
    amb.convention.partners.set(partners)
    for order in range(count):
        commitment = Commitment.objects.create(
            convention=amb.convention, order=order, label=f"Engagement {order}"
        )
        commitment.carriers.set(partners[: 1 + order % 3])
    client.force_login(amb.staff)
    url = reverse("programmes:amb_convention", args=["ambassadeurs-paris", amb.convention.pk])
    with django_assert_num_queries(QUERIES["convention"]):
        response = client.get(url)
    assert response.content.decode().count('data-testid="commitment"') == count


@pytest.mark.parametrize("count", SIZES)
def test_cohort_page_queries(client, amb, django_assert_num_queries, count):
    fill_ambassadors(amb, count)
    AmbassadorFactory.create_batch(count, cohort=amb.cohort, second_degree=True)
    client.force_login(amb.staff)
    url = reverse("programmes:amb_cohort", args=["ambassadeurs-paris", amb.cohort.pk])
    with django_assert_num_queries(QUERIES["cohort"]):
        response = client.get(url)
    assert response.context["counts"]["total"] == 2 + 2 * count


@pytest.mark.parametrize("count", SIZES)
def test_ambassador_page_queries(client, amb, django_assert_num_queries, count):
    PortfolioEntryFactory.create_batch(count, ambassador=amb.thomas)
    AccompanimentRequestFactory.create_batch(count, ambassador=amb.thomas)
    client.force_login(amb.thomas.user)
    with django_assert_num_queries(QUERIES["me"]):
        response = client.get(reverse("programmes:amb_me"))
    assert response.content.decode().count('data-testid="portfolio-entry"') == count


# Per page: the session, the user and their roles, what the layout reads, the programme in
# the user's scope, then the page's own reads (a count and one query per list).
QUERIES = {"list": 8, "queue": 7, "mine": 5, "convention": 14, "cohort": 9, "me": 8}
