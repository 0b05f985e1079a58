"""The M@gistère sessions a teacher followed, for the training record (issue 10, point 5).

Per accepted enrolment of the school year: the hours of the activities done, in person
(activities « en présence ») and online (activities « à distance »). A session of the
circonscription's animations pédagogiques counts towards the first degree's 18 hours; the
département's plan (« Plan départemental de formation ») does not: its training days are
taken on class time, with a replacement, not within the 108 hours."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.training_record import Entry
from programmes.magistere import minutes_to_hours
from programmes.models import Enrolment, ParcoursActivity, ParcoursSession


def magistere_entries(users, school_year):
    """{user_id: [Entry, …]} for `users` (users or ids) in `school_year`: one query."""
    activity_count = (
        ParcoursActivity.objects.filter(parcours=OuterRef("session__parcours"))
        .order_by()
        .values("parcours")
        .annotate(n=Count("pk"))
        .values("n")
    )
    enrolments = (
        Enrolment.objects.filter(
            user__in=users,
            state=Enrolment.State.ACCEPTED,
            session__school_year=school_year,
        )
        .annotate(
            presence_minutes=Sum(
                "progress__activity__duration_minutes",
                filter=Q(progress__activity__modality=ParcoursActivity.Modality.PRESENCE),
            ),
            distance_minutes=Sum(
                "progress__activity__duration_minutes",
                filter=Q(progress__activity__modality=ParcoursActivity.Modality.DISTANCE),
            ),
            done_count=Count("progress"),
            activity_count=Coalesce(Subquery(activity_count, output_field=IntegerField()), 0),
        )
        .values(
            "pk",
            "user_id",
            "session__plan",
            "session__parcours__title",
            "presence_minutes",
            "distance_minutes",
            "done_count",
            "activity_count",
        )
        .order_by("session__parcours__title", "pk")
    )
    entries = {}
    for row in enrolments:
        entries.setdefault(row["user_id"], []).append(
            Entry(
                programme=_("M@gistère"),
                title=row["session__parcours__title"],
                url=reverse("programmes:magistere_enrolment", args=[row["pk"]]),
                hours_in_person=minutes_to_hours(row["presence_minutes"]),
                hours_online=minutes_to_hours(row["distance_minutes"]),
                animation_pedagogique=row["session__plan"] == ParcoursSession.Plan.ANIMATIONS,
                done=row["activity_count"] > 0 and row["done_count"] >= row["activity_count"],
            )
        )
    return entries
