import logging
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


def _spellings(email):
    # The ways one address gets typed: case, surrounding spaces, both.
    local, domain = email.split("@")
    return [
        email.upper(),
        f"  {email}  ",
        f"{local.capitalize()}@{domain.upper()}",
        f" {email.title()}",
        f"{email.swapcase()}\t",
    ]


def test_login_lockout_counts_every_spelling_of_the_address_as_one_account(client, teacher):
    spellings = _spellings(teacher.email)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, spellings[attempt % len(spellings)], "pas-le-bon")

    response = _log_in(client, f" {teacher.email.upper()} ", DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert "Compte temporairement bloqué" in response.content.decode()
    assert not _is_logged_in(client)
    assert _log_in(client, teacher.email, DEFAULT_PASSWORD).status_code == 429


def test_login_lockout_counts_failures_on_the_admin_log_in_page(client, teacher):
    # The admin's form does not go through ours: axes normalises the address itself.
    spellings = _spellings(teacher.email)
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("admin:login"),
            {"username": spellings[attempt % len(spellings)], "password": "pas-le-bon"},
        )

    response = _log_in(client, teacher.email, DEFAULT_PASSWORD)

    assert response.status_code == 429
    assert not _is_logged_in(client)


def test_login_lockout_holds_when_the_attacker_changes_address(client, teacher):
    # One counter per account: rotating client addresses earns no extra attempts.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN_URL,
            {"username": teacher.email, "password": "pas-le-bon"},
            REMOTE_ADDR=f"198.51.100.{attempt + 1}",
        )

    response = client.post(
        LOGIN_URL,
        {"username": teacher.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="203.0.113.7",
    )

    assert response.status_code == 429
    assert not _is_logged_in(client)


def test_login_lockout_of_one_account_leaves_others_open(client, teacher, head):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, teacher.email, "pas-le-bon")

    response = _log_in(client, head.email.upper(), DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(head.pk)


def test_login_success_with_another_spelling_resets_the_count(client, teacher):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, teacher.email.upper(), "pas-le-bon")
    assert _log_in(client, f" {teacher.email} ", DEFAULT_PASSWORD).status_code == 302
    client.post(reverse("logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, teacher.email.upper(), "pas-le-bon")
    response = _log_in(client, teacher.email.upper(), DEFAULT_PASSWORD)

    assert response.status_code == 302


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


def _request_reset(client, email, remote_addr="192.0.2.10"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=remote_addr)


def test_password_reset_emails_per_address_are_limited(
    client, teacher, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 3
    spellings = [teacher.email, teacher.email.upper(), f" {teacher.email} "]

    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            # Spread over clients, so only the address's own limit applies.
            _request_reset(client, spellings[n % 3], remote_addr=f"198.51.100.{n + 1}")
            for n in range(20)
        ]

    assert {(r.status_code, r.url) for r in responses} == {(302, reverse("password_reset_done"))}
    assert Message.objects.filter(kind="password_reset").count() == 3
    assert [mail.to for mail in mailoutbox] == [[teacher.email]] * 3


@pytest.mark.django_db
def test_password_reset_emails_per_client_are_limited(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_RESET_MAX_PER_CLIENT = 10
    users = UserFactory.create_batch(12)

    with django_capture_on_commit_callbacks(execute=True):
        responses = [_request_reset(client, user.email) for user in users]

    assert {(r.status_code, r.url) for r in responses} == {(302, reverse("password_reset_done"))}
    assert Message.objects.filter(kind="password_reset").count() == 10
    assert not Message.objects.filter(recipient__in=users[10:]).exists()


def test_password_reset_throttled_answers_the_same_page(client, teacher, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 1
    served = client.get(_request_reset(client, teacher.email).url)

    throttled = _request_reset(client, teacher.email)

    assert throttled.status_code == 302
    assert throttled.url == reverse("password_reset_done")
    assert client.get(throttled.url).content == served.content
    assert Message.objects.filter(recipient=teacher).count() == 1


def test_password_reset_other_address_from_other_client_still_served(
    client, teacher, head, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 3
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            _request_reset(client, teacher.email, remote_addr="198.51.100.1")
        response = _request_reset(client, head.email, remote_addr="203.0.113.7")

    assert response.url == reverse("password_reset_done")
    assert Message.objects.filter(recipient=head, kind="password_reset").count() == 1
    assert mailoutbox[-1].to == [head.email]


def test_password_reset_with_cache_down_still_sends_and_logs(
    client, teacher, mailoutbox, django_capture_on_commit_callbacks, settings, caplog
):
    # Nothing listens on port 1: the counters cannot be read, the user keeps a way back in.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = _request_reset(client, teacher.email)

    assert response.url == reverse("password_reset_done")
    [mail] = mailoutbox
    assert mail.to == [teacher.email]
    assert "password reset throttle unavailable" in caplog.text


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


def test_password_reset_lifts_the_lockout_of_its_account(
    client, teacher, head, mailoutbox, django_capture_on_commit_callbacks
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, teacher.email, "pas-le-bon")
        _log_in(client, head.email, "pas-le-bon")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": teacher.email})
    [mail] = mailoutbox
    set_password_url = client.get(_reset_link(mail.body), follow=True).redirect_chain[-1][0]
    new_password = "Nouveau-secret-2026!"

    client.post(set_password_url, {"new_password1": new_password, "new_password2": new_password})

    assert _log_in(client, teacher.email, new_password).status_code == 302
    client.post(reverse("logout"))
    # Another account's lockout stays.
    assert _log_in(client, head.email, DEFAULT_PASSWORD).status_code == 429


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
    # The messages are in the header's tools, not repeated in the menu.
    assert f'class="fr-btn fr-icon-mail-line" href="{reverse("notifications:inbox")}"' in content
    assert f'class="fr-nav__link" href="{reverse("notifications:inbox")}"' not in content
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
        "Accessibilité\u00a0: partiellement conforme</a>"
    ) in content


def test_footer_on_logged_in_page_links_to_accessibility(client, teacher):
    client.force_login(teacher)

    content = client.get(reverse("home")).content.decode()

    assert "Accessibilité\u00a0: partiellement conforme" in content


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
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }


@pytest.mark.django_db
def test_health_503_when_cache_unreachable_shows_statuses_only(client, settings, caplog):
    # Nothing listens on port 1: every cache call fails.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    with caplog.at_level(logging.ERROR, logger="config.health"):
        response = client.get(reverse("health"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "checks": {"database": "ok", "cache": "error", "broker": "ok"},
    }
    body = response.content.decode()
    assert "127.0.0.1" not in body
    assert "Error" not in body
    [record] = [r for r in caplog.records if r.name == "config.health"]
    assert record.check == "cache"
    assert "127.0.0.1:1" in caplog.text
