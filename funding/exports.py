"""The portfolio as an XLSX workbook (issue 12, point 6): the staff list's rows with its
filters, one row per operation, the amounts as numbers in euros.

As programmes/exports.py does, a list of up to EXPORT_SYNC_MAX_ROWS operations is the
answer to the request; a longer one is produced in the background (the exports app), its rows
read again with the owner's rights of that moment."""

from django.http import Http404, QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from exports import registry, writers
from exports.services import start_export
from funding import permissions, queries

PORTFOLIO_KIND = "funding_portfolio"
EURO_FORMAT = '#,##0.00\\ "€"'  # shown « 1 002 909,90 € » by a French spreadsheet
PERCENT_FORMAT = "0.00"
DATE_FORMAT = "DD/MM/YYYY"

PORTFOLIO_HEADERS = [
    gettext_lazy("Académie"),
    gettext_lazy("Opération"),
    gettext_lazy("Acronyme"),
    gettext_lazy("Fonds"),
    gettext_lazy("Programme opérationnel"),
    gettext_lazy("Objectif spécifique ou axe prioritaire"),
    gettext_lazy("Début"),
    gettext_lazy("Fin"),
    gettext_lazy("État"),
    gettext_lazy("Coût total éligible (€)"),
    gettext_lazy("Total des ressources (€)"),
    gettext_lazy("Aide de l'UE (€)"),
    gettext_lazy("Taux d'intervention de l'UE (%)"),
    gettext_lazy("Équilibre du plan"),
    gettext_lazy("Au-dessus du plafond"),
    gettext_lazy("Plan de financement"),
]


def portfolio_queryset(user, params):
    """The staff list's rows for `user` with the filters of `params` (a QueryDict), read with
    the user's rights of this moment: Http404 if they read no académie's operations."""
    if not permissions.readable_academies(user):
        raise Http404
    operations = queries.portfolio(permissions.readable_operations(user))
    return queries.PortfolioFilter(params, queryset=operations).qs


def portfolio_rows(operations):
    """One list of plain values per operation, in PORTFOLIO_HEADERS order: amounts as
    Decimals, dates as dates, a missing figure as None."""
    yes, no = _("oui"), _("non")
    for operation in operations.iterator(chunk_size=500):
        check = queries.plan_check(operation)
        yield [
            operation.academie.name,
            operation.name,
            operation.acronym,
            operation.get_fund_display(),
            operation.operational_programme.name,
            operation.objective.code,
            operation.starts_on,
            operation.ends_on,
            operation.get_status_display(),
            check.total,
            check.lines_total,
            check.eu_aid,
            check.eu_rate,
            str(check.label),
            yes if check.over_ceiling else no,
            operation.get_plan_status_display(),
        ]


# Column (0-based) → number format of its cells.
FORMATS = {
    6: DATE_FORMAT,
    7: DATE_FORMAT,
    9: EURO_FORMAT,
    10: EURO_FORMAT,
    11: EURO_FORMAT,
    12: PERCENT_FORMAT,
}


def write_portfolio(out, rows, progress=None):
    """Write the one-sheet workbook into the binary file `out` (openpyxl's write-only mode,
    text through exports.writers: no formula comes out of a typed name)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Opérations cofinancées")[:31])
    sheet.append([writers.xlsx_value(sheet, str(header)) for header in PORTFOLIO_HEADERS])
    done = 0
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if index in FORMATS and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = FORMATS[index]
                cells.append(cell)
            else:
                cells.append(writers.xlsx_value(sheet, value))
        sheet.append(cells)
        done += 1
        if progress and done % writers.PROGRESS_EVERY == 0:
            progress(done)
    workbook.save(out)
    if progress:
        progress(done)


def portfolio_filename(day):
    return f"operations-cofinancees-{day:%Y%m%d}.xlsx"


def start_portfolio_export(*, owner, params, rows_total):
    count = formats.number_format(rows_total, force_grouping=True)
    return start_export(
        owner=owner,
        kind=PORTFOLIO_KIND,
        label=ngettext(
            "Opérations cofinancées — %(count)s opération (XLSX)",
            "Opérations cofinancées — %(count)s opérations (XLSX)",
            rows_total,
        )
        % {"count": count},
        format="xlsx",
        params={"filters": dict(params.lists())},
        rows_total=rows_total,
    )


@registry.register(PORTFOLIO_KIND)
def produce_portfolio(export, out, progress):
    params = QueryDict(mutable=True)
    for key, values in export.params.get("filters", {}).items():
        params.setlist(key, values)
    # Http404 when the owner no longer reads any académie's operations: the export fails.
    operations = portfolio_queryset(export.owner, params)
    write_portfolio(out, portfolio_rows(operations), progress)
    return portfolio_filename(timezone.localdate(export.created_at))
