"""Demo sessions of the Créteil ANT (seed 004): the training days of the demo requests in
progress or completed (requests/demo.py), as their training project plans them.

Each session is held in the request's host school, led by its accepted trainer, with the
confirmed team members convened (public designated); held ones are done, everyone noted
present for the project's hours per session. The days are the project's « dates envisagées »;
the hours of the day are invented (Mondays 14h, Wednesdays 14h). A request in progress has
its first sessions held and the rest still to be dated (« Deux mercredis à fixer en janvier
2021 »), so it cannot be completed yet; a completed request has all its sessions done. The
requests carried over with priority get no session: the office's calendar shows them until
their first one is scheduled. Nothing here moves a request: their states are requests/demo.py's.
"""

import datetime

from accounts.demo import CRETEIL
from programmes.models import Programme
from requests.models import AntRequest, State, TrainerAssignment, TrainingProjectRevision
from workshops.demo.common import D, at, seed_participant, seed_session, seed_trainers
from workshops.models import Participant, Session

# title → (state, day the first session was scheduled (the request's start), hour, days held,
# what is known of the others)
PLANS = {
    "Évaluer sans noter en 6e-5e": (
        State.COMPLETED,
        D(2020, 9, 14),
        14,
        [D(2020, 9, 14), D(2020, 10, 12), D(2020, 11, 23)],
        "",
    ),
    "Lire et comprendre en 6e": (
        State.IN_PROGRESS,
        D(2020, 10, 5),
        14,
        [D(2020, 10, 14), D(2020, 11, 18), D(2020, 12, 9)],
        "Un mercredi à fixer en janvier 2021",
    ),
}


def seed():
    programme = Programme.objects.filter(academie__code=CRETEIL, kind=Programme.Kind.ANT).first()
    if programme is None:
        return
    requests = AntRequest.objects.filter(
        academie__code=CRETEIL, title__in=PLANS, priority=False
    ).select_related("host_school", "campaign")
    for ant in requests:
        if ant.state != PLANS[ant.title][0] or ant.host_school is None:
            continue
        revision = (
            TrainingProjectRevision.objects.filter(project__request=ant).order_by("-number").first()
        )
        assignment = (
            TrainerAssignment.objects.filter(request=ant, status=TrainerAssignment.Status.ACCEPTED)
            .select_related("trainer")
            .order_by("assigned_at", "pk")
            .first()
        )
        if revision is None or assignment is None:
            continue
        seed_request_sessions(programme, ant, revision, assignment.trainer, PLANS[ant.title])


def seed_request_sessions(programme, ant, revision, trainer, plan):
    _state, scheduled_on, hour, days, to_fix = plan
    count = revision.session_count
    length = datetime.timedelta(hours=float(revision.hours_per_session))
    team = [
        member.user
        for member in ant.members.filter(status="confirmed")
        .select_related("user")
        .order_by("invited_at", "pk")
    ]
    scheduled_at = at(scheduled_on, 10)
    for number in range(1, count + 1):
        common = {
            "programme": programme,
            "kind": Session.Kind.ANT,
            "created_by": trainer,
            "created_at": scheduled_at,
            "host_school": ant.host_school,
            "public": Session.Public.DESIGNATED,
        }
        title = f"{ant.title} — séance {number} sur {count}"
        if number <= len(days):
            starts_at = at(days[number - 1], hour)
            session = seed_session(
                {"ant_request": ant},
                title,
                **common,
                starts_at=starts_at,
                ends_at=starts_at + length,
                status=Session.Status.DONE,
            )
        else:
            session = seed_session(
                {"ant_request": ant},
                title,
                **common,
                school_year=ant.campaign.school_year,
                term=Session.Term.SECOND,  # « en janvier 2021 »
                planning_note=to_fix,
                starts_at=None,
                ends_at=None,
                status=Session.Status.PLANNED,
            )
        seed_trainers(session, [trainer])
        for user in team:
            seed_participant(
                session,
                user,
                origin=Participant.Origin.DESIGNATED,
                convened_at=scheduled_at,
                present=session.status == Session.Status.DONE,
                hours=revision.hours_per_session,
                marked_by=trainer,
            )
