"""Trainers: the office's trainer list and matching page, the trainer's assignments, and the
heads' mission orders.

Every page checks its role and scope and answers 404 otherwise (never the data). Actions are
small POST views that call one service, turn a TransitionError into a message and redirect."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import academie_ids, has_role
from accounts.submissions import (
    AlreadySubmitted,
    SubmissionTokenForm,
    check_not_repeated,
    once,
)
from requests import exports, permissions, queries, services
from requests.forms.trainers import (
    AssignTrainerForm,
    DeclineAssignmentForm,
    TrainerFilter,
    discipline_choices,
)
from requests.mission_orders import mission_order_agents, mission_orders_pdf
from requests.models import TrainerAssignment, TrainerProfile
from requests.workflow import TransitionError

PAGE_SIZE = 30


# The office's trainer list --------------------------------------------------------------------
@require_GET
def trainer_list(request):
    office_of = sorted(academie_ids(request.user, Role.DAFOR))
    if not office_of:
        raise Http404
    # Staff of several académies pick one; the first otherwise.
    academie_id = next(
        (a for a in office_of if str(a) == request.GET.get("academie")), office_of[0]
    )
    rows = TrainerProfile.objects.filter(academie_id=academie_id).values_list(
        "disciplines", "departement"
    )
    filters = TrainerFilter(
        request.GET or None,
        queryset=queries.trainers_with_load(academie_id).order_by("user__full_name", "pk"),
        disciplines=discipline_choices(d for d, _dep in rows),
        departements=sorted({dep for _d, dep in rows if dep}),
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests/trainers/list.html",
        {
            "filter": filters,
            "page": page,
            "query_prefix": f"{query.urlencode()}&" if query else "",
        },
    )


# Matching a request with trainers -------------------------------------------------------------
def _office_request(user, pk):
    ant = queries.get_request_for(user, pk)
    if not permissions.is_office(user, ant):
        raise Http404
    return ant


@require_GET
def trainer_suggestions(request, pk):
    ant = _office_request(request.user, pk)
    may_assign = permissions.may_assign_trainers(ant)
    suggestions = queries.suggest_trainers(ant) if may_assign else []
    for profile in suggestions:
        # One form per row, for its one-time token (the trainer is the row's hidden field).
        profile.assign_form = AssignTrainerForm(academie_id=ant.academie_id, auto_id=False)
    return render(
        request,
        "requests/trainers/suggestions.html",
        {
            "ant": ant,
            "may_assign": may_assign,
            "suggestions": suggestions,
            "assignments": list(ant.assignments.all()),
        },
    )


@require_POST
def assign_trainer(request, pk):
    ant = _office_request(request.user, pk)
    form = AssignTrainerForm(request.POST, academie_id=ant.academie_id)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["trainer"]))
    else:
        trainer = form.cleaned_data["trainer"]
        url = reverse("requests:trainer_suggestions", args=[ant.pk])
        try:
            with once(form, user=request.user, result_url=url):
                services.assign_trainer(ant=ant, trainer=trainer, by=request.user)
        except AlreadySubmitted as already:
            return already.response(request)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("L'ANT est proposée à %(name)s, qui l'acceptera ou la déclinera.")
                % {"name": trainer.full_name},
            )
    return redirect("requests:trainer_suggestions", pk=ant.pk)


# The trainer's side ---------------------------------------------------------------------------
def _is_trainer(user):
    return has_role(user, Role.FORMATEUR)


def _assignments_page(request, *, bound=None):
    """The trainer's assignments; `bound` is a (assignment pk, invalid decline form) to show
    again with its errors."""
    page = Paginator(queries.trainer_assignments(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for assignment in page.object_list:
        if assignment.status != TrainerAssignment.Status.PROPOSED:
            continue
        action = reverse("requests:answer_assignment", args=[assignment.pk])
        if bound and bound[0] == assignment.pk:
            assignment.decline_form = bound[1]
        else:
            assignment.decline_form = DeclineAssignmentForm(action=action, key=f"-{assignment.pk}")
        assignment.accept_form = SubmissionTokenForm(auto_id=False)  # its one-time token
        assignment.answer_url = action
    return render(request, "requests/trainers/my_assignments.html", {"page": page})


@require_GET
def my_assignments(request):
    if not _is_trainer(request.user):
        raise Http404
    return _assignments_page(request)


@require_POST
def answer_assignment(request, assignment_pk):
    # Only the trainer the proposal was made to may answer it; anyone else gets a 404.
    assignment = get_object_or_404(
        TrainerAssignment.objects.select_related("request", "trainer"),
        pk=assignment_pk,
        trainer=request.user,
    )
    # Either form of the row (accept, decline) carries a one-time token.
    token_form = SubmissionTokenForm(request.POST)
    try:
        # Answered by the first click: the proposal is no longer open, yet it was answered.
        check_not_repeated(token_form, user=request.user)
    except AlreadySubmitted as already:
        return already.response(request)
    decision = request.POST.get("decision")
    if decision == "accept":
        reason = ""
    elif decision == "decline":
        form = DeclineAssignmentForm(
            request.POST,
            action=reverse("requests:answer_assignment", args=[assignment.pk]),
            key=f"-{assignment.pk}",
        )
        if not form.is_valid():
            messages.error(request, _("Votre réponse n'est pas enregistrée : voir le formulaire."))
            return _assignments_page(request, bound=(assignment.pk, form))
        reason = form.cleaned_data["reason"]
    else:
        messages.error(request, _("Choisissez d'accepter ou de décliner la proposition."))
        return redirect("requests:my_assignments")
    try:
        with once(token_form, user=request.user, result_url=reverse("requests:my_assignments")):
            services.answer_assignment(
                assignment=assignment, accept=decision == "accept", reason=reason
            )
    except AlreadySubmitted as already:
        return already.response(request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        if decision == "accept":
            text = _("Vous accompagnerez l'ANT « %(title)s ». L'équipe et l'EAFC sont prévenues.")
        else:
            text = _("Vous avez décliné l'ANT « %(title)s ». L'EAFC est prévenue.")
        messages.success(request, text % {"title": assignment.request.title})
    return redirect("requests:my_assignments")


# Mission orders -------------------------------------------------------------------------------
@require_GET
def mission_orders(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.may_issue_mission_orders(request.user, ant):
        raise Http404
    agents = mission_order_agents(ant, request.user)
    if "agent" in request.GET:
        agents = [(a, s) for a, s in agents if str(a.pk) == request.GET["agent"]]
        if not agents:
            raise Http404
    if not agents:
        messages.info(
            request,
            _(
                "Aucun personnel de votre établissement n'a confirmé sa participation à cette "
                "ANT : il n'y a pas d'ordre de mission à établir."
            ),
        )
        return redirect(ant)
    if len(agents) > settings.MISSION_ORDERS_SYNC_MAX_PAGES:
        # One page per agent: a big school's orders are produced in the background.
        export = exports.start_mission_orders_export(
            ant=ant, head=request.user, agents=agents, issued_on=timezone.localdate()
        )
        return redirect(export)
    pdf, _pages = mission_orders_pdf(
        ant=ant,
        head=request.user,
        agents=agents,
        issued_on=timezone.localdate(),
        base_url=request.build_absolute_uri("/"),
    )
    if "agent" in request.GET:
        filename = f"ordre-de-mission-{ant.reference}-{slugify(agents[0][0].full_name)}.pdf"
    else:
        filename = f"ordres-de-mission-{ant.reference}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
