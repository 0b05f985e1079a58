"""Writes on sessions: schedule, edit, cancel (issue 11, points 1 and 2).

Each function runs in one transaction and locks what decides a clash before checking the
rules (workshops/scheduling.py): the trainers' user rows, in pk order, then the host
school's row. Two people scheduling the same trainer, or the same room, at once queue on
those locks: the second sees the first's session and is refused. A refusal raises
SchedulingError (French messages) and nothing is saved.

People are told through the outbox (workshops/notices.py) with the session's .ics: a change
of time or place tells the trainers and the enrolled participants (`session_changed`, with
the sentences of `changes`), a cancellation too (`session_cancelled`, the .ics cancelling
the event). Each such change raises the session's iCalendar `sequence`.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Etablissement, User
from programmes.models import Programme
from requests.workflow import TransitionError
from workshops import ant, enrolment, notices, permissions, scheduling
from workshops.models import ReminderSent, Session, SessionTrainer


class SchedulingError(Exception):
    """A session that may not be saved; `messages` are for the user, in French."""

    def __init__(self, messages):
        self.messages = [str(message) for message in messages]
        super().__init__(" ".join(self.messages))


# What a session belongs to, and the kind it makes it.
LINK_KINDS = {
    "ant_request": Session.Kind.ANT,
    "parcours_session": Session.Kind.MAGISTERE,
    "trainer_team": Session.Kind.ATELIER,
    "training_module": Session.Kind.MODULE,
    "cohort": Session.Kind.AMBASSADEURS,
}
# The fields whose change people are told of.
TIME_FIELDS = ("starts_at", "ends_at")
PLACE_FIELDS = ("host_school", "room", "online_url")
EDITABLE_FIELDS = (
    "title",
    "level",
    "description",
    "school_year",
    "term",
    "planning_note",
    "host_school",
    "room",
    "online_url",
    "starts_at",
    "ends_at",
    "capacity",
    "public",
    "status",
)
EDITABLE_STATUSES = (Session.Status.PLANNED, Session.Status.CONFIRMED)


def school_year_of(moment):
    """« 2022-2023 » for a moment between 1 September 2022 and 31 August 2023."""
    day = timezone.localtime(moment).date() if isinstance(moment, datetime.datetime) else moment
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def kind_for(session):
    for field, kind in LINK_KINDS.items():
        if getattr(session, f"{field}_id") is not None:
            return kind
    return Session.Kind.AUTRE


def link_problems(session):
    """A session belongs to records of its own programme: a record of another programme or
    académie is refused."""
    programme = session.programme
    problems = []
    if session.ant_request_id is not None and (
        programme.kind != Programme.Kind.ANT
        or session.ant_request.academie_id != programme.academie_id
    ):
        problems.append(_("Cette ANT n'appartient pas au programme de la séance."))
    if session.parcours_session_id is not None and (
        programme.kind != Programme.Kind.MAGISTERE
        or session.parcours_session.academie_id != programme.academie_id
    ):
        problems.append(_("Cette session M@gistère n'appartient pas au programme de la séance."))
    if (
        session.trainer_team_id is not None
        and session.trainer_team.brigade.programme_id != programme.pk
    ):
        problems.append(_("Cette équipe n'appartient pas à la brigade du programme."))
    if (
        session.training_module_id is not None
        and session.training_module.promotion.brigade.programme_id != programme.pk
    ):
        problems.append(_("Ce module n'appartient pas à la formation des animateurs du programme."))
    if session.cohort_id is not None and session.cohort.convention.programme_id != programme.pk:
        problems.append(_("Cette cohorte n'appartient pas au programme de la séance."))
    return problems


def status_problems(session):
    if session.status not in EDITABLE_STATUSES:
        return [_("Une séance se programme «\u00a0prévue\u00a0» ou «\u00a0confirmée\u00a0».")]
    if session.status == Session.Status.CONFIRMED and session.starts_at is None:
        return [_("Une séance confirmée a une date et des horaires.")]
    if session.starts_at is None and not session.school_year:
        return [_("Indiquez l'année scolaire d'une séance qui n'a pas encore de date.")]
    return []


def _lock(trainers, school):
    """Lock the rows that decide a clash, always in the same order (users by pk, then the
    school): two transactions scheduling the same people or room queue here."""
    pks = sorted({user.pk for user in trainers})
    if pks:
        list(User.objects.select_for_update().filter(pk__in=pks).order_by("pk").values("pk"))
    if school is not None:
        list(Etablissement.objects.select_for_update().filter(pk=school.pk).values("pk"))


def _check(session, trainers):
    problems = status_problems(session) + link_problems(session)
    problems += scheduling.refusals(session, trainers)
    if problems:
        raise SchedulingError(problems)


def _start_ant(session, *, by):
    """The first dated session of a validated ANT starts it; the workflow's refusal
    (no accepted trainer, no training project, not the actor's to do) refuses the session."""
    try:
        ant.start_on_first_session(session, by=by)
    except TransitionError as error:
        raise SchedulingError([str(error)]) from None


def _set_trainers(session, trainers, lead):
    SessionTrainer.objects.filter(session=session).delete()
    SessionTrainer.objects.bulk_create(
        SessionTrainer(
            session=session,
            user=user,
            role=SessionTrainer.Role.LEAD if user.pk == lead.pk else SessionTrainer.Role.CO,
        )
        for user in trainers
    )


def _team_and_lead(team, trainers, lead):
    """The trainers of a session: the animateurs of its team (an ambition-confiance team
    schedules as a team), then the others chosen, each once; the lead is the one chosen, or
    the first."""
    chosen = list(scheduling.team_trainers(team)) if team is not None else []
    for user in trainers:
        if user.pk not in {c.pk for c in chosen}:
            chosen.append(user)
    if lead is not None and lead.pk not in {c.pk for c in chosen}:
        chosen.insert(0, lead)
    if lead is None and chosen:
        lead = chosen[0]
    return chosen, lead


def schedule_session(*, programme, by, trainers=(), lead=None, **fields):
    """Schedule a session of `programme`, run by `trainers` (users; `lead` leads, or the
    first), with the Session `fields` (a link such as `ant_request` or `trainer_team` sets
    the kind). A session may be saved « prévue » without a date (a term, a planning note)
    and dated later (update_session).

    Refused (SchedulingError, nothing saved) when `by` may not schedule in the programme,
    a trainer who is not on its staff does not run the session, a rule of
    workshops/scheduling.py refuses it, or the first session of a validated ANT cannot
    start it."""
    trainers, lead = _team_and_lead(fields.get("trainer_team"), list(trainers), lead)
    if not permissions.may_schedule_in(by, programme):
        raise SchedulingError([_("Vous ne pouvez pas programmer de séance dans ce programme.")])
    if not permissions.may_schedule_with(by, programme, trainers):
        raise SchedulingError(
            [_("Vous ne pouvez programmer que les séances que vous animez vous-même.")]
        )
    session = Session(programme=programme, academie_id=programme.academie_id, created_by=by)
    for name, value in fields.items():
        setattr(session, name, value)
    session.kind = fields.get("kind") or kind_for(session)
    if session.starts_at is not None:
        session.school_year = school_year_of(session.starts_at)
    with transaction.atomic():
        _lock(trainers, session.host_school)
        _check(session, trainers)
        session.save()
        if trainers:
            _set_trainers(session, trainers, lead)
        _start_ant(session, by=by)
    return session


def describe_changes(before, session):
    """The sentences that tell people what changed in time and place."""
    changes = []
    if any(before[name] != getattr(session, name) for name in TIME_FIELDS):
        if session.starts_at is not None:
            changes.append(
                _("Nouvel horaire\u00a0: %(when)s")
                % {"when": scheduling.when(session.starts_at, session.ends_at)}
            )
        else:
            changes.append(_("La séance n'a plus de date\u00a0: elle sera reprogrammée."))
    if before["host_school"] != session.host_school_id:
        school = session.host_school
        if school is not None:
            place = f"{school.name}, {school.commune}" if school.commune else school.name
            changes.append(_("Nouveau lieu\u00a0: %(place)s") % {"place": place})
        else:
            changes.append(_("La séance n'a plus d'établissement d'accueil."))
    if scheduling.normalised_room(before["room"]) != scheduling.normalised_room(session.room):
        if session.room.strip():
            changes.append(_("Nouvelle salle\u00a0: %(room)s") % {"room": session.room.strip()})
        else:
            changes.append(_("La salle n'est plus précisée."))
    if before["online_url"] != session.online_url:
        if session.online_url:
            changes.append(
                _("Nouveau lien de la classe virtuelle\u00a0: %(url)s")
                % {"url": session.online_url}
            )
        else:
            changes.append(_("La séance n'a plus de classe virtuelle."))
    return changes


def _snapshot(session):
    return {
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "host_school": session.host_school_id,
        "room": session.room,
        "online_url": session.online_url,
    }


def update_session(*, session, by, trainers=None, lead=None, **fields):
    """Change a session's `fields` (EDITABLE_FIELDS), and its trainers when `trainers` is
    given. The rules are checked again on the result; a change of time or place raises the
    sequence and tells the trainers and the enrolled participants. Dating the first session
    of a validated ANT starts it."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_session() cannot change {sorted(unknown)}")
    if not permissions.may_manage(by, session):
        raise SchedulingError([_("Vous ne pouvez pas modifier cette séance.")])
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise SchedulingError([_("Une séance annulée ou réalisée ne peut plus être modifiée.")])
        current = [
            t.user for t in SessionTrainer.objects.filter(session=locked).select_related("user")
        ]
        current_lead = next(
            (
                t.user
                for t in SessionTrainer.objects.filter(
                    session=locked, role=SessionTrainer.Role.LEAD
                ).select_related("user")
            ),
            None,
        )
        before = _snapshot(locked)
        for name, value in fields.items():
            setattr(session, name, value)
        if session.starts_at is not None:
            session.school_year = school_year_of(session.starts_at)
        new_trainers, new_lead = current, current_lead
        if trainers is not None:
            new_trainers, new_lead = _team_and_lead(None, list(trainers), lead)
            if not permissions.schedules_for_others(by, session.programme) and by.pk not in {
                t.pk for t in new_trainers
            }:
                raise SchedulingError(
                    [_("Vous ne pouvez pas vous retirer d'une séance que vous programmez.")]
                )
        _lock(new_trainers, session.host_school)
        _check(session, new_trainers)
        changes = describe_changes(before, session)
        session.sequence = locked.sequence + (1 if changes else 0)
        session.save()
        if trainers is not None:
            _set_trainers(session, new_trainers, new_lead)
        if before["starts_at"] is None:
            _start_ant(session, by=by)
        if before["starts_at"] != session.starts_at:
            # The reminders sent were for the old date: the new one gets its own.
            ReminderSent.objects.filter(session=session).delete()
        if (session.capacity or 0) > (locked.capacity or 0) or (
            locked.capacity and session.capacity is None
        ):
            # More room: the waiting list moves up (told, with the .ics).
            enrolment.promote_waiting(session)
        if changes:
            notices.tell(
                session,
                notices.concerned(session),
                kind="session_changed",
                context={"changes": changes},
            )
    return session


def cancel_session(*, session, by, reason):
    """Cancel a planned or confirmed session, with its reason: the trainers and the enrolled
    participants are told (the .ics cancels the event); the participants' rows are kept."""
    reason = (reason or "").strip()
    if not reason:
        raise SchedulingError([_("Indiquez le motif de l'annulation.")])
    if not permissions.may_manage(by, session):
        raise SchedulingError([_("Vous ne pouvez pas annuler cette séance.")])
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status == Session.Status.CANCELLED:
            raise SchedulingError([_("Cette séance est déjà annulée.")])
        if locked.status == Session.Status.DONE:
            raise SchedulingError([_("Une séance réalisée ne peut pas être annulée.")])
        session.status = Session.Status.CANCELLED
        session.cancel_reason = reason[:300]
        session.sequence = locked.sequence + 1
        session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
        notices.tell(
            session,
            notices.concerned(session),
            kind="session_cancelled",
            context={
                "reason": session.cancel_reason,
                "when": scheduling.at_when(session.starts_at, session.ends_at)
                if session.starts_at is not None
                else "",
            },
            cancelled=True,
        )
    return session
