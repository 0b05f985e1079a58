"""Who may see and act on an ANT request: named predicates over accounts' scoping helpers.

Who may see a request at all is one rule, in SQL: `queries.visible_requests` (its team, the
heads of the schools concerned, the EAFC/DAFOR staff of its académie, the trainers assigned to
it); anyone else gets a 404. The predicates here decide what those who see it may do.
"""

from django.http import Http404

from accounts.models import Role
from accounts.permissions import academie_ids, etablissement_ids, has_role_in_academie
from requests.models import State

EDITABLE_STATES = (State.DRAFT, State.RETURNED, State.CORRECTIONS)
MISSION_ORDER_STATES = (State.VALIDATED, State.IN_PROGRESS, State.COMPLETED)
# Trainers are proposed during instruction and diagnostic, and once validated.
ASSIGNMENT_STATES = (State.UNDER_REVIEW, State.DIAGNOSTIC, State.VALIDATED)


def _member_status(user, ant):
    # The members are prefetched on the request page: no query.
    return next((m.status for m in ant.members.all() if m.user_id == user.pk), None)


def is_coordinator(user, ant):
    return user.is_authenticated and ant.coordinator_id == user.pk


def is_member(user, ant):
    return user.is_authenticated and _member_status(user, ant) in ("invited", "confirmed")


def is_confirmed_member(user, ant):
    return user.is_authenticated and _member_status(user, ant) == "confirmed"


def is_coordinating_head(user, ant):
    return ant.coordinating_school_id in etablissement_ids(user, Role.CHEF_ETABLISSEMENT)


def is_concerned_head(user, ant):
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    if not heads_of:
        return False
    if ant.coordinating_school_id in heads_of:
        return True
    return any(school.pk in heads_of for school in ant.schools.all())


def is_office(user, ant):
    return has_role_in_academie(user, ant.academie_id, Role.DAFOR)


def _assignment_status(user, ant):
    return {a.status for a in ant.assignments.all() if a.trainer_id == user.pk}


def is_accepted_trainer(user, ant):
    return user.is_authenticated and "accepted" in _assignment_status(user, ant)


def is_assigned_trainer(user, ant):
    return user.is_authenticated and bool(_assignment_status(user, ant) - {"declined"})


def may_edit(user, ant):
    return ant.state in EDITABLE_STATES and is_confirmed_member(user, ant)


def may_manage_team(user, ant):
    return ant.state in EDITABLE_STATES and is_coordinator(user, ant)


def may_cancel(user, ant):
    if is_office(user, ant):
        return True
    return is_coordinator(user, ant) and ant.state in (
        State.DRAFT,
        State.SUBMITTED,
        State.RETURNED,
    )


def may_post_to_thread(user, ant):
    return is_office(user, ant) or is_member(user, ant) or is_concerned_head(user, ant)


def may_issue_mission_orders(user, ant):
    return ant.state in MISSION_ORDER_STATES and is_concerned_head(user, ant)


def office_academies(user):
    """The académies where `user` is EAFC/DAFOR staff, for the office's pages; a 404 for
    everyone else (the pages do not exist for them)."""
    ids = academie_ids(user, Role.DAFOR)
    if not ids:
        raise Http404
    return ids


def may_assign_trainers(ant):
    """Whether trainers may be proposed for `ant` now (instruction, diagnostic, validated)."""
    return ant.state in ASSIGNMENT_STATES
