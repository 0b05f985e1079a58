"""An operation's project sheet as a PDF (WeasyPrint, as the programmes' portfolios are
made): its facts, financial plan and rate, objectives, actions with their objectives,
consortium, and the fund's mention EU publicity requires. Reads and rendering only."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from accounts import dates
from funding import plan, queries
from funding.models import Action, ConsortiumMember, Operation

# The carrier first, then the partners, then those associated during the project.
ROLE_ORDER = {role: index for index, role in enumerate(ConsortiumMember.Role.values)}


def sheet_queryset():
    """Operations with everything the sheet shows, in a fixed number of queries."""
    return Operation.objects.select_related(
        "academie", "operational_programme", "objective", "predecessor"
    ).prefetch_related(
        "lines",
        "objectives",
        Prefetch("actions", queryset=Action.objects.prefetch_related("objectives")),
        Prefetch(
            "members",
            queryset=ConsortiumMember.objects.select_related("partner").order_by(
                "partner__name", "pk"
            ),
        ),
    )


def sheet_html(*, operation, issued_on=None):
    return render_to_string(
        "funding/portfolio/sheet_pdf.html",
        {
            "operation": operation,
            "check": plan.check_operation(operation),
            "lines": list(operation.lines.all()),
            "objectives": list(operation.objectives.all()),
            "actions": list(operation.actions.all()),
            "members": sorted(operation.members.all(), key=lambda m: ROLE_ORDER[m.role]),
            "mention": queries.fund_mention(operation),
            "issued_on": dates.letter_day(issued_on or timezone.localdate()),
        },
    )


def sheet_pdf(*, operation, base_url, issued_on=None):
    """The PDF bytes of the operation's sheet (`operation` read through `sheet_queryset`)."""
    from weasyprint import HTML

    html = sheet_html(operation=operation, issued_on=issued_on)
    return HTML(string=html, base_url=base_url).write_pdf()


def sheet_filename(operation):
    return f"fiche-{operation.slug}.pdf"
