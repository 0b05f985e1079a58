"""Demo data for ANT requests (seed 004, Créteil DAFOR): the 2019-2020 campaign whose requests
the sanitary context postponed, and the 2020-2021 campaign with the seed's dates, a catalogue
and requests in every state. Requests are moved through `workflow.perform`, so their
timelines, threads and messages are the real ones. Idempotent: a request that exists (same
campaign and title) is left alone."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.demo import CRETEIL, demo_email, demo_password
from accounts.models import Academie, Corps, Etablissement, Role, RoleMembership, User
from notifications.models import Message
from requests import services, workflow
from requests.models import (
    AntRequest,
    Campaign,
    Scale,
    SubmissionWindow,
    TeamMember,
    Theme,
    TrainerProfile,
)

PARIS_TZ = ZoneInfo("Europe/Paris")

THEMES = [
    ("Évaluer par compétences au collège", "transversal", "",
     "Construire en équipe des outils d'évaluation par compétences et une grille commune par cycle.",
     "Équipes pédagogiques de collège"),
    ("Climat scolaire et prévention du harcèlement", "transversal", "",
     "Diagnostiquer le climat scolaire, mettre en place le protocole de prise en charge et former des élèves ambassadeurs.",
     "Équipes pluricatégorielles (enseignants, CPE, AED, infirmiers)"),
    ("Continuité pédagogique et enseignement hybride", "transversal", "",
     "Organiser l'alternance présence-distance, choisir des outils et garder le lien avec les élèves les plus fragiles.",
     "Enseignants du second degré"),
    ("Enseigner la compréhension en lecture au cycle 3", "disciplinaire", "Lettres",
     "Expliciter les stratégies de compréhension, de l'école au collège, à partir des travaux de recherche récents.",
     "Professeurs des écoles et de lettres (liaison école-collège)"),
    ("Différencier en mathématiques en classe hétérogène", "disciplinaire", "Mathématiques",
     "Concevoir des tâches à plusieurs niveaux d'entrée et des aides graduées en calcul et en résolution de problèmes.",
     "Professeurs de mathématiques"),
    ("Accueillir et scolariser les élèves allophones", "transversal", "",
     "Évaluer les acquis à l'arrivée, organiser l'inclusion en classe ordinaire et le travail avec l'UPE2A.",
     "Équipes accueillant des élèves allophones"),
    ("Préparer les élèves au Grand oral", "transversal", "",
     "Travailler la prise de parole, l'argumentation et l'évaluation de l'oral dans toutes les disciplines.",
     "Enseignants de lycée"),
    ("Enseigner l'histoire et la mémoire des génocides", "disciplinaire", "Histoire-géographie",
     "Construire des séquences et des projets de mémoire avec des partenaires culturels.",
     "Professeurs d'histoire-géographie"),
]  # fmt: skip

# Extra staff of the Créteil schools, so every state has a real team and head.
STAFF = {
    "0941025D": [("m.ferreira", "Marie Ferreira", Corps.CERTIFIE, "Lettres"),
                 ("y.toure", "Youssef Touré", Corps.CERTIFIE, "Mathématiques"),
                 ("chef.assia-djebar", "Anne Delmas", Corps.PERDIR, "")],
    "0941413A": [("c.nguyen", "Claire Nguyen", Corps.AGREGE, "Histoire-géographie"),
                 ("b.morel", "Bruno Morel", Corps.PLP, "Économie-gestion"),
                 ("chef.leon-blum", "Philippe Garnier", Corps.PERDIR, "")],
    "0931613Y": [("s.kone", "Sarah Koné", Corps.CERTIFIE, "Anglais"),
                 ("l.petit", "Laurent Petit", Corps.CPE, "Vie scolaire"),
                 ("chef.louise-michel", "Isabelle Roux", Corps.PERDIR, "")],
    "0930121B": [("a.lopes", "Ana Lopes", Corps.CERTIFIE, "Espagnol"),
                 ("t.bernard", "Thomas Bernard", Corps.CERTIFIE, "Physique-chimie"),
                 ("chef.jean-jaures", "Mohamed Cherif", Corps.PERDIR, "")],
    "0930125F": [("j.martin", "Julie Martin", Corps.CERTIFIE, "Lettres"),
                 ("k.diop", "Khadija Diop", Corps.PSYEN_EDO, "Orientation"),
                 ("chef.paul-eluard", "Éric Vasseur", Corps.PERDIR, "")],
    "0770930T": [("p.lemoine", "Pauline Lemoine", Corps.CERTIFIE, "Mathématiques"),
                 ("r.girard", "Romain Girard", Corps.PEPS, "EPS"),
                 ("chef.henri-moissan", "Catherine Aubert", Corps.PERDIR, "")],
}  # fmt: skip

# Volunteer trainers: (e-mail key, name, disciplines, département, home school UAI).
TRAINERS = [
    ("formateur", "Karim Haddad", "Lettres", "094", ""),
    ("h.marchand", "Hélène Marchand", "Mathématiques", "093", "0931613Y"),
    ("o.chevalier", "Olivier Chevalier", "Histoire-géographie", "077", ""),
    ("a.diallo", "Amina Diallo", "Vie scolaire", "094", "0941033M"),
]

JEAN_PERRIN = "0941033M"


def _at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS_TZ)


def _user(key, name, corps, discipline, role, *, uai=None, academie=None):
    user, created = User.objects.get_or_create(
        email=demo_email(key),
        defaults={"full_name": name, "corps": corps, "discipline": discipline},
    )
    if created:
        user.set_password(demo_password())
        user.save(update_fields=["password"])
    school = Etablissement.objects.get(uai=uai) if uai else None
    RoleMembership.objects.get_or_create(
        user=user,
        role=role,
        etablissement=school,
        academie=school.academie if school else academie,
    )
    return user


def _staff(uai):
    teachers = []
    head = None
    for key, name, corps, discipline in STAFF[uai]:
        role = Role.CHEF_ETABLISSEMENT if corps == Corps.PERDIR else Role.ENSEIGNANT
        user = _user(key, name, corps, discipline, role, uai=uai)
        if role == Role.CHEF_ETABLISSEMENT:
            head = user
        else:
            teachers.append(user)
    return teachers, head


def _campaign(academie, year, title, published_on, windows):
    campaign, _ = Campaign.objects.get_or_create(
        academie=academie,
        school_year=year,
        defaults={"title": title, "published_on": published_on},
    )
    for opens_on, closes_on in windows:
        SubmissionWindow.objects.get_or_create(
            campaign=campaign, opens_on=opens_on, defaults={"closes_on": closes_on}
        )
    return campaign


def demo_request(campaign, title):
    """The demo request of `campaign` titled `title`. Titles were first written with plain
    spaces before « : ? » (a database seeded then still has them): such a request gets its
    title put right instead of being created a second time."""
    ant = AntRequest.objects.filter(campaign=campaign, title=title).first()
    plain = title.replace("\u00a0", " ")
    if ant is None and plain != title:
        ant = AntRequest.objects.filter(campaign=campaign, title=plain).first()
        if ant is not None:
            ant.title = title
            ant.save(update_fields=["title"])
    return ant


class Story:
    """Moves one demo request through the workflow at the dates given."""

    def __init__(self, campaign, title, school, coordinator, colleague, theme=None, **fields):
        self.campaign = campaign
        self.request = demo_request(campaign, title)
        self.fresh = self.request is None
        if self.fresh:
            self.request = services.create_request(
                campaign=campaign,
                coordinator=coordinator,
                schools=[school],
                scale=Scale.ETABLISSEMENT,
                coordinating_school=school,
                theme=theme,
                own_theme="" if theme else fields.pop("own_theme", title),
                title=title,
                professional_questions=fields.pop("questions"),
                expected_outcomes=fields.pop("outcomes"),
                public_count=fields.pop("public_count", 12),
                public_categories=fields.pop("public_categories", "Enseignants, CPE"),
                preferred_periods=fields.pop(
                    "periods", "Premier trimestre, le mercredi après-midi"
                ),
                **fields,
            )
            TeamMember.objects.create(
                request=self.request,
                user=colleague,
                status=TeamMember.Status.CONFIRMED,
                answered_at=timezone.now(),
            )

    def step(self, name, by, day, comment="", **data):
        if self.fresh:
            workflow.perform(self.request, name, by=by, comment=comment, data=data, now=_at(day))
        return self


def seed():
    academie = Academie.objects.get(code=CRETEIL)
    before = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    previous = _campaign(
        academie,
        "2019-2020",
        "Aides négociées de territoire 2019-2020",
        datetime.date(2019, 6, 17),
        [(datetime.date(2019, 6, 17), datetime.date(2019, 7, 5))],
    )
    # The seed's dates: published on 15 June, windows 15 June-8 July, then from 21 August
    # (the office has not set the closing date yet, so the window is open).
    campaign = _campaign(
        academie,
        "2020-2021",
        "Aides négociées de territoire 2020-2021 (PAF, chapitre ANT)",
        datetime.date(2020, 6, 15),
        [
            (datetime.date(2020, 6, 15), datetime.date(2020, 7, 8)),
            (datetime.date(2020, 8, 21), None),
        ],
    )
    themes = {}
    for title, kind, discipline, description, public in THEMES:
        themes[title], _ = Theme.objects.get_or_create(
            campaign=campaign,
            title=title,
            defaults={
                "kind": kind,
                "discipline": discipline,
                "description": description,
                "target_public": public,
            },
        )

    dafor = User.objects.get(email=demo_email("dafor"))
    perrin = Etablissement.objects.get(uai=JEAN_PERRIN)
    nadia = User.objects.get(email=demo_email("enseignant"))
    julien = User.objects.get(email=demo_email("enseignant2"))
    perrin_head = User.objects.get(email=demo_email("chef"))
    staff = {uai: _staff(uai) for uai in STAFF}
    school = {uai: Etablissement.objects.get(uai=uai) for uai in STAFF}

    trainers = {}
    for key, name, disciplines, departement, home in TRAINERS:
        user = _user(key, name, Corps.CERTIFIE, disciplines, Role.FORMATEUR, academie=academie)
        profile, _ = TrainerProfile.objects.get_or_create(
            user=user,
            defaults={
                "academie": academie,
                "disciplines": disciplines,
                "departement": departement,
                "home_school": Etablissement.objects.filter(uai=home).first(),
                "max_load": 3,
            },
        )
        profile.themes.add(*[t for t in themes.values() if t.discipline in ("", disciplines)][:4])
        trainers[key] = user

    def team(uai):
        (first, second), head = staff[uai]
        return first, second, head

    # 2019-2020: requests the sanitary context postponed; carried over as priority.
    for uai, title, questions in [
        (
            "0941413A",
            "Co-intervention en lycée professionnel",
            "Comment organiser la co-intervention entre enseignement général et professionnel ?",
        ),
        (
            "0930121B",
            "Ateliers philo et débat argumenté",
            "Comment installer des débats réglés réguliers dans toutes les classes de seconde ?",
        ),
    ]:
        first, second, head = team(uai)
        (
            Story(
                previous,
                title,
                school[uai],
                first,
                second,
                questions=questions,
                outcomes="Des séquences co-construites et un calendrier commun.",
            )
            .step("submit", first, datetime.date(2019, 6, 20))
            .step("endorse", head, datetime.date(2019, 6, 24))
            .step("start_review", dafor, datetime.date(2019, 9, 10))
            .step(
                "postpone",
                dafor,
                datetime.date(2020, 3, 20),
                "Contexte sanitaire : la formation n'a pas pu être mise en œuvre. Reportée, "
                "prioritaire au 1er trimestre 2020-2021.",
            )
        )
    services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor)

    june = datetime.date(2020, 6, 22)
    sept = datetime.date(2020, 9, 7)
    t = themes
    a, b, h = team("0941025D")
    Story(
        campaign,
        "Lire pour comprendre : liaison CM2-6e",
        school["0941025D"],
        a,
        b,
        t["Enseigner la compréhension en lecture au cycle 3"],
        questions="Nos élèves de 6e décodent mais comprennent mal : comment enseigner explicitement les stratégies ?",
        outcomes="Une progression commune école-collège et des séances observées.",
    ).step("submit", a, june).step(
        "return_to_team",
        h,
        datetime.date(2020, 6, 25),
        "Merci de préciser les écoles du secteur associées et le nombre de professeurs des écoles.",
    )
    Story(
        campaign,
        "Résoudre des problèmes en 6e",
        school["0941025D"],
        b,
        a,
        t["Différencier en mathématiques en classe hétérogène"],
        questions="Comment différencier sans multiplier les fiches ?",
        outcomes="Des tâches à paliers.",
    ).step("submit", b, june).step("endorse", h, datetime.date(2020, 6, 26)).step(
        "start_review", dafor, sept
    ).step(
        "reject",
        dafor,
        datetime.date(2020, 9, 21),
        "Le besoin relève du plan de formation en mathématiques de circonscription (constellations), déjà engagé sur le secteur.",
    )

    a, b, h = team("0941413A")
    Story(
        campaign,
        "Préparer le Grand oral en équipe",
        school["0941413A"],
        a,
        b,
        t["Préparer les élèves au Grand oral"],
        questions="Comment évaluer l'oral de façon cohérente entre disciplines ?",
        outcomes="Une grille d'évaluation partagée et des entraînements réguliers.",
    ).step("submit", a, sept).step("endorse", h, datetime.date(2020, 9, 9))
    Story(
        campaign,
        "Élèves allophones en lycée professionnel",
        school["0941413A"],
        b,
        a,
        t["Accueillir et scolariser les élèves allophones"],
        questions="Comment inclure les élèves d'UPE2A dans les ateliers ?",
        outcomes="Un protocole d'accueil.",
    ).step("submit", b, june).step("endorse", h, datetime.date(2020, 6, 29)).step(
        "start_review", dafor, sept
    ).step(
        "postpone",
        dafor,
        datetime.date(2020, 10, 5),
        "Les formateurs FLE sont mobilisés ce trimestre : reportée à la campagne suivante.",
    )

    a, b, h = team("0931613Y")
    Story(
        campaign,
        "Climat scolaire : protocole harcèlement",
        school["0931613Y"],
        a,
        b,
        t["Climat scolaire et prévention du harcèlement"],
        questions="Comment repérer plus tôt les situations de harcèlement et y répondre en équipe ?",
        outcomes="Un protocole connu de tous et des élèves ambassadeurs formés.",
        public_count=25,
        public_categories="Enseignants, CPE, AED, infirmière",
    ).step("submit", a, june).step("endorse", h, datetime.date(2020, 6, 30)).step(
        "start_review", dafor, sept
    )
    Story(
        campaign,
        "Hybridation en BTS",
        school["0931613Y"],
        b,
        a,
        t["Continuité pédagogique et enseignement hybride"],
        questions="Comment garder le lien avec les étudiants en alternance présence-distance ?",
        outcomes="Des séquences hybrides et des outils communs.",
    ).step("submit", b, june).step("endorse", h, datetime.date(2020, 7, 1)).step(
        "start_review", dafor, datetime.date(2020, 9, 8)
    )

    a, b, h = team("0930121B")
    Story(
        campaign,
        "Enseigner les sciences en langue étrangère",
        school["0930121B"],
        a,
        b,
        own_theme="Enseignement d'une discipline non linguistique (DNL)",
        questions="Comment construire des séquences de physique-chimie en espagnol ?",
        outcomes="Des séquences DNL prêtes pour la section européenne.",
    ).step("submit", a, june).step("endorse", h, datetime.date(2020, 6, 30)).step(
        "start_review", dafor, sept
    ).step(
        "request_corrections",
        dafor,
        datetime.date(2020, 9, 14),
        "Merci de préciser le nombre d'enseignants de DNL concernés et les périodes souhaitées.",
    )
    Story(
        campaign,
        "Projet numérique en seconde",
        school["0930121B"],
        b,
        a,
        t["Continuité pédagogique et enseignement hybride"],
        questions="Comment utiliser l'ENT pour le travail à distance ?",
        outcomes="Des usages partagés de l'ENT.",
    ).step("submit", b, june).step(
        "cancel",
        b,
        datetime.date(2020, 6, 25),
        "L'équipe rejoint finalement le plan numérique du district.",
    )

    a, b, h = team("0930125F")
    diag = (
        Story(
            campaign,
            "Orientation et ambition scolaire",
            school["0930125F"],
            a,
            b,
            own_theme="Accompagner l'orientation des élèves de seconde",
            questions="Comment lutter contre l'autocensure dans les choix d'orientation ?",
            outcomes="Des ateliers d'orientation animés par l'équipe.",
        )
        .step("submit", a, june)
        .step("endorse", h, datetime.date(2020, 6, 30))
        .step("start_review", dafor, sept)
        .step("start_diagnostic", dafor, datetime.date(2020, 9, 16))
    )
    if diag.fresh:
        services.add_diagnostic_note(
            ant=diag.request,
            author=dafor,
            meeting_on=datetime.date(2020, 9, 24),
            body="Réunion avec l'équipe et la psychologue de l'éducation nationale : le projet "
            "s'oriente vers des ateliers ambition-confiance en seconde ; formateur à trouver.",
        )
        services.add_staff_note(
            ant=diag.request,
            author=dafor,
            body="Voir avec le SAIO si un animateur de la brigade peut intervenir.",
        )

    a, b, h = team("0770930T")
    valid = (
        Story(
            campaign,
            "Différencier en mathématiques en seconde",
            school["0770930T"],
            a,
            b,
            t["Différencier en mathématiques en classe hétérogène"],
            questions="Comment accompagner les élèves les plus fragiles en seconde ?",
            outcomes="Des plans de travail et des aides graduées.",
        )
        .step("submit", a, june)
        .step("endorse", h, datetime.date(2020, 7, 2))
        .step("start_review", dafor, sept)
        .step("start_diagnostic", dafor, datetime.date(2020, 9, 10))
    )
    if valid.fresh:
        assignment = services.assign_trainer(
            ant=valid.request, trainer=trainers["h.marchand"], by=dafor
        )
        services.answer_assignment(assignment=assignment, accept=True)
    valid.step(
        "validate",
        dafor,
        datetime.date(2020, 10, 1),
        host_school=school["0770930T"],
        planned_hours=Decimal("18"),
    )

    # Collège Jean Perrin: the demo teacher's and head's own requests.
    running = (
        Story(
            campaign,
            "Lire et comprendre en 6e",
            perrin,
            nadia,
            julien,
            t["Enseigner la compréhension en lecture au cycle 3"],
            questions="Comment enseigner explicitement la compréhension dans toutes les disciplines ?",
            outcomes="Des séances co-construites et observées entre collègues.",
        )
        .step("submit", nadia, june)
        .step("endorse", perrin_head, datetime.date(2020, 6, 24))
        .step("start_review", dafor, sept)
    )
    if running.fresh:
        assignment = services.assign_trainer(
            ant=running.request, trainer=trainers["formateur"], by=dafor
        )
        services.answer_assignment(assignment=assignment, accept=True)
    running.step(
        "validate",
        dafor,
        datetime.date(2020, 9, 18),
        host_school=perrin,
        planned_hours=Decimal("15"),
    )
    project_before_start(  # issue 9, point 1
        running,
        trainers["formateur"],
        held_on=datetime.date(2020, 9, 24),
        findings="Les élèves de 6e lisent couramment mais peinent à inférer ; chaque "
        "discipline donne des textes sans enseigner la compréhension.",
        published_on=datetime.date(2020, 9, 29),
        objectives="Enseigner explicitement des stratégies de compréhension.\n"
        "Co-construire et observer des séances dans plusieurs disciplines.",
        public="12 professeurs de 6e et la professeure documentaliste",
        session_count=5,
        hours_per_session=Decimal("3"),
        planned_dates="Mercredis 14 octobre, 18 novembre et 9 décembre 2020\n"
        "Deux mercredis à fixer en janvier 2021",
    )
    running.step("start", dafor, datetime.date(2020, 10, 5))
    done = (
        Story(
            campaign,
            "Évaluer sans noter en 6e-5e",
            perrin,
            julien,
            nadia,
            t["Évaluer par compétences au collège"],
            questions="Comment passer d'une évaluation chiffrée à une évaluation par compétences ?",
            outcomes="Une grille commune par cycle.",
        )
        .step("submit", julien, june)
        .step("endorse", perrin_head, datetime.date(2020, 6, 23))
        .step("start_review", dafor, datetime.date(2020, 6, 30))
    )
    if done.fresh:
        assignment = services.assign_trainer(
            ant=done.request, trainer=trainers["o.chevalier"], by=dafor
        )
        services.answer_assignment(assignment=assignment, accept=True)
    done.step(
        "validate", dafor, datetime.date(2020, 7, 6), host_school=perrin, planned_hours=Decimal("9")
    )
    project_before_start(  # issue 9, point 1
        done,
        trainers["o.chevalier"],
        held_on=datetime.date(2020, 9, 1),
        findings="Des pratiques d'évaluation très différentes d'une classe à l'autre ; "
        "l'équipe veut une grille commune avant les conseils du premier trimestre.",
        published_on=datetime.date(2020, 9, 3),
        objectives="Construire une grille commune d'évaluation par compétences par cycle.",
        public="10 professeurs de 6e et de 5e",
        session_count=3,
        hours_per_session=Decimal("3"),
        planned_dates="Lundis 14 septembre, 12 octobre et 23 novembre 2020",
    )
    done.step("start", dafor, datetime.date(2020, 9, 14)).step(
        "complete", dafor, datetime.date(2020, 11, 27)
    )
    Story(
        campaign,
        "Climat scolaire au collège Jean-Perrin",
        perrin,
        julien,
        nadia,
        t["Climat scolaire et prévention du harcèlement"],
        questions="Comment améliorer le climat scolaire dans les espaces de vie (cour, cantine) ?",
        outcomes="Un diagnostic partagé et un plan d'action.",
    ).step("submit", julien, sept)
    Story(
        campaign,
        "Différencier en mathématiques en 5e",
        perrin,
        nadia,
        julien,
        t["Différencier en mathématiques en classe hétérogène"],
        questions="Comment proposer des tâches à plusieurs niveaux d'entrée en 5e ?",
        outcomes="Une banque de tâches différenciées.",
    )

    district_request(campaign, t, dafor, perrin_head, staff)

    opinions_of_services(campaign, dafor)  # issue 9, point 2

    training_project_demo(campaign)  # issue 9, point 1

    campaigns_end_and_current(academie, previous, campaign)  # issue 9, points 6-8

    # The demo's messages are history, not news: mark them sent, no e-mail goes out.
    Message.objects.filter(pk__gt=before, status=Message.Status.PENDING).update(
        status=Message.Status.SENT, sent_at=timezone.now()
    )


# --- districts and the CLIF (issue 9, point 3) ---
DISTRICT_REQUEST_TITLE = "Accueillir les élèves allophones dans le district de Vitry-sur-Seine"


def district_request(campaign, themes, dafor, perrin_head, staff):
    """A district request led by the district's CLIF with the « groupe formation » of two
    collèges (seed 004: « en concertation avec le CLIF, il conçoit un projet de formation à
    l'échelle du district »), the host school proposed by the CLIF, endorsed by the head of
    the coordinating school and under review: the office confirms the host school when it
    validates."""
    if AntRequest.objects.filter(campaign=campaign, title=DISTRICT_REQUEST_TITLE).exists():
        return
    clif = User.objects.get(email=demo_email("clif"))
    perrin = Etablissement.objects.get(uai=JEAN_PERRIN)
    assia = Etablissement.objects.get(uai="0941025D")
    teacher = staff["0941025D"][0][0]
    ant = services.create_request(
        campaign=campaign,
        coordinator=clif,
        schools=[perrin, assia],
        scale=Scale.DISTRICT,
        coordinating_school=perrin,
        district=perrin.district,
        theme=themes["Accueillir et scolariser les élèves allophones"],
        own_theme="",
        title=DISTRICT_REQUEST_TITLE,
        professional_questions=(
            "Comment accueillir les élèves allophones arrivés en cours d'année dans les "
            "classes ordinaires des deux collèges, entre les heures d'UPE2A ?"
        ),
        expected_outcomes=(
            "Un protocole d'accueil commun au district et des séances différenciées "
            "partagées entre les équipes."
        ),
        public_count=18,
        public_categories="Enseignants, CPE, professeurs documentalistes",
        preferred_periods="Premier trimestre, le mercredi après-midi",
        proposed_host_school=assia,
    )
    TeamMember.objects.create(
        request=ant, user=teacher, status=TeamMember.Status.CONFIRMED, answered_at=timezone.now()
    )
    workflow.perform(ant, "submit", by=clif, now=_at(datetime.date(2020, 6, 29)))
    workflow.perform(ant, "endorse", by=perrin_head, now=_at(datetime.date(2020, 7, 3)))
    workflow.perform(ant, "start_review", by=dafor, now=_at(datetime.date(2020, 9, 8)))


# --- opinions of the académie's services (« avis externes », issue 9, point 2) ---
OPINION_SERVICE = "Inspection pédagogique régionale — établissements et vie scolaire (IA-IPR EVS)"


def opinions_of_services(campaign, dafor):
    """The DAFOR validates « en relation avec les services académiques et départementaux »
    (seed 004): the demo IA-IPR gave an opinion on the orientation project in diagnostic, and
    one is pending on the school-climate request under review."""
    from requests.models import OpinionRequest

    expert = User.objects.filter(email=demo_email("avis")).first()
    if expert is None:
        return
    answered = AntRequest.objects.filter(
        campaign=campaign, title="Orientation et ambition scolaire"
    ).first()
    if answered is not None:
        OpinionRequest.objects.get_or_create(
            request=answered,
            expert=expert,
            defaults={
                "asked_by": dafor,
                "service": OPINION_SERVICE,
                "question": (
                    "L'équipe s'oriente vers des ateliers ambition-confiance en seconde. Le "
                    "projet vous paraît-il cohérent avec le volet orientation du projet "
                    "d'établissement ?"
                ),
                "due_on": datetime.date(2020, 10, 2),
                "created_at": _at(datetime.date(2020, 9, 17)),
                "answered_at": _at(datetime.date(2020, 9, 29), 16),
                "verdict": OpinionRequest.Verdict.FAVOURABLE,
                "answer": (
                    "Avis favorable. Le projet répond à l'axe « ambition scolaire » du projet "
                    "d'établissement ; prévoir l'appui de la psychologue de l'éducation "
                    "nationale du CIO du secteur et un point d'étape en fin de premier "
                    "trimestre."
                ),
            },
        )
    pending = demo_request(campaign, "Climat scolaire : protocole harcèlement")
    if pending is not None:
        OpinionRequest.objects.get_or_create(
            request=pending,
            expert=expert,
            defaults={
                "asked_by": dafor,
                "service": OPINION_SERVICE,
                "question": (
                    "Le lycée a-t-il déjà été accompagné par l'équipe académique climat "
                    "scolaire ? Une ANT d'établissement vous paraît-elle la bonne réponse, "
                    "ou un accompagnement de district ?"
                ),
                "due_on": datetime.date(2020, 9, 25),
                "created_at": _at(datetime.date(2020, 9, 9)),
            },
        )


# --- Diagnostic meetings and the training project (issue 9, point 1) ---------------------------
PROJECT_DEMO_TITLE = "Différencier en mathématiques en seconde"


def project_before_start(story, trainer, *, held_on, findings, published_on, **content):
    """Before a demo training starts: its diagnostic meeting with the team, the head and the
    trainer, then version 1 of its training project (the workflow asks for one)."""
    if not story.fresh:
        return
    ant = story.request
    confirmed = ant.members.filter(status="confirmed").values_list("user", flat=True)
    heads = RoleMembership.objects.filter(
        role=Role.CHEF_ETABLISSEMENT, etablissement=ant.coordinating_school
    ).values_list("user", flat=True)
    services.record_meeting(
        ant=ant,
        held_on=held_on,
        attendees=[*confirmed, *heads, trainer],
        findings=findings,
        by=trainer,
        now=_at(held_on, 18),
    )
    services.publish_revision(ant=ant, by=trainer, based_on=0, now=_at(published_on), **content)


def training_project_demo(campaign):
    """The validated request of the Lycée Henri-Moissan: the office put it in touch with its
    trainer, the diagnostic meeting was held with the team, the head and the trainer, and the
    training project was published then revised (« possiblement évolutif »)."""
    from requests.models import TrainingProject

    ant = AntRequest.objects.filter(campaign=campaign, title=PROJECT_DEMO_TITLE).first()
    if ant is None or TrainingProject.objects.filter(request=ant).exists():
        return
    trainer = User.objects.get(email=demo_email("h.marchand"))
    head = RoleMembership.objects.filter(
        role=Role.CHEF_ETABLISSEMENT, etablissement=ant.coordinating_school
    ).values_list("user", flat=True)
    team = ant.members.filter(status="confirmed").values_list("user", flat=True)
    services.record_meeting(
        ant=ant,
        held_on=datetime.date(2020, 10, 8),
        attendees=[*team, *head, trainer],
        findings=(
            "Trois classes de seconde très hétérogènes ; les élèves les plus fragiles "
            "décrochent dès le calcul littéral.\n"
            "L'équipe pratique déjà des plans de travail en AP, sans aides graduées.\n"
            "Besoin exprimé : construire ensemble des tâches à plusieurs niveaux d'entrée et "
            "s'observer en classe."
        ),
        by=trainer,
        now=_at(datetime.date(2020, 10, 8), 18),
    )
    services.publish_revision(
        ant=ant,
        by=trainer,
        based_on=0,
        now=_at(datetime.date(2020, 10, 12)),
        objectives=(
            "Concevoir des tâches à plusieurs niveaux d'entrée en calcul littéral.\n"
            "Construire des aides graduées utilisables en autonomie.\n"
            "Mettre en place des plans de travail en accompagnement personnalisé."
        ),
        public="8 professeurs de mathématiques et 2 professeurs d'EPS du lycée",
        session_count=6,
        hours_per_session=Decimal("3"),
        planned_dates=(
            "Mercredi 4 novembre 2020, après-midi\n"
            "Mercredi 25 novembre 2020, après-midi\n"
            "Mercredi 13 janvier 2021, après-midi\n"
            "Trois autres mercredis à fixer au deuxième trimestre"
        ),
    )
    services.publish_revision(
        ant=ant,
        by=trainer,
        based_on=1,
        now=_at(datetime.date(2020, 11, 9)),
        objectives=(
            "Concevoir des tâches à plusieurs niveaux d'entrée en calcul littéral.\n"
            "Construire des aides graduées utilisables en autonomie.\n"
            "Observer entre collègues une séance différenciée et en faire l'analyse."
        ),
        public="8 professeurs de mathématiques et 2 professeurs d'EPS du lycée",
        session_count=6,
        hours_per_session=Decimal("3"),
        planned_dates=(
            "Mercredi 25 novembre 2020, après-midi\n"
            "Mercredi 13 janvier 2021, après-midi\n"
            "Mercredi 3 février 2021, après-midi\n"
            "Trois autres mercredis à fixer au deuxième trimestre"
        ),
        change_note=(
            "Séance du 4 novembre reportée (confinement) ; les plans de travail laissent la "
            "place à des observations croisées, à la demande de l'équipe."
        ),
    )


# --- campaigns end; the current campaign; the contact (issue 9, points 6-8) ---
# Seed 004: « Pour toute information, vous pouvez joindre Madame Patricia BOURGEOIS au
# 01.57.02.67.89 (patricia.bourgeois@ac-creteil.fr) ».
SEED_CONTACT = {
    "contact_civility": "madame",
    "contact_name": "Patricia BOURGEOIS",
    "contact_phone": "01.57.02.67.89",
    "contact_email": "patricia.bourgeois@ac-creteil.fr",
}
# Zone C (Créteil): the last school day before the Christmas holidays and the end of the
# school year (the summer holidays begin the next day).
CAMPAIGN_DATES = {
    "2019-2020": {"ends_on": datetime.date(2020, 7, 3), "first_term_ends_on": None},
    "2020-2021": {
        "ends_on": datetime.date(2021, 7, 6),
        "first_term_ends_on": datetime.date(2020, 12, 18),
    },
    "2026-2027": {
        "ends_on": datetime.date(2027, 7, 2),
        "first_term_ends_on": datetime.date(2026, 12, 18),
    },
}


def _set_blank(campaign, values):
    """Fill the fields still empty with `values` (idempotent, never overwrites the office)."""
    changed = [name for name, value in values.items() if value and not getattr(campaign, name)]
    for name in changed:
        setattr(campaign, name, values[name])
    if changed:
        campaign.save(update_fields=changed)


def campaigns_end_and_current(academie, previous, historical):
    """The 2019-2020 and 2020-2021 campaigns closed at the end of their school year, and the
    current school year's campaign (2026-2027) on the seed's calendar — catalogue published on
    15 June, windows 15 June-8 July, then from 21 August, open until the campaign ends — so
    the journey can be tried today. Each names the seed's contact."""
    _set_blank(previous, CAMPAIGN_DATES["2019-2020"])
    _set_blank(historical, {**CAMPAIGN_DATES["2020-2021"], **SEED_CONTACT})
    current = _campaign(
        academie,
        "2026-2027",
        "Aides négociées de territoire 2026-2027",
        datetime.date(2026, 6, 15),
        [
            (datetime.date(2026, 6, 15), datetime.date(2026, 7, 8)),
            (datetime.date(2026, 8, 21), None),
        ],
    )
    _set_blank(current, {**CAMPAIGN_DATES["2026-2027"], **SEED_CONTACT})
    for title, kind, discipline, description, public in THEMES:
        Theme.objects.get_or_create(
            campaign=current,
            title=title,
            defaults={
                "kind": kind,
                "discipline": discipline,
                "description": description,
                "target_public": public,
            },
        )
    return current


# --- end of campaigns end; the current campaign; the contact ---
