"""Inviting a person who has no account yet (issue 9, point 9).

`invite` writes the invitation and its e-mail (through the outbox) with a one-time link; the
account it creates is inactive and has no usable password. `accept` — the person opens the
link and chooses a password — activates the account and gives the role, once: a used or
expired link is refused with a clear message."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import DISTRICT_ROLES, SCHOOL_ROLES, Invitation, Role, RoleMembership, User
from notifications.services import notify

INVITATION_DAYS = 14
# Roles given by an invitation: those scoped to the académie (school and district roles need
# a scope the person's account is given on the roles page), never the administrator's.
INVITABLE_ROLES = [
    role
    for role in Role
    if role not in SCHOOL_ROLES and role not in DISTRICT_ROLES and role != Role.ADMINISTRATEUR
]


class InvitationError(Exception):
    """An invitation refused or no longer valid; the message is for the user, in French."""


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def find(token):
    """The invitation of `token`, or None."""
    return (
        Invitation.objects.select_related("user", "academie")
        .filter(token_hash=token_hash(token))
        .first()
    )


@transaction.atomic
def invite(*, email, full_name, role, academie, by, now=None):
    """Invite `email` to `role` in `academie`; returns the invitation. A person who already has
    an active account is given the role on the roles page instead."""
    now = now or timezone.now()
    email = email.strip().lower()
    if role not in INVITABLE_ROLES:
        raise InvitationError(_("Ce rôle ne s'attribue pas par invitation."))
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    if user is not None and user.is_active:
        raise InvitationError(
            _(
                "%(name)s a déjà un compte : attribuez-lui le rôle depuis la page des rôles "
                "de l'académie."
            )
            % {"name": user.full_name}
        )
    if user is None:
        user = User(email=email, full_name=full_name, is_active=False)
        user.set_unusable_password()
        user.save()
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        full_name=full_name,
        role=role,
        academie=academie,
        user=user,
        token_hash=token_hash(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    notify(
        recipient=user,
        kind="account_invitation",
        url=reverse("invitation", args=[token]),
        context={"invitation": invitation, "inviter": by, "days": INVITATION_DAYS},
        in_inbox=False,
    )
    return invitation


@transaction.atomic
def accept(*, invitation, password, now=None):
    """Activate the invited account with `password` and give its role; once, before expiry."""
    now = now or timezone.now()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError(
            _("Cette invitation a déjà servi : connectez-vous avec votre mot de passe.")
        )
    if invitation.is_expired(now):
        raise InvitationError(
            _("Cette invitation a expiré : demandez à l'EAFC de vous en envoyer une nouvelle.")
        )
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    user.set_password(password)
    user.is_active = True
    user.full_name = user.full_name or invitation.full_name
    user.save(update_fields=["password", "is_active", "full_name"])
    RoleMembership.objects.get_or_create(
        user=user,
        role=invitation.role,
        academie=invitation.academie,
        etablissement=None,
        district=None,
        ended_on=None,
    )
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_at"])
    return user
