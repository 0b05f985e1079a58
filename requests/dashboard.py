"""The ANT panels of the home dashboard: one query each, five rows at most."""

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role
from accounts.permissions import academie_ids, district_ids
from requests import queries
from requests.models import State, TeamMember


def _request_item(ant):
    return {
        "label": f"{ant.reference} — {ant.title}",
        "hint": ant.get_state_display(),
        "url": ant.get_absolute_url(),
    }


def team_requests(user):
    # The user's own place in each team: an invited colleague is told to answer, not shown
    # a bare "Brouillon" (issue 9, point 11).
    mine = TeamMember.objects.filter(request=OuterRef("pk"), user=user).values("status")[:1]
    items = []
    for ant in queries.my_requests(user).annotate(my_status=Subquery(mine))[:5]:
        item = _request_item(ant)
        if ant.my_status == TeamMember.Status.INVITED:
            item["hint"] = _("Invitation à confirmer")
            item["label"] = _("%(label)s — répondez à l'invitation") % {"label": item["label"]}
        items.append(item)
    return items


def to_endorse(user):
    return [_request_item(ant) for ant in queries.awaiting_endorsement(user)[:5]]


def office_queue(user):
    # The kept counts: a dozen rows, however many requests the académies have.
    counts = queries.state_counts(academie_ids(user, Role.DAFOR))
    queue = reverse("requests:queue")
    return [
        {
            # The label first, then its count: "3 Visée par…" read as a broken sentence.
            "label": _("%(state)s : %(count)d")
            % {"count": counts.get(state, 0), "state": state.label},
            "url": f"{queue}?state={state.value}",
        }
        for state in (State.ENDORSED, State.UNDER_REVIEW, State.CORRECTIONS, State.DIAGNOSTIC)
        if counts.get(state)
    ]


def campaigns(user):
    """The office's campaigns, newest first, with their request counts."""
    return [
        {
            "label": campaign.title,
            "hint": ngettext("%(count)d demande", "%(count)d demandes", campaign.n_requests)
            % {"count": campaign.n_requests},
            "url": campaign.get_absolute_url(),
        }
        for campaign in queries.office_campaigns(academie_ids(user, Role.DAFOR))[:5]
    ]


def assignments(user):
    return [
        {
            "label": f"{a.request.reference} — {a.request.title}",
            "hint": a.get_status_display(),
            "url": a.request.get_absolute_url(),
        }
        for a in queries.trainer_assignments(user)[:5]
    ]


# --- opinions of the académie's services (issue 9, point 2) ---
def pending_opinions(user):
    """The opinions the person consulted has still to give, by due date, then those they gave,
    newest first: the panel says « apparaîtront ici » only to someone never asked."""
    from accounts import dates
    from requests.opinions import expert_opinions

    return [
        {
            "label": f"{o.request.reference} — {o.request.title}",
            "hint": (
                _("Avis rendu le %(day)s") % {"day": dates.letter_day(o.answered_at)}
                if o.is_answered
                else _("Réponse attendue le %(day)s") % {"day": dates.letter_day(o.due_on)}
            ),
            "url": o.get_absolute_url(),
        }
        for o in expert_opinions(user)[:5]
    ]


# --- head's mission orders (issue 9, point 4) ---
def mission_orders(user):
    """The school-scale ANT whose mission orders the head signs, each linking to its PDF."""
    return [
        {
            "label": f"{ant.reference} — {ant.title}",
            "hint": ant.get_state_display(),
            "url": reverse("requests:mission_orders", args=[ant.pk]),
        }
        for ant in queries.mission_order_requests(user)[:5]
    ]


# --- districts and the CLIF (issue 9, point 3) ---
def district_requests(user):
    """The newest requests of the CLIF's districts."""
    districts = district_ids(user, Role.CLIF)
    return [
        _request_item(ant)
        for ant in queries.visible_requests(user)
        .filter(Q(district_id__in=districts) | Q(coordinating_school__district_id__in=districts))
        .order_by("-created_at", "-pk")[:5]
    ]
