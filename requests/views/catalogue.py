"""The published catalogue of ANT themes, for everyone of the académie."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import academie_ids
from requests import queries
from requests.models import Theme


@require_GET
def catalogue(request):
    today = timezone.localdate()
    office = academie_ids(request.user, Role.DAFOR)
    campaigns_ = list(queries.catalogue_campaigns(request.user, today))
    for campaign in campaigns_:
        themes = list(campaign.themes.all())
        campaign.transversal = [t for t in themes if t.kind == Theme.Kind.TRANSVERSAL]
        campaign.disciplinary = [t for t in themes if t.kind == Theme.Kind.DISCIPLINAIRE]
        campaign.is_published = campaign.published_on <= today
        campaign.may_manage = campaign.academie_id in office
    return render(request, "requests/office/catalogue.html", {"campaigns": campaigns_})
