"""The office's exports of its queue, as CSV or XLSX, with the queue's filters.

Up to EXPORT_SYNC_MAX_ROWS rows the file is the answer; beyond, it is produced in the
background (requests/exports.py, exports/) and the office follows it on the export's page."""

import tempfile

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from exports import writers
from requests import exports
from requests.permissions import office_academies


@require_GET
def queue_export(request, fmt):
    academies = office_academies(request.user)
    if fmt not in exports.QUEUE_FORMATS:
        raise Http404
    queryset = exports.queue_queryset(academies, request.GET)
    total = queryset.count()
    if total > settings.EXPORT_SYNC_MAX_ROWS:
        export = exports.start_queue_export(
            owner=request.user, fmt=fmt, params=request.GET, rows_total=total
        )
        return redirect(export)
    disposition = content_disposition_header(
        True, exports.queue_filename(fmt, timezone.localdate())
    )
    if fmt == "csv":
        rows = exports.queue_rows(queryset)
        return StreamingHttpResponse(
            writers.csv_lines(exports.QUEUE_HEADERS, rows),
            content_type=writers.CONTENT_TYPES["csv"],
            headers={"Content-Disposition": disposition},
        )
    # Written row by row to a temporary file; a few thousand rows at most come back whole.
    with tempfile.TemporaryFile() as out:
        exports.write_queue(out, fmt, queryset)
        out.seek(0)
        content = out.read()
    return HttpResponse(
        content,
        content_type=writers.CONTENT_TYPES["xlsx"],
        headers={"Content-Disposition": disposition},
    )
