"""The plan's checks (issue 12, point 2): balance to the cent, the EU rate, the ceiling."""

from decimal import Decimal

from funding import plan
from funding.plan import PlanState


def test_numavenir_balances_at_59_97_percent():
    check = plan.check(
        Decimal("1002909.90"),
        [("eu_aid", Decimal("601409.90")), ("valorisation", Decimal("401500.00"))],
        Decimal("60"),
    )
    assert check.state == PlanState.BALANCED
    assert check.eu_rate == Decimal("59.97")
    assert not check.over_ceiling


def test_planete_balances_at_59_29_percent():
    check = plan.check(
        Decimal("4809825"),
        [
            ("eu_aid", Decimal("2851925")),
            ("regional_aid", Decimal("50000")),
            ("valorisation_self", Decimal("1907900")),
        ],
    )
    assert (check.state, check.eu_rate) == (PlanState.BALANCED, Decimal("59.29"))


def test_a_total_without_lines_is_incomplete_not_unbalanced():
    check = plan.check(Decimal("527500.00"), [])
    assert check.state == PlanState.INCOMPLETE
    assert check.eu_rate is None


def test_tenths_add_up_exactly_and_one_cent_off_is_unbalanced():
    assert plan.check(Decimal("0.3"), [("eu_aid", "0.1"), ("self_funding", "0.2")]).balanced
    off = plan.check(Decimal("0.31"), [("eu_aid", "0.1"), ("self_funding", "0.2")])
    assert off.state == PlanState.UNBALANCED
    assert off.difference == Decimal("-0.01")


def test_a_rate_above_the_ceiling_is_flagged():
    check = plan.check(Decimal("100"), [("eu_aid", "60.01"), ("self_funding", "39.99")], 60)
    assert check.over_ceiling


def test_action_shares_may_reach_the_total_but_not_exceed_it():
    assert plan.budget_shares_excess(Decimal("100"), [Decimal("60"), Decimal("40"), None]) is None
    assert plan.budget_shares_excess(Decimal("100"), [Decimal("60"), Decimal("40.01")]) == Decimal(
        "0.01"
    )
    assert plan.budget_shares_excess(None, [Decimal("1")]) is None
