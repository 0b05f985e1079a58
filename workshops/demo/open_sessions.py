"""Upcoming sessions open to enrolment, so a first run has a diary and a journey to try
(all invented: titles, days, places, who enrolled).

- Paris, M@gistère: an atelier of the demo maître-formatrice (who also trains the parcours
  session's regroupement and the Ambassadeurs' ateliers: one diary, two programmes), in which
  the demo professeur des écoles is enrolled.
- Créteil, ANT: an atelier of the demo trainer open to the teachers of the académie, for the
  demo teacher of the ANT flow to enrol in (one colleague of the district already has).

Both are on a school day of 2027 (zone C: the winter holidays end on 21 February, the spring
ones begin on 3 April), twelve places each."""

import datetime

from django.utils import timezone

from accounts.demo import CRETEIL, PARIS, demo_email
from accounts.models import Etablissement, User
from programmes.models import Programme
from workshops.demo.common import D, at, seed_participant, seed_session, seed_trainers
from workshops.models import Participant, Session

NB = "\u00a0"
CAPACITY = 12
HOURS = 3

# (académie, programme kind, title, day, hour, host UAI, trainer, scheduled by, enrolled)
OPEN_SESSIONS = [
    (
        PARIS,
        Programme.Kind.MAGISTERE,
        f"Le calcul mental au quotidien{NB}: atelier d'échange de pratiques",
        D(2027, 3, 10),
        9,
        "0751728W",
        "maitre-formateur.paris",
        "magistere.paris",
        ["enseignant.paris"],
    ),
    (
        CRETEIL,
        Programme.Kind.ANT,
        f"Enseigner explicitement la compréhension{NB}: atelier ouvert aux équipes",
        D(2027, 3, 17),
        14,
        "0941025D",
        "formateur",
        "dafor",
        ["m.ferreira"],
    ),
]
SCHEDULED_ON = D(2026, 11, 2)


def seed():
    for code, kind, title, day, hour, uai, trainer_key, author_key, enrolled in OPEN_SESSIONS:
        programme = Programme.objects.filter(academie__code=code, kind=kind).first()
        trainer = User.objects.filter(email=demo_email(trainer_key)).first()
        author = User.objects.filter(email=demo_email(author_key)).first()
        if programme is None or trainer is None or author is None:
            continue
        scheduled_at = min(at(SCHEDULED_ON, 10), timezone.now())
        starts_at = at(day, hour)
        session = seed_session(
            {},
            title,
            programme=programme,
            kind=Session.Kind.AUTRE,
            created_by=author,
            created_at=scheduled_at,
            host_school=Etablissement.objects.filter(uai=uai).first(),
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=HOURS),
            capacity=CAPACITY,
            public=Session.Public.OPEN,
            status=Session.Status.CONFIRMED,
        )
        seed_trainers(session, [trainer])
        for user in User.objects.filter(email__in=[demo_email(key) for key in enrolled]):
            seed_participant(
                session,
                user,
                origin=Participant.Origin.ENROLMENT,
                convened_at=scheduled_at,
                created_at=scheduled_at,
            )
