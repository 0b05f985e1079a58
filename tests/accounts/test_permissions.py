import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts.models import Etablissement, Role, RoleMembership, User
from accounts.permissions import (
    academie_ids,
    etablissement_ids,
    get_in_scope_or_404,
    has_role,
    roles_of,
    scope_q,
)
from tests.factories import EtablissementFactory, RoleMembershipFactory, UserFactory


def _visible_schools(user):
    scope = scope_q(user, academie_field="academie", etablissement_field="pk")
    return set(Etablissement.objects.filter(scope))


@pytest.fixture
def school_in_other_academie(other_academie):
    return EtablissementFactory(academie=other_academie, name="Lycée Henri-Poincaré")


@pytest.fixture
def teacher_and_trainer(teacher, other_academie):
    """Claire Martin teaches at Jean-Jaurès (Créteil) and trains in Nancy-Metz."""
    RoleMembershipFactory(
        user=teacher, role=Role.FORMATEUR, etablissement=None, academie=other_academie
    )
    # A fresh instance: `memberships` is cached on the user object.
    return User.objects.get(pk=teacher.pk)


def test_roles_of_returns_each_role_held(teacher_and_trainer):
    assert roles_of(teacher_and_trainer) == {Role.ENSEIGNANT, Role.FORMATEUR}


def test_roles_of_anonymous_is_empty():
    assert roles_of(AnonymousUser()) == set()


@pytest.mark.django_db
def test_roles_of_user_without_membership_is_empty():
    assert roles_of(UserFactory()) == set()


def test_has_role_true_when_one_of_the_roles_is_held(teacher):
    assert has_role(teacher, Role.DAFOR, Role.ENSEIGNANT)


def test_has_role_false_when_none_of_the_roles_is_held(teacher):
    assert not has_role(teacher, Role.DAFOR, Role.CHEF_ETABLISSEMENT)


def test_has_role_false_for_anonymous():
    assert not has_role(AnonymousUser(), *Role)


def test_academie_ids_without_roles_lists_every_academie(
    teacher_and_trainer, academie, other_academie
):
    assert academie_ids(teacher_and_trainer) == {academie.pk, other_academie.pk}


def test_academie_ids_filtered_by_role(teacher_and_trainer, academie, other_academie):
    assert academie_ids(teacher_and_trainer, Role.FORMATEUR) == {other_academie.pk}
    assert academie_ids(teacher_and_trainer, Role.ENSEIGNANT) == {academie.pk}
    assert academie_ids(teacher_and_trainer, Role.DAFOR) == set()


def test_academie_ids_anonymous_is_empty():
    assert academie_ids(AnonymousUser()) == set()


def test_etablissement_ids_lists_school_roles_only(teacher_and_trainer, school):
    assert etablissement_ids(teacher_and_trainer) == {school.pk}
    assert etablissement_ids(teacher_and_trainer, Role.FORMATEUR) == set()


def test_etablissement_ids_empty_for_academie_role(dafor):
    assert etablissement_ids(dafor) == set()


def test_scope_q_dafor_sees_own_academie_schools(dafor, school, other_school):
    assert _visible_schools(dafor) == {school, other_school}


def test_scope_q_dafor_does_not_see_other_academie_schools(dafor, school_in_other_academie):
    assert school_in_other_academie not in _visible_schools(dafor)


def test_scope_q_teacher_sees_own_school_only(
    teacher, school, other_school, school_in_other_academie
):
    assert _visible_schools(teacher) == {school}


def test_scope_q_teacher_academie_roles_do_not_widen_school_scope(
    teacher_and_trainer, school, other_school, school_in_other_academie
):
    # A trainer is not office staff: their académie role does not open its schools.
    assert _visible_schools(teacher_and_trainer) == {school}


@pytest.mark.django_db
def test_scope_q_user_without_role_sees_nothing(school, school_in_other_academie):
    assert _visible_schools(UserFactory()) == set()


def test_scope_q_anonymous_sees_nothing(school):
    assert _visible_schools(AnonymousUser()) == set()


def test_get_in_scope_or_404_returns_object_in_scope(teacher, school):
    scope = scope_q(teacher, etablissement_field="pk")

    assert get_in_scope_or_404(Etablissement.objects.all(), scope, pk=school.pk) == school


def test_get_in_scope_or_404_raises_for_other_academie_object(dafor, school_in_other_academie):
    scope = scope_q(dafor, etablissement_field="pk")

    with pytest.raises(Http404):
        get_in_scope_or_404(Etablissement.objects.all(), scope, pk=school_in_other_academie.pk)


def test_get_in_scope_or_404_raises_for_other_school_object(teacher, other_school):
    scope = scope_q(teacher, etablissement_field="pk")

    with pytest.raises(Http404):
        get_in_scope_or_404(Etablissement.objects.all(), scope, pk=other_school.pk)


def test_role_membership_rejects_teacher_without_school(academie):
    user = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleMembership.objects.create(
            user=user, role=Role.ENSEIGNANT, academie=academie, etablissement=None
        )

    assert not RoleMembership.objects.filter(user=user).exists()


def test_role_membership_rejects_dafor_with_school(school):
    user = UserFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleMembership.objects.create(
            user=user, role=Role.DAFOR, academie=school.academie, etablissement=school
        )

    assert not RoleMembership.objects.filter(user=user).exists()


def test_role_membership_save_copies_academie_from_school(school, other_academie):
    membership = RoleMembership.objects.create(
        user=UserFactory(), role=Role.ENSEIGNANT, academie=other_academie, etablissement=school
    )

    membership.refresh_from_db()
    assert membership.academie == school.academie
    assert membership.academie != other_academie
