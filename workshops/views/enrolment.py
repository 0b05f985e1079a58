"""Enrolment in sessions: convening the designated public, adding or inviting one person,
enrolling and leaving, answering an invitation, removing a participant, and the teachers'
list of open sessions (issue 11, points 2 and 3).

Each action is a small POST view: it looks the session up in what the user may see or
manage (404 otherwise), calls one service of workshops/enrolment.py, turns an EnrolmentError
into a message and goes back to the session's page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from programmes.models import Programme
from workshops import enrolment, permissions
from workshops.enrolment import EnrolmentError
from workshops.forms import OpenSessionFilter, PersonForm
from workshops.models import Participant, Session

PAGE_SIZE = 20


def _sessions():
    # What the messages and the .ics say of a session: its programme and its place.
    return Session.objects.select_related("programme", "academie", "host_school")


def _back(session):
    return redirect("workshops:detail", session.pk)


def _mine_or_404(user, session, *statuses):
    return get_object_or_404(
        Participant.objects.select_related("user"),
        session=session,
        user_id=user.pk,
        status__in=statuses,
    )


@require_POST
def convene(request, pk):
    session = permissions.session_for_manager_or_404(request.user, pk, _sessions())
    try:
        done = enrolment.convene_designated(session=session, by=request.user)
    except EnrolmentError as error:
        messages.error(request, str(error))
        return _back(session)
    if not done.convened:
        messages.info(
            request, _("Personne n'est à convoquer\u00a0: tout le public désigné l'est déjà.")
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d convocation envoyée",
                "%(count)d convocations envoyées",
                done.convened,
            )
            % {"count": done.convened}
            + ngettext(
                " (dont %(count)d nouvelle inscription).",
                " (dont %(count)d nouvelles inscriptions).",
                done.enrolled,
            )
            % {"count": done.enrolled},
        )
    return _back(session)


def person(request, pk):
    """Designate one person (convened at once) or, on a session « sur invitation », invite
    them."""
    session = permissions.session_for_manager_or_404(request.user, pk, _sessions())
    inviting = session.public == Session.Public.INVITATION
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        academie=session.academie,
        submit_label=_("Inviter") if inviting else _("Inscrire et convoquer"),
    )
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["person"]
        try:
            if inviting:
                enrolment.invite(session=session, user=user, by=request.user)
            else:
                enrolment.add_designated(session=session, user=user, by=request.user)
        except EnrolmentError as error:
            messages.error(request, str(error))
        else:
            if inviting:
                text = _("%(name)s est invité ou invitée à la séance.")
            else:
                text = _("%(name)s est inscrit ou inscrite et reçoit sa convocation.")
            messages.success(request, text % {"name": user.full_name})
            return _back(session)
    return render(
        request,
        "workshops/enrolment/person.html",
        {"session": session, "form": form, "inviting": inviting},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def enrol(request, pk):
    session = permissions.session_for_viewer_or_404(request.user, pk, _sessions())
    if not permissions.may_enrol_openly(request.user, session):
        raise Http404
    try:
        participant = enrolment.enrol(session=session, user=request.user)
    except EnrolmentError as error:
        messages.error(request, str(error))
        return _back(session)
    if participant.status == Participant.Status.ENROLLED:
        messages.success(
            request,
            _("Votre inscription est enregistrée\u00a0; sa confirmation vous est envoyée."),
        )
    else:
        messages.warning(
            request,
            _(
                "La séance est complète\u00a0: vous êtes sur la liste d'attente, en position "
                "%(rank)d. Vous serez prévenu ou prévenue si une place se libère."
            )
            % {"rank": enrolment.waiting_rank(participant)},
        )
    return _back(session)


@require_POST
def unenrol(request, pk):
    session = permissions.session_for_viewer_or_404(request.user, pk, _sessions())
    mine = _mine_or_404(
        request.user, session, Participant.Status.ENROLLED, Participant.Status.WAITING
    )
    try:
        enrolment.unenrol(participant=mine, by=request.user)
    except EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Votre inscription à la séance est annulée."))
    return _back(session)


@require_POST
def answer(request, pk):
    session = permissions.session_for_viewer_or_404(request.user, pk, _sessions())
    mine = _mine_or_404(request.user, session, Participant.Status.INVITED)
    choice = request.POST.get("answer")
    if choice not in ("accept", "decline"):
        messages.error(request, _("Choisissez d'accepter ou de décliner l'invitation."))
        return _back(session)
    try:
        participant = enrolment.answer_invitation(participant=mine, accept=choice == "accept")
    except EnrolmentError as error:
        messages.error(request, str(error))
        return _back(session)
    if participant.status == Participant.Status.ENROLLED:
        messages.success(
            request, _("Vous avez accepté l'invitation\u00a0: votre inscription est enregistrée.")
        )
    elif participant.status == Participant.Status.WAITING:
        messages.warning(
            request,
            _(
                "La séance est complète\u00a0: vous êtes sur la liste d'attente, en position "
                "%(rank)d."
            )
            % {"rank": enrolment.waiting_rank(participant)},
        )
    else:
        messages.success(request, _("Vous avez décliné l'invitation."))
    return _back(session)


@require_POST
def remove(request, pk, participant_pk):
    session = permissions.session_for_manager_or_404(request.user, pk, _sessions())
    participant = get_object_or_404(
        Participant.objects.select_related("user").exclude(status=Participant.Status.CANCELLED),
        session=session,
        pk=participant_pk,
    )
    try:
        enrolment.unenrol(participant=participant, by=request.user)
    except EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s ne figure plus parmi les participants.")
            % {"name": participant.user.full_name},
        )
    return _back(session)


@require_GET
def open_sessions(request):
    """The upcoming sessions « inscription libre » of the académies where the user teaches,
    with the places left and the user's own enrolment: a constant number of queries."""
    user = request.user
    if not permissions.may_browse_open_sessions(user):
        raise Http404
    upcoming = permissions.open_sessions_for(user).filter(
        status__in=enrolment.OPEN_STATUSES, starts_at__gt=timezone.now()
    )
    mine = Participant.objects.filter(session=OuterRef("pk"), user_id=user.pk).values("status")
    filters = OpenSessionFilter(
        request.GET or None,
        queryset=upcoming.select_related("programme", "host_school")
        .annotate(
            enrolled=Count(
                "participants", filter=Q(participants__status=Participant.Status.ENROLLED)
            ),
            my_status=Subquery(mine[:1]),
        )
        .order_by("starts_at", "pk"),
        programmes=Programme.objects.filter(pk__in=upcoming.values("programme_id")).order_by(
            "title"
        ),
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for session in page.object_list:
        session.places_left = (
            max(session.capacity - session.enrolled, 0) if session.capacity else None
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workshops/enrolment/open.html",
        {
            "filter": filters,
            "page": page,
            "query_prefix": f"{query.urlencode()}&" if query else "",
        },
    )
