from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.health import health

admin.site.site_header = "Formations — administration technique"

urlpatterns = [
    path("", include("accounts.urls")),
    path("messages/", include("notifications.urls")),
    path("exports/", include("exports.urls")),
    path("", include("requests.urls")),
    path("programmes/", include("programmes.urls")),
    path("seances/", include("workshops.urls")),
    path("financements/", include("funding.urls")),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_REFERENCE_PAGE:
    from django.shortcuts import render

    def layout_reference(request):
        return render(request, "pages/reference.html")

    urlpatterns.append(path("_bench/reference/", layout_reference, name="bench_reference"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
