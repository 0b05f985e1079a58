from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import queries, services


def inbox(request):
    page = Paginator(queries.inbox(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


def detail(request, pk):
    # Another user's message is a 404: it is looked up among the reader's own.
    message = get_object_or_404(queries.inbox(request.user).defer(None), pk=pk)
    services.mark_read(message=message)
    return render(request, "notifications/detail.html", {"message": message})


@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(count)d message(s) marqué(s) comme lu(s).") % {"count": count})
    return redirect("notifications:inbox")
