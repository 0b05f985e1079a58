"""The trainers' pages: the office's trainer list and matching page, the trainer's answers."""

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from requests import services, workflow
from requests.models import State, TrainerAssignment
from tests.factories import (
    IN_WINDOW,
    EtablissementFactory,
    TrainerProfileFactory,
    ant_request,
    user_with_role,
)


# Local helpers -------------------------------------------------------------------------------
def make_trainer(academie, name, *, departement="093", disciplines="Mathématiques", **profile):
    user = user_with_role(Role.FORMATEUR, academie=academie, full_name=name)
    themes = profile.pop("themes", [])
    trainer_profile = TrainerProfileFactory(
        user=user, academie=academie, departement=departement, disciplines=disciplines, **profile
    )
    trainer_profile.themes.set(themes)
    return user


@pytest.fixture
def trainer(academie, theme):
    """A trainer of the request's catalogue theme."""
    return make_trainer(academie, "Sophie Lemaire", themes=[theme])


def snapshot():
    return list(TrainerAssignment.objects.order_by("pk").values_list("pk", "status", "trainer"))


# The office's trainer list ---------------------------------------------------------------------
def test_trainer_list_shows_each_trainer_with_themes_area_school_and_load(
    client, dafor, academie, other_academie, trainer, theme, under_review, other_school
):
    make_trainer(academie, "Hugo Petit", departement="094", disciplines="Lettres, Histoire",
                 home_school=other_school, max_load=1)  # fmt: skip
    make_trainer(other_academie, "Nina Metz")
    services.assign_trainer(ant=under_review, trainer=trainer, by=dafor)
    client.force_login(dafor)

    response = client.get(reverse("requests:trainers"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sophie Lemaire" in page and "Hugo Petit" in page
    assert "Nina Metz" not in page  # another académie's trainer
    assert "Évaluer par compétences" in page
    assert "Lettres, Histoire" in page and "094" in page
    assert "Collège Pablo-Neruda" in page
    rows = {p.user.full_name: p for p in response.context["page"].object_list}
    assert (rows["Sophie Lemaire"].load, rows["Sophie Lemaire"].max_load) == (1, 3)
    assert (rows["Hugo Petit"].load, rows["Hugo Petit"].max_load) == (0, 1)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"discipline": "histoire"}, ["Hugo Petit"]),
        ({"discipline": "Mathématiques"}, ["Léa Moreau", "Sophie Lemaire"]),
        ({"departement": "094"}, ["Hugo Petit"]),
        ({"discipline": "Mathématiques", "departement": "077"}, ["Léa Moreau"]),
        ({}, ["Hugo Petit", "Léa Moreau", "Sophie Lemaire"]),
    ],
)
def test_trainer_list_filters_by_discipline_and_departement(
    client, dafor, academie, trainer, query, expected
):
    make_trainer(academie, "Hugo Petit", departement="094", disciplines="Lettres, histoire")
    make_trainer(academie, "Léa Moreau", departement="077", disciplines="SVT,Mathématiques")
    client.force_login(dafor)

    response = client.get(reverse("requests:trainers"), query)

    assert [p.user.full_name for p in response.context["page"].object_list] == expected


def test_trainer_list_rejects_an_unknown_filter_value_with_the_full_list(client, dafor, trainer):
    client.force_login(dafor)
    response = client.get(reverse("requests:trainers"), {"departement": "999"})
    assert response.status_code == 200
    assert "departement" in response.context["filter"].form.errors


@pytest.mark.parametrize("who", ["teacher", "head", "trainer"])
def test_trainer_list_is_404_for_anyone_but_the_office(client, request, trainer, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("requests:trainers")).status_code == 404


def test_trainer_list_of_another_academie_office_shows_none_of_ours(
    client, other_academie_dafor, trainer
):
    client.force_login(other_academie_dafor)
    response = client.get(reverse("requests:trainers"))
    assert response.status_code == 200
    assert "Sophie Lemaire" not in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_trainer_list_query_count_is_constant(
    client, dafor, academie, theme, school, count, django_assert_max_num_queries
):
    for n in range(count):
        make_trainer(academie, f"Formateur {n:02d}", themes=[theme], home_school=school)
    client.force_login(dafor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("requests:trainers"))
    assert len(response.context["page"].object_list) == count


# Suggestions ---------------------------------------------------------------------------------
def test_suggestions_are_ranked_with_their_reasons_and_load(
    client, dafor, academie, under_review, trainer
):
    make_trainer(academie, "Hugo Petit", departement="094", disciplines="Lettres")
    make_trainer(academie, "Léa Moreau", disciplines="mathématiques")
    client.force_login(dafor)

    response = client.get(reverse("requests:trainer_suggestions", args=[under_review.pk]))

    assert response.status_code == 200
    suggestions = response.context["suggestions"]
    assert [p.user.full_name for p in suggestions] == ["Sophie Lemaire", "Léa Moreau", "Hugo Petit"]
    page = response.content.decode()
    assert "thématique, discipline, même département" in page
    assert "discipline, même département" in page
    assert "aucun critère commun" in page
    assert "0 / 3" in page
    assert reverse("requests:assign_trainer", args=[under_review.pk]) in page


def test_suggestions_never_include_a_trainer_of_a_requesting_school(
    client, dafor, academie, under_review, school, other_school, theme
):
    under_review.schools.add(other_school)
    make_trainer(academie, "Jean Maison", themes=[theme], home_school=school)
    make_trainer(academie, "Rose Voisine", themes=[theme], home_school=other_school)
    make_trainer(academie, "Paul Ailleurs", themes=[theme],
                 home_school=EtablissementFactory(academie=academie))  # fmt: skip
    client.force_login(dafor)

    response = client.get(reverse("requests:trainer_suggestions", args=[under_review.pk]))

    assert [p.user.full_name for p in response.context["suggestions"]] == ["Paul Ailleurs"]
    assert "Jean Maison" not in response.content.decode()


def test_suggestions_show_the_assignments_and_leave_out_assigned_and_declined_trainers(
    client, dafor, academie, under_review, trainer, theme
):
    declining = make_trainer(academie, "Marc Refus", themes=[theme])
    services.assign_trainer(ant=under_review, trainer=trainer, by=dafor)
    proposal = services.assign_trainer(ant=under_review, trainer=declining, by=dafor)
    services.answer_assignment(assignment=proposal, accept=False, reason="Pas disponible le mardi")
    make_trainer(academie, "Léa Moreau")
    client.force_login(dafor)

    response = client.get(reverse("requests:trainer_suggestions", args=[under_review.pk]))

    assert [p.user.full_name for p in response.context["suggestions"]] == ["Léa Moreau"]
    page = response.content.decode()
    assert "Sophie Lemaire" in page and "Proposée" in page
    assert "Marc Refus" in page and "Déclinée" in page and "Pas disponible le mardi" in page


def test_suggestions_page_offers_no_proposal_before_the_review(
    client, dafor, campaign, teacher, colleague, school, trainer
):
    draft = ant_request(campaign=campaign, coordinator=teacher, school=school, members=[colleague])
    client.force_login(dafor)
    response = client.get(reverse("requests:trainer_suggestions", args=[draft.pk]))
    assert response.status_code == 200
    assert response.context["suggestions"] == []
    assert "Brouillon" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["teacher", "colleague", "head", "other_head", "trainer", "other_academie_dafor"]
)
def test_suggestions_are_404_for_anyone_but_the_academie_office(client, request, under_review, who):
    user = request.getfixturevalue(who)
    if who == "trainer":  # even the trainer assigned to it, who may see the request
        services.assign_trainer(ant=under_review, trainer=user, by=request.getfixturevalue("dafor"))
    client.force_login(user)
    assert (
        client.get(reverse("requests:trainer_suggestions", args=[under_review.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("count", [3, 30])
def test_suggestions_query_count_is_constant(
    client, dafor, academie, under_review, theme, count, django_assert_max_num_queries
):
    for n in range(count):
        make_trainer(academie, f"Formateur {n:02d}", themes=[theme])
    client.force_login(dafor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("requests:trainer_suggestions", args=[under_review.pk]))
    assert len(response.context["suggestions"]) == min(count, 10)


# Assigning -----------------------------------------------------------------------------------
def test_office_proposes_a_trainer_who_is_told(client, dafor, under_review, trainer):
    client.force_login(dafor)

    response = client.post(
        reverse("requests:assign_trainer", args=[under_review.pk]), {"trainer": trainer.pk}
    )

    assert response.status_code == 302
    assert response.url == reverse("requests:trainer_suggestions", args=[under_review.pk])
    assignment = under_review.assignments.get()
    assert (assignment.trainer, assignment.status, assignment.assigned_by) == (
        trainer, "proposed", dafor,
    )  # fmt: skip
    assert Message.objects.filter(recipient=trainer, kind="ant_trainer_assignment").count() == 1


@pytest.mark.parametrize(
    "who", ["teacher", "head", "other_head", "trainer", "other_academie_dafor"]
)
def test_assigning_is_404_for_anyone_but_the_office_and_changes_nothing(
    client, request, under_review, trainer, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("requests:assign_trainer", args=[under_review.pk]), {"trainer": trainer.pk}
    )
    assert response.status_code == 404
    assert snapshot() == []


def test_assigning_a_trainer_of_the_requesting_school_is_refused_with_a_message(
    client, dafor, academie, under_review, school
):
    insider = make_trainer(academie, "Jean Maison", home_school=school)
    client.force_login(dafor)

    response = client.post(
        reverse("requests:assign_trainer", args=[under_review.pk]),
        {"trainer": insider.pk},
        follow=True,
    )

    assert "son propre établissement" in response.content.decode()
    assert snapshot() == []


@pytest.mark.parametrize("value", ["", "abc", "999999"])
def test_assigning_someone_who_is_not_a_trainer_is_refused(
    client, dafor, under_review, teacher, value
):
    client.force_login(dafor)
    posted = {"trainer": value or teacher.pk} if value != "" else {}
    response = client.post(
        reverse("requests:assign_trainer", args=[under_review.pk]), posted, follow=True
    )
    assert response.status_code == 200
    assert snapshot() == []
    assert list(response.context["messages"])[0].level_tag == "error"


def test_assigning_a_teacher_is_refused(client, dafor, under_review, teacher):
    client.force_login(dafor)
    response = client.post(
        reverse("requests:assign_trainer", args=[under_review.pk]),
        {"trainer": teacher.pk},
        follow=True,
    )
    assert "pas un formateur actif" in response.content.decode()
    assert snapshot() == []


def test_assigning_on_a_draft_is_refused(
    client, dafor, campaign, teacher, colleague, school, trainer
):
    draft = ant_request(campaign=campaign, coordinator=teacher, school=school, members=[colleague])
    client.force_login(dafor)
    response = client.post(
        reverse("requests:assign_trainer", args=[draft.pk]), {"trainer": trainer.pk}, follow=True
    )
    [message] = response.context["messages"]
    assert "pendant l'instruction ou le diagnostic" in str(message)
    assert snapshot() == []


def test_assigning_twice_is_refused(client, dafor, under_review, trainer):
    services.assign_trainer(ant=under_review, trainer=trainer, by=dafor)
    before = snapshot()
    client.force_login(dafor)
    response = client.post(
        reverse("requests:assign_trainer", args=[under_review.pk]),
        {"trainer": trainer.pk},
        follow=True,
    )
    assert "déjà reçu une proposition" in response.content.decode()
    assert snapshot() == before


def test_assign_is_post_only(client, dafor, under_review):
    client.force_login(dafor)
    assert client.get(reverse("requests:assign_trainer", args=[under_review.pk])).status_code == 405


# The trainer's assignments ---------------------------------------------------------------------
@pytest.fixture
def proposal(under_review, trainer, dafor):
    return services.assign_trainer(ant=under_review, trainer=trainer, by=dafor)


def test_trainer_sees_their_assignments_with_school_state_and_hours(
    client, trainer, proposal, under_review
):
    client.force_login(trainer)

    response = client.get(reverse("requests:my_assignments"))

    assert response.status_code == 200
    page = response.content.decode()
    assert under_review.title in page
    assert "Collège Jean-Jaurès" in page and "Bobigny" in page
    assert "En instruction" in page and "à définir" in page
    assert 'name="decision" value="accept"' in page
    assert "Motif du refus" in page


def test_trainer_sees_planned_hours_once_validated(
    client, trainer, proposal, under_review, dafor, school
):
    services.answer_assignment(assignment=proposal, accept=True)
    with time_machine.travel(IN_WINDOW):
        workflow.perform(
            under_review,
            "validate",
            by=dafor,
            data={"host_school": school, "planned_hours": "12.5"},
        )
    client.force_login(trainer)
    page = client.get(reverse("requests:my_assignments")).content.decode()
    assert "12,5 h" in page and "Validée" in page
    assert "Motif du refus" not in page  # answered: no form any more


@pytest.mark.parametrize("who", ["teacher", "head", "dafor"])
def test_my_assignments_is_404_for_non_trainers(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("requests:my_assignments")).status_code == 404


@pytest.mark.parametrize("count", [2, 15])
def test_my_assignments_query_count_is_constant(
    client, campaign, teacher, school, trainer, dafor, count, django_assert_max_num_queries
):
    for n in range(count):
        other = ant_request(campaign=campaign, coordinator=teacher, school=school, title=f"ANT {n}")
        TrainerAssignment.objects.create(request=other, trainer=trainer, assigned_by=dafor)
    client.force_login(trainer)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("requests:my_assignments"))
    assert len(response.context["page"].object_list) == count


def test_trainer_accepts_and_the_team_and_office_are_told(
    client, trainer, proposal, teacher, dafor
):
    client.force_login(trainer)

    response = client.post(
        reverse("requests:answer_assignment", args=[proposal.pk]), {"decision": "accept"}
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted"
    told = set(Message.objects.filter(kind="ant_update").values_list("recipient", flat=True))
    assert {teacher.pk, dafor.pk} <= told


def test_trainer_declines_with_a_reason_and_the_request_goes_back_to_matching(
    client, trainer, proposal, dafor, under_review
):
    client.force_login(trainer)

    client.post(
        reverse("requests:answer_assignment", args=[proposal.pk]),
        {"decision": "decline", "reason": "  Déjà trois ANT ce trimestre. "},
    )

    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == (
        "declined",
        "Déjà trois ANT ce trimestre.",
    )
    assert Message.objects.filter(recipient=dafor, kind="ant_update").exists()
    client.force_login(dafor)
    response = client.get(reverse("requests:trainer_suggestions", args=[under_review.pk]))
    assert "Déjà trois ANT ce trimestre." in response.content.decode()
    assert trainer.pk not in [p.user_id for p in response.context["suggestions"]]


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_without_a_reason_shows_the_form_again_and_saves_nothing(
    client, trainer, proposal, reason
):
    client.force_login(trainer)
    messages_before = Message.objects.count()

    response = client.post(
        reverse("requests:answer_assignment", args=[proposal.pk]),
        {"decision": "decline", "reason": reason},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Indiquez pourquoi vous déclinez" in page
    assert "fr-input-group--error" in page
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    assert Message.objects.count() == messages_before


def test_an_unknown_decision_changes_nothing(client, trainer, proposal):
    client.force_login(trainer)
    response = client.post(
        reverse("requests:answer_assignment", args=[proposal.pk]), {"decision": "maybe"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_answering_twice_is_refused_with_a_message(client, trainer, proposal):
    services.answer_assignment(assignment=proposal, accept=True)
    client.force_login(trainer)
    response = client.post(
        reverse("requests:answer_assignment", args=[proposal.pk]),
        {"decision": "decline", "reason": "Finalement non"},
        follow=True,
    )
    assert "déjà répondu" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "accepted"


@pytest.mark.parametrize("who", ["other_trainer", "dafor", "teacher", "head"])
def test_only_the_assigned_trainer_may_answer(client, request, academie, proposal, who):
    if who == "other_trainer":
        user = make_trainer(academie, "Autre Formateur")
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    before = snapshot()

    response = client.post(
        reverse("requests:answer_assignment", args=[proposal.pk]), {"decision": "accept"}
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_answer_is_post_only(client, trainer, proposal):
    client.force_login(trainer)
    url = reverse("requests:answer_assignment", args=[proposal.pk])
    assert client.get(url).status_code == 405


def test_state_is_unchanged_by_a_decline(client, trainer, proposal, under_review):
    client.force_login(trainer)
    client.post(
        reverse("requests:answer_assignment", args=[proposal.pk]),
        {"decision": "decline", "reason": "Indisponible"},
    )
    under_review.refresh_from_db()
    assert under_review.state == State.UNDER_REVIEW
