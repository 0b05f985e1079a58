"""Following an operation (issue 12, points 3 and 4): its aggregated indicators, its individual
participants and the deliverables of its actions.

Indicators and deliverables: the académie's readers (administrators, EAFC/DAFOR, SAIO, IEN)
see them, its administrators add, correct and delete them; anyone else gets a 404. Individual
participants: administrators only (see `participants`). Views check, call one service of
funding/participants.py, render; a `FollowUpError` is shown with `messages.error`. Changes are
POST only; the delete pages ask first with a GET that changes nothing.

The URLs are this module's `urlpatterns`, included by funding/urls.py under
`operations/<pk>/` in the `funding:` namespace.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.submissions import AlreadySubmitted, check_not_repeated, once
from funding import participants as follow_up
from funding.forms import DeliverableForm, FundParticipantForm, IndicatorValueForm
from funding.models import Indicator, Operation
from funding.participants import FollowUpError
from funding.permissions import (
    may_edit,
    operation_for_editor_or_404,
    operation_for_participants_or_404,
    operation_for_reader_or_404,
)

OPERATIONS = Operation.objects.select_related("academie")


def _save(request, form, *, save, result_url, success):
    """Validate `form` and save it through `save(instance)` once per submission; the response
    to send, or None to show the form again (with its errors or the service's message)."""
    if request.method != "POST":
        return None
    try:
        check_not_repeated(form, user=request.user)
        if not form.is_valid():
            return None
        with once(form, user=request.user, result_url=result_url):
            save(form.save(commit=False))
    except AlreadySubmitted as already:
        return already.response(request)
    except FollowUpError as error:
        messages.error(request, str(error))
        return None
    messages.success(request, success)
    return redirect(result_url)


def _form_page(request, form, *, operation, title, back_url, back_label, list_label, action=None):
    """The form's page; its breadcrumb names the list it comes from (`list_label`)."""
    return render(
        request,
        "funding/follow_up/form.html",
        {
            "operation": operation,
            "action": action,
            "form": form,
            "page_title": title,
            "back_url": back_url,
            "back_label": back_label,
            "list_label": list_label,
        },
    )


def _confirm_page(request, *, operation, title, question, back_url, action=None):
    return render(
        request,
        "funding/follow_up/confirm_delete.html",
        {
            "operation": operation,
            "action": action,
            "page_title": title,
            "question": question,
            "back_url": back_url,
        },
    )


# Indicators -------------------------------------------------------------------------------
def indicator_totals(values):
    """Per indicator present, in the indicators' order: label, women, men, total."""
    sums = {}
    for value in values:
        women, men = sums.get(value.indicator, (0, 0))
        sums[value.indicator] = (women + value.women, men + value.men)
    return [
        {"label": label, "women": sums[code][0], "men": sums[code][1], "total": sum(sums[code])}
        for code, label in Indicator.choices
        if code in sums
    ]


@require_GET
def indicators(request, pk):
    """The operation's counts per period and action, with totals per indicator."""
    operation = operation_for_reader_or_404(request.user, pk, OPERATIONS)
    values = list(
        operation.indicators.select_related("action").order_by(
            "period_start", "action__number", "indicator", "pk"
        )
    )
    return render(
        request,
        "funding/follow_up/indicators.html",
        {
            "operation": operation,
            "values": values,
            "totals": indicator_totals(values),
            "can_edit": may_edit(request.user, operation),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_add(request, pk):
    operation = operation_for_editor_or_404(request.user, pk, OPERATIONS)
    form = IndicatorValueForm(request.POST or None, operation=operation)
    back_url = reverse("funding:indicators", args=[operation.pk])

    def save(value):
        value.operation = operation
        follow_up.save_indicator(value=value, by=request.user)

    response = _save(
        request, form, save=save, result_url=back_url, success=_("La valeur est enregistrée.")
    )
    return response or _form_page(
        request,
        form,
        operation=operation,
        title=_("Ajouter une valeur d'indicateur"),
        back_url=back_url,
        back_label=_("Retour aux indicateurs"),
        list_label=_("Indicateurs"),
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk, value_pk):
    operation = operation_for_editor_or_404(request.user, pk, OPERATIONS)
    value = get_object_or_404(operation.indicators.select_related("operation"), pk=value_pk)
    form = IndicatorValueForm(request.POST or None, instance=value, operation=operation)
    back_url = reverse("funding:indicators", args=[operation.pk])

    def save(corrected):
        follow_up.save_indicator(value=corrected, by=request.user)

    response = _save(
        request, form, save=save, result_url=back_url, success=_("La valeur est corrigée.")
    )
    return response or _form_page(
        request,
        form,
        operation=operation,
        title=_("Corriger une valeur d'indicateur"),
        back_url=back_url,
        back_label=_("Retour aux indicateurs"),
        list_label=_("Indicateurs"),
    )


@require_http_methods(["GET", "POST"])
def indicator_delete(request, pk, value_pk):
    operation = operation_for_editor_or_404(request.user, pk, OPERATIONS)
    value = get_object_or_404(operation.indicators.select_related("operation"), pk=value_pk)
    back_url = reverse("funding:indicators", args=[operation.pk])
    if request.method == "GET":
        return _confirm_page(
            request,
            operation=operation,
            title=_("Supprimer une valeur d'indicateur"),
            question=_("Supprimer la valeur «\u00a0%(value)s\u00a0»\u00a0?") % {"value": value},
            back_url=back_url,
        )
    try:
        follow_up.delete_indicator(value=value, by=request.user)
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("La valeur est supprimée."))
    return redirect(back_url)


# Individual participants ------------------------------------------------------------------
@require_GET
def participants(request, pk):
    """The participants the fund demands to follow individually. Administrators only: these
    are personal data (DOMAIN.md: keep pupils' data aggregated unless a fund demands
    individual records, and minimise who sees them), so the académie's readers, DAFOR
    included, get a 404 as if the page did not exist, like anyone else; they see the
    aggregated indicators instead."""
    operation = operation_for_participants_or_404(request.user, pk, OPERATIONS)
    rows = list(operation.fund_participants.select_related("action"))
    return render(
        request,
        "funding/follow_up/participants.html",
        {
            "operation": operation,
            "participants": rows,
            "default_retain_until": follow_up.default_retain_until(operation),
        },
    )


@require_http_methods(["GET", "POST"])
def participant_add(request, pk):
    operation = operation_for_participants_or_404(request.user, pk, OPERATIONS)
    form = FundParticipantForm(request.POST or None, operation=operation)
    back_url = reverse("funding:participants", args=[operation.pk])

    def save(participant):
        participant.operation = operation
        follow_up.save_participant(participant=participant, by=request.user)

    response = _save(
        request, form, save=save, result_url=back_url, success=_("Le participant est enregistré.")
    )
    return response or _form_page(
        request,
        form,
        operation=operation,
        title=_("Ajouter un participant suivi individuellement"),
        back_url=back_url,
        back_label=_("Retour aux participants"),
        list_label=_("Participants suivis individuellement"),
    )


@require_http_methods(["GET", "POST"])
def participant_edit(request, pk, participant_pk):
    operation = operation_for_participants_or_404(request.user, pk, OPERATIONS)
    participant = get_object_or_404(
        operation.fund_participants.select_related("operation"), pk=participant_pk
    )
    form = FundParticipantForm(request.POST or None, instance=participant, operation=operation)
    back_url = reverse("funding:participants", args=[operation.pk])

    def save(corrected):
        follow_up.save_participant(participant=corrected, by=request.user)

    response = _save(
        request, form, save=save, result_url=back_url, success=_("Le participant est corrigé.")
    )
    return response or _form_page(
        request,
        form,
        operation=operation,
        title=_("Corriger le participant %(reference)s") % {"reference": participant.reference},
        back_url=back_url,
        back_label=_("Retour aux participants"),
        list_label=_("Participants suivis individuellement"),
    )


@require_http_methods(["GET", "POST"])
def participant_delete(request, pk, participant_pk):
    operation = operation_for_participants_or_404(request.user, pk, OPERATIONS)
    participant = get_object_or_404(
        operation.fund_participants.select_related("operation"), pk=participant_pk
    )
    back_url = reverse("funding:participants", args=[operation.pk])
    if request.method == "GET":
        return _confirm_page(
            request,
            operation=operation,
            title=_("Effacer un participant"),
            question=_(
                "Effacer le participant %(reference)s\u00a0? Rien n'en sera gardé, pas même "
                "dans l'historique."
            )
            % {"reference": participant.reference},
            back_url=back_url,
        )
    try:
        follow_up.delete_participant(participant=participant, by=request.user)
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Le participant %(reference)s est effacé.") % {"reference": participant.reference},
        )
    return redirect(back_url)


# Deliverables -----------------------------------------------------------------------------
def _action_or_404(operation, action_pk):
    return get_object_or_404(operation.actions.select_related("operation"), pk=action_pk)


@require_GET
def deliverables(request, pk, action_pk):
    operation = operation_for_reader_or_404(request.user, pk, OPERATIONS)
    action = _action_or_404(operation, action_pk)
    return render(
        request,
        "funding/follow_up/deliverables.html",
        {
            "operation": operation,
            "action": action,
            "deliverables": list(action.deliverables.all()),
            "can_edit": may_edit(request.user, operation),
        },
    )


@require_http_methods(["GET", "POST"])
def deliverable_add(request, pk, action_pk):
    operation = operation_for_editor_or_404(request.user, pk, OPERATIONS)
    action = _action_or_404(operation, action_pk)
    form = DeliverableForm(request.POST or None)
    back_url = reverse("funding:deliverables", args=[operation.pk, action.pk])

    def save(deliverable):
        deliverable.action = action
        follow_up.save_deliverable(deliverable=deliverable, by=request.user)

    response = _save(
        request, form, save=save, result_url=back_url, success=_("Le livrable est enregistré.")
    )
    return response or _form_page(
        request,
        form,
        operation=operation,
        action=action,
        title=_("Ajouter un livrable"),
        back_url=back_url,
        back_label=_("Retour aux livrables"),
        list_label=_("Livrables"),
    )


@require_http_methods(["GET", "POST"])
def deliverable_edit(request, pk, action_pk, deliverable_pk):
    operation = operation_for_editor_or_404(request.user, pk, OPERATIONS)
    action = _action_or_404(operation, action_pk)
    deliverable = get_object_or_404(action.deliverables.all(), pk=deliverable_pk)
    deliverable.action = action
    form = DeliverableForm(request.POST or None, instance=deliverable)
    back_url = reverse("funding:deliverables", args=[operation.pk, action.pk])

    def save(corrected):
        follow_up.save_deliverable(deliverable=corrected, by=request.user)

    response = _save(
        request, form, save=save, result_url=back_url, success=_("Le livrable est corrigé.")
    )
    return response or _form_page(
        request,
        form,
        operation=operation,
        action=action,
        title=_("Corriger le livrable «\u00a0%(title)s\u00a0»") % {"title": deliverable.title},
        back_url=back_url,
        back_label=_("Retour aux livrables"),
        list_label=_("Livrables"),
    )


@require_http_methods(["GET", "POST"])
def deliverable_delete(request, pk, action_pk, deliverable_pk):
    operation = operation_for_editor_or_404(request.user, pk, OPERATIONS)
    action = _action_or_404(operation, action_pk)
    deliverable = get_object_or_404(action.deliverables.all(), pk=deliverable_pk)
    deliverable.action = action
    back_url = reverse("funding:deliverables", args=[operation.pk, action.pk])
    if request.method == "GET":
        return _confirm_page(
            request,
            operation=operation,
            action=action,
            title=_("Supprimer un livrable"),
            question=_("Supprimer le livrable «\u00a0%(title)s\u00a0»\u00a0?")
            % {"title": deliverable.title},
            back_url=back_url,
        )
    try:
        follow_up.delete_deliverable(deliverable=deliverable, by=request.user)
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Le livrable est supprimé."))
    return redirect(back_url)


# Included by funding/urls.py under "operations/<int:pk>/", in the `funding:` namespace.
urlpatterns = [
    path("suivi/", indicators, name="indicators"),
    path("suivi/ajouter/", indicator_add, name="indicator_add"),
    path("suivi/<int:value_pk>/modifier/", indicator_edit, name="indicator_edit"),
    path("suivi/<int:value_pk>/supprimer/", indicator_delete, name="indicator_delete"),
    path("participants/", participants, name="participants"),
    path("participants/ajouter/", participant_add, name="participant_add"),
    path("participants/<int:participant_pk>/modifier/", participant_edit, name="participant_edit"),
    path(
        "participants/<int:participant_pk>/supprimer/",
        participant_delete,
        name="participant_delete",
    ),
    path("actions/<int:action_pk>/livrables/", deliverables, name="deliverables"),
    path("actions/<int:action_pk>/livrables/ajouter/", deliverable_add, name="deliverable_add"),
    path(
        "actions/<int:action_pk>/livrables/<int:deliverable_pk>/modifier/",
        deliverable_edit,
        name="deliverable_edit",
    ),
    path(
        "actions/<int:action_pk>/livrables/<int:deliverable_pk>/supprimer/",
        deliverable_delete,
        name="deliverable_delete",
    ),
]
