from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.health import health

admin.site.site_header = "Formations — administration technique"

urlpatterns = [
    path("", include("accounts.urls")),
    path("messages/", include("notifications.urls")),
    path("", include("requests.urls")),
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
