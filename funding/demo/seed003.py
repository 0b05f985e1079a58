"""The words of seed 003 (« Les projets et actions soutenus par le FSE », Nancy-Metz), as the
page writes them.

Only the typography is the project's: straight apostrophes (the page mixes ’ and '), a
non-breaking space before « ; : ? ! » and inside « », single spaces, and no list markers
(« - », « . », bullets). Words, capitals, acronyms (« MLCLCM », « EPCC », « JANE », « UL ») and
the rest of the punctuation are the seed's, the trailing « ; » of list items included.
"""

import datetime
from decimal import Decimal

NB = "\u00a0"  # before « : ; ? ! » and inside « »
D = datetime.date

PAGE_TITLE = "Les projets et actions soutenus par le FSE"
PAGE_UPDATED_ON = D(2021, 5, 6)  # « Actualisé le 06/05/2021 »

# --- reference rows -------------------------------------------------------------------------
PON_FSE = "PON FSE 2014-2020"
PO_LORRAINE = "PO FEDER-FSE Lorraine et massif des Vosges 2014-2020"
OBJECTIVE_1_10_1_1 = (
    "1.10.1.1",
    "Augmenter le nombre de jeunes de moins de 25 ans participant à des actions de prévention "
    "du décrochage scolaire",
)
AXIS_AP07 = (
    "AP07",
    "Améliorer l'accès aux technologies de l'information et de la communication (TIC), leur "
    "utilisation et leur qualité",
)

# --- Numavenir Ambition 21 ------------------------------------------------------------------
NUMAVENIR = {
    "slug": "numavenir-ambition-21",
    "name": "Numavenir Ambition 21",
    "starts_on": D(2019, 5, 1),
    "ends_on": D(2021, 12, 31),
    "total_eligible_cost": Decimal("1002909.90"),
    "predecessor_name": "NUMAVENIR",
    "continuity_note": "s'inscrit en continuité du projet NUMAVENIR",
    "objectives_intro": (
        "Grâce aux outils numériques développés dans l'académie soit en expérimentation ou en "
        f"déploiement{NB}:"
    ),
    "description": (
        "Le présent projet NUMAVENIR Ambition 21 s'inscrit en continuité du projet NUMAVENIR. "
        "Il développera des axes nouveaux, innovants et répondant aux cadres de la rénovation "
        "de la voie professionnelle. Il renforcera également des leviers identifiés comme "
        "structurants du projet."
    ),
    "targeted_schools": (
        "Les Lycées Professionnels et particulièrement les établissements tertiaires accueillant "
        "les diplômes du domaine commercial ou du tertiaire administratif."
    ),
}
# (resource, label, amount): « prévisionnel », « sollicitée »: all requested.
NUMAVENIR_LINES = [
    ("eu_aid", "Aide FSE sollicitée", Decimal("601409.90")),
    ("valorisation", "Valorisation des postes Rectorat", Decimal("401500.00")),
]
# « Les objectifs visés »: the Europe 2020 aim, then the three objectives that the seed
# introduces with « Grâce aux outils numériques développés dans l'académie soit en
# expérimentation ou en déploiement : » (the operation's `objectives_intro`).
NUMAVENIR_AIM = (
    "Répondre aux objectifs de l'Union Européenne dans le cadre de la stratégie Europe 2020, "
    "avec une limitation à 9,5 % du taux de jeunes en dehors de tout système de formation et "
    f"sans diplôme du secondaire{NB};"
)
NUMAVENIR_OBJECTIVES = [
    f"Améliorer les conditions d'accès au marché du travail par l'obtention d'un diplôme "
    f"qualifiant{NB};",
    "Valoriser la filière professionnelle auprès des élèves, des familles et des secteurs "
    f"socio-économiques{NB};",
    "Insuffler une culture de la formation tout au long de la vie par un processus de "
    f"construction de l'orientation et du projet professionnel{NB};",
]
# « Objectifs des actions »: (number, title, objectives).
NUMAVENIR_ACTIONS = [
    (
        1,
        "Évolution des espaces et climat scolaire",
        [
            f"Sensibiliser à l'importance d'un climat scolaire de qualité{NB};",
            "Mener une réflexion sur l'évolution des espaces scolaires pour accueillir des "
            f"situations pédagogiques plus variées, plus actives{NB};",
            "Explorer des pistes proposées par la recherche par des outils et supports "
            f"nouveaux{NB};",
            "Penser des espaces de collaboration (horizontaux, verticaux, individuels, "
            f"collectifs){NB};",
            f"Co-concevoir de nouveaux espaces pédagogiques ouverts aux pratiques de demain{NB};",
            f"Renforcer le partenariat avec les collectivités{NB};",
            "Rendre compte sous forme de retours d'expériences par la technique de l'entretien "
            f"d'explicitation{NB};",
            f"Repenser l'ouverture des établissements scolaires pour l'accueil des familles{NB};",
        ],
    ),
    (
        2,
        "Évaluation formative augmentée",
        [
            "Acculturer à la notion d'évaluation augmentée" + NB + ": exigeante et "
            f"bienveillante associant le concept d'intelligence artificielle{NB};",
            "Poursuivre les expérimentations en cours – protocole de la plateforme et des "
            f"retours usagers{NB};",
            "Rencontrer et échanger avec les élèves, les parents d'élèves des établissements "
            f"expérimentateurs{NB};",
            "Proposer à la communauté enseignante plusieurs modalités d'évaluation, les "
            f"expérimenter, les évaluer, les essaimer{NB};",
            "Présenter aux parents, en toute transparence, les modalités d'évaluation de "
            f"leur(s) enfant(s){NB};",
            f"Rédiger un livret des bonnes pratiques et des retours d'expérience{NB};",
            "Réaliser des capsules vidéo de formation, de témoignages d'usages, de recueils "
            f"d'expériences{NB};",
            "Pérenniser et renforcer le partenariat avec le MLCLCM par la participation active "
            "de l'équipe Numavenir aux colloques et groupes de travail du mouvement au sein de "
            f"la DGESCO{NB};",
            f"Témoigner du déploiement dans les établissements{NB};",
            "Recueillir les usages par l'entretien d'explicitation auprès des élèves et des "
            f"enseignants{NB};",
            "Poursuivre les formations à l'EPCC dispensées dans les établissements partenaires.",
        ],
    ),
    (
        3,
        "Apprendre mieux avec les cartes mentales et les neurosciences",
        [
            f"Identifier et diffuser les leviers pédagogiques favorisant la réussite scolaire{NB};",
            "Mettre en place plusieurs groupes de production de ressources sur différents "
            f"thèmes{NB};",
            "Diffuser ces ressources sous forme de fiches pédagogiques de séance via un groupe "
            f"collaboratif dans l'ENT Mon Bureau Numérique{NB};",
            "Recueillir les effets observés sous forme de témoignages filmés ou encore "
            f"d'entretiens d'explicitation{NB};",
            "Accompagner les établissements volontaires par un groupe d'enseignants formés au "
            f"sciences cognitives{NB};",
            "Accompagner à la pédagogie par projet et à la mise en œuvre du chef d'œuvre en "
            "cohérence avec le programme de rénovation de la voie professionnelle.",
        ],
    ),
    (
        4,
        "Le lien intergénérationnel comme tremplin vers la réussite",
        [
            "Accompagner l'élève dans la construction de son parcours et concrétiser son projet "
            "de formation avec une transcription régulière dans le portfolio numérique Folios",
            "Renouveler les formations à l'outil Folios avec le partenaire Onisep à destination "
            "des séniors et des enseignants",
            "Construire des fiches de retour de pratiques et les mettre à disposition des "
            "référents décrochage et à l'ensemble des enseignants",
            "Accompagner les élèves dans la valorisation de leurs atouts comportementaux "
            f"«{NB}soft skills{NB}» ou «{NB}compétences douces{NB}», de plus en plus examinées "
            f"par les employeurs{NB}: connaissance et maîtrise de soi, compétences "
            "relationnelles, capacité à prendre des décisions responsables, conscience sociale…",
            "Recueillir les effets observés sous forme de témoignages filmés ou encore "
            "d'entretiens d'explicitation, réaliser des capsules vidéo des sessions et les "
            "mettre à disposition sur le site numavenir.com",
        ],
    ),
    (
        5,
        "Parentalité, ouverture de l'école, rapprochement des familles",
        [
            "Acculturation des enseignants à la construction de parcours individualisés sur les "
            "aspects pédagogiques et aussi de vie scolaire intégrés à l'ENT" + NB + ": groupes "
            "de compétences, accompagnement éducatif,",
            "Conception d'un parcours Moodle sur la sécurisation du parcours des élèves par les "
            "outils numériques proposés dans l'ENT",
            "Valorisation de l'usage du cahier de texte numérique en lien avec les modules "
            "pédagogiques et ressources proposés dans l'ENT",
            "Élargir le vivier d'associations de quartier",
            "Créer un groupe partenariat, des médiateurs numériques des associations de quartier",
            "Favoriser l'intégration de parents étrangers, modifier le regard des parents en "
            "situation d'exclusion",
        ],
    ),
    (
        6,
        "Communauté apprenante, laboratoire d'idées, valorisation et mise en commun des savoirs "
        "et des pratiques",
        [
            "Expérimenter de nouvelles pratiques pédagogiques",
            "Impulser de nouvelles façons de travailler, de collaborer",
            "Acculturer aux bonnes pratiques, à l'esprit critique et à l'éducation aux médias",
            "Accompagner à l'appropriation et à la diffusion de ces méthodes",
            "Recueillir les expériences et diffuser leurs effets par la technique de l'entretien "
            "d'explicitation et à l'aide de capsules vidéo",
        ],
    ),
    (
        7,
        "Pilotage, suivi des participants et communication",
        [
            "Piloter l'ensemble de l'opération au niveau pédagogique, administratif et "
            f"financier{NB};",
            "Appuyer sur le plan méthodologique et dans le cadre d'expertises les différents "
            f"groupes de travail (actions){NB};",
            "Gérer et piloter globalement la communication autour de l'opération et de "
            f"l'intervention du FSE{NB};",
            "Réaliser un film documentaire qui décrive la réalité du projet dans son "
            f"ensemble{NB};",
            f"Analyser, vérifier la cohérence et valider les travaux inscrits dans le projet{NB};",
            "Garantir la méthodologie, communiquer les résultats, informer et sensibiliser les "
            f"acteurs du réseau{NB};",
            "Assurer une cohérence globale et un enrichissement de la réflexion pour l'ensemble "
            f"des actions{NB};",
            "Renforcer le sentiment d'appartenance au projet par l'organisation d'un "
            f"jeu-concours{NB};",
            "Organiser la participation aux Journées Académiques du Numérique Éducatif (JANE) de "
            "l'académie, afin d'y présenter le projet, de rendre visibles les actions, les "
            f"acteurs, les partenaires, les effets{NB};",
            "Organiser la participation à des séminaires nationaux et internationaux, avec les "
            "partenaires institutionnels pour présenter le projet et élargir les axes de "
            f"partenariats liés aux thématiques du projet, en cours et à venir{NB};",
        ],
    ),
]
# What the actions' objectives name as products: (action number, kind, title), the title in
# the seed's words; no link or date (the seed gives none).
NUMAVENIR_DELIVERABLES = [
    (2, "booklet", "Livret des bonnes pratiques et des retours d'expérience"),
    (2, "video", "Capsules vidéo de formation, de témoignages d'usages, de recueils d'expériences"),
    (
        3,
        "session_sheets",
        "Fiches pédagogiques de séance via un groupe collaboratif dans l'ENT Mon Bureau Numérique",
    ),
    (
        5,
        "course",
        "Parcours Moodle sur la sécurisation du parcours des élèves par les outils numériques "
        "proposés dans l'ENT",
    ),
    (7, "film", "Film documentaire qui décrive la réalité du projet dans son ensemble"),
]

# --- NOVA - Naviguer Oser Valoriser Agir ----------------------------------------------------
NOVA = {
    "slug": "nova",
    "name": "NOVA - Naviguer Oser Valoriser Agir",
    "acronym": "NOVA",
    "acronym_expansion": "Naviguer Oser Valoriser Agir",
    "actions_intro": "L'application NOVA, s'attachera à",
    "starts_on": D(2019, 7, 9),
    "ends_on": D(2021, 12, 31),
    "total_eligible_cost": Decimal("527500.00"),
    "description": (
        "Développement d'une application et mise en place de bornes de réalité virtuelle.\n\n"
        "- Viser un rapprochement entre l'offre et la demande de compétences sur le marché du "
        "travail\n"
        "- Décloisonner la circulation de l'information pour renforcer la fluidité et "
        "transparence sur le marché du travail\n"
        "- Identifier, évaluer et développer des compétences transversales à travers des mises "
        "en situation ludiques (serious games ou tout autre support numérique)\n"
        "- Mettre à disposition des moyens de découvrir des métiers en tension de façon ludique "
        "(borne avec réalité augmentée)\n"
        "- Permettre aux institutionnels, organismes de formation et acteurs de "
        "l'accompagnement économique et social de s'adapter aux besoins des personnes en "
        "recherche d'emploi."
    ),
}
# « L'application NOVA, s'attachera à » 1- … 4-: (number, title, description). The first is
# longer than a title may be: it is cut at its own « ; », the rest going to the description.
NOVA_OBJECTIVES = [
    (
        1,
        "repérer et développer les compétences transversales, le cas échéant, détenues par les "
        f"personnes en recherche d'emploi, attendues par les entreprises{NB};",
        "les signaler sur le marché du travail afin de leurs permettre concrètement de les "
        "rendre visibles sur le marché auprès des entreprises et de les valoriser davantage et "
        "favoriser l'emploi.",
    ),
    (2, f"faire découvrir les métiers en tension par des vidéos «{NB}petit format{NB}»,", ""),
    (3, "découvrir les métiers sur des spots par de la réalité virtuelle", ""),
    (4, "mettre en relation les entreprises et les futurs employés", ""),
]

# --- PLANETE --------------------------------------------------------------------------------
PLANETE = {
    "slug": "planete",
    "name": "PLANETE - Projet Lorrain Ambition Numérique en Territoires pour l'Éducation",
    "acronym": "PLANETE",
    "acronym_expansion": "Projet Lorrain Ambition Numérique en Territoires pour l'Éducation",
    "actions_intro": f"PLANETE s'appuie sur la mise en oeuvre de trois axes{NB}:",
    "starts_on": D(2019, 10, 1),
    "ends_on": D(2023, 12, 31),
    "total_eligible_cost": Decimal("4809825.00"),
    "description": (
        "Le projet PLANETE participe à répondre aux enjeux académiques du numérique "
        f"éducatif{NB}: proximité, équité des territoires, inclusion, pratiques pédagogiques "
        "enrichies et valorisation des usages.\n\n"
        "Une démarche de recherche - développement sera appliquée à la création de nouveaux "
        "outils pédagogiques développés dans le cadre de PLANETE, permettant d'en éprouver la "
        "cohérence, les valeurs ajoutées, avant leur diffusion généralisée. Cette démarche "
        "innovante et unique n'a pas été pratiquée pour le développement des outils "
        "pédagogiques existants actuellement dans l'académie.\n\n"
        "L'académie de Nancy-Metz via la DANE souhaite renforcer sa mission d'accompagnement et "
        "de soutien aux transformations profondes de notre système éducatif en recourant aux "
        "possibilités offertes par le numérique, dans toutes les disciplines, comme au-delà, "
        "et, en corollaire, de veiller à ce que les ressources numériques soient mobilisables "
        "et mobilisées dans les pratiques pédagogiques.\n\n"
        "La volonté commune à l'Éducation nationale et aux collectivités territoriales est de "
        "mettre les outils numériques à disposition de tous les élèves, quel que soit "
        "l'établissement où ils sont scolarisés. Cet effort participe à lutter contre "
        "l'illectronisme et nécessite de fédérer les acteurs d'un territoire afin de porter "
        "ensemble un projet cohérent du numérique éducatif au service de la réussite des "
        "élèves."
    ),
}
PLANETE_LINES = [
    ("eu_aid", "Aide FEDER sollicitée", Decimal("2851925.00")),
    ("regional_aid", "Aide Région (Recherche UL)", Decimal("50000.00")),
    (
        "valorisation_self",
        "Valorisation des postes Rectorat et autofinancement",
        Decimal("1907900.00"),
    ),
]
GIP_FTLV = "GIP FTLV"
UNIVERSITE_DE_LORRAINE = "Université de Lorraine"  # « l'UL »
# The seed's sentence on the consortium, kept as the carrier's note: the EPLE to be associated
# are not named, so none is made up.
CONSORTIUM_NOTE = (
    "Consortium porté par le GIP FTLV, partenariat avec l'UL et plusieurs EPLE qui vont être "
    "associés en cours de projet."
)
# « Les axes d'expérimentation »: (number, title, text).
PLANETE_AXES = [
    (
        1,
        "e-Lab en territoires",
        "lieux de co-conception, espaces d'appropriation des nouvelles technologies, de "
        "nouvelles pratiques et de découvertes culturelles intégrant les outils numériques, mis "
        "en place au sein d'établissements volontaires dans une démarche de co-construction, "
        "d'apprentissage et de partage, de collaboration et d'intelligence collective" + NB + ";",
    ),
    (
        2,
        "ressources numériques et intelligence artificielle",
        f"afin de répondre à la problématique suivante{NB}: comment passer du résultat d'un "
        "laboratoire de recherche à un prototype, puis à un outil largement diffusable et "
        f"diffusé{NB}? Plus globalement, la cible est la pérennisation des résultats des projets "
        "recherche en e-éducation soutenus par l'académie de Nancy - Metz" + NB + ";",
    ),
    (
        3,
        "Plateforme LUNE",
        "pLateforme des Usages du Numérique Educatif, support de partage de pratiques "
        "pédagogiques et de ressources locales, unique et fédérateur, embarquant de "
        "l'intelligence artificielle" + NB + ";",
    ),
]
