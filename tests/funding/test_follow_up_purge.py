"""The scheduled erasure of individual participants (issue 12, point 4): a row whose date has
passed goes, completely; a row due today stays until tomorrow."""

import datetime

import time_machine

from config.celery import app
from funding import participants, tasks
from funding.models import FundParticipant
from tests.factories import FundParticipantFactory

TODAY = datetime.datetime(2025, 1, 1, 10, 0, tzinfo=datetime.UTC)


def test_purge_expired_erases_yesterday_and_keeps_today(numavenir):
    gone = FundParticipantFactory(operation=numavenir, retain_until=datetime.date(2024, 12, 31))
    kept = FundParticipantFactory(operation=numavenir, retain_until=datetime.date(2025, 1, 1))

    with time_machine.travel(TODAY, tick=False):
        count = participants.purge_expired()

    assert count == 1
    assert list(FundParticipant.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not FundParticipant.objects.filter(pk=gone.pk).exists()


def test_purge_expired_takes_a_given_day(numavenir):
    FundParticipantFactory(operation=numavenir, retain_until=datetime.date(2024, 12, 31))

    assert participants.purge_expired(today=datetime.date(2024, 12, 31)) == 0
    assert participants.purge_expired(today=datetime.date(2025, 1, 1)) == 1


def test_purge_task_erases_through_delay(numavenir):
    FundParticipantFactory(operation=numavenir, retain_until=datetime.date(2024, 12, 31))
    FundParticipantFactory(operation=numavenir, retain_until=datetime.date(2025, 6, 30))

    with time_machine.travel(TODAY, tick=False):
        result = tasks.purge_participants.delay()

    assert result.get() == 1
    assert FundParticipant.objects.count() == 1


def test_participants_keep_no_history_to_erase():
    assert not hasattr(FundParticipant, "history")


def test_purge_runs_daily_from_beat():
    entry = app.conf.beat_schedule["funding-purge-participants"]

    assert entry["task"] == "funding.tasks.purge_participants"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {30})
