"""Demo data: Ambassadeurs du numérique (seed 001, issue 10).

From the seed: the four partners, the 2018-2019 convention signed on 22 November 2018 in the
Salle des Actes of the Sorbonne by its four signatories, its six commitments and who carries
each, the first partnership « il y a deux ans » (30 professeurs stagiaires des écoles) as the
predecessor, and the 2018-2019 cohort of 48 + 10 with its four disciplines.

Invented (said here so nobody takes them for real): the names of the 57 ambassadors beside
Thomas Moreau (accounts/demo.py), their split among the four disciplines (3 documentation,
2 espagnol, 3 mathématiques, 2 allemand: the seed gives only the total of 10), their schools
(the académie's demo schools, no UAI invented), Thomas Moreau's class, mémoire and equipment.
The ambassadors have no usable password: only the demo logins of accounts/demo.py log in.

Idempotent: every row is found by its natural key and only differing fields are saved.
"""

import datetime

from accounts.demo import CHANGE_REASON, PARIS, demo_email, upsert
from accounts.models import Academie, Corps, Etablissement, Role, RoleMembership, Statut, User
from programmes.models import (
    Ambassador,
    Cohort,
    CohortDiscipline,
    Commitment,
    Convention,
    ConventionSignatory,
    Equipment,
    Partner,
    Programme,
    ProgrammeMembership,
)
from programmes.models.ambassadeurs import Degree

RECTORAT = "Rectorat de Paris"
ESPE = "ESPE de Paris"
MGEN = "MGEN"
VILLE = "Ville de Paris"
PARTNERS = [
    (RECTORAT, Partner.Kind.ACADEMIE),
    (ESPE, Partner.Kind.UNIVERSITE),
    (MGEN, Partner.Kind.MUTUELLE),
    (VILLE, Partner.Kind.COLLECTIVITE),
]

CONVENTION_TITLE = "Convention de partenariat relative au dispositif « Ambassadeurs numériques »"
CONVENTION_SUMMARY = (
    "Le rectorat de Paris, l'ESPE de Paris et la MGEN, rejoints par la Ville de Paris, "
    "s'unissent autour du programme « Ambassadeurs du numérique », destiné à renforcer la "
    "pratique du numérique éducatif des futurs enseignants : renforcer la formation des "
    "enseignants stagiaires au et par le numérique à l'ESPE ; renforcer leur pratique raisonnée "
    "du numérique, par un suivi renforcé des maîtres-formateurs désignés incluant une dimension "
    "numérique dans leur mémoire MEEF ; organiser la diffusion de leurs compétences numériques "
    "auprès des collègues dès l'année de Master 2 et durant les deux années qui suivent leur "
    "titularisation, en les aidant à capitaliser leurs compétences dans un e-portfolio."
)
# « Il y a deux ans » from November 2018: the school year 2016-2017.
PREDECESSOR_TITLE = "Partenariat « Ambassadeurs du numérique » (rectorat, ESPE et MGEN)"
PREDECESSOR_PERIOD = "2016-2017"
PREDECESSOR_SUMMARY = (
    "Le rectorat de Paris et l'ESPE avaient initié ce partenariat avec la MGEN, qui a permis à "
    "30 professeurs stagiaires des écoles de devenir des « Ambassadeurs du numérique »."
)

SIGNATORIES = [
    ("Gilles Pécout", "recteur de l'académie de Paris", RECTORAT),
    ("Alain Frugière", "directeur de l'ESPE de Paris", ESPE),
    ("Patrick Bloche", "adjoint à la maire de Paris en charge de l'Éducation", VILLE),
    ("Christophe Lafond", "vice-président de la MGEN", MGEN),
]
# The seed's six commitments, each with the partners it names (« l'académie »: the rectorat).
COMMITMENTS = [
    ("Équipement individuel des Ambassadeurs", [MGEN]),
    ("Ateliers de formation et de co-conception des Ambassadeurs", [MGEN, RECTORAT]),
    ("Adaptation de parcours de formation M2 des Ambassadeurs", [ESPE]),
    ("Tutorat", [ESPE, RECTORAT]),
    ("Accompagnement pédagogique des Ambassadeurs", [RECTORAT]),
    ("Équipement collectif des salles de classes des Ambassadeurs", [VILLE]),
]
DISCIPLINES = ["Documentation", "Espagnol", "Mathématiques", "Allemand"]
# Invented split of the 10 second-degree ambassadors (the seed gives no figure per discipline).
SECOND_DEGREE_SPLIT = {"Documentation": 3, "Espagnol": 2, "Mathématiques": 3, "Allemand": 2}

# Demo schools of accounts/demo.py (UAIs checked there).
PRIMARY_SCHOOLS = ["0751728W", "0753123M"]
SECONDARY_SCHOOLS = {
    "Documentation": "0752526N",
    "Espagnol": "0750656F",
    "Mathématiques": "0750654D",
    "Allemand": "0750655E",
}

THOMAS = "enseignant.paris"
STAFF = "ambassadeurs.paris"
MAITRE_FORMATEUR = "maitre-formateur.paris"

# Invented names for the other 57 ambassadors.
FIRST_NAMES = [
    "Léa",
    "Hugo",
    "Chloé",
    "Lucas",
    "Manon",
    "Nathan",
    "Camille",
    "Louis",
    "Sarah",
    "Jules",
    "Inès",
    "Théo",
    "Jade",
    "Maxime",
    "Emma",
    "Antoine",
    "Zoé",
    "Paul",
    "Clara",
    "Adrien",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
]

SCHOOL_YEAR = "2018-2019"
STARTED_ON = datetime.date(2018, 9, 1)


def invented_people():
    """(key, full name, degree, discipline) of the 57 invented ambassadors: 47 of the first
    degree, then the second degree's 10 in the order of SECOND_DEGREE_SPLIT."""
    disciplines = [""] * 47 + [d for d, n in SECOND_DEGREE_SPLIT.items() for _ in range(n)]
    people = []
    for i, discipline in enumerate(disciplines):
        name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[i]}"
        degree = Degree.SECOND if discipline else Degree.PREMIER
        people.append((f"ambassadeur{i + 1:02d}", name, degree, discipline))
    return people


def seed():
    academie = Academie.objects.get(code=PARIS)
    programme = _programme(academie)
    partners = {name: upsert(Partner, {"name": name}, {}, kind=kind) for name, kind in PARTNERS}

    predecessor = upsert(
        Convention,
        {"programme": programme, "period": PREDECESSOR_PERIOD},
        {
            "title": PREDECESSOR_TITLE,
            "summary": PREDECESSOR_SUMMARY,
            "trainees_trained": 30,
        },
    )
    _set_partners(predecessor, [partners[RECTORAT], partners[ESPE], partners[MGEN]])
    upsert(
        Cohort,
        {"convention": predecessor, "school_year": PREDECESSOR_PERIOD},
        {"planned_first_degree": 30, "planned_second_degree": 0},
    )

    convention = upsert(
        Convention,
        {"programme": programme, "period": SCHOOL_YEAR},
        {
            "title": CONVENTION_TITLE,
            "signed_on": datetime.date(2018, 11, 22),
            "signed_at": "Salle des Actes du palais académique de la Sorbonne",
            "summary": CONVENTION_SUMMARY,
            "predecessor": predecessor,
        },
    )
    _set_partners(convention, list(partners.values()))
    for order, (name, function, partner) in enumerate(SIGNATORIES, start=1):
        upsert(
            ConventionSignatory,
            {"convention": convention, "name": name},
            {"function": function, "partner": partners[partner], "order": order},
        )
    for order, (label, carriers) in enumerate(COMMITMENTS, start=1):
        commitment = upsert(
            Commitment, {"convention": convention, "order": order}, {"label": label}
        )
        wanted = {partners[name].pk for name in carriers}
        if set(commitment.carriers.values_list("pk", flat=True)) != wanted:
            commitment.carriers.set(wanted)

    cohort = upsert(
        Cohort,
        {"convention": convention, "school_year": SCHOOL_YEAR},
        {"planned_first_degree": 48, "planned_second_degree": 10},
    )
    for order, name in enumerate(DISCIPLINES, start=1):
        upsert(CohortDiscipline, {"cohort": cohort, "name": name}, {"order": order})

    staff = User.objects.get(email=demo_email(STAFF))
    mentor = User.objects.get(email=demo_email(MAITRE_FORMATEUR))
    for user, function in (
        (staff, ProgrammeMembership.Function.STAFF),
        (mentor, ProgrammeMembership.Function.MAITRE_FORMATEUR),
    ):
        upsert(
            ProgrammeMembership,
            {"programme": programme, "user": user, "function": function, "ended_on": None},
            {},
            started_on=STARTED_ON,
        )

    schools = {s.uai: s for s in Etablissement.objects.filter(academie=academie)}
    thomas = User.objects.get(email=demo_email(THOMAS))
    upsert(User, {"pk": thomas.pk}, {"statut": Statut.STAGIAIRE})
    thomas_school = RoleMembership.objects.filter(user=thomas, role=Role.ENSEIGNANT).first()
    thomas_record = upsert(
        Ambassador,
        {"cohort": cohort, "user": thomas},
        {
            "degree": Degree.PREMIER,
            "etablissement": thomas_school.etablissement if thomas_school else schools["0751728W"],
            "class_name": "CE1",
            "maitre_formateur": mentor,
            "memoire_title": "Le cahier de réussites numérique au cycle 2",
            "memoire_digital_dimension": (
                "Une tablette par groupe pour photographier et commenter les réussites des "
                "élèves, partagées avec les familles."
            ),
        },
    )
    for label, kind, partner, funding in (
        ("Ordinateur portable", Equipment.Kind.INDIVIDUEL, MGEN, ""),
        (
            "Classe mobile de 15 tablettes",
            Equipment.Kind.COLLECTIF,
            VILLE,
            Equipment.Funding.PLAN_NUMERIQUE,
        ),
    ):
        upsert(
            Equipment,
            {"ambassador": thomas_record, "label": label},
            {
                "kind": kind,
                "provider": partners[partner],
                "funding": funding,
                "received_on": datetime.date(2019, 1, 14),
            },
        )

    for index, (key, name, degree, discipline) in enumerate(invented_people()):
        school = schools[
            SECONDARY_SCHOOLS[discipline] if discipline else PRIMARY_SCHOOLS[index % 2]
        ]
        user = _ambassador_user(key, name, degree, discipline)
        upsert(
            RoleMembership,
            {"user": user, "role": Role.ENSEIGNANT, "etablissement": school},
            {},
            academie=academie,
        )
        upsert(
            Ambassador,
            {"cohort": cohort, "user": user},
            {"degree": degree, "discipline": discipline, "etablissement": school},
        )


def _programme(academie):
    """The Paris programme, made by the catalogue step; made here if that step has not."""
    programme = Programme.objects.filter(
        academie=academie, kind=Programme.Kind.AMBASSADEURS
    ).first()
    if programme is not None:
        return programme
    return upsert(
        Programme,
        {"academie": academie, "kind": Programme.Kind.AMBASSADEURS},
        {},
        slug="ambassadeurs-du-numerique-paris",
        title="Ambassadeurs du numérique",
        summary="Le numérique éducatif des professeurs stagiaires, de l'année de Master 2 aux "
        "deux années qui suivent leur titularisation.",
        presentation=CONVENTION_SUMMARY,
        period=SCHOOL_YEAR,
        status=Programme.Status.OUVERT,
    )


def _set_partners(convention, partners):
    wanted = {p.pk for p in partners}
    if set(convention.partners.values_list("pk", flat=True)) != wanted:
        convention.partners.set(wanted)


def _ambassador_user(key, name, degree, discipline):
    values = {
        "full_name": name,
        "corps": Corps.PE if degree == Degree.PREMIER else Corps.CERTIFIE,
        "discipline": discipline,
        "statut": Statut.STAGIAIRE,
    }
    email = demo_email(key)
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, **values)
        user.set_unusable_password()
        user._change_reason = CHANGE_REASON
        user.save()
        return user
    return upsert(User, {"pk": user.pk}, values)
