"""Reads of ANT requests, scoped to what the user may see and optimised for their pages."""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    FloatField,
    Func,
    Prefetch,
    Q,
    Value,
    When,
)
from django.http import Http404

from accounts.models import Role
from accounts.permissions import academie_ids, etablissement_ids
from requests import permissions, request_page
from requests.models import (
    AntRequest,
    Campaign,
    StateCount,
    TeamMember,
    TrainerAssignment,
)


class Median(Aggregate):
    """The median of a numeric expression. PostgreSQL has it built in; on SQLite (the
    embedded default) requests/apps.py registers a MEDIAN aggregate on each connection."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            function="MEDIAN",
            template="%(function)s(%(expressions)s)",
            **extra,
        )


class DaysBetween(Func):
    """(end - start) in days, as a float."""

    arg_joiner = " - "
    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )


# Compiled SQL, per key, in this process (see fetch_compiled).
_COMPILED = {}
_COMPILED_MAX = 2048


def fetch_compiled(key, build):
    """The rows, as dicts, of the queryset `build()` returns, its SQL compiled once per `key` in
    this process: for a list page, compiling its queries costs Django more than the database
    takes to answer them. `key` must name everything the SQL depends on (the académies, the
    filters' values, the page); `build` is called only when the key is new."""
    key = (connection.vendor, *key)
    compiled = _COMPILED.get(key)
    if compiled is None:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        try:
            compiled = build().query.sql_with_params()
        except EmptyResultSet:
            compiled = ()
        _COMPILED[key] = compiled
    if not compiled:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def visible_requests(user):
    """Requests `user` may see: the office's académie, their teams, their schools (heads),
    their assignments (trainers)."""
    office = academie_ids(user, Role.DAFOR)
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    q = Q(pk__in=TeamMember.objects.filter(user=user).exclude(status="declined").values("request"))
    q |= Q(
        pk__in=TrainerAssignment.objects.filter(trainer=user)
        .exclude(status="declined")
        .values("request")
    )
    if office:
        q |= Q(academie_id__in=office)
    if heads_of:
        q |= Q(coordinating_school_id__in=heads_of)
        q |= Q(
            pk__in=AntRequest.schools.through.objects.filter(etablissement_id__in=heads_of).values(
                "antrequest"
            )
        )
    return AntRequest.objects.filter(q)


def get_request_for(user, pk):
    """The request page's object with everything it shows, read in one query (see
    request_page.py), or 404 if the user may not see it: the same rule as
    `visible_requests`, checked on what was read (`permissions.may_see`)."""
    ant = request_page.load(pk, academie_ids(user, Role.DAFOR))
    if ant is None or not permissions.may_see(user, ant):
        raise Http404
    return ant


def my_requests(user):
    """The requests of the teams a user belongs to, newest first."""
    return (
        AntRequest.objects.filter(
            pk__in=TeamMember.objects.filter(user=user).exclude(status="declined").values("request")
        )
        .select_related("coordinating_school", "campaign")
        .order_by("-created_at")
    )


def awaiting_endorsement(user):
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    return (
        AntRequest.objects.filter(coordinating_school_id__in=heads_of, state="submitted")
        .select_related("coordinating_school", "coordinator")
        .order_by("submitted_at")
    )


def school_requests(user):
    """Every request of the schools a head runs, whatever the state."""
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    return (
        AntRequest.objects.filter(
            Q(coordinating_school_id__in=heads_of)
            | Q(
                pk__in=AntRequest.schools.through.objects.filter(
                    etablissement_id__in=heads_of
                ).values("antrequest")
            )
        )
        .exclude(state="draft")
        .select_related("coordinating_school", "coordinator")
        .order_by("-created_at")
    )


def trainer_assignments(user):
    return (
        TrainerAssignment.objects.filter(trainer=user)
        .select_related("request", "request__coordinating_school")
        .order_by("-assigned_at")
    )


def office_queue(academie_ids_):
    """The office's queue: carried-over requests first, then by endorsement date."""
    return (
        AntRequest.objects.filter(academie_id__in=academie_ids_)
        .exclude(state="draft")
        .select_related("coordinating_school", "theme", "district", "campaign")
        .order_by("-priority", "endorsed_at", "pk")
    )


def count_query(queryset):
    """Requests per state of `queryset`, as rows of `state` and `n`. COUNT(*), not COUNT(id):
    PostgreSQL then answers from an index alone."""
    return queryset.order_by().values_list("state").annotate(n=Count("*")).values("state", "n")


def counts_by_state(queryset):
    return {row["state"]: row["n"] for row in count_query(queryset)}


def state_counts(academie_ids_):
    """Requests per state of the académies (drafts aside, as in the queue), read from the
    counts the database triggers keep (`StateCount`): a dozen rows, not thousands."""
    academies = tuple(sorted(academie_ids_))
    rows = fetch_compiled(
        ("state_counts", academies),
        lambda: (
            StateCount.objects.filter(academie_id__in=academies, n__gt=0)
            .exclude(state="draft")
            .values("state", "n")
        ),
    )
    counts = {}
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + row["n"]
    return counts


def campaigns_for(user):
    return Campaign.objects.filter(academie_id__in=academie_ids(user)).order_by("-school_year")


# The office's pages ----------------------------------------------------------------------
def office_campaigns(academie_ids_):
    """The académies' campaigns with their request counts (drafts aside: they are the teams')."""
    return (
        Campaign.objects.filter(academie_id__in=academie_ids_)
        .select_related("academie")
        .annotate(
            n_requests=Count("requests", filter=~Q(requests__state="draft"), distinct=True),
            n_windows=Count("windows", distinct=True),
            n_themes=Count("themes", distinct=True),
        )
        .order_by("-school_year", "academie__name")
    )


def previous_campaign(campaign):
    """The same académie's campaign of the school year before, or None."""
    try:
        start = int(campaign.school_year[:4])
    except ValueError:
        return None
    return Campaign.objects.filter(
        academie_id=campaign.academie_id, school_year=f"{start - 1}-{start}"
    ).first()


def catalogue_campaigns(user, today):
    """Campaigns of the user's académies (any role) whose catalogue is published; the office
    staff of an académie also see its campaigns before publication."""

    from requests.models import SubmissionWindow, Theme

    office = academie_ids(user, Role.DAFOR)
    return (
        Campaign.objects.filter(
            Q(academie_id__in=academie_ids(user), published_on__lte=today)
            | Q(academie_id__in=office)
        )
        .select_related("academie")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("title", "pk")),
            Prefetch("windows", queryset=SubmissionWindow.objects.order_by("opens_on", "pk")),
        )
        .order_by("-school_year", "academie__name")
    )


def processing_times(queryset, now):
    """Median days from submission to decision (overall and per final state) and median days
    spent so far in each current state, over `queryset`, aggregated in the database (three
    small grouped queries, whatever the number of requests)."""
    final = ("validated", "rejected", "postponed")
    # A training under way or completed was validated first.
    outcome = Case(
        When(state__in=["in_progress", "completed"], then=Value("validated")),
        default=F("state"),
        output_field=CharField(),
    )
    decided = (
        queryset.order_by()
        .filter(decided_at__isnull=False, submitted_at__isnull=False)
        .annotate(outcome=outcome)
        .filter(outcome__in=final)
    )
    by_outcome = {
        row["outcome"]: (row["days"], row["n"])
        for row in decided.values("outcome").annotate(
            days=Median(DaysBetween("decided_at", "submitted_at")), n=Count("pk")
        )
    }
    overall = decided.aggregate(days=Median(DaysBetween("decided_at", "submitted_at")))
    waiting = {
        row["state"]: (max(row["days"], 0), row["n"])
        for row in queryset.order_by()
        .values("state")
        .annotate(
            days=Median(DaysBetween(Value(now, output_field=DateTimeField()), "state_changed_at")),
            n=Count("pk"),
        )
    }
    return {
        "decision_overall": overall["days"],
        "decision_count": sum(n for _days, n in by_outcome.values()),
        "decision_by_state": by_outcome,
        "waiting_by_state": waiting,
    }
