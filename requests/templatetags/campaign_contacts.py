"""The contacts of the campaigns running in the user's académies, for the ANT guide (issue 9,
point 8): « Pour toute information, vous pouvez joindre… »."""

from django import template
from django.db.models import Q
from django.utils import timezone

from accounts.permissions import academie_ids
from requests.models import Campaign

register = template.Library()


@register.simple_tag
def running_campaign_contacts(user):
    """The published campaigns of the user's académies that have not ended and name a
    contact, newest first (one query)."""
    today = timezone.localdate()
    campaigns = (
        Campaign.objects.filter(academie_id__in=academie_ids(user), published_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .exclude(contact_name="")
        .order_by("-school_year", "pk")
    )
    return [c for c in campaigns if not c.is_over_on(today)]
