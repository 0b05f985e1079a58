"""The ANT panels of the home dashboard: one query each, five rows at most."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import academie_ids
from requests import queries
from requests.models import State


def _request_item(ant):
    return {
        "label": f"{ant.reference} — {ant.title}",
        "hint": ant.get_state_display(),
        "url": ant.get_absolute_url(),
    }


def team_requests(user):
    return [_request_item(ant) for ant in queries.my_requests(user)[:5]]


def to_endorse(user):
    return [_request_item(ant) for ant in queries.awaiting_endorsement(user)[:5]]


def office_queue(user):
    # The kept counts: a dozen rows, however many requests the académies have.
    counts = queries.state_counts(academie_ids(user, Role.DAFOR))
    queue = reverse("requests:queue")
    return [
        {
            "label": _("%(count)d %(state)s")
            % {"count": counts.get(state, 0), "state": state.label},
            "url": f"{queue}?state={state.value}",
        }
        for state in (State.ENDORSED, State.UNDER_REVIEW, State.CORRECTIONS, State.DIAGNOSTIC)
        if counts.get(state)
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
