"""Reads of ANT requests, scoped to what the user may see and optimised for their pages."""

import time
import unicodedata
from datetime import timedelta

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from accounts.models import Role, User
from accounts.permissions import academie_ids, district_ids, etablissement_ids
from requests.models import (
    STATE_BADGES,
    AntRequest,
    Attachment,
    Campaign,
    DiagnosticNote,
    Scale,
    StaffNote,
    State,
    StateCount,
    SubmissionWindow,
    TeamMember,
    Theme,
    ThreadMessage,
    TrainerAssignment,
    TrainerProfile,
    TransitionLog,
)
from requests.state_counts import CANCELLED_UNSEEN


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
    # The CLIF sees the requests of their district: district-scale ones and those of its schools.
    clif_of = district_ids(user, Role.CLIF)
    if clif_of:
        q |= Q(district_id__in=clif_of) | Q(coordinating_school__district_id__in=clif_of)
    if heads_of:
        q |= Q(coordinating_school_id__in=heads_of)
        q |= Q(
            pk__in=AntRequest.schools.through.objects.filter(etablissement_id__in=heads_of).values(
                "antrequest"
            )
        )
    return AntRequest.objects.filter(q)


# --- what the office sees, carry-over (issue 9, points 5 and 6) ---
# « sous couvert de leur chef d'établissement »: a request reaches the office once its head
# endorsed it. Drafts, requests awaiting their head and those the head returned are the
# school's; a request cancelled before its endorsement never reached the office either.
OFFICE_HIDDEN_STATES = (State.DRAFT, State.SUBMITTED, State.RETURNED)
# Carried-over requests still waiting to be scheduled (scheduled: left validated for "in
# progress", until the workshops app records sessions).
UNSCHEDULED_STATES = (
    State.ENDORSED,
    State.UNDER_REVIEW,
    State.CORRECTIONS,
    State.DIAGNOSTIC,
    State.VALIDATED,
)


def reached_office(queryset):
    """`queryset` without the requests that have not reached the office. Drafts are excluded
    on their own, as the queue's partial index (`ant_queue_order`) states it."""
    return (
        queryset.exclude(state=State.DRAFT)
        .exclude(state__in=OFFICE_HIDDEN_STATES)
        .exclude(state=State.CANCELLED, endorsed_at__isnull=True)
    )


def is_unscheduled_carry_over(*, carried, state, term_end, today):
    """Whether a request carried over from the previous campaign is still not scheduled after
    the first term its priority was for."""
    return carried and state in UNSCHEDULED_STATES and term_end is not None and today > term_end


def to_carry_over(campaign):
    """The requests of `campaign` still to be carried into the next one: postponed by the
    office, or validated or started but not completed (« ANT commencées ou validées »)."""
    return campaign.requests.filter(
        state__in=[State.POSTPONED, State.VALIDATED, State.IN_PROGRESS],
        carried_over_to__isnull=True,
    )


def mission_order_requests(user):
    """The school-scale ANT for which a head signs their staff's mission orders: validated,
    under way or completed, of a school they run (as `permissions.may_issue_mission_orders`
    decides for one request), the latest decided first."""
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    # A union of two indexed reads, as in `school_requests`.
    coordinated = AntRequest.objects.filter(coordinating_school_id__in=heads_of).order_by()
    concerned = AntRequest.schools.through.objects.filter(etablissement_id__in=heads_of).order_by()
    ids = coordinated.values("pk").union(concerned.values("antrequest_id"))
    return (
        AntRequest.objects.filter(
            pk__in=ids,
            scale=Scale.ETABLISSEMENT,
            state__in=[State.VALIDATED, State.IN_PROGRESS, State.COMPLETED],
        )
        .select_related("coordinating_school")
        .order_by("-decided_at", "-pk")
    )


# --- end of what the office sees, carry-over ---


def french_order(name):
    """A sort key that reads names as a French reader does (« école » among the E's, before
    « Lycée »), whatever the database's collation or the code points say."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold(), name


# The request page: the relations every request has (and its district), joined; the others,
# rarely set, read by a query of their own only when set. PostgreSQL's planning time grows
# steeply with each join: with all eight joined it plans for longer than it runs.
REQUEST_PAGE_RELATIONS = ("campaign", "coordinating_school", "coordinator", "theme", "district")
REQUEST_PAGE_RARE_RELATIONS = (
    "reseau",
    "host_school",
    "carried_over_from",
    "proposed_host_school",  # districts and the CLIF (issue 9, point 3)
)


def _people(model, person, *order):
    return model.objects.select_related(person).order_by(*order)


def get_request_for(user, pk):
    """The request `pk` looked up among those `user` may see (`visible_requests`: one rule, in
    SQL), or 404; with its relations and what the permission predicates read (schools, team,
    trainers), so the actions and pages built on it check rights without a query."""
    return get_object_or_404(
        visible_requests(user)
        .select_related(*REQUEST_PAGE_RELATIONS)
        .prefetch_related(
            *REQUEST_PAGE_RARE_RELATIONS,
            "schools",
            Prefetch("members", _people(TeamMember, "user", "invited_at", "pk")),
            Prefetch("assignments", _people(TrainerAssignment, "trainer", "assigned_at", "pk")),
        ),
        pk=pk,
    )


def load_request_page(user, ant):
    """Read the rest of what the request page shows: the timeline, attachments and thread,
    and, for the EAFC/DAFOR staff of the request's académie only, the office's notes (for
    anyone else their tables are not even queried)."""
    collections = [
        Prefetch("transitions", _people(TransitionLog, "actor", "pk")),
        Prefetch("attachments", _people(Attachment, "uploaded_by", "uploaded_at", "pk")),
        Prefetch("thread", _people(ThreadMessage, "author", "created_at", "pk")),
    ]
    if ant.academie_id in academie_ids(user, Role.DAFOR):
        collections += [
            Prefetch("staff_notes", _people(StaffNote, "author", "created_at", "pk")),
            Prefetch("diagnostic_notes", _people(DiagnosticNote, "author", "meeting_on", "pk")),
        ]
    collections += project_collections(user, ant)  # issue 9, point 1
    prefetch_related_objects([ant], *collections)
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
    """Every request of the schools a head runs (coordinating or concerned), whatever the
    state. Their ids are the union of two indexed reads: an OR of the two conditions would
    make PostgreSQL scan every request."""
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    coordinated = AntRequest.objects.filter(coordinating_school_id__in=heads_of).order_by()
    concerned = AntRequest.schools.through.objects.filter(etablissement_id__in=heads_of).order_by()
    ids = coordinated.values("pk").union(concerned.values("antrequest_id"))
    return (
        AntRequest.objects.filter(pk__in=ids)
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
    """The office's queue: carried-over requests first, then by endorsement date. Only the
    requests that reached the office (`reached_office`): never a draft, nor one awaiting its
    head."""
    return (
        reached_office(AntRequest.objects.filter(academie_id__in=academie_ids_))
        .select_related("coordinating_school", "theme", "district", "campaign")
        .order_by("-priority", "endorsed_at", "pk")
    )


# A far page of the queue finds its ids before joining the schools and themes, not to join
# the rows it skips; up to this offset, a plain LIMIT reads fewer rows.
IDS_FIRST_FROM = 250
QUEUE_ROW_FIELDS = (
    "pk",
    "reference",
    "title",
    "coordinating_school__name",
    "theme__title",
    "own_theme",
    "scale",
    "state",
    "priority",
    # Carried-over requests not scheduled by the end of the first term are flagged.
    "carried_over_from",
    "campaign__first_term_ends_on",
)


def queue_rows(queryset, *, offset, limit):
    """One page of the queue `queryset` as dicts of `QUEUE_ROW_FIELDS`, with the local days
    of transmission and endorsement (`submitted_day`, `endorsed_day`)."""
    days = {"submitted_day": TruncDate("submitted_at"), "endorsed_day": TruncDate("endorsed_at")}
    if offset < IDS_FIRST_FROM:
        rows = queryset.values(*QUEUE_ROW_FIELDS, **days)[offset : offset + limit]
    else:
        ids = queryset[offset : offset + limit].values("pk")
        rows = queryset.filter(pk__in=ids).values(*QUEUE_ROW_FIELDS, **days)
    states, scales = dict(State.choices), dict(Scale.choices)
    today = timezone.localdate()
    rows = list(rows)
    for row in rows:
        row["state_label"] = states.get(row["state"], "")
        row["state_badge"] = STATE_BADGES.get(row["state"], "")
        row["scale_label"] = scales.get(row["scale"], "")
        row["theme_label"] = row["theme__title"] or row["own_theme"]
        row["unscheduled"] = is_unscheduled_carry_over(
            carried=row["carried_over_from"] is not None,
            state=row["state"],
            term_end=row["campaign__first_term_ends_on"],
            today=today,
        )
    return rows


class QueuePaginator(Paginator):
    """Django's paginator over the queue, told its count (the kept counts per state give it,
    without counting thousands of rows) and reading a page with `queue_rows`."""

    def __init__(self, queryset, per_page, *, count):
        super().__init__(queryset, per_page)
        self.known_count = count

    @cached_property
    def count(self):
        return self.known_count

    def page(self, number):
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        rows = queue_rows(self.object_list, offset=offset, limit=self.per_page)
        return Page(rows, number, self)


# The queue's filters offer the académies' themes, windows and districts, kept in the cache
# under a version that any change of one of them (or of a campaign) replaces.
CHOICES_VERSION_KEY = "ant-queue-choices-version"


def choices_version():
    return cache.get_or_set(CHOICES_VERSION_KEY, time.time_ns, timeout=None)


def forget_queue_choices(**kwargs):
    """Receiver of the changes that alter the filters' choices (requests/apps.py)."""
    cache.set(CHOICES_VERSION_KEY, time.time_ns(), timeout=None)


def count_query(queryset):
    """Requests per state of `queryset`, as rows of `state` and `n`. COUNT(*), not COUNT(id):
    PostgreSQL then answers from an index alone."""
    return queryset.order_by().values_list("state").annotate(n=Count("*")).values("state", "n")


def counts_by_state(queryset):
    return {row["state"]: row["n"] for row in count_query(queryset)}


def state_counts(academie_ids_):
    """Requests per state of the académies that reached the office (as in the queue), read
    from the kept counts (`StateCount`, requests/state_counts.py): a dozen rows, not
    thousands. The requests a team cancelled before its head endorsed them, kept apart
    (`CANCELLED_UNSEEN`), are taken away from the cancelled ones."""
    counts = {}
    rows = (
        StateCount.objects.filter(academie_id__in=academie_ids_, n__gt=0)
        .exclude(state__in=OFFICE_HIDDEN_STATES)
        .values_list("state", "n")
    )
    for state, n in rows:
        counts[state] = counts.get(state, 0) + n
    unseen = counts.pop(CANCELLED_UNSEEN, 0)
    if unseen and State.CANCELLED in counts:
        counts[State.CANCELLED] -= unseen
        if counts[State.CANCELLED] <= 0:
            del counts[State.CANCELLED]
    return counts


# The office's pages ----------------------------------------------------------------------
def office_campaigns(academie_ids_):
    """The académies' campaigns with their request counts (drafts aside: they are the teams').

    Each count is its own subquery over the campaign's index: counted through joins, the rows
    would be requests × windows × themes before DISTINCT (1.5 s a campaign at 20,000 requests).
    """
    return (
        Campaign.objects.filter(academie_id__in=academie_ids_)
        .select_related("academie")
        .annotate(
            n_requests=_count_of(
                AntRequest.objects.filter(campaign=OuterRef("pk"))
                .exclude(state__in=OFFICE_HIDDEN_STATES)
                .exclude(state=State.CANCELLED, endorsed_at__isnull=True)
            ),
            n_windows=_count_of(SubmissionWindow.objects.filter(campaign=OuterRef("pk"))),
            n_themes=_count_of(Theme.objects.filter(campaign=OuterRef("pk"))),
        )
        .order_by("-school_year", "academie__name")
    )


def _count_of(rows):
    """The number of `rows` (a queryset filtered on an OuterRef), as a subquery."""
    return Coalesce(
        Subquery(
            rows.order_by().values("campaign").annotate(count=Count("pk")).values("count"),
            output_field=IntegerField(),
        ),
        0,
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


# The team ---------------------------------------------------------------------------------
def scope_members_q(ant):
    """Staff who may join a request's team: teachers and heads of the schools concerned."""
    schools = {ant.coordinating_school_id, *ant.schools.values_list("pk", flat=True)}
    return Q(
        role_memberships__etablissement_id__in=schools,
        role_memberships__role__in=[Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT],
        role_memberships__ended_on__isnull=True,  # current staff only (issue 9, point 9)
    )


# Trainers ---------------------------------------------------------------------------------
ACTIVE_STATES = (State.DIAGNOSTIC, State.VALIDATED, State.IN_PROGRESS, State.UNDER_REVIEW)


def trainers_with_load(academie_id):
    """The académie's trainers, each annotated with `load`: accepted or proposed assignments
    on requests still running. A request carried over into the next campaign keeps, in its
    own campaign, the state it reached that year (« ANT commencées ou validées en
    2019-2020 », seed 004): it is its carried-over copy, with the same trainers, that runs
    now, so only the copy counts."""
    return (
        TrainerProfile.objects.filter(academie_id=academie_id, user__is_active=True)
        .select_related("user", "home_school")
        .prefetch_related("themes")
        .annotate(
            load=Count(
                "user__ant_assignments",
                filter=Q(user__ant_assignments__request__state__in=ACTIVE_STATES)
                & Q(user__ant_assignments__request__carried_over_to__isnull=True)
                & ~Q(user__ant_assignments__status="declined"),
            )
        )
    )


def suggest_trainers(ant, limit=10):
    """Trainers ranked for a request: theme match, then discipline, then same département,
    then lowest load. Trainers who work in one of the requesting schools, who are already
    assigned, who declined this request, or who are at their maximum load are never
    proposed (the office may still propose one who declined on purpose: `assign_trainer`
    allows it)."""
    schools = {ant.coordinating_school_id, *(s.pk for s in ant.schools.all())}
    departement = ant.coordinating_school.departement
    # Proposed, accepted or declined: none is suggested again.
    taken = {a.trainer_id for a in ant.assignments.all()}
    discipline = (ant.theme.discipline if ant.theme_id else "").strip().lower()
    ranked = []
    for profile in trainers_with_load(ant.academie_id):
        if profile.home_school_id in schools or profile.user_id in taken:
            continue
        if not profile.is_active:  # left the pool (issue 9, point 9)
            continue
        if profile.load >= profile.max_load:
            continue
        theme_match = ant.theme_id is not None and any(
            t.pk == ant.theme_id for t in profile.themes.all()
        )
        discipline_match = bool(discipline) and discipline in profile.discipline_set()
        same_area = profile.departement == departement
        profile.reasons = [
            reason
            for reason, ok in (
                (_("thématique"), theme_match),
                (_("discipline"), discipline_match),
                (_("même département"), same_area),
            )
            if ok
        ]
        ranked.append(
            (
                (
                    not theme_match,
                    not discipline_match,
                    not same_area,
                    profile.load,
                    profile.user.full_name,
                ),
                profile,
            )
        )
    ranked.sort(key=lambda pair: pair[0])
    return [profile for _key, profile in ranked[:limit]]


# Reminders ----------------------------------------------------------------------------------
def heads_to_remind(today, days_before):
    """(head, window, requests) for windows closing in `days_before` days."""
    closing = today + timedelta(days=days_before)
    for window in SubmissionWindow.objects.filter(closes_on=closing).select_related("campaign"):
        waiting = AntRequest.objects.filter(campaign=window.campaign, state=State.SUBMITTED)
        by_school = {}
        for ant in waiting:
            by_school.setdefault(ant.coordinating_school_id, []).append(ant)
        heads = User.objects.filter(
            is_active=True,
            role_memberships__role=Role.CHEF_ETABLISSEMENT,
            role_memberships__etablissement_id__in=by_school,
        ).prefetch_related("role_memberships")
        for head in heads.distinct():
            schools = {
                m.etablissement_id
                for m in head.role_memberships.all()
                if m.role == Role.CHEF_ETABLISSEMENT
            }
            requests = [r for school in schools for r in by_school.get(school, [])]
            yield head, window, requests


# --- Diagnostic meetings and the training project (issue 9, point 1) ---------------------------
def project_collections(user, ant):
    """The meetings (with who attended) and the project's versions (with their authors), for
    those who may read them: four queries whatever their number; none for anyone else."""
    from requests import permissions
    from requests.models import DiagnosticMeeting, TrainingProject, TrainingProjectRevision

    if not permissions.shows_project(user, ant):
        return []
    return [
        Prefetch(
            "diagnostic_meetings",
            DiagnosticMeeting.objects.select_related("recorded_by")
            .prefetch_related(Prefetch("attendees", User.objects.order_by("full_name", "pk")))
            .order_by("held_on", "pk"),
        ),
        Prefetch("training_project", TrainingProject.objects.all()),
        Prefetch(
            "training_project__revisions",
            _people(TrainingProjectRevision, "author", "number"),
        ),
    ]


def meeting_candidates(ant):
    """Who may be named as having attended a diagnostic meeting: the confirmed team (the
    coordinator is one), the heads of the schools concerned and the trainers who accepted."""
    from accounts.models import RoleMembership

    schools = [ant.coordinating_school_id, *(school.pk for school in ant.schools.all())]
    team = TeamMember.objects.filter(request=ant, status=TeamMember.Status.CONFIRMED)
    heads = RoleMembership.objects.filter(
        role=Role.CHEF_ETABLISSEMENT, etablissement_id__in=schools
    )
    trainers = TrainerAssignment.objects.filter(
        request=ant, status=TrainerAssignment.Status.ACCEPTED
    )
    return User.objects.filter(
        Q(pk__in=team.values("user_id"))
        | Q(pk__in=heads.values("user_id"))
        | Q(pk__in=trainers.values("trainer_id")),
        is_active=True,
    ).order_by("full_name", "pk")
