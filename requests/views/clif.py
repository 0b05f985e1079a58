"""The CLIF's pages (issue 9, point 3): the requests of their district, and the host school
they propose for a district or réseau request.

The CLIF (correspondant local en ingénierie de formation) holds a role scoped to a district:
they see its requests (`queries.visible_requests` has their clause), coordinate district and
réseau requests for its schools (the create form), and propose the host school, which the
office confirms when it validates."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import District
from requests import permissions, queries, services
from requests.forms.clif import HostProposalForm
from requests.workflow import TransitionError

PAGE_SIZE = 20


@require_GET
def district_requests(request):
    """Every request of the CLIF's districts, drafts included, newest first."""
    districts = permissions.clif_districts(request.user)
    requests_qs = (
        queries.visible_requests(request.user)
        .filter(Q(district_id__in=districts) | Q(coordinating_school__district_id__in=districts))
        .select_related("coordinating_school", "coordinator", "district")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(requests_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "districts": District.objects.filter(pk__in=districts).order_by("name"),
        "page": page,
    }
    return render(request, "requests/clif/district_requests.html", context)


@require_POST
def propose_host_school(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.may_propose_host_school(request.user, ant):
        raise Http404
    form = HostProposalForm(request.POST, ant=ant)
    if not form.is_valid():
        for error in form.errors.get("school", []):
            messages.error(request, error)
        return redirect(ant)
    school = form.cleaned_data["school"]
    try:
        services.propose_host_school(ant=ant, school=school, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        if school is None:
            messages.success(request, _("La proposition d'établissement d'accueil est retirée."))
        else:
            messages.success(
                request,
                _("« %(school)s » est proposé comme établissement d'accueil.") % {"school": school},
            )
    return redirect(ant)
