"""Demo sessions of the Ambassadeurs du numérique (seed 001): two « ateliers pratiques
participatifs complémentaires à la formation ESPE » of the 2018-2019 cohort, on the seed's
purposes (« découvrir, tester des outils et des ressources numériques ; se documenter ;
s'inspirer des usages et des pratiques en lien avec le numérique »), led by the demo's
maître-formatrice, the cohort's ambassadors designated and present.

Invented: the days (two Wednesday afternoons of 2018-2019 outside the zone C holidays) and
the place (the école of the demo's ambassador, whose class has the Ville's tablets)."""

from accounts.demo import PARIS, demo_email
from accounts.models import Etablissement, User
from programmes.models import Cohort
from workshops.demo.common import D, at, seed_participant, seed_session, seed_trainers
from workshops.models import Participant, Session

NB = "\u00a0"
MAITRE_FORMATEUR = "maitre-formateur.paris"
STAFF = "ambassadeurs.paris"
SCHOOL_YEAR = "2018-2019"
PLACE_UAI = "0751728W"  # École élémentaire Colette Magny A
HOURS = 3
ATELIERS = [
    (
        f"Atelier pratique participatif{NB}: découvrir et tester des outils et des ressources "
        "numériques",
        D(2019, 1, 16),
        D(2018, 12, 5),
    ),
    (
        f"Atelier pratique participatif{NB}: se documenter et s'inspirer des usages et des "
        "pratiques numériques",
        D(2019, 3, 20),
        D(2019, 2, 6),
    ),
]


def seed():
    cohort = (
        Cohort.objects.filter(
            convention__programme__academie__code=PARIS,
            convention__programme__kind="ambassadeurs",
            school_year=SCHOOL_YEAR,
        )
        .select_related("convention__programme__academie")
        .first()
    )
    trainer = User.objects.filter(email=demo_email(MAITRE_FORMATEUR)).first()
    staff = User.objects.filter(email=demo_email(STAFF)).first()
    if cohort is None or trainer is None or staff is None:
        return
    programme = cohort.convention.programme
    school = Etablissement.objects.filter(uai=PLACE_UAI).first()
    ambassadors = [a.user for a in cohort.ambassadors.select_related("user").order_by("pk")]
    for title, day, scheduled_on in ATELIERS:
        session = seed_session(
            {"cohort": cohort},
            title,
            programme=programme,
            kind=Session.Kind.AMBASSADEURS,
            created_by=staff,
            created_at=at(scheduled_on, 10),
            host_school=school,
            starts_at=at(day, 14),
            ends_at=at(day, 14 + HOURS),
            public=Session.Public.DESIGNATED,
            status=Session.Status.DONE,
        )
        seed_trainers(session, [trainer])
        for user in ambassadors:
            seed_participant(
                session,
                user,
                origin=Participant.Origin.DESIGNATED,
                convened_at=at(scheduled_on, 10),
                present=True,
                marked_by=trainer,
            )
