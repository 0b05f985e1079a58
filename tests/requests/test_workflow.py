"""The ANT state machine: the whole journey, and every refusal it must make."""

from decimal import Decimal

import pytest
import time_machine

from notifications.models import Message
from requests import services, workflow
from requests.models import State, TransitionLog
from requests.workflow import TransitionError
from tests.factories import BETWEEN_WINDOWS, IN_WINDOW, ant_request


def test_whole_journey_from_draft_to_completed(draft, teacher, head, dafor, trainer, school):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher)
        workflow.perform(draft, "endorse", by=head)
        workflow.perform(draft, "start_review", by=dafor)
        workflow.perform(draft, "start_diagnostic", by=dafor)
        services.assign_trainer(ant=draft, trainer=trainer, by=dafor)
        services.answer_assignment(assignment=draft.assignments.get(), accept=True)
        workflow.perform(
            draft, "validate", by=dafor, data={"host_school": school, "planned_hours": "18"}
        )
        # Issue 9, point 1: the diagnostic meeting, then the training project, then the start.
        services.record_meeting(
            ant=draft, held_on=IN_WINDOW.date(), attendees=[teacher, trainer],
            findings="Constats partagés.", by=trainer,
        )  # fmt: skip
        services.publish_revision(
            ant=draft, by=trainer, based_on=0, objectives="Objectifs.", public="12 professeurs",
            session_count=6, hours_per_session=Decimal("3"), planned_dates="",
        )  # fmt: skip
        workflow.perform(draft, "start", by=trainer)
        workflow.perform(draft, "complete", by=trainer)

    draft.refresh_from_db()
    assert draft.state == State.COMPLETED
    assert draft.planned_hours == Decimal("18")
    assert list(draft.transitions.values_list("to_state", flat=True)) == [
        "draft", "submitted", "endorsed", "under_review", "diagnostic", "validated",
        "in_progress", "completed",
    ]  # fmt: skip
    assert workflow.verify_log_chain() is None


def test_submit_outside_a_window_says_when_the_next_opens(draft, teacher):
    with time_machine.travel(BETWEEN_WINDOWS), pytest.raises(TransitionError) as error:
        workflow.perform(draft, "submit", by=teacher)
    assert "21 août 2020" in str(error.value)  # a date in words in running text
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_submit_with_a_team_of_one_is_refused(campaign, teacher, school):
    alone = ant_request(campaign=campaign, coordinator=teacher, school=school)
    with time_machine.travel(IN_WINDOW), pytest.raises(TransitionError, match="deux membres"):
        workflow.perform(alone, "submit", by=teacher)


def test_wrong_actor_and_wrong_state_are_refused(draft, teacher, head, dafor):
    with time_machine.travel(IN_WINDOW):
        with pytest.raises(TransitionError):
            workflow.perform(draft, "endorse", by=head)  # still a draft
        with pytest.raises(TransitionError):
            workflow.perform(draft, "submit", by=dafor)  # not the coordinator
        workflow.perform(draft, "submit", by=teacher)
        with pytest.raises(TransitionError):
            workflow.perform(draft, "endorse", by=teacher)  # not the head
    assert TransitionLog.objects.filter(request=draft).count() == 2


def test_reject_requires_a_reason(under_review, dafor):
    with pytest.raises(TransitionError, match="commentaire"):
        workflow.perform(under_review, "reject", by=dafor, comment="  ")
    under_review.refresh_from_db()
    assert under_review.state == State.UNDER_REVIEW


def test_each_transition_writes_one_message_per_person_concerned(
    draft, teacher, colleague, head, dafor
):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher)
        assert list(Message.objects.values_list("recipient", "kind")) == [
            (head.pk, "ant_endorse_request")
        ]
        Message.objects.all().delete()
        workflow.perform(draft, "endorse", by=head)
    recipients = sorted(Message.objects.values_list("recipient", flat=True))
    assert recipients == sorted([teacher.pk, colleague.pk, dafor.pk])
    assert draft.thread.filter(is_notification=True).count() == 2


def test_tampering_with_the_log_is_detected(draft, teacher):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher, comment="Première version")
    entry = draft.transitions.get(to_state="submitted")
    TransitionLog.objects.filter(pk=entry.pk).update(comment="Version réécrite")
    broken, reason = workflow.verify_log_chain()
    assert broken.pk == entry.pk
    assert "modifié" in reason
