"""The diagnostic and the training project in a browser (issue 9, point 1): the office
validates a request and proposes it to a trainer, who accepts; the trainer records the
diagnostic meeting held with the team and publishes version 1 of the training project; the
office revises it to version 2; the team reads the differences; the trainer starts the training
(the "first session": the workshops do not exist yet, so it is the workflow's `start`, allowed
only once a project exists). Axe runs on every page, with a screenshot."""

import pytest

from accounts.models import Role
from requests.models import (
    DiagnosticMeeting,
    State,
    TrainerAssignment,
    TrainingProjectRevision,
)
from tests.factories import (
    CampaignFactory,
    ThemeFactory,
    TrainerProfileFactory,
    ant_request,
    user_with_role,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_validation_trainer_diagnostic_project_v1_v2_and_start(
    login_as, journey, academie, school, teacher, head, dafor
):
    campaign = CampaignFactory(academie=academie, title="Aides négociées de territoire 2020-2021")
    theme = ThemeFactory(campaign=campaign, title="Enseigner la compréhension en lecture")
    colleague = user_with_role(
        Role.ENSEIGNANT, etablissement=school, full_name="Karim Benali",
        email="karim.benali@ac-creteil.fr",
    )  # fmt: skip
    ant = ant_request(
        campaign=campaign, coordinator=teacher, school=school, members=[colleague], theme=theme,
        title="Lire et comprendre en 6e", under_review=True,
    )  # fmt: skip
    trainer = user_with_role(Role.FORMATEUR, academie=academie, full_name="Sophie Lemaire")
    TrainerProfileFactory(user=trainer, academie=academie, departement=school.departement)

    # The office validates the request, then proposes it to a trainer.
    office = login_as(dafor)
    office.goto(ant.get_absolute_url())
    office.get_by_label("Volume prévu (heures)").fill("15")
    office.get_by_role("button", name="Valider").click()
    office.get_by_text("Validée").first.wait_for()
    journey.check("office-validated", office)
    office.goto(f"/demandes/{ant.pk}/formateurs/")
    office.get_by_role("button", name="Proposer l'ANT à Sophie Lemaire").click()
    assert TrainerAssignment.objects.get(request=ant).status == "proposed"

    # The trainer accepts, then records the diagnostic meeting with the team and the head.
    trainer_page = login_as(trainer)
    trainer_page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Mes interventions"
    ).click()
    trainer_page.get_by_role("button", name="Accepter").click()
    trainer_page.goto(ant.get_absolute_url())
    journey.check("trainer-request-page", trainer_page)
    trainer_page.get_by_role("link", name="Enregistrer une réunion de diagnostic").click()
    for name in (teacher.full_name, "Karim Benali", head.full_name, "Sophie Lemaire"):
        # The DSFR's checkbox is drawn by its label: a click there ticks it, as a user does.
        trainer_page.locator("label", has_text=name).click()
    trainer_page.get_by_label("Constats partagés").fill(
        "Les élèves de 6e lisent couramment mais peinent à inférer."
    )
    journey.check("trainer-meeting-form", trainer_page)
    trainer_page.get_by_role("button", name="Enregistrer la réunion").click()
    trainer_page.get_by_text("La réunion de diagnostic est enregistrée").wait_for()
    journey.check("trainer-meeting-recorded", trainer_page)
    assert DiagnosticMeeting.objects.get(request=ant).attendees.count() == 4

    # Version 1 of the training project, by the trainer.
    trainer_page.get_by_role("link", name="Rédiger le projet de formation").click()
    trainer_page.get_by_label("Objectifs de formation").fill(
        "Enseigner explicitement la compréhension.\nObserver des séances entre collègues."
    )
    trainer_page.get_by_label("Public").fill("12 professeurs de 6e")
    trainer_page.get_by_label("Nombre de séances prévues").fill("5")
    trainer_page.get_by_label("Durée d'une séance (heures)").fill("3")
    trainer_page.get_by_label("Dates envisagées").fill("Mercredi 4 novembre\nMercredi 25 novembre")
    journey.check("trainer-project-v1-form", trainer_page)
    trainer_page.get_by_role("button", name="Publier la version 1").click()
    trainer_page.get_by_text("La version 1 du projet de formation est publiée.").wait_for()
    journey.check("trainer-project-v1", trainer_page)

    # The office revises it: version 2.
    office.goto(ant.get_absolute_url())
    office.get_by_role("link", name="Publier une nouvelle version du projet").click()
    office.get_by_label("Nombre de séances prévues").fill("6")
    office.get_by_label("Dates envisagées").fill("Mercredi 25 novembre\nMercredi 13 janvier")
    office.get_by_label("Ce qui change dans cette version").fill(
        "Une séance d'observation en plus."
    )
    journey.check("office-project-v2-form", office)
    office.get_by_role("button", name="Publier la version 2").click()
    office.get_by_text("La version 2 du projet de formation est publiée.").wait_for()
    assert list(
        TrainingProjectRevision.objects.filter(project__request=ant).values_list(
            "number", "session_count"
        )
    ) == [(1, 5), (2, 6)]

    # The team reads the project in force and the differences.
    team = login_as(colleague)
    team.goto(ant.get_absolute_url())
    journey.check("team-request-page", team)
    team.get_by_role("link", name="Toutes les versions et leurs différences").click()
    team.get_by_role("heading", name="De la version 1 à la version 2").wait_for()
    journey.check("team-project-differences", team)
    assert team.locator("del", has_text="Mercredi 4 novembre").count() == 1
    assert team.locator("ins", has_text="Mercredi 13 janvier").count() == 1

    # The trainer starts the training: allowed now that a project exists.
    trainer_page.goto(ant.get_absolute_url())
    trainer_page.get_by_role("button", name="Démarrer la formation").click()
    trainer_page.get_by_text("En cours").first.wait_for()
    journey.check("trainer-started", trainer_page)
    ant.refresh_from_db()
    assert ant.state == State.IN_PROGRESS
