"""A district journey led by a CLIF, in a browser (issue 9, point 3): the CLIF drafts a
district request for two collèges and proposes the host school, a teacher of the district
joins the team, the CLIF transmits, the head of the coordinating school endorses (the other
head follows it), and the office validates, confirming the proposed host school."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from requests.models import AntRequest, State
from requests.workflow import TRANSITIONS
from tests.factories import (
    CampaignFactory,
    DistrictFactory,
    EtablissementFactory,
    SubmissionWindowFactory,
    ThemeFactory,
    user_with_role,
)

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
    ThemeFactory(
        campaign=campaign,
        title="Accueillir et scolariser les élèves allophones",
        kind="transversal",
        discipline="",
    )
    return campaign


def test_district_request_led_by_a_clif(login_as, journey, academie, dafor, open_campaign):
    district = DistrictFactory(academie=academie, name="District de Vitry-sur-Seine")
    perrin = EtablissementFactory(
        academie=academie, district=district, name="Collège Jean-Perrin", commune="Vitry-sur-Seine"
    )
    assia = EtablissementFactory(
        academie=academie, district=district, name="Collège Assia-Djebar", commune="Ivry-sur-Seine"
    )
    clif = user_with_role(
        Role.CLIF, district=district, full_name="Nadia Benali", email="nadia.benali@ac-creteil.fr"
    )
    perrin_head = user_with_role(
        Role.CHEF_ETABLISSEMENT, etablissement=perrin, full_name="Sophie Lambert"
    )
    assia_head = user_with_role(
        Role.CHEF_ETABLISSEMENT, etablissement=assia, full_name="Anne Delmas"
    )
    teacher = user_with_role(
        Role.ENSEIGNANT,
        etablissement=assia,
        full_name="Amel Saïdi",
        email="amel.saidi@ac-creteil.fr",
    )

    # The CLIF drafts the district request and proposes the host school.
    page = login_as(clif)
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Demandes du district"
    ).click()
    journey.check("clif-district-list", page)
    page.get_by_role("link", name="Nouvelle demande de district ou de réseau").click()
    page.locator("#id_coordinating_school").select_option(label=str(perrin))
    page.locator("#id_district").select_option(label="District de Vitry-sur-Seine")
    page.get_by_role("checkbox", name=str(perrin)).check(force=True)  # DSFR: the label covers it
    page.get_by_role("checkbox", name=str(assia)).check(force=True)
    page.locator("#id_proposed_host_school").select_option(label=str(assia))
    page.get_by_label("Thématique du catalogue", exact=True).select_option(
        label="Accueillir et scolariser les élèves allophones (transversale)"
    )
    page.get_by_label("Intitulé du projet").fill("Les élèves allophones dans le district")
    page.get_by_label("Questionnements professionnels de l'équipe").fill(
        "Comment accueillir les élèves allophones arrivés en cours d'année ?"
    )
    page.get_by_label("Effets attendus").fill("Un protocole d'accueil commun au district.")
    page.get_by_label("Nombre de personnels concernés").fill("18")
    page.get_by_label("Catégories de personnels").fill("Enseignants, CPE")
    journey.check("clif-draft-form", page)
    page.get_by_role("button", name="Créer le brouillon").click()
    page.get_by_role("heading", name="Les élèves allophones dans le district").wait_for()
    ant = AntRequest.objects.get()
    assert (ant.scale, ant.district, ant.coordinator) == ("district", district, clif)
    assert ant.proposed_host_school == assia
    page.get_by_label("Adresse électronique du collègue").fill("amel.saidi@ac-creteil.fr")
    page.get_by_role("button", name="Inviter").click()
    journey.check("clif-invited", page)

    # A teacher of the district joins the team.
    teacher_page = login_as(teacher)
    teacher_page.goto(ant.get_absolute_url())
    teacher_page.get_by_role("button", name="Rejoindre l'équipe").click()
    journey.check("teacher-joined", teacher_page)

    # The CLIF transmits to the head of the coordinating school.
    page.reload()
    page.get_by_role("button", name="Transmettre au chef d'établissement").click()
    page.get_by_text("Transmise au chef d'établissement").first.wait_for()
    journey.check("clif-submitted", page)

    # The head of the coordinating school endorses; the other head follows the request.
    head_page = login_as(perrin_head)
    head_page.goto(ant.get_absolute_url())
    head_page.get_by_role("button", name="Viser et transmettre à l'EAFC").click()
    head_page.get_by_text("Visée par le chef d'établissement").first.wait_for()
    journey.check("head-endorsed", head_page)
    other_head_page = login_as(assia_head)
    other_head_page.goto(ant.get_absolute_url())
    other_head_page.get_by_text("Établissement d'accueil proposé").wait_for()
    journey.check("other-head-follows", other_head_page)

    # The office takes it in review and validates, confirming the proposed host school.
    office = login_as(dafor)
    office.goto(ant.get_absolute_url())
    office.get_by_role("button", name=str(TRANSITIONS["start_review"].label)).click()
    host = office.locator("#id_validate-host_school")
    assert host.input_value() == str(assia.pk)
    office.get_by_text("Proposé par le coordonnateur").wait_for()
    office.get_by_label("Volume prévu (heures)").fill("12")
    journey.check("office-validation-form", office)
    office.get_by_role("button", name="Valider").click()
    office.get_by_text("Validée").first.wait_for()
    journey.check("office-validated", office)

    ant.refresh_from_db()
    assert ant.state == State.VALIDATED
    assert ant.host_school == assia
