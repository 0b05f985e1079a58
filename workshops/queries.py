"""Reusable reads of sessions, scoped and joined once: the calendars' and the feed's.

Every function returns a queryset or reads a fixed number of queries, so that a calendar page
is a constant number of SQL queries whatever the number of sessions it shows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Value
from django.utils import timezone

from programmes.record import school_year_of
from requests.models import AntRequest, Campaign, State
from workshops.models import Participant, Session, SessionTrainer

# What a calendar cell shows of a session, read as values (a month is dozens of sessions).
CALENDAR_FIELDS = (
    "pk",
    "title",
    "status",
    "room",
    "online_url",
    "starts_at",
    "ends_at",
    "host_school__name",
    "programme__title",
)
# A participant on the waiting list still has the session in their diary.
DIARY_PARTICIPANT_STATUSES = (Participant.Status.ENROLLED, Participant.Status.WAITING)
# How far back the private feed goes.
FEED_MONTHS_BACK = 3


def local_midnight(day):
    """The aware moment a local day starts (Europe/Paris)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def overlapping(queryset, first_day, last_day):
    """The dated sessions of `queryset` that run on some day from `first_day` to `last_day`
    (inclusive): a session that started the evening before or ends the day after counts."""
    return queryset.filter(
        starts_at__lt=local_midnight(last_day + datetime.timedelta(days=1)),
        ends_at__gt=local_midnight(first_day),
    )


def for_calendar(queryset, *extra_fields):
    """The calendar's rows of `queryset` (dicts of CALENDAR_FIELDS), in start order."""
    return queryset.order_by("starts_at", "pk").values(*CALENDAR_FIELDS, *extra_fields)


@dataclass(frozen=True)
class Places:
    """The sessions a person has a place in: all of them, those they train, those they wait
    for."""

    ids: frozenset
    trains: frozenset
    waiting: frozenset


def diary_places(user):
    """Where `user` has a place, in one query (two indexed reads): as a trainer, or as a
    participant enrolled or waiting."""
    rows = (
        SessionTrainer.objects.filter(user=user)
        .annotate(place=Value("trainer"))
        .values_list("session_id", "place")
        .order_by()
        .union(
            Participant.objects.filter(user=user, status__in=DIARY_PARTICIPANT_STATUSES)
            .values_list("session_id", "status")
            .order_by(),
            all=True,
        )
    )
    ids, trains, waiting = set(), set(), set()
    for session_id, place in rows:
        ids.add(session_id)
        if place == "trainer":
            trains.add(session_id)
        elif place == Participant.Status.WAITING:
            waiting.add(session_id)
    return Places(frozenset(ids), frozenset(trains), frozenset(waiting - trains))


def diary_sessions(places, first_day, last_day):
    """The calendar rows of the sessions of `places` (`diary_places`) from `first_day` to
    `last_day`, of any programme, cancelled ones included; each with `trains` and `waiting`
    (bools). Looked up by key: joined with the dates in one query, PostgreSQL reads every
    session of the period in the académie, thousands for a person's few dozen."""
    if not places.ids:
        return []
    rows = list(
        for_calendar(overlapping(Session.objects.filter(pk__in=places.ids), first_day, last_day))
    )
    for row in rows:
        row["trains"] = row["pk"] in places.trains
        row["waiting"] = row["pk"] in places.waiting
    return rows


def school_sessions(school, first_day, last_day):
    """The sessions the school hosts."""
    return for_calendar(
        overlapping(Session.objects.filter(host_school=school), first_day, last_day)
    )


def programme_sessions(programme, first_day, last_day):
    return for_calendar(
        overlapping(Session.objects.filter(programme=programme), first_day, last_day)
    )


def ant_sessions(academie, first_day, last_day):
    """The sessions of the académie's ANT (issue 11, point 8: the office's calendar)."""
    queryset = Session.objects.filter(academie=academie).filter(
        Q(kind=Session.Kind.ANT) | Q(ant_request__isnull=False)
    )
    return for_calendar(overlapping(queryset, first_day, last_day))


def feed_sessions(user, now=None):
    """The sessions of `user`'s private feed: those they train or are enrolled in, from
    FEED_MONTHS_BACK months back onward, cancelled ones included (a calendar removes them)."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=31 * FEED_MONTHS_BACK)
    return (
        Session.objects.filter(
            Q(pk__in=SessionTrainer.objects.filter(user=user).values("session_id"))
            | Q(
                pk__in=Participant.objects.filter(
                    user=user, status=Participant.Status.ENROLLED
                ).values("session_id")
            ),
            starts_at__isnull=False,
            ends_at__gte=since,
        )
        .select_related("host_school")
        .order_by("starts_at", "pk")
    )


# --- carried-over ANT (issue 11, point 8) ---
# A carried-over request waits for its first-term session from its arrival (visa kept, still to
# be reviewed) until it is scheduled; only a validated one can be scheduled.
CARRIED_OVER_STATES = (
    State.ENDORSED,
    State.UNDER_REVIEW,
    State.CORRECTIONS,
    State.DIAGNOSTIC,
    State.VALIDATED,
    State.IN_PROGRESS,
)


def campaigns_of(academie):
    """The académie's ANT campaigns, newest first."""
    return list(Campaign.objects.filter(academie=academie).order_by("-school_year"))


def current_campaign(campaigns, today=None):
    """Among `campaigns` (newest first), the one of the current school year or, when there is
    none yet, the latest before it; None when there is neither."""
    year = school_year_of(today or timezone.localdate())
    return next((campaign for campaign in campaigns if campaign.school_year <= year), None)


def first_term(campaign):
    """The first term of the campaign's school year, (1 September, `first_term_ends_on`), or
    None when the office has not said when it ends."""
    if campaign.first_term_ends_on is None:
        return None
    try:
        start = datetime.date(int(campaign.school_year[:4]), 9, 1)
    except ValueError:
        return None
    return start, campaign.first_term_ends_on


def carried_over_to_schedule(campaign):
    """The requests carried over with priority into `campaign` (still under review, validated
    or under way) that have no session dated, and not cancelled, within the campaign's first
    term: the office must still schedule one « au 1er trimestre »."""
    term = first_term(campaign)
    requests = AntRequest.objects.filter(
        campaign=campaign,
        priority=True,
        carried_over_from__isnull=False,
        state__in=CARRIED_OVER_STATES,
    )
    if term is not None:
        start, end = term
        scheduled = Session.objects.filter(
            ant_request=OuterRef("pk"),
            starts_at__gte=local_midnight(start),
            starts_at__lt=local_midnight(end + datetime.timedelta(days=1)),
        ).exclude(status=Session.Status.CANCELLED)
        requests = requests.exclude(Exists(scheduled))
    return requests.select_related("coordinating_school", "host_school").order_by(
        "coordinating_school__name", "pk"
    )


# --- end of carried-over ANT ---
