"""The programme catalogue: each académie's programmes, their contacts and resources, the
partner organisations shared by all programmes, and who works in which programme."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Academie


class Partner(models.Model):
    """An organisation a programme works with (rectorat, ESPE, mutual insurer, city…), one
    table for every programme and for the funded projects."""

    class Kind(models.TextChoices):
        ACADEMIE = "academie", _("Services de l'académie")
        UNIVERSITE = "universite", _("Université, ESPE ou INSPÉ")
        COLLECTIVITE = "collectivite", _("Collectivité territoriale")
        MUTUELLE = "mutuelle", _("Mutuelle")
        ETAT = "etat", _("Service de l'État")
        ASSOCIATION = "association", _("Association")
        ENTREPRISE = "entreprise", _("Entreprise")
        # --- funded projects (issue 12): the EPLE of a consortium, a GIP ---
        EPLE = "eple", _("Établissement public local d'enseignement (EPLE)")
        GIP = "gip", _("Groupement d'intérêt public (GIP)")
        AUTRE = "autre", _("Autre")

    name = models.CharField(_("nom"), max_length=200, unique=True)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("site"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partenaire")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Programme(models.Model):
    """A programme of an académie, as the public catalogue presents it."""

    class Kind(models.TextChoices):
        AMBITION_CONFIANCE = "ambition_confiance", _("Ateliers ambition-confiance")
        AMBASSADEURS = "ambassadeurs", _("Ambassadeurs du numérique")
        MAGISTERE = "magistere", _("Parcours M@gistère")
        ANT = "ant", _("Aides négociées de territoire (ANT)")

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("En préparation")
        OUVERT = "ouvert", _("Ouvert")
        CLOS = "clos", _("Clos")

    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="programmes")
    kind = models.CharField(_("programme"), max_length=30, choices=Kind.choices)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    summary = models.CharField(_("en bref"), max_length=300)
    presentation = models.TextField(_("présentation"))
    period = models.CharField(_("période"), max_length=100, blank=True)
    started_on = models.DateField(_("début"), null=True, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    service_mailbox = models.EmailField(_("adresse du service"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme")
        ordering = ["academie__name", "title"]
        constraints = [
            # One programme of each kind per académie (one brigade per académie, …).
            models.UniqueConstraint(fields=["academie", "kind"], name="programme_unique_kind"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="programme_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title


class ProgrammeContact(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=150)
    function = models.CharField(_("fonction"), max_length=200)
    email = models.EmailField(_("adresse électronique"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        ordering = ["programme", "order", "name"]

    def __str__(self):
        return f"{self.name} ({self.function})"


class ProgrammeResource(models.Model):
    class Kind(models.TextChoices):
        VIDEO = "video", _("Vidéo")
        DOCUMENT = "document", _("Document")
        LIEN = "lien", _("Lien")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("adresse"), blank=True)
    file = models.FileField(_("fichier"), upload_to="programmes/resources/", blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ressource")
        ordering = ["programme", "order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(file=""), name="resource_has_url_or_file"
            )
        ]

    def __str__(self):
        return self.title


class ProgrammeMembership(models.Model):
    """What a person does in a programme. The people are one pool: the same trainer can be
    an animateur of the brigade, a maître-formateur of an ambassador and the « formateur de
    proximité » of a M@gistère session, each a membership here; the programme's staff
    (`STAFF`) edit its records. Ended memberships are kept with their end date."""

    class Function(models.TextChoices):
        STAFF = "staff", _("Équipe du programme")
        ANIMATEUR = "animateur", _("Animateur ou animatrice")
        MAITRE_FORMATEUR = "maitre_formateur", _("Maître-formateur ou maîtresse-formatrice")
        ACCOMPAGNATEUR = "accompagnateur", _("Accompagnateur ou accompagnatrice")
        FORMATEUR_PROXIMITE = "formateur_proximite", _("Formateur ou formatrice de proximité")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_memberships"
    )
    function = models.CharField(_("fonction"), max_length=30, choices=Function.choices)
    started_on = models.DateField(_("depuis le"), default=timezone.localdate)
    ended_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participation à un programme")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "user", "function"],
                condition=Q(ended_on__isnull=True),
                name="programme_membership_unique_current",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="programme_membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "function"])]

    def __str__(self):
        return f"{self.user} — {self.get_function_display()} ({self.programme})"
