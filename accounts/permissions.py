"""Scoping helpers every app builds its permissions on.

A user sees an object when one of their roles covers it: an académie role (trainer, EAFC,
SAIO, administrator) covers what belongs to that académie, a school role (teacher, head)
covers what belongs to that school. Objects outside the user's scope are looked up through
`get_in_scope_or_404`, so another school's or académie's record is a 404, never a 403 that
confirms it exists.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.models import Role

# Académie roles that administer records (as opposed to trainers, who see their assignments).
OFFICE_ROLES = frozenset({Role.DAFOR, Role.SAIO, Role.ADMINISTRATEUR})


def roles_of(user):
    if not user.is_authenticated:
        return set()
    return {m.role for m in user.memberships}


def has_role(user, *roles):
    return bool(roles_of(user) & set(roles))


def academie_ids(user, *roles):
    """Académies where the user holds one of `roles` (any role when none is given)."""
    if not user.is_authenticated:
        return set()
    return {m.academie_id for m in user.memberships if not roles or m.role in roles}


def etablissement_ids(user, *roles):
    """Schools where the user holds one of `roles` (school roles only; any when none given)."""
    if not user.is_authenticated:
        return set()
    return {
        m.etablissement_id
        for m in user.memberships
        if m.etablissement_id and (not roles or m.role in roles)
    }


# --- districts and the CLIF (issue 9, point 3) ---
def district_ids(user, *roles):
    """Districts where the user holds one of `roles` (district roles only: the CLIF)."""
    if not user.is_authenticated:
        return set()
    return {
        m.district_id for m in user.memberships if m.district_id and (not roles or m.role in roles)
    }


def has_role_in_district(user, district_id, *roles):
    return district_id in district_ids(user, *roles)


def has_role_in_academie(user, academie_id, *roles):
    return academie_id in academie_ids(user, *roles)


def has_role_in_etablissement(user, etablissement_id, *roles):
    return etablissement_id in etablissement_ids(user, *roles)


def scope_q(
    user,
    *,
    academie_field="academie",
    etablissement_field=None,
    academie_roles=OFFICE_ROLES,
    school_roles=(Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT),
):
    """A filter selecting the objects `user` may see.

    `academie_field` / `etablissement_field` name the lookups from the model to its académie
    and school; office staff see their académie's objects, school members their school's.
    """
    q = Q(pk__in=[])
    office = academie_ids(user, *academie_roles) if academie_roles else set()
    if office:
        q |= Q(**{f"{academie_field}__in": office})
    if etablissement_field and school_roles:
        schools = etablissement_ids(user, *school_roles)
        if schools:
            q |= Q(**{f"{etablissement_field}__in": schools})
    return q


def get_in_scope_or_404(queryset, scope, **lookup):
    """Look an object up among those `scope` (a Q from `scope_q`) lets the user see."""
    return get_object_or_404(queryset.filter(scope), **lookup)
