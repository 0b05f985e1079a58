"""Writes on the funded operations (issue 12): the record saved with its plan lines, actions
and consortium in one transaction, and the plan's validation.

Every function is keyword-only, takes instances and runs in one transaction. The history of
each row is kept by django-simple-history: in a request its middleware names the author; called
outside a request, a function takes `by` and names it on the historical rows it wrote
(`attribute_history`).

A plan validated then edited (a line added, changed or removed, or the total changed) goes back
to draft by itself: a validated plan is one somebody checked as it stands, and the page says so
after saving.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from funding import plan
from funding.models import (
    Action,
    ActionObjective,
    ConsortiumMember,
    Deliverable,
    FundingLine,
    Operation,
    OperationObjective,
)
from programmes.models import Partner


class FundingError(Exception):
    """A write refused by a rule of the domain; its message is French, for the page."""


# The models whose rows belong to an operation, with the lookup from their history to it.
HISTORY_LOOKUPS = (
    (Operation, "id"),
    (FundingLine, "operation_id"),
    (OperationObjective, "operation_id"),
    (Action, "operation_id"),
    (ConsortiumMember, "operation_id"),
)


def attribute_history(*, operation, by, since):
    """Name `by` as the author of the historical rows of `operation` written since `since`
    without one (rows written outside a request)."""
    if by is None:
        return
    for model, lookup in HISTORY_LOOKUPS:
        model.history.filter(
            **{lookup: operation.pk}, history_user__isnull=True, history_date__gte=since
        ).update(history_user=by)
    action_ids = Action.history.filter(operation_id=operation.pk).values("id")
    for model in (ActionObjective, Deliverable):
        model.history.filter(
            action_id__in=action_ids, history_user__isnull=True, history_date__gte=since
        ).update(history_user=by)


def unique_slug(academie, name):
    base = slugify(name)[:70] or "operation"
    slug, n = base, 1
    while Operation.objects.filter(academie=academie, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def replace_texts(rows, texts, make):
    """Make the ordered rows say `texts`: a row whose text is unchanged is left as it is
    (no history), a changed one updated, extra ones deleted, missing ones created."""
    rows = list(rows)
    for order, text in enumerate(texts, start=1):
        if order <= len(rows):
            row = rows[order - 1]
            if row.text != text or row.order != order:
                row.text, row.order = text, order
                row.save()
        else:
            make(order, text)
    for row in rows[len(texts) :]:
        row.delete()


def replace_operation_objectives(operation, pairs):
    """The operation's objectives as (kind, text) pairs, the aim first."""
    rows = list(operation.objectives.order_by("order", "pk"))
    for order, (kind, text) in enumerate(pairs, start=1):
        if order <= len(rows):
            row = rows[order - 1]
            if (row.kind, row.text, row.order) != (kind, text, order):
                row.kind, row.text, row.order = kind, text, order
                row.save()
        else:
            OperationObjective.objects.create(
                operation=operation, order=order, kind=kind, text=text
            )
    for row in rows[len(pairs) :]:
        row.delete()


def plan_changed(form, lines):
    return (
        "total_eligible_cost" in form.changed_data
        or bool(lines.deleted_forms)
        or any(f.has_changed() for f in lines.forms if f not in lines.deleted_forms)
    )


@transaction.atomic
def save_operation(*, form, lines, actions, members, by=None, academie=None):
    """Save the operation's form and its three formsets, all or nothing; the forms must be
    valid. Returns (operation, back_to_draft): whether a validated plan went back to draft
    because its plan changed. `academie` is the new operation's."""
    since = timezone.now()
    operation = form.instance
    creating = operation.pk is None
    back_to_draft = False
    if creating:
        operation.academie = academie
        operation.slug = unique_slug(academie, form.cleaned_data["name"])
        operation.plan_status = Operation.PlanStatus.DRAFT
    elif operation.plan_status == Operation.PlanStatus.VALIDATED and plan_changed(form, lines):
        operation.plan_status = Operation.PlanStatus.DRAFT
        back_to_draft = True
    if creating or form.has_changed() or back_to_draft:
        operation = form.save()
    replace_operation_objectives(operation, form.objective_rows())

    lines.instance = operation
    lines.save()

    actions.instance = operation
    # The deleted actions go first, so that a new one may take a number freed by them.
    saved_actions = actions.save(commit=False)
    for action in actions.deleted_objects:
        action.delete()
    for action in saved_actions:
        action.save()
    for action_form in actions.forms:
        if action_form in actions.deleted_forms or not action_form.instance.pk:
            continue
        if "objectives_text" not in action_form.changed_data:
            continue
        action = action_form.instance
        replace_texts(
            action.objectives.order_by("order", "pk"),
            action_form.objective_texts(),
            lambda order, text, action=action: ActionObjective.objects.create(
                action=action, order=order, text=text
            ),
        )

    members.instance = operation
    saved_members = members.save(commit=False)
    for member in members.deleted_objects:
        member.delete()
    # The carrier is saved last, so that a carrier changed for another never makes two.
    saved = [f for f in members.forms if any(f.instance is m for m in saved_members)]
    saved.sort(key=lambda f: f.instance.role == ConsortiumMember.Role.CARRIER)
    for member_form in saved:
        member = member_form.instance
        name = (member_form.cleaned_data.get("new_partner_name") or "").strip()
        if name:
            member.partner, _created = Partner.objects.get_or_create(
                name=name, defaults={"kind": member_form.cleaned_data["new_partner_kind"]}
            )
        member.save()
    attribute_history(operation=operation, by=by, since=since)
    return operation, back_to_draft


def operation_with_plan(operation):
    return (
        Operation.objects.select_for_update(of=("self",))
        .select_related("operational_programme")
        .get(pk=operation.pk)
    )


def refusal(check):
    """Why a plan cannot be validated, or None."""
    from accounts.templatetags.french_numbers import euros, pourcentage

    if check.state == plan.PlanState.INCOMPLETE:
        return _(
            "Le plan de financement est incomplet\u00a0: indiquez le coût total éligible et "
            "ses lignes avant de le valider."
        )
    if check.state == plan.PlanState.UNBALANCED:
        if check.difference > 0:
            gap = _("les lignes dépassent le coût total de %(amount)s") % {
                "amount": euros(check.difference)
            }
        else:
            gap = _("il manque %(amount)s") % {"amount": euros(-check.difference)}
        return _(
            "Le plan de financement n'est pas équilibré (%(gap)s)\u00a0: il ne peut pas être "
            "validé."
        ) % {"gap": gap}
    if check.over_ceiling:
        return _(
            "Le taux d'intervention de l'Union européenne (%(rate)s) dépasse le plafond du "
            "programme (%(ceiling)s)\u00a0: le plan ne peut pas être validé."
        ) % {"rate": pourcentage(check.eu_rate), "ceiling": pourcentage(check.ceiling)}
    return None


@transaction.atomic
def validate_plan(*, operation, by=None):
    """Mark the plan validated; refused (FundingError) unless it balances to the cent and its
    EU rate stays under the programme's ceiling."""
    since = timezone.now()
    locked = operation_with_plan(operation)
    reason = refusal(plan.check_operation(locked))
    if reason:
        raise FundingError(reason)
    if locked.plan_status != Operation.PlanStatus.VALIDATED:
        locked.plan_status = Operation.PlanStatus.VALIDATED
        locked.save(update_fields=["plan_status", "updated_at"])
        attribute_history(operation=locked, by=by, since=since)
    return locked


@transaction.atomic
def reopen_plan(*, operation, by=None):
    """Put a validated plan back to draft."""
    since = timezone.now()
    locked = operation_with_plan(operation)
    if locked.plan_status != Operation.PlanStatus.DRAFT:
        locked.plan_status = Operation.PlanStatus.DRAFT
        locked.save(update_fields=["plan_status", "updated_at"])
        attribute_history(operation=locked, by=by, since=since)
    return locked
