"""Demo data: M@gistère (issue 10, point 4), from seed 002.

- The 13 parcours the seed lists under « Quelques parcours mis en œuvre » (2 « Pour les
  formateurs », 11 « Pour les enseignants »), of the national offer, produced by the DGESCO
  (the seed names no other producer for them). Their objectives are written from their titles
  and the seed's principles; their activity sequences are plausible, not the real ones, and
  say so (`sequence_is_example`).
- The preparation module of the Nancy-Metz brigade, « Découvrir les ateliers
  ambition-confiance » (seed 000: « un module sur la plateforme M@gistère »), a local module
  of Nancy-Metz, looked up by title (the brigade's demo may have made it first).
- Paris (the académie of the programme and of the demo's professeur des écoles, Thomas
  Moreau, école élémentaire Colette Magny A in the 19th arrondissement): the circonscription
  « Paris 19A » (its name follows the Paris numbering of circonscriptions by arrondissement;
  no UAI is given), its IEN (a demo login, name invented) and needs diagnostic, a staff member
  of the programme (name invented), Hélène Marchand (the Ambassadeurs' maître-formatrice:
  the people are one pool) as formateur de proximité, and a session « Animations
  pédagogiques de circonscription » of « Enseigner le calcul mental » with its calendar, in
  which Thomas Moreau is enrolled with part of the activities done.

Rows are found by natural keys and written only when missing or different: a second run
writes nothing."""

import datetime

from django.utils import timezone

from accounts.demo import NANCY_METZ, PARIS, demo_email, upsert
from accounts.models import Academie, Circonscription, Etablissement, User
from programmes.models import (
    ActivityProgress,
    Enrolment,
    NeedsDiagnostic,
    Parcours,
    ParcoursActivity,
    ParcoursSession,
    Programme,
    ProgrammeMembership,
    SessionStep,
)

CHANGE_REASON = "Données de démonstration"
NB = "\u00a0"

IEN = "ien.paris"
STAFF = "magistere.paris"
TRAINER = "maitre-formateur.paris"
TEACHER = "enseignant.paris"
TEACHER_SCHOOL_UAI = "0751728W"
CIRCONSCRIPTION = "Paris 19A"
CALCUL_MENTAL = "Enseigner le calcul mental"
PREPARATION_MODULE = "Découvrir les ateliers ambition-confiance"

P = Parcours
A = ParcoursActivity
IND, COL = A.Grouping.INDIVIDUELLE, A.Grouping.COLLECTIVE
DIST, PRES = A.Modality.DISTANCE, A.Modality.PRESENCE


def _sequence(topic, practice):
    """A scripted sequence alternating individual and collective work, online and in person,
    in the spirit of the seed (analysis of sequences, videos, virtual classes, collective
    preparation, self-assessment)."""
    return [
        (f"Se positionner{NB}: questionnaire sur {topic}", A.Type.AUTO_EVALUATION, IND, DIST, 30),
        ("Classe virtuelle d'ouverture avec le formateur", A.Type.CLASSE_VIRTUELLE, COL, DIST, 60),
        (f"Analyser des séances filmées{NB}: {topic}", A.Type.ANALYSE, IND, DIST, 90),
        (f"Préparer ensemble une séquence{NB}: {practice}", A.Type.PREPARATION, COL, PRES, 180),
        ("Mettre en œuvre en classe et déposer ses traces", A.Type.AUTRE, IND, DIST, 90),
        ("Regroupement de bilan sur les effets observés en classe", A.Type.ANALYSE, COL, PRES, 90),
    ]


def _trainer_sequence(topic):
    return [
        (f"Se positionner{NB}: {topic}", A.Type.AUTO_EVALUATION, IND, DIST, 30),
        ("Vidéos de formateurs en situation", A.Type.VIDEO, IND, DIST, 60),
        ("Classe virtuelle entre formateurs", A.Type.CLASSE_VIRTUELLE, COL, DIST, 90),
        (f"Atelier de conception{NB}: {topic}", A.Type.PREPARATION, COL, PRES, 180),
        ("Analyse réflexive de la formation conduite", A.Type.ANALYSE, COL, DIST, 60),
    ]


# (title, audience, degree, objectives, sequence)
PARCOURS = [
    (
        "Former à distance",
        P.Audience.FORMATEURS,
        P.Degree.LES_DEUX,
        "Concevoir et animer des temps de formation à distance, synchrones et asynchrones\u00a0; "
        "accompagner les stagiaires d'un parcours hybride et faire vivre l'interactivité et le "
        "travail collaboratif.",
        _trainer_sequence("animer une formation à distance"),
    ),
    (
        "Concevoir un parcours",
        P.Audience.FORMATEURS,
        P.Degree.LES_DEUX,
        "Concevoir un parcours hybride qui annonce ses objectifs, organise une séquence "
        "scénarisée d'activités individuelles et collectives et fournit aux formateurs les "
        "éléments nécessaires à sa mise en œuvre.",
        _trainer_sequence("scénariser un parcours hybride"),
    ),
    (
        "Se former à distance",
        P.Audience.ENSEIGNANTS,
        P.Degree.LES_DEUX,
        "Prendre en main la plateforme de formation, organiser son temps de formation à "
        "distance et échanger avec ses pairs et son formateur dans un parcours.",
        _sequence("se former en ligne", "organiser son parcours de formation"),
    ),
    (
        CALCUL_MENTAL,
        P.Audience.ENSEIGNANTS,
        P.Degree.PREMIER,
        "Identifier les procédures de calcul mental à enseigner à chaque cycle\u00a0; construire "
        "des séances courtes et régulières de calcul mental\u00a0; évaluer les progrès des élèves "
        "et différencier.",
        _sequence("le calcul mental", "des séances quotidiennes de calcul mental"),
    ),
    (
        "Enseigner l'énergie au cycle 3",
        P.Audience.ENSEIGNANTS,
        P.Degree.LES_DEUX,
        "Maîtriser les notions de sources, de formes et de conversion de l'énergie au "
        "programme du cycle 3 et conduire une démarche d'investigation avec les élèves.",
        _sequence("l'énergie au cycle 3", "une démarche d'investigation sur l'énergie"),
    ),
    (
        "Les arts visuels et l'histoire des arts",
        P.Audience.ENSEIGNANTS,
        P.Degree.PREMIER,
        "Articuler pratique plastique et rencontre des œuvres\u00a0; construire avec les élèves "
        "des repères en histoire des arts.",
        _sequence("les arts visuels", "une séquence d'arts visuels autour d'une œuvre"),
    ),
    (
        "L'aménagement de l'espace en maternelle",
        P.Audience.ENSEIGNANTS,
        P.Degree.PREMIER,
        "Penser l'aménagement de la classe et des espaces de l'école maternelle au service des "
        "apprentissages, de l'autonomie et du langage des jeunes enfants.",
        _sequence("l'espace de la classe maternelle", "un nouvel aménagement de la classe"),
    ),
    (
        "La laïcité",
        P.Audience.ENSEIGNANTS,
        P.Degree.LES_DEUX,
        "Connaître le principe de laïcité et ses textes de référence\u00a0; le faire comprendre et "
        "partager aux élèves\u00a0; répondre aux situations rencontrées à l'école.",
        _sequence("la laïcité à l'école", "une séquence sur la charte de la laïcité"),
    ),
    (
        "L'inclusion scolaire",
        P.Audience.ENSEIGNANTS,
        P.Degree.LES_DEUX,
        "Identifier les besoins éducatifs particuliers des élèves\u00a0; adapter son enseignement "
        "et travailler avec les partenaires de la scolarisation des élèves en situation de "
        "handicap.",
        _sequence("l'école inclusive", "des adaptations pour un élève à besoins particuliers"),
    ),
    (
        "Enseigner l'éducation civique et morale",
        P.Audience.ENSEIGNANTS,
        P.Degree.LES_DEUX,
        "Mettre en œuvre l'enseignement moral et civique\u00a0: la sensibilité, le droit et la "
        "règle, le jugement, l'engagement\u00a0; pratiquer la discussion à visée philosophique et "
        "le débat réglé.",
        _sequence("l'éducation civique et morale", "un débat réglé en classe"),
    ),
    (
        "Enseigner la compréhension en lecture",
        P.Audience.ENSEIGNANTS,
        P.Degree.PREMIER,
        "Enseigner explicitement les stratégies de compréhension des textes\u00a0; choisir des "
        "textes résistants et évaluer la compréhension des élèves.",
        _sequence("la compréhension en lecture", "l'enseignement explicite d'une stratégie"),
    ),
    (
        "Concevoir et mettre en œuvre des séquences en langues",
        P.Audience.ENSEIGNANTS,
        P.Degree.PREMIER,
        "Concevoir des séquences de langue vivante orientées vers l'action et la communication "
        "orale\u00a0; utiliser des ressources authentiques et le numérique.",
        _sequence("l'enseignement des langues", "une séquence de langue vivante"),
    ),
    (
        "Apprendre à maîtriser son identité numérique",
        P.Audience.ENSEIGNANTS,
        P.Degree.LES_DEUX,
        "Comprendre ce qu'est une identité numérique et les traces laissées en ligne\u00a0; "
        "accompagner les élèves dans la maîtrise de leur identité numérique.",
        _sequence("l'identité numérique", "une séquence d'éducation aux médias"),
    ),
]

PREPARATION = {
    "audience": P.Audience.ENSEIGNANTS,
    "degree": P.Degree.SECOND,
    "producer": P.Producer.ACADEMIE,
    "origin": P.Origin.LOCALE,
    "kind": P.Kind.MODULE,
    "objectives": (
        "Découvrir la philosophie des ateliers ambition-confiance avant la journée "
        "d'observation\u00a0: témoignages d'animateurs, illustrations des conducteurs "
        "pédagogiques et plaquettes de présentation."
    ),
    "sequence_is_example": True,
}
PREPARATION_SEQUENCE = [
    ("Témoignages d'animateurs", A.Type.VIDEO, IND, DIST, 30),
    ("Les conducteurs pédagogiques des ateliers", A.Type.ANALYSE, IND, DIST, 45),
    ("Plaquettes de présentation", A.Type.AUTRE, IND, DIST, 15),
]

DIAGNOSTIC = (
    "Les évaluations de début d'année en CP et en CE1 montrent des fragilités en calcul mental "
    "et en compréhension de l'écrit. Les équipes demandent à travailler la régularité des "
    "séances de calcul mental et l'enseignement explicite des stratégies de compréhension.\n\n"
    "Priorités de la circonscription pour les animations pédagogiques\u00a0: mathématiques au "
    "cycle 2 (calcul mental), compréhension en lecture, accueil des professeurs stagiaires."
)
CONTEXTUALISATION = (
    "Le parcours est centré sur le cycle 2 et sur les résultats des évaluations de début "
    "d'année. Le regroupement se tient dans une école de la circonscription."
)


def school_year_of(day):
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def seed():
    for title, audience, degree, objectives, sequence in PARCOURS:
        parcours = upsert(
            Parcours,
            {"title": title, "academie": None},
            {
                "audience": audience,
                "degree": degree,
                "producer": P.Producer.DGESCO,
                "origin": P.Origin.NATIONALE,
                "kind": P.Kind.PARCOURS,
                "objectives": objectives,
                "sequence_is_example": True,
            },
        )
        seed_sequence(parcours, sequence)
    seed_preparation_module()
    seed_paris()


def seed_sequence(parcours, sequence):
    for order, (title, type_, grouping, modality, minutes) in enumerate(sequence, start=1):
        upsert(
            ParcoursActivity,
            {"parcours": parcours, "order": order},
            {
                "title": title,
                "type": type_,
                "grouping": grouping,
                "modality": modality,
                "duration_minutes": minutes,
            },
        )


def seed_preparation_module():
    """Made here if the brigade's demo has not made it; left as it is otherwise."""
    nancy_metz = Academie.objects.get(code=NANCY_METZ)
    module = Parcours.objects.filter(title=PREPARATION_MODULE, academie=nancy_metz).first()
    if module is None:
        module = Parcours(title=PREPARATION_MODULE, academie=nancy_metz, **PREPARATION)
        module._change_reason = CHANGE_REASON
        module.save()
    if not module.activities.exists():
        seed_sequence(module, PREPARATION_SEQUENCE)


def seed_paris():
    paris = Academie.objects.get(code=PARIS)
    programme = Programme.objects.filter(academie=paris, kind=Programme.Kind.MAGISTERE).first()
    ien = User.objects.get(email=demo_email(IEN))
    teacher = User.objects.get(email=demo_email(TEACHER))
    trainer = User.objects.filter(email=demo_email(TRAINER)).first()
    circonscription = upsert(
        Circonscription,
        {"academie": paris, "name": CIRCONSCRIPTION},
        {"departement": "075", "inspector": ien},
    )
    school = Etablissement.objects.get(uai=TEACHER_SCHOOL_UAI)
    upsert(Etablissement, {"pk": school.pk}, {"circonscription": circonscription})
    today = timezone.localdate()
    year = school_year_of(today)
    first = int(year[:4])
    upsert(
        NeedsDiagnostic,
        {"circonscription": circonscription, "school_year": year},
        {"text": DIAGNOSTIC},
        written_by=ien,
    )
    if programme is not None:
        for email, function in ((STAFF, ProgrammeMembership.Function.STAFF),):
            user = User.objects.get(email=demo_email(email))
            upsert(
                ProgrammeMembership,
                {"programme": programme, "user": user, "function": function, "ended_on": None},
                {},
                started_on=datetime.date(first, 9, 1),
            )
        if trainer is not None:
            upsert(
                ProgrammeMembership,
                {
                    "programme": programme,
                    "user": trainer,
                    "function": ProgrammeMembership.Function.FORMATEUR_PROXIMITE,
                    "ended_on": None,
                },
                {},
                started_on=datetime.date(first, 9, 1),
            )
    parcours = Parcours.objects.get(title=CALCUL_MENTAL, academie=None)
    session = upsert(
        ParcoursSession,
        {
            "parcours": parcours,
            "academie": paris,
            "plan": ParcoursSession.Plan.ANIMATIONS,
            "circonscription": circonscription,
            "organiser": ien,
        },
        {"contextualisation": CONTEXTUALISATION},
        school_year=year,
    )
    if trainer is not None and not session.trainers.filter(pk=trainer.pk).exists():
        session.trainers.add(trainer)
    for kind, day, place, note in (
        (SessionStep.Kind.OUVERTURE, datetime.date(first, 11, 16), "", "Accès au parcours"),
        (
            SessionStep.Kind.REGROUPEMENT,
            datetime.date(first + 1, 1, 13),
            "École élémentaire Colette Magny A, Paris 19e",
            "Préparation collective de la séquence",
        ),
        (SessionStep.Kind.CLOTURE, datetime.date(first + 1, 3, 31), "", "Bilan en classe"),
    ):
        upsert(
            SessionStep,
            {"session": session, "kind": kind},
            {},
            date=day,
            place=place,
            note=note,
        )
    enrolment = upsert(
        Enrolment,
        {"session": session, "user": teacher},
        {},
        origin=Enrolment.Origin.INVITATION,
        state=Enrolment.State.ACCEPTED,
        answered_by=teacher,
        answered_at=timezone.now(),
    )
    # The first three activities done: the step of the trainer's follow-up.
    for activity in parcours.activities.order_by("order")[:3]:
        upsert(
            ActivityProgress, {"enrolment": enrolment, "activity": activity}, {}, marked_by=teacher
        )
