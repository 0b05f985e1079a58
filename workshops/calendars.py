"""Month and week calendars of sessions (issue 11, point 6).

A period is a month (`?mois=2027-01`) or an ISO week (`?semaine=2027-W02`), weeks starting on
Monday; a value that is not one gives the current period, never an error. A grid is a list of
days, each with the sessions that run on it: a session over several days shows on each of its
days, with its start time on the first and its end time on the last. Weekends are marked, and
public and school holidays (`workshops.calendar`) shaded and named. The grid is rendered by a
Jinja2 partial (workshops/jinja2/workshops/calendar/): a month is dozens of sessions.

The private iCalendar feed lives here too: a person's secret token (`reset_feed`, a new one
each time, so the old URL stops answering) and the feed's VCALENDAR (`feed_calendar`).
"""

import datetime
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from workshops import calendar as holiday_calendar
from workshops import ics
from workshops.models import CalendarFeed, Session

MONTH = "mois"
WEEK = "semaine"
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")
WEEK_PATTERN = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
# Years a calendar may show: a bad year gives the current period, not an overflow.
FIRST_YEAR, LAST_YEAR = 1990, 2999
ONE_DAY = datetime.timedelta(days=1)
STATUS_LABELS = dict(Session.Status.choices)


@dataclass(frozen=True)
class Period:
    kind: str  # MONTH or WEEK
    first_day: datetime.date
    last_day: datetime.date

    @property
    def value(self):
        """The query value that names the period: "2027-01", "2027-W02"."""
        if self.kind == MONTH:
            return f"{self.first_day.year:04d}-{self.first_day.month:02d}"
        year, week, _weekday = self.first_day.isocalendar()
        return f"{year:04d}-W{week:02d}"

    @property
    def query(self):
        return f"{self.kind}={self.value}"

    @property
    def week_number(self):
        return self.first_day.isocalendar()[1]

    def previous(self):
        if self.kind == MONTH:
            return month_of(self.first_day - ONE_DAY)
        return week_of(self.first_day - datetime.timedelta(days=7))

    def next(self):
        if self.kind == MONTH:
            return month_of(self.last_day + ONE_DAY)
        return week_of(self.first_day + datetime.timedelta(days=7))

    def grid_days(self):
        """The first and last days the grid shows: whole weeks, Monday to Sunday."""
        first = self.first_day - datetime.timedelta(days=self.first_day.weekday())
        last = self.last_day + datetime.timedelta(days=6 - self.last_day.weekday())
        return first, last

    def contains(self, day):
        return self.first_day <= day <= self.last_day


def month_of(day):
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return Period(MONTH, first, following - ONE_DAY)


def week_of(day):
    monday = day - datetime.timedelta(days=day.weekday())
    return Period(WEEK, monday, monday + datetime.timedelta(days=6))


def parse_month(value):
    match = MONTH_PATTERN.match((value or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return month_of(datetime.date(year, month, 1))


def parse_week(value):
    match = WEEK_PATTERN.match((value or "").strip())
    if not match:
        return None
    year, week = int(match[1]), int(match[2])
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:  # week 53 exists in some years only
        return week_of(datetime.date.fromisocalendar(year, week, 1))
    except ValueError:
        return None


def period_from_query(query, today=None):
    """The period a page's query names: `semaine` for a week, `mois` (or nothing) for a month;
    a bad value gives the current week or month."""
    today = today or timezone.localdate()
    if WEEK in query:
        return parse_week(query.get(WEEK)) or week_of(today)
    return parse_month(query.get(MONTH)) or month_of(today)


@dataclass(slots=True)
class Item:
    """A session as a calendar shows it (built from `queries.for_calendar`'s rows)."""

    pk: int
    title: str
    status: str
    status_label: str
    place: str
    programme: str
    url: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    trains: bool = False
    waiting: bool = False

    @property
    def cancelled(self):
        return self.status == Session.Status.CANCELLED


def items(rows):
    """The calendar's rows (workshops.queries.for_calendar) as the grid shows them."""
    online, no_place = _("En ligne"), _("Lieu à préciser")
    # Translated once a page, not once a session.
    statuses = {status: str(label) for status, label in STATUS_LABELS.items()}
    # The session page is `<pk>/` under the app's root: reversed once, not once a row (a
    # reverse costs 50 µs, a month 50 sessions). The tests check the links against reverse.
    root = reverse("workshops:detail", args=[0]).removesuffix("0/")
    result = []
    for row in rows:
        if row["host_school__name"]:
            place = row["host_school__name"] + (f", {row['room']}" if row["room"] else "")
        else:
            place = online if row["online_url"] else no_place
        result.append(
            Item(
                pk=row["pk"],
                title=row["title"],
                status=row["status"],
                status_label=statuses.get(row["status"], row["status"]),
                place=place,
                programme=row["programme__title"],
                url=f"{root}{row['pk']}/",
                starts_at=row["starts_at"],
                ends_at=row["ends_at"],
                trains=row.get("trains", False),
                waiting=row.get("waiting", False),
            )
        )
    return result


def clock(moment, zone=None):
    """« 9h30 », « 14h00 »: a time as people write it, in the current time zone."""
    local = moment.astimezone(zone or timezone.get_current_timezone())
    return f"{local.hour}h{local.minute:02d}"


@dataclass(slots=True)
class Entry:
    """A session on one day of the grid, with the times the day shows: its start on its first
    day, its end on its last (« … » on the days between)."""

    session: object
    starts_here: bool
    ends_here: bool
    times: str


@dataclass
class Day:
    date: datetime.date
    in_period: bool
    today: bool
    weekend: bool
    holiday: str = ""
    entries: list = field(default_factory=list)

    @property
    def shaded(self):
        return self.weekend or bool(self.holiday)

    weekday: str = ""  # « Lundi »
    label: str = ""  # « lundi 1er mars 2027 »

    @property
    def iso(self):
        return self.date.isoformat()


def closed_days(first_day, last_day, *, academie=None, departement=""):
    """{day: name} of the public holidays (of `departement`: Moselle has two more) and of the
    school holidays of the académie's zone between the two days (one query, none without an
    académie). A day that is both gets the public holiday's name."""
    names = {}
    if academie is not None:
        for holiday in holiday_calendar.school_holidays(
            holiday_calendar.zone_of(academie), first_day, last_day
        ):
            day = max(holiday.first_day, first_day)
            while day <= min(holiday.last_day, last_day):
                names[day] = holiday.name
                day += ONE_DAY
    for year in range(first_day.year, last_day.year + 1):
        for day, name in holiday_calendar.public_holidays(year, departement).items():
            if first_day <= day <= last_day:
                names[day] = name
    return names


def grid(period, sessions, *, today=None, holidays=None):
    """The days of the period's grid (whole weeks), each with its entries in start order.

    `sessions` must be dated and in start order; `holidays` is {day: name}."""
    today = today or timezone.localdate()
    holidays = holidays or {}
    zone = timezone.get_current_timezone()
    first, last = period.grid_days()
    # Day and month names are formatted once a grid, not once a day; the label is written as
    # accounts.dates.day writes a day (« 1er mars 2027 »), after its weekday.
    weekdays = {
        (first + datetime.timedelta(days=n)).weekday(): formats.date_format(
            first + datetime.timedelta(days=n), "l"
        )
        for n in range(7)
    }
    months = {}
    days = []
    index = {}
    day = first
    while day <= last:
        if (day.year, day.month) not in months:
            months[day.year, day.month] = formats.date_format(day, "F Y")
        name = weekdays[day.weekday()]
        number = "1er" if day.day == 1 else str(day.day)
        cell = Day(
            date=day,
            in_period=period.contains(day),
            today=day == today,
            weekend=day.weekday() >= 5,
            holiday=holidays.get(day, ""),
            weekday=name[:1].upper() + name[1:],
            label=f"{name} {number} {months[day.year, day.month]}",
        )
        index[day] = cell
        days.append(cell)
        day += ONE_DAY
    for session in sessions:
        start = timezone.localtime(session.starts_at, zone)
        end = timezone.localtime(session.ends_at - datetime.timedelta(microseconds=1), zone)
        start_day, end_day = start.date(), max(start.date(), end.date())
        start_clock, end_clock = clock(session.starts_at, zone), clock(session.ends_at, zone)
        day = max(start_day, first)
        while day <= min(end_day, last):
            starts_here, ends_here = day == start_day, day == end_day
            times = f"{start_clock if starts_here else '…'}–{end_clock if ends_here else '…'}"
            index[day].entries.append(Entry(session, starts_here, ends_here, times))
            day += ONE_DAY
    return days


def weeks(days):
    """The grid's days in rows of seven."""
    return [days[i : i + 7] for i in range(0, len(days), 7)]


# --- the private iCalendar feed (issue 11, point 6) ---
def new_feed_token():
    return secrets.token_urlsafe(32)


@transaction.atomic
def reset_feed(*, user):
    """Give `user` a feed with a new secret token (creating it the first time): the previous
    URL stops answering at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token": new_feed_token()}
    )
    if not created:
        feed.token = new_feed_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


# A session not yet confirmed is tentative in people's calendars; a cancelled one, removed.
FEED_STATUSES = {
    Session.Status.PLANNED: "TENTATIVE",
    Session.Status.CANCELLED: "CANCELLED",
}


def feed_calendar(sessions, *, name):
    """The feed's VCALENDAR as text: each dated session with its SEQUENCE and STATUS."""
    cal = Calendar()
    cal.add("prodid", ics.PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        if session.starts_at is None:
            continue
        item = ics.event(session, cancelled=session.status == Session.Status.CANCELLED)
        status = FEED_STATUSES.get(session.status)
        if status and status != item.get("status"):
            del item["status"]
            item.add("status", status)
        cal.add_component(item)
    return cal.to_ical().decode()


# --- end of the private iCalendar feed ---
