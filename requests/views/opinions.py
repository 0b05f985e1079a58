"""Opinions of the académie's services (« avis externes »): the office asks from the request
page; the person consulted lists what is asked of them, reads the request through the opinion
(read-only, never through the request pages) and answers once.

The office's views look the request up with `queries.get_request_for` (404 for anyone who may
not see it); the expert's look the opinion up among their own (`opinions.expert_opinions`),
so another person's opinion, or another académie's, is a 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import academie_ids
from accounts.submissions import (
    AlreadySubmitted,
    SubmissionTokenForm,
    check_not_repeated,
    once,
)
from requests import opinions, permissions, queries
from requests.forms.opinions import OpinionAnswerForm, OpinionRequestForm

PAGE_SIZE = 20


# The office ----------------------------------------------------------------------------------
@require_POST
def ask(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.is_office(request.user, ant):
        raise Http404
    url = f"{ant.get_absolute_url()}#avis"
    form = OpinionRequestForm(
        request.POST,
        ant=ant,
        by=request.user,
        action=reverse("requests:opinion_ask", args=[pk]),
    )
    try:
        # Before validation: the first post made this one a duplicate, yet it was done.
        check_not_repeated(form, user=request.user)
    except AlreadySubmitted as already:
        return already.response(request)
    if not opinions.may_ask(request.user, ant):
        messages.error(
            request, _("Un avis se demande pendant l'instruction ou le diagnostic de la demande.")
        )
        return redirect(url)
    if not form.is_valid():
        return render(request, "requests/opinions/ask.html", {"ant": ant, "form": form}, status=400)
    data = form.cleaned_data
    try:
        with once(form, user=request.user, result_url=url):
            opinion = opinions.ask_opinion(
                ant=ant,
                by=request.user,
                expert=data["expert"],
                service=data["service"],
                question=data["question"],
                due_on=data["due_on"],
                grant_role=data["grant_role"],
            )
    except AlreadySubmitted as already:
        return already.response(request)
    except opinions.OpinionError as error:
        form.add_error(None, str(error))
        return render(request, "requests/opinions/ask.html", {"ant": ant, "form": form}, status=400)
    messages.success(
        request,
        _("L'avis de %(name)s est demandé ; un message l'en informe.")
        % {"name": opinion.expert.full_name},
    )
    return redirect(url)


@require_POST
def withdraw(request, pk, opinion_pk):
    """The office withdraws an opinion not answered yet (the person consulted is told)."""
    ant = queries.get_request_for(request.user, pk)
    if not permissions.is_office(request.user, ant):
        raise Http404
    url = f"{ant.get_absolute_url()}#avis"
    form = SubmissionTokenForm(request.POST)
    try:
        check_not_repeated(form, user=request.user)  # withdrawn by the first click
    except AlreadySubmitted as already:
        return already.response(request)
    try:
        with once(form, user=request.user, result_url=url):
            opinion = opinions.withdraw_opinion(ant=ant, opinion_pk=opinion_pk, by=request.user)
    except AlreadySubmitted as already:
        return already.response(request)
    except opinions.OpinionError as error:
        messages.error(request, str(error))
        return redirect(url)
    messages.success(
        request,
        _("La demande d'avis à %(name)s est retirée ; un message l'en informe.")
        % {"name": opinion.expert.full_name},
    )
    return redirect(url)


# The person consulted ------------------------------------------------------------------------
def _expert_or_404(user):
    if not academie_ids(user, Role.SERVICE_CONSULTE):
        raise Http404


@require_GET
def opinion_list(request):
    _expert_or_404(request.user)
    page = Paginator(opinions.expert_opinions(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "requests/opinions/list.html", {"page": page})


def _render_opinion(request, opinion, form=None, status=200):
    ant = opinion.request
    context = {
        "opinion": opinion,
        "ant": ant,
        "schools": sorted(ant.schools.all(), key=lambda school: queries.french_order(school.name)),
        "members": ant.members.all(),
        "attachments": ant.attachments.all(),
        "form": None,
    }
    if not opinion.is_answered:
        context["form"] = form or OpinionAnswerForm(
            action=reverse("requests:opinion_answer", args=[opinion.pk])
        )
    return render(request, "requests/opinions/detail.html", context, status=status)


@require_GET
def opinion_detail(request, pk):
    _expert_or_404(request.user)
    opinion = opinions.get_opinion_for_expert(request.user, pk)
    return _render_opinion(request, opinion)


@require_POST
def opinion_answer(request, pk):
    _expert_or_404(request.user)
    opinion = opinions.get_opinion_for_expert(request.user, pk)
    url = opinion.get_absolute_url()
    form = OpinionAnswerForm(request.POST, action=reverse("requests:opinion_answer", args=[pk]))
    try:
        check_not_repeated(form, user=request.user)
    except AlreadySubmitted as already:
        return already.response(request)
    if opinion.is_answered:
        messages.error(request, _("Vous avez déjà rendu cet avis : il ne peut plus être modifié."))
        return redirect(url)
    if not form.is_valid():
        return _render_opinion(request, opinion, form, status=400)
    try:
        with once(form, user=request.user, result_url=url):
            opinions.answer_opinion(
                opinion=opinion,
                by=request.user,
                verdict=form.cleaned_data["verdict"],
                answer=form.cleaned_data["answer"],
            )
    except AlreadySubmitted as already:
        return already.response(request)
    except opinions.OpinionError as error:
        messages.error(request, str(error))
        return redirect(url)
    messages.success(request, _("Votre avis est transmis au service de formation. Merci."))
    return redirect(url)


@require_GET
def opinion_attachment(request, pk, att_pk):
    """The request's attachments are part of what the person consulted is given to read."""
    _expert_or_404(request.user)
    opinion = opinions.get_opinion_for_expert(request.user, pk)
    attachment = next((a for a in opinion.request.attachments.all() if a.pk == att_pk), None)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type="application/pdf"
    )
