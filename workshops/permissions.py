"""Who may see and do what with sessions.

- The staff of a programme (its `STAFF` memberships) schedule, edit and cancel any session of
  it; the académie's training and guidance offices (EAFC/DAFOR, SAIO) see every session of
  their académie.
- A trainer (the `formateur` role in the académie, or a trainer's membership of the
  programme: animateur, maître-formateur, accompagnateur, formateur de proximité) schedules
  sessions they run, and edits, cancels and takes attendance of the sessions they run.
- A participant sees their sessions; a head of school, the sessions their school hosts; a
  teacher, the open sessions of their académie.
Anyone else gets a 404 for a session, never a 403 that would confirm it exists.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import academie_ids, etablissement_ids, has_role_in_academie
from programmes.models import Programme, ProgrammeMembership
from programmes.permissions import current_memberships, staff_programmes
from workshops.models import Participant, Session, SessionTrainer

TRAINER_FUNCTIONS = (
    ProgrammeMembership.Function.ANIMATEUR,
    ProgrammeMembership.Function.MAITRE_FORMATEUR,
    ProgrammeMembership.Function.ACCOMPAGNATEUR,
    ProgrammeMembership.Function.FORMATEUR_PROXIMITE,
)
OFFICE_ROLES = (Role.DAFOR, Role.SAIO)


def schedulable_programmes(user):
    """The programmes in which `user` may schedule sessions."""
    if not user.is_authenticated:
        return Programme.objects.none()
    memberships = current_memberships(user, ProgrammeMembership.Function.STAFF, *TRAINER_FUNCTIONS)
    return Programme.objects.filter(
        Q(pk__in=memberships.values("programme_id"))
        | Q(academie__in=academie_ids(user, Role.FORMATEUR))
    )


def may_schedule_in(user, programme):
    return schedulable_programmes(user).filter(pk=programme.pk).exists()


def is_programme_staff(user, session):
    return staff_programmes(user).filter(pk=session.programme_id).exists()


def is_trainer_of(user, session):
    return SessionTrainer.objects.filter(session=session, user=user).exists()


def may_manage(user, session):
    """Edit, cancel, convene and take attendance: the programme's staff and the trainers."""
    return is_trainer_of(user, session) or is_programme_staff(user, session)


def managed_sessions(user):
    if not user.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(
        Q(pk__in=SessionTrainer.objects.filter(user=user).values("session_id"))
        | Q(programme__in=staff_programmes(user))
    )


def visible_sessions(user):
    """Every session `user` may open."""
    if not user.is_authenticated:
        return Session.objects.none()
    q = Q(pk__in=SessionTrainer.objects.filter(user=user).values("session_id"))
    q |= Q(pk__in=Participant.objects.filter(user=user).values("session_id"))
    q |= Q(programme__in=staff_programmes(user))
    office = academie_ids(user, *OFFICE_ROLES)
    if office:
        q |= Q(academie__in=office)
    heads = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    if heads:
        q |= Q(host_school__in=heads)
    teachers = academie_ids(user, Role.ENSEIGNANT)
    if teachers:
        q |= Q(public=Session.Public.OPEN, academie__in=teachers)
    return Session.objects.filter(q)


def session_for_viewer_or_404(user, pk, queryset=None):
    return get_object_or_404(
        (queryset if queryset is not None else Session.objects.all()).filter(
            pk__in=visible_sessions(user).values("pk")
        ),
        pk=pk,
    )


def session_for_manager_or_404(user, pk, queryset=None):
    return get_object_or_404(
        (queryset if queryset is not None else Session.objects.all()).filter(
            pk__in=managed_sessions(user).values("pk")
        ),
        pk=pk,
    )


def may_see_school_calendar(user, school):
    """The head of the school, its teachers, and the académie's offices."""
    return school.pk in etablissement_ids(
        user, Role.CHEF_ETABLISSEMENT, Role.ENSEIGNANT
    ) or has_role_in_academie(user, school.academie_id, *OFFICE_ROLES)
