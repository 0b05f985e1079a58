"""Writes on ANT requests other than state changes (those are in workflow.py)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role, User
from notifications.services import notify
from requests import notices, permissions, queries, state_counts
from requests.models import (
    AntRequest,
    Attachment,
    Campaign,
    CampaignBroadcast,
    DiagnosticNote,
    StaffNote,
    State,
    TeamMember,
    ThreadMessage,
    TrainerAssignment,
    TrainerProfile,
    TrainingProject,
    TrainingProjectRevision,
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
                "Cette demande ne peut plus être modifiée : elle n'est plus entre les mains "
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
                "Aucun personnel des établissements concernés n'a l'adresse « %(email)s » : "
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
        thread_text=notices.thread_invitation(ant, by, user),
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
            _("Cette demande n'accepte plus de nouveaux membres (elle est « %(state)s »).")
            % {"state": ant.get_state_display()}
        )
    member.status = TeamMember.Status.CONFIRMED if accept else TeamMember.Status.DECLINED
    member.answered_at = timezone.now()
    member.save(update_fields=["status", "answered_at"])
    # Whole sentences, not a name glued to a fragment (issue 9, point 10).
    text = _("%(name)s a rejoint l'équipe.") if accept else _("%(name)s a décliné l'invitation.")
    notices.tell(
        member.request,
        [member.request.coordinator],
        kind="ant_update",
        by=member.user,
        text=text % {"name": member.user.full_name},
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
        raise TransitionError(
            _("%(name)s a déjà reçu une proposition pour cette ANT.") % {"name": trainer}
        )
    assignment = TrainerAssignment.objects.create(request=ant, trainer=trainer, assigned_by=by)
    notices.tell(
        ant,
        [trainer],
        kind="ant_trainer_assignment",
        by=by,
        # No "proposé(e)": the wording agrees with anyone (issue 9, point 10).
        text=_("L'EAFC propose à %(name)s d'accompagner l'ANT « %(title)s ».")
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
            _("Cette ANT n'attend plus de formateur (elle est « %(state)s »).")
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
        text = _("%(name)s accepte d'accompagner l'ANT « %(title)s ».")
        audience = [notices.OFFICE, notices.TEAM]
    else:
        text = _("%(name)s décline l'ANT « %(title)s » : un autre formateur est à trouver.")
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
# What a carried-over request becomes: a postponed one is taken up as endorsed (the office
# instructs it first); a validated or started one stays validated, with its trainers, host
# school, hours and training project, to be scheduled in the first term (issue 9, point 6).
CARRY_OVER_STATES = {
    State.POSTPONED: State.ENDORSED,
    State.VALIDATED: State.VALIDATED,
    State.IN_PROGRESS: State.VALIDATED,
}


@transaction.atomic
def carry_over_postponed(*, from_campaign, to_campaign, by):
    """Bring the requests postponed, validated or under way in `from_campaign` into
    `to_campaign`, marked priority (first in the office's queue, « prioritaire — à programmer
    au 1er trimestre »). A postponed request comes back endorsed; a validated or started one
    comes back validated, keeping its accepted trainers, its host school, its hours and the
    current version of its training project. Returns the new requests; idempotent."""
    # Locked: two offices pressing the button at once carry each request over once.
    Campaign.objects.select_for_update().get(pk=from_campaign.pk)
    created = []
    entering = {}
    to_carry = queries.to_carry_over(from_campaign)
    for old in to_carry.prefetch_related("schools", "members", "assignments"):
        state = CARRY_OVER_STATES[old.state]
        keeps_decision = state == State.VALIDATED
        new = AntRequest.objects.create(
            campaign=to_campaign,
            academie_id=to_campaign.academie_id,
            reference=f"tmp-{old.pk}",
            state=state,
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
            endorsed_at=old.endorsed_at or timezone.now(),  # the head endorsed it then
            host_school_id=old.host_school_id if keeps_decision else None,
            planned_hours=old.planned_hours if keeps_decision else None,
            decided_at=old.decided_at if keeps_decision else None,
        )
        new.reference = f"ANT-{to_campaign.school_year[:4]}-{new.pk:05d}"
        new.save(update_fields=["reference"])
        new.schools.set(old.schools.all())
        TeamMember.objects.bulk_create(
            TeamMember(request=new, user_id=m.user_id, status=m.status, answered_at=m.answered_at)
            for m in old.members.all()
        )
        if keeps_decision:
            _carry_decision(old, new)
        if old.state == State.POSTPONED:
            comment = _("Reportée de la campagne %(year)s, prioritaire au premier trimestre.")
        elif old.state == State.VALIDATED:
            comment = _(
                "Validée en %(year)s sans avoir pu être mise en œuvre : reprise avec ses "
                "formateurs, son établissement d'accueil et son volume, prioritaire au premier "
                "trimestre."
            )
        else:
            comment = _(
                "Commencée en %(year)s sans avoir pu être menée à son terme : reprise avec ses "
                "formateurs, son établissement d'accueil et son volume, prioritaire au premier "
                "trimestre."
            )
        append_log(
            new,
            transition="carry_over",
            from_state="",
            to_state=state,
            actor=by,
            comment=comment % {"year": from_campaign.school_year},
            at=timezone.now(),
        )
        created.append(new)
        entering[state] = entering.get(state, 0) + 1
    # In the order of their states, as state_counts.record does (no deadlock between two).
    for state in sorted(entering):
        state_counts.add(academie_id=to_campaign.academie_id, state=state, n=entering[state])
    return created


def _carry_decision(old, new):
    """Copy what the office decided for `old` to its carried-over `new`: the accepted trainers
    (still accepted: they committed to this training) and the current version of the training
    project, as version 1 of the new request's project."""
    TrainerAssignment.objects.bulk_create(
        TrainerAssignment(
            request=new,
            trainer_id=a.trainer_id,
            status=a.status,
            assigned_by_id=a.assigned_by_id,
            assigned_at=a.assigned_at,
            answered_at=a.answered_at,
        )
        for a in old.assignments.all()
        if a.status == TrainerAssignment.Status.ACCEPTED
    )
    current = (
        TrainingProjectRevision.objects.filter(project__request=old).order_by("-number").first()
    )
    if current is not None:
        project = TrainingProject.objects.create(request=new)
        TrainingProjectRevision.objects.create(
            project=project,
            number=1,
            objectives=current.objectives,
            public=current.public,
            session_count=current.session_count,
            hours_per_session=current.hours_per_session,
            planned_dates=current.planned_dates,
            change_note=_("Repris de %(reference)s (version %(number)s).")
            % {"reference": old.reference, "number": current.number},
            author_id=current.author_id,
        )


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


# --- Diagnostic meetings and the training project (issue 9, point 1) ---------------------------
class StaleRevision(TransitionError):
    """Someone published a version of the project while this one was being written."""


def _project_audience(ant):
    """Who hears of a meeting or a new version: the confirmed team, the trainers who accepted
    and the office staff who want each message (never a trainer merely proposed)."""
    from requests.models import TrainerAssignment as Assignment

    ids = set(notices.recipients(ant, [notices.TEAM, notices.OFFICE]).values_list("pk", flat=True))
    ids.update(
        Assignment.objects.filter(request=ant, status=Assignment.Status.ACCEPTED).values_list(
            "trainer_id", flat=True
        )
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


def _locked_for_project(ant, allowed, refusal):
    """The request locked (a transition or another version waits for this write), with what
    the permission predicates read; TransitionError(refusal) when `allowed(by, ant)` fails."""
    locked = AntRequest.objects.select_for_update().get(pk=ant.pk)
    if not allowed(locked):
        raise TransitionError(refusal)
    return locked


@transaction.atomic
def record_meeting(*, ant, held_on, attendees, findings, by, now=None):
    """Record a diagnostic meeting held with the team and the trainers; those around the
    request are told (the findings stay in the app, the notice only names the date)."""
    from accounts import dates
    from requests.models import DiagnosticMeeting

    ant = _locked_for_project(
        ant,
        lambda locked: permissions.may_record_meeting(by, locked),
        _(
            "Les réunions de diagnostic s'enregistrent pendant le diagnostic, une fois la "
            "demande validée ou pendant la formation, par le service ou un formateur de l'ANT."
        ),
    )
    meeting = DiagnosticMeeting.objects.create(
        request=ant,
        held_on=held_on,
        findings=findings,
        recorded_by=by,
        recorded_at=now or timezone.now(),
    )
    meeting.attendees.set(attendees)
    text = _("Le compte rendu de la réunion de diagnostic du %(date)s est disponible.") % {
        "date": dates.letter_day(held_on)
    }
    notices.tell(
        ant,
        _project_audience(ant),
        kind="ant_diagnostic_meeting",
        text=text,
        context={"meeting": meeting, "actor": by},
        by=by,
    )
    return meeting


@transaction.atomic
def publish_revision(*, ant, by, based_on, now=None, **content):
    """Publish the next version of the training project: version 1 after a diagnostic meeting
    (the seed: the diagnostic comes first), then 2, 3… Each version is a new row; the newest
    is the project in force.

    `based_on` is the version the author was looking at: if another one was published
    meanwhile, StaleRevision and nothing is saved (the author reads it first). The request
    row is locked, so two versions sent at once are numbered one after the other."""
    from requests.models import DiagnosticMeeting, TrainingProject, TrainingProjectRevision

    ant = _locked_for_project(
        ant,
        lambda locked: permissions.may_revise_project(by, locked),
        _(
            "Le projet de formation s'écrit une fois la demande validée, par le service ou un "
            "formateur de l'ANT."
        ),
    )
    if not DiagnosticMeeting.objects.filter(request=ant).exists():
        raise TransitionError(
            _(
                "Le projet de formation s'élabore après le diagnostic : enregistrez d'abord "
                "la réunion de diagnostic avec l'équipe et les formateurs."
            )
        )
    project, _created = TrainingProject.objects.get_or_create(request=ant)
    current = project.revisions.select_related("author").order_by("-number").first()
    number = current.number if current else 0
    if based_on != number:
        raise StaleRevision(
            _(
                "Pendant que vous rédigiez, %(name)s a publié la version %(number)d du projet. "
                "Votre version n'a pas été publiée : relisez la version %(number)d, puis "
                "envoyez à nouveau la vôtre si elle reste utile."
            )
            % {"name": current.author.full_name, "number": number}
        )
    if current is not None and all(
        getattr(current, field) == value
        for field, value in content.items()
        if field != "change_note"
    ):
        raise TransitionError(
            _("Cette version est identique à la version en vigueur : rien n'a été publié.")
        )
    revision = TrainingProjectRevision.objects.create(
        project=project, number=number + 1, author=by, created_at=now or timezone.now(), **content
    )
    text = _("La version %(number)d du projet de formation « %(title)s » est publiée.") % {
        "number": revision.number,
        "title": ant.title,
    }
    notices.tell(
        ant,
        _project_audience(ant),
        kind="ant_training_project",
        text=text,
        context={"revision": revision, "actor": by},
        by=by,
    )
    return revision


# --- districts and the CLIF (issue 9, point 3) ---
@transaction.atomic
def propose_host_school(*, ant, school, by):
    """The CLIF or the coordinator proposes the school that would host a district or réseau
    training, « à l'issue de cette concertation »; the office confirms it when it validates.
    `school` must be one of the schools concerned (None withdraws the proposal)."""
    locked = AntRequest.objects.select_for_update().select_related("coordinating_school")
    locked = locked.get(pk=ant.pk)
    if not permissions.may_propose_host_school(by, locked):
        raise TransitionError(
            _("L'établissement d'accueil ne peut plus être proposé : la demande est « %(state)s ».")
            % {"state": locked.get_state_display()}
        )
    if school is not None and not locked.schools.filter(pk=school.pk).exists():
        raise TransitionError(
            _("L'établissement d'accueil proposé doit être l'un des établissements concernés.")
        )
    locked.proposed_host_school = school
    locked.save(update_fields=["proposed_host_school", "updated_at"])
    if school is None:
        text = _("%(name)s a retiré sa proposition d'établissement d'accueil.") % {
            "name": by.full_name
        }
    else:
        text = _("%(name)s propose « %(school)s » comme établissement d'accueil.") % {
            "name": by.full_name,
            "school": school,
        }
    notices.thread_notice(locked, text)
    return locked


# --- head's broadcast of the catalogue (issue 9, point 4) ---
class AlreadyBroadcast(Exception):
    """The school's staff were already told about this campaign: `broadcast` says when, by
    whom and to how many."""

    def __init__(self, broadcast):
        super().__init__(str(broadcast))
        self.broadcast = broadcast


def campaign_staff(school, today=None):
    """The teachers of `school` with a current membership, by name: who a head informs."""
    today = today or timezone.localdate()
    return (
        User.objects.filter(
            is_active=True,
            role_memberships__role=Role.ENSEIGNANT,
            role_memberships__etablissement=school,
        )
        .filter(
            Q(role_memberships__ended_on__isnull=True) | Q(role_memberships__ended_on__gt=today)
        )
        .distinct()
        .order_by("full_name", "pk")
    )


class CampaignOver(Exception):
    """The campaign has ended: there is nothing left to tell the staff about."""


def broadcast_campaign(*, campaign, school, by, url, today=None):
    """« Il informe et sensibilise ses personnels au dispositif des ANT »: one outbox message
    per teacher of `school`, with the campaign's catalogue, windows and contact, linking to
    `url` (the catalogue). Once per campaign and school: the row is inserted first, so a
    second head, or the same one clicking twice, waits on its unique index and then gets
    AlreadyBroadcast. Returns the CampaignBroadcast, or None when the school has no teacher
    to tell (nothing is recorded: the head may send it once their staff have accounts).
    Raises CampaignOver once the campaign has ended."""
    if campaign.is_over_on(today or timezone.localdate()):
        raise CampaignOver(campaign.title)
    staff = list(campaign_staff(school).exclude(pk=by.pk))
    if not staff:
        return None
    try:
        with transaction.atomic():
            broadcast = CampaignBroadcast.objects.create(
                campaign=campaign, school=school, sent_by=by, recipients=len(staff)
            )
            windows = list(campaign.windows.order_by("opens_on", "pk"))
            themes = list(campaign.themes.order_by("kind", "title", "pk"))
            for person in staff:
                notify(
                    recipient=person,
                    kind="ant_campaign_broadcast",
                    context={
                        "campaign": campaign,
                        "school": school,
                        "head": by,
                        "windows": windows,
                        "themes": themes,
                    },
                    url=url,
                )
    except IntegrityError:
        earlier = CampaignBroadcast.objects.select_related("sent_by").get(
            campaign=campaign, school=school
        )
        raise AlreadyBroadcast(earlier) from None
    return broadcast


# --- end of head's broadcast ---


# --- the trainer pool (issue 9, point 9) ---
@transaction.atomic
def save_trainer_profile(*, profile, themes, by):
    """Save a trainer's profile built by the office's form (new or edited) with its themes; a
    new trainer is given the trainer's role in the académie if they lack it."""
    from accounts.models import Role, RoleMembership

    creating = profile.pk is None
    profile.save()
    profile.themes.set(themes)
    if creating:
        current = RoleMembership.objects.filter(
            user=profile.user,
            role=Role.FORMATEUR,
            academie_id=profile.academie_id,
            ended_on__isnull=True,
        )
        if not current.exists():
            RoleMembership.objects.create(
                user=profile.user, role=Role.FORMATEUR, academie_id=profile.academie_id
            )
    return profile
