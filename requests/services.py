"""Writes on ANT requests other than state changes (those are in workflow.py)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from notifications.services import notify
from requests import notices, permissions, queries, state_counts
from requests.models import (
    AntRequest,
    Attachment,
    Campaign,
    DiagnosticNote,
    StaffNote,
    State,
    TeamMember,
    ThreadMessage,
    TrainerAssignment,
    TrainerProfile,
)
from requests.permissions import EDITABLE_STATES, is_office
from requests.workflow import TransitionError, append_log


# The request and its team ----------------------------------------------------------------
@transaction.atomic
def create_request(*, campaign, coordinator, schools, **fields):
    """A draft with its coordinator as the first confirmed member of the team."""
    ant = AntRequest.objects.create(
        campaign=campaign,
        academie_id=campaign.academie_id,
        coordinator=coordinator,
        reference=f"tmp-{uuid.uuid4().hex[:12]}",
        **fields,
    )
    ant.reference = f"ANT-{campaign.school_year[:4]}-{ant.pk:05d}"
    ant.save(update_fields=["reference"])
    ant.schools.set(schools)
    TeamMember.objects.create(
        request=ant,
        user=coordinator,
        status=TeamMember.Status.CONFIRMED,
        answered_at=timezone.now(),
    )
    append_log(
        ant,
        transition="create",
        from_state="",
        to_state=State.DRAFT,
        actor=coordinator,
        comment="",
        at=timezone.now(),
    )
    state_counts.record(academie_id=ant.academie_id, entering=ant.state)
    return ant


@transaction.atomic
def update_request(*, ant, by, schools, **fields):
    """Save the team's changes to a request still in the team's hands (draft, returned,
    corrections); the state and the office's fields are never touched here."""
    from requests.permissions import may_edit

    locked = AntRequest.objects.select_for_update().get(pk=ant.pk)
    if not may_edit(by, locked):
        raise TransitionError(
            _(
                "Cette demande ne peut plus être modifiée : elle n'est plus entre les mains "
                "de l'équipe."
            )
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    locked.schools.set(schools)
    return locked


@transaction.atomic
def invite_member(*, ant, email, by):
    """Invite a colleague of the schools concerned by e-mail; they confirm in the app."""
    user = User.objects.filter(
        queries.scope_members_q(ant), email__iexact=email.strip(), is_active=True
    )
    user = user.distinct().first()
    if user is None:
        raise TransitionError(
            _(
                "Aucun personnel des établissements concernés n'a l'adresse « %(email)s » : "
                "seuls les collègues de ces établissements peuvent rejoindre l'équipe."
            )
            % {"email": email}
        )
    member, created = TeamMember.objects.get_or_create(request=ant, user=user)
    if not created and member.status != TeamMember.Status.DECLINED:
        raise TransitionError(_("%(name)s fait déjà partie de l'équipe.") % {"name": user})
    member.status = TeamMember.Status.INVITED
    member.invited_at = timezone.now()
    member.answered_at = None
    member.save()
    notices.tell(
        ant,
        [user],
        kind="ant_team_invitation",
        by=by,
        text=notices.headline_invitation(ant, by),
        context={"inviter": by},
    )
    return member


@transaction.atomic
def answer_invitation(*, member, accept):
    ant = AntRequest.objects.select_for_update().get(pk=member.request_id)
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if member.status != TeamMember.Status.INVITED:
        raise TransitionError(_("Vous avez déjà répondu à cette invitation."))
    if accept and ant.state not in EDITABLE_STATES:
        raise TransitionError(
            _("Cette demande n'accepte plus de nouveaux membres (elle est « %(state)s »).")
            % {"state": ant.get_state_display()}
        )
    member.status = TeamMember.Status.CONFIRMED if accept else TeamMember.Status.DECLINED
    member.answered_at = timezone.now()
    member.save(update_fields=["status", "answered_at"])
    verb = _("a rejoint l'équipe") if accept else _("a décliné l'invitation")
    notices.tell(
        member.request,
        [member.request.coordinator],
        kind="ant_update",
        by=member.user,
        text=f"{member.user.full_name} {verb}.",
    )
    return member


@transaction.atomic
def remove_member(*, member, by):
    # Locked: the team cannot shrink while the request is being submitted.
    ant = AntRequest.objects.select_for_update().get(pk=member.request_id)
    if ant.state not in EDITABLE_STATES:
        raise TransitionError(_("L'équipe ne peut plus changer à ce stade de la demande."))
    if member.user_id == member.request.coordinator_id:
        raise TransitionError(_("Le coordonnateur ne peut pas quitter l'équipe."))
    member.delete()
    notices.thread_notice(member.request, _("%(name)s a quitté l'équipe.") % {"name": member.user})


def add_attachment(*, ant, upload, by):
    return Attachment.objects.create(
        request=ant, file=upload, name=upload.name[:200], size=upload.size, uploaded_by=by
    )


# Thread and notes ------------------------------------------------------------------------
class TooManyMessages(TransitionError):
    """The author has posted THREAD_MESSAGES_PER_MINUTE messages to this thread within the
    last minute."""


@transaction.atomic
def post_message(*, ant, author, body, now=None):
    """A message in the request's thread; the other side is told.

    At most THREAD_MESSAGES_PER_MINUTE messages per author and thread in any 60 seconds
    (each one notifies the other side): beyond, TooManyMessages and nothing is saved. The
    count is of the thread's rows, exact: the author's posts are counted one after the other
    (their user row locked, without blocking the rows that refer to it)."""
    now = now or timezone.now()
    User.objects.select_for_update(no_key=True).only("pk").get(pk=author.pk)
    limit = settings.THREAD_MESSAGES_PER_MINUTE
    recent = ThreadMessage.objects.filter(
        request=ant, author=author, created_at__gt=now - timedelta(minutes=1)
    ).count()
    if recent >= limit:
        raise TooManyMessages(
            ngettext(
                "Vous avez déjà envoyé %(count)d message dans cet échange au cours de la "
                "dernière minute : attendez un instant avant d'envoyer le suivant. Votre "
                "texte est conservé ci-dessous.",
                "Vous avez déjà envoyé %(count)d messages dans cet échange au cours de la "
                "dernière minute : attendez un instant avant d'envoyer le suivant. Votre "
                "texte est conservé ci-dessous.",
                limit,
            )
            % {"count": limit}
        )
    message = ThreadMessage.objects.create(request=ant, author=author, body=body, created_at=now)
    if is_office(author, ant):
        audience = notices.recipients(ant, [notices.TEAM])
    else:
        audience = notices.recipients(ant, [notices.OFFICE, notices.TEAM])
    for user in audience:
        if user.pk != author.pk:
            notify(
                recipient=user,
                kind="ant_thread_message",
                url=ant.get_absolute_url(),
                context={"request": ant, "author": author, "body": body},
            )
    return message


def add_staff_note(*, ant, author, body):
    return StaffNote.objects.create(request=ant, author=author, body=body)


def add_diagnostic_note(*, ant, author, meeting_on, body):
    if ant.state != State.DIAGNOSTIC:
        raise TransitionError(
            _("Les notes de diagnostic se prennent pendant la phase de diagnostic.")
        )
    return DiagnosticNote.objects.create(
        request=ant, author=author, meeting_on=meeting_on, body=body
    )


# Trainers ----------------------------------------------------------------------------------
@transaction.atomic
def assign_trainer(*, ant, trainer, by):
    """Propose the ANT to a trainer; they accept or decline in the app."""
    # Locked: a cancellation or a second proposal of the same trainer waits for this one.
    ant = AntRequest.objects.select_for_update().get(pk=ant.pk)
    if not TrainerProfile.objects.filter(user=trainer, academie_id=ant.academie_id).exists():
        raise TransitionError(_("Cette personne n'est pas formatrice dans l'académie."))
    schools = {ant.coordinating_school_id, *ant.schools.values_list("pk", flat=True)}
    if trainer.trainer_profile.home_school_id in schools:
        raise TransitionError(
            _("Un formateur ne peut pas accompagner une équipe de son propre établissement.")
        )
    if ant.state not in permissions.ASSIGNMENT_STATES:
        raise TransitionError(
            _("On affecte des formateurs pendant l'instruction ou le diagnostic.")
        )
    if ant.assignments.filter(trainer=trainer).exclude(status="declined").exists():
        raise TransitionError(_("%(name)s est déjà affecté à cette ANT.") % {"name": trainer})
    assignment = TrainerAssignment.objects.create(request=ant, trainer=trainer, assigned_by=by)
    notices.tell(
        ant,
        [trainer],
        kind="ant_trainer_assignment",
        by=by,
        text=_("%(name)s est proposé comme formateur de l'ANT « %(title)s ».")
        % {"name": trainer.full_name, "title": ant.title},
    )
    return assignment


@transaction.atomic
def answer_assignment(*, assignment, accept, reason=""):
    """The trainer's answer. A decline sends the request back to matching: the office is
    told and the trainer suggestions are offered again."""
    locked = AntRequest.objects.select_for_update().get(pk=assignment.request_id)
    assignment = TrainerAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != TrainerAssignment.Status.PROPOSED:
        raise TransitionError(_("Vous avez déjà répondu à cette proposition."))
    if accept and locked.state not in permissions.ASSIGNMENT_STATES:
        raise TransitionError(
            _("Cette ANT n'attend plus de formateur (elle est « %(state)s »).")
            % {"state": locked.get_state_display()}
        )
    if not accept and not reason.strip():
        raise TransitionError(
            _("Indiquez pourquoi vous déclinez, pour aider l'EAFC à trouver un autre formateur.")
        )
    assignment.status = (
        TrainerAssignment.Status.ACCEPTED if accept else TrainerAssignment.Status.DECLINED
    )
    assignment.answered_at = timezone.now()
    assignment.decline_reason = reason.strip()
    assignment.save(update_fields=["status", "answered_at", "decline_reason"])
    ant = assignment.request
    if accept:
        text = _("%(name)s accepte d'accompagner l'ANT « %(title)s ».")
        audience = [notices.OFFICE, notices.TEAM]
    else:
        text = _("%(name)s décline l'ANT « %(title)s » : un autre formateur est à trouver.")
        audience = [notices.OFFICE]
    text = text % {"name": assignment.trainer.full_name, "title": ant.title}
    notices.tell(
        ant,
        notices.recipients(ant, audience),
        kind="ant_update",
        by=assignment.trainer,
        text=text,
        context={"comment": assignment.decline_reason},
    )
    return assignment


# Carry-over --------------------------------------------------------------------------------
@transaction.atomic
def carry_over_postponed(*, from_campaign, to_campaign, by):
    """Bring the requests postponed in `from_campaign` into `to_campaign`, endorsed and marked
    priority (first in the office's queue). Returns the new requests; idempotent."""
    # Locked: two offices pressing the button at once carry each request over once.
    Campaign.objects.select_for_update().get(pk=from_campaign.pk)
    created = []
    postponed = from_campaign.requests.filter(state=State.POSTPONED, carried_over_to__isnull=True)
    for old in postponed.prefetch_related("schools", "members"):
        new = AntRequest.objects.create(
            campaign=to_campaign,
            academie_id=to_campaign.academie_id,
            reference=f"tmp-{old.pk}",
            state=State.ENDORSED,
            scale=old.scale,
            coordinating_school_id=old.coordinating_school_id,
            district_id=old.district_id,
            reseau_id=old.reseau_id,
            theme=None,
            own_theme=old.theme_label,
            title=old.title,
            professional_questions=old.professional_questions,
            expected_outcomes=old.expected_outcomes,
            public_count=old.public_count,
            public_categories=old.public_categories,
            preferred_periods=old.preferred_periods,
            constraints_text=old.constraints_text,
            coordinator_id=old.coordinator_id,
            priority=True,
            carried_over_from=old,
            submitted_at=old.submitted_at,
            endorsed_at=timezone.now(),
        )
        new.reference = f"ANT-{to_campaign.school_year[:4]}-{new.pk:05d}"
        new.save(update_fields=["reference"])
        new.schools.set(old.schools.all())
        TeamMember.objects.bulk_create(
            TeamMember(request=new, user_id=m.user_id, status=m.status, answered_at=m.answered_at)
            for m in old.members.all()
        )
        append_log(
            new,
            transition="carry_over",
            from_state="",
            to_state=State.ENDORSED,
            actor=by,
            comment=_("Reportée de la campagne %(year)s, prioritaire au premier trimestre.")
            % {"year": from_campaign.school_year},
            at=timezone.now(),
        )
        created.append(new)
    if created:
        state_counts.add(academie_id=to_campaign.academie_id, state=State.ENDORSED, n=len(created))
    return created


# Reminders and digests -----------------------------------------------------------------------
@transaction.atomic
def send_window_reminders(today=None, days_before=3):
    today = today or timezone.localdate()
    sent = 0
    for head, window, requests in queries.heads_to_remind(today, days_before):
        notify(
            recipient=head,
            kind="ant_endorse_reminder",
            url="/demandes/",
            context={"window": window, "requests": requests, "count": len(requests)},
        )
        sent += 1
    return sent


@transaction.atomic
def send_office_digests(now=None):
    """One daily message per digest-preferring office member listing the requests endorsed in
    the last 24 hours in their académie."""
    now = now or timezone.now()
    since = now - timedelta(days=1)
    sent = 0
    endorsed = AntRequest.objects.filter(endorsed_at__gt=since, endorsed_at__lte=now)
    academies = endorsed.values_list("academie_id", flat=True).distinct()
    for academie_id in academies:
        requests = list(endorsed.filter(academie_id=academie_id).order_by("endorsed_at"))
        for user in notices.office_staff(academie_id, digest=True):
            notify(
                recipient=user,
                kind="ant_office_digest",
                url="/bureau/demandes/?state=endorsed",
                context={"requests": requests, "count": len(requests)},
            )
            sent += 1
    return sent
