"""The scheduling rules (issue 11, point 2): plain functions over a session as it would be
saved (an unsaved or changed `Session`) and its trainers, returning French messages.

- Refusals (nothing is saved): the end not after the start; a host school outside the
  programme's académie; a trainer who may not run the programme's sessions; a trainer
  already in another session at the same time; two sessions in the same room of the same
  school at the same time. Times that only touch (9h–12h and 12h–15h) do not clash;
  cancelled sessions never clash; rooms compare trimmed and case-insensitively, and an
  empty room never clashes.
- Warnings (saving is allowed once confirmed): each weekend day, public holiday and zone
  holiday the session touches, named with their days. The zone is the host school's
  académie's (without a host school, the programme's); the public holidays are those of
  the host school's département.
"""

import datetime

from django.db.models import Q
from django.db.models.functions import Lower, Trim
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import dates
from accounts.models import Role, RoleMembership
from programmes.models import Animateur, Programme, ProgrammeMembership
from workshops import calendar
from workshops.models import Session, SessionTrainer
from workshops.permissions import TRAINER_FUNCTIONS


# Writing days and times as people do ----------------------------------------------------------
def weekday_and_day(day):
    """« samedi 17 décembre 2022 »."""
    return f"{formats.date_format(day, 'l')} {dates.day(day)}"


def hour(moment):
    return formats.time_format(timezone.localtime(moment), r"G\hi")


def when(starts_at, ends_at):
    """« mardi 12 janvier 2027, de 9h00 à 12h00 », or « du lundi 14 décembre 2022, 9h00, au
    samedi 19 décembre 2022, 17h00 » for a session over several days."""
    first, last = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if first.date() == last.date():
        return _("%(day)s, de %(start)s à %(end)s") % {
            "day": weekday_and_day(first.date()),
            "start": hour(first),
            "end": hour(last),
        }
    return _("du %(first)s, %(start)s, au %(last)s, %(end)s") % {
        "first": weekday_and_day(first.date()),
        "start": hour(first),
        "last": weekday_and_day(last.date()),
        "end": hour(last),
    }


def at_when(starts_at, ends_at):
    """« le mardi 12 janvier 2027, de 9h00 à 12h00 », « du lundi …, 9h00, au … »."""
    text = when(starts_at, ends_at)
    if timezone.localtime(starts_at).date() == timezone.localtime(ends_at).date():
        return _("le %(when)s") % {"when": text}
    return text


def french_list(items):
    """« a », « a et b », « a, b et c »."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s et %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def days_of(session):
    """The Paris days the session touches (a session ending at midnight does not touch the
    next day)."""
    first = timezone.localtime(session.starts_at).date()
    last = timezone.localtime(session.ends_at - datetime.timedelta(microseconds=1)).date()
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


# Who may be a trainer --------------------------------------------------------------------------
def allowed_trainer_ids(programme, users):
    """Of `users`, the pks of those who may run the programme's sessions: the `formateur`
    role in its académie, a current trainer's membership of it, or (ambition-confiance) an
    animateur of its brigade."""
    pks = [user.pk for user in users]
    today = timezone.localdate()
    allowed = set(
        RoleMembership.objects.filter(
            user__in=pks, role=Role.FORMATEUR, academie_id=programme.academie_id
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values_list("user_id", flat=True)
    )
    allowed |= set(
        ProgrammeMembership.objects.filter(
            user__in=pks, programme=programme, function__in=TRAINER_FUNCTIONS, started_on__lte=today
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .values_list("user_id", flat=True)
    )
    if programme.kind == Programme.Kind.AMBITION_CONFIANCE:
        allowed |= set(
            Animateur.objects.filter(user__in=pks, brigade__programme=programme).values_list(
                "user_id", flat=True
            )
        )
    return allowed


def team_trainers(team):
    """The animateurs of a trainer team who have an active account, in the team's order."""
    return [
        member.user
        for member in team.members.select_related("user").order_by("user__full_name", "pk")
        if member.user.is_active
    ]


# Refusals ---------------------------------------------------------------------------------
def is_dated(session):
    return session.starts_at is not None and session.ends_at is not None


def refusals(session, trainers):
    """Why `session` (as it would be saved) with `trainers` (users) may not be saved."""
    messages = []
    programme = session.programme
    if (session.starts_at is None) != (session.ends_at is None):
        messages.append(_("Indiquez le début et la fin de la séance, ou ni l'un ni l'autre."))
    elif is_dated(session) and session.ends_at <= session.starts_at:
        messages.append(_("La fin de la séance doit suivre son début."))
    if session.host_school is not None and session.host_school.academie_id != programme.academie_id:
        messages.append(
            _("L'établissement «\u00a0%(school)s\u00a0» n'est pas dans l'académie du programme.")
            % {"school": session.host_school.name}
        )
    allowed = allowed_trainer_ids(programme, trainers)
    for user in trainers:
        if user.pk not in allowed:
            messages.append(
                _(
                    "%(name)s ne peut pas animer les séances de ce programme\u00a0: ni formateur "
                    "ou formatrice de l'académie, ni membre de l'équipe de formation."
                )
                % {"name": user.full_name}
            )
    if messages or not is_dated(session) or session.status == Session.Status.CANCELLED:
        return messages
    return messages + trainer_clashes(session, trainers) + room_clashes(session)


def _overlapping(session):
    """Other non-cancelled sessions overlapping `session` in time (touching is fine)."""
    others = Session.objects.filter(
        starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
    ).exclude(status=Session.Status.CANCELLED)
    if session.pk is not None:
        others = others.exclude(pk=session.pk)
    return others


def trainer_clashes(session, trainers):
    clashes = (
        SessionTrainer.objects.filter(
            user__in=[user.pk for user in trainers], session__in=_overlapping(session)
        )
        .select_related("user", "session")
        .order_by("user__full_name", "session__starts_at", "session__pk")
    )
    return [
        _(
            "%(name)s anime déjà la séance «\u00a0%(title)s\u00a0» %(when)s\u00a0: "
            "une personne ne peut pas animer deux séances à la fois."
        )
        % {
            "name": clash.user.full_name,
            "title": clash.session.title,
            "when": at_when(clash.session.starts_at, clash.session.ends_at),
        }
        for clash in clashes
    ]


def normalised_room(room):
    return (room or "").strip().lower()


def room_clashes(session):
    room = normalised_room(session.room)
    if not room or session.host_school_id is None:
        return []
    others = (
        _overlapping(session)
        .filter(host_school_id=session.host_school_id)
        .annotate(room_key=Lower(Trim("room")))
        .filter(room_key=room)
        .order_by("starts_at", "pk")
    )
    return [
        _("La salle %(room)s est déjà occupée par la séance «\u00a0%(title)s\u00a0» %(when)s.")
        % {
            "room": other.room.strip(),
            "title": other.title,
            "when": at_when(other.starts_at, other.ends_at),
        }
        for other in others
    ]


# Warnings ---------------------------------------------------------------------------------
def zone_of_session(session):
    if session.host_school is not None:
        return calendar.zone_of(session.host_school.academie)
    return calendar.zone_of(session.programme.academie)


def warnings(session):
    """The weekend days, public holidays and zone holidays `session` touches, one message
    per kind (one per holiday period for the zone's holidays)."""
    if not is_dated(session) or session.ends_at <= session.starts_at:
        return []
    days = days_of(session)
    messages = []
    weekend = [day for day in days if day.weekday() >= 5]
    if weekend:
        messages.append(
            ngettext(
                "La séance a lieu un jour de week-end\u00a0: %(days)s.",
                "La séance a lieu des jours de week-end\u00a0: %(days)s.",
                len(weekend),
            )
            % {"days": french_list(weekday_and_day(day) for day in weekend)}
        )
    departement = session.host_school.departement if session.host_school is not None else ""
    holidays = {}
    for year in sorted({day.year for day in days}):
        holidays.update(calendar.public_holidays(year, departement))
    public = [(day, holidays[day]) for day in days if day in holidays]
    if public:
        messages.append(
            ngettext(
                "La séance a lieu un jour férié\u00a0: %(days)s.",
                "La séance a lieu des jours fériés\u00a0: %(days)s.",
                len(public),
            )
            % {
                "days": french_list(
                    _("%(name)s (%(day)s)") % {"name": name, "day": weekday_and_day(day)}
                    for day, name in public
                )
            }
        )
    zone = zone_of_session(session)
    for holiday in calendar.school_holidays(zone, days[0], days[-1]):
        touched = [day for day in days if holiday.first_day <= day <= holiday.last_day]
        messages.append(
            _("La séance a lieu pendant %(holiday)s (%(zone)s)\u00a0: %(days)s.")
            % {
                "holiday": calendar.holiday_label(holiday.name),
                "zone": calendar.zone_label(zone),
                "days": french_list(weekday_and_day(day) for day in touched),
            }
        )
    return messages
