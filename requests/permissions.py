"""Who may see and act on an ANT request: named predicates over accounts' scoping helpers.

Who may see a request at all is one rule, in SQL: `queries.visible_requests` (its team, the
heads of the schools concerned, the EAFC/DAFOR staff of its académie, the trainers assigned to
it); anyone else gets a 404. The predicates here decide what those who see it may do.
"""

from django.http import Http404

from accounts.models import Role
from accounts.permissions import (
    academie_ids,
    district_ids,
    etablissement_ids,
    has_role_in_academie,
)
from requests.models import Scale, State

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
    """« Il établit les ordres de mission de ses personnels concernés par une ANT
    d'établissement »: a head signs mission orders for a school-scale ANT only; for a district
    or réseau ANT, the office's convocation serves as the mission order."""
    return (
        ant.scale == Scale.ETABLISSEMENT
        and ant.state in MISSION_ORDER_STATES
        and is_concerned_head(user, ant)
    )


def convocation_serves_as_mission_order(user, ant):
    """A head concerned by a validated district or réseau ANT is told that the office's
    convocation serves as the mission order of their staff."""
    return (
        ant.scale != Scale.ETABLISSEMENT
        and ant.state in MISSION_ORDER_STATES
        and is_concerned_head(user, ant)
    )


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


# --- Diagnostic meetings and the training project (issue 9, point 1) ---------------------------
# Meetings are recorded from the diagnostic phase on; the project is written once the request
# is validated, and revised while the training runs (« possiblement évolutif »).
MEETING_STATES = (State.DIAGNOSTIC, State.VALIDATED, State.IN_PROGRESS)
PROJECT_STATES = (State.VALIDATED, State.IN_PROGRESS)


# Before the diagnostic no meeting or project can exist: their section is not shown (or read).
BEFORE_DIAGNOSTIC_STATES = (
    State.DRAFT,
    State.SUBMITTED,
    State.RETURNED,
    State.ENDORSED,
    State.UNDER_REVIEW,
    State.CORRECTIONS,
)


def shows_project(user, ant):
    """Whether the request page shows (and reads) the diagnostic meetings and the project."""
    return ant.state not in BEFORE_DIAGNOSTIC_STATES and may_see_project(user, ant)


def may_see_project(user, ant):
    """The meetings' findings and the training project: the team, the heads of the schools
    concerned, the trainers who accepted and the office (not a trainer merely proposed)."""
    return (
        is_office(user, ant)
        or is_member(user, ant)
        or is_concerned_head(user, ant)
        or is_accepted_trainer(user, ant)
    )


def may_write_project(user, ant):
    """Who records meetings and publishes versions of the project: the office and the accepted
    trainers. The team (coordinator included) reads and answers in the thread."""
    return is_office(user, ant) or is_accepted_trainer(user, ant)


def may_record_meeting(user, ant):
    return ant.state in MEETING_STATES and may_write_project(user, ant)


def may_revise_project(user, ant):
    return ant.state in PROJECT_STATES and may_write_project(user, ant)


# --- districts and the CLIF (issue 9, point 3) ---
# The host school may be proposed until the office decides.
PROPOSAL_STATES = (
    State.DRAFT,
    State.SUBMITTED,
    State.RETURNED,
    State.ENDORSED,
    State.UNDER_REVIEW,
    State.CORRECTIONS,
    State.DIAGNOSTIC,
)


def is_district_clif(user, ant):
    """The CLIF of the request's district (or of its coordinating school's district)."""
    districts = district_ids(user, Role.CLIF)
    if not districts:
        return False
    return ant.district_id in districts or ant.coordinating_school.district_id in districts


def may_propose_host_school(user, ant):
    return (
        ant.scale != Scale.ETABLISSEMENT
        and ant.state in PROPOSAL_STATES
        and (is_coordinator(user, ant) or is_district_clif(user, ant))
    )


def clif_districts(user):
    """The districts where `user` is CLIF, for the CLIF's pages; a 404 for everyone else."""
    ids = district_ids(user, Role.CLIF)
    if not ids:
        raise Http404
    return ids
