"""The ANT trainings a teacher followed, for the training record (issue 10, point 5).

A teacher followed an ANT when they are a confirmed member of its team and the training
started (in progress) or ended (completed) in the school year of its campaign. The hours are
those of the training project's current version (sessions × hours per session), or the
volume the office set when it validated the request when there is no project; a version does
not say how its sessions are held, so they count as in person. An ANT is a team training of
the second degree, not one of the first degree's animations pédagogiques: it does not count
towards their 18 hours (`animation_pedagogique` False). An ANT in progress shows its planned
hours, marked as not done: the app keeps no attendance of its sessions.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.training_record import Entry
from requests.models import State, TeamMember, TrainingProjectRevision

FOLLOWED_STATES = (State.IN_PROGRESS, State.COMPLETED)
PROGRAMME = "ANT"


def entries(users, school_year):
    """{user id: [Entry, …]} of the ANT `users` followed in `school_year`, in one query."""
    user_ids = [user.pk for user in users]
    if not user_ids:
        return {}
    current_hours = (
        TrainingProjectRevision.objects.filter(project__request=OuterRef("request"))
        .order_by("-number")
        .annotate(total=F("session_count") * F("hours_per_session"))
        .values("total")[:1]
    )
    rows = (
        TeamMember.objects.filter(
            user_id__in=user_ids,
            status=TeamMember.Status.CONFIRMED,
            request__state__in=FOLLOWED_STATES,
            request__campaign__school_year=school_year,
        )
        .annotate(hours=Coalesce(Subquery(current_hours), F("request__planned_hours")))
        .order_by("request__reference")
        .values_list(
            "user_id",
            "request_id",
            "request__reference",
            "request__title",
            "request__state",
            "hours",
        )
    )
    found = defaultdict(list)
    for user_id, request_id, reference, title, state, hours in rows:
        found[user_id].append(
            Entry(
                programme=PROGRAMME,
                title=f"{reference} — {title}",
                url=reverse("requests:detail", args=[request_id]),
                hours_in_person=Decimal(hours or 0),
                hours_online=Decimal(0),
                animation_pedagogique=False,
                done=state == State.COMPLETED,
                key=f"ant:{request_id}",
            )
        )
    return found
