"""Who may see and act on an ANT request: named predicates over accounts' scoping helpers.

A request is seen by its team (invited or confirmed), the heads of the schools concerned, the
EAFC/DAFOR staff of its académie and the trainers assigned to it; anyone else gets a 404.
"""

from accounts.models import Role
from accounts.permissions import academie_ids, etablissement_ids, has_role_in_academie
from requests.models import State

EDITABLE_STATES = (State.DRAFT, State.RETURNED, State.CORRECTIONS)
MISSION_ORDER_STATES = (State.VALIDATED, State.IN_PROGRESS, State.COMPLETED)


def _member_status(user, request):
    cache = getattr(request, "_member_statuses", None)
    if cache is None:
        cache = {m.user_id: m.status for m in request.members.all()}
        request._member_statuses = cache
    return cache.get(user.pk)


def is_coordinator(user, request):
    return user.is_authenticated and request.coordinator_id == user.pk


def is_member(user, request):
    return user.is_authenticated and _member_status(user, request) in ("invited", "confirmed")


def is_confirmed_member(user, request):
    return user.is_authenticated and _member_status(user, request) == "confirmed"


def is_coordinating_head(user, request):
    return request.coordinating_school_id in etablissement_ids(user, Role.CHEF_ETABLISSEMENT)


def is_concerned_head(user, request):
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    if not heads_of:
        return False
    if request.coordinating_school_id in heads_of:
        return True
    return any(school.pk in heads_of for school in request.schools.all())


def is_office(user, request):
    return has_role_in_academie(user, request.academie_id, Role.DAFOR)


def _assignment_status(user, request):
    return {a.status for a in request.assignments.all() if a.trainer_id == user.pk}


def is_accepted_trainer(user, request):
    return user.is_authenticated and "accepted" in _assignment_status(user, request)


def is_assigned_trainer(user, request):
    return user.is_authenticated and bool(_assignment_status(user, request) - {"declined"})


def may_see(user, request):
    return (
        is_office(user, request)
        or is_member(user, request)
        or is_concerned_head(user, request)
        or is_assigned_trainer(user, request)
    )


def may_edit(user, request):
    return request.state in EDITABLE_STATES and is_confirmed_member(user, request)


def may_manage_team(user, request):
    return request.state in EDITABLE_STATES and is_coordinator(user, request)


def may_cancel(user, request):
    if is_office(user, request):
        return True
    return is_coordinator(user, request) and request.state in (
        State.DRAFT,
        State.SUBMITTED,
        State.RETURNED,
    )


def may_post_to_thread(user, request):
    return is_office(user, request) or is_member(user, request) or is_concerned_head(user, request)


def may_issue_mission_orders(user, request):
    return request.state in MISSION_ORDER_STATES and is_concerned_head(user, request)


def is_office_staff(user, academie_id=None):
    """For the office's pages: EAFC/DAFOR staff (of a given académie, if named)."""
    ids = academie_ids(user, Role.DAFOR)
    return bool(ids) if academie_id is None else academie_id in ids
