"""The staff's portfolio (issue 12, point 6): the list of the académie's operations with their
plan's figures and flags, its XLSX export, an operation's project sheet as a PDF.

Readers of the académie (administrators, DAFOR, SAIO, IEN) see them; everyone else gets a 404
(funding/permissions.py). Nothing here writes to the database."""

import tempfile

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from exports import writers
from funding import exports, pdf, permissions, queries
from funding.plan import PlanState

PAGE_SIZE = 25
# The plan's state as the list flags it: its word and its DSFR badge.
FLAGS = {
    PlanState.BALANCED: (gettext_lazy("Équilibré"), "fr-badge--success"),
    PlanState.INCOMPLETE: (gettext_lazy("Incomplet"), "fr-badge--info"),
    PlanState.UNBALANCED: (gettext_lazy("Déséquilibré"), "fr-badge--error"),
}


def _query_prefix(request):
    query = request.GET.copy()
    query.pop("page", None)
    return f"{query.urlencode()}&" if query else ""


def _export_query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
def operation_list(request):
    """One row per operation with its figures and the plan's flags: one query for the rows
    (and one for their count), whatever their number."""
    academies = permissions.readable_academies(request.user)
    if not academies:
        raise Http404
    filters = queries.PortfolioFilter(
        request.GET or None,
        queryset=queries.portfolio(permissions.readable_operations(request.user)),
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for operation in page.object_list:
        check = queries.plan_check(operation)
        label, badge = FLAGS[check.state]
        rows.append({"operation": operation, "check": check, "flag": label, "badge": badge})
    return render(
        request,
        "funding/portfolio/list.html",
        {
            "filter": filters,
            "page": page,
            "rows": rows,
            "query_prefix": _query_prefix(request),
            "export_query": _export_query(request),
            "several_academies": len(academies) > 1,
            "may_create": bool(permissions.editable_academies(request.user)),
        },
    )


@require_GET
def operation_export(request):
    """The list (with its filters) as XLSX; a long one is made in the background."""
    operations = exports.portfolio_queryset(request.user, request.GET)
    total = operations.count()
    if total > settings.EXPORT_SYNC_MAX_ROWS:
        export = exports.start_portfolio_export(
            owner=request.user, params=request.GET, rows_total=total
        )
        return redirect(export)
    filename = exports.portfolio_filename(timezone.localdate())
    with tempfile.TemporaryFile() as out:
        exports.write_portfolio(out, exports.portfolio_rows(operations))
        out.seek(0)
        content = out.read()
    return HttpResponse(
        content,
        content_type=writers.CONTENT_TYPES["xlsx"],
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


@require_GET
def operation_sheet(request, pk):
    operation = permissions.operation_for_reader_or_404(
        request.user, pk, queryset=pdf.sheet_queryset()
    )
    content = pdf.sheet_pdf(operation=operation, base_url=request.build_absolute_uri("/"))
    return HttpResponse(
        content,
        content_type=writers.CONTENT_TYPES["pdf"],
        headers={
            "Content-Disposition": content_disposition_header(True, pdf.sheet_filename(operation))
        },
    )
