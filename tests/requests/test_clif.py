"""Districts and the CLIF (issue 9, point 3): the CLIF's role scoped to a district, the
district and réseau requests they coordinate, the host school they propose and the office
confirms, and what the CLIF of another district or académie does not see (404)."""

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Role, RoleMembership
from accounts.permissions import district_ids
from requests import queries, workflow
from requests.models import AntRequest, State, ThreadMessage
from tests.factories import (
    IN_WINDOW,
    DistrictFactory,
    EtablissementFactory,
    ant_request,
    put_in_state,
    user_with_role,
)


# The district of Vitry-sur-Seine, its collèges, its CLIF and its heads -----------------------
@pytest.fixture
def district(academie):
    return DistrictFactory(academie=academie, name="District de Vitry-sur-Seine")


@pytest.fixture
def other_district(academie):
    return DistrictFactory(academie=academie, name="District de Bobigny")


@pytest.fixture
def perrin(academie, district):
    return EtablissementFactory(academie=academie, district=district, name="Collège Jean-Perrin")


@pytest.fixture
def assia(academie, district):
    return EtablissementFactory(
        academie=academie, district=district, name="Collège Assia-Djebar", commune="Ivry"
    )


@pytest.fixture
def outside(academie, other_district):
    return EtablissementFactory(
        academie=academie, district=other_district, name="Collège Jean-Jaurès de Bobigny"
    )


@pytest.fixture
def clif(district):
    return user_with_role(
        Role.CLIF, district=district, full_name="Nadia Benali", email="clif@ac-test.fr"
    )


@pytest.fixture
def other_clif(other_district):
    return user_with_role(Role.CLIF, district=other_district, full_name="Marc Olivier")


@pytest.fixture
def other_academie_clif(other_academie):
    return user_with_role(
        Role.CLIF,
        district=DistrictFactory(academie=other_academie, name="District de Nancy"),
        full_name="Jeanne Colin",
    )


@pytest.fixture
def perrin_head(perrin):
    return user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=perrin, full_name="Sophie Lambert")


@pytest.fixture
def perrin_teacher(perrin):
    return user_with_role(Role.ENSEIGNANT, etablissement=perrin, full_name="Julien Fabre")


@pytest.fixture
def assia_teacher(assia):
    return user_with_role(Role.ENSEIGNANT, etablissement=assia, full_name="Amel Saïdi")


def login(client, user):
    client.force_login(user)
    return client


def district_data(campaign_, district_, coordinating_, schools_, **overrides):
    data = {
        "campaign": campaign_.pk,
        "scale": "district",
        "coordinating_school": coordinating_.pk,
        "district": district_.pk,
        "schools": [s.pk for s in schools_],
        "proposed_host_school": schools_[-1].pk,
        "theme": "",
        "own_theme": "Accueillir les élèves allophones",
        "title": "Les élèves allophones dans le district",
        "professional_questions": "Comment accueillir les élèves arrivés en cours d'année ?",
        "expected_outcomes": "Un protocole d'accueil commun au district.",
        "public_count": "18",
        "public_categories": "Enseignants, CPE",
        "preferred_periods": "Premier trimestre",
        "constraints_text": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def district_request(campaign, clif, perrin, assia, assia_teacher, district):
    """A district request coordinated by the CLIF for two collèges, under review."""
    ant = ant_request(
        campaign=campaign,
        coordinator=clif,
        school=perrin,
        members=[assia_teacher],
        scale="district",
        district=district,
    )
    ant.schools.set([perrin, assia])
    return put_in_state(ant, State.UNDER_REVIEW)


# The role ----------------------------------------------------------------------------------
def test_clif_membership_is_scoped_to_a_district(clif, district, academie):
    membership = RoleMembership.objects.get(user=clif)
    assert (membership.district, membership.academie, membership.etablissement) == (
        district,
        academie,
        None,
    )
    assert district_ids(clif, Role.CLIF) == {district.pk}
    assert (
        str(membership)
        == "Correspondant local en ingénierie de formation (CLIF) — District de Vitry-sur-Seine"
    )


def test_clif_membership_without_a_district_is_refused(academie, teacher):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleMembership.objects.create(user=teacher, role=Role.CLIF, academie=academie)


def test_school_role_with_a_district_is_refused(teacher, school, district):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleMembership.objects.create(
            user=teacher, role=Role.CHEF_ETABLISSEMENT, etablissement=school, district=district
        )


def test_academie_role_with_a_district_is_refused(dafor, academie, district):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleMembership.objects.create(
            user=dafor, role=Role.FORMATEUR, academie=academie, district=district
        )


# Creating a district request ---------------------------------------------------------------
def test_clif_create_page_offers_the_district_scales_and_schools(
    client, clif, campaign, perrin, assia, outside
):
    response = login(client, clif).get(reverse("requests:create"))
    form = response.context["form"]
    assert response.status_code == 200
    assert [value for value, _ in form.fields["scale"].choices] == ["district"]
    assert set(form.fields["coordinating_school"].queryset) == {perrin, assia}
    assert set(form.fields["schools"].queryset) == {perrin, assia}
    assert form["scale"].value() == "district"
    assert "Établissement d&#x27;accueil proposé" in response.content.decode()


def test_clif_creates_a_district_request_for_two_schools(
    client, clif, campaign, district, perrin, assia
):
    with time_machine.travel(IN_WINDOW):
        response = login(client, clif).post(
            reverse("requests:create"), district_data(campaign, district, perrin, [perrin, assia])
        )
    ant = AntRequest.objects.get()
    assert response.status_code == 302 and response.url == ant.get_absolute_url()
    assert (ant.scale, ant.district, ant.coordinating_school, ant.coordinator) == (
        "district",
        district,
        perrin,
        clif,
    )
    assert set(ant.schools.all()) == {perrin, assia}
    assert ant.proposed_host_school == assia
    assert list(ant.members.values_list("user", "status")) == [(clif.pk, "confirmed")]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"district": ""}, "district", "Choisissez le district du projet."),
        ({"scale": "etablissement"}, "scale", "Sélectionnez un choix valide."),
        (
            {"proposed_host_school": "OUTSIDE"},
            "proposed_host_school",
            "Sélectionnez un choix valide.",
        ),
        (
            {"schools": "OUTSIDE"},
            "schools",
            "Sélectionnez un choix valide.",
        ),
    ],
)
def test_clif_bad_district_request_is_refused_and_nothing_saved(
    client, clif, campaign, district, perrin, assia, outside, overrides, field, message
):
    overrides = {
        key: (outside.pk if value == "OUTSIDE" else value) for key, value in overrides.items()
    }
    if overrides.get("schools") == outside.pk:
        overrides["schools"] = [perrin.pk, outside.pk]
    response = login(client, clif).post(
        reverse("requests:create"),
        district_data(campaign, district, perrin, [perrin, assia], **overrides),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert not AntRequest.objects.exists()


def test_proposed_host_school_must_be_among_the_schools_concerned(
    client, clif, campaign, district, perrin, assia, academie
):
    third = EtablissementFactory(academie=academie, district=district, name="École Joliot-Curie")
    response = login(client, clif).post(
        reverse("requests:create"),
        district_data(campaign, district, perrin, [perrin, assia], proposed_host_school=third.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_host_school"] == [
        "L'établissement d'accueil proposé doit être l'un des établissements concernés."
    ]
    assert not AntRequest.objects.exists()


@pytest.mark.parametrize("who", ["dafor", "trainer"])
def test_office_and_trainers_have_no_create_page(client, request, who, campaign):
    user = request.getfixturevalue(who)
    assert login(client, user).get(reverse("requests:create")).status_code == 404


# Seeing the district's requests ------------------------------------------------------------
def test_clif_sees_the_requests_of_the_district_schools(
    client, clif, campaign, perrin, perrin_teacher, outside
):
    school_request = ant_request(campaign=campaign, coordinator=perrin_teacher, school=perrin)
    elsewhere = ant_request(
        campaign=campaign,
        coordinator=user_with_role(Role.ENSEIGNANT, etablissement=outside),
        school=outside,
    )
    assert set(queries.visible_requests(clif)) == {school_request}
    assert login(client, clif).get(school_request.get_absolute_url()).status_code == 200
    assert client.get(elsewhere.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["other_clif", "other_academie_clif", "other_academie_dafor"])
def test_another_district_or_academie_gets_404(client, request, who, district_request):
    user = request.getfixturevalue(who)
    login(client, user)
    assert client.get(district_request.get_absolute_url()).status_code == 404
    url = reverse("requests:propose_host_school", args=[district_request.pk])
    assert client.post(url, {"accueil-school": ""}).status_code == 404
    district_request.refresh_from_db()
    assert district_request.proposed_host_school is None


def test_district_list_shows_the_district_requests_only(
    client, clif, district_request, campaign, outside
):
    ant_request(
        campaign=campaign,
        coordinator=user_with_role(Role.ENSEIGNANT, etablissement=outside),
        school=outside,
        title="Projet d'un autre district",
    )
    response = login(client, clif).get(reverse("requests:district_requests"))
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [district_request]
    assert district_request.reference in html
    assert "Projet d'un autre district" not in html
    assert "Demandes du district" in html  # the menu entry


@pytest.mark.parametrize("who", ["teacher", "head", "dafor", "trainer"])
def test_district_list_is_404_for_other_roles(client, request, who):
    user = request.getfixturevalue(who)
    assert login(client, user).get(reverse("requests:district_requests")).status_code == 404


@pytest.mark.parametrize("rows", [1, 6])
def test_district_list_queries_do_not_grow_with_rows(
    client, clif, campaign, perrin, perrin_teacher, rows, django_assert_num_queries
):
    for n in range(rows):
        ant_request(campaign=campaign, coordinator=perrin_teacher, school=perrin, title=f"P{n}")
    login(client, clif)
    # The same count for one row or six: the rows' relations are joined.
    with django_assert_num_queries(QUERIES_DISTRICT_LIST):
        response = client.get(reverse("requests:district_requests"))
    assert len(response.context["page"].object_list) == rows


QUERIES_DISTRICT_LIST = 7


# Proposing the host school and confirming it -----------------------------------------------
def test_clif_proposes_the_host_school_during_review(client, clif, district_request, assia):
    url = reverse("requests:propose_host_school", args=[district_request.pk])
    response = login(client, clif).post(url, {"accueil-school": assia.pk})
    district_request.refresh_from_db()
    assert response.status_code == 302
    assert district_request.proposed_host_school == assia
    assert ThreadMessage.objects.filter(
        request=district_request, body__contains="comme établissement d'accueil"
    ).exists()
    assert district_request.history.first().proposed_host_school_id == assia.pk


def test_clif_of_the_district_who_is_not_coordinator_may_propose(
    client, district, campaign, perrin, assia, perrin_teacher, assia_teacher
):
    ant = ant_request(
        campaign=campaign,
        coordinator=perrin_teacher,
        school=perrin,
        members=[assia_teacher],
        scale="district",
        district=district,
    )
    ant.schools.set([perrin, assia])
    second_clif = user_with_role(Role.CLIF, district=district, full_name="Lina Morel")
    url = reverse("requests:propose_host_school", args=[ant.pk])
    login(client, second_clif).post(url, {"accueil-school": perrin.pk})
    ant.refresh_from_db()
    assert ant.proposed_host_school == perrin


def test_proposal_outside_the_schools_concerned_is_refused(client, clif, district_request, outside):
    url = reverse("requests:propose_host_school", args=[district_request.pk])
    response = login(client, clif).post(url, {"accueil-school": outside.pk}, follow=True)
    district_request.refresh_from_db()
    assert district_request.proposed_host_school is None
    assert "doit être l&#x27;un des établissements concernés" in response.content.decode()


@pytest.mark.parametrize("who", ["assia_teacher", "perrin_head", "dafor"])
def test_others_who_see_the_request_may_not_propose(client, request, who, district_request):
    user = request.getfixturevalue(who)
    url = reverse("requests:propose_host_school", args=[district_request.pk])
    assert login(client, user).post(url, {"accueil-school": ""}).status_code == 404


def test_no_proposal_once_validated(client, clif, district_request, assia, perrin):
    put_in_state(district_request, State.VALIDATED, host_school=perrin, planned_hours=12)
    url = reverse("requests:propose_host_school", args=[district_request.pk])
    assert login(client, clif).post(url, {"accueil-school": assia.pk}).status_code == 404
    district_request.refresh_from_db()
    assert district_request.proposed_host_school is None


def test_office_validation_prefills_and_confirms_the_proposed_host_school(
    client, dafor, district_request, assia
):
    district_request.proposed_host_school = assia
    district_request.save(update_fields=["proposed_host_school"])
    response = login(client, dafor).get(district_request.get_absolute_url())
    html = response.content.decode()
    assert "Proposé par le coordonnateur\u00a0: Collège Assia-Djebar" in html
    assert f'<option value="{assia.pk}" selected' in html

    url = reverse("requests:transition", args=[district_request.pk, "validate"])
    client.post(url, {"validate-host_school": assia.pk, "validate-planned_hours": "12"})
    district_request.refresh_from_db()
    assert district_request.state == State.VALIDATED
    assert district_request.host_school == assia


def test_validation_may_name_another_host_school(dafor, district_request, assia, perrin):
    district_request.proposed_host_school = assia
    district_request.save(update_fields=["proposed_host_school"])
    workflow.perform(
        district_request,
        "validate",
        by=dafor,
        data={"host_school": perrin, "planned_hours": "12"},
    )
    district_request.refresh_from_db()
    assert (district_request.host_school, district_request.proposed_host_school) == (perrin, assia)


def test_clif_coordinator_submits_and_the_coordinating_head_endorses(
    clif, campaign, perrin, perrin_head, assia, assia_teacher, district
):
    ant = ant_request(
        campaign=campaign,
        coordinator=clif,
        school=perrin,
        members=[assia_teacher],
        scale="district",
        district=district,
    )
    with time_machine.travel(IN_WINDOW):
        workflow.perform(ant, "submit", by=clif)
        workflow.perform(ant, "endorse", by=perrin_head)
    assert ant.state == State.ENDORSED


# The demo ----------------------------------------------------------------------------------
def test_demo_has_a_clif_leading_a_district_request(db):
    from io import StringIO

    from django.core.management import call_command

    from accounts.demo import demo_email
    from accounts.models import User
    from requests.demo import DISTRICT_REQUEST_TITLE
    from tests.factories import AcademieFactory

    # The académies come from a data migration, absent from a run without migrations.
    for code, name in (("01", "Paris"), ("12", "Nancy-Metz"), ("24", "Créteil")):
        AcademieFactory(code=code, name=name)
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # a second run adds nothing

    clif = User.objects.get(email=demo_email("clif"))
    [membership] = clif.role_memberships.all()
    assert (membership.role, membership.district.name) == (
        Role.CLIF,
        "District de Vitry-sur-Seine",
    )
    ant = AntRequest.objects.get(title=DISTRICT_REQUEST_TITLE)
    assert (ant.coordinator, ant.scale, ant.state) == (clif, "district", State.UNDER_REVIEW)
    assert ant.proposed_host_school.uai == "0941025D"
    assert {s.uai for s in ant.schools.all()} == {"0941033M", "0941025D"}
    assert ant in queries.visible_requests(clif)
