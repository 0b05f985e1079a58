"""M@gistère (seed 002): the parcours catalogue and each parcours' scripted sequence of
activities. Sessions of a parcours, enrolment and progress are in this module too."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Academie

__all__ = ["Parcours", "ParcoursActivity"]


class Parcours(models.Model):
    """A parcours of the catalogue: the national offer (no académie), or one made by an
    académie, kept local or shared nationally."""

    class Audience(models.TextChoices):
        FORMATEURS = "formateurs", _("Formateurs")
        ENSEIGNANTS = "enseignants", _("Enseignants")

    class Degree(models.TextChoices):
        PREMIER = "premier", _("Premier degré")
        SECOND = "second", _("Second degré")
        LES_DEUX = "les_deux", _("Premier et second degrés")

    class Producer(models.TextChoices):
        DGESCO = "dgesco", _("DGESCO")
        ACADEMIE = "academie", _("Académie")
        IFE = "ife", _("Ifé")
        CANOPE = "canope", _("Canopé")
        ESPE = "espe", _("ESPE")

    class Origin(models.TextChoices):
        NATIONALE = "nationale", _("Offre nationale")
        MUTUALISEE = "mutualisee", _("Offre académique mutualisée au niveau national")
        LOCALE = "locale", _("Offre locale")

    class Kind(models.TextChoices):
        PARCOURS = "parcours", _("Parcours de formation")
        MODULE = "module", _("Module")
        ESPACE = "espace", _("Espace collaboratif")

    academie = models.ForeignKey(
        Academie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcours",
        help_text=_("Vide pour un parcours de l'offre nationale."),
    )
    title = models.CharField(_("titre"), max_length=200)
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
    degree = models.CharField(_("degré"), max_length=20, choices=Degree.choices)
    producer = models.CharField(_("producteur"), max_length=20, choices=Producer.choices)
    origin = models.CharField(_("origine"), max_length=20, choices=Origin.choices)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    objectives = models.TextField(
        _("objectifs"),
        help_text=_("Chaque parcours annonce explicitement les objectifs qu'il vise."),
    )
    animation_notes = models.TextField(_("indications pour l'animation"), blank=True)
    # The activity sequence of the demo is plausible, not the real one: it says so.
    sequence_is_example = models.BooleanField(_("séquence donnée à titre d'exemple"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parcours M@gistère")
        verbose_name_plural = _("parcours M@gistère")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=~Q(objectives=""), name="parcours_states_objectives"),
            # A national parcours has no académie; any other has one.
            models.CheckConstraint(
                condition=Q(origin="nationale", academie__isnull=True)
                | (~Q(origin="nationale") & Q(academie__isnull=False)),
                name="parcours_origin_matches_academie",
            ),
        ]
        indexes = [models.Index(fields=["audience", "degree"])]

    def __str__(self):
        return self.title


class ParcoursActivity(models.Model):
    """One step of a parcours' scripted sequence."""

    class Type(models.TextChoices):
        ANALYSE = "analyse", _("Analyse de séquences pédagogiques")
        VIDEO = "video", _("Vidéo")
        CLASSE_VIRTUELLE = "classe_virtuelle", _("Classe virtuelle")
        PREPARATION = "preparation", _("Préparation collective de séquence")
        AUTO_EVALUATION = "auto_evaluation", _("Exercice d'auto-évaluation")
        AUTRE = "autre", _("Autre")

    class Grouping(models.TextChoices):
        INDIVIDUELLE = "individuelle", _("Individuelle")
        COLLECTIVE = "collective", _("Collective")

    class Modality(models.TextChoices):
        PRESENCE = "presence", _("En présence")
        DISTANCE = "distance", _("À distance")

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("intitulé"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    grouping = models.CharField(_("individuelle ou collective"), max_length=20, choices=Grouping.choices)
    modality = models.CharField(_("modalité"), max_length=20, choices=Modality.choices)
    duration_minutes = models.PositiveIntegerField(_("durée (minutes)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activité d'un parcours")
        ordering = ["parcours", "order"]
        constraints = [
            models.UniqueConstraint(fields=["parcours", "order"], name="activity_unique_order"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="activity_has_a_duration"
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.title}"
