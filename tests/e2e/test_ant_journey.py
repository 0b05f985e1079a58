"""The ANT journey in a browser: a teacher drafts with a colleague and submits, the head
endorses, the office validates and assigns a trainer, the trainer accepts."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from requests.models import AntRequest, State, TrainerAssignment
from tests.factories import (
    CampaignFactory,
    SubmissionWindowFactory,
    ThemeFactory,
    TrainerProfileFactory,
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
    ThemeFactory(campaign=campaign, title="Climat scolaire et prévention du harcèlement")
    return campaign


def test_ant_request_from_draft_to_trainer_acceptance(
    login_as, journey, academie, school, teacher, head, dafor, open_campaign
):
    colleague = user_with_role(
        Role.ENSEIGNANT, etablissement=school, full_name="Karim Benali",
        email="karim.benali@ac-creteil.fr",
    )  # fmt: skip
    trainer = user_with_role(Role.FORMATEUR, academie=academie, full_name="Sophie Lemaire")
    TrainerProfileFactory(user=trainer, academie=academie, departement=school.departement)

    # The teacher drafts the request and invites a colleague.
    page = login_as(teacher)
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes demandes"
    ).click()
    journey.check("teacher-list", page)
    page.get_by_role("link", name="Nouvelle demande").first.click()
    page.get_by_label("Thématique du catalogue", exact=True).select_option(
        label="Climat scolaire et prévention du harcèlement (disciplinaire)"
    )
    page.get_by_label("Intitulé du projet").fill("Climat scolaire : protocole harcèlement")
    page.get_by_label("Questionnements professionnels de l'équipe").fill(
        "Comment repérer plus tôt les situations de harcèlement et y répondre en équipe ?"
    )
    page.get_by_label("Effets attendus").fill("Un protocole connu de tous.")
    page.get_by_label("Nombre de personnels concernés").fill("14")
    page.get_by_label("Catégories de personnels").fill("Enseignants, CPE, AED")
    journey.check("teacher-draft-form", page)
    page.get_by_role("button", name="Créer le brouillon").click()
    page.get_by_role("heading", name="Climat scolaire : protocole harcèlement").wait_for()
    ant = AntRequest.objects.get()
    assert ant.state == State.DRAFT
    page.get_by_label("Adresse électronique du collègue").fill("karim.benali@ac-creteil.fr")
    page.get_by_role("button", name="Inviter").click()
    journey.check("teacher-invited", page)

    # The colleague joins the team.
    colleague_page = login_as(colleague)
    colleague_page.goto(ant.get_absolute_url())
    colleague_page.get_by_role("button", name="Rejoindre l'équipe").click()
    journey.check("colleague-joined", colleague_page)

    # The teacher submits inside the window.
    page.reload()
    page.get_by_role("button", name="Transmettre au chef d'établissement").click()
    page.get_by_text("Transmise au chef d'établissement").first.wait_for()
    journey.check("teacher-submitted", page)

    # The head endorses.
    head_page = login_as(head)
    head_page.goto(ant.get_absolute_url())
    head_page.get_by_role("button", name="Viser et transmettre à l'EAFC").click()
    head_page.get_by_text("Visée par le chef d'établissement").first.wait_for()
    journey.check("head-endorsed", head_page)

    # The office reviews, validates and assigns a trainer.
    office = login_as(dafor)
    office.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Demandes à instruire"
    ).click()
    journey.check("office-queue", office)
    office.get_by_role("link", name=ant.reference).click()
    office.get_by_role("button", name="Commencer l'instruction").click()
    office.get_by_label("Volume prévu (heures)").fill("18")
    office.get_by_role("button", name="Valider").click()
    office.get_by_text("Validée").first.wait_for()
    journey.check("office-validated", office)
    office.goto(f"/demandes/{ant.pk}/formateurs/")
    journey.check("office-suggestions", office)
    office.get_by_role("button", name="Proposer l'ANT à Sophie Lemaire").click()
    assert TrainerAssignment.objects.get(request=ant).status == "proposed"

    # The trainer accepts.
    trainer_page = login_as(trainer)
    trainer_page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes interventions"
    ).click()
    journey.check("trainer-assignments", trainer_page)
    trainer_page.get_by_role("button", name="Accepter").click()
    journey.check("trainer-accepted", trainer_page)

    ant.refresh_from_db()
    assert ant.state == State.VALIDATED
    assert ant.host_school == school
    assert TrainerAssignment.objects.get(request=ant).status == "accepted"
    assert list(ant.transitions.values_list("to_state", flat=True)) == [
        "draft", "submitted", "endorsed", "under_review", "validated",
    ]  # fmt: skip
