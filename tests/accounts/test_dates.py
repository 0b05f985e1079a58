"""Dates in words: the first of the month is « 1er »."""

import datetime
from zoneinfo import ZoneInfo

from accounts.dates import day, day_and_time, letter_day


def test_day_writes_the_first_of_the_month_as_premier():
    assert day(datetime.date(2021, 9, 1)) == "1er septembre 2021"
    assert letter_day(datetime.date(2021, 9, 1)) == "1er septembre 2021"


def test_day_writes_other_days_as_numbers():
    assert day(datetime.date(2022, 12, 14)) == "14 décembre 2022"
    assert day(None) == ""


def test_day_and_time_reads_the_moment_in_paris_time():
    # 23:30 UTC on 31 August is already the 1st of September in Paris.
    moment = datetime.datetime(2021, 8, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert day_and_time(moment) == "1er septembre 2021 à 01:30"
    assert day(moment) == "1er septembre 2021"
