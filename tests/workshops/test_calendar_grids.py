"""Month and week periods and grids (workshops/calendars.py): weeks from Monday, ISO week 53,
year boundaries, bad values, sessions over several days, holidays."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from tests.factories import AcademieFactory, paris_time
from workshops import calendars
from workshops.models import SchoolHoliday

TODAY = datetime.date(2026, 11, 30)


class Dated:
    """What the grid reads of a session: its start and end."""

    def __init__(self, starts_at, ends_at):
        self.starts_at, self.ends_at = starts_at, ends_at


def query(text):
    return QueryDict(text)


def test_period_without_query_is_the_current_month():
    period = calendars.period_from_query(query(""), today=TODAY)
    assert (period.kind, period.first_day, period.last_day) == (
        "mois",
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 30),
    )


@pytest.mark.parametrize("value", ["2027-13", "2027-00", "janvier", "", "0001-01", "99999-01"])
def test_period_with_a_bad_month_is_the_current_month(value):
    period = calendars.period_from_query(query(f"mois={value}"), today=TODAY)
    assert period.value == "2026-11"


@pytest.mark.parametrize("value", ["2027-W53", "2027-W00", "2027-54", "semaine", ""])
def test_period_with_a_bad_week_is_the_current_week(value):
    period = calendars.period_from_query(query(f"semaine={value}"), today=TODAY)
    assert (period.kind, period.first_day) == ("semaine", datetime.date(2026, 11, 30))


def test_week_53_of_2026_runs_across_the_new_year():
    period = calendars.period_from_query(query("semaine=2026-W53"), today=TODAY)
    assert (period.first_day, period.last_day) == (
        datetime.date(2026, 12, 28),
        datetime.date(2027, 1, 3),
    )
    assert period.next().value == "2027-W01"
    assert period.previous().value == "2026-W52"


def test_week_1_of_2027_comes_back_to_week_53_of_2026():
    period = calendars.parse_week("2027-W01")
    assert period.first_day == datetime.date(2027, 1, 4)
    assert period.previous().value == "2026-W53"


def test_month_before_january_is_december_of_the_year_before():
    period = calendars.parse_month("2027-01")
    assert period.previous().value == "2026-12"
    assert period.next().value == "2027-02"
    assert calendars.parse_month("2026-12").next().value == "2027-01"


def test_month_grid_is_whole_weeks_from_monday():
    period = calendars.parse_month("2027-01")  # 1 January 2027 is a Friday
    days = calendars.grid(period, [], today=TODAY)
    assert days[0].date == datetime.date(2026, 12, 28)
    assert days[0].date.weekday() == 0
    assert days[-1].date == datetime.date(2027, 1, 31)
    assert len(days) == 35
    assert [day.in_period for day in days[:5]] == [False, False, False, False, True]
    assert [day.weekend for day in days[:7]] == [False] * 5 + [True, True]


def test_session_on_31_january_is_on_its_day_of_the_grid():
    period = calendars.parse_month("2027-01")
    session = Dated(paris_time(2027, 1, 31, 9), paris_time(2027, 1, 31, 12))
    days = calendars.grid(period, [session], today=TODAY)
    [day] = [day for day in days if day.entries]
    assert day.date == datetime.date(2027, 1, 31)
    assert day.entries[0].starts_here and day.entries[0].ends_here


def test_session_late_in_the_evening_is_on_its_paris_day():
    # 23h30 in Paris is already the next day in UTC.
    period = calendars.parse_month("2027-01")
    session = Dated(paris_time(2027, 1, 31, 21), paris_time(2027, 1, 31, 23, 30))
    days = calendars.grid(period, [session], today=TODAY)
    assert [day.date for day in days if day.entries] == [datetime.date(2027, 1, 31)]


def test_session_over_several_days_shows_on_each_day():
    period = calendars.parse_week("2026-W53")
    session = Dated(paris_time(2026, 12, 30, 14), paris_time(2027, 1, 2, 12))
    days = calendars.grid(period, [session], today=TODAY)
    on = [
        (day.date, day.entries[0].starts_here, day.entries[0].ends_here)
        for day in days
        if day.entries
    ]
    assert on == [
        (datetime.date(2026, 12, 30), True, False),
        (datetime.date(2026, 12, 31), False, False),
        (datetime.date(2027, 1, 1), False, False),
        (datetime.date(2027, 1, 2), False, True),
    ]


def test_session_ending_at_midnight_does_not_spill_into_the_next_day():
    period = calendars.parse_week("2027-W02")
    session = Dated(paris_time(2027, 1, 12, 20), paris_time(2027, 1, 13, 0))
    days = calendars.grid(period, [session], today=TODAY)
    assert [day.date for day in days if day.entries] == [datetime.date(2027, 1, 12)]


def test_session_begun_before_the_grid_shows_from_its_first_day():
    period = calendars.parse_week("2027-W01")  # Monday 4 to Sunday 10 January
    session = Dated(paris_time(2027, 1, 2, 9), paris_time(2027, 1, 5, 17))
    days = calendars.grid(period, [session], today=TODAY)
    shown = [day for day in days if day.entries]
    assert [day.date for day in shown] == [datetime.date(2027, 1, 4), datetime.date(2027, 1, 5)]
    assert not shown[0].entries[0].starts_here


def test_today_is_marked_in_the_grid():
    days = calendars.grid(calendars.parse_month("2026-11"), [], today=TODAY)
    assert [day.date for day in days if day.today] == [TODAY]


def test_closed_days_name_public_and_zone_holidays(db):
    nancy_metz = AcademieFactory(code="12", name="Nancy-Metz")
    SchoolHoliday.objects.create(
        zone="B",
        school_year="2026-2027",
        name="Vacances de Noël",
        first_day=datetime.date(2026, 12, 19),
        last_day=datetime.date(2027, 1, 3),
    )
    SchoolHoliday.objects.create(  # another zone's holidays are not shaded
        zone="C",
        school_year="2026-2027",
        name="Vacances d'Hiver",
        first_day=datetime.date(2026, 12, 5),
        last_day=datetime.date(2026, 12, 6),
    )
    days = calendars.closed_days(
        datetime.date(2026, 11, 30),
        datetime.date(2027, 1, 3),
        academie=nancy_metz,
        departement="057",
    )
    assert days[datetime.date(2026, 12, 21)] == "Vacances de Noël"
    assert days[datetime.date(2026, 12, 25)] == "Noël"
    assert days[datetime.date(2026, 12, 26)] == "Saint-Étienne"  # Moselle
    assert days[datetime.date(2027, 1, 1)] == "jour de l'an"
    assert datetime.date(2026, 12, 18) not in days
    assert datetime.date(2026, 12, 5) not in days


def test_closed_days_outside_moselle_keep_26_december_open(db):
    days = calendars.closed_days(
        datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), departement="054"
    )
    assert set(days) == {datetime.date(2026, 12, 25)}


def test_items_say_where_a_session_takes_place(db):
    row = {
        "pk": 7,
        "title": "Classe virtuelle",
        "status": "planned",
        "room": "",
        "starts_at": paris_time(2027, 1, 12, 9),
        "ends_at": paris_time(2027, 1, 12, 12),
        "programme__title": "M@gistère",
    }
    online = {**row, "host_school__name": None, "online_url": "https://visio.example.fr/a"}
    nowhere = {**row, "host_school__name": None, "online_url": ""}
    school = {**row, "host_school__name": "Lycée Fabert", "room": "B12", "online_url": ""}
    places = [item.place for item in calendars.items([online, nowhere, school])]
    assert places == ["En ligne", "Lieu à préciser", "Lycée Fabert, B12"]
    [item] = calendars.items([school])
    assert item.url == reverse("workshops:detail", args=[7])
    assert str(item.status_label) == "Prévue"
