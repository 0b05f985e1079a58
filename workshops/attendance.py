"""Attendance of a session (issue 11, point 4): who was there, for how long.

- The session's managers (its trainers, the programme's staff) note, once the session has
  started, each enrolled participant (observers included) present or absent; a present person
  attended the session's length, or fewer hours for a partial presence, never more and never
  a negative number. Everything noted in one go is saved together, or nothing is.
- Once every enrolled participant's presence is noted, a manager declares the session done
  (« réalisée »). Its attendance can still be corrected afterwards.
- An ANT's request can be declared completed once all its sessions are done
  (workshops.ant.transition_check).
- The signed attendance sheet (émargement) proves presence per half-day (DOMAIN.md): the
  sheet has a signature cell per morning and afternoon of each day of the session.

Nothing here sends messages: attendance concerns the record, not people's diaries.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import dates
from accounts.models import Role, RoleMembership
from accounts.templatetags.french_numbers import heures
from workshops.models import Participant, Session

# Where the morning ends and the afternoon begins, for the signature cells.
MORNING_ENDS = datetime.time(12, 0)
AFTERNOON_BEGINS = datetime.time(13, 0)


class AttendanceError(Exception):
    """A domain error: its message, in French, is shown to the user."""


def enrolled(session):
    """The enrolled participants (observers included), by name, with their user."""
    return (
        session.participants.filter(status=Participant.Status.ENROLLED)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )


def has_started(session, now=None):
    return session.starts_at is not None and session.starts_at <= (now or timezone.now())


def hours_error(hours, session):
    """The French message that refuses `hours` attended of `session`, or ""."""
    if hours < 0:
        return _("Les heures suivies ne peuvent pas être négatives.")
    if session.hours is not None and hours > session.hours:
        return _(
            "Les heures suivies ne peuvent pas dépasser la durée de la séance (%(hours)s)."
        ) % {"hours": format_hours(session.hours)}
    if hours == 0:
        return _("Une personne présente a suivi plus de 0\u00a0h\u00a0: sinon, notez-la absente.")
    return ""


def format_hours(hours):
    """« 3 h », « 2,5 h »: as the pages print them (the `heures` filter)."""
    return heures(hours)


def _check_open(session, now):
    if session.status == Session.Status.CANCELLED:
        raise AttendanceError(_("Cette séance est annulée\u00a0: elle n'a pas de présences."))
    if not has_started(session, now):
        if session.starts_at is None:
            raise AttendanceError(
                _(
                    "Cette séance n'a pas encore de date\u00a0: les présences se notent le jour "
                    "venu."
                )
            )
        raise AttendanceError(
            _(
                "La séance n'a pas commencé\u00a0: les présences se notent à partir du %(day)s, "
                "%(time)s."
            )
            % {
                "day": dates.day(session.starts_at),
                "time": formats.time_format(timezone.localtime(session.starts_at), "G\\hi"),
            }
        )


def record_attendance(*, session, marks, by, now=None):
    """Save the presences `marks` of `session` noted by `by`, in one transaction.

    `marks` is a list of `(participant, attendance, hours)`: `attendance` one of
    Participant.Attendance ("" leaves the person not noted), `hours` the hours attended by a
    present person (None: the session's length). Raises AttendanceError, with nothing saved,
    before the session has started, for a cancelled session, for a person who is not enrolled
    in it, or for hours out of range. Returns the participants whose row changed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        _check_open(session, now)
        allowed = set(
            session.participants.filter(status=Participant.Status.ENROLLED).values_list(
                "pk", flat=True
            )
        )
        changed = []
        for participant, attendance, hours in marks:
            if participant.pk not in allowed:
                raise AttendanceError(
                    _("%(name)s n'est pas inscrit ou inscrite à cette séance.")
                    % {"name": participant.user.full_name}
                )
            if attendance == Participant.Attendance.PRESENT:
                hours = session.hours if hours is None else Decimal(hours)
                error = hours_error(hours, session)
                if error:
                    raise AttendanceError(f"{participant.user.full_name}\u00a0: {error}")
            elif attendance in (Participant.Attendance.ABSENT, Participant.Attendance.UNKNOWN):
                hours = None
            else:
                raise AttendanceError(_("Présence inconnue."))
            if (participant.attendance, participant.hours_attended) == (attendance, hours):
                continue
            participant.attendance = attendance
            participant.hours_attended = hours
            participant.attendance_marked_at = now if attendance else None
            participant.attendance_marked_by = by if attendance else None
            participant.save(
                update_fields=[
                    "attendance",
                    "hours_attended",
                    "attendance_marked_at",
                    "attendance_marked_by",
                ]
            )
            changed.append(participant)
    return changed


def unmarked_count(session):
    return session.participants.filter(
        status=Participant.Status.ENROLLED, attendance=Participant.Attendance.UNKNOWN
    ).count()


def declare_done(*, session, by, now=None):
    """Declare `session` done (« réalisée »): it has started, it is neither cancelled nor
    already done, and every enrolled participant's presence is noted. Raises AttendanceError
    otherwise. Returns the session."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == Session.Status.DONE:
            raise AttendanceError(_("Cette séance est déjà déclarée réalisée."))
        _check_open(locked, now)
        missing = unmarked_count(locked)
        if missing:
            raise AttendanceError(
                ngettext(
                    "La présence d'une personne inscrite n'est pas encore notée\u00a0: la séance "
                    "ne peut pas être déclarée réalisée.",
                    "La présence de %(count)d personnes inscrites n'est pas encore notée\u00a0: la "
                    "séance ne peut pas être déclarée réalisée.",
                    missing,
                )
                % {"count": missing}
            )
        locked.status = Session.Status.DONE
        locked.save(update_fields=["status", "updated_at"])
    session.status = locked.status
    return session


# The attendance sheet ----------------------------------------------------------------------
@dataclass(frozen=True)
class HalfDay:
    day: datetime.date
    afternoon: bool


def half_days(session):
    """The half-days the session covers, in order: a morning when it runs before noon that
    day, an afternoon when it runs after 13h (a session held within the lunch break counts as
    the half-day it starts in)."""
    if session.starts_at is None:
        return []
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    found = []
    day = start.date()
    while day <= end.date():
        day_start = start.time() if day == start.date() else datetime.time.min
        # A session ending at midnight does not run on the next day.
        if day != start.date() and day == end.date() and end.time() == datetime.time.min:
            break
        day_end = end.time() if day == end.date() else datetime.time.max
        morning = day_start < MORNING_ENDS
        afternoon = day_end > AFTERNOON_BEGINS
        if not morning and not afternoon:
            afternoon = day_start >= MORNING_ENDS
            morning = not afternoon
        if morning:
            found.append(HalfDay(day, False))
        if afternoon:
            found.append(HalfDay(day, True))
        day += datetime.timedelta(days=1)
    return found


def sheet_participants(session):
    """The enrolled participants for the sheet, each with `schools`: the names of the schools
    they work in (teacher's or head's current roles), in a constant number of queries."""
    today = timezone.localdate()
    current = (
        RoleMembership.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=today),
            role__in=[Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT],
            etablissement__isnull=False,
        )
        .select_related("etablissement")
        .order_by("etablissement__name")
    )
    participants = list(
        enrolled(session).prefetch_related(
            Prefetch("user__role_memberships", queryset=current, to_attr="school_memberships")
        )
    )
    for participant in participants:
        names = []
        for membership in participant.user.school_memberships:
            if membership.etablissement.name not in names:
                names.append(membership.etablissement.name)
        participant.schools = names
    return participants
