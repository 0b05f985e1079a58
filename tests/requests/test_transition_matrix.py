"""Who may perform each transition: every transition of `workflow.TRANSITIONS`, from each of its
source states, tried by each kind of person around a request. Those the table's actor allows
move the request; everyone else gets a TransitionError and nothing is written.

The cases come from the table; what they expect is written below by hand (`ALLOWED`), so a
change of the table's actors or of the permissions' predicates fails here until it is meant."""

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from requests import workflow
from requests.models import State, StateCount, ThreadMessage, TrainerAssignment, TransitionLog
from requests.workflow import TransitionError
from tests.factories import (
    IN_WINDOW,
    EtablissementFactory,
    TrainerProfileFactory,
    ant_request,
    put_in_state,
    user_with_role,
    with_training_project,
)

# Who each actor name of the table lets act, among PEOPLE.
ALLOWED = {
    "coordinator": {"coordinator"},
    "team": {"coordinator", "member"},  # the confirmed members; the coordinator is one
    "head": {"head"},
    "office": {"office"},
    "office_or_trainer": {"office", "accepted_trainer"},
    "canceller": {"office"},  # and the coordinator until the head's visa: below
}
COORDINATOR_CANCELS_FROM = {State.DRAFT, State.SUBMITTED, State.RETURNED}

# Everyone who might try, around a request coordinated at the Collège Jean-Jaurès (Créteil).
PEOPLE = {
    "coordinator": "the teacher who coordinates the request",
    "member": "a colleague who confirmed they join the team",
    "invited": "a colleague invited to the team, who has not answered",
    "head": "the head of the coordinating school",
    "other_head": "the head of another school of the académie",
    "office": "the EAFC (ex-DAFOR) of the académie",
    "other_office": "the EAFC of another académie",
    "accepted_trainer": "a trainer who accepted the request",
    "proposed_trainer": "a trainer proposed for it, who has not answered",
    "other_teacher": "a teacher of another school of the académie",
    "far_teacher": "a teacher of another académie",
}
# Who may see the request at all: for anyone else its pages and actions are 404.
SEE_IT = {
    "coordinator",
    "member",
    "invited",
    "head",
    "office",
    "accepted_trainer",
    "proposed_trainer",
}

CASES = [
    (name, source)
    for name, transition in workflow.TRANSITIONS.items()
    for source in sorted(transition.sources)
]


def allowed(name, source):
    transition = workflow.TRANSITIONS[name]
    people = set(ALLOWED[transition.actor])
    if transition.actor == "canceller" and source in COORDINATOR_CANCELS_FROM:
        people.add("coordinator")
    return people


def arguments(name, school):
    """What the transition needs besides its actor: its comment, the decision's data."""
    transition = workflow.TRANSITIONS[name]
    comment = "Motif donné par écrit." if transition.comment_required else ""
    data = {"host_school": school, "planned_hours": "18"} if name == "validate" else {}
    return comment, data


@pytest.fixture
def people(
    teacher, colleague, school, head, other_head, dafor, other_academie_dafor, trainer, academie,
    other_teacher, other_academie,
):  # fmt: skip
    proposed = user_with_role(Role.FORMATEUR, academie=academie, full_name="Hugo Petit")
    TrainerProfileFactory(user=proposed, academie=academie)
    far_school = EtablissementFactory(academie=other_academie, name="Lycée Henri-Poincaré")
    return {
        "coordinator": teacher,
        "member": colleague,
        "invited": user_with_role(Role.ENSEIGNANT, etablissement=school),
        "head": head,
        "other_head": other_head,
        "office": dafor,
        "other_office": other_academie_dafor,
        "accepted_trainer": trainer,
        "proposed_trainer": proposed,
        "other_teacher": other_teacher,
        "far_teacher": user_with_role(Role.ENSEIGNANT, etablissement=far_school),
    }


def request_in(state, *, campaign, school, people):
    """A request at `state` with everyone of PEOPLE in their place around it, and what each
    transition's conditions need: a team of two confirmed (the June window is open on
    IN_WINDOW), an accepted trainer."""
    ant = ant_request(
        campaign=campaign,
        coordinator=people["coordinator"],
        school=school,
        members=[people["member"]],
    )
    ant.members.create(user=people["invited"], status="invited")
    for who, status in (("accepted_trainer", "accepted"), ("proposed_trainer", "proposed")):
        TrainerAssignment.objects.create(
            request=ant, trainer=people[who], status=status, assigned_by=people["office"]
        )
    with_training_project(ant, author=people["office"])  # issue 9, point 1: `start` needs one
    return put_in_state(ant, state)


def written():
    """What a refused transition must leave as it was."""
    return (
        TransitionLog.objects.count(),
        ThreadMessage.objects.count(),
        Message.objects.count(),
        sorted(StateCount.objects.values_list("academie", "state", "n")),
    )


def kept():
    """The kept counts per state (requests/state_counts.py)."""
    return {state: n for state, n in StateCount.objects.values_list("state", "n") if n}


def test_the_expectations_name_every_actor_of_the_table():
    assert {t.actor for t in workflow.TRANSITIONS.values()} == set(ALLOWED) == set(workflow.ACTORS)
    assert set().union(*ALLOWED.values()) <= set(PEOPLE)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(("name", "source"), CASES, ids=[f"{n}-from-{s}" for n, s in CASES])
def test_transition_by_each_actor(campaign, school, people, name, source, who):
    ant = request_in(source, campaign=campaign, school=school, people=people)
    comment, data = arguments(name, school)
    logs = TransitionLog.objects.filter(request=ant).count()
    counts = kept()
    before = written()

    if who in allowed(name, source):
        workflow.perform(ant, name, by=people[who], comment=comment, data=data, now=IN_WINDOW)
        ant.refresh_from_db()
        target = workflow.TRANSITIONS[name].target
        assert ant.state == target
        assert TransitionLog.objects.filter(request=ant).count() == logs + 1
        assert (kept().get(source, 0), kept()[target]) == (
            counts[source] - 1,
            counts.get(target, 0) + 1,
        )
    else:
        with pytest.raises(TransitionError, match="ne vous revient pas"):
            workflow.perform(ant, name, by=people[who], comment=comment, data=data, now=IN_WINDOW)
        ant.refresh_from_db()
        assert ant.state == source
        assert written() == before


# Through the page: the same rule, and a 404 for whoever may not see the request --------------
HTTP_CASES = [
    ("submit", State.DRAFT),
    ("endorse", State.SUBMITTED),
    ("start_review", State.ENDORSED),
    ("validate", State.UNDER_REVIEW),
    ("start", State.VALIDATED),
    ("cancel", State.UNDER_REVIEW),
]


def form_data(name, school):
    comment, data = arguments(name, school)
    posted = {f"{name}-comment": comment}
    if data:
        posted.update({f"{name}-host_school": school.pk, f"{name}-planned_hours": "18"})
    return posted


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize(
    ("name", "source"), HTTP_CASES, ids=[f"{n}-from-{s}" for n, s in HTTP_CASES]
)
def test_transition_posted_by_each_actor(client, campaign, school, people, name, source, who):
    ant = request_in(source, campaign=campaign, school=school, people=people)
    url = reverse("requests:transition", args=[ant.pk, name])
    before = written()
    client.force_login(people[who])

    with time_machine.travel(IN_WINDOW):
        response = client.post(url, form_data(name, school))

    ant.refresh_from_db()
    if who not in SEE_IT:
        assert response.status_code == 404
    else:
        assert response.status_code == 302
        assert response["Location"] == ant.get_absolute_url()
    if who in allowed(name, source):
        assert ant.state == workflow.TRANSITIONS[name].target
    else:
        assert ant.state == source
        assert written() == before
    if who in SEE_IT and who not in allowed(name, source):
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "Cette action ne vous revient pas."
        ]
