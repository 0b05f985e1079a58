"""Ateliers ambition-confiance (seed 000): the académie's brigade of animateurs, their dated
status, the promotions that train them through modules, the trainer teams per level, and the
professionals' requests to observe a workshop.

The rules (qualification, status changes, observation decisions) are in programmes/brigade.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Etablissement
from programmes.models.catalogue import Programme
from programmes.models.magistere import Parcours

__all__ = [
    "Brigade",
    "Promotion",
    "TrainingModule",
    "Animateur",
    "AnimateurStatus",
    "ModuleCompletion",
    "TrainerTeam",
    "ObservationRequest",
]


class Brigade(models.Model):
    """The brigade of an académie's ambition-confiance programme. One per programme, and the
    catalogue keeps one programme of each kind per académie: one brigade per académie."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        related_name="brigade",
        limit_choices_to={"kind": Programme.Kind.AMBITION_CONFIANCE},
    )
    created_on = models.DateField(_("création de la brigade"))
    max_observers_per_workshop = models.PositiveSmallIntegerField(
        _("observateurs au plus par atelier"),
        default=3,
        help_text=_("Nombre de professionnels accueillis au plus le même jour dans un atelier."),
    )
    preparation_module = models.ForeignKey(
        Parcours,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": Parcours.Kind.MODULE},
        verbose_name=_("module de préparation à l'observation"),
        help_text=_("Le module M@gistère que l'observateur suit en amont de la journée."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("brigade ambition-confiance")
        verbose_name_plural = _("brigades ambition-confiance")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_observers_per_workshop__gte=1), name="brigade_accepts_observers"
            )
        ]

    def __str__(self):
        return str(self.programme)


class Promotion(models.Model):
    """A promotion of animateurs, numbered in the brigade, trained in one school year."""

    brigade = models.ForeignKey(Brigade, on_delete=models.CASCADE, related_name="promotions")
    number = models.PositiveSmallIntegerField(_("numéro"))
    school_year = models.CharField(_("année scolaire"), max_length=9, help_text="2021-2022")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("promotion")
        ordering = ["brigade", "number"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "number"], name="promotion_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="promotion_number_positive"),
        ]

    def __str__(self):
        return _("Promotion %(number)s (%(year)s)") % {
            "number": self.number,
            "year": self.school_year,
        }


class TrainingModule(models.Model):
    """A training module of a promotion (« deux modules de formation »), with its dates."""

    promotion = models.ForeignKey(Promotion, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("intitulé"), max_length=200)
    starts_on = models.DateField(_("du"))
    ends_on = models.DateField(_("au"))
    required = models.BooleanField(_("obligatoire pour animer"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("module de formation")
        verbose_name_plural = _("modules de formation")
        ordering = ["promotion", "order"]
        constraints = [
            models.UniqueConstraint(fields=["promotion", "order"], name="module_unique_order"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="module_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.title


class Animateur(models.Model):
    """A person of the brigade: profession, home school and town, promotion. The person is
    also a `ProgrammeMembership` ANIMATEUR of the programme while they animate."""

    class Profession(models.TextChoices):
        PSY_EN = "psy_en", _("Psy-EN")
        CPE = "cpe", _("CPE")
        ENSEIGNANT_GENERAL = "enseignant_general", _("Enseignant de matière générale")
        ENSEIGNANT_PRO = "enseignant_pro", _("Enseignant de matière professionnelle")
        DOCUMENTALISTE = "documentaliste", _("Professeur documentaliste")

    brigade = models.ForeignKey(Brigade, on_delete=models.CASCADE, related_name="animateurs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="brigade_animateurs",
        verbose_name=_("personne"),
    )
    profession = models.CharField(_("profession"), max_length=30, choices=Profession.choices)
    home_school = models.ForeignKey(
        Etablissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("établissement d'exercice"),
    )
    town = models.CharField(_("commune"), max_length=100)
    promotion = models.ForeignKey(
        Promotion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="animateurs",
        verbose_name=_("promotion"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("animateur ou animatrice")
        verbose_name_plural = _("animateurs et animatrices")
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "user"], name="animateur_unique_person")
        ]

    def __str__(self):
        return str(self.user)


class AnimateurStatus(models.Model):
    """One dated entry of an animateur's status history; the current status is the latest
    entry dated on or before the day (an entry may be planned ahead: « bientôt rejoints »)."""

    class Status(models.TextChoices):
        EN_FORMATION = "en_formation", _("En formation")
        ACTIF = "actif", _("En activité")
        ANCIEN = "ancien", _("Sortie de la brigade")
        REINTEGRE = "reintegre", _("De retour dans la brigade")

    animateur = models.ForeignKey(Animateur, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    on = models.DateField(_("à compter du"))
    note = models.CharField(_("remarque"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    recorded_at = models.DateTimeField(_("enregistré le"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("statut d'un animateur")
        ordering = ["animateur", "on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["animateur", "on"], name="animateur_status_one_a_day")
        ]
        indexes = [models.Index(fields=["animateur", "-on"])]

    def __str__(self):
        return f"{self.get_status_display()} ({self.on})"


class ModuleCompletion(models.Model):
    """An animateur completed a training module on a day."""

    animateur = models.ForeignKey(Animateur, on_delete=models.CASCADE, related_name="completions")
    module = models.ForeignKey(TrainingModule, on_delete=models.CASCADE, related_name="completions")
    completed_on = models.DateField(_("terminé le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("module suivi")
        verbose_name_plural = _("modules suivis")
        constraints = [
            models.UniqueConstraint(fields=["animateur", "module"], name="module_completion_unique")
        ]

    def __str__(self):
        return f"{self.animateur} — {self.module} ({self.completed_on})"


class TrainerTeam(models.Model):
    """A team of animateurs who run the workshops of one level; the counts per level are
    counted from these rows, never typed."""

    class Level(models.TextChoices):
        SECONDE = "seconde", _("Seconde")
        PREMIERE = "premiere", _("Première")
        TERMINALE = "terminale", _("Terminale")

    brigade = models.ForeignKey(Brigade, on_delete=models.CASCADE, related_name="teams")
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices)
    name = models.CharField(_("nom de l'équipe"), max_length=100)
    members = models.ManyToManyField(
        Animateur, related_name="teams", blank=True, verbose_name=_("membres")
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("équipe de formateurs")
        verbose_name_plural = _("équipes de formateurs")
        ordering = ["brigade", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["brigade", "name"], name="trainer_team_unique_name")
        ]

    def __str__(self):
        return self.name


class ObservationRequest(models.Model):
    """A professional of the académie asks the SAIO to come and observe a workshop."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Déclinée")

    brigade = models.ForeignKey(
        Brigade, on_delete=models.CASCADE, related_name="observation_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="observation_requests",
        verbose_name=_("demandeur"),
    )
    reason = models.TextField(_("pourquoi souhaitez-vous observer un atelier\u00a0?"))
    preferred_period = models.CharField(_("période souhaitée"), max_length=200)
    preferred_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    preferred_until = models.DateField(_("jusqu'au"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decline_reason = models.TextField(_("motif du refus"), blank=True)
    observation_day = models.DateField(_("journée d'observation"), null=True, blank=True)
    observation_school = models.ForeignKey(
        Etablissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("établissement de l'atelier"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demande d'observation")
        verbose_name_plural = _("demandes d'observation")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | Q(observation_day__isnull=False, observation_school__isnull=False),
                name="observation_accepted_has_day_and_school",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="observation_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(preferred_until__isnull=True)
                | Q(preferred_from__isnull=True)
                | Q(preferred_until__gte=models.F("preferred_from")),
                name="observation_preferred_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["brigade", "status"]),
            models.Index(fields=["brigade", "observation_day", "observation_school"]),
        ]

    def __str__(self):
        return f"{self.requester} ({self.get_status_display()})"
