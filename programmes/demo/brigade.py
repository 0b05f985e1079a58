"""Demo data: the Nancy-Metz ambition-confiance brigade (seed 000, issue 10 point 6).

What the seed says, kept exactly: the brigade since September 2021; the second promotion has
just finished its two modules (the article is dated 11 April 2022); 5 trainer teams for
seconde, 2 for première, 2 for terminale; 15 animateurs, soon joined by two former
animatrices; Psy-EN, CPE, teachers of general and of vocational subjects, professeurs
documentalistes from Pont-à-Mousson, Thionville, Metz, Thaon-les-Vosges, Épinal, Nancy,
Bar-le-Duc and Tomblaine; a new « formation tronc commun, fil rouge » the week of 14 to
19 December 2022; the preparation module before the observation day.

What the seed does not say is invented and marked so here: the animateurs' names (none is
in the seed), who works where, the modules' dates of promotions 1 and 2 (only « finished by
11 April 2022 » is known), the teams' names and members, the two former animatrices' dates
(left before the brigade was created, back for the September 2022 workshops) and their
promotion 3 (the December 2022 training). Schools are the real ones of accounts/demo.py
(UAI checked there); the animateur of Tomblaine has a town and no school of their own (the
workshops demo runs their team's workshops in the town's lycée).

The programme and its contacts (the SAIO's mailbox, Lucie Antoine) are the catalogue's demo;
Lucie Antoine is its staff there. Rows are found by natural keys and saved only where a value
differs: a second run writes nothing."""

import datetime

from django.utils.translation import gettext as _

from accounts.demo import NANCY_METZ, DemoDataError, demo_email, upsert
from accounts.models import Academie, Etablissement, Role, RoleMembership, User
from programmes.demo.magistere import PREPARATION_MODULE, seed_preparation_module
from programmes.models import (
    Animateur,
    AnimateurStatus,
    Brigade,
    ModuleCompletion,
    ObservationRequest,
    Parcours,
    Programme,
    ProgrammeMembership,
    Promotion,
    TrainerTeam,
    TrainingModule,
)

CHANGE_REASON = "Données de démonstration"
D = datetime.date
P = Animateur.Profession
S = AnimateurStatus.Status

CREATED_ON = D(2021, 9, 1)  # « depuis sa création en septembre 2021 »
ARTICLE_DAY = D(2022, 4, 11)  # the seed's date: promotion 2 has just finished

# Promotions and their modules: (number, school year, [(order, title, from, to)]). The dates of
# promotions 1 and 2 are invented; promotion 3 is the seed's December 2022 training.
PROMOTIONS = [
    (
        1,
        "2021-2022",
        [
            (1, "Tronc commun", D(2021, 10, 11), D(2021, 10, 15)),
            (2, "Fil rouge", D(2021, 11, 29), D(2021, 12, 3)),
        ],
    ),
    (
        2,
        "2021-2022",
        [
            (1, "Tronc commun", D(2022, 1, 17), D(2022, 1, 21)),
            (2, "Fil rouge", D(2022, 4, 4), D(2022, 4, 8)),
        ],
    ),
    (3, "2022-2023", [(1, "Formation tronc commun, fil rouge", D(2022, 12, 14), D(2022, 12, 19))]),
]

# The 15 active animateurs: (e-mail key, name, profession, town, UAI or "", promotion).
# Names invented; schools from accounts/demo.py. Élise Girard (enseignant.nancy) is the
# professeure documentaliste accounts/demo.py already names as a member of the brigade.
ACTIVE = [
    ("enseignant.nancy", "Élise Girard", P.DOCUMENTALISTE, "Pont-à-Mousson", "0540058V", 1),
    ("animateur.nancy", "Mathieu Collin", P.PSY_EN, "Nancy", "0540038Y", 1),
    ("animateur.thionville", "Sandrine Weber", P.CPE, "Thionville", "0572027U", 1),
    ("animateur.metz", "Olivier Schmitt", P.ENSEIGNANT_GENERAL, "Metz", "0570054Z", 1),
    ("animateur.thaon", "Laure Didier", P.ENSEIGNANT_PRO, "Thaon-les-Vosges", "0880064S", 1),
    ("animateur.epinal", "Damien Thomas", P.ENSEIGNANT_GENERAL, "Épinal", "0880019T", 1),
    ("animateur.barleduc", "Céline Masson", P.PSY_EN, "Bar-le-Duc", "0550002D", 1),
    ("animateur.tomblaine", "Nicolas Guillaume", P.CPE, "Tomblaine", "", 1),
    ("animateur.metz2", "Aurélie François", P.DOCUMENTALISTE, "Metz", "0570058D", 2),
    ("animateur.nancy2", "Julien Marchal", P.ENSEIGNANT_GENERAL, "Nancy", "0541327Z", 2),
    ("animateur.pam", "Claire Henry", P.CPE, "Pont-à-Mousson", "0540058V", 2),
    ("animateur.thionville2", "Yann Muller", P.ENSEIGNANT_PRO, "Thionville", "0572027U", 2),
    ("animateur.epinal2", "Sophie Perrin", P.PSY_EN, "Épinal", "0880019T", 2),
    ("animateur.thaon2", "Antoine Laurent", P.ENSEIGNANT_PRO, "Thaon-les-Vosges", "0880064S", 2),
    ("animateur.barleduc2", "Marion Lambert", P.ENSEIGNANT_GENERAL, "Bar-le-Duc", "0550002D", 2),
]
# « bientôt rejoints par deux anciennes animatrices »: women (the seed's word), names invented.
FORMER = [
    ("animatrice.metz", "Nathalie Roux", P.CPE, "Metz", "0570054Z", 3),
    ("animatrice.nancy", "Isabelle Fournier", P.PSY_EN, "Nancy", "0540038Y", 3),
]
LEFT_ON = D(2021, 6, 30)  # invented: they animated workshops before the brigade
REJOINED_ON = D(2022, 9, 1)  # invented: « de nouveaux ateliers … pour le mois de septembre 2022 »

# The seed's 5 / 2 / 2 teams (names and members invented; indexes into ACTIVE).
TEAMS = [
    ("seconde", "Seconde 1", (0, 1)),
    ("seconde", "Seconde 2", (2, 3)),
    ("seconde", "Seconde 3", (4, 5)),
    ("seconde", "Seconde 4", (6, 7)),
    ("seconde", "Seconde 5", (8, 9)),
    ("premiere", "Première 1", (10, 11)),
    ("premiere", "Première 2", (12, 13)),
    ("terminale", "Terminale 1", (14, 0)),
    ("terminale", "Terminale 2", (1, 2)),
]

# The demo observer (accounts/demo.py) and their pending request.
OBSERVER = "enseignant.metz"
OBSERVATION = {
    "reason": (
        "Découvrir la philosophie des ateliers avant d'en proposer un aux élèves de seconde "
        "de mon lycée."
    ),
    "preferred_period": "Le troisième trimestre, de préférence un mercredi",
}


def seed():
    academie = Academie.objects.get(code=NANCY_METZ)
    programme = Programme.objects.filter(
        academie=academie, kind=Programme.Kind.AMBITION_CONFIANCE
    ).first()
    if programme is None:
        raise DemoDataError(
            _("Le programme ambition-confiance de Nancy-Metz manque : lancez d'abord le catalogue.")
        )
    seed_preparation_module()
    module = Parcours.objects.get(title=PREPARATION_MODULE, academie=academie)
    brigade = upsert(
        Brigade,
        {"programme": programme},
        {"created_on": CREATED_ON, "preparation_module": module},
    )
    promotions, modules = {}, {}
    for number, year, promotion_modules in PROMOTIONS:
        promotion = upsert(Promotion, {"brigade": brigade, "number": number}, {"school_year": year})
        promotions[number] = promotion
        modules[number] = [
            upsert(
                TrainingModule,
                {"promotion": promotion, "order": order},
                {"title": title, "starts_on": start, "ends_on": end, "required": True},
            )
            for order, title, start, end in promotion_modules
        ]

    active = []
    for spec in ACTIVE:
        number = spec[5]
        person = seed_animateur(brigade, promotions[number], spec)
        started = modules[number][0].starts_on - datetime.timedelta(days=14)
        # Promotion 1 animates from the second term; promotion 2 from the article's day.
        active_from = D(2022, 1, 3) if number == 1 else ARTICLE_DAY
        seed_statuses(person, [(S.EN_FORMATION, started), (S.ACTIF, active_from)])
        seed_completions(person, modules[number])
        seed_membership(programme, person.user, started, None)
        active.append(person)

    for spec in FORMER:
        person = seed_animateur(brigade, promotions[spec[5]], spec)
        seed_statuses(person, [(S.ANCIEN, LEFT_ON), (S.REINTEGRE, REJOINED_ON)])
        seed_completions(person, modules[spec[5]])  # the December 2022 training, invented
        seed_membership(programme, person.user, REJOINED_ON, None)

    for level, name, members in TEAMS:
        team = upsert(TrainerTeam, {"brigade": brigade, "name": name}, {"level": level})
        wanted = {active[i].pk for i in members}
        if set(team.members.values_list("pk", flat=True)) != wanted:
            team.members.set(wanted)

    observer = User.objects.filter(email=demo_email(OBSERVER)).first()
    if observer is not None:
        upsert(
            ObservationRequest,
            {"brigade": brigade, "requester": observer, "status": "pending"},
            OBSERVATION,
        )


def seed_animateur(brigade, promotion, spec):
    key, name, profession, town, uai, _number = spec
    user = User.objects.filter(email=demo_email(key)).first()
    if user is None:
        user = User(email=demo_email(key), full_name=name)
        user.set_unusable_password()
        user._change_reason = CHANGE_REASON
        user.save()
    # A person made here joins the trainers' pool of the académie; one with a role already
    # (Élise Girard, a teacher; Mathieu Collin, a demo login) keeps theirs.
    if not RoleMembership.objects.filter(user=user).exists():
        academie = promotion.brigade.programme.academie
        upsert(
            RoleMembership,
            {"user": user, "role": Role.FORMATEUR, "academie": academie, "etablissement": None},
            {},
        )
    school = Etablissement.objects.get(uai=uai) if uai else None
    return upsert(
        Animateur,
        {"brigade": promotion.brigade, "user": user},
        {"profession": profession, "town": town, "home_school": school, "promotion": promotion},
    )


def seed_statuses(person, entries):
    for status, day in entries:
        upsert(AnimateurStatus, {"animateur": person, "on": day}, {"status": status})


def seed_completions(person, modules):
    for module in modules:
        upsert(
            ModuleCompletion,
            {"animateur": person, "module": module},
            {"completed_on": module.ends_on},
        )


def seed_membership(programme, user, since, until):
    upsert(
        ProgrammeMembership,
        {
            "programme": programme,
            "user": user,
            "function": ProgrammeMembership.Function.ANIMATEUR,
            "started_on": since,
        },
        {"ended_on": until},
    )
