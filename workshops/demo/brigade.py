"""Demo sessions of the Nancy-Metz ambition-confiance brigade (seed 000).

From the seed: the teams' workshops « dans plusieurs établissements de l'académie dès le
deuxième trimestre de l'année scolaire 2021-2022 », in the towns the brigade comes from; new
workshops « en cours de planification pour le mois de septembre 2022 », joined by the two
former animatrices; the « formation tronc commun, fil rouge » « la semaine du 14 au
19 décembre 2022 » (promotion 3's module of programmes/demo/brigade.py).

Invented, and said so here: the workshops' days and hours, their numbering, that a team
works in its members' lycées, the place of the December training (the Lycée Henri Poincaré
of Nancy) and the hours the animatrices attended it. The days keep to the brigade's demo:
teams of promotion 1 only (active from 3 January 2022) hold theirs in the second term
(January–March 2022, school days, none in the zone B winter holidays of 5–20 February 2022);
teams with an animateur of promotion 2 (trained until 8 April 2022) in May 2022. No animateur
is in two workshops at once. The pupils are not users: the workshops have no participant.
"""

from decimal import Decimal

from accounts.demo import NANCY_METZ, demo_email
from accounts.models import Etablissement, User
from programmes.demo.brigade import ACTIVE, FORMER, TEAMS
from programmes.models import (
    Animateur,
    Brigade,
    Programme,
    ProgrammeMembership,
    TrainerTeam,
    TrainingModule,
)
from workshops.demo.common import D, at, seed_participant, seed_session, seed_trainers
from workshops.models import Participant, Session

NB = "\u00a0"
SAIO = "saio"
LEVELS = {"seconde": "Seconde", "premiere": "Première", "terminale": "Terminale"}

# The workshops' days, per team: a team keeps its weekday. Wednesdays are mornings only.
WORKSHOPS = {
    # Second term, teams of promotion 1.
    "Seconde 1": [D(2022, 1, 11), D(2022, 2, 1), D(2022, 3, 8), D(2022, 3, 22)],  # Tuesdays
    "Seconde 2": [D(2022, 1, 13), D(2022, 2, 3), D(2022, 3, 10), D(2022, 3, 24)],  # Thursdays
    "Seconde 3": [D(2022, 1, 17), D(2022, 1, 31), D(2022, 3, 14), D(2022, 3, 28)],  # Mondays
    "Seconde 4": [D(2022, 1, 14), D(2022, 1, 28), D(2022, 3, 11), D(2022, 3, 25)],  # Fridays
    "Terminale 2": [D(2022, 1, 19), D(2022, 2, 2), D(2022, 3, 9), D(2022, 3, 23)],  # Wednesdays
    # May 2022, teams with an animateur of promotion 2 (the spring holidays end on 24 April,
    # the Ascension bridge is 26–29 May).
    "Seconde 5": [D(2022, 5, 3), D(2022, 5, 17)],
    "Première 1": [D(2022, 5, 5), D(2022, 5, 19)],
    "Première 2": [D(2022, 5, 9), D(2022, 5, 23)],
    "Terminale 1": [D(2022, 5, 6), D(2022, 5, 20)],
}
WORKSHOP_HOURS = 2
SCHEDULED_ON = {2: D(2021, 12, 6), 3: D(2022, 4, 11)}  # when the SAIO put them in (invented)

SEPTEMBER_NOTE = "en cours de planification pour le mois de septembre 2022"
SEPTEMBER_NOTED_ON = D(2022, 4, 11)  # the seed's day
# The two former animatrices join a team of their town for September 2022 (e-mail keys).
REJOINING = {"Seconde 5": FORMER[0][0], "Terminale 2": FORMER[1][0]}

TRAINING_PLACE_UAI = "0540038Y"  # Lycée Henri Poincaré, Nancy (invented place)
TRAINING_DAYS_HOURS = Decimal("24")  # 14, 15, 16 and 19 December, 6 hours a day (invented)


def seed():
    programme = Programme.objects.filter(
        academie__code=NANCY_METZ, kind=Programme.Kind.AMBITION_CONFIANCE
    ).first()
    brigade = Brigade.objects.filter(programme=programme).first() if programme else None
    if brigade is None:
        return
    saio = User.objects.get(email=demo_email(SAIO))
    teams = {
        team.name: team
        for team in TrainerTeam.objects.filter(brigade=brigade).prefetch_related(
            "members__user", "members__home_school"
        )
    }
    for _level, name, indexes in TEAMS:
        team = teams.get(name)
        if team is not None:
            # The team's animateurs in the brigade demo's order: its first one leads.
            order = {demo_email(ACTIVE[index][0]): rank for rank, index in enumerate(indexes)}
            members = sorted(
                team.members.all(), key=lambda a: (order.get(a.user.email, len(order)), a.pk)
            )
            seed_team(programme, team, members, saio)
    seed_december_training(programme, brigade, saio)


def lycees_of(members):
    """The lycées of the team's animateurs, in their order: their own school, or a lycée of
    their town when they have none (Tomblaine)."""
    schools = []
    for animateur in members:
        school = animateur.home_school
        if school is None:
            school = (
                Etablissement.objects.filter(
                    academie__code=NANCY_METZ, commune=animateur.town, type__startswith="Lycée"
                )
                .order_by("uai")
                .first()
            )
        if school is not None and school.type.startswith("Lycée") and school not in schools:
            schools.append(school)
    return schools


def seed_team(programme, team, members, saio):
    users = [animateur.user for animateur in members]
    lycees = lycees_of(members)
    level = LEVELS[team.level]
    days = WORKSHOPS.get(team.name, [])
    for number, day in enumerate(days, start=1):
        hour = 10 if day.weekday() == 2 or number % 2 else 14
        term = 2 if day.month <= 3 else 3
        session = seed_session(
            {"trainer_team": team},
            f"Atelier ambition-confiance{NB}: {team.name}, n°{NB}{number}",
            programme=programme,
            kind=Session.Kind.ATELIER,
            created_by=saio,
            created_at=at(SCHEDULED_ON[term], 10),
            level=level,
            host_school=lycees[(number - 1) % len(lycees)] if lycees else None,
            starts_at=at(day, hour),
            ends_at=at(day, hour + WORKSHOP_HOURS),
            public=Session.Public.DESIGNATED,
            status=Session.Status.DONE,
        )
        seed_trainers(session, users)

    rejoining = User.objects.filter(email=demo_email(REJOINING.get(team.name, ""))).first()
    session = seed_session(
        {"trainer_team": team},
        f"Ateliers ambition-confiance de septembre 2022{NB}: {team.name}",
        programme=programme,
        kind=Session.Kind.ATELIER,
        created_by=saio,
        created_at=at(SEPTEMBER_NOTED_ON, 10),
        level=level,
        school_year="2022-2023",
        term=Session.Term.FIRST,
        planning_note=SEPTEMBER_NOTE,
        host_school=lycees[0] if lycees else None,
        starts_at=None,
        ends_at=None,
        public=Session.Public.DESIGNATED,
        status=Session.Status.PLANNED,
    )
    seed_trainers(session, [*users, *([rejoining] if rejoining else [])])


def seed_december_training(programme, brigade, saio):
    module = (
        TrainingModule.objects.filter(promotion__brigade=brigade, promotion__number=3)
        .order_by("order")
        .first()
    )
    if module is None:
        return
    session = seed_session(
        {"training_module": module},
        module.title,
        programme=programme,
        kind=Session.Kind.MODULE,
        created_by=saio,
        created_at=at(D(2022, 11, 7), 10),
        host_school=Etablissement.objects.filter(uai=TRAINING_PLACE_UAI).first(),
        starts_at=at(module.starts_on, 9),
        ends_at=at(module.ends_on, 17),
        public=Session.Public.DESIGNATED,
        status=Session.Status.DONE,
    )
    staff = User.objects.filter(
        programme_memberships__programme=programme,
        programme_memberships__function=ProgrammeMembership.Function.STAFF,
        programme_memberships__ended_on__isnull=True,
    ).distinct()
    seed_trainers(session, sorted(staff, key=lambda user: (user.pk != saio.pk, user.pk)))
    promotion_3 = Animateur.objects.filter(promotion=module.promotion).select_related("user")
    for animateur in promotion_3.order_by("pk"):
        seed_participant(
            session,
            animateur.user,
            origin=Participant.Origin.DESIGNATED,
            convened_at=at(D(2022, 11, 14), 10),
            present=True,
            hours=TRAINING_DAYS_HOURS,
            marked_by=saio,
        )
