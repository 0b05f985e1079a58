"""Reminders 7 days and 1 day before a session: when each is due, to whom, once."""

import datetime

import icalendar
import pytest
from django.core import mail

from config.celery import app
from notifications.models import Message
from tests.factories import (
    ParticipantFactory,
    SessionFactory,
    SessionTrainerFactory,
    UserFactory,
    paris_time,
)
from workshops import reminders
from workshops.models import ReminderSent
from workshops.tasks import send_session_reminders

START = paris_time(2027, 1, 12, 9)
TICK = datetime.timedelta(microseconds=1)
WEEK = datetime.timedelta(days=7)
DAY = datetime.timedelta(days=1)


def _sent():
    return set(ReminderSent.objects.values_list("user__full_name", "lead"))


def _run_at(time_machine, moment):
    time_machine.move_to(moment, tick=False)
    return reminders.send_due_reminders()


@pytest.mark.parametrize(
    ("before_start", "week", "day"),
    [
        (WEEK + TICK, False, False),
        (WEEK, True, False),
        (DAY + TICK, True, False),
        (DAY, False, True),
        (TICK, False, True),
        (datetime.timedelta(0), False, False),
    ],
    ids=["7d+", "7d", "1d+", "1d", "just-before", "started"],
)
def test_due_sessions_at_the_edges_of_each_window(
    before_the_workshop, workshop, before_start, week, day
):
    now = START - before_start
    assert reminders.due_sessions(ReminderSent.Lead.WEEK, now).filter(pk=workshop.pk).exists() is (
        week
    )
    assert reminders.due_sessions(ReminderSent.Lead.DAY, now).filter(pk=workshop.pk).exists() is (
        day
    )


def test_reminders_go_to_trainers_and_enrolled_people_not_the_waiting_list(
    before_the_workshop, workshop, trainer, django_capture_on_commit_callbacks
):
    enrolled = ParticipantFactory(session=workshop, user__full_name="Anne Mercier").user
    observer = ParticipantFactory(
        session=workshop, origin="observer", user__full_name="Julien Mangin"
    ).user
    ParticipantFactory(session=workshop, waiting=True, user__full_name="Louise Attente")
    ParticipantFactory(session=workshop, status="cancelled", user__full_name="Marc Parti")

    with django_capture_on_commit_callbacks(execute=True):
        sent = _run_at(before_the_workshop, START - WEEK)

    assert sent == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [trainer.email, enrolled.email, observer.email]
    )
    assert _sent() == {("Claire Vautrin", 7), ("Anne Mercier", 7), ("Julien Mangin", 7)}


def test_the_week_reminder_says_when_and_where_with_the_ics(
    before_the_workshop, workshop, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _run_at(before_the_workshop, START - WEEK)

    [email] = mail.outbox
    assert email.to == [trainer.email]
    assert (
        email.subject
        == "Rappel\u00a0: «\u00a0Atelier ambition-confiance — seconde\u00a0» dans 7 jours"
    )
    assert "a lieu dans 7 jours, mardi 12 janvier 2027, de 9h00 à 12h00." in email.body
    assert "B12 — Lycée Georges de La Tour, Metz" in email.body
    [(name, content, mimetype)] = email.attachments
    assert name == f"seance-{workshop.pk}.ics" and mimetype.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == START
    assert str(event["summary"]) == workshop.title


def test_the_day_reminder_says_tomorrow(
    before_the_workshop, workshop, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _run_at(before_the_workshop, START - DAY + datetime.timedelta(minutes=5))

    [email] = mail.outbox
    assert email.subject.endswith("\u00a0» demain")
    assert "a lieu demain, mardi 12 janvier 2027, de 9h00 à 12h00." in email.body
    assert _sent() == {("Claire Vautrin", 1)}


def test_each_reminder_goes_once_over_the_days_and_runs(before_the_workshop, workshop, trainer):
    ParticipantFactory(session=workshop, user__full_name="Anne Mercier")

    moments = [START - WEEK, START - WEEK, START - 3 * DAY, START - DAY, START - DAY / 2]
    counts = [_run_at(before_the_workshop, moment) for moment in moments]

    assert counts == [2, 0, 0, 2, 0]
    assert Message.objects.filter(kind="workshops_reminder").count() == 4
    assert _sent() == {
        ("Claire Vautrin", 7),
        ("Anne Mercier", 7),
        ("Claire Vautrin", 1),
        ("Anne Mercier", 1),
    }


def test_a_session_scheduled_three_days_ahead_gets_only_the_day_reminder(
    before_the_workshop, brigade_programme, trainer
):
    before_the_workshop.move_to(START - 3 * DAY, tick=False)
    session = SessionFactory(programme=brigade_programme)
    SessionTrainerFactory(session=session, user=trainer)

    counts = [
        _run_at(before_the_workshop, moment)
        for moment in (START - 3 * DAY, START - 2 * DAY, START - DAY, START - TICK)
    ]

    assert counts == [0, 0, 1, 0]
    assert _sent() == {("Claire Vautrin", 1)}


def test_a_session_moved_into_the_coming_week_gets_only_the_day_reminder(
    before_the_workshop, workshop, trainer
):
    # Planned for 2 February, moved on 9 January to the 12th.
    workshop.starts_at, workshop.ends_at = paris_time(2027, 2, 2, 9), paris_time(2027, 2, 2, 12)
    workshop.save()
    before_the_workshop.move_to(START - 3 * DAY, tick=False)
    workshop.starts_at, workshop.ends_at = START, paris_time(2027, 1, 12, 12)
    workshop.save()

    assert _run_at(before_the_workshop, START - 2 * DAY) == 0
    assert _run_at(before_the_workshop, START - DAY) == 1
    assert _sent() == {("Claire Vautrin", 1)}


def test_someone_enrolled_inside_the_week_gets_only_the_day_reminder(
    before_the_workshop, workshop, trainer
):
    before_the_workshop.move_to(START - 3 * DAY, tick=False)
    ParticipantFactory(session=workshop, user__full_name="Anne Mercier")

    _run_at(before_the_workshop, START - 3 * DAY)
    _run_at(before_the_workshop, START - DAY)

    assert _sent() == {("Claire Vautrin", 7), ("Anne Mercier", 1), ("Claire Vautrin", 1)}


@pytest.mark.parametrize("trait", ["cancelled", "planned_undated"])
def test_cancelled_and_undated_sessions_get_no_reminder(
    before_the_workshop, brigade_programme, trainer, trait
):
    session = SessionFactory(programme=brigade_programme, **{trait: True})
    SessionTrainerFactory(session=session, user=trainer)

    assert _run_at(before_the_workshop, START - WEEK) == 0
    assert _run_at(before_the_workshop, START - DAY) == 0
    assert not ReminderSent.objects.exists()


def test_a_trainer_who_also_takes_part_gets_one_message(before_the_workshop, workshop, trainer):
    ParticipantFactory(session=workshop, user=trainer)

    assert _run_at(before_the_workshop, START - WEEK) == 1
    assert Message.objects.filter(recipient=trainer).count() == 1


def test_a_row_written_by_another_run_skips_that_person_alone(
    before_the_workshop, workshop, trainer
):
    # Another worker wrote Claire's row between the read of who is pending and the write.
    anne = ParticipantFactory(session=workshop, user__full_name="Anne Mercier").user
    ReminderSent.objects.create(session=workshop, user=trainer, lead=7)
    before_the_workshop.move_to(START - WEEK, tick=False)

    sent = reminders.remind(session=workshop, users=[trainer, anne], lead=7, now=START - WEEK)

    assert sent == 1
    assert list(Message.objects.values_list("recipient", flat=True)) == [anne.pk]
    assert ReminderSent.objects.count() == 2


def test_nothing_is_sent_for_a_session_cancelled_meanwhile(before_the_workshop, workshop, trainer):
    stale = type(workshop).objects.get(pk=workshop.pk)
    workshop.status, workshop.cancel_reason = "cancelled", "Grève"
    workshop.save()

    assert reminders.remind(session=stale, users=[trainer], lead=7, now=START - WEEK) == 0
    assert not ReminderSent.objects.exists()
    assert not Message.objects.exists()


def test_an_inactive_account_gets_no_reminder(before_the_workshop, workshop, trainer):
    gone = UserFactory(is_active=False)
    ParticipantFactory(session=workshop, user=gone)

    _run_at(before_the_workshop, START - WEEK)

    assert not ReminderSent.objects.filter(user=gone).exists()


def test_the_task_runs_the_reminders_and_beat_runs_it_every_ten_minutes(
    before_the_workshop, workshop, trainer
):
    before_the_workshop.move_to(START - DAY, tick=False)

    assert send_session_reminders.delay().get() == 1
    entry = app.conf.beat_schedule["workshops-session-reminders"]
    assert entry["task"] == send_session_reminders.name
    assert entry["schedule"] == 600


def test_someone_promoted_from_the_waiting_list_inside_the_week_gets_only_the_day_reminder(
    before_the_workshop, workshop, trainer
):
    waiting = ParticipantFactory(session=workshop, waiting=True, user__full_name="Anne Mercier")
    before_the_workshop.move_to(START - 3 * DAY, tick=False)
    waiting.status = "enrolled"
    waiting.save()

    _run_at(before_the_workshop, START - 3 * DAY)
    _run_at(before_the_workshop, START - DAY)

    assert _sent() == {("Claire Vautrin", 7), ("Anne Mercier", 1), ("Claire Vautrin", 1)}


def test_a_reminder_missed_in_its_window_is_not_sent_late(before_the_workshop, workshop, trainer):
    assert _run_at(before_the_workshop, START - DAY) == 1

    assert _sent() == {("Claire Vautrin", 1)}
