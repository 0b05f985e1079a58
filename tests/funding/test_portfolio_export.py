"""The portfolio's XLSX export (issue 12, point 6): the list's rows and filters, the amounts
as numbers in euros, read back with openpyxl."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from exports.models import Export
from funding import exports
from tests.factories import user_with_role

URL = "/financements/operations/export.xlsx"


def _sheet(response):
    workbook = load_workbook(io.BytesIO(response.content))
    return workbook.worksheets[0]


def _rows(response):
    return list(_sheet(response).iter_rows(values_only=True))


def test_export_url_is_named():
    assert reverse("funding:export") == URL


def test_export_has_one_row_per_operation_with_numbers(client, dafor_reader, numavenir, nova):
    client.force_login(dafor_reader)
    response = client.get(URL, {"tri": "nom"})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="operations-cofinancees-' in response["Content-Disposition"]
    header, nova_row, numavenir_row = _rows(response)
    assert header[:2] == ("Académie", "Opération")
    assert numavenir_row[:9] == (
        "Nancy-Metz",
        "Numavenir Ambition 21",
        None,  # no acronym: an empty cell
        "FSE",
        "PON FSE 2014-2020",
        "1.10.1.1",
        datetime.datetime(2019, 5, 1),
        datetime.datetime(2021, 12, 31),
        "En cours",
    )
    total, lines_total, eu_aid, rate = numavenir_row[9:13]
    assert Decimal(str(total)) == Decimal("1002909.90")
    assert Decimal(str(lines_total)) == Decimal("1002909.90")
    assert Decimal(str(eu_aid)) == Decimal("601409.90")
    assert Decimal(str(rate)) == Decimal("59.97")
    assert numavenir_row[13:] == ("Plan équilibré", "non", "Brouillon")
    assert nova_row[12:14] == (None, "Plan incomplet")


def test_export_amounts_are_formatted_in_euros(client, dafor_reader, numavenir):
    client.force_login(dafor_reader)
    sheet = _sheet(client.get(URL))
    row = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert row[9].number_format == exports.EURO_FORMAT
    assert row[11].number_format == exports.EURO_FORMAT
    assert row[6].is_date


def test_export_keeps_the_lists_filters(client, dafor_reader, numavenir, nova, planete):
    client.force_login(dafor_reader)
    rows = _rows(client.get(URL, {"plan": "unbalanced"}))
    assert [row[1] for row in rows[1:]] == ["PLANETE"]
    assert rows[1][14] == "oui"  # 59,29 % above the programme's 50 %


def test_export_of_another_academie_has_none_of_its_rows(
    client, numavenir, paris_operation, other_academie_administrator
):
    client.force_login(other_academie_administrator)
    rows = _rows(client.get(URL))
    assert [row[1] for row in rows[1:]] == ["Projet parisien"]


def test_export_names_typed_like_formulas_stay_text(client, dafor_reader, numavenir):
    numavenir.name = "=HYPERLINK(1)"
    numavenir.save()
    client.force_login(dafor_reader)
    assert _rows(client.get(URL))[1][1] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("role", [Role.ENSEIGNANT, Role.FORMATEUR])
def test_export_other_roles_get_404(client, nancy_metz, numavenir, role):
    client.force_login(user_with_role(role, academie=nancy_metz))
    assert client.get(URL).status_code == 404


def test_export_anonymous_is_sent_to_login(client, numavenir):
    assert client.get(URL).status_code == 302


def test_export_long_list_is_made_in_the_background(
    client, settings, dafor_reader, numavenir, nova, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(dafor_reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(URL, {"fund": "fse"})
    export = Export.objects.get()
    assert response.status_code == 302
    assert (export.kind, export.owner, export.rows_total) == (
        exports.PORTFOLIO_KIND,
        dafor_reader,
        2,
    )
    export.refresh_from_db()
    assert export.status == Export.Status.DONE
    with export.file.open("rb") as file:
        rows = list(load_workbook(file).worksheets[0].iter_rows(values_only=True))
    assert {row[1] for row in rows[1:]} == {"Numavenir Ambition 21", "NOVA"}
