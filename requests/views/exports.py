"""The office's exports of its queue, as CSV or XLSX, with the queue's filters."""

import csv
import io

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from requests.forms.queue import QueueFilter
from requests.permissions import office_academies
from requests.views.queue import queue_base

EXPORT_HEADERS = [
    gettext_lazy("Référence"),
    gettext_lazy("Intitulé du projet"),
    gettext_lazy("Campagne"),
    gettext_lazy("État"),
    gettext_lazy("Prioritaire (report)"),
    gettext_lazy("Échelle"),
    gettext_lazy("Établissement coordonnateur"),
    gettext_lazy("UAI"),
    gettext_lazy("District"),
    gettext_lazy("Thématique"),
    gettext_lazy("Coordonnateur"),
    gettext_lazy("Personnels concernés"),
    gettext_lazy("Transmise le"),
    gettext_lazy("Visée le"),
    gettext_lazy("Décidée le"),
]


def _local_date(value):
    return timezone.localtime(value).date() if value else None


def _export_rows(queryset):
    """One list per request, dates as `date` objects; streamed from the database."""
    for ant in queryset.select_related("coordinator").iterator(chunk_size=500):
        yield [
            ant.reference,
            ant.title,
            ant.campaign.school_year,
            ant.get_state_display(),
            _("oui") if ant.priority else _("non"),
            ant.get_scale_display(),
            ant.coordinating_school.name,
            ant.coordinating_school.uai,
            ant.district.name if ant.district_id else "",
            ant.theme_label,
            ant.coordinator.full_name,
            ant.public_count,
            _local_date(ant.submitted_at),
            _local_date(ant.endorsed_at),
            _local_date(ant.decided_at),
        ]


class _Echo:
    def write(self, value):
        return value


def _csv_stream(queryset):
    writer = csv.writer(_Echo(), delimiter=";")
    # The BOM lets spreadsheet software read the file as UTF-8.
    yield "\ufeff" + writer.writerow([str(h) for h in EXPORT_HEADERS])
    for row in _export_rows(queryset):
        yield writer.writerow(
            [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in row]
        )


@require_GET
def queue_export(request, fmt):
    academies = office_academies(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    queryset = QueueFilter(request.GET, queue_base(academies), academies=academies).qs
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="demandes-ant-{stamp}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Demandes d'ANT"))
    sheet.append([str(h) for h in EXPORT_HEADERS])
    for row in _export_rows(queryset):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="demandes-ant-{stamp}.xlsx"'
    return response
