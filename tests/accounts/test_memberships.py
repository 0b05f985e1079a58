"""The office manages its académie's roles (issue 9, point 9): grant with a scope, end (kept
with its end date), the list with its history; never for another académie (404)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role, RoleMembership
from accounts.permissions import roles_of
from tests.factories import DistrictFactory, EtablissementFactory, UserFactory, user_with_role


def login(client, user):
    client.force_login(user)
    return client


def snapshot():
    return list(
        RoleMembership.objects.order_by("pk").values_list("pk", "role", "ended_on", "district")
    )


@pytest.fixture
def person(db):
    return UserFactory(full_name="Karim Haddad", email="karim.haddad@ac-creteil.fr")


@pytest.fixture
def district(academie):
    return DistrictFactory(academie=academie, name="District de Vitry-sur-Seine")


# Who may see the pages ---------------------------------------------------------------------
@pytest.mark.parametrize("who", ["teacher", "head"])
def test_memberships_pages_are_404_for_school_roles(client, request, who):
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("memberships")).status_code == 404
    assert client.get(reverse("membership_grant")).status_code == 404


def test_clif_and_trainer_have_no_memberships_page(client, academie, district):
    for user in (
        user_with_role(Role.CLIF, district=district),
        user_with_role(Role.FORMATEUR, academie=academie),
    ):
        assert login(client, user).get(reverse("memberships")).status_code == 404


def test_office_lists_its_academie_roles_only(client, dafor, teacher, other_academie_dafor):
    response = login(client, dafor).get(reverse("memberships"))
    html = response.content.decode()
    assert response.status_code == 200
    people = {m.user for m in response.context["page"].object_list}
    assert people == {dafor, teacher}
    assert other_academie_dafor.full_name not in html


def test_administrator_manages_the_roles_too(client, academie):
    admin = user_with_role(Role.ADMINISTRATEUR, academie=academie)
    assert login(client, admin).get(reverse("memberships")).status_code == 200


@pytest.mark.parametrize("rows", [1, 8])
def test_memberships_list_queries_do_not_grow(
    client, dafor, school, rows, django_assert_num_queries
):
    for _ in range(rows):
        user_with_role(Role.ENSEIGNANT, etablissement=school)
    login(client, dafor)
    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(reverse("memberships"))
    assert len(response.context["page"].object_list) == rows + 1
    assert len(response.context["changes"]) == rows + 1


QUERIES_LIST = 7


# Granting ----------------------------------------------------------------------------------
def test_office_grants_a_school_role_by_uai(client, dafor, person, school):
    response = login(client, dafor).post(
        reverse("membership_grant"),
        {"email": "Karim.Haddad@ac-creteil.fr", "role": Role.ENSEIGNANT, "uai": school.uai.lower()},
    )
    assert response.status_code == 302
    membership = RoleMembership.objects.get(user=person)
    assert (membership.role, membership.etablissement, membership.ended_on) == (
        Role.ENSEIGNANT,
        school,
        None,
    )
    assert membership.history.get().history_user == dafor


def test_office_grants_the_clif_role_for_a_district(client, dafor, person, district):
    login(client, dafor).post(
        reverse("membership_grant"),
        {"email": person.email, "role": Role.CLIF, "district": district.pk},
    )
    membership = RoleMembership.objects.get(user=person)
    assert (membership.role, membership.district, membership.etablissement) == (
        Role.CLIF,
        district,
        None,
    )


def test_office_grants_an_academie_role(client, dafor, person, academie):
    login(client, dafor).post(
        reverse("membership_grant"), {"email": person.email, "role": Role.FORMATEUR}
    )
    assert RoleMembership.objects.get(user=person).academie == academie


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"email": "personne@nulle-part.fr"}, "email", "Aucun compte actif n'a l'adresse"),
        ({"email": "pas une adresse"}, "email", "Cette adresse électronique n'est pas valide."),
        ({"role": ""}, "role", "Choisissez le rôle."),
        ({"role": "administrateur"}, "role", "Sélectionnez un choix valide"),
        ({"role": "enseignant", "uai": ""}, "uai", "Indiquez l'UAI de l'établissement"),
        ({"role": "enseignant", "uai": "0750654D"}, "uai", "Aucun établissement de l'académie"),
        ({"role": "clif", "district": ""}, "district", "Choisissez le district du CLIF."),
    ],
)
def test_bad_grant_is_refused_and_nothing_saved(client, dafor, person, data, field, message):
    before = snapshot()
    posted = {"email": person.email, "role": Role.FORMATEUR, **data}
    response = login(client, dafor).post(reverse("membership_grant"), posted)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert snapshot() == before


def test_school_of_another_academie_is_refused(client, dafor, person, other_academie):
    elsewhere = EtablissementFactory(academie=other_academie)
    before = snapshot()
    response = login(client, dafor).post(
        reverse("membership_grant"),
        {"email": person.email, "role": Role.ENSEIGNANT, "uai": elsewhere.uai},
    )
    assert "Aucun établissement de l" in response.context["form"].errors["uai"][0]
    assert snapshot() == before


def test_district_of_another_academie_is_refused(client, dafor, person, other_academie):
    elsewhere = DistrictFactory(academie=other_academie)
    response = login(client, dafor).post(
        reverse("membership_grant"),
        {"email": person.email, "role": Role.CLIF, "district": elsewhere.pk},
    )
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert not RoleMembership.objects.filter(user=person).exists()


def test_granting_a_role_held_already_says_so(client, dafor, teacher, school):
    before = snapshot()
    response = login(client, dafor).post(
        reverse("membership_grant"),
        {"email": teacher.email, "role": Role.ENSEIGNANT, "uai": school.uai},
    )
    assert response.status_code == 200
    assert "a déjà ce rôle sur ce périmètre" in response.content.decode()
    assert snapshot() == before


# Ending ------------------------------------------------------------------------------------
def test_office_ends_a_membership_which_stays_in_the_history(client, dafor, teacher):
    membership = RoleMembership.objects.get(user=teacher)
    with time_machine.travel(datetime.datetime(2027, 3, 2, 10, tzinfo=datetime.UTC)):
        login(client, dafor).post(reverse("membership_end", args=[membership.pk]))
        membership.refresh_from_db()
        assert membership.ended_on == datetime.date(2027, 3, 2)
        teacher.refresh_from_db()
        assert roles_of(teacher) == set()  # a fresh user object: the role no longer counts
        response = client.get(reverse("memberships") + "?etat=terminees")
    assert [m.pk for m in response.context["page"].object_list] == [membership.pk]
    assert membership.history.count() == 2


def test_role_ended_may_be_granted_again(client, dafor, teacher, school):
    membership = RoleMembership.objects.get(user=teacher)
    login(client, dafor).post(reverse("membership_end", args=[membership.pk]))
    client.post(
        reverse("membership_grant"),
        {"email": teacher.email, "role": Role.ENSEIGNANT, "uai": school.uai},
    )
    assert RoleMembership.objects.filter(user=teacher).count() == 2


def test_ending_another_academie_membership_is_404(client, dafor, other_academie_dafor):
    membership = RoleMembership.objects.get(user=other_academie_dafor)
    response = login(client, dafor).post(reverse("membership_end", args=[membership.pk]))
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_office_may_not_end_its_own_role(client, dafor):
    membership = RoleMembership.objects.get(user=dafor)
    response = login(client, dafor).post(
        reverse("membership_end", args=[membership.pk]), follow=True
    )
    membership.refresh_from_db()
    assert membership.ended_on is None
    assert "votre propre rôle" in response.content.decode()


def test_ending_twice_says_so(client, dafor, teacher):
    membership = RoleMembership.objects.get(user=teacher)
    login(client, dafor).post(reverse("membership_end", args=[membership.pk]))
    response = client.post(reverse("membership_end", args=[membership.pk]), follow=True)
    assert "Ce rôle a déjà pris fin." in response.content.decode()


def test_teacher_may_not_end_a_membership(client, teacher, head):
    membership = RoleMembership.objects.get(user=head)
    assert (
        login(client, teacher).post(reverse("membership_end", args=[membership.pk])).status_code
        == 404
    )
    membership.refresh_from_db()
    assert membership.ended_on is None
