"""Ambassadeurs du numérique (seed 001): the partnership convention, its signatories and
commitments, the yearly cohorts of trainee teachers, and each ambassador's follow-up —
accompaniment requests, e-portfolio and equipment received."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Etablissement
from programmes.models.catalogue import Partner, Programme

__all__ = [
    "Convention",
    "ConventionSignatory",
    "Commitment",
    "Cohort",
    "CohortDiscipline",
    "Ambassador",
    "AccompanimentRequest",
    "PortfolioEntry",
    "Equipment",
]

# How long the follow-up lasts after tenure (« durant les deux années qui suivent leur
# titularisation »).
FOLLOW_UP_YEARS = 2


class Convention(models.Model):
    """A partnership convention of the programme, for a period (the 2018-2019 one replaces
    the first partnership, its `predecessor`)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="conventions")
    title = models.CharField(_("intitulé"), max_length=250)
    period = models.CharField(_("période"), max_length=20, help_text=_("Par exemple : 2018-2019."))
    signed_on = models.DateField(_("signée le"), null=True, blank=True)
    signed_at = models.CharField(_("lieu de signature"), max_length=250, blank=True)
    summary = models.TextField(_("présentation"), blank=True)
    trainees_trained = models.PositiveIntegerField(
        _("professeurs stagiaires formés"),
        null=True,
        blank=True,
        help_text=_("Pour une convention achevée : combien sont devenus Ambassadeurs."),
    )
    signed_pdf = models.FileField(
        _("convention signée (PDF)"), upload_to="programmes/conventions/", blank=True
    )
    predecessor = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successor",
        verbose_name=_("convention précédente"),
    )
    partners = models.ManyToManyField(Partner, related_name="conventions", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("convention")
        ordering = ["programme", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "period"], name="ambassadeurs_convention_unique_period"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.period})"


class ConventionSignatory(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("nom"), max_length=150)
    function = models.CharField(_("fonction"), max_length=250)
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="signatories", verbose_name=_("pour")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signataire")
        ordering = ["convention", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "name"], name="ambassadeurs_signatory_unique_name"
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.function}"


class Commitment(models.Model):
    """What one or several partners undertake under the convention, and where it stands."""

    class Status(models.TextChoices):
        A_ENGAGER = "a_engager", _("À engager")
        EN_COURS = "en_cours", _("En cours")
        REALISE = "realise", _("Réalisé")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="commitments")
    order = models.PositiveSmallIntegerField(_("ordre"))
    label = models.CharField(_("engagement"), max_length=250)
    carriers = models.ManyToManyField(
        Partner, related_name="commitments", verbose_name=_("porté par")
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.A_ENGAGER
    )
    note = models.TextField(_("commentaire de suivi"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("engagement")
        ordering = ["convention", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "order"], name="ambassadeurs_commitment_unique_order"
            )
        ]

    def __str__(self):
        return self.label


class Degree(models.TextChoices):
    PREMIER = "premier", _("Premier degré")
    SECOND = "second", _("Second degré")


class Cohort(models.Model):
    """The ambassadors of one school year. The planned figures are those announced (the seed's
    48 and 10); the counts shown are computed from the ambassadors recorded."""

    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="cohorts")
    school_year = models.CharField(_("année scolaire"), max_length=9)
    planned_first_degree = models.PositiveIntegerField(_("effectif annoncé, premier degré"))
    planned_second_degree = models.PositiveIntegerField(_("effectif annoncé, second degré"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("promotion d'Ambassadeurs")
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "school_year"], name="ambassadeurs_cohort_unique_year"
            )
        ]

    def __str__(self):
        return _("Ambassadeurs %(year)s") % {"year": self.school_year}

    @property
    def programme(self):
        return self.convention.programme


class CohortDiscipline(models.Model):
    """A second-degree discipline represented in the cohort; `planned` only where the source
    gives a figure (the seed gives 10 for the 4 disciplines together, none each)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="disciplines")
    name = models.CharField(_("discipline"), max_length=100)
    planned = models.PositiveIntegerField(_("effectif annoncé"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discipline représentée")
        ordering = ["cohort", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "name"], name="ambassadeurs_discipline_unique_name"
            )
        ]

    def __str__(self):
        return self.name


def follow_up_end(tenure_on):
    """The last day of the follow-up: the eve of the second anniversary of tenure
    (1 September 2019 → 31 August 2021). A tenure on 29 February ends on 28 February."""
    if tenure_on is None:
        return None
    year = tenure_on.year + FOLLOW_UP_YEARS
    try:
        anniversary = tenure_on.replace(year=year)
    except ValueError:  # 29 February, and the year is not a leap year
        anniversary = datetime.date(year, 3, 1)
    return anniversary - datetime.timedelta(days=1)


class Ambassador(models.Model):
    """A trainee teacher of a cohort: M2 year as a stagiaire, then two years of follow-up
    after tenure."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="ambassadors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ambassador_records"
    )
    degree = models.CharField(_("degré"), max_length=10, choices=Degree.choices)
    discipline = models.CharField(_("discipline"), max_length=100, blank=True)
    etablissement = models.ForeignKey(
        Etablissement,
        on_delete=models.PROTECT,
        related_name="ambassadors",
        verbose_name=_("établissement"),
    )
    class_name = models.CharField(_("classe"), max_length=100, blank=True)
    maitre_formateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tutored_ambassadors",
        verbose_name=_("maître-formateur ou maîtresse-formatrice"),
    )
    memoire_title = models.CharField(_("titre du mémoire MEEF"), max_length=300, blank=True)
    memoire_digital_dimension = models.TextField(_("dimension numérique du mémoire"), blank=True)
    tenure_on = models.DateField(_("titularisation le"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Ambassadeur du numérique")
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "user"], name="ambassadeurs_ambassador_unique_user"
            ),
            models.CheckConstraint(
                condition=Q(degree="second") | Q(discipline=""),
                name="ambassadeurs_discipline_second_degree_only",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "degree", "discipline"])]

    def __str__(self):
        return self.user.full_name

    @property
    def follow_up_ends_on(self):
        return follow_up_end(self.tenure_on)

    def is_followed(self, on=None):
        """Followed from the M2 year until the end of the follow-up (no tenure yet: followed)."""
        end = self.follow_up_ends_on
        return end is None or (on or timezone.localdate()) <= end


class AccompanimentRequest(models.Model):
    """An ambassador asks for in-class support; staff assign an accompanist, who records the
    visit and a short report."""

    class Purpose(models.TextChoices):
        AMENAGEMENT = (
            "amenagement",
            _(
                "Réfléchir à un aménagement de classe facilitant l'intégration et l'utilisation "
                "des outils numériques"
            ),
        )
        PREPARATION = (
            "preparation",
            _(
                "Aider à la préparation et à la mise en œuvre de séquences, de séances et de "
                "projets pédagogiques"
            ),
        )
        ENRICHIR = (
            "enrichir",
            _("Apporter des solutions pour compléter et enrichir mes propositions"),
        )
        CO_INTERVENTION = (
            "co_intervention",
            _("Co-intervenir auprès des élèves lors de premières séances"),
        )
        ANALYSE = (
            "analyse",
            _("Aider à mener une analyse réflexive après les mises en œuvre de séances"),
        )

    class Timing(models.TextChoices):
        PENDANT = "pendant", _("Pendant le temps scolaire")
        HORS = "hors", _("Hors temps scolaire")

    class Status(models.TextChoices):
        DEMANDEE = "demandee", _("Demandée")
        ATTRIBUEE = "attribuee", _("Accompagnement attribué")
        REALISEE = "realisee", _("Visite effectuée")

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="accompaniment_requests"
    )
    purpose = models.CharField(_("objet"), max_length=20, choices=Purpose.choices)
    timing = models.CharField(_("moment"), max_length=10, choices=Timing.choices)
    details = models.TextField(_("précisions"), blank=True)
    wished_from = models.DateField(_("à partir du"))
    wished_until = models.DateField(_("jusqu'au"))
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DEMANDEE
    )
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    accompanist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accompaniments",
        verbose_name=_("accompagnateur ou accompagnatrice"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("désigné le"), null=True, blank=True)
    visit_on = models.DateField(_("date de la visite"), null=True, blank=True)
    visit_minutes = models.PositiveIntegerField(_("durée (minutes)"), null=True, blank=True)
    report = models.TextField(_("compte rendu"), blank=True)
    reported_at = models.DateTimeField(_("compte rendu le"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demande d'accompagnement")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wished_until__gte=models.F("wished_from")),
                name="ambassadeurs_accompaniment_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status="demandee") | Q(accompanist__isnull=False),
                name="ambassadeurs_accompaniment_assigned_has_accompanist",
            ),
            models.CheckConstraint(
                condition=~Q(status="realisee")
                | Q(visit_on__isnull=False, visit_minutes__gt=0) & ~Q(report=""),
                name="ambassadeurs_accompaniment_visit_recorded",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.ambassador} — {self.get_purpose_display()}"


class PortfolioEntry(models.Model):
    """A dated entry of an ambassador's e-portfolio, tagged with the skills it develops, and
    what was passed on to colleagues."""

    # The four « compétences du XXIe siècle » of the seed, in its order: (field, label).
    SKILLS = (
        ("skill_collaboration", _("La collaboration à distance")),
        ("skill_communication", _("La communication au travers le numérique")),
        ("skill_creativite", _("La créativité et sens de l'innovation")),
        ("skill_apprendre", _("Apprendre à apprendre")),
    )

    ambassador = models.ForeignKey(
        Ambassador, on_delete=models.CASCADE, related_name="portfolio_entries"
    )
    on = models.DateField(_("date"))
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"))
    skill_collaboration = models.BooleanField(_("la collaboration à distance"), default=False)
    skill_communication = models.BooleanField(
        _("la communication au travers le numérique"), default=False
    )
    skill_creativite = models.BooleanField(
        _("la créativité et sens de l'innovation"), default=False
    )
    skill_apprendre = models.BooleanField(_("apprendre à apprendre"), default=False)
    disseminated_on = models.DateField(_("diffusé le"), null=True, blank=True)
    dissemination_audience = models.CharField(_("diffusé auprès de"), max_length=250, blank=True)
    dissemination_count = models.PositiveIntegerField(
        _("nombre de collègues touchés"), null=True, blank=True
    )
    dissemination_means = models.CharField(_("comment"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("entrée du portfolio")
        verbose_name_plural = _("entrées du portfolio")
        ordering = ["ambassador", "-on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(skill_collaboration=True)
                | Q(skill_communication=True)
                | Q(skill_creativite=True)
                | Q(skill_apprendre=True),
                name="ambassadeurs_portfolio_has_a_skill",
            ),
            models.CheckConstraint(
                condition=Q(disseminated_on__isnull=True, dissemination_count__isnull=True)
                | Q(disseminated_on__isnull=False, dissemination_count__gt=0),
                name="ambassadeurs_portfolio_dissemination_complete",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def skills(self):
        return [label for field, label in self.SKILLS if getattr(self, field)]


class Equipment(models.Model):
    """Equipment an ambassador received: their own (MGEN) or their classroom's (Ville de
    Paris, from one of its three funding sources)."""

    class Kind(models.TextChoices):
        INDIVIDUEL = "individuel", _("Équipement individuel")
        COLLECTIF = "collectif", _("Équipement collectif de la classe")

    class Funding(models.TextChoices):
        PLAN_NUMERIQUE = "plan_numerique", _("Plan numérique pour l'éducation")
        BUDGET_ECOLES = "budget_ecoles", _("Budget participatif des écoles")
        BUDGET_ARRONDISSEMENT = "budget_arrondissement", _("Budgets participatifs d'arrondissement")

    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="equipment")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("matériel"), max_length=200)
    provider = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="equipment", verbose_name=_("fourni par")
    )
    funding = models.CharField(
        _("financement de la collectivité"), max_length=30, choices=Funding.choices, blank=True
    )
    received_on = models.DateField(_("reçu le"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("équipement reçu")
        verbose_name_plural = _("équipements reçus")
        ordering = ["ambassador", "-received_on"]

    def __str__(self):
        return self.label
