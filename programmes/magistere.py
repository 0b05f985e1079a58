"""M@gistère (seed 002): who may see and do what, the rules of a parcours and of a session,
and the writes of enrolment and progress.

- A parcours announces its objectives and a scripted sequence of activities; its hours in
  person and online are the sums of its activities' durations by modality.
- The national offer (and the académies' parcours shared nationally) is seen by everyone; a
  local parcours by its académie only. The staff of an académie's M@gistère programme edit
  that académie's parcours; nobody edits a national one here.
- A session is organised by an IEN (first degree, the circonscription whose inspector they
  are) or by the programme's staff; it has local trainers (« formateurs de proximité »).
- Enrolment: a teacher applies (candidature) and the organiser accepts or declines, or the
  organiser invites and the teacher accepts or declines. Progress is marked per activity by
  the learner or a trainer; the seed's four steps are derived from it (`step_of`).

Everything out of someone's scope is a 404, never a 403.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Circonscription, Role, RoleMembership, User
from accounts.permissions import academie_ids, has_role
from notifications.services import notify
from programmes.models import (
    ActivityProgress,
    Enrolment,
    NeedsDiagnostic,
    Parcours,
    ParcoursActivity,
    ParcoursSession,
    Programme,
    ProgrammeMembership,
)
from programmes.permissions import current_memberships

MINUTES_PER_HOUR = Decimal(60)


class MagistereError(Exception):
    """A rule of M@gistère refused the action; the message is for the user."""


# The seed's four steps, as a teacher lives them ---------------------------------------------
@dataclass(frozen=True)
class Step:
    number: int
    title: str
    text: str


STEPS = (
    Step(
        1,
        gettext_lazy("Candidature ou invitation"),
        gettext_lazy(
            "Le professeur candidate ou est invité à participer à des actions de formation "
            "dans le cadre des animations pédagogiques, du plan départemental ou du plan "
            "académique de formation."
        ),
    ),
    Step(
        2,
        gettext_lazy("Parcours à son rythme"),
        gettext_lazy(
            "L'enseignant accède à son parcours depuis la plateforme de formation et actualise "
            "ses connaissances, à son rythme, dans un parcours personnalisé."
        ),
    ),
    Step(
        3,
        gettext_lazy("Suivi par un formateur de proximité"),
        gettext_lazy(
            "Un suivi et un accompagnement par un formateur de proximité en présence et/ou à "
            "distance."
        ),
    ),
    Step(
        4,
        gettext_lazy("Mise en œuvre en classe"),
        gettext_lazy(
            "Le professeur met en œuvre avec les élèves les compétences acquises et fait le "
            "lien entre l'activité de formation et les effets dans la classe."
        ),
    ),
)


def step_of(state, activities, done_ids):
    """The seed's step (1 to 4) an enrolment is at, or None when it was declined.

    1: the candidature or invitation awaits an answer; 2: enrolled, working through the
    parcours alone (no collective activity done yet); 3: at least one collective activity
    done, the time of the trainer's follow-up; 4: every activity done, the time of putting
    it into practice with the pupils. A parcours without activities stays at 2."""
    if state == Enrolment.State.DECLINED:
        return None
    if state == Enrolment.State.PENDING:
        return 1
    activity_ids = {a.pk for a in activities}
    done = activity_ids & set(done_ids)
    if activity_ids and done == activity_ids:
        return 4
    if any(a.grouping == ParcoursActivity.Grouping.COLLECTIVE and a.pk in done for a in activities):
        return 3
    return 2


def hours(activities):
    """(hours in person, hours online) of `activities`, in hours to the hundredth."""
    presence = sum(
        a.duration_minutes for a in activities if a.modality == ParcoursActivity.Modality.PRESENCE
    )
    distance = sum(
        a.duration_minutes for a in activities if a.modality == ParcoursActivity.Modality.DISTANCE
    )
    return minutes_to_hours(presence), minutes_to_hours(distance)


def minutes_to_hours(minutes):
    return (Decimal(minutes or 0) / MINUTES_PER_HOUR).quantize(Decimal("0.01"))


# Who may see and edit what -------------------------------------------------------------------
def staff_academie_ids(user):
    """Académies whose M@gistère programme the user is on the staff of."""
    return set(
        current_memberships(user, ProgrammeMembership.Function.STAFF)
        .filter(programme__kind=Programme.Kind.MAGISTERE)
        .values_list("programme__academie_id", flat=True)
    )


def inspected_circonscriptions(user):
    """The circonscriptions the user is the IEN of (their IEN role in its académie current)."""
    ien_of = academie_ids(user, Role.IEN)
    if not ien_of:
        return Circonscription.objects.none()
    return Circonscription.objects.filter(inspector=user, academie_id__in=ien_of)


def visible_parcours(user):
    """The national offer, the parcours shared nationally, and the user's académies' own."""
    return Parcours.objects.filter(
        Q(origin__in=[Parcours.Origin.NATIONALE, Parcours.Origin.MUTUALISEE])
        | Q(academie_id__in=academie_ids(user) | staff_academie_ids(user))
    )


def may_edit_parcours(user, parcours):
    """The staff of the académie's M@gistère programme edit its parcours; national ones are
    read-only here (they are the DGESCO's)."""
    return parcours.academie_id is not None and parcours.academie_id in staff_academie_ids(user)


def may_use_kit(user, parcours):
    """The trainer kit is for those who run the parcours: trainers and IEN of an académie,
    the programme's staff."""
    return (
        may_edit_parcours(user, parcours)
        or has_role(user, Role.FORMATEUR, Role.IEN)
        or bool(staff_academie_ids(user))
    )


def parcours_for_editor_or_404(user, pk):
    parcours = get_object_or_404(visible_parcours(user), pk=pk)
    if not may_edit_parcours(user, parcours):
        raise Http404
    return parcours


def may_create_session(user):
    return bool(staff_academie_ids(user)) or inspected_circonscriptions(user).exists()


def _teacher_memberships(user):
    return [m for m in user.memberships if m.role == Role.ENSEIGNANT and m.etablissement_id]


def managed_sessions_q(user):
    """Sessions the user manages: theirs as organiser, their circonscriptions', and every
    session of an académie whose M@gistère programme they are on the staff of."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return (
        Q(organiser=user)
        | Q(circonscription__in=inspected_circonscriptions(user))
        | Q(academie_id__in=staff_academie_ids(user))
    )


def open_sessions_q(user):
    """Sessions open to the user's candidature: open, in the académie of a school they teach
    in, and, for a circonscription's session, in that circonscription."""
    q = Q(pk__in=[])
    for membership in _teacher_memberships(user):
        school = membership.etablissement
        q |= Q(
            open_to_candidates=True,
            academie_id=school.academie_id,
        ) & (Q(circonscription__isnull=True) | Q(circonscription_id=school.circonscription_id))
    return q


def trained_sessions_q(user):
    """Sessions the user is a local trainer of (a subquery: no join that would repeat rows)."""
    return Q(
        Exists(
            ParcoursSession.trainers.through.objects.filter(
                parcourssession_id=OuterRef("pk"), user_id=user.pk
            )
        )
    )


def visible_sessions(user):
    if not user.is_authenticated:
        return ParcoursSession.objects.none()
    return ParcoursSession.objects.filter(
        managed_sessions_q(user)
        | trained_sessions_q(user)
        | Q(Exists(Enrolment.objects.filter(session=OuterRef("pk"), user=user)))
        | open_sessions_q(user)
    )


def session_for_user_or_404(user, pk):
    return get_object_or_404(visible_sessions(user).select_related("parcours"), pk=pk)


def may_manage_session(user, session):
    return ParcoursSession.objects.filter(managed_sessions_q(user), pk=session.pk).exists()


def session_for_manager_or_404(user, pk):
    return get_object_or_404(
        ParcoursSession.objects.filter(managed_sessions_q(user)).select_related(
            "parcours", "academie", "circonscription"
        ),
        pk=pk,
    )


def may_follow(user, session):
    """Managers and the session's trainers follow every learner's progress."""
    return may_manage_session(user, session) or session.trainers.filter(pk=user.pk).exists()


def enrolment_for_user_or_404(user, pk):
    """An enrolment seen by its learner, the session's trainers and its managers."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("session__parcours", "session__organiser", "user"),
        pk=pk,
    )
    if enrolment.user_id != user.pk and not may_follow(user, enrolment.session):
        raise Http404
    return enrolment


def in_scope_teachers(session):
    """The teachers a session may take: those of a school of its académie, and of its
    circonscription when it has one."""
    memberships = RoleMembership.objects.filter(
        role=Role.ENSEIGNANT, academie_id=session.academie_id, etablissement__isnull=False
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=timezone.localdate()))
    if session.circonscription_id:
        memberships = memberships.filter(
            etablissement__circonscription_id=session.circonscription_id
        )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))


def may_apply(user, session):
    return ParcoursSession.objects.filter(open_sessions_q(user), pk=session.pk).exists()


def proximity_trainers(academie_id):
    """The local trainers of the académie's M@gistère programme."""
    today = timezone.localdate()
    return (
        User.objects.filter(
            is_active=True,
            programme_memberships__programme__academie_id=academie_id,
            programme_memberships__programme__kind=Programme.Kind.MAGISTERE,
            programme_memberships__function=ProgrammeMembership.Function.FORMATEUR_PROXIMITE,
            programme_memberships__started_on__lte=today,
        )
        .filter(
            Q(programme_memberships__ended_on__isnull=True)
            | Q(programme_memberships__ended_on__gt=today)
        )
        .distinct()
        .order_by("full_name")
    )


def diagnostic_for(session):
    """The needs diagnostic of the session's circonscription and year, if written."""
    if not session.circonscription_id:
        return None
    return NeedsDiagnostic.objects.filter(
        circonscription_id=session.circonscription_id, school_year=session.school_year
    ).first()


# Writes --------------------------------------------------------------------------------------
@transaction.atomic
def save_parcours(*, parcours, activities_formset=None, by):
    """Save a parcours of an académie and, when given, its sequence of activities (renumbered
    in the order given, 1, 2, 3…), in one transaction."""
    if parcours.origin == Parcours.Origin.NATIONALE or parcours.academie_id is None:
        raise MagistereError(_("Un parcours de l'offre nationale ne se modifie pas ici."))
    parcours.save()
    if activities_formset is not None:
        kept = [
            form
            for form in activities_formset.ordered_forms
            if form.has_changed() or form.instance.pk
        ]
        for form in activities_formset.deleted_forms:
            if form.instance.pk:
                form.instance.delete()
        # Two passes so that the unique (parcours, order) is never met half-way.
        ParcoursActivity.objects.filter(parcours=parcours).update(order=F("order") + 1000)
        for number, form in enumerate(kept, start=1):
            activity = form.save(commit=False)
            activity.parcours = parcours
            activity.order = number
            activity.save()
    return parcours


@transaction.atomic
def create_session(*, session, trainers, by):
    session.organiser = by
    session.save()
    session.trainers.set(trainers)
    return session


@transaction.atomic
def apply(*, session, user, motivation=""):
    """The teacher applies; the organiser is told."""
    if not may_apply(user, session):
        raise Http404
    if Enrolment.objects.filter(session=session, user=user).exists():
        raise MagistereError(
            _("Vous avez déjà une candidature ou une inscription pour cette session.")
        )
    enrolment = Enrolment(
        session=session,
        user=user,
        origin=Enrolment.Origin.CANDIDATURE,
        motivation=motivation,
    )
    enrolment.save()
    notify(
        recipient=session.organiser,
        kind="magistere_candidature",
        context={"enrolment": enrolment, "session": session},
        url=reverse("programmes:magistere_session", args=[session.pk]),
    )
    return enrolment


@transaction.atomic
def invite(*, session, users, by):
    """Invite `users` (teachers in the session's scope, checked by the form); those already
    candidate or enrolled are left as they are. Returns the enrolments created."""
    already = set(
        Enrolment.objects.filter(session=session, user__in=users).values_list("user_id", flat=True)
    )
    created = []
    for user in users:
        if user.pk in already:
            continue
        enrolment = Enrolment(session=session, user=user, origin=Enrolment.Origin.INVITATION)
        enrolment.save()
        notify(
            recipient=user,
            kind="magistere_invitation",
            context={"enrolment": enrolment, "session": session, "by": by},
            url=reverse("programmes:magistere_enrolment", args=[enrolment.pk]),
        )
        created.append(enrolment)
    return created


def _lock(enrolment):
    return (
        Enrolment.objects.select_for_update()
        .select_related("session__parcours")
        .get(pk=enrolment.pk)
    )


@transaction.atomic
def answer_candidature(*, enrolment, accept, by):
    """The organiser's answer to a candidature; the candidate is told."""
    enrolment = _lock(enrolment)
    if enrolment.origin != Enrolment.Origin.CANDIDATURE:
        raise MagistereError(_("Cette personne a été invitée : c'est à elle de répondre."))
    if enrolment.state != Enrolment.State.PENDING:
        raise MagistereError(_("Cette candidature a déjà reçu une réponse."))
    if accept:
        _check_capacity(enrolment.session)
    _answer(enrolment, accept=accept, by=by)
    notify(
        recipient=enrolment.user,
        kind="magistere_decision",
        context={"enrolment": enrolment, "session": enrolment.session, "accepted": accept},
        url=reverse("programmes:magistere_my_courses"),
    )
    return enrolment


@transaction.atomic
def answer_invitation(*, enrolment, accept, by):
    """The invited teacher's answer; the organiser is told."""
    enrolment = _lock(enrolment)
    if enrolment.user_id != by.pk:
        raise Http404
    if enrolment.origin != Enrolment.Origin.INVITATION:
        raise MagistereError(_("Votre candidature attend la réponse de l'organisateur."))
    if enrolment.state != Enrolment.State.PENDING:
        raise MagistereError(_("Vous avez déjà répondu à cette invitation."))
    if accept:
        _check_capacity(enrolment.session)
    _answer(enrolment, accept=accept, by=by)
    notify(
        recipient=enrolment.session.organiser,
        kind="magistere_invitation_answer",
        context={"enrolment": enrolment, "session": enrolment.session, "accepted": accept},
        url=reverse("programmes:magistere_session", args=[enrolment.session_id]),
    )
    return enrolment


def _check_capacity(session):
    if session.capacity is None:
        return
    taken = Enrolment.objects.filter(session=session, state=Enrolment.State.ACCEPTED).count()
    if taken >= session.capacity:
        raise MagistereError(
            ngettext(
                "La session est complète : sa %(count)d place est prise.",
                "La session est complète : ses %(count)d places sont prises.",
                session.capacity,
            )
            % {"count": session.capacity}
        )


def _answer(enrolment, *, accept, by):
    enrolment.state = Enrolment.State.ACCEPTED if accept else Enrolment.State.DECLINED
    enrolment.answered_at = timezone.now()
    enrolment.answered_by = by
    enrolment.save(update_fields=["state", "answered_at", "answered_by"])


@transaction.atomic
def set_activity_done(*, enrolment, activity, done, by):
    """The learner, or one of the session's trainers, marks an activity done (or not)."""
    if enrolment.state != Enrolment.State.ACCEPTED:
        raise MagistereError(_("La progression se suit une fois l'inscription acceptée."))
    if activity.parcours_id != enrolment.session.parcours_id:
        raise Http404
    if by.pk != enrolment.user_id and not may_follow(by, enrolment.session):
        raise Http404
    existing = ActivityProgress.objects.filter(enrolment=enrolment, activity=activity).first()
    if done and existing is None:
        progress = ActivityProgress(enrolment=enrolment, activity=activity, marked_by=by)
        progress.save()
    elif not done and existing is not None:
        existing.delete()


@transaction.atomic
def save_diagnostic(*, diagnostic, by):
    if diagnostic.circonscription.inspector_id != by.pk:
        raise Http404
    diagnostic.written_by = by
    diagnostic.save()
    return diagnostic


def enrolment_counts_text(invited, skipped):
    text = ngettext("%(count)d invitation envoyée.", "%(count)d invitations envoyées.", invited) % {
        "count": invited
    }
    if skipped:
        text += " " + ngettext(
            "%(count)d personne était déjà candidate ou inscrite.",
            "%(count)d personnes étaient déjà candidates ou inscrites.",
            skipped,
        ) % {"count": skipped}
    return text
