"""Demo sessions of M@gistère (seed 002: « des temps de présence physique »): each in-person
« regroupement » step of the demo parcours sessions (programmes/demo/magistere.py) is a
session of the parcours session, on the step's day, in the school the step names, with the
parcours session's trainers and its accepted enrolments (invited ones by invitation).

Invented: the hours (9h, or the step's start time, for the three hours of the parcours's
in-person « Préparer ensemble une séquence »). The step's day follows the current school
year, so the session is confirmed while it is to come and done, everyone present, once held.
"""

import datetime

from django.utils import timezone

from programmes.models import Enrolment, Programme, SessionStep
from workshops.demo.common import at, seed_participant, seed_session, seed_trainers
from workshops.models import Participant, Session

NB = "\u00a0"
HOURS = 3
DEMO_ACADEMIES = ("01", "12", "24")
ORIGINS = {
    Enrolment.Origin.INVITATION: Participant.Origin.INVITATION,
    Enrolment.Origin.CANDIDATURE: Participant.Origin.ENROLMENT,
}


def seed():
    programmes = {
        programme.academie_id: programme
        for programme in Programme.objects.filter(
            academie__code__in=DEMO_ACADEMIES, kind=Programme.Kind.MAGISTERE
        ).select_related("academie")
    }
    steps = (
        SessionStep.objects.filter(
            kind=SessionStep.Kind.REGROUPEMENT, session__academie__code__in=DEMO_ACADEMIES
        )
        .select_related("session__parcours", "session__organiser")
        .order_by("session", "date", "pk")
    )
    for step in steps:
        programme = programmes.get(step.session.academie_id)
        if programme is not None:
            seed_step(programme, step)


def place_of(step, programme):
    """The school the step's place names (« École élémentaire Colette Magny A, Paris 19e »)."""
    schools = programme.academie.etablissements.order_by("-name")
    return next((school for school in schools if step.place.startswith(school.name)), None)


def seed_step(programme, step):
    parcours_session = step.session
    start = step.start_time or datetime.time(9)
    starts_at = at(step.date, start.hour, start.minute)
    ends_at = starts_at + datetime.timedelta(hours=HOURS)
    held = ends_at <= timezone.now()
    school = place_of(step, programme)
    scheduled_at = min(at(step.date - datetime.timedelta(days=60), 10), timezone.now())
    session = seed_session(
        {"parcours_session": parcours_session},
        f"{parcours_session.parcours.title}{NB}: regroupement en présence",
        programme=programme,
        kind=Session.Kind.MAGISTERE,
        created_by=parcours_session.organiser,
        created_at=scheduled_at,
        description=step.note,
        school_year=parcours_session.school_year,
        host_school=school,
        room="" if school else step.place[:100],
        starts_at=starts_at,
        ends_at=ends_at,
        public=Session.Public.DESIGNATED,
        status=Session.Status.DONE if held else Session.Status.CONFIRMED,
    )
    trainers = list(parcours_session.trainers.order_by("full_name", "pk"))
    seed_trainers(session, trainers)
    enrolments = (
        parcours_session.enrolments.filter(state=Enrolment.State.ACCEPTED)
        .select_related("user")
        .order_by("pk")
    )
    for enrolment in enrolments:
        seed_participant(
            session,
            enrolment.user,
            origin=ORIGINS.get(enrolment.origin, Participant.Origin.INVITATION),
            convened_at=scheduled_at,
            present=held,
            marked_by=trainers[0] if trainers else None,
        )
