"""Demo data: the programme catalogue (issue 10, point 1), from the seeds' own words.

- Nancy-Metz, « Ateliers ambition-confiance » (seed 000): since September 2021, the SAIO's
  mailbox, the SAIO and the chargée de mission Lucie Antoine as contacts, the presentation
  video (the seed embeds it; the page links to it, the site's policy forbids frames).
- Paris, « Ambassadeurs du numérique » (seed 001): the 2018-2019 convention and its three aims.
  The seed names no contact person, service or mailbox: the programme has no contact.
- Paris, M@gistère (seed 002): the académie of the demo's first-degree teacher (Thomas Moreau,
  professeur des écoles stagiaire in Paris, accounts/demo.py); « L'ESSENTIEL » as presentation.
  The seed names no contact either.
- Créteil, the ANT (seed 004): Patricia Bourgeois, her phone and e-mail, as the seed gives them.

Staff: Lucie Antoine (SAIO) of ambition-confiance, Patricia Bourgeois (EAFC, ex-DAFOR) of the
ANT; the Ambassadeurs' and M@gistère's staff come with their own parts' demo.

Rows are found by natural keys (the programme by académie and kind, a contact by name, a
resource by title, a membership by person and function) and saved only where a value differs:
a second run writes nothing, history included."""

import datetime

from accounts.demo import CRETEIL, NANCY_METZ, PARIS, demo_email, upsert
from accounts.models import Academie, User
from programmes.models import Programme, ProgrammeContact, ProgrammeMembership, ProgrammeResource

CHANGE_REASON = "Données de démonstration"
NB = "\u00a0"  # before « : ; ? ! » and inside « »

AMBITION_CONFIANCE = {
    "slug": "ambition-confiance-nancy-metz",
    "title": "Ateliers ambition-confiance",
    "summary": (
        f"Une brigade d'animateurs d'ateliers «{NB}ambition-confiance{NB}» venant de différents "
        "établissements de l'académie, qui grandit peu à peu depuis sa création en septembre "
        "2021."
    ),
    "presentation": (
        f"La deuxième promotion d'animateurs d'ateliers «{NB}ambition-confiance{NB}» vient de "
        "finir ses deux modules de formation. La brigade grandit peu à peu depuis sa création "
        "en septembre 2021. L'académie de Nancy-Metz compte désormais 5 équipes de formateurs "
        "pour le niveau seconde, 2 pour le niveau première et 2 pour le niveau terminale. "
        "15 animateurs vont animer des ateliers dans plusieurs établissements de l'académie dès "
        "le deuxième trimestre de l'année scolaire 2021-2022, bientôt rejoints par deux "
        "anciennes animatrices.\n\n"
        "Cette brigade est composée de Psy-EN, de CPE, d'enseignants de matière générale ou de "
        "matière professionnelle et de professeurs documentalistes venant de différents "
        "établissements de l'académie (Pont-à-Mousson, Thionville, Metz, Thaon-les-Vosges, "
        "Épinal, Nancy, Bar-le-Duc, Tomblaine).\n\n"
        "De nouveaux ateliers sont également en cours de planification pour le mois de "
        "septembre 2022 et une nouvelle formation tronc commun, fil rouge aura ainsi lieu la "
        "semaine du 14 au 19 décembre 2022.\n\n"
        "Professionnels de l'académie de Nancy-Metz, vous souhaitez venir observer et découvrir "
        f"la philosophie de ces ateliers{NB}? Rien de plus simple{NB}: signalez-vous auprès du "
        "SAIO. En amont de la journée d'observation, vous aurez accès à un module sur la "
        "plateforme M@gistère dans lequel vous trouverez des témoignages d'animateurs, mais "
        "aussi des illustrations des conducteurs pédagogiques et des plaquettes de présentation."
    ),
    "period": "Depuis septembre 2021",
    "started_on": datetime.date(2021, 9, 1),
    "ended_on": None,
    "status": Programme.Status.OUVERT,
    "service_mailbox": "ce.saio@ac-nancy-metz.fr",
}
AMBITION_CONFIANCE_CONTACTS = [
    {
        "name": "SAIO",
        "function": "Service académique d'information et d'orientation",
        "email": "ce.saio@ac-nancy-metz.fr",
        "phone": "",
        "order": 1,
    },
    {
        "name": "Lucie Antoine",
        "function": "Chargée de mission",
        "email": "lucie.antoine@ac-nancy-metz.fr",
        "phone": "",
        "order": 2,
    },
]
AMBITION_CONFIANCE_RESOURCES = [
    {
        "title": "Les ateliers ambition-confiance en vidéo",
        "kind": ProgrammeResource.Kind.VIDEO,
        # The seed's player embeds the video NMgf1st2qmE: its page on YouTube.
        "url": "https://www.youtube.com/watch?v=NMgf1st2qmE",
        "description": "La vidéo de présentation des ateliers (YouTube).",
        "order": 1,
    }
]

AMBASSADEURS = {
    "slug": "ambassadeurs-du-numerique-paris",
    "title": "Ambassadeurs du numérique",
    "summary": (
        "Le rectorat de Paris, l'ESPE de Paris et la MGEN, rejoints par la Ville de Paris, "
        "renforcent la pratique du numérique éducatif des futurs enseignants."
    ),
    "presentation": (
        "Le 22 novembre 2018, dans la Salle des Actes du palais académique de la Sorbonne, le "
        "recteur Gilles Pécout, Alain Frugière, directeur de l'ESPE de Paris, Patrick Bloche, "
        "adjoint à la maire de Paris en charge de l'Éducation, et Christophe Lafond, "
        "vice-président de la MGEN, ont signé la convention de partenariat relative au "
        f"dispositif «{NB}Ambassadeurs du numérique{NB}» pour la période 2018-2019.\n\n"
        "Deux ans plus tôt, le rectorat de Paris et l'ESPE avaient initié ce partenariat avec "
        "la MGEN, qui avait permis à 30 professeurs stagiaires des écoles de devenir des "
        f"«{NB}Ambassadeurs du numérique{NB}».\n\n"
        f"Le programme vise à{NB}:\n"
        "- renforcer la formation des enseignants stagiaires au et par le numérique à l'ESPE, "
        "notamment sur les compétences collaboratives et créatives et sur la compréhension des "
        "enjeux du numérique éducatif{NB};\n"
        "- renforcer leur pratique raisonnée du numérique, par un suivi renforcé des "
        "maîtres-formateurs désignés incluant une dimension numérique dans leur mémoire MEEF{NB};\n"
        "- organiser la diffusion de leurs compétences numériques auprès des collègues dès "
        "l'année de Master 2 et durant les deux années qui suivent leur titularisation, en les "
        "aidant à capitaliser leurs compétences dans un e-portfolio.\n\n"
        "En 2018-2019, avec la Ville de Paris, le programme s'étend à 48 professeurs stagiaires "
        "du premier degré et 10 du second degré, en documentation, espagnol, mathématiques et "
        "allemand.\n\n"
        "L'accompagnement se fait sur le terrain, à la demande des Ambassadeurs, directement "
        "dans les classes, pendant et hors temps scolaire. Des ateliers pratiques complètent la "
        "formation de l'ESPE, et un espace collaboratif M@gistère permet un accompagnement à "
        "distance."
    ),
    "period": "2018-2019",
    "started_on": None,
    "ended_on": None,
    "status": Programme.Status.OUVERT,
    "service_mailbox": "",
}

MAGISTERE = {
    "slug": "magistere-paris",
    "title": "Parcours M@gistère",
    "summary": (
        "Une plateforme unique de formation continue hybride pour les enseignants du premier "
        "et du second degré, où l'enseignant se forme où il le souhaite."
    ),
    "presentation": (
        "- Un service inscrit dans la politique nationale de formation des professeurs des "
        "écoles (décret des 108 heures).\n"
        "- Une plateforme unique permettant à l'enseignant de se former où il le souhaite "
        "(école, domicile…).\n"
        "- Une offre de formation personnalisée où l'enseignant est placé en responsabilité.\n"
        "- Une interface simple permettant de suivre sa progression.\n"
        "- Des parcours de qualité produits par la DGESCO, les académies, l'Ifé, Canopé et les "
        "ESPE.\n\n"
        "Pour le premier degré, au moins 9 des 18 heures consacrées à l'animation pédagogique "
        "et à des actions de formation continue sont dédiées à des formations sur support "
        "numérique. L'offre de formation en circonscription se fonde sur un diagnostic des "
        "besoins établi par chaque inspecteur de l'éducation nationale (IEN).\n\n"
        "Pour le second degré, les actions de formation M@gistère sont mises en œuvre dans le "
        "cadre du plan académique de formation."
    ),
    "period": "",
    "started_on": None,
    "ended_on": None,
    "status": Programme.Status.OUVERT,
    "service_mailbox": "",
}

ANT = {
    "slug": "ant-creteil",
    "title": "Aides négociées de territoire (ANT)",
    "summary": (
        "Une modalité d'accompagnement de projets de formation d'initiative locale, qui aide "
        "des équipes de personnels volontaires à trouver des réponses à leurs questionnements "
        "professionnels."
    ),
    "presentation": (
        "Une aide négociée de territoire (ANT) est une modalité d'accompagnement de projets de "
        "formation d'initiative locale. Un catalogue non limitatif de thématiques, "
        "transversales et disciplinaires, est publié dans le chapitre ANT du PAF 2020-2021. Il "
        "permet aux équipes, à l'échelle de l'établissement, du district ou du réseau, de "
        "s'approprier ces thématiques pour construire leur projet collectif de formation.\n\n"
        "Une phase de diagnostic associant l'équipe volontaire, ses représentants et les "
        "formateurs est le préalable indispensable à l'élaboration du projet de formation, "
        "possiblement évolutif.\n\n"
        "Entre le 15 juin et le 8 juillet, puis à partir du 21 août, plusieurs membres d'une "
        "équipe éducative peuvent rédiger et transmettre à la DAFOR une demande d'aide négociée "
        "de territoire, sous couvert de leur chef d'établissement.\n\n"
        "Le contexte sanitaire ayant empêché la poursuite ou la mise en œuvre de certaines ANT "
        "commencées ou validées en 2019-2020, priorité leur sera donnée au premier trimestre de "
        "l'année scolaire."
    ),
    "period": "2020-2021",
    "started_on": None,
    "ended_on": None,
    "status": Programme.Status.OUVERT,
    "service_mailbox": "",
}
ANT_CONTACTS = [
    {
        "name": "Patricia Bourgeois",
        "function": "DAFOR, informations sur les aides négociées de territoire",
        "email": "patricia.bourgeois@ac-creteil.fr",
        "phone": "01.57.02.67.89",
        "order": 1,
    }
]
ANT_RESOURCES = [
    {
        "title": "Le chapitre ANT du PAF 2020-2021 sur le site de la DAFOR",
        "kind": ProgrammeResource.Kind.LIEN,
        "url": "https://dafor.ac-creteil.fr/",
        "description": "",
        "order": 1,
    }
]

PROGRAMMES = [
    (NANCY_METZ, Programme.Kind.AMBITION_CONFIANCE, AMBITION_CONFIANCE,
     AMBITION_CONFIANCE_CONTACTS, AMBITION_CONFIANCE_RESOURCES),
    (PARIS, Programme.Kind.AMBASSADEURS, AMBASSADEURS, [], []),
    (PARIS, Programme.Kind.MAGISTERE, MAGISTERE, [], []),
    (CRETEIL, Programme.Kind.ANT, ANT, ANT_CONTACTS, ANT_RESOURCES),
]  # fmt: skip

# The programmes' staff: (académie, kind, demo e-mail key, since).
STAFF = [
    (NANCY_METZ, Programme.Kind.AMBITION_CONFIANCE, "saio", datetime.date(2021, 9, 1)),
    (CRETEIL, Programme.Kind.ANT, "dafor", datetime.date(2020, 6, 15)),
]


def seed():
    for code, kind, values, contacts, resources in PROGRAMMES:
        academie = Academie.objects.get(code=code)
        programme = upsert(Programme, {"academie": academie, "kind": kind}, values)
        for contact in contacts:
            upsert(ProgrammeContact, {"programme": programme, "name": contact["name"]}, contact)
        for resource in resources:
            upsert(
                ProgrammeResource, {"programme": programme, "title": resource["title"]}, resource
            )
    for code, kind, key, since in STAFF:
        programme = Programme.objects.get(academie__code=code, kind=kind)
        user = User.objects.get(email=demo_email(key))
        current = programme.memberships.filter(
            user=user, function=ProgrammeMembership.Function.STAFF, ended_on__isnull=True
        )
        if not current.exists():
            membership = ProgrammeMembership(
                programme=programme,
                user=user,
                function=ProgrammeMembership.Function.STAFF,
                started_on=since,
            )
            membership._change_reason = CHANGE_REASON
            membership.save()
