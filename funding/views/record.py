"""An operation's record (issue 12, points 1, 2, 3, 5, 6): its page, its editing on one page
(the operation with its plan lines, actions and consortium, saved together or not at all), the
validation of its plan and its readable history.

The académie's administrators edit; its other staff read; anyone else gets a 404."""

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Academie
from accounts.submissions import AlreadySubmitted, SubmissionTokenForm, once
from accounts.templatetags.french_numbers import euros
from funding import history, plan, services
from funding.forms import (
    ActionInlineFormSet,
    LineFormSet,
    MemberInlineFormSet,
    OperationForm,
)
from funding.models import Action, ConsortiumMember, Operation
from funding.permissions import (
    editable_academies,
    may_edit,
    operation_for_editor_or_404,
    operation_for_reader_or_404,
)


def record_queryset():
    return Operation.objects.select_related(
        "academie", "operational_programme", "objective", "predecessor"
    ).prefetch_related(
        "lines",
        "objectives",
        Prefetch(
            "actions",
            queryset=Action.objects.prefetch_related("objectives", "deliverables"),
        ),
        Prefetch(
            "members",
            queryset=ConsortiumMember.objects.select_related("partner").order_by(
                "role", "joined_on", "partner__name"
            ),
        ),
    )


def plan_gap(check):
    """« les lignes dépassent le coût total de 0,01 € » / « il manque 12 500,00 € »."""
    if check.state != plan.PlanState.UNBALANCED:
        return ""
    if check.difference > 0:
        return _("les lignes dépassent le coût total de %(amount)s") % {
            "amount": euros(check.difference)
        }
    return _("il manque %(amount)s") % {"amount": euros(-check.difference)}


def plan_warning(operation):
    """The warning after saving an unbalanced or over-ceiling plan, or None."""
    check = plan.check_operation(operation)
    if check.state == plan.PlanState.UNBALANCED:
        return _(
            "Le plan de financement est enregistré comme brouillon mais il est déséquilibré "
            "(%(gap)s)."
        ) % {"gap": plan_gap(check)}
    if check.over_ceiling:
        return _("Le taux d'intervention de l'Union européenne dépasse le plafond du programme.")
    return None


@require_GET
def detail(request, pk):
    operation = operation_for_reader_or_404(request.user, pk, record_queryset())
    check = plan.check_operation(operation)
    actions = list(operation.actions.all())
    show_all = request.GET.get("historique") == "tout"
    entries, entry_count = history.history(operation, limit=None if show_all else history.LIMIT)
    objectives = list(operation.objectives.all())
    return render(
        request,
        "funding/record/detail.html",
        {
            "operation": operation,
            "check": check,
            "gap": plan_gap(check),
            "lines": list(operation.lines.all()),
            "aims": [o for o in objectives if o.kind == o.Kind.AIM],
            "objectives": [o for o in objectives if o.kind == o.Kind.OBJECTIVE],
            "actions": actions,
            "shares_excess": plan.budget_shares_excess(
                operation.total_eligible_cost, [a.budget_share for a in actions]
            ),
            "members": list(operation.members.all()),
            "may_edit": may_edit(request.user, operation),
            "history": entries,
            "history_count": entry_count,
            "history_truncated": entry_count > len(entries),
        },
    )


def edit_page(request, operation, academie):
    """The one page of the operation and its three formsets, for a new or an existing one."""
    data = request.POST if request.method == "POST" else None
    form = OperationForm(data, instance=operation, academie=academie)
    lines = LineFormSet(data, instance=operation, prefix="lignes", operation_form=form)
    actions = ActionInlineFormSet(
        data,
        instance=operation,
        prefix="actions",
        operation_form=form,
        queryset=Action.objects.prefetch_related("objectives"),
    )
    members = MemberInlineFormSet(
        data,
        instance=operation,
        prefix="membres",
        operation_form=form,
        queryset=ConsortiumMember.objects.select_related("partner"),
    )
    token = SubmissionTokenForm(data)
    # Every form is validated, so that every error shows at once.
    valid = [form.is_valid(), lines.is_valid(), actions.is_valid(), members.is_valid()]
    if request.method == "POST" and all(valid):
        try:
            with once(token, user=request.user) as submission:
                saved, back_to_draft = services.save_operation(
                    form=form,
                    lines=lines,
                    actions=actions,
                    members=members,
                    by=request.user,
                    academie=academie,
                )
                result = reverse("funding:detail", args=[saved.pk])
                submission.done(result)
        except AlreadySubmitted as already:
            return already.response(request)
        except IntegrityError:
            # Two rows saved in between against a rule of the database (two actions whose
            # numbers are swapped, a partner given twice): nothing was saved.
            messages.error(
                request,
                _(
                    "Rien n'a été enregistré : deux lignes se contredisent (un numéro "
                    "d'action ou un partenaire en double). Enregistrez en deux fois."
                ),
            )
            return redirect(request.path)
        messages.success(request, _("L'opération est enregistrée."))
        if back_to_draft:
            messages.info(
                request,
                _(
                    "Le plan de financement ayant changé, il est repassé en brouillon\u00a0: "
                    "validez-le de nouveau."
                ),
            )
        warning = plan_warning(
            Operation.objects.select_related("operational_programme").get(pk=saved.pk)
        )
        if warning:
            messages.warning(request, warning)
        return redirect(result)
    formsets = (lines, actions, members)
    has_errors = (
        bool(form.errors)
        or any(f.errors for formset in formsets for f in formset.forms)
        or any(formset.non_form_errors() for formset in formsets)
    )
    return render(
        request,
        "funding/record/edit.html",
        {
            "operation": operation,
            "form": form,
            "lines": lines,
            "actions": actions,
            "members": members,
            "token": token,
            "has_errors": request.method == "POST" and has_errors,
        },
    )


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    operation = operation_for_editor_or_404(request.user, pk)
    return edit_page(request, operation, operation.academie)


@require_http_methods(["GET", "POST"])
def create(request):
    academies = sorted(editable_academies(request.user))
    if not academies:
        raise Http404
    return edit_page(request, Operation(), Academie.objects.get(pk=academies[0]))


@require_POST
def validate_plan(request, pk):
    operation = operation_for_editor_or_404(request.user, pk)
    try:
        services.validate_plan(operation=operation, by=request.user)
    except services.FundingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Le plan de financement est validé."))
    return redirect("funding:detail", pk=operation.pk)


@require_POST
def reopen_plan(request, pk):
    operation = operation_for_editor_or_404(request.user, pk)
    services.reopen_plan(operation=operation, by=request.user)
    messages.success(request, _("Le plan de financement est repassé en brouillon."))
    return redirect("funding:detail", pk=operation.pk)
