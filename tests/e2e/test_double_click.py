"""A double click in a real browser: the form is sent twice, the draft is created once
(issue "Hardening", point 8)."""

import datetime

import pytest
from django.utils import timezone

from requests.models import AntRequest, State
from tests.factories import CampaignFactory, SubmissionWindowFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_campaign(academie):
    today = timezone.localdate()
    campaign = CampaignFactory(
        academie=academie,
        school_year=f"{today.year}-{today.year + 1}",
        title="Aides négociées de territoire",
        published_on=today - datetime.timedelta(days=30),
    )
    SubmissionWindowFactory(
        campaign=campaign, opens_on=today - datetime.timedelta(days=10), closes_on=None
    )
    return campaign


def test_double_click_on_create_the_draft_creates_one_draft(login_as, teacher, open_campaign):
    page = login_as(teacher)
    page.goto("/demandes/nouvelle/")
    page.get_by_label("Thématique proposée par l'équipe").fill("L'oral au collège")
    page.get_by_label("Intitulé du projet").fill("Faire parler les élèves")
    page.get_by_label("Questionnements professionnels de l'équipe").fill(
        "Comment évaluer l'oral en classe entière ?"
    )
    page.get_by_label("Effets attendus").fill("Des situations d'oral dans chaque discipline.")
    page.get_by_label("Nombre de personnels concernés").fill("8")
    page.get_by_label("Catégories de personnels").fill("Enseignants, CPE")

    # Two clicks 80 ms apart, as the issue measured: the browser sends the form twice.
    with page.expect_response(lambda r: r.request.method == "POST") as first:
        page.get_by_role("button", name="Créer le brouillon").dblclick(delay=80)
    first.value.finished()
    page.get_by_role("heading", name="Faire parler les élèves").wait_for()
    page.wait_for_load_state("networkidle")

    ant = AntRequest.objects.get()
    assert ant.state == State.DRAFT
    assert page.url.endswith(ant.get_absolute_url())
