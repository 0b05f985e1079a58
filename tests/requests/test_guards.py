"""Guards found in review: scoping of reminders and forms, answers to a request that has
moved on, and malformed input."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role, RoleMembership
from notifications.models import Message
from requests import services, workflow
from requests.forms.team import AntRequestForm
from requests.models import Campaign, State, TeamMember, TrainerAssignment
from requests.workflow import TransitionError
from tests.factories import (
    IN_WINDOW,
    CampaignFactory,
    EtablissementFactory,
    ant_request,
    user_with_role,
)


def test_reminder_lists_only_the_schools_the_recipient_heads(
    campaign, head, teacher, school, other_school
):
    # The head of one school also teaches in another: that school's request is not theirs.
    RoleMembership.objects.create(user=head, role=Role.ENSEIGNANT, etablissement=other_school)
    other_teacher = user_with_role(Role.ENSEIGNANT, etablissement=other_school)
    colleague = user_with_role(Role.ENSEIGNANT, etablissement=other_school)
    theirs = ant_request(
        campaign=campaign, coordinator=other_teacher, school=other_school, members=[colleague],
        title="Secret de l'autre collège",
    )  # fmt: skip
    mine = ant_request(
        campaign=campaign,
        coordinator=teacher,
        school=school,
        members=[user_with_role(Role.ENSEIGNANT, etablissement=school)],
    )
    with time_machine.travel(IN_WINDOW):
        workflow.perform(theirs, "submit", by=other_teacher)
        workflow.perform(mine, "submit", by=teacher)
    Message.objects.all().delete()

    sent = services.send_window_reminders(today=datetime.date(2020, 7, 5), days_before=3)

    assert sent == 1
    reminder = Message.objects.get(recipient=head)
    assert mine.reference in reminder.body_text
    assert theirs.reference not in reminder.body_text


def test_request_form_refuses_a_school_of_another_academie_than_the_campaign(
    campaign, other_academie, teacher
):
    far_school = EtablissementFactory(academie=other_academie)
    RoleMembership.objects.create(user=teacher, role=Role.ENSEIGNANT, etablissement=far_school)
    CampaignFactory(academie=other_academie, school_year="2020-2021")
    form = AntRequestForm(
        data={
            "campaign": campaign.pk,
            "scale": "etablissement",
            "coordinating_school": far_school.pk,
            "own_theme": "Oral en classe",
            "title": "Projet",
            "professional_questions": "Comment ?",
            "expected_outcomes": "Mieux.",
            "public_count": 5,
            "public_categories": "Enseignants",
        },
        user=teacher,
    )
    assert not form.is_valid()
    assert "n'est pas dans l'académie de la campagne" in form.errors["coordinating_school"][0]


def test_campaign_edit_keeps_its_academie(client, academie, other_academie, campaign):
    dafor = user_with_role(Role.DAFOR, academie=academie)
    RoleMembership.objects.create(user=dafor, role=Role.DAFOR, academie=other_academie)
    client.force_login(dafor)
    client.post(
        reverse("requests:campaign_edit", args=[campaign.pk]),
        {
            "academie": other_academie.pk,
            "school_year": "2020-2021",
            "title": "ANT 2020-2021",
            "published_on": "15/06/2020",
        },
    )
    assert Campaign.objects.get(pk=campaign.pk).academie_id == academie.pk


def test_trainer_cannot_accept_an_ant_that_was_cancelled(under_review, dafor, trainer):
    assignment = services.assign_trainer(ant=under_review, trainer=trainer, by=dafor)
    workflow.perform(under_review, "cancel", by=dafor, comment="Projet abandonné par l'équipe.")

    with pytest.raises(TransitionError, match="n'attend plus de formateur"):
        services.answer_assignment(assignment=assignment, accept=True)
    assert TrainerAssignment.objects.get(pk=assignment.pk).status == "proposed"


def test_invitation_cannot_be_accepted_once_the_request_is_endorsed(
    campaign, teacher, colleague, head, school
):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school, members=[colleague])
    late = user_with_role(Role.ENSEIGNANT, etablissement=school)
    member = services.invite_member(ant=ant, email=late.email, by=teacher)
    with time_machine.travel(IN_WINDOW):
        workflow.perform(ant, "submit", by=teacher)
        workflow.perform(ant, "endorse", by=head)

    with pytest.raises(TransitionError, match="n'accepte plus"):
        services.answer_invitation(member=member, accept=True)
    assert TeamMember.objects.get(pk=member.pk).status == "invited"


def test_a_garbled_invitation_answer_declines_nothing(client, campaign, teacher, colleague, school):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school, members=[colleague])
    late = user_with_role(Role.ENSEIGNANT, etablissement=school)
    member = services.invite_member(ant=ant, email=late.email, by=teacher)
    client.force_login(late)

    response = client.post(reverse("requests:answer_invitation", args=[ant.pk]), {"answer": "x"})

    assert response.status_code == 302
    assert TeamMember.objects.get(pk=member.pk).status == "invited"


@pytest.mark.parametrize("bad_id", ["²", "9" * 25, "-1", "abc"])
def test_bulk_decision_with_a_malformed_id_is_404(client, dafor, under_review, bad_id):
    client.force_login(dafor)
    response = client.post(
        reverse("requests:bulk_decision"),
        {"requests": [str(under_review.pk), bad_id], "action": "start_diagnostic"},
    )
    assert response.status_code == 404
    under_review.refresh_from_db()
    assert under_review.state == State.UNDER_REVIEW
