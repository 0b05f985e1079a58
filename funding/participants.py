"""Following an operation (issue 12, points 3 and 4): its aggregated indicators, the
individual participants a fund may demand, and the deliverables of its actions.

Indicators are counts per period, for the operation or one of its actions, with no one's
personal data: what DOMAIN.md asks by default. Individual participants are kept only where a
fund demands them, by a reference and the fund's categories (never a name), for the
administrators only, and erased at their `retain_until` date by `purge_expired`, run daily by
Celery beat (`funding.tasks.purge_participants`). `FundParticipant` has no history: once the
row is deleted, nothing of it remains.

Every write is a keyword-only function taking instances, in one transaction, that checks the
author may edit the operation and raises `FollowUpError` (a French message) when the database
state forbids the change; the forms check the input first.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import FundParticipant, IndicatorValue, Operation
from funding.permissions import may_edit


class FollowUpError(Exception):
    """A change the operation's state forbids; its message is French, for the user."""


def _locked_operation(operation, by):
    """The operation locked for the change (two administrators saving at once are done one
    after the other), after checking that `by` may edit it."""
    locked = Operation.objects.select_for_update().get(pk=operation.pk)
    if not may_edit(by, locked):
        raise FollowUpError(_("Vous ne pouvez pas modifier cette opération."))
    return locked


def _check_action(operation, action):
    if action is not None and action.operation_id != operation.pk:
        raise FollowUpError(_("Cette action n'appartient pas à l'opération."))


# Indicators -------------------------------------------------------------------------------
def indicator_exists(*, operation, action, indicator, period_start, exclude_pk=None):
    """Whether the operation already has a count for this indicator, action and period start
    (the database's unique constraint does not apply to the operation's own counts, whose
    action is empty: PostgreSQL treats empty values as distinct)."""
    values = IndicatorValue.objects.filter(
        operation=operation, action=action, indicator=indicator, period_start=period_start
    )
    if exclude_pk is not None:
        values = values.exclude(pk=exclude_pk)
    return values.exists()


@transaction.atomic
def save_indicator(*, value, by):
    """Add or correct an aggregated count (`value` carries its operation)."""
    operation = _locked_operation(value.operation, by)
    _check_action(operation, value.action)
    if value.period_end < value.period_start:
        raise FollowUpError(_("La fin de la période ne peut pas précéder son début."))
    if value.women < 0 or value.men < 0:
        raise FollowUpError(_("Les effectifs ne peuvent pas être négatifs."))
    if indicator_exists(
        operation=operation,
        action=value.action,
        indicator=value.indicator,
        period_start=value.period_start,
        exclude_pk=value.pk,
    ):
        raise FollowUpError(
            _("Cet indicateur a déjà une valeur pour cette action et ce début de période.")
        )
    value.save()
    return value


@transaction.atomic
def delete_indicator(*, value, by):
    _locked_operation(value.operation, by)
    value.delete()


# Individual participants ------------------------------------------------------------------
def default_retain_until(operation):
    """The erasure date proposed for a participant: the operation's end plus the audit's
    retention years (setting FUNDING_PARTICIPANT_RETENTION_YEARS), a 29 February becoming the
    28th in a year that has none."""
    years = settings.FUNDING_PARTICIPANT_RETENTION_YEARS
    end = operation.ends_on
    try:
        return end.replace(year=end.year + years)
    except ValueError:
        return end.replace(year=end.year + years, day=28)


def participant_date_problem(*, entered_on, left_on, retain_until):
    """The French message for dates that do not hold together, or ""."""
    if left_on is not None and left_on < entered_on:
        return _("La sortie ne peut pas précéder l'entrée.")
    last = left_on or entered_on
    if retain_until <= last:
        return _("La date d'effacement doit suivre la date de sortie, ou d'entrée à défaut.")
    return ""


@transaction.atomic
def save_participant(*, participant, by):
    """Add or correct a participant followed individually (`participant` carries its
    operation); the author is kept on a new one."""
    operation = _locked_operation(participant.operation, by)
    _check_action(operation, participant.action)
    problem = participant_date_problem(
        entered_on=participant.entered_on,
        left_on=participant.left_on,
        retain_until=participant.retain_until,
    )
    if problem:
        raise FollowUpError(problem)
    others = FundParticipant.objects.filter(operation=operation, reference=participant.reference)
    if participant.pk is not None:
        others = others.exclude(pk=participant.pk)
    if others.exists():
        raise FollowUpError(_("Un participant de l'opération a déjà cette référence."))
    if participant.pk is None:
        participant.recorded_by = by
    participant.save()
    return participant


@transaction.atomic
def delete_participant(*, participant, by):
    _locked_operation(participant.operation, by)
    participant.delete()


def purge_expired(today=None):
    """Delete every participant whose erasure date has passed (`retain_until` before
    `today`, the local date by default) and return how many went. The model has no history:
    nothing of them remains."""
    today = today or timezone.localdate()
    if isinstance(today, datetime.datetime):
        today = today.date()
    __, per_model = FundParticipant.objects.filter(retain_until__lt=today).delete()
    return per_model.get("funding.FundParticipant", 0)


# Deliverables -----------------------------------------------------------------------------
@transaction.atomic
def save_deliverable(*, deliverable, by):
    """Add or correct a deliverable of an action."""
    _locked_operation(deliverable.action.operation, by)
    deliverable.save()
    return deliverable


@transaction.atomic
def delete_deliverable(*, deliverable, by):
    _locked_operation(deliverable.action.operation, by)
    deliverable.delete()
