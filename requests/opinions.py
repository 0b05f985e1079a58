"""Opinions of the académie's services on an ANT request (« avis externes »).

During review the EAFC/DAFOR asks a named person holding the role « Service consulté (avis) »
in the request's académie (an IA-IPR, an IEN, a DSDEN service, another office) a question, with
a due date. That person sees the request only through their opinion (`expert_opinions`): the
request pages stay a 404 for them (`queries.visible_requests` does not know them). They answer
once; the answer goes to the office alone. A daily task reminds them two days before the due
date, once.

The writes (ask, answer, remind), the reads and the predicates of opinions live here together.
"""

import datetime

from django.db import transaction
from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import dates
from accounts.models import Role, RoleMembership, User
from accounts.permissions import academie_ids, has_role_in_academie
from notifications.services import notify
from requests import permissions
from requests.models import Attachment, OpinionRequest, State, TeamMember

# An opinion is asked while the office instructs the request.
ASK_STATES = (State.UNDER_REVIEW, State.DIAGNOSTIC)
# The reminder goes this many days before the due date.
REMIND_DAYS_BEFORE = 2


class OpinionError(Exception):
    """The opinion cannot be asked or answered now; the message says why, in French."""


# Predicates ---------------------------------------------------------------------------------
def may_ask(user, ant):
    return ant.state in ASK_STATES and permissions.is_office(user, ant)


def is_expert_of(user, academie_id):
    return has_role_in_academie(user, academie_id, Role.SERVICE_CONSULTE)


# Reads --------------------------------------------------------------------------------------
def _current_memberships(day=None):
    day = day or timezone.localdate()
    return Q(role_memberships__ended_on__isnull=True) | Q(role_memberships__ended_on__gt=day)


def experts_of(academie_id):
    """The active people holding the role « Service consulté » in the académie."""
    return (
        User.objects.filter(
            _current_memberships(),
            is_active=True,
            role_memberships__role=Role.SERVICE_CONSULTE,
            role_memberships__academie_id=academie_id,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def expert_opinions(user):
    """The opinions asked of `user`, in the académies where they hold the role: the pending ones
    first, by due date, then the answered ones, newest first."""
    return (
        OpinionRequest.objects.filter(
            expert=user,
            request__academie_id__in=academie_ids(user, Role.SERVICE_CONSULTE),
        )
        .select_related("request", "request__coordinating_school", "asked_by")
        .order_by(F("answered_at").desc(nulls_first=True), "due_on", "pk")
    )


def get_opinion_for_expert(user, pk):
    """The opinion `pk` asked of `user`, with what its page shows of the request (schools,
    confirmed team, attachments), or 404. Never the office's notes, the thread or the
    timeline: they are not even read."""
    opinion = get_object_or_404(
        expert_opinions(user).select_related(
            "request__campaign",
            "request__theme",
            "request__coordinator",
            "request__district",
            "request__reseau",
        ),
        pk=pk,
    )
    ant = opinion.request
    members = TeamMember.objects.filter(status=TeamMember.Status.CONFIRMED).select_related("user")
    attachments = Attachment.objects.select_related("uploaded_by").order_by("uploaded_at", "pk")
    prefetch_related_objects(
        [ant],
        "schools",
        Prefetch("members", members),
        Prefetch("attachments", attachments),
    )
    return opinion


def office_opinions(ant):
    """The opinions asked on `ant`, for the office's part of the request page."""
    return list(
        OpinionRequest.objects.filter(request=ant)
        .select_related("expert", "asked_by")
        .order_by("created_at", "pk")
    )


# Writes -------------------------------------------------------------------------------------
@transaction.atomic
def ask_opinion(*, ant, by, expert, service, question, due_on, grant_role=False):
    """Ask `expert` for an opinion on `ant` and tell them by e-mail.

    Only the office of the request's académie asks, while the request is under review or in
    diagnostic. The expert must hold the role « Service consulté » in that académie; with
    `grant_role` the office gives it to them here (an existing account), in the same
    transaction. One pending opinion per person and request."""
    if not permissions.is_office(by, ant):
        raise OpinionError(_("Seul le service de formation de l'académie demande un avis."))
    if ant.state not in ASK_STATES:
        raise OpinionError(
            _("Un avis se demande pendant l'instruction ou le diagnostic de la demande.")
        )
    if not is_expert_of(expert, ant.academie_id):
        if not grant_role:
            raise OpinionError(
                _("%(name)s n'a pas le rôle « Service consulté » dans l'académie.")
                % {"name": expert.full_name}
            )
        RoleMembership.objects.create(
            user=expert, role=Role.SERVICE_CONSULTE, academie_id=ant.academie_id
        )
    pending = OpinionRequest.objects.select_for_update().filter(
        request=ant, expert=expert, answered_at__isnull=True
    )
    if pending.exists():
        raise OpinionError(
            _("Un avis est déjà demandé à %(name)s sur cette demande et n'est pas encore rendu.")
            % {"name": expert.full_name}
        )
    opinion = OpinionRequest.objects.create(
        request=ant,
        asked_by=by,
        expert=expert,
        service=service,
        question=question,
        due_on=due_on,
    )
    notify(
        recipient=expert,
        kind="ant_opinion_request",
        url=opinion.get_absolute_url(),
        context={"opinion": opinion, "request": ant, "due_on": dates.day(due_on)},
    )
    return opinion


def answer_opinion(*, opinion, by, verdict, answer, now=None):
    """Record the expert's answer, once, and tell the person of the office who asked.

    The row is locked first: two answers sent at the same time are one answer and one
    refusal."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = OpinionRequest.objects.select_for_update().get(pk=opinion.pk)
        if locked.expert_id != by.pk:
            raise OpinionError(_("Cet avis est demandé à une autre personne."))
        if locked.answered_at is not None:
            raise OpinionError(
                _("Vous avez déjà rendu cet avis le %(day)s : il ne peut plus être modifié.")
                % {"day": dates.day(locked.answered_at)}
            )
        locked.verdict = verdict
        locked.answer = answer
        locked.answered_at = now
        locked.save(update_fields=["verdict", "answer", "answered_at"])
        ant = opinion.request
        if locked.asked_by.is_active:
            notify(
                recipient=locked.asked_by,
                kind="ant_opinion_answered",
                url=f"{ant.get_absolute_url()}#avis",
                context={"opinion": locked, "request": ant, "expert": by},
            )
    return locked


@transaction.atomic
def withdraw_opinion(*, ant, opinion_pk, by):
    """The office withdraws an opinion it asked on `ant` and that is not answered yet: the row
    goes (its history keeps who asked, what, and who withdrew it when), the person consulted
    then finds a 404 at its address and gets a message saying they no longer have to answer.
    Returns the withdrawn opinion."""
    if not permissions.is_office(by, ant):
        raise OpinionError(
            _("Seul le service de formation de l'académie retire une demande d'avis.")
        )
    opinion = (
        OpinionRequest.objects.select_for_update()
        .select_related("expert")
        .filter(pk=opinion_pk, request=ant)
        .first()
    )
    if opinion is None:
        raise OpinionError(_("Cette demande d'avis a déjà été retirée."))
    if opinion.is_answered:
        raise OpinionError(
            _("%(name)s a déjà rendu son avis le %(day)s : il ne peut plus être retiré.")
            % {"name": opinion.expert.full_name, "day": dates.letter_day(opinion.answered_at)}
        )
    expert = opinion.expert
    opinion.delete()
    if expert.is_active:
        notify(
            recipient=expert,
            kind="ant_opinion_withdrawn",
            url=reverse("requests:opinions"),
            context={"opinion": opinion, "request": ant, "by": by},
        )
    return opinion


def opinions_to_remind(today):
    last_day = today + datetime.timedelta(days=REMIND_DAYS_BEFORE)
    return OpinionRequest.objects.filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        due_on__gte=today,
        due_on__lte=last_day,
        expert__is_active=True,
    )


def send_opinion_reminders(today=None, now=None):
    """Remind each expert of an opinion due within two days, once (`reminded_at`). Each
    opinion is locked and marked in its own transaction: two runs at once send one reminder,
    and a failure leaves the others sent."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    sent = 0
    for pk in list(opinions_to_remind(today).values_list("pk", flat=True)):
        with transaction.atomic():
            opinion = (
                opinions_to_remind(today)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("request", "expert")
                .filter(pk=pk)
                .first()
            )
            if opinion is None:  # answered, reminded or being reminded meanwhile
                continue
            opinion.reminded_at = now
            opinion.save(update_fields=["reminded_at"])
            notify(
                recipient=opinion.expert,
                kind="ant_opinion_reminder",
                url=opinion.get_absolute_url(),
                context={
                    "opinion": opinion,
                    "request": opinion.request,
                    "due_on": dates.day(opinion.due_on),
                },
            )
            sent += 1
    return sent
