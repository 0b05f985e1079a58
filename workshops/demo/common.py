"""What the demo steps of the workshops share: Paris times, terms, and idempotent writes of a
session, its trainers and its participants (`accounts.demo.upsert`: a row is found by its
natural key and saved only where a value differs, so a second run writes nothing)."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.demo import upsert
from workshops.models import Participant, Session, SessionTrainer

PARIS_TZ = ZoneInfo("Europe/Paris")
D = datetime.date


def at(day, hour, minute=0):
    """`day` at `hour`h`minute`, Paris time."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS_TZ)


def school_year_of(day):
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def term_of(day):
    """The term of a school day: September–December, January–March, April–July."""
    if day.month >= 9:
        return Session.Term.FIRST
    if day.month <= 3:
        return Session.Term.SECOND
    return Session.Term.THIRD


def seed_session(owner, title, *, programme, kind, created_by, created_at, **fields):
    """The session of `owner` (a dict naming its request, team, module, parcours session or
    cohort, or nothing) titled `title`, created or brought up to date with `fields`."""
    # Everything the demo does not say is empty, so a field changed by hand is put back.
    for name in ("level", "planning_note", "room", "online_url", "description", "cancel_reason"):
        fields.setdefault(name, "")
    fields.setdefault("capacity", None)
    starts_at = fields.get("starts_at")
    if starts_at is not None:
        day = starts_at.astimezone(PARIS_TZ).date()
        fields.setdefault("school_year", school_year_of(day))
        fields.setdefault("term", term_of(day))
    return upsert(
        Session,
        {"programme": programme, "kind": kind, "title": title, **owner},
        {"academie": programme.academie, **fields},
        created_by=created_by,
        created_at=created_at,
    )


def seed_trainers(session, users):
    """`users` train `session`, the first one as its lead; anyone else is taken off."""
    wanted = {}
    for index, user in enumerate(users):
        role = SessionTrainer.Role.LEAD if index == 0 else SessionTrainer.Role.CO
        wanted.setdefault(user.pk, role)
    for row in session.trainers.all():
        if row.user_id not in wanted:
            row._change_reason = "Données de démonstration"
            row.delete()
    # Co-trainers first: a lead changing hands never leaves two leads at once.
    for user_id, role in sorted(wanted.items(), key=lambda item: item[1] == "lead"):
        upsert(SessionTrainer, {"session": session, "user_id": user_id}, {"role": role})


def seed_participant(
    session,
    user,
    *,
    origin,
    convened_at=None,
    present=False,
    hours=None,
    marked_by=None,
    created_at=None,
):
    """`user` enrolled in `session`; `present`: noted present by `marked_by` at the end of the
    session, for `hours` (the session's length unless given)."""
    values = {"origin": origin, "status": Participant.Status.ENROLLED, "convened_at": convened_at}
    if present:
        values.update(
            attendance=Participant.Attendance.PRESENT,
            hours_attended=session.hours if hours is None else hours,
            attendance_marked_at=session.ends_at,
            attendance_marked_by=marked_by,
        )
    return upsert(
        Participant,
        {"session": session, "user": user},
        values,
        created_at=created_at or convened_at or timezone.now(),
    )
