from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from accounts import demo
from accounts.models import (
    Academie,
    Corps,
    District,
    Etablissement,
    Reseau,
    Role,
    RoleMembership,
    User,
)
from accounts.uai import uai_error

pytestmark = pytest.mark.django_db

SEEDED_MODELS = (User, Etablissement, RoleMembership, District, Reseau)

# Départements of each académie of the seeds (DOMAIN.md).
DEPARTEMENTS = {
    demo.PARIS: {"075"},
    demo.NANCY_METZ: {"054", "055", "057", "088"},
    demo.CRETEIL: {"077", "093", "094"},
}


def run_seed_demo():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def membership(email):
    [role_membership] = RoleMembership.objects.filter(user__email=email).select_related(
        "academie", "etablissement"
    )
    return role_membership


def snapshot():
    """Every row of the seeded tables, and their history tables' row counts."""
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in SEEDED_MODELS}
    history = {model.__name__: model.history.count() for model in SEEDED_MODELS}
    return rows, history


def log_in(email, password):
    return authenticate(RequestFactory().post("/"), username=email, password=password)


@pytest.mark.parametrize(
    ("key", "role", "uai"),
    [
        ("enseignant", Role.ENSEIGNANT, demo.ANT_SCHOOL_UAI),
        ("enseignant2", Role.ENSEIGNANT, demo.ANT_SCHOOL_UAI),
        ("chef", Role.CHEF_ETABLISSEMENT, demo.ANT_SCHOOL_UAI),
        ("enseignant.nancy", Role.ENSEIGNANT, "0540058V"),
        ("enseignant.paris", Role.ENSEIGNANT, "0751728W"),
    ],
)
def test_seed_demo_school_roles_are_scoped_to_their_school(key, role, uai):
    run_seed_demo()

    role_membership = membership(demo.demo_email(key))
    assert role_membership.role == role
    assert role_membership.etablissement.uai == uai
    assert role_membership.academie == role_membership.etablissement.academie


@pytest.mark.parametrize(
    ("key", "role", "academie_code"),
    [
        ("formateur", Role.FORMATEUR, demo.CRETEIL),
        ("dafor", Role.DAFOR, demo.CRETEIL),
        ("saio", Role.SAIO, demo.NANCY_METZ),
        ("admin", Role.ADMINISTRATEUR, demo.NANCY_METZ),
    ],
)
def test_seed_demo_academie_roles_are_scoped_to_their_academie(key, role, academie_code):
    run_seed_demo()

    role_membership = membership(demo.demo_email(key))
    assert role_membership.role == role
    assert role_membership.academie.code == academie_code
    assert role_membership.etablissement is None


def test_seed_demo_gives_every_role_a_login():
    run_seed_demo()

    roles = set(RoleMembership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_seed_demo_ant_school_is_a_creteil_college_with_two_teachers_and_a_head():
    run_seed_demo()

    school = Etablissement.objects.get(uai=demo.ANT_SCHOOL_UAI)
    assert school.type == "Collège"
    assert school.academie.code == demo.CRETEIL
    assert school.district is not None
    roles = sorted(school.memberships.values_list("role", flat=True))
    assert roles == [Role.CHEF_ETABLISSEMENT, Role.ENSEIGNANT, Role.ENSEIGNANT]


def test_seed_demo_uses_the_contacts_named_in_the_seeds():
    run_seed_demo()

    assert User.objects.get(email=demo.demo_email("dafor")).full_name == "Patricia Bourgeois"
    assert User.objects.get(email=demo.demo_email("saio")).full_name == "Lucie Antoine"


def test_seed_demo_administrator_may_use_the_django_admin_and_no_one_else():
    run_seed_demo()

    admin = User.objects.get(email=demo.demo_email("admin"))
    assert admin.is_staff
    assert admin.is_superuser
    others = User.objects.exclude(pk=admin.pk)
    assert not others.filter(is_staff=True).exists()
    assert not others.filter(is_superuser=True).exists()


def test_seed_demo_every_uai_is_valid():
    run_seed_demo()

    uais = list(Etablissement.objects.values_list("uai", flat=True))
    assert sorted(uais) == sorted(school.uai for school in demo.SCHOOLS)
    assert {uai: uai_error(uai) for uai in uais} == dict.fromkeys(uais)


def test_seed_demo_schools_lie_in_their_academie():
    run_seed_demo()

    for school in Etablissement.objects.select_related("academie", "district", "reseau"):
        assert school.departement in DEPARTEMENTS[school.academie.code], school
        assert school.postcode[:2] == school.departement[1:], school
        if school.academie.code == demo.CRETEIL:
            assert school.district is not None, school
            assert school.district.academie == school.academie
        if school.reseau is not None:
            assert school.reseau.academie == school.academie


def test_seed_demo_has_six_to_ten_schools_per_academie():
    run_seed_demo()

    for academie in Academie.objects.filter(code__in=DEPARTEMENTS):
        assert 6 <= academie.etablissements.count() <= 10, academie


def test_seed_demo_creates_creteil_districts_and_reseaux():
    run_seed_demo()

    creteil = Academie.objects.get(code=demo.CRETEIL)
    assert set(creteil.districts.values_list("name", flat=True)) == set(
        demo.DISTRICTS[demo.CRETEIL]
    )
    assert set(creteil.reseaux.values_list("name", flat=True)) == set(demo.RESEAUX[demo.CRETEIL])
    for reseau in creteil.reseaux.all():
        assert reseau.etablissements.count() >= 2


def test_seed_demo_twice_changes_nothing():
    run_seed_demo()
    before = snapshot()

    run_seed_demo()

    assert snapshot() == before


def test_seed_demo_restores_a_changed_field_without_touching_the_rest():
    run_seed_demo()
    Etablissement.objects.filter(uai="0540038Y").update(name="Renommé")
    before = snapshot()[1]

    run_seed_demo()

    assert Etablissement.objects.get(uai="0540038Y").name == "Lycée Henri Poincaré"
    history = snapshot()[1]
    assert history == {**before, "Etablissement": before["Etablissement"] + 1}


def test_seed_demo_prints_each_login_with_its_role_scope_and_password():
    output = run_seed_demo()

    assert "Comptes de démonstration" in output
    lines = output.splitlines()
    for user in demo.USERS:
        [line] = [line for line in lines if line.startswith(user.email + " ")]
        assert str(Role(user.role).label) in line
        assert line.endswith(demo.DEFAULT_DEMO_PASSWORD)
    assert "Collège Jean Perrin (Vitry-sur-Seine)" in output
    assert "Académie de Nancy-Metz" in output


def test_seed_demo_password_logs_every_demo_user_in():
    run_seed_demo()

    for user in demo.USERS:
        assert log_in(user.email, demo.DEFAULT_DEMO_PASSWORD) is not None, user.email
    assert log_in(demo.demo_email("enseignant"), "mauvais-mot-de-passe") is None


def test_seed_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Autre-mot-de-passe-42")

    output = run_seed_demo()

    assert log_in(demo.demo_email("chef"), "Autre-mot-de-passe-42") is not None
    assert "Autre-mot-de-passe-42" in output


def test_seed_demo_keeps_a_password_changed_since():
    run_seed_demo()
    teacher = User.objects.get(email=demo.demo_email("enseignant"))
    teacher.set_password("Nouveau-mot-de-passe-1")
    teacher.save()

    run_seed_demo()

    assert log_in(teacher.email, "Nouveau-mot-de-passe-1") is not None
    assert log_in(teacher.email, demo.DEFAULT_DEMO_PASSWORD) is None


def test_seed_demo_updates_an_existing_account_whatever_the_case_of_its_email():
    User.objects.create(email=demo.demo_email("formateur").upper(), full_name="Ancien nom")

    run_seed_demo()

    [trainer] = User.objects.filter(email__iexact=demo.demo_email("formateur"))
    assert trainer.full_name == "Karim Haddad"
    assert trainer.corps == Corps.AGREGE
    assert membership(trainer.email).role == Role.FORMATEUR


def test_seed_demo_fails_clearly_without_the_academies():
    RoleMembership.objects.all().delete()
    Etablissement.objects.all().delete()
    Academie.objects.filter(code=demo.CRETEIL).delete()

    with pytest.raises(CommandError, match="Académie 24 absente"):
        run_seed_demo()
