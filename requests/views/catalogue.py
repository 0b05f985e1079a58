"""The published catalogue of ANT themes, for everyone of the académie."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import academie_ids, etablissement_ids
from accounts.submissions import SubmissionTokenForm
from requests import queries
from requests.models import CampaignBroadcast, Theme
from requests.views.campaign_rules import already_sent_text


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
    _add_broadcasts(request.user, campaigns_, today)
    return render(request, "requests/office/catalogue.html", {"campaigns": campaigns_})


# --- the head informs their staff (issue 9, point 4) ---
def _add_broadcasts(user, campaigns_, today):
    """For a head of school: on each published campaign still running, each of their schools
    of its académie with its broadcast if sent, else a form with a one-time token (one query
    for the broadcasts, whatever the campaigns)."""
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    for campaign in campaigns_:
        campaign.head_schools = []
    if not heads_of:
        return
    schools = [m.etablissement for m in user.memberships if m.etablissement_id in heads_of]
    sent = {
        (b.campaign_id, b.school_id): b
        for b in CampaignBroadcast.objects.filter(
            campaign__in=[c.pk for c in campaigns_], school_id__in=heads_of
        ).select_related("sent_by", "school")
    }
    for campaign in campaigns_:
        if not campaign.is_published or campaign.is_over_on(today):
            continue
        for school in sorted(
            {s.pk: s for s in schools if s.academie_id == campaign.academie_id}.values(),
            key=lambda s: s.name,
        ):
            broadcast = sent.get((campaign.pk, school.pk))
            campaign.head_schools.append(
                {
                    "school": school,
                    "sent": already_sent_text(broadcast) if broadcast else "",
                    "form": None if broadcast else SubmissionTokenForm(auto_id=False),
                }
            )
