import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from tests.factories import DEFAULT_PASSWORD, RoleMembershipFactory, UserFactory, user_with_role

LOGIN_URL = reverse("login")
INVALID_LOGIN = "Adresse électronique ou mot de passe incorrect."


def _log_in(client, email, password):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def _has_dsfr_input(content, name):
    return re.search(rf'<input type="\w+" name="{name}"[^>]* class="[^"]*\bfr-input\b', content)


def _is_logged_in(client):
    return "_auth_user_id" in client.session


# Log-in and log-out


@pytest.mark.django_db
def test_login_page_is_french_dsfr_form(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr"' in content
    assert _has_dsfr_input(content, "username")
    assert _has_dsfr_input(content, "password")
    assert '<label class="fr-label" for="id_username">Adresse électronique' in content
    assert "Se connecter" in content


@pytest.mark.django_db
def test_home_anonymous_redirects_to_login_with_next(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next=/"


def test_login_with_email_and_password_redirects_home(client, teacher):
    response = _log_in(client, teacher.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_login_email_is_case_insensitive(client, teacher):
    response = _log_in(client, teacher.email.upper(), DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_login_wrong_password_shows_french_error(client, teacher):
    response = _log_in(client, teacher.email, "pas-le-bon")

    assert response.status_code == 200
    assert INVALID_LOGIN in response.content.decode()
    assert not _is_logged_in(client)


def test_login_locked_out_after_failure_limit_even_with_right_password(client, teacher):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, teacher.email, "pas-le-bon")

    response = _log_in(client, teacher.email, DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    assert "Compte temporairement bloqué" in response.content.decode()
    assert not _is_logged_in(client)


def test_login_not_locked_out_below_failure_limit(client, teacher):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, teacher.email, "pas-le-bon")

    response = _log_in(client, teacher.email, DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert _is_logged_in(client)


def test_logout_get_is_refused(client, teacher):
    client.force_login(teacher)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert _is_logged_in(client)


def test_logout_post_logs_out(client, teacher):
    client.force_login(teacher)

    response = client.post(reverse("logout"))

    assert response.status_code == 200
    assert "Vous êtes déconnecté" in response.content.decode()
    assert not _is_logged_in(client)
    assert client.get(reverse("home")).status_code == 302


# Password reset


def _reset_link(body):
    match = re.search(re.escape(settings.SITE_URL) + r"(/mot-de-passe/nouveau/\S+/\S+/)", body)
    assert match, body
    return match.group(1)


def test_password_reset_sends_one_email_through_outbox(
    client, teacher, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": teacher.email})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    message = Message.objects.get()
    assert message.recipient == teacher
    assert message.kind == "password_reset"
    assert message.in_inbox is False
    assert message.status == Message.Status.SENT
    [mail] = mailoutbox
    assert mail.to == [teacher.email]
    assert _reset_link(mail.body) == message.url


def test_password_reset_unknown_email_sends_nothing_and_same_page(
    client, teacher, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("password_reset"), {"email": "inconnu@ac-test.fr"}, follow=True
        )

    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert "Vérifiez votre messagerie" in response.content.decode()
    assert not Message.objects.exists()
    assert mailoutbox == []


def test_password_reset_link_sets_new_password(
    client, teacher, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": teacher.email})
    [mail] = mailoutbox
    new_password = "Nouveau-secret-2026!"

    # The link redirects to a URL without the token (kept in the session).
    form_page = client.get(_reset_link(mail.body), follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_password_url, {"new_password1": new_password, "new_password2": new_password}
    )

    assert response.status_code == 302
    assert response.url == reverse("password_reset_complete")
    assert _log_in(client, teacher.email, DEFAULT_PASSWORD).status_code == 200
    assert _log_in(client, teacher.email, new_password).url == reverse("home")


# Profile


def test_profile_lists_roles_with_their_scope(client, teacher, school, academie):
    RoleMembershipFactory(user=teacher, role=Role.FORMATEUR, etablissement=None, academie=academie)
    client.force_login(teacher)

    response = client.get(reverse("profile"))

    content = response.content.decode()
    assert response.status_code == 200
    assert f"Enseignant — {school} ({school.uai})" in content
    assert f"Formateur — académie de {academie}" in content


@pytest.mark.django_db
def test_profile_user_without_role_is_told_so(client):
    user = UserFactory()
    client.force_login(user)

    response = client.get(reverse("profile"))

    assert "Aucun rôle ne vous est encore attribué" in response.content.decode()


def test_profile_post_valid_saves_and_records_history(client, teacher):
    client.force_login(teacher)
    history_before = teacher.history.count()

    response = client.post(
        reverse("profile"),
        {"full_name": "  Claire   Martin-Dubois ", "corps": "agrege", "discipline": "lettres"},
    )

    assert response.status_code == 302
    assert response.url == reverse("profile")
    teacher.refresh_from_db()
    assert teacher.full_name == "Claire Martin-Dubois"
    assert teacher.corps == "agrege"
    assert teacher.discipline == "lettres"
    assert teacher.history.count() == history_before + 1
    assert teacher.history.first().history_user == teacher


@pytest.mark.parametrize("full_name", ["", "   ", "C", " C "])
def test_profile_post_blank_or_too_short_name_shows_error(client, teacher, full_name):
    client.force_login(teacher)
    history_before = teacher.history.count()

    response = client.post(
        reverse("profile"), {"full_name": full_name, "corps": "", "discipline": "maths"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez votre prénom et votre nom." in content
    assert "fr-input-group--error" in content
    assert 'aria-describedby="id_full_name_error"' in content
    assert '<p id="id_full_name_error" class="fr-error-text">' in content
    teacher.refresh_from_db()
    assert teacher.full_name == "Claire Martin"
    assert teacher.discipline == ""
    assert teacher.history.count() == history_before


# Home dashboard


@pytest.mark.parametrize(
    ("role", "panel"),
    [
        (Role.ENSEIGNANT, "Mes demandes de formation"),
        (Role.CHEF_ETABLISSEMENT, "Demandes à viser"),
        (Role.DAFOR, "Demandes à instruire"),
        (Role.FORMATEUR, "Mes interventions"),
        (Role.SAIO, "Brigade ambition-confiance"),
        (Role.ADMINISTRATEUR, "Projets financés FSE/FEDER"),
    ],
)
def test_home_shows_role_dashboard(client, school, role, panel):
    user = user_with_role(role, etablissement=school)
    client.force_login(user)

    response = client.get(reverse("home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert panel in content
    assert "Aucun rôle ne vous est encore attribué" not in content


def test_home_teacher_does_not_see_other_roles_panels(client, teacher):
    client.force_login(teacher)

    content = client.get(reverse("home")).content.decode()

    assert "Demandes à instruire" not in content
    assert "Demandes à viser" not in content


@pytest.mark.django_db
def test_home_user_without_role_sees_explanation(client):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Aucun rôle ne vous est encore attribué" in response.content.decode()


@pytest.mark.parametrize(
    ("user_fixture", "name", "role_label"),
    [
        ("teacher", "Claire Martin", "Enseignant"),
        ("dafor", "Patricia Bourgeois", "EAFC (ex-DAFOR)"),
    ],
)
def test_header_shows_full_name_and_role(client, request, user_fixture, name, role_label):
    client.force_login(request.getfixturevalue(user_fixture))

    content = client.get(reverse("home")).content.decode()

    assert name in content
    assert f"&nbsp;({role_label})</span>" in content


def test_home_has_main_menu_with_current_entry(client, teacher):
    client.force_login(teacher)

    content = client.get(reverse("home")).content.decode()

    assert 'id="fr-navigation"' in content
    assert '<a class="fr-nav__link" href="/" aria-current="page">Tableau de bord</a>' in content
    assert f'href="{reverse("notifications:inbox")}">Messages</a>' in content
    assert f'href="{reverse("guide")}">Aide</a>' in content


# Public pages, footer and branding


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accessibility", "legal", "guide", "login"])
def test_public_page_answers_anonymous(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accessibility", "legal", "guide", "login"])
def test_footer_links_to_accessibility_statement(client, url_name):
    content = client.get(reverse(url_name)).content.decode()

    assert (
        f'<a class="fr-footer__bottom-link" href="{reverse("accessibility")}">'
        "Accessibilité : partiellement conforme</a>"
    ) in content


def test_footer_on_logged_in_page_links_to_accessibility(client, teacher):
    client.force_login(teacher)

    content = client.get(reverse("home")).content.decode()

    assert "Accessibilité : partiellement conforme" in content


@pytest.mark.django_db
def test_page_without_state_service_has_no_marianne(client, settings):
    settings.STATE_SERVICE = False

    content = client.get(reverse("accessibility")).content.decode()

    assert "République" not in content
    assert "fr-logo" not in content


@pytest.mark.django_db
def test_page_of_state_service_shows_marianne(client, settings):
    settings.STATE_SERVICE = True

    content = client.get(reverse("accessibility")).content.decode()

    assert '<p class="fr-logo">République<br>française</p>' in content


def test_unknown_url_uses_our_404_page(client, teacher):
    client.force_login(teacher)

    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "Page introuvable" in response.content.decode()


# Health check


@pytest.mark.django_db
def test_health_ok_when_everything_answers(client):
    response = client.get(reverse("health"))

    assert response.status_code == 200
    payload = response.json()
    assert payload["status"] == "ok"
    assert payload["checks"]["database"] == {"status": "ok"}
    assert payload["checks"]["cache"] == {"status": "ok"}
    expected_broker = {"status": "ok"} if settings.REDIS_URL else {"status": "ok", "mode": "eager"}
    assert payload["checks"]["broker"] == expected_broker


@pytest.mark.django_db
def test_health_503_when_cache_unreachable(client, settings):
    # Nothing listens on port 1: every cache call fails.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    response = client.get(reverse("health"))

    assert response.status_code == 503
    payload = response.json()
    assert payload["status"] == "error"
    assert payload["checks"]["cache"]["status"] == "error"
    assert "Error" in payload["checks"]["cache"]["error"]
    assert payload["checks"]["database"] == {"status": "ok"}
