"""What a new user stumbled on, in a real browser (issue 9, point 11): the focus moved to the
error summary of a form sent with errors; the office's queue readable at 1,280 px, its rows
high on the page and its table scrolling inside its DSFR wrapper."""

import datetime

import pytest
from django.utils import timezone

from requests.models import State
from tests.factories import CampaignFactory, SubmissionWindowFactory, make_request

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


def test_focus_moves_to_the_error_summary(login_as, teacher, open_campaign):
    page = login_as(teacher)
    page.goto("/demandes/nouvelle/")

    page.get_by_role("button", name="Créer le brouillon").click()

    summary = page.locator(".formations-error-summary")
    summary.wait_for()
    assert summary.evaluate("element => element === document.activeElement")
    # Its links lead to the fields: following one focuses the title's box.
    summary.get_by_role("link", name="Intitulé du projet").click()
    assert page.evaluate("document.activeElement.id") == "id_title"


def test_queue_rows_and_their_columns_are_in_view_at_1280_px(
    login_as, dafor, open_campaign, teacher, school
):
    for n in range(3):
        make_request(
            open_campaign,
            teacher,
            school,
            State.ENDORSED,
            title=f"Construire une culture commune de l'évaluation par compétences {n}",
        )
    page = login_as(dafor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/bureau/demandes/")

    first_row = page.locator("#file tbody tr").first.bounding_box()
    assert first_row["y"] < 900  # in the first screen, not 2,200 px down
    box = page.locator("#file-wrapper .fr-table__container").bounding_box()
    content = page.locator("#main, main, #content").first.bounding_box()
    assert box["x"] + box["width"] <= content["x"] + content["width"] + 1
    # Every column's header is within the page's width (État, the dates included).
    for header in page.locator("#file thead th").all():
        header_box = header.bounding_box()
        assert header_box["x"] + header_box["width"] <= 1280, header.inner_text()
    # And the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_new_request_shows_the_district_and_reseau_selects_for_their_scale_only(
    login_as, teacher, school, open_campaign, academie
):
    from tests.factories import DistrictFactory, ReseauFactory

    school.district = DistrictFactory(academie=academie, name="District de Bobigny")
    school.reseau = ReseauFactory(academie=academie, name="REP+ Jean-Jaurès")
    school.save()
    page = login_as(teacher)
    page.goto("/demandes/nouvelle/")

    district, reseau = page.locator("#id_district"), page.locator("#id_reseau")
    scale = page.locator("#id_scale_fieldset")
    scale.get_by_text("Établissement", exact=True).click()
    assert not district.is_visible() and not reseau.is_visible()
    scale.get_by_text("District", exact=True).click()
    assert district.is_visible() and not reseau.is_visible()
    scale.get_by_text("Réseau", exact=True).click()
    assert reseau.is_visible() and not district.is_visible()
