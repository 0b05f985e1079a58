"""The sessions a teacher attended, for the training record (issue 11, point 4).

A participant marked present at a session of the school year counts the hours the trainer
noted (the session's length, or fewer for a partial presence). A session of a cancelled
status does not count; one not yet declared done counts, marked as not done.

- The sessions of an ANT make ONE entry per request, keyed `ant:<request id>`: it replaces
  the ANT source's planned hours (requests/training_record.py, named before this source in
  TRAINING_RECORD_SOURCES) with the hours attended; it is done when the request is completed.
- The in-person days of a M@gistère session are NOT counted here: the parcours' activities,
  in-person ones included, are counted by the M@gistère source
  (programmes/training_record.py), and counting the day again would count it twice.
- Every other session makes one entry: in person, or online when it has an online link and
  no host school. None counts towards the first degree's animations pédagogiques, which are
  the M@gistère sessions of a circonscription's plan.
"""

from collections import defaultdict
from decimal import Decimal

from django.urls import reverse

from accounts.training_record import Entry
from requests.models import State
from requests.training_record import PROGRAMME as ANT_PROGRAMME
from workshops.models import Participant, Session


def _hours(row):
    """(in person, online) hours of a row."""
    if row["hours_attended"] is not None:
        hours = Decimal(row["hours_attended"])
    else:  # present without hours noted: the whole session
        seconds = (row["session__ends_at"] - row["session__starts_at"]).total_seconds()
        hours = (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))
    online = bool(row["session__online_url"]) and row["session__host_school_id"] is None
    return (Decimal(0), hours) if online else (hours, Decimal(0))


def entries(users, school_year):
    """{user id: [Entry, …]} of the sessions `users` attended in `school_year`: one query."""
    user_ids = [getattr(user, "pk", user) for user in users]
    if not user_ids:
        return {}
    rows = (
        Participant.objects.filter(
            user_id__in=user_ids,
            attendance=Participant.Attendance.PRESENT,
            session__school_year=school_year,
            session__starts_at__isnull=False,
        )
        .exclude(session__status=Session.Status.CANCELLED)
        .exclude(session__kind=Session.Kind.MAGISTERE)
        .exclude(session__parcours_session__isnull=False)
        .order_by("session__starts_at", "session_id")
        .values(
            "user_id",
            "hours_attended",
            "session_id",
            "session__title",
            "session__status",
            "session__starts_at",
            "session__ends_at",
            "session__online_url",
            "session__host_school_id",
            "session__programme__title",
            "session__ant_request_id",
            "session__ant_request__reference",
            "session__ant_request__title",
            "session__ant_request__state",
        )
    )
    found = defaultdict(list)
    ant_totals = {}  # (user id, request id) → [in person, online, row]
    for row in rows:
        in_person, online = _hours(row)
        request_id = row["session__ant_request_id"]
        if request_id is not None:
            key = (row["user_id"], request_id)
            if key not in ant_totals:
                ant_totals[key] = [Decimal(0), Decimal(0), row]
                # The entry takes the place of the request's first attended session.
                found[row["user_id"]].append(key)
            ant_totals[key][0] += in_person
            ant_totals[key][1] += online
            continue
        found[row["user_id"]].append(
            Entry(
                programme=row["session__programme__title"],
                title=row["session__title"],
                url=reverse("workshops:detail", args=[row["session_id"]]),
                hours_in_person=in_person,
                hours_online=online,
                animation_pedagogique=False,
                done=row["session__status"] == Session.Status.DONE,
            )
        )
    return {
        user_id: [
            _ant_entry(*ant_totals[item]) if isinstance(item, tuple) else item for item in items
        ]
        for user_id, items in found.items()
    }


def _ant_entry(in_person, online, row):
    request_id = row["session__ant_request_id"]
    return Entry(
        programme=ANT_PROGRAMME,
        title=f"{row['session__ant_request__reference']} — {row['session__ant_request__title']}",
        url=reverse("requests:detail", args=[request_id]),
        hours_in_person=in_person,
        hours_online=online,
        animation_pedagogique=False,
        done=row["session__ant_request__state"] == State.COMPLETED,
        key=f"ant:{request_id}",
    )
