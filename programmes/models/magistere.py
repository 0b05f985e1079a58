"""M@gistère (seed 002): the parcours catalogue and each parcours' scripted sequence of
activities. Sessions of a parcours, enrolment and progress are in this module too."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Academie, Circonscription

__all__ = [
    "Parcours",
    "ParcoursActivity",
    "ParcoursKitFile",
    "NeedsDiagnostic",
    "ParcoursSession",
    "SessionStep",
    "Enrolment",
    "ActivityProgress",
]


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
    grouping = models.CharField(
        _("individuelle ou collective"), max_length=20, choices=Grouping.choices
    )
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


# --- the trainer kit, sessions, enrolment and progress (issue 10, point 4) ---
def school_year_validator(value):
    """« 2026-2027 »: two consecutive years."""
    from django.core.exceptions import ValidationError

    if (
        len(value) != 9
        or value[4] != "-"
        or not (value[:4].isdigit() and value[5:].isdigit())
        or int(value[5:]) != int(value[:4]) + 1
    ):
        raise ValidationError(
            _("Indiquez l'année scolaire sous la forme 2026-2027 (deux années qui se suivent).")
        )


class ParcoursKitFile(models.Model):
    """A file of the trainer kit (« l'ensemble des éléments nécessaires à sa mise en œuvre par
    les formateurs »): slides, animation guide, resources for the in-person meetings."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="kit_files")
    title = models.CharField(_("intitulé"), max_length=200)
    file = models.FileField(_("fichier"), upload_to="programmes/magistere/kits/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fichier du kit de formation")
        verbose_name_plural = _("fichiers du kit de formation")
        ordering = ["parcours", "title"]

    def __str__(self):
        return self.title


class NeedsDiagnostic(models.Model):
    """The training needs of a circonscription for a school year, as its IEN states them:
    « un diagnostic des besoins établi par chaque inspecteur de l'éducation nationale (IEN) en
    articulation avec la politique académique de formation »."""

    circonscription = models.ForeignKey(
        Circonscription, on_delete=models.CASCADE, related_name="needs_diagnostics"
    )
    school_year = models.CharField(
        _("année scolaire"), max_length=9, validators=[school_year_validator]
    )
    text = models.TextField(_("diagnostic des besoins"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnostic des besoins de formation")
        verbose_name_plural = _("diagnostics des besoins de formation")
        ordering = ["-school_year", "circonscription__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["circonscription", "school_year"],
                name="needs_diagnostic_unique_year",
                violation_error_message=_(
                    "Le diagnostic de cette circonscription pour cette année existe déjà."
                ),
            ),
            models.CheckConstraint(condition=~Q(text=""), name="needs_diagnostic_has_text"),
        ]

    def __str__(self):
        return f"{self.circonscription} — {self.school_year}"


class ParcoursSession(models.Model):
    """A session of a parcours, run in an académie on a local calendar by its organiser (an IEN
    for the first degree's animations pédagogiques) with one or more local trainers, and
    contextualised to the needs found locally."""

    class Plan(models.TextChoices):
        ANIMATIONS = "animations", _("Animations pédagogiques de circonscription")
        DEPARTEMENTAL = "departemental", _("Plan départemental de formation")
        ACADEMIQUE = "academique", _("Plan académique de formation")

    parcours = models.ForeignKey(Parcours, on_delete=models.PROTECT, related_name="sessions")
    academie = models.ForeignKey(
        Academie, on_delete=models.PROTECT, related_name="parcours_sessions"
    )
    school_year = models.CharField(
        _("année scolaire"), max_length=9, validators=[school_year_validator]
    )
    plan = models.CharField(_("cadre"), max_length=20, choices=Plan.choices)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_parcours_sessions",
        verbose_name=_("organisateur ou organisatrice"),
    )
    circonscription = models.ForeignKey(
        Circonscription,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcours_sessions",
        verbose_name=_("circonscription"),
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="trained_parcours_sessions",
        verbose_name=_("formateurs de proximité"),
    )
    contextualisation = models.TextField(_("contextualisation"), blank=True)
    open_to_candidates = models.BooleanField(_("ouverte aux candidatures"), default=True)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    history = HistoricalRecords(m2m_fields=[trainers])

    class Meta:
        verbose_name = _("session d'un parcours M@gistère")
        verbose_name_plural = _("sessions de parcours M@gistère")
        ordering = ["-school_year", "-created_at", "-pk"]
        constraints = [
            # The animations pédagogiques are the circonscription's.
            models.CheckConstraint(
                condition=~Q(plan="animations") | Q(circonscription__isnull=False),
                name="parcours_session_animations_in_circonscription",
                violation_error_message=_(
                    "Les animations pédagogiques sont celles d'une circonscription."
                ),
            ),
        ]
        indexes = [models.Index(fields=["academie", "school_year"])]

    def __str__(self):
        return f"{self.parcours} ({self.school_year})"


class SessionStep(models.Model):
    """A dated step of a session's local calendar."""

    class Kind(models.TextChoices):
        OUVERTURE = "ouverture", _("Ouverture du parcours")
        REGROUPEMENT = "regroupement", _("Regroupement en présence")
        CLASSE_VIRTUELLE = "classe_virtuelle", _("Classe virtuelle")
        CLOTURE = "cloture", _("Clôture du parcours")

    session = models.ForeignKey(ParcoursSession, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("étape"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("heure de début"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    note = models.CharField(_("précisions"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("étape du calendrier")
        ordering = ["session", "date", "start_time", "pk"]
        constraints = [
            # An in-person meeting happens somewhere.
            models.CheckConstraint(
                condition=~Q(kind="regroupement") | ~Q(place=""),
                name="session_step_meeting_place",
                violation_error_message=_("Indiquez le lieu du regroupement en présence."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.date:%d/%m/%Y}"


class Enrolment(models.Model):
    """A person's enrolment in a session, by candidature (the teacher applies, the organiser
    accepts or declines) or by invitation (the organiser invites, the teacher accepts or
    declines). Progress is per activity (ActivityProgress); the step of the seed is derived
    (programmes.magistere.step_of)."""

    class Origin(models.TextChoices):
        CANDIDATURE = "candidature", _("Candidature")
        INVITATION = "invitation", _("Invitation")

    class State(models.TextChoices):
        PENDING = "pending", _("En attente de réponse")
        ACCEPTED = "accepted", _("Inscription acceptée")
        DECLINED = "declined", _("Inscription déclinée")

    session = models.ForeignKey(
        ParcoursSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="parcours_enrolments"
    )
    origin = models.CharField(_("origine"), max_length=20, choices=Origin.choices)
    state = models.CharField(_("état"), max_length=20, choices=State.choices, default=State.PENDING)
    motivation = models.TextField(_("motivation"), blank=True)
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscription à une session M@gistère")
        ordering = ["session", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="enrolment_unique_person"),
        ]
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self):
        return f"{self.user} — {self.session}"


class ActivityProgress(models.Model):
    """An activity of the parcours done by an enrolled person, marked by them or a trainer."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    activity = models.ForeignKey(
        ParcoursActivity, on_delete=models.CASCADE, related_name="progress"
    )
    done_at = models.DateTimeField(_("faite le"), default=timezone.now)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("activité faite")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity"], name="activity_progress_unique"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} — {self.activity}"
