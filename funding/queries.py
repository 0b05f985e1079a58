"""The portfolio's reads (issue 12, points 2 and 6): operations annotated with their plan's
figures in one query, the staff list's filters, what the public page shows, and the fund's
mention that EU publicity rules require.

The figures are subqueries over the plan's lines (their sum, the sum of the EU lines, their
count), so a list of any length is one query; the plan's state shown beside each row is
computed from those sums by `funding.plan` (the one place that says what balances), and the
same rule is written in SQL for the filter on the state.
"""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dsfr_crispy.layout import FilterFormMixin, Submit
from funding import plan
from funding.models import MONEY, Fund, FundingLine, Operation
from funding.plan import PlanState

AMOUNT = DecimalField(**MONEY)
ZERO = Value(0, output_field=AMOUNT)


def _lines_aggregate(aggregate, output_field, **filters):
    """A subquery giving, for the outer operation, `aggregate` over its lines (`filters`
    keeping some of them); grouped by operation, so it returns one row or none."""
    lines = (
        FundingLine.objects.filter(operation=OuterRef("pk"), **filters)
        .order_by()
        .values("operation")
        .annotate(value=aggregate)
        .values("value")
    )
    return Subquery(lines, output_field=output_field)


def with_plan_figures(queryset):
    """`queryset` with `lines_total`, `eu_aid` (sums, 0 without lines), `line_count` and
    `plan_state` (PlanState's values, as SQL computes them: the filter's column)."""
    no_plan = Q(total_eligible_cost__isnull=True) | Q(line_count=0)
    return queryset.annotate(
        lines_total=Coalesce(_lines_aggregate(Sum("amount"), AMOUNT), ZERO),
        eu_aid=Coalesce(
            _lines_aggregate(Sum("amount"), AMOUNT, resource=FundingLine.Resource.EU_AID), ZERO
        ),
        line_count=Coalesce(_lines_aggregate(Count("pk"), IntegerField()), 0),
    ).annotate(
        plan_state=Case(
            When(no_plan, then=Value(PlanState.INCOMPLETE)),
            When(lines_total=F("total_eligible_cost"), then=Value(PlanState.BALANCED)),
            default=Value(PlanState.UNBALANCED),
        )
    )


def plan_check(operation):
    """The plan's check of an operation annotated by `with_plan_figures` (its programme
    selected with it): no further query."""
    return plan.PlanCheck(
        total=operation.total_eligible_cost,
        lines_total=operation.lines_total.quantize(plan.CENT),
        eu_aid=operation.eu_aid.quantize(plan.CENT),
        line_count=operation.line_count,
        ceiling=operation.operational_programme.eu_rate_ceiling,
    )


def portfolio(operations):
    """The staff's portfolio rows from `operations` (already limited to the reader's
    académies): what the list and the export show, in one query."""
    return with_plan_figures(
        operations.select_related("academie", "operational_programme", "objective")
    ).order_by("-starts_on", "name", "pk")


# --- the staff list's filters ----------------------------------------------------------------
# `tri` values → ordering. A fixed whitelist: nothing from the query string reaches order_by.
SORTS = {
    "nom": ("name", "pk"),
    "-nom": ("-name", "-pk"),
    "debut": ("starts_on", "name", "pk"),
    "-debut": ("-starts_on", "name", "pk"),
    "cout": (F("total_eligible_cost").asc(nulls_last=True), "name", "pk"),
    "-cout": (F("total_eligible_cost").desc(nulls_last=True), "name", "pk"),
}
SORT_CHOICES = [
    ("-debut", _("Début (plus récentes d'abord)")),
    ("debut", _("Début (plus anciennes d'abord)")),
    ("nom", _("Nom (A à Z)")),
    ("-nom", _("Nom (Z à A)")),
    ("-cout", _("Coût total éligible (décroissant)")),
    ("cout", _("Coût total éligible (croissant)")),
]
PLAN_STATE_CHOICES = [
    (PlanState.BALANCED, _("Équilibré")),
    (PlanState.INCOMPLETE, _("Incomplet")),
    (PlanState.UNBALANCED, _("Déséquilibré")),
]


class PortfolioFilterForm(forms.Form):
    """The filters side by side, sent by GET (no CSRF token in the query string)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "filtres"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                *[Div(name, css_class="fr-col-12 fr-col-md-4") for name in self.fields],
                css_class="fr-grid-row fr-grid-row--gutters",
            )
        )
        self.helper.add_input(Submit("filtrer", _("Filtrer"), secondary=True))


class PortfolioFilter(FilterFormMixin, django_filters.FilterSet):
    """The staff list's filters, used by its export too: words of the name or acronym,
    status, fund, plan state (in SQL, from the annotations), sorting."""

    q = django_filters.CharFilter(label=_("Nom ou acronyme"), method="filter_words")
    status = django_filters.ChoiceFilter(
        label=_("État"), choices=lambda: Operation.Status.choices, empty_label=_("Tous")
    )
    fund = django_filters.ChoiceFilter(
        label=_("Fonds"), choices=lambda: Fund.choices, empty_label=_("Tous")
    )
    plan = django_filters.ChoiceFilter(
        label=_("Plan de financement"),
        field_name="plan_state",
        choices=lambda: PLAN_STATE_CHOICES,
        empty_label=_("Tous"),
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=lambda: SORT_CHOICES, method="sort", empty_label=None
    )

    class Meta:
        model = Operation
        fields = []
        form = PortfolioFilterForm

    def filter_words(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(acronym__icontains=value)
            | Q(acronym_expansion__icontains=value)
        )

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])


# --- the public page -------------------------------------------------------------------------
def public_operations():
    """Every académie's public operations with what the public page shows (their EU aid and
    the statuses of its lines), grouped by académie (its page selected with it): one query."""
    eu_lines = {"resource": FundingLine.Resource.EU_AID}
    return (
        Operation.objects.filter(is_public=True)
        .select_related("academie", "academie__funding_page", "operational_programme")
        .annotate(
            eu_aid=Coalesce(_lines_aggregate(Sum("amount"), AMOUNT, **eu_lines), ZERO),
            # How many EU lines have each status (portable SQL: SQLite has no arrays).
            **{
                f"eu_{status}": Coalesce(
                    _lines_aggregate(Count("pk"), IntegerField(), status=status, **eu_lines), 0
                )
                for status in FundingLine.Status.values
            },
        )
        .order_by("academie__name", "academie_id", "-starts_on", "name", "pk")
    )


# --- EU publicity ----------------------------------------------------------------------------
FUND_MENTIONS = {
    Fund.FSE: _("Projet cofinancé par le Fonds social européen (FSE)"),
    Fund.FEDER: _("Projet cofinancé par le Fonds européen de développement régional (FEDER)"),
    Fund.FSE_FEDER: _(
        "Projet cofinancé par le Fonds social européen (FSE) et le Fonds européen de "
        "développement régional (FEDER)"
    ),
}
EU_MENTION = _("Cofinancé par l'Union européenne")


def fund_mention(operation):
    """The mention the operation's documents carry: the fund's name for 2014-2020, « Cofinancé
    par l'Union européenne » for 2021-2027 (FSE+)."""
    period = operation.operational_programme.period
    if operation.fund == Fund.FSE_PLUS or period >= "2021":
        return EU_MENTION
    return FUND_MENTIONS[operation.fund]
