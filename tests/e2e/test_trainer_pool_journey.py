"""The trainer pool in a browser (issue 9, point 9): the office invites a volunteer trainer
who has no account; she opens the link and chooses her password; the office creates her
trainer profile; she volunteers for a catalogue theme; the office sees the académie's roles
and their history. Screenshots and axe at every page."""

import re

import pytest

from accounts.models import Role
from notifications.models import Message
from requests.models import TrainerProfile
from tests.factories import CampaignFactory, ThemeFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "Formatrice-volontaire-2020"


def test_office_invites_a_trainer_who_volunteers(
    login_as, browser, journey, academie, dafor, school
):
    campaign = CampaignFactory(academie=academie, title="Aides négociées de territoire")
    ThemeFactory(campaign=campaign, title="Climat scolaire et prévention du harcèlement")

    # The office invites a person who has no account.
    office = login_as(dafor)
    office.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Rôles"
    ).click()
    journey.check("office-roles", office)
    office.get_by_role("link", name="Inviter une personne sans compte").click()
    office.get_by_label("Prénom et nom").fill("Hélène Marchand")
    office.get_by_label("Adresse électronique").fill("helene.marchand@ac-creteil.fr")
    journey.check("office-invite-form", office)
    office.get_by_role("button", name="Envoyer l'invitation").click()
    office.get_by_text("L'invitation est envoyée").wait_for()
    journey.check("office-invited", office)

    # She opens the link of the e-mail and chooses her password.
    message = Message.objects.get(kind="account_invitation")
    link = re.search(r"/invitation/[\w-]+/", message.body_text).group(0)
    context = browser.new_context(base_url=office.url.split("/bureau")[0], locale="fr-FR")
    page = context.new_page()
    page.goto(link)
    journey.check("invited-person-form", page)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    page.get_by_role("heading", name="Bonjour Hélène").wait_for()
    journey.check("invited-person-home", page)

    # The office creates her trainer profile.
    office.goto("/bureau/formateurs/")
    office.get_by_role("link", name="Ajouter un formateur").click()
    office.get_by_label("Adresse électronique du formateur").fill("helene.marchand@ac-creteil.fr")
    office.get_by_label("Disciplines").fill("Mathématiques")
    office.get_by_label("Département d'intervention").fill("093")
    office.get_by_label("Nombre maximal d'ANT suivies").fill("2")
    journey.check("office-trainer-form", office)
    office.get_by_role("button", name="Enregistrer le formateur").click()
    office.get_by_text("fait désormais partie des formateurs volontaires").wait_for()
    journey.check("office-trainers", office)
    office.get_by_role("link", name="Hélène Marchand").click()
    journey.check("office-trainer-edit", office)

    # She volunteers for a theme from her own page.
    page.goto("/interventions/")
    page.get_by_role("link", name="Mon profil de formateur").click()
    page.get_by_text("Climat scolaire et prévention du harcèlement").click()
    journey.check("trainer-volunteer", page)
    page.get_by_role("button", name="Enregistrer mes choix").click()
    page.get_by_text("Vos choix sont enregistrés.").wait_for()
    context.close()

    profile = TrainerProfile.objects.get(user__email="helene.marchand@ac-creteil.fr")
    assert [t.title for t in profile.themes.all()] == [
        "Climat scolaire et prévention du harcèlement"
    ]
    assert profile.user.role_memberships.get().role == Role.FORMATEUR

    office.goto("/bureau/roles/")
    office.get_by_text("Hélène Marchand").first.wait_for()
    journey.check("office-roles-after", office)
