"""Where the request page's back link leads (issue 9, point 11): the office back to its
queue, with the filters it came with; everyone else to their requests."""

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from requests.views.queue import querystring


def back_link(request, *, is_office):
    """{url, label}. The queue's filters travel in `retour`, a query string that is parsed
    and re-encoded onto the queue's own path: never a URL taken from the request."""
    if not is_office:
        return {"url": reverse("requests:list"), "label": _("Mes demandes")}
    url = reverse("requests:queue")
    filters = querystring(QueryDict(request.GET.get("retour", "")))
    return {
        "url": f"{url}?{filters}" if filters else url,
        "label": _("Demandes à instruire"),
    }
