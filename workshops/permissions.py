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


# --- part C: attendance ---
def attended_participation_or_404(user, session_pk):
    """The user's own participation in a session they were marked present at (their
    attestation), with the session, its programme and académie; 404 otherwise."""
    return get_object_or_404(
        Participant.objects.select_related(
            "user", "session__programme", "session__academie", "session__host_school"
        ),
        session_id=session_pk,
        user_id=user.pk,  # None for an anonymous user: nobody's
        attendance=Participant.Attendance.PRESENT,
    )


# --- end of part C ---


# --- part B: enrolment ---
def enrolling_academie_ids(user):
    """The académies where `user` teaches: their open sessions take the user's enrolment."""
    return academie_ids(user, Role.ENSEIGNANT)


def may_browse_open_sessions(user):
    return bool(enrolling_academie_ids(user))


def may_enrol_openly(user, session):
    """A teacher of the session's académie, on a session « inscription libre »."""
    teaches_there = session.academie_id in enrolling_academie_ids(user)
    return teaches_there and session.public == Session.Public.OPEN


def open_sessions_for(user):
    """The sessions « inscription libre » of the académies where `user` teaches."""
    return Session.objects.filter(
        public=Session.Public.OPEN, academie__in=enrolling_academie_ids(user)
    )


# --- end of part B ---


# --- part A: scheduling ---
def schedules_for_others(user, programme):
    """The programme's staff schedule sessions whoever runs them; a trainer, only their own."""
    return staff_programmes(user).filter(pk=programme.pk).exists()


def may_schedule_with(user, programme, trainers):
    """`user` may schedule a session of `programme` run by `trainers` (users)."""
    if not may_schedule_in(user, programme):
        return False
    return schedules_for_others(user, programme) or user.pk in {t.pk for t in trainers}


def may_edit_session(user, session):
    """Edit and cancel: the session's managers, while it is not cancelled or done."""
    return session.status in (Session.Status.PLANNED, Session.Status.CONFIRMED) and may_manage(
        user, session
    )


# --- end of part A ---


# --- part E: observation requests onto workshops ---
def brigade_for_staff_or_404(user, slug):
    """The brigade of the ambition-confiance programme `slug` when `user` is on the
    programme's staff; a 404 for anyone else (another académie's SAIO, a teacher, a trainer)."""
    from programmes.models import Brigade
    from programmes.permissions import programme_for_staff_or_404

    programme = programme_for_staff_or_404(user, slug, kind=Programme.Kind.AMBITION_CONFIANCE)
    return get_object_or_404(
        Brigade.objects.select_related("programme__academie", "preparation_module"),
        programme=programme,
    )


# --- end of part E ---


# --- part D: calendars ---
def programme_for_calendar_or_404(user, slug):
    """A programme's calendar is its staff's: anyone else, another académie's staff
    included, gets a 404."""
    from programmes.permissions import programme_for_staff_or_404

    return programme_for_staff_or_404(user, slug)


def headed_schools(user):
    """The schools whose calendar a head finds from the menu (« Agenda de l'établissement »)."""
    schools = {
        m.etablissement_id: m.etablissement
        for m in getattr(user, "memberships", ())
        if m.role == Role.CHEF_ETABLISSEMENT and m.etablissement_id
    }
    return sorted(schools.values(), key=lambda school: (school.name, school.pk))


def ant_calendar_academies(user):
    """The académies whose ANT calendar and carried-over requests the user sees: those where
    they are EAFC (ex-DAFOR) staff, by id."""
    if not user.is_authenticated:
        return {}
    return {m.academie_id: m.academie for m in user.memberships if m.role == Role.DAFOR}


# --- end of part D ---
