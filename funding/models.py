"""European-funded (FSE/FEDER) operations: records administrators keep, check and show
(issue 12).

An operation has its operational programme and the specific objective or priority axis it
answers (`ProgrammeObjective`, a reference table: an unknown code is refused), its carrier
and consortium partners (the `programmes.Partner` table every programme shares), its dates,
its financial plan (`FundingLine`: resources against the total eligible cost, to the cent),
its objectives, its numbered actions or axes with their own objectives and deliverables, and
what the fund requires to follow participants: aggregated counts by default
(`IndicatorValue`), individual records only where a fund demands them (`FundParticipant`,
administrators only, erased at their retention date). Every model but the participants has its
history (django-simple-history): nothing is lost by editing. The participants have none, so
that their erasure is complete.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import display
from accounts.models import Academie
from programmes.models import Partner

MONEY = {"max_digits": 14, "decimal_places": 2}


class Fund(models.TextChoices):
    FSE = "fse", _("FSE")
    FEDER = "feder", _("FEDER")
    FSE_FEDER = "fse_feder", _("FSE et FEDER")
    FSE_PLUS = "fse_plus", _("FSE+")


class OperationalProgramme(models.Model):
    """A programme of the European funds (« PON FSE 2014-2020 », « PO FEDER-FSE Lorraine et
    massif des Vosges 2014-2020 »), with the ceiling of its EU intervention rate: a setting per
    programme, kept here so that administrators change it without a release."""

    name = models.CharField(_("programme opérationnel"), max_length=200, unique=True)
    period = models.CharField(_("période"), max_length=9, help_text="2014-2020")
    funds = models.CharField(_("fonds"), max_length=20, choices=Fund.choices)
    eu_rate_ceiling = models.DecimalField(
        _("taux d'intervention maximal de l'UE (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme opérationnel")
        verbose_name_plural = _("programmes opérationnels")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(eu_rate_ceiling__isnull=True)
                | Q(eu_rate_ceiling__gte=0, eu_rate_ceiling__lte=100),
                name="operational_programme_ceiling_percent",
            )
        ]

    def __str__(self):
        return self.name


class ProgrammeObjective(models.Model):
    """A specific objective (« 1.10.1.1 ») or priority axis (« AP07 ») of an operational
    programme: the codes an operation may name."""

    class Kind(models.TextChoices):
        SPECIFIC_OBJECTIVE = "specific_objective", _("Objectif spécifique")
        PRIORITY_AXIS = "priority_axis", _("Axe prioritaire")

    programme = models.ForeignKey(
        OperationalProgramme, on_delete=models.CASCADE, related_name="objectives"
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("intitulé"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objectif ou axe d'un programme opérationnel")
        verbose_name_plural = _("objectifs et axes des programmes opérationnels")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="programme_objective_unique_code"
            )
        ]

    def __str__(self):
        return f"{self.code} - {self.label}"


class Operation(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        RUNNING = "running", _("En cours")
        CLOSED = "closed", _("Clôturée")

    class PlanStatus(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        VALIDATED = "validated", _("Validé")

    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="operations")
    slug = models.SlugField(_("identifiant"), max_length=80)
    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("acronyme"), max_length=40, blank=True)
    acronym_expansion = models.CharField(_("développé de l'acronyme"), max_length=200, blank=True)
    # « s'inscrit en continuité du projet NUMAVENIR »: an operation of the app, or only a name.
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("opération précédente"),
    )
    predecessor_name = models.CharField(_("opération précédente (nom)"), max_length=200, blank=True)
    continuity_note = models.CharField(_("continuité"), max_length=300, blank=True)
    fund = models.CharField(_("fonds"), max_length=20, choices=Fund.choices)
    operational_programme = models.ForeignKey(
        OperationalProgramme,
        on_delete=models.PROTECT,
        related_name="operations",
        verbose_name=_("programme opérationnel"),
    )
    objective = models.ForeignKey(
        ProgrammeObjective,
        on_delete=models.PROTECT,
        related_name="operations",
        verbose_name=_("objectif spécifique ou axe prioritaire"),
    )
    starts_on = models.DateField(_("début de l'opération"))
    ends_on = models.DateField(_("fin de l'opération"))
    description = models.TextField(_("description"), blank=True)
    targeted_schools = models.TextField(_("établissements visés"), blank=True)
    # The sentences that introduce a list in the record (« L'application NOVA, s'attachera
    # à »), kept as written.
    objectives_intro = models.TextField(_("introduction des objectifs"), blank=True)
    actions_intro = models.TextField(_("introduction des actions ou axes"), blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    # « Coût total prévisionnel éligible »: what the plan's lines must add up to, to the cent.
    total_eligible_cost = models.DecimalField(
        _("coût total éligible (€)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    plan_status = models.CharField(
        _("plan de financement"),
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
    )
    is_public = models.BooleanField(_("publiée sur la page publique"), default=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("opération cofinancée")
        verbose_name_plural = _("opérations cofinancées")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["academie", "slug"], name="operation_unique_slug"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="operation_ends_after_start",
                violation_error_message=_("La fin de l'opération ne peut pas précéder son début."),
            ),
            models.CheckConstraint(
                condition=Q(total_eligible_cost__isnull=True) | Q(total_eligible_cost__gte=0),
                name="operation_total_positive",
            ),
        ]
        indexes = [models.Index(fields=["academie", "status"])]

    def __str__(self):
        return self.name


class ConsortiumMember(models.Model):
    """A partner of the operation: its carrier, a partner of the consortium, or a partner to be
    associated during the project (« plusieurs EPLE qui vont être associés en cours de
    projet »), with the date it joined."""

    class Role(models.TextChoices):
        CARRIER = "carrier", _("Porteur")
        PARTNER = "partner", _("Partenaire")
        ASSOCIATED = "associated", _("Associé en cours de projet")

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="members")
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="operation_memberships",
        verbose_name=_("partenaire"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    get_role_display = display("role", Role.choices)
    joined_on = models.DateField(_("membre depuis le"), null=True, blank=True)
    note = models.CharField(_("précisions"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membre du consortium")
        verbose_name_plural = _("membres du consortium")
        ordering = ["operation", "role", "partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "partner"], name="consortium_member_unique"
            ),
            models.UniqueConstraint(
                fields=["operation"], condition=Q(role="carrier"), name="consortium_one_carrier"
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.get_role_display()})"


class FundingLine(models.Model):
    """A resource of the financial plan, with its status."""

    class Resource(models.TextChoices):
        EU_AID = "eu_aid", _("Aide de l'Union européenne")
        REGIONAL_AID = "regional_aid", _("Aide de la Région")
        OTHER_PUBLIC = "other_public", _("Autre cofinancement public")
        VALORISATION = "valorisation", _("Valorisation des postes Rectorat")
        SELF_FUNDING = "self_funding", _("Autofinancement")
        VALORISATION_SELF = (
            "valorisation_self",
            _("Valorisation des postes Rectorat et autofinancement"),
        )

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Sollicitée")
        AGREED = "agreed", _("Accordée")
        PAID = "paid", _("Versée")

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    resource = models.CharField(_("ressource"), max_length=30, choices=Resource.choices)
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    amount = models.DecimalField(_("montant (€)"), **MONEY, validators=[MinValueValidator(0)])
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    get_resource_display = display("resource", Resource.choices)
    get_status_display = display("status", Status.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ligne du plan de financement")
        verbose_name_plural = _("lignes du plan de financement")
        ordering = ["operation", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funding_line_amount_positive")
        ]

    def __str__(self):
        return self.label or self.get_resource_display()


class OperationObjective(models.Model):
    """An objective of the operation, in order; an `aim` is the overarching one (Numavenir:
    the Europe 2020 aim of at most 9,5 % early school leavers)."""

    class Kind(models.TextChoices):
        AIM = "aim", _("Finalité")
        OBJECTIVE = "objective", _("Objectif")

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices, default="objective")
    text = models.TextField(_("objectif"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objectif de l'opération")
        verbose_name_plural = _("objectifs de l'opération")
        ordering = ["operation", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class Action(models.Model):
    """A numbered action (Numavenir's 7), objective (NOVA's 4) or axis (PLANETE's 3), with its
    own ordered objectives, its deliverables and optionally its share of the budget (the
    shares may not exceed the plan's total)."""

    class Kind(models.TextChoices):
        ACTION = "action", _("Action")
        OBJECTIVE = "objective", _("Objectif")
        AXIS = "axis", _("Axe")

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices, default="action")
    get_kind_display = display("kind", Kind.choices)
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("intitulé"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    budget_share = models.DecimalField(
        _("part du budget (€)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["operation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["operation", "number"], name="action_unique_number"),
            models.CheckConstraint(
                condition=Q(budget_share__isnull=True) | Q(budget_share__gte=0),
                name="action_budget_positive",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}\u00a0: {self.title}"


class ActionObjective(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.TextField(_("objectif"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objectif d'une action")
        verbose_name_plural = _("objectifs d'une action")
        ordering = ["action", "order", "pk"]

    def __str__(self):
        return self.text[:80]


class Deliverable(models.Model):
    class Kind(models.TextChoices):
        BOOKLET = "booklet", _("Livret")
        VIDEO = "video", _("Capsules vidéo")
        SESSION_SHEETS = "session_sheets", _("Fiches pédagogiques de séance")
        COURSE = "course", _("Parcours Moodle")
        FILM = "film", _("Film documentaire")
        APPLICATION = "application", _("Application")
        PLATFORM = "platform", _("Plateforme")
        OTHER = "other", _("Autre")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="deliverables")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    get_kind_display = display("kind", Kind.choices)
    title = models.CharField(_("intitulé"), max_length=300)
    url = models.URLField(_("lien"), blank=True)
    due_on = models.DateField(_("prévu pour le"), null=True, blank=True)
    delivered_on = models.DateField(_("livré le"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("livrable")
        verbose_name_plural = _("livrables")
        ordering = ["action", "due_on", "pk"]

    def __str__(self):
        return self.title


class Indicator(models.TextChoices):
    YOUNG_UNDER_25 = "young_under_25", _("Jeunes de moins de 25 ans touchés")
    STAFF_TRAINED = "staff_trained", _("Personnels formés")
    SCHOOLS = "schools", _("Établissements engagés")
    JOBSEEKERS = "jobseekers", _("Personnes en recherche d'emploi touchées")
    FAMILIES = "families", _("Familles touchées")


class IndicatorValue(models.Model):
    """An aggregated count for a period, for the operation or one of its actions: what the fund
    asks by default, with no one's personal data."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="indicators")
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    indicator = models.CharField(_("indicateur"), max_length=30, choices=Indicator.choices)
    period_start = models.DateField(_("du"))
    period_end = models.DateField(_("au"))
    women = models.PositiveIntegerField(_("femmes"), default=0)
    men = models.PositiveIntegerField(_("hommes"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateurs")
        ordering = ["operation", "period_start", "indicator"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="indicator_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["operation", "action", "indicator", "period_start"],
                name="indicator_unique_period",
            ),
        ]

    def __str__(self):
        return f"{self.get_indicator_display()} {self.period_start:%d/%m/%Y}"

    @property
    def total(self):
        return self.women + self.men


class FundParticipant(models.Model):
    """A participant followed individually, only where the fund demands it (DOMAIN.md): entry
    data by the fund's categories, no name beyond a reference, seen by administrators only,
    erased with no history at `retain_until` by a scheduled task."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Femme")
        MAN = "man", _("Homme")

    class AgeBracket(models.TextChoices):
        UNDER_25 = "under_25", _("Moins de 25 ans")
        FROM_25_TO_54 = "25_54", _("25 à 54 ans")
        OVER_54 = "over_54", _("Plus de 54 ans")

    class LabourStatus(models.TextChoices):
        EMPLOYED = "employed", _("En emploi")
        UNEMPLOYED = "unemployed", _("Chômeur ou chômeuse")
        INACTIVE = "inactive", _("Inactif ou inactive (dont en formation)")

    class Education(models.TextChoices):
        ISCED_0_2 = "isced_0_2", _("CITE 0 à 2")
        ISCED_3_4 = "isced_3_4", _("CITE 3 à 4")
        ISCED_5_8 = "isced_5_8", _("CITE 5 à 8")

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="fund_participants"
    )
    action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="participants"
    )
    reference = models.CharField(_("référence"), max_length=40)
    gender = models.CharField(_("sexe"), max_length=10, choices=Gender.choices)
    age_bracket = models.CharField(_("âge à l'entrée"), max_length=10, choices=AgeBracket.choices)
    labour_status = models.CharField(
        _("situation à l'entrée"), max_length=20, choices=LabourStatus.choices
    )
    education = models.CharField(_("niveau d'études"), max_length=20, choices=Education.choices)
    entered_on = models.DateField(_("entrée le"))
    left_on = models.DateField(_("sortie le"), null=True, blank=True)
    retain_until = models.DateField(_("à effacer le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("participant suivi individuellement")
        verbose_name_plural = _("participants suivis individuellement")
        ordering = ["operation", "entered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "reference"], name="fund_participant_unique_reference"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("entered_on")),
                name="fund_participant_left_after_entry",
            ),
        ]
        indexes = [models.Index(fields=["retain_until"])]

    def __str__(self):
        return self.reference


class PortfolioPage(models.Model):
    """The public page of an académie's supported projects: its title, introduction and the
    date it says it was updated (« Actualisé le 06/05/2021 »)."""

    academie = models.OneToOneField(Academie, on_delete=models.CASCADE, related_name="funding_page")
    title = models.CharField(_("titre"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    updated_on = models.DateField(_("actualisée le"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("page publique des projets cofinancés")
        verbose_name_plural = _("pages publiques des projets cofinancés")

    def __str__(self):
        return self.title
