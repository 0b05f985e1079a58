"""Factories with named traits for the scenarios tests need."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import (
    Academie,
    Corps,
    District,
    Etablissement,
    Reseau,
    Role,
    RoleMembership,
    User,
)
from accounts.uai import uai_check_letter

DEFAULT_PASSWORD = "Formations-2026!"


class AcademieFactory(DjangoModelFactory):
    class Meta:
        model = Academie
        django_get_or_create = ["code"]

    # Two letters: never one of the real (numeric) codes the data migration creates.
    code = factory.Sequence(lambda n: chr(65 + n // 26 % 26) + chr(65 + n % 26))
    name = factory.Sequence(lambda n: f"Académie {n}")
    region_academique = "Région test"


def _uai(n, departement="093"):
    digits = f"{departement}{n % 10000:04d}"
    return digits + uai_check_letter(digits)


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    academie = factory.SubFactory(AcademieFactory)
    name = factory.Sequence(lambda n: f"District {n}")


class ReseauFactory(DjangoModelFactory):
    class Meta:
        model = Reseau

    academie = factory.SubFactory(AcademieFactory)
    name = factory.Sequence(lambda n: f"Réseau {n}")


class EtablissementFactory(DjangoModelFactory):
    class Meta:
        model = Etablissement

    uai = factory.Sequence(lambda n: _uai(n + 1))
    name = factory.Sequence(lambda n: f"Collège {n}")
    type = "Collège"
    statut = Etablissement.Statut.PUBLIC
    postcode = "93000"
    commune = "Bobigny"
    departement = "093"
    academie = factory.SubFactory(AcademieFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@ac-test.fr")
    full_name = factory.Sequence(lambda n: f"Camille Agent{n}")
    corps = Corps.CERTIFIE
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleMembershipFactory(DjangoModelFactory):
    class Meta:
        model = RoleMembership

    user = factory.SubFactory(UserFactory)
    role = Role.ENSEIGNANT
    etablissement = factory.SubFactory(EtablissementFactory)
    academie = factory.LazyAttribute(
        lambda o: o.etablissement.academie if o.etablissement else None
    )


def user_with_role(role, *, etablissement=None, academie=None, district=None, **user_fields):
    """A user holding one role, scoped to a school (teacher, head), a district (CLIF) or an
    académie (others)."""
    user = UserFactory(**user_fields)
    if role == Role.CLIF:  # districts and the CLIF (issue 9, point 3)
        district = district or DistrictFactory(**({"academie": academie} if academie else {}))
        RoleMembershipFactory(
            user=user, role=role, etablissement=None, district=district, academie=district.academie
        )
    elif role in (Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT):
        etablissement = etablissement or EtablissementFactory(
            **({"academie": academie} if academie else {})
        )
        RoleMembershipFactory(user=user, role=role, etablissement=etablissement)
    else:
        academie = academie or (etablissement.academie if etablissement else AcademieFactory())
        RoleMembershipFactory(user=user, role=role, etablissement=None, academie=academie)
    return user


# ANT requests -----------------------------------------------------------------------------
class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = "requests.Campaign"

    academie = factory.SubFactory(AcademieFactory)
    school_year = "2020-2021"
    title = factory.LazyAttribute(lambda o: f"ANT {o.school_year}")
    published_on = datetime.date(2020, 6, 15)


class SubmissionWindowFactory(DjangoModelFactory):
    class Meta:
        model = "requests.SubmissionWindow"

    campaign = factory.SubFactory(CampaignFactory)
    opens_on = datetime.date(2020, 6, 15)
    closes_on = datetime.date(2020, 7, 8)


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = "requests.Theme"

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Thématique {n}")
    description = "Construire des pratiques communes d'évaluation par compétences."
    kind = "disciplinaire"
    discipline = "Mathématiques"
    target_public = "Enseignants du second degré"


# SubmissionWindowFactory's window (15 June – 8 July 2020) is open on IN_WINDOW, not on
# BETWEEN_WINDOWS (the `campaign` fixture's next window opens on 21 August).
IN_WINDOW = datetime.datetime(2020, 6, 20, 10, 0, tzinfo=datetime.UTC)
BETWEEN_WINDOWS = datetime.datetime(2020, 7, 20, 10, 0, tzinfo=datetime.UTC)
# When the traits' requests were transmitted: inside the June window, Paris time.
SUBMITTED_AT = datetime.datetime(2020, 6, 20, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))

# The fields the workflow writes as a request moves on: set by the traits, after creation.
WORKFLOW_FIELDS = (
    "state",
    "state_changed_at",
    "submitted_at",
    "endorsed_at",
    "decided_at",
    "host_school",
    "planned_hours",
)


def put_in_state(ant, state, **fields):
    """Move `ant` to `state` around the workflow (the arrangement of a test: no notice), with
    the workflow's `fields`. One timeline entry, `put_in_state`, records the move, so the log
    still verifies; the kept counts per state move with it, as `workflow.perform` would move
    them."""
    from django.db import transaction
    from django.utils import timezone

    from requests import state_counts, workflow
    from requests.models import AntRequest

    with transaction.atomic():
        leaving = AntRequest.objects.values_list("state", flat=True).get(pk=ant.pk)
        AntRequest.objects.filter(pk=ant.pk).update(state=state, **fields)
        workflow.append_log(
            ant,
            transition="put_in_state",
            from_state=leaving,
            to_state=state,
            actor=None,
            comment="",
            at=fields.get("state_changed_at") or timezone.now(),
        )
        state_counts.record(academie_id=ant.academie_id, leaving=leaving, entering=state)
    ant.refresh_from_db()
    return ant


class AntRequestFactory(DjangoModelFactory):
    """A request created as a team creates it (`services.create_request`: its reference, the
    coordinator confirmed in the team, the first timeline entry, the kept count), `members`
    joining confirmed. A trait then puts it where the workflow would have taken it, with the
    workflow's dates: `submitted` (20 June 2020, in the June window), `endorsed` (two days
    later), `under_review` (three days after that), `validated` (decided on 15 September,
    hosted by the coordinating school, 18 hours). The move is one `put_in_state` timeline
    entry and no notice: tests of the transitions walk the workflow."""

    class Meta:
        model = "requests.AntRequest"
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(
            state="submitted",
            submitted_at=SUBMITTED_AT,
            state_changed_at=factory.SelfAttribute("submitted_at"),
        )
        endorsed = factory.Trait(
            submitted=True,
            state="endorsed",
            endorsed_at=factory.LazyAttribute(lambda o: o.submitted_at + datetime.timedelta(2)),
            state_changed_at=factory.SelfAttribute("endorsed_at"),
        )
        under_review = factory.Trait(
            endorsed=True,
            state="under_review",
            state_changed_at=factory.LazyAttribute(lambda o: o.endorsed_at + datetime.timedelta(3)),
        )
        validated = factory.Trait(
            under_review=True,
            state="validated",
            decided_at=factory.LazyAttribute(lambda o: o.submitted_at + datetime.timedelta(87)),
            state_changed_at=factory.SelfAttribute("decided_at"),
            host_school=factory.SelfAttribute("coordinating_school"),
            planned_hours=Decimal("18"),
        )

    campaign = factory.SubFactory(CampaignFactory)
    coordinating_school = factory.SubFactory(
        EtablissementFactory, academie=factory.SelfAttribute("..campaign.academie")
    )
    coordinator = factory.LazyAttribute(
        lambda o: user_with_role(Role.ENSEIGNANT, etablissement=o.coordinating_school)
    )
    scale = "etablissement"
    title = "Évaluer par compétences au collège"
    professional_questions = "Comment harmoniser nos pratiques d'évaluation ?"
    expected_outcomes = "Une grille commune par cycle."
    public_count = 12
    public_categories = "Enseignants, CPE"
    state = "draft"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from requests import services

        moved = {name: kwargs.pop(name) for name in WORKFLOW_FIELDS if name in kwargs}
        ant = services.create_request(schools=[kwargs["coordinating_school"]], **kwargs)
        if moved != {"state": "draft"}:
            put_in_state(ant, **moved)
        return ant

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        from requests.models import TeamMember

        for user in extracted or ():
            TeamMember.objects.create(request=obj, user=user, status="confirmed")


def ant_request(*, campaign, coordinator, school, members=(), **fields):
    """A draft request of `school` coordinated by `coordinator`; `members` join confirmed;
    `fields` may name a trait of AntRequestFactory (`endorsed=True`)."""
    return AntRequestFactory(
        campaign=campaign,
        coordinator=coordinator,
        coordinating_school=school,
        members=members,
        **fields,
    )


def make_request(campaign, coordinator, school, state, *, submitted=None, endorsed=None, **kw):
    """A request of the office's queue already at `state`: transmitted on `submitted` (by
    default 20 June 2020) and, past the head's visa, endorsed on `endorsed` (two days later)."""
    trait = "submitted" if state in ("draft", "submitted") else "endorsed"
    dates = {"submitted_at": submitted, "endorsed_at": endorsed}
    kw.update({name: value for name, value in dates.items() if value})
    return ant_request(
        campaign=campaign,
        coordinator=coordinator,
        school=school,
        state=state,
        **{trait: True},
        **kw,
    )


class TrainerProfileFactory(DjangoModelFactory):
    class Meta:
        model = "requests.TrainerProfile"

    user = factory.SubFactory(UserFactory)
    academie = factory.SubFactory(AcademieFactory)
    disciplines = "Mathématiques"
    departement = "093"
    max_load = 3


# --- Diagnostic meetings and the training project (issue 9, point 1) ---------------------------
def with_training_project(ant, *, author, sessions=6, hours=Decimal("3")):
    """Give `ant` a diagnostic meeting and version 1 of its training project, as the office or
    a trainer would have published them (the arrangement of a test: no notice), so that the
    training may start."""
    from requests.models import DiagnosticMeeting, TrainingProject, TrainingProjectRevision

    meeting = DiagnosticMeeting.objects.create(
        request=ant, held_on=datetime.date(2020, 9, 24), findings="Constats", recorded_by=author
    )
    meeting.attendees.set([ant.coordinator, author])
    project, _created = TrainingProject.objects.get_or_create(request=ant)
    return TrainingProjectRevision.objects.create(
        project=project,
        number=1,
        objectives="Enseigner explicitement la compréhension.",
        public="12 professeurs de 6e",
        session_count=sessions,
        hours_per_session=hours,
        author=author,
    )


# --- training record (issue 10) ---
class CirconscriptionFactory(DjangoModelFactory):
    class Meta:
        model = "accounts.Circonscription"

    academie = factory.SubFactory(AcademieFactory)
    departement = "093"
    name = factory.Sequence(lambda n: f"Circonscription {n}")


class AnimationHoursRuleFactory(DjangoModelFactory):
    """The seed's rule (18 h, of which 9 h online) for a département and school year."""

    class Meta:
        model = "programmes.AnimationHoursRule"

    academie = factory.SubFactory(AcademieFactory)
    departement = "093"
    school_year = "2026-2027"
    total_hours = Decimal("18")
    online_min_hours = Decimal("9")


class ServiceShareFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.ServiceShare"

    user = factory.SubFactory(UserFactory)
    school_year = "2026-2027"
    share = 75


def pe_teacher(school, **user_fields):
    """A professeur des écoles teaching in `school`."""
    return user_with_role(Role.ENSEIGNANT, etablissement=school, corps=Corps.PE, **user_fields)


# --- catalogue (issue 10) ---
class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Programme"

    academie = factory.SubFactory(AcademieFactory)
    kind = "ambition_confiance"
    slug = factory.Sequence(lambda n: f"programme-{n}")
    title = factory.Sequence(lambda n: f"Programme {n}")
    summary = "Un programme de formation de l'académie."
    presentation = "La présentation du programme."
    period = "2021-2022"
    status = "ouvert"


class ProgrammeContactFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.ProgrammeContact"

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    function = "Chargée de mission"
    email = factory.Sequence(lambda n: f"contact{n}@ac-test.fr")


class ProgrammeResourceFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.ProgrammeResource"

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Ressource {n}")
    kind = "lien"
    url = "https://www.education.gouv.fr/"


class ProgrammeMembershipFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.ProgrammeMembership"

    programme = factory.SubFactory(ProgrammeFactory)
    user = factory.SubFactory(UserFactory)
    function = "staff"
    started_on = datetime.date(2021, 9, 1)


def programme_staff(programme, role, **user_fields):
    """A person of the programme's académie holding `role` there, on the programme's staff."""
    user = user_with_role(role, academie=programme.academie, **user_fields)
    ProgrammeMembershipFactory(programme=programme, user=user, function="staff")
    return user


# --- M@gistère (issue 10) ---
class ParcoursFactory(DjangoModelFactory):
    """A parcours of the national offer; `local` makes it an académie's (pass `academie`)."""

    class Meta:
        model = "programmes.Parcours"

    title = factory.Sequence(lambda n: f"Parcours {n}")
    audience = "enseignants"
    degree = "premier"
    producer = "dgesco"
    origin = "nationale"
    kind = "parcours"
    objectives = "Enseigner explicitement des stratégies de calcul."
    academie = None

    class Params:
        local = factory.Trait(
            origin="locale",
            producer="academie",
            academie=factory.SubFactory(AcademieFactory),
        )


class ParcoursActivityFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.ParcoursActivity"

    parcours = factory.SubFactory(ParcoursFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Activité {n}")
    type = "video"
    grouping = "individuelle"
    modality = "distance"
    duration_minutes = 60


class ParcoursSessionFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.ParcoursSession"

    parcours = factory.SubFactory(ParcoursFactory)
    academie = factory.SubFactory(AcademieFactory)
    school_year = "2026-2027"
    plan = "academique"
    organiser = factory.SubFactory(UserFactory)
    circonscription = None


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Enrolment"

    session = factory.SubFactory(ParcoursSessionFactory)
    user = factory.SubFactory(UserFactory)
    origin = "candidature"
    state = "pending"

    class Params:
        accepted = factory.Trait(state="accepted")
        invited = factory.Trait(origin="invitation")


# --- ambition-confiance (issue 10) ---
class BrigadeFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Brigade"

    programme = factory.SubFactory(ProgrammeFactory, kind="ambition_confiance")
    created_on = datetime.date(2021, 9, 1)
    max_observers_per_workshop = 3


class PromotionFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Promotion"

    brigade = factory.SubFactory(BrigadeFactory)
    number = factory.Sequence(lambda n: n + 1)
    school_year = "2021-2022"


class TrainingModuleFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.TrainingModule"

    promotion = factory.SubFactory(PromotionFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Module {n}")
    starts_on = datetime.date(2021, 10, 4)
    ends_on = datetime.date(2021, 10, 8)
    required = True


class AnimateurFactory(DjangoModelFactory):
    """An animateur, with no status entry (see `animateur` for one in a given status)."""

    class Meta:
        model = "programmes.Animateur"

    brigade = factory.SubFactory(BrigadeFactory)
    user = factory.SubFactory(UserFactory)
    profession = "cpe"
    town = "Metz"
    promotion = None


def animateur(brigade, *, status="actif", since=datetime.date(2021, 9, 1), **fields):
    """An animateur of `brigade` whose history holds one entry, `status` since `since`."""
    from programmes.models import AnimateurStatus

    person = AnimateurFactory(brigade=brigade, **fields)
    AnimateurStatus.objects.create(animateur=person, status=status, on=since)
    return person


class TrainerTeamFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.TrainerTeam"

    brigade = factory.SubFactory(BrigadeFactory)
    level = "seconde"
    name = factory.Sequence(lambda n: f"Équipe {n}")


class ObservationRequestFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.ObservationRequest"

    brigade = factory.SubFactory(BrigadeFactory)
    requester = factory.SubFactory(UserFactory)
    reason = "Découvrir la philosophie des ateliers."
    preferred_period = "Le deuxième trimestre"


# --- Ambassadeurs du numérique (issue 10) ---
class AmbassadeursPartnerFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Partner"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = "mutuelle"


class ConventionFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Convention"

    programme = factory.SubFactory(ProgrammeFactory, kind="ambassadeurs")
    title = "Convention de partenariat relative au dispositif « Ambassadeurs numériques »"
    period = "2018-2019"
    signed_on = datetime.date(2018, 11, 22)
    signed_at = "Salle des Actes du palais académique de la Sorbonne"


class CohortFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Cohort"

    convention = factory.SubFactory(ConventionFactory)
    school_year = "2018-2019"
    planned_first_degree = 48
    planned_second_degree = 10


class AmbassadorFactory(DjangoModelFactory):
    """An ambassador of the first degree, a trainee teaching in a school of the programme's
    académie (trait: `second_degree` with a discipline)."""

    class Meta:
        model = "programmes.Ambassador"

    class Params:
        second_degree = factory.Trait(degree="second", discipline="Mathématiques")

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory, corps=Corps.PE, statut="stagiaire")
    degree = "premier"
    discipline = ""
    etablissement = factory.SubFactory(
        EtablissementFactory,
        academie=factory.SelfAttribute("..cohort.convention.programme.academie"),
        type="Ecole",
    )
    class_name = "CE1"


def ambassador(cohort, **fields):
    """An ambassador who can log in: a teacher of their school, with their record."""
    record = AmbassadorFactory(cohort=cohort, **fields)
    RoleMembershipFactory(
        user=record.user, role=Role.ENSEIGNANT, etablissement=record.etablissement
    )
    return record


class AccompanimentRequestFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.AccompanimentRequest"

    ambassador = factory.SubFactory(AmbassadorFactory)
    purpose = "preparation"
    timing = "pendant"
    details = "Une séquence de géométrie avec les tablettes."
    wished_from = datetime.date(2019, 1, 14)
    wished_until = datetime.date(2019, 2, 1)


class PortfolioEntryFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.PortfolioEntry"

    ambassador = factory.SubFactory(AmbassadorFactory)
    on = datetime.date(2018, 12, 10)
    title = factory.Sequence(lambda n: f"Séance {n} : un mur collaboratif")
    description = "Les élèves ont commenté leurs productions sur un mur collaboratif."
    skill_collaboration = True


# --- workshops (issue 11) ---
def paris_time(year, month, day, hour=9, minute=0):
    """An aware datetime, Europe/Paris."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


class SessionFactory(DjangoModelFactory):
    """A confirmed three-hour session of an ambition-confiance programme in a school of its
    académie, on Tuesday 12 January 2027 from 9h to 12h (no holiday, no weekend)."""

    class Meta:
        model = "workshops.Session"

    programme = factory.SubFactory(ProgrammeFactory)
    academie = factory.SelfAttribute("programme.academie")
    kind = "atelier"
    title = factory.Sequence(lambda n: f"Séance {n}")
    school_year = "2026-2027"
    host_school = factory.SubFactory(
        EtablissementFactory, academie=factory.SelfAttribute("..programme.academie")
    )
    room = "B12"
    starts_at = factory.LazyFunction(lambda: paris_time(2027, 1, 12, 9))
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + datetime.timedelta(hours=3) if o.starts_at else None
    )
    capacity = 20
    public = "designated"
    status = "confirmed"
    created_by = factory.SubFactory(UserFactory)

    class Params:
        open = factory.Trait(public="open")
        planned_undated = factory.Trait(status="planned", starts_at=None, ends_at=None)
        cancelled = factory.Trait(status="cancelled", cancel_reason="Intempéries")


class SessionTrainerFactory(DjangoModelFactory):
    class Meta:
        model = "workshops.SessionTrainer"

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    role = "lead"


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = "workshops.Participant"

    session = factory.SubFactory(SessionFactory)
    user = factory.SubFactory(UserFactory)
    origin = "designated"
    status = "enrolled"

    class Params:
        waiting = factory.Trait(status="waiting", origin="enrolment")
        present = factory.Trait(attendance="present")


# --- workshops part A ---
# --- end of workshops part A ---
# --- workshops part B ---
# --- end of workshops part B ---
# --- workshops part C ---
# --- end of workshops part C ---
# --- workshops part D ---
class CalendarFeedFactory(DjangoModelFactory):
    """A person's private iCalendar feed."""

    class Meta:
        model = "workshops.CalendarFeed"

    user = factory.SubFactory(UserFactory)
    token = factory.Sequence(lambda n: f"jeton-secret-de-test-{n:04d}-Zq7wXk2LmN9pR4tV")


# --- end of workshops part D ---
# --- workshops part E ---
# --- end of workshops part E ---


# --- funding (issue 12) ---
class OperationalProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = "funding.OperationalProgramme"
        django_get_or_create = ["name"]

    name = "PON FSE 2014-2020"
    period = "2014-2020"
    funds = "fse"
    eu_rate_ceiling = Decimal("60.00")


class ProgrammeObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = "funding.ProgrammeObjective"
        django_get_or_create = ["programme", "code"]

    programme = factory.SubFactory(OperationalProgrammeFactory)
    kind = "specific_objective"
    code = "1.10.1.1"
    label = (
        "Augmenter le nombre de jeunes de moins de 25 ans participant à des actions de "
        "prévention du décrochage scolaire"
    )


class OperationFactory(DjangoModelFactory):
    """Numavenir Ambition 21's facts (seed 003), without its plan lines."""

    class Meta:
        model = "funding.Operation"

    academie = factory.SubFactory(AcademieFactory)
    slug = factory.Sequence(lambda n: f"operation-{n}")
    name = factory.Sequence(lambda n: f"Opération {n}")
    fund = "fse"
    operational_programme = factory.SubFactory(OperationalProgrammeFactory)
    objective = factory.SubFactory(
        ProgrammeObjectiveFactory, programme=factory.SelfAttribute("..operational_programme")
    )
    starts_on = datetime.date(2019, 5, 1)
    ends_on = datetime.date(2021, 12, 31)
    status = "running"
    total_eligible_cost = Decimal("1002909.90")


class FundingLineFactory(DjangoModelFactory):
    class Meta:
        model = "funding.FundingLine"

    operation = factory.SubFactory(OperationFactory)
    resource = "eu_aid"
    amount = Decimal("601409.90")
    status = "requested"


def numavenir_plan(operation):
    """The seed's balanced plan: 601 409,90 € FSE + 401 500,00 € valorisation."""
    FundingLineFactory(operation=operation, order=1, resource="eu_aid", amount=Decimal("601409.90"))
    FundingLineFactory(
        operation=operation, order=2, resource="valorisation", amount=Decimal("401500.00")
    )
    return operation


# --- funding part A ---
class FundingPartnerFactory(DjangoModelFactory):
    class Meta:
        model = "programmes.Partner"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partenaire du consortium {n}")
    kind = "eple"


class ConsortiumMemberFactory(DjangoModelFactory):
    class Meta:
        model = "funding.ConsortiumMember"

    operation = factory.SubFactory(OperationFactory)
    partner = factory.SubFactory(FundingPartnerFactory)
    role = "partner"


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = "funding.Action"

    operation = factory.SubFactory(OperationFactory)
    kind = "action"
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Action {n}")


class ActionObjectiveFactory(DjangoModelFactory):
    class Meta:
        model = "funding.ActionObjective"

    action = factory.SubFactory(ActionFactory)
    order = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Objectif {n}")


class DeliverableFactory(DjangoModelFactory):
    class Meta:
        model = "funding.Deliverable"

    action = factory.SubFactory(ActionFactory)
    kind = "booklet"
    title = factory.Sequence(lambda n: f"Livret {n}")
    url = "https://example.org/livret"


# --- end of funding part A ---
# --- funding part B ---
class PortfolioPageFactory(DjangoModelFactory):
    """The public page's header of an académie (seed 003)."""

    class Meta:
        model = "funding.PortfolioPage"
        django_get_or_create = ["academie"]

    academie = factory.SubFactory(AcademieFactory)
    title = "Les projets et actions soutenus par le FSE"
    introduction = "Les opérations conduites par l'académie avec le soutien de l'Union européenne."
    updated_on = datetime.date(2021, 5, 6)


# --- end of funding part B ---
# --- funding part C ---
# (actions and deliverables: part A's ActionFactory and DeliverableFactory)
class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = "funding.IndicatorValue"

    operation = factory.SubFactory(OperationFactory)
    indicator = "young_under_25"
    period_start = factory.Sequence(lambda n: datetime.date(2019, 5, 1) + datetime.timedelta(n))
    period_end = factory.LazyAttribute(lambda o: o.period_start + datetime.timedelta(days=90))
    women = 120
    men = 98


class FundParticipantFactory(DjangoModelFactory):
    class Meta:
        model = "funding.FundParticipant"

    operation = factory.SubFactory(OperationFactory)
    reference = factory.Sequence(lambda n: f"NUM-2019-{n:04d}")
    gender = "woman"
    age_bracket = "under_25"
    labour_status = "inactive"
    education = "isced_0_2"
    entered_on = datetime.date(2019, 9, 2)
    left_on = datetime.date(2020, 6, 30)
    retain_until = datetime.date(2024, 12, 31)


# --- end of funding part C ---
# --- funding part D ---
# --- end of funding part D ---
