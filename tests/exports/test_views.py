"""An export's page and download are its owner's alone; the page follows the production."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from exports.models import Export
from tests.factories import EtablissementFactory, user_with_role


@pytest.fixture
def export(dafor):
    export = Export.objects.create(
        owner=dafor,
        kind="ant_queue",
        label="Demandes d'ANT — 92 000 lignes (CSV)",
        format="csv",
        status=Export.Status.DONE,
        rows_done=92000,
        rows_total=92000,
        finished_at=timezone.now(),
    )
    export.file.save("demandes-ant-20200920.csv", ContentFile(b"\xef\xbb\xbfR\xc3\xa9f\r\n"))
    return export


def detail(export):
    return reverse("exports:detail", args=[export.pk])


def download(export):
    return reverse("exports:download", args=[export.pk])


# Who may ----------------------------------------------------------------------------------------
@pytest.fixture
def colleague_in_office(academie):
    """Another EAFC/DAFOR agent of the same académie: the file is still not theirs."""
    return user_with_role(Role.DAFOR, academie=academie)


@pytest.fixture
def head_of_another_school(academie):
    return user_with_role(
        Role.CHEF_ETABLISSEMENT, etablissement=EtablissementFactory(academie=academie)
    )


@pytest.fixture
def admin_user(academie):
    return user_with_role(Role.ADMINISTRATEUR, academie=academie, is_staff=True, is_superuser=True)


def test_owner_sees_the_page_and_downloads_the_file(client, dafor, export):
    client.force_login(dafor)

    page = client.get(detail(export))
    response = client.get(download(export))

    assert page.status_code == 200
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == ('attachment; filename="demandes-ant-20200920.csv"')
    assert b"".join(response.streaming_content) == b"\xef\xbb\xbfR\xc3\xa9f\r\n"


@pytest.mark.parametrize(
    "who",
    [
        "colleague_in_office",
        "teacher",
        "head",
        "head_of_another_school",
        "other_academie_dafor",
        "admin_user",
    ],
)
@pytest.mark.parametrize("page", [detail, download])
def test_anyone_but_the_owner_gets_404(client, request, export, who, page):
    client.force_login(request.getfixturevalue(who))
    assert client.get(page(export)).status_code == 404
    assert Export.objects.get(pk=export.pk).status == Export.Status.DONE


def test_anonymous_users_are_sent_to_log_in(client, export):
    response = client.get(detail(export))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_export_is_404(client, dafor):
    client.force_login(dafor)
    assert client.get(reverse("exports:detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("method", ["post", "delete"])
def test_pages_answer_get_only(client, dafor, export, method):
    client.force_login(dafor)
    assert getattr(client, method)(detail(export)).status_code == 405


# What the page says -----------------------------------------------------------------------------
def test_running_export_refreshes_and_shows_its_progress(client, dafor, export):
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.RUNNING, rows_done=12000, file=""
    )
    client.force_login(dafor)

    response = client.get(detail(export))

    html = response.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "12\xa0000 lignes sur 92\xa0000" in html
    assert '<progress class="fr-mt-1w" max="100" value="13"' in html
    assert "en cours de production" in html
    assert download(export) not in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert client.get(download(export)).status_code == 404


def test_pending_export_refreshes_too(client, dafor, export):
    Export.objects.filter(pk=export.pk).update(status=Export.Status.PENDING, rows_done=1, file="")
    client.force_login(dafor)
    html = client.get(detail(export)).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "1 ligne sur 92\xa0000" in html
    assert "va être produit" in html


def test_done_export_links_to_its_file_and_stops_refreshing(client, dafor, export):
    client.force_login(dafor)

    html = client.get(detail(export)).content.decode()

    assert 'http-equiv="refresh"' not in html
    assert "Votre fichier est prêt" in html
    assert "92\xa0000 lignes sur 92\xa0000" in html
    assert f'href="{download(export)}"' in html
    assert "CSV – 9\xa0octets" in html  # the format and size of the file
    assert "disponible 7 jours" in html


def test_failed_export_says_so_without_a_link(client, dafor, export):
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.FAILED, error="ValueError: boom", file=""
    )
    client.force_login(dafor)

    html = client.get(detail(export)).content.decode()

    assert 'http-equiv="refresh"' not in html
    assert "n'a pas pu être produit" in html
    assert "boom" not in html  # the technical error is for the logs and the admin
    assert client.get(download(export)).status_code == 404


def test_an_export_whose_worker_died_stops_refreshing_and_says_it_failed(client, dafor, export):
    Export.objects.filter(pk=export.pk).update(
        status=Export.Status.RUNNING, updated_at=timezone.now() - timedelta(minutes=11)
    )
    client.force_login(dafor)

    html = client.get(detail(export)).content.decode()

    assert 'http-equiv="refresh"' not in html
    assert "n'a pas pu être produit" in html
