"""Inviting a person who has no account (issue 9, point 9): the office invites, the e-mail
goes through the outbox with a one-time link, the person chooses a password and their account
is ready with the role; a used, expired or unknown link shows a clear page."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Invitation, Role, RoleMembership, User
from accounts.permissions import roles_of
from notifications.models import Message
from tests.factories import user_with_role

PASSWORD = "Formateur-volontaire-2020"


def login(client, user):
    client.force_login(user)
    return client


def invite(client, **overrides):
    data = {
        "full_name": "Karim  Haddad",
        "email": "Karim.Haddad@ac-creteil.fr",
        "role": "formateur",
    }
    data.update(overrides)
    return client.post(reverse("invitations"), data)


def link_of(message):
    return re.search(r"/invitation/[\w-]+/", message.body_text).group(0)


@pytest.fixture
def invited(client, dafor):
    login(client, dafor)
    invite(client)
    client.logout()
    return Message.objects.get(kind="account_invitation")


def test_office_invites_a_person_without_an_account(client, dafor, academie):
    response = invite(login(client, dafor))
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.full_name, invitation.role, invitation.academie) == (
        "karim.haddad@ac-creteil.fr",
        "Karim Haddad",
        Role.FORMATEUR,
        academie,
    )
    assert invitation.invited_by == dafor
    assert not invitation.user.is_active and not invitation.user.has_usable_password()
    [message] = Message.objects.filter(kind="account_invitation")
    assert message.recipient == invitation.user and not message.in_inbox
    assert "Patricia Bourgeois vous invite" in message.body_text
    # Only the token's hash is kept.
    assert link_of(message).split("/")[2] not in invitation.token_hash


def test_invited_person_chooses_a_password_and_is_logged_in(client, invited, academie):
    url = link_of(invited)
    page = client.get(url)
    assert page.status_code == 200
    assert "Bonjour Karim Haddad" in page.content.decode()
    response = client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    user = User.objects.get(email="karim.haddad@ac-creteil.fr")
    assert user.is_active and user.check_password(PASSWORD)
    assert roles_of(user) == {Role.FORMATEUR}
    assert Invitation.objects.get().accepted_at is not None
    assert client.get(reverse("home")).status_code == 200  # logged in


def test_used_link_shows_a_clear_page(client, invited):
    url = link_of(invited)
    client.post(url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "Cette invitation a déjà servi" in response.content.decode()
    response = client.post(
        url, {"new_password1": "Autre-mot-2020!", "new_password2": "Autre-mot-2020!"}
    )
    assert response.status_code == 410
    assert User.objects.get(email="karim.haddad@ac-creteil.fr").check_password(PASSWORD)


def test_expired_link_shows_a_clear_page_and_creates_nothing(client, invited):
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=15)):
        response = client.post(
            link_of(invited), {"new_password1": PASSWORD, "new_password2": PASSWORD}
        )
    assert response.status_code == 410
    assert "Cette invitation a expiré" in response.content.decode()
    user = User.objects.get(email="karim.haddad@ac-creteil.fr")
    assert not user.is_active and not RoleMembership.objects.filter(user=user).exists()


def test_unknown_link_is_a_clear_404(client, db):
    response = client.get(reverse("invitation", args=["pas-un-jeton"]))
    assert response.status_code == 404
    assert "Ce lien d&#x27;invitation n&#x27;est pas valable." in response.content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"new_password1": PASSWORD, "new_password2": "autre"}, "Les deux mots de passe"),
        ({"new_password1": "123", "new_password2": "123"}, "trop court"),
        ({"new_password1": "", "new_password2": ""}, "obligatoire"),
    ],
)
def test_bad_password_is_refused_and_the_account_stays_inactive(client, invited, data, message):
    response = client.post(link_of(invited), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.get(email="karim.haddad@ac-creteil.fr").is_active
    assert Invitation.objects.get().accepted_at is None


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": "pas une adresse"}, "email", "Cette adresse électronique n'est pas valide."),
        ({"full_name": "   "}, "full_name", "Indiquez le prénom et le nom"),
        ({"role": "administrateur"}, "role", "Sélectionnez un choix valide"),
        ({"role": "enseignant"}, "role", "Sélectionnez un choix valide"),
    ],
)
def test_bad_invitation_is_refused_and_nothing_sent(client, dafor, overrides, field, message):
    response = invite(login(client, dafor), **overrides)
    assert response.status_code == 200
    assert any(message in e for e in response.context["form"].errors[field])
    assert not Invitation.objects.exists() and not Message.objects.exists()


def test_inviting_someone_with_an_account_says_to_grant_the_role(client, dafor, teacher):
    response = invite(login(client, dafor), email=teacher.email)
    assert "a déjà un compte" in response.context["form"].errors["email"][0]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "head", "trainer_user"])
def test_invitation_page_is_404_for_others(client, request, who, academie):
    user = (
        user_with_role(Role.FORMATEUR, academie=academie)
        if who == "trainer_user"
        else request.getfixturevalue(who)
    )
    login(client, user)
    assert client.get(reverse("invitations")).status_code == 404
    assert invite(client).status_code == 404
    assert not Invitation.objects.exists()


def test_office_sees_only_its_academie_invitations(client, dafor, other_academie_dafor):
    invite(login(client, other_academie_dafor), email="lucie@ac-nancy-metz.fr")
    invite(login(client, dafor))
    response = client.get(reverse("invitations"))
    assert [i.email for i in response.context["invitations"]] == ["karim.haddad@ac-creteil.fr"]
    assert Invitation.objects.get(email="lucie@ac-nancy-metz.fr").academie.code == "12"


@pytest.mark.parametrize("rows", [1, 5])
def test_invitation_list_queries_do_not_grow(client, dafor, rows, django_assert_num_queries):
    login(client, dafor)
    for n in range(rows):
        invite(client, email=f"personne{n}@ac-creteil.fr")
    with django_assert_num_queries(QUERIES_INVITATIONS):
        response = client.get(reverse("invitations"))
    assert len(response.context["invitations"]) == rows


QUERIES_INVITATIONS = 6
