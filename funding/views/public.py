"""The public page of the supported projects (issue 12, point 6): every académie's public
operations with their dates, cost, EU aid and the fund's mention, as EU publicity rules
require. Nothing personal and no internal flag is shown; one query whatever the rows."""

from itertools import groupby

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from funding import queries
from funding.models import FundingLine, PortfolioPage

# « Aide FSE sollicitée »: the EU aid named by its lines' status.
EU_AID_LABELS = {
    FundingLine.Status.REQUESTED: gettext_lazy("Aide %(fund)s sollicitée"),
    FundingLine.Status.AGREED: gettext_lazy("Aide %(fund)s accordée"),
    FundingLine.Status.PAID: gettext_lazy("Aide %(fund)s versée"),
}


def eu_aid_label(operation):
    """« Aide FSE sollicitée », or with several statuses « Aide FSE (sollicitée, accordée) »;
    None when the plan has no EU line."""
    statuses = [
        status for status in FundingLine.Status.values if getattr(operation, f"eu_{status}")
    ]
    fund = operation.get_fund_display()
    if len(statuses) == 1:
        return EU_AID_LABELS[statuses[0]] % {"fund": fund}
    if not statuses:
        return None
    words = dict(FundingLine.Status.choices)
    return _("Aide %(fund)s (%(statuses)s)") % {
        "fund": fund,
        "statuses": ", ".join(str(words[status]).lower() for status in statuses),
    }


def _page_of(academie):
    try:
        return academie.funding_page
    except PortfolioPage.DoesNotExist:
        return None


@login_not_required
@require_GET
def portfolio_page(request):
    operations = queries.public_operations()
    groups = []
    for academie, items in groupby(operations, key=lambda operation: operation.academie):
        entries = [
            {
                "operation": operation,
                "mention": queries.fund_mention(operation),
                "eu_aid_label": eu_aid_label(operation),
            }
            for operation in items
        ]
        groups.append({"academie": academie, "page": _page_of(academie), "entries": entries})
    return render(request, "funding/public/page.html", {"groups": groups})
