"""The tamper-evident timeline (`manage.py verify_ant_log`) and the scheduled messages:
window reminders to heads, daily digests to the office."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role
from notifications.models import Message
from requests import services, tasks, workflow
from requests.models import TransitionLog
from tests.factories import IN_WINDOW, ant_request, user_with_role

# The June window closes on 8 July 2020.
THREE_DAYS_BEFORE = datetime.datetime(2020, 7, 5, 6, 0, tzinfo=datetime.UTC)
FIVE_DAYS_BEFORE = datetime.datetime(2020, 7, 3, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture
def reviewed(draft, teacher, head, dafor):
    """Four chained entries: create, submit, endorse, start_review."""
    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher)
        workflow.perform(draft, "endorse", by=head)
        workflow.perform(draft, "start_review", by=dafor, comment="Dossier complet.")
    return draft


def verify():
    out = StringIO()
    call_command("verify_ant_log", stdout=out)
    return out.getvalue()


def entries(request):
    return list(TransitionLog.objects.filter(request=request).order_by("pk"))


# verify_ant_log ------------------------------------------------------------------------------
def test_an_intact_log_is_reported_with_its_step_count(reviewed, campaign, teacher, school):
    ant_request(campaign=campaign, coordinator=teacher, school=school, title="Une autre")
    assert verify().strip() == "Journal intègre : 5 étapes vérifiées."


def test_an_edited_comment_is_named(reviewed):
    edited = entries(reviewed)[3]
    TransitionLog.objects.filter(pk=edited.pk).update(comment="Dossier incomplet.")

    with pytest.raises(CommandError) as error:
        verify()

    message = str(error.value)
    assert error.value.returncode == 1
    assert reviewed.reference in message
    assert f"étape n° {edited.pk}" in message
    assert "20/06/2020 à 12:00" in message  # Paris time
    assert "modifié" in message


def test_a_deleted_entry_in_the_middle_breaks_the_link_of_the_next(reviewed):
    create, submit, endorse, review = entries(reviewed)
    submit.delete()

    with pytest.raises(CommandError) as error:
        verify()

    message = str(error.value)
    assert f"étape n° {endorse.pk}" in message
    assert "rompu" in message


def test_a_forged_entry_inserted_in_the_middle_is_caught(reviewed, head):
    create, submit, endorse, review = entries(reviewed)
    # Make room after "submit", then forge a well-hashed entry there that follows "submit".
    TransitionLog.objects.filter(pk=review.pk).update(id=review.pk + 100)
    TransitionLog.objects.filter(pk=endorse.pk).update(id=endorse.pk + 100)
    forged = TransitionLog(
        pk=endorse.pk,
        request=reviewed,
        transition="return_to_team",
        from_state="submitted",
        to_state="returned",
        actor=head,
        at=submit.at,
        comment="Retour fictif",
        previous_hash=submit.hash,
    )
    forged.hash = forged.compute_hash()
    forged.save(force_insert=True)

    with pytest.raises(CommandError) as error:
        verify()

    # The forgery is consistent in itself; the genuine entry after it no longer follows.
    message = str(error.value)
    assert f"étape n° {endorse.pk + 100}" in message
    assert "rompu" in message


def test_a_forged_entry_appended_with_a_stale_link_is_caught(reviewed, head):
    create, submit, endorse, review = entries(reviewed)
    forged = TransitionLog(
        request=reviewed,
        transition="validate",
        from_state="under_review",
        to_state="validated",
        actor=head,
        at=review.at,
        previous_hash=endorse.hash,  # claims to follow "endorse"
    )
    forged.hash = forged.compute_hash()
    forged.save()

    with pytest.raises(CommandError, match=f"étape n° {forged.pk} "):
        verify()


# Window reminders --------------------------------------------------------------------------
@pytest.fixture
def waiting(draft, teacher):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher)
    return draft


@pytest.fixture
def idle_head(other_school):
    """A head whose school has nothing waiting."""
    return user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=other_school)


def reminders():
    return list(Message.objects.filter(kind="ant_endorse_reminder"))


def test_heads_with_a_request_waiting_get_one_reminder_three_days_before(waiting, head, idle_head):
    with time_machine.travel(THREE_DAYS_BEFORE):
        tasks.send_window_reminders.delay()

    [reminder] = reminders()
    assert reminder.recipient == head
    assert waiting.reference in reminder.body_text
    assert "8 juillet 2020" in reminder.body_text


def test_the_service_counts_the_reminders_it_sent(waiting, head, idle_head):
    assert services.send_window_reminders(today=datetime.date(2020, 7, 5)) == 1


def test_no_reminder_five_days_before(waiting, head):
    with time_machine.travel(FIVE_DAYS_BEFORE):
        tasks.send_window_reminders.delay()
    assert reminders() == []


def test_no_reminder_when_nothing_waits(draft, head, idle_head):
    with time_machine.travel(THREE_DAYS_BEFORE):
        tasks.send_window_reminders.delay()
    assert reminders() == []


# Office digests ----------------------------------------------------------------------------
@pytest.fixture
def digest_reader(academie):
    return user_with_role(
        Role.DAFOR, academie=academie, full_name="Jeanne Résumé", notification_digest=True
    )


def test_digest_readers_get_one_daily_summary_and_no_immediate_message(
    waiting, head, dafor, digest_reader, other_academie_dafor
):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(waiting, "endorse", by=head)
    immediate = Message.objects.filter(kind="ant_update")
    assert not immediate.filter(recipient=digest_reader).exists()
    assert immediate.filter(recipient=dafor).count() == 1

    with time_machine.travel(IN_WINDOW + datetime.timedelta(hours=20)):
        tasks.send_office_digests.delay()

    [digest] = Message.objects.filter(kind="ant_office_digest")
    assert digest.recipient == digest_reader
    assert waiting.reference in digest.body_text and waiting.title in digest.body_text


def test_requests_endorsed_more_than_a_day_ago_are_not_in_the_digest(waiting, head, digest_reader):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(waiting, "endorse", by=head)
    sent = services.send_office_digests(now=IN_WINDOW + datetime.timedelta(hours=25))
    assert sent == 0
    assert not Message.objects.filter(kind="ant_office_digest").exists()
