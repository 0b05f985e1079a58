"""The financial plan's checks (issue 12, point 2): one place says whether a plan balances,
what the EU intervention rate is and whether it stays under the programme's ceiling.

Amounts are exact decimals (never floats): the plan balances when its lines add up to the
total eligible cost to the cent. A plan with a stated total and no line (NOVA) is
incomplete, not wrong; a plan whose lines do not add up is unbalanced: it can be saved as a
draft, is flagged on the record and in the lists, and cannot be validated.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


class PlanState:
    BALANCED = "balanced"
    INCOMPLETE = "incomplete"
    UNBALANCED = "unbalanced"


LABELS = {
    PlanState.BALANCED: _("Plan équilibré"),
    PlanState.INCOMPLETE: _("Plan incomplet"),
    PlanState.UNBALANCED: _("Plan déséquilibré"),
}


@dataclass(frozen=True)
class PlanCheck:
    total: Decimal | None  # the stated total eligible cost
    lines_total: Decimal  # the sum of the lines
    eu_aid: Decimal  # the sum of the EU aid lines
    line_count: int
    ceiling: Decimal | None  # the programme's ceiling, in percent

    @property
    def state(self):
        if self.total is None or self.line_count == 0:
            return PlanState.INCOMPLETE
        return PlanState.BALANCED if self.difference == 0 else PlanState.UNBALANCED

    @property
    def label(self):
        return LABELS[self.state]

    @property
    def balanced(self):
        return self.state == PlanState.BALANCED

    @property
    def difference(self):
        """Lines minus the stated total (positive: the lines exceed it), to the cent."""
        if self.total is None:
            return None
        return (self.lines_total - self.total).quantize(CENT)

    @property
    def eu_rate(self):
        """EU aid over the total eligible cost, in percent, rounded half up to two decimals
        (59,97 for Numavenir); None without a total or an EU line."""
        if not self.total or not self.eu_aid:
            return None
        return (self.eu_aid * 100 / self.total).quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def over_ceiling(self):
        rate = self.eu_rate
        return rate is not None and self.ceiling is not None and rate > self.ceiling


def check(total, lines, ceiling=None):
    """The check of a plan: `total` the stated total eligible cost (or None), `lines` pairs of
    (resource, amount) with amounts as Decimals, `ceiling` the programme's ceiling in
    percent."""
    from funding.models import FundingLine

    amounts = [(resource, Decimal(amount)) for resource, amount in lines]
    return PlanCheck(
        total=None if total is None else Decimal(total),
        lines_total=sum((amount for _, amount in amounts), Decimal(0)).quantize(CENT),
        eu_aid=sum(
            (amount for resource, amount in amounts if resource == FundingLine.Resource.EU_AID),
            Decimal(0),
        ).quantize(CENT),
        line_count=len(amounts),
        ceiling=ceiling,
    )


def check_operation(operation):
    """The check of a saved operation's plan (its lines read in one query, or from a
    prefetched `lines`)."""
    return check(
        operation.total_eligible_cost,
        [(line.resource, line.amount) for line in operation.lines.all()],
        operation.operational_programme.eu_rate_ceiling,
    )


def budget_shares_excess(total, shares):
    """How much the actions' budget shares exceed the total eligible cost (a positive Decimal),
    or None when they do not (or there is no total to compare with)."""
    if total is None:
        return None
    given = sum((Decimal(share) for share in shares if share is not None), Decimal(0))
    excess = (given - Decimal(total)).quantize(CENT)
    return excess if excess > 0 else None
