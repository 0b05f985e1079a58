import pytest

from accounts.models import Role
from notifications.models import Message
from tests.factories import DEFAULT_PASSWORD, user_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_teacher_logs_in_sees_dashboard_and_inbox_then_logs_out(page, journey, academie, school):
    teacher = user_with_role(
        Role.ENSEIGNANT,
        etablissement=school,
        email="claire.martin@ac-creteil.fr",
        full_name="Claire Martin",
    )
    Message.objects.create(
        recipient=teacher,
        kind="ant_returned",
        subject="Votre demande d'ANT vous est retournée",
        body_text="Le chef d'établissement demande de préciser le public concerné.",
        status=Message.Status.SENT,
    )

    page.goto("/")
    assert page.url.endswith("/connexion/?next=/")
    journey.check("login")

    page.get_by_label("Adresse électronique").fill("claire.martin@ac-creteil.fr")
    page.get_by_label("Mot de passe").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("heading", name="Bonjour Claire").wait_for()
    assert page.get_by_text("Mes demandes de formation").is_visible()
    assert page.get_by_test_id("unread-count").inner_text().startswith("1")
    journey.check("dashboard")

    page.get_by_role("link", name="Messages").first.click()  # in the header's tools
    page.get_by_role("heading", name="Messages", exact=True).wait_for()
    page.get_by_role("link", name="Votre demande d'ANT vous est retournée").click()
    page.get_by_text("préciser le public concerné").wait_for()
    assert page.get_by_test_id("unread-count").count() == 0
    journey.check("message")

    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_role("heading", name="Vous êtes déconnecté").wait_for()
    journey.check("logged-out")
    page.goto("/")
    assert "/connexion/" in page.url
