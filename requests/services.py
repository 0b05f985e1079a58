"""Writes on ANT requests other than state changes (those are in workflow.py)."""

import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, RoleMembership, User
from accounts.permissions import etablissement_ids
from notifications.services import notify
from requests import notices
from requests.models import (
    AntRequest,
    Attachment,
    Campaign,
    DiagnosticNote,
    StaffNote,
    State,
    SubmissionWindow,
    TeamMember,
    ThreadMessage,
    TrainerAssignment,
    TrainerProfile,
    TransitionLog,
)
from requests.permissions import EDITABLE_STATES, is_office
from requests.workflow import TransitionError, append_log


# Windows ---------------------------------------------------------------------------------
def open_window(campaign, day):
    return next((w for w in campaign.windows.all() if w.is_open_on(day)), None)


def next_window(campaign, day):
    upcoming = [w for w in campaign.windows.all() if w.opens_on > day]
    return min(upcoming, key=lambda w: w.opens_on) if upcoming else None


# The request and its team ----------------------------------------------------------------
def scope_members_q(request):
    """Staff who may join a request's team: teachers and heads of the schools concerned."""
    schools = {request.coordinating_school_id, *request.schools.values_list("pk", flat=True)}
    return Q(
        role_memberships__etablissement_id__in=schools,
        role_memberships__role__in=[Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT],
    )


@transaction.atomic
def create_request(*, campaign, coordinator, schools, **fields):
    """A draft with its coordinator as the first confirmed member of the team."""
    request = AntRequest.objects.create(
        campaign=campaign,
        academie_id=campaign.academie_id,
        coordinator=coordinator,
        reference=f"tmp-{uuid.uuid4().hex[:12]}",
        **fields,
    )
    request.reference = f"ANT-{campaign.school_year[:4]}-{request.pk:05d}"
    request.save(update_fields=["reference"])
    request.schools.set(schools)
    TeamMember.objects.create(
        request=request,
        user=coordinator,
        status=TeamMember.Status.CONFIRMED,
        answered_at=timezone.now(),
    )
    append_log(
        request,
        transition="create",
        from_state="",
        to_state=State.DRAFT,
        actor=coordinator,
        comment="",
        at=timezone.now(),
    )
    return request


@transaction.atomic
def update_request(*, request, by, schools, **fields):
    """Save the team's changes to a request still in the team's hands (draft, returned,
    corrections); the state and the office's fields are never touched here."""
    from requests.permissions import may_edit

    locked = AntRequest.objects.select_for_update().get(pk=request.pk)
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
def invite_member(*, request, email, by):
    """Invite a colleague of the schools concerned by e-mail; they confirm in the app."""
    user = User.objects.filter(
        scope_members_q(request), email__iexact=email.strip(), is_active=True
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
    member, created = TeamMember.objects.get_or_create(request=request, user=user)
    if not created and member.status != TeamMember.Status.DECLINED:
        raise TransitionError(_("%(name)s fait déjà partie de l'équipe.") % {"name": user})
    member.status = TeamMember.Status.INVITED
    member.invited_at = timezone.now()
    member.answered_at = None
    member.save()
    notices.tell(
        request,
        [user],
        kind="ant_team_invitation",
        by=by,
        text=notices.headline_invitation(request, by),
        context={"inviter": by},
    )
    return member


@transaction.atomic
def answer_invitation(*, member, accept):
    request = AntRequest.objects.select_for_update().get(pk=member.request_id)
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if member.status != TeamMember.Status.INVITED:
        raise TransitionError(_("Vous avez déjà répondu à cette invitation."))
    if accept and request.state not in EDITABLE_STATES:
        raise TransitionError(
            _("Cette demande n'accepte plus de nouveaux membres (elle est « %(state)s »).")
            % {"state": request.get_state_display()}
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
    request = AntRequest.objects.select_for_update().get(pk=member.request_id)
    if request.state not in EDITABLE_STATES:
        raise TransitionError(_("L'équipe ne peut plus changer à ce stade de la demande."))
    if member.user_id == member.request.coordinator_id:
        raise TransitionError(_("Le coordonnateur ne peut pas quitter l'équipe."))
    member.delete()
    notices.thread_notice(member.request, _("%(name)s a quitté l'équipe.") % {"name": member.user})


def add_attachment(*, request, upload, by):
    return Attachment.objects.create(
        request=request, file=upload, name=upload.name[:200], size=upload.size, uploaded_by=by
    )


# Thread and notes ------------------------------------------------------------------------
@transaction.atomic
def post_message(*, request, author, body):
    """A message in the request's thread; the other side is told."""
    message = ThreadMessage.objects.create(request=request, author=author, body=body)
    if is_office(author, request):
        audience = notices.recipients(request, [notices.TEAM])
    else:
        audience = notices.recipients(request, [notices.OFFICE, notices.TEAM])
    for user in audience:
        if user.pk != author.pk:
            notify(
                recipient=user,
                kind="ant_thread_message",
                url=request.get_absolute_url(),
                context={"request": request, "author": author, "body": body},
            )
    return message


def add_staff_note(*, request, author, body):
    return StaffNote.objects.create(request=request, author=author, body=body)


def add_diagnostic_note(*, request, author, meeting_on, body):
    if request.state != State.DIAGNOSTIC:
        raise TransitionError(
            _("Les notes de diagnostic se prennent pendant la phase de diagnostic.")
        )
    return DiagnosticNote.objects.create(
        request=request, author=author, meeting_on=meeting_on, body=body
    )


# Trainers ----------------------------------------------------------------------------------
ACTIVE_STATES = (State.DIAGNOSTIC, State.VALIDATED, State.IN_PROGRESS, State.UNDER_REVIEW)
# When trainers may be proposed, and may accept.
ASSIGNMENT_STATES = (State.UNDER_REVIEW, State.DIAGNOSTIC, State.VALIDATED)


def trainers_with_load(academie_id):
    """The académie's trainers, each annotated with `load`: accepted or proposed assignments
    on requests still running."""
    return (
        TrainerProfile.objects.filter(academie_id=academie_id, user__is_active=True)
        .select_related("user", "home_school")
        .prefetch_related("themes")
        .annotate(
            load=Count(
                "user__ant_assignments",
                filter=Q(user__ant_assignments__request__state__in=ACTIVE_STATES)
                & ~Q(user__ant_assignments__status="declined"),
            )
        )
    )


def suggest_trainers(request, limit=10):
    """Trainers ranked for a request: theme match, then discipline, then same département,
    then lowest load. Trainers who work in one of the requesting schools, who are already
    assigned, who declined this request, or who are at their maximum load are never
    proposed (the office may still propose one who declined on purpose: `assign_trainer`
    allows it)."""
    schools = {request.coordinating_school_id, *(s.pk for s in request.schools.all())}
    departement = request.coordinating_school.departement
    # Proposed, accepted or declined: none is suggested again.
    taken = {a.trainer_id for a in request.assignments.all()}
    discipline = (request.theme.discipline if request.theme_id else "").strip().lower()
    ranked = []
    for profile in trainers_with_load(request.academie_id):
        if profile.home_school_id in schools or profile.user_id in taken:
            continue
        if profile.load >= profile.max_load:
            continue
        theme_match = request.theme_id is not None and any(
            t.pk == request.theme_id for t in profile.themes.all()
        )
        discipline_match = bool(discipline) and discipline in profile.discipline_set()
        same_area = profile.departement == departement
        profile.reasons = [
            reason
            for reason, ok in (
                (_("thématique"), theme_match),
                (_("discipline"), discipline_match),
                (_("même département"), same_area),
            )
            if ok
        ]
        ranked.append(
            (
                (
                    not theme_match,
                    not discipline_match,
                    not same_area,
                    profile.load,
                    profile.user.full_name,
                ),
                profile,
            )
        )
    ranked.sort(key=lambda pair: pair[0])
    return [profile for _key, profile in ranked[:limit]]


@transaction.atomic
def assign_trainer(*, request, trainer, by):
    """Propose the ANT to a trainer; they accept or decline in the app."""
    # Locked: a cancellation or a second proposal of the same trainer waits for this one.
    request = AntRequest.objects.select_for_update().get(pk=request.pk)
    if not TrainerProfile.objects.filter(user=trainer, academie_id=request.academie_id).exists():
        raise TransitionError(_("Cette personne n'est pas formatrice dans l'académie."))
    schools = {request.coordinating_school_id, *request.schools.values_list("pk", flat=True)}
    if trainer.trainer_profile.home_school_id in schools:
        raise TransitionError(
            _("Un formateur ne peut pas accompagner une équipe de son propre établissement.")
        )
    if request.state not in ASSIGNMENT_STATES:
        raise TransitionError(
            _("On affecte des formateurs pendant l'instruction ou le diagnostic.")
        )
    if request.assignments.filter(trainer=trainer).exclude(status="declined").exists():
        raise TransitionError(_("%(name)s est déjà affecté à cette ANT.") % {"name": trainer})
    assignment = TrainerAssignment.objects.create(request=request, trainer=trainer, assigned_by=by)
    notices.tell(
        request,
        [trainer],
        kind="ant_trainer_assignment",
        by=by,
        text=_("%(name)s est proposé comme formateur de l'ANT « %(title)s ».")
        % {"name": trainer.full_name, "title": request.title},
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
    if accept and locked.state not in ASSIGNMENT_STATES:
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
    request = assignment.request
    if accept:
        text = _("%(name)s accepte d'accompagner l'ANT « %(title)s ».")
        audience = [notices.OFFICE, notices.TEAM]
    else:
        text = _("%(name)s décline l'ANT « %(title)s » : un autre formateur est à trouver.")
        audience = [notices.OFFICE]
    text = text % {"name": assignment.trainer.full_name, "title": request.title}
    notices.tell(
        request,
        notices.recipients(request, audience),
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
    return created


# The tamper-evident log ----------------------------------------------------------------------
def verify_log_chain():
    """Check every request's timeline. Returns the first broken entry and why, or None."""
    previous = {}
    for entry in TransitionLog.objects.order_by("request_id", "pk").iterator():
        expected_previous = previous.get(entry.request_id, "")
        if entry.previous_hash != expected_previous:
            return entry, _(
                "le lien vers l'étape précédente est rompu (étape supprimée ou insérée)"
            )
        if entry.compute_hash() != entry.hash:
            return entry, _("son contenu a été modifié après coup")
        previous[entry.request_id] = entry.hash
    return None


# Reminders and digests -----------------------------------------------------------------------
def heads_to_remind(today, days_before):
    """(head, window, requests) for windows closing in `days_before` days."""
    closing = today + timedelta(days=days_before)
    for window in SubmissionWindow.objects.filter(closes_on=closing).select_related("campaign"):
        waiting = AntRequest.objects.filter(campaign=window.campaign, state=State.SUBMITTED)
        by_school = {}
        for request in waiting:
            by_school.setdefault(request.coordinating_school_id, []).append(request)
        heads = User.objects.filter(
            is_active=True,
            role_memberships__role=Role.CHEF_ETABLISSEMENT,
            role_memberships__etablissement_id__in=by_school,
        ).prefetch_related("role_memberships")
        for head in heads.distinct():
            schools = {
                m.etablissement_id
                for m in head.role_memberships.all()
                if m.role == Role.CHEF_ETABLISSEMENT
            }
            requests = [r for school in schools for r in by_school.get(school, [])]
            yield head, window, requests


@transaction.atomic
def send_window_reminders(today=None, days_before=3):
    today = today or timezone.localdate()
    sent = 0
    for head, window, requests in heads_to_remind(today, days_before):
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


# Trainer matching pages (views/trainers.py) -------------------------------------------------
def may_assign_trainers(request):
    """Whether trainers may be proposed for `request` now (instruction, diagnostic, validated)."""
    return request.state in ASSIGNMENT_STATES


# Mission orders --------------------------------------------------------------------------------
def mission_order_agents(request, head):
    """[(agent, school)] for the head's mission orders: the confirmed team members who work in
    one of the request's schools that `head` runs, by name. A head signs for their own staff
    only; someone on the staff of two such schools gets one order (their first school)."""

    concerned = {request.coordinating_school_id, *(s.pk for s in request.schools.all())}
    heads_of = etablissement_ids(head, Role.CHEF_ETABLISSEMENT) & concerned
    memberships = (
        RoleMembership.objects.filter(
            etablissement_id__in=heads_of,
            role__in=[Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT],
            user__is_active=True,
            user__ant_memberships__request=request,
            user__ant_memberships__status=TeamMember.Status.CONFIRMED,
        )
        .select_related("user", "etablissement")
        .order_by("user__full_name", "user_id", "etablissement__name")
    )
    agents = {}
    for membership in memberships:
        agents.setdefault(membership.user_id, (membership.user, membership.etablissement))
    return list(agents.values())


def french_date(day):
    """A date as French letters write it: « 1er septembre 2020 », « 15 juin 2020 »."""
    from django.utils import formats, translation

    with translation.override("fr"):
        month_year = formats.date_format(day, "F Y")
    return f"{'1er' if day.day == 1 else day.day} {month_year}"


def mission_orders_html(*, request, head, agents, issued_on):
    """The HTML of the mission orders: one page per (agent, school), signed by `head`.
    `request` needs its assignments (with trainers) loaded, as `queries.get_request_for` does."""
    from django.template.loader import render_to_string

    trainers = [
        a.trainer
        for a in request.assignments.all()
        if a.status == TrainerAssignment.Status.ACCEPTED
    ]
    return render_to_string(
        "requests/mission_orders.html",
        {
            "ant": request,
            "academie": request.academie,
            "head": head,
            "agents": agents,
            "trainers": trainers,
            "issued_on": french_date(issued_on),
        },
    )


def mission_orders_pdf(*, request, head, agents, issued_on, base_url):
    """(PDF bytes, page count) of the mission orders, rendered by WeasyPrint."""
    from weasyprint import HTML

    html = mission_orders_html(request=request, head=head, agents=agents, issued_on=issued_on)
    document = HTML(string=html, base_url=base_url).render()
    return document.write_pdf(), len(document.pages)
