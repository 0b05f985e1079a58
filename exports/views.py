"""An export's page (status, progress, then the link) and its download: the owner's only,
anyone else gets a 404."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from exports.models import Export
from exports.writers import CONTENT_TYPES


def own_export(user, pk):
    return get_object_or_404(Export, pk=pk, owner=user)


@never_cache
@require_GET
def detail(request, pk):
    export = own_export(request.user, pk)
    return render(
        request,
        "exports/detail.html",
        {"export": export, "keep_days": settings.EXPORTS_KEEP_DAYS},
    )


@never_cache
@require_GET
def download(request, pk):
    export = own_export(request.user, pk)
    if export.status != Export.Status.DONE or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=CONTENT_TYPES.get(export.format, "application/octet-stream"),
    )
