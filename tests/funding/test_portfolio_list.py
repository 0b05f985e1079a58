"""The staff's portfolio list (issue 12, point 6): rights, the plan's flags, filters, sorting,
pagination and a constant number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from funding import plan, queries
from funding.models import Operation
from funding.plan import PlanState
from tests.factories import OperationFactory, numavenir_plan, user_with_role

URL = "/financements/operations/"


def _states(response):
    return {row["operation"].name: row["check"].state for row in response.context["rows"]}


def test_list_url_is_named():
    assert reverse("funding:list") == URL


@pytest.mark.parametrize("role", [Role.ADMINISTRATEUR, Role.DAFOR, Role.SAIO, Role.IEN])
def test_list_readers_of_the_academie_see_its_operations(client, nancy_metz, numavenir, role):
    client.force_login(user_with_role(role, academie=nancy_metz))
    response = client.get(URL)
    assert response.status_code == 200
    assert [row["operation"] for row in response.context["rows"]] == [numavenir]
    assert "Numavenir Ambition 21" in response.content.decode()


def test_list_another_academie_sees_none_of_its_rows(
    client, numavenir, paris_operation, other_academie_administrator
):
    client.force_login(other_academie_administrator)
    response = client.get(URL)
    assert response.status_code == 200
    assert [row["operation"] for row in response.context["rows"]] == [paris_operation]
    assert "Numavenir Ambition 21" not in response.content.decode()


@pytest.mark.parametrize("role", [Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT, Role.FORMATEUR])
def test_list_other_roles_get_404(client, nancy_metz, numavenir, role):
    client.force_login(user_with_role(role, academie=nancy_metz))
    assert client.get(URL).status_code == 404


def test_list_anonymous_is_sent_to_login(client, numavenir):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_list_flags_balanced_incomplete_and_unbalanced_plans(
    client, dafor_reader, numavenir, nova, planete
):
    client.force_login(dafor_reader)
    response = client.get(URL)
    assert _states(response) == {
        "Numavenir Ambition 21": PlanState.BALANCED,
        "NOVA": PlanState.INCOMPLETE,
        "PLANETE": PlanState.UNBALANCED,
    }
    html = response.content.decode()
    assert "Équilibré" in html and "Incomplet" in html and "Déséquilibré" in html
    assert html.count('data-testid="over-ceiling"') == 1  # PLANETE: 59,29 % over 50 %
    assert "1\u00a0002\u00a0909,90\u00a0€" in html
    assert "59,97\u00a0%" in html


def test_list_annotations_agree_with_the_plan_check(numavenir, nova, planete):
    rows = queries.portfolio(Operation.objects.all())
    for operation in rows:
        expected = plan.check_operation(operation)
        assert queries.plan_check(operation) == expected
        assert operation.plan_state == expected.state


def test_list_rate_of_numavenir_is_59_97(numavenir):
    operation = queries.portfolio(Operation.objects.all()).get()
    check = queries.plan_check(operation)
    assert (check.total, check.eu_aid, check.eu_rate) == (
        Decimal("1002909.90"),
        Decimal("601409.90"),
        Decimal("59.97"),
    )
    assert not check.over_ceiling


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (PlanState.BALANCED, {"Numavenir Ambition 21"}),
        (PlanState.INCOMPLETE, {"NOVA"}),
        (PlanState.UNBALANCED, {"PLANETE"}),
    ],
)
def test_list_filter_by_plan_state(client, dafor_reader, numavenir, nova, planete, state, expected):
    client.force_login(dafor_reader)
    response = client.get(URL, {"plan": state})
    assert set(_states(response)) == expected


def test_list_filter_by_status_fund_and_words(client, dafor_reader, numavenir, nova, planete):
    client.force_login(dafor_reader)
    assert set(_states(client.get(URL, {"status": "planned"}))) == {"PLANETE"}
    assert set(_states(client.get(URL, {"fund": "fse"}))) == {"Numavenir Ambition 21", "NOVA"}
    assert set(_states(client.get(URL, {"q": "valoriser"}))) == {"NOVA"}
    assert set(_states(client.get(URL, {"q": "numav"}))) == {"Numavenir Ambition 21"}


def test_list_unknown_filter_value_is_ignored_not_an_error(client, dafor_reader, numavenir):
    client.force_login(dafor_reader)
    response = client.get(URL, {"plan": "nimporte", "tri": "pk; drop"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("nom", ["NOVA", "Numavenir Ambition 21", "PLANETE"]),
        ("-cout", ["PLANETE", "Numavenir Ambition 21", "NOVA"]),
        ("debut", ["Numavenir Ambition 21", "NOVA", "PLANETE"]),
        ("-debut", ["PLANETE", "NOVA", "Numavenir Ambition 21"]),
    ],
)
def test_list_sorting(client, dafor_reader, numavenir, nova, planete, sort, expected):
    client.force_login(dafor_reader)
    response = client.get(URL, {"tri": sort})
    assert [row["operation"].name for row in response.context["rows"]] == expected


def test_list_pages_by_25(client, dafor_reader, nancy_metz):
    OperationFactory.create_batch(26, academie=nancy_metz)
    client.force_login(dafor_reader)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 1


def test_list_links_each_row_to_its_record_and_sheet(client, dafor_reader, numavenir):
    client.force_login(dafor_reader)
    html = client.get(URL).content.decode()
    assert f'href="{reverse("funding:detail", args=[numavenir.pk])}"' in html
    assert f'href="{reverse("funding:sheet_pdf", args=[numavenir.pk])}"' in html


def test_list_new_operation_button_for_administrators_only(client, administrator, dafor_reader):
    client.force_login(administrator)
    response = client.get(URL)
    assert response.context["may_create"] is True
    assert f'href="{reverse("funding:create")}"' in response.content.decode()
    client.force_login(dafor_reader)
    response = client.get(URL)
    assert response.context["may_create"] is False
    assert "Nouvelle opération" not in response.content.decode()


def test_list_menu_entry_for_administrators_dafor_and_saio(client, nancy_metz):
    for role, shown in [(Role.ADMINISTRATEUR, True), (Role.SAIO, True), (Role.IEN, False)]:
        client.force_login(user_with_role(role, academie=nancy_metz))
        assert ("Projets FSE/FEDER" in client.get(reverse("home")).content.decode()) is shown


@pytest.mark.parametrize("count", [1, 20])
def test_list_queries_are_constant(
    client, dafor_reader, nancy_metz, django_assert_num_queries, count
):
    for _ in range(count):
        numavenir_plan(OperationFactory(academie=nancy_metz))
    client.force_login(dafor_reader)
    client.get(URL)  # the session and the user warmed
    with django_assert_num_queries(QUERIES):
        response = client.get(URL)
    assert len(response.context["rows"]) == count


# session, user, roles, the count, the rows, the unread messages of the header
QUERIES = 6
