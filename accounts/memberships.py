"""The office's management of its académie's roles (issue 9, point 9): grant a role to an
existing person with its scope, end a membership (kept with its end date, never deleted), and
the reads of the memberships page. Every change is in the memberships' history
(django-simple-history records who made it, through its request middleware)."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import DISTRICT_ROLES, SCHOOL_ROLES, Role, RoleMembership
from accounts.permissions import academie_ids

# Who manages an académie's roles: its training office and its administrators.
MANAGER_ROLES = (Role.DAFOR, Role.ADMINISTRATEUR)
# The administrator's role is granted in the technical administration only: the office may not
# give anyone the keys to the reference data.
GRANTABLE_ROLES = [role for role in Role if role != Role.ADMINISTRATEUR]


class MembershipError(Exception):
    """A grant or an end that is refused; the message is for the user, in French."""


def managed_academies(user):
    """The académies whose roles `user` manages; a 404 for everyone else."""
    ids = academie_ids(user, *MANAGER_ROLES)
    if not ids:
        raise Http404
    return ids


def memberships_of(academies, *, current=None):
    """The memberships of `academies`, with the person and the scope joined; `current` True
    keeps those in force, False the ended ones, None both."""
    qs = RoleMembership.objects.filter(academie_id__in=academies).select_related(
        "user", "etablissement", "district", "academie"
    )
    today = timezone.localdate()
    in_force = Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    if current is True:
        qs = qs.filter(in_force)
    elif current is False:
        qs = qs.exclude(in_force)
    return qs.order_by("user__full_name", "role", "pk")


def recent_changes(academies, limit=20):
    """The last changes to the memberships of `academies`: who, what, when, by whom."""
    return (
        RoleMembership.history.filter(academie_id__in=academies)
        .select_related("history_user", "user", "etablissement", "district")
        .order_by("-history_date", "-history_id")[:limit]
    )


@transaction.atomic
def grant(*, user, role, academie, etablissement=None, district=None, by):
    """Give `user` the `role` scoped to `etablissement` (school roles), `district` (the CLIF)
    or `academie` (the others), from today."""
    if role not in GRANTABLE_ROLES:
        raise MembershipError(_("Ce rôle ne s'attribue pas ici."))
    membership = RoleMembership(
        user=user,
        role=role,
        academie=academie,
        etablissement=etablissement if role in SCHOOL_ROLES else None,
        district=district if role in DISTRICT_ROLES else None,
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise MembershipError(
            _("%(name)s a déjà ce rôle sur ce périmètre.") % {"name": user.full_name}
        ) from error
    return membership


@transaction.atomic
def end(*, membership, by, day=None):
    """End `membership` on `day` (today by default): the row stays, with its end date."""
    day = day or timezone.localdate()
    locked = RoleMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.ended_on is not None and locked.ended_on <= day:
        raise MembershipError(_("Ce rôle a déjà pris fin."))
    if locked.user_id == by.pk and locked.role in MANAGER_ROLES:
        raise MembershipError(
            _("Vous ne pouvez pas mettre fin à votre propre rôle : demandez-le à un collègue.")
        )
    locked.ended_on = max(day, locked.started_on)
    locked.save(update_fields=["ended_on"])
    return locked
