"""ANT requests (aides négociées de territoire): campaigns, catalogue, windows, the request,
its team, attachments, timeline, thread, notes and trainer assignments.

The state machine is in workflow.py; other writes in services.py."""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts import dates
from accounts.models import Academie, District, Etablissement, Reseau


class Campaign(models.Model):
    """One académie's ANT campaign for a school year, with its catalogue and windows."""

    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="campaigns")
    school_year = models.CharField(_("année scolaire"), max_length=9, help_text="2020-2021")
    title = models.CharField(_("intitulé"), max_length=200)
    published_on = models.DateField(
        _("catalogue publié le"),
        help_text=_("Le catalogue est visible des équipes à partir de ce jour."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campagne")
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(fields=["academie", "school_year"], name="campaign_unique_year")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("requests:campaign_detail", args=[self.pk])

    def open_window(self, day):
        """The submission window open on `day`, or None."""
        return next((w for w in self.windows.all() if w.is_open_on(day)), None)

    def next_window(self, day):
        """The first window opening after `day`, or None."""
        upcoming = [w for w in self.windows.all() if w.opens_on > day]
        return min(upcoming, key=lambda w: w.opens_on) if upcoming else None


class SubmissionWindow(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="windows")
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(
        _("clôture"),
        null=True,
        blank=True,
        help_text=_("Laisser vide tant que le service n'a pas fixé la date de clôture."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fenêtre de dépôt")
        ordering = ["opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=models.F("opens_on")),
                name="window_closes_after_opening",
            )
        ]

    def __str__(self):
        if self.closes_on:
            return _("du %(start)s au %(end)s") % {
                "start": dates.short_day(self.opens_on),
                "end": dates.short_day(self.closes_on),
            }
        return _("à partir du %(start)s") % {"start": dates.short_day(self.opens_on)}

    def is_open_on(self, day):
        return self.opens_on <= day and (self.closes_on is None or day <= self.closes_on)


class Theme(models.Model):
    class Kind(models.TextChoices):
        TRANSVERSAL = "transversal", _("Transversale")
        DISCIPLINAIRE = "disciplinaire", _("Disciplinaire")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"))
    kind = models.CharField(_("nature"), max_length=15, choices=Kind.choices)
    discipline = models.CharField(_("discipline"), max_length=100, blank=True)
    target_public = models.CharField(_("public visé"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thématique")
        ordering = ["title"]

    def __str__(self):
        return self.title


class State(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Transmise au chef d'établissement")
    RETURNED = "returned", _("Retournée à l'équipe")
    ENDORSED = "endorsed", _("Visée par le chef d'établissement")
    UNDER_REVIEW = "under_review", _("En instruction")
    CORRECTIONS = "corrections", _("Corrections demandées")
    DIAGNOSTIC = "diagnostic", _("Diagnostic")
    VALIDATED = "validated", _("Validée")
    REJECTED = "rejected", _("Refusée")
    POSTPONED = "postponed", _("Reportée à la campagne suivante")
    IN_PROGRESS = "in_progress", _("En cours")
    COMPLETED = "completed", _("Terminée")
    CANCELLED = "cancelled", _("Annulée")


# The DSFR badge of each state: information, warning (the team must act), success, error.
STATE_BADGES = {
    State.SUBMITTED: "fr-badge--info",
    State.ENDORSED: "fr-badge--info",
    State.UNDER_REVIEW: "fr-badge--info",
    State.DIAGNOSTIC: "fr-badge--info",
    State.RETURNED: "fr-badge--warning",
    State.CORRECTIONS: "fr-badge--warning",
    State.VALIDATED: "fr-badge--success",
    State.IN_PROGRESS: "fr-badge--success",
    State.COMPLETED: "fr-badge--success",
    State.REJECTED: "fr-badge--error",
    State.CANCELLED: "fr-badge--error",
    State.POSTPONED: "fr-badge--new",
}


def _display(field_name, choices):
    """get_<field>_display by a dict lookup. Django's rebuilds the field's choices on each
    call (70 µs): a page of timelines and teams calls it dozens of times."""
    labels = dict(choices)

    def display(self):
        value = getattr(self, field_name)
        return str(labels.get(value, value))

    display.__name__ = f"get_{field_name}_display"
    return display


class Scale(models.TextChoices):
    ETABLISSEMENT = "etablissement", _("Établissement")
    DISTRICT = "district", _("District")
    RESEAU = "reseau", _("Réseau")


class AntRequest(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="requests")
    # Denormalised from the campaign: every scoped query filters on it.
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="ant_requests")
    reference = models.CharField(_("référence"), max_length=20, unique=True, editable=False)
    state = models.CharField(
        _("état"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    scale = models.CharField(_("échelle"), max_length=15, choices=Scale.choices)
    coordinating_school = models.ForeignKey(
        Etablissement,
        on_delete=models.PROTECT,
        related_name="coordinated_ant_requests",
        verbose_name=_("établissement coordonnateur"),
    )
    schools = models.ManyToManyField(
        Etablissement, related_name="ant_requests", verbose_name=_("établissements concernés")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("district")
    )
    reseau = models.ForeignKey(
        Reseau, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("réseau")
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("thématique du catalogue"),
    )
    own_theme = models.CharField(_("thématique proposée par l'équipe"), max_length=200, blank=True)
    title = models.CharField(_("intitulé du projet"), max_length=200)
    professional_questions = models.TextField(_("questionnements professionnels de l'équipe"))
    expected_outcomes = models.TextField(_("effets attendus"))
    public_count = models.PositiveIntegerField(_("nombre de personnels concernés"))
    public_categories = models.CharField(_("catégories de personnels"), max_length=300)
    preferred_periods = models.CharField(_("périodes souhaitées"), max_length=300, blank=True)
    constraints_text = models.TextField(_("contraintes"), blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coordinated_ant_requests",
        verbose_name=_("coordonnateur de l'équipe"),
    )
    priority = models.BooleanField(_("prioritaire (report)"), default=False)
    carried_over_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="carried_over_to"
    )
    # Set by the decision.
    host_school = models.ForeignKey(
        Etablissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_ant_requests",
        verbose_name=_("établissement d'accueil"),
    )
    planned_hours = models.DecimalField(
        _("volume prévu (heures)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    # Milestones, for sorting and processing times.
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    submitted_at = models.DateTimeField(_("transmise le"), null=True, blank=True)
    endorsed_at = models.DateTimeField(_("visée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    # When the current state began (kept by workflow.perform): the queue's waiting times.
    state_changed_at = models.DateTimeField(_("dans cet état depuis le"), default=timezone.now)
    # The hash of the newest timeline entry (kept by workflow.append_log): entries deleted from
    # the end of the timeline leave it naming an entry that is no longer there.
    log_head = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "log_head"])

    class Meta:
        verbose_name = _("demande d'ANT")
        verbose_name_plural = _("demandes d'ANT")
        ordering = ["-priority", "endorsed_at", "pk"]
        indexes = [
            models.Index(fields=["academie", "state"]),
            # The office's queue order: carried-over first, then by endorsement date (on
            # PostgreSQL an ascending index keeps NULLs last, as the queue's ORDER BY does).
            # Drafts are not in the queue: without them, a page's ids are read from the index
            # alone.
            models.Index(
                fields=["academie", "-priority", "endorsed_at", "id"],
                condition=~Q(state="draft"),
                name="ant_queue_order",
            ),
            # The queue filtered by theme: its counts per state from the index alone.
            models.Index(fields=["academie", "theme", "state"], name="ant_theme_state"),
        ]

    get_state_display = _display("state", State.choices)
    get_scale_display = _display("scale", Scale.choices)

    def __str__(self):
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self):
        return reverse("requests:detail", args=[self.pk])

    @property
    def state_badge_class(self):
        return STATE_BADGES.get(self.state, "")

    @property
    def theme_label(self):
        return self.theme.title if self.theme_id else self.own_theme


class StateCount(models.Model):
    """How many requests an académie has in each state, kept by requests/state_counts.py in
    the transaction of every creation and transition, so it is exact at every commit; the
    office's queue reads its counts here rather than counting an académie's thousands of
    requests on every view. `manage.py recount_ant_states` puts it right after a write that
    went around the workflow (a data fix, a bulk load)."""

    academie = models.ForeignKey(Academie, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=20, choices=State.choices)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("nombre de demandes par état")
        constraints = [
            models.UniqueConstraint(fields=["academie", "state"], name="state_count_unique")
        ]

    def __str__(self):
        return f"{self.academie_id} {self.state}: {self.n}"


class TeamMember(models.Model):
    class Status(models.TextChoices):
        INVITED = "invited", _("Invité")
        CONFIRMED = "confirmed", _("A confirmé")
        DECLINED = "declined", _("A décliné")

    request = models.ForeignKey(AntRequest, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ant_memberships"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("membre de l'équipe")
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="team_member_unique")
        ]

    get_status_display = _display("status", Status.choices)

    def __str__(self):
        return str(self.user)


def attachment_path(instance, filename):
    return f"ant/{instance.request.reference}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class Attachment(models.Model):
    request = models.ForeignKey(AntRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(_("nom"), max_length=200)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pièce jointe")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class TransitionLog(models.Model):
    """One step of a request's timeline. Entries are chained: each hash is an HMAC, under a key
    kept out of the database (settings.ANT_LOG_KEY), of the entry's content and the previous
    entry's hash, and the request keeps the newest hash (`AntRequest.log_head`). An entry
    edited, inserted or deleted, even with the following hashes recomputed, and a state set
    behind the workflow's back show (`manage.py verify_ant_log` names each breakage)."""

    request = models.ForeignKey(AntRequest, on_delete=models.PROTECT, related_name="transitions")
    transition = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("étape")
        # Insertion order is the chain's order.
        ordering = ["pk"]

    get_from_state_display = _display("from_state", State.choices)
    get_to_state_display = _display("to_state", State.choices)

    def __str__(self):
        return f"{self.request_id}: {self.from_state} → {self.to_state}"

    def compute_hash(self, key=None):
        """The entry's HMAC-SHA256 under `key` (by default settings.ANT_LOG_KEY)."""
        content = {
            "request": self.request_id,
            "transition": self.transition,
            "from": self.from_state,
            "to": self.to_state,
            "actor": self.actor_id,
            # In UTC: the database returns what it stores in UTC, whatever zone it was given.
            "at": self.at.astimezone(datetime.UTC).isoformat(),
            "comment": self.comment,
            "previous": self.previous_hash,
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        key = settings.ANT_LOG_KEY if key is None else key
        return hmac.new(key.encode(), encoded, hashlib.sha256).hexdigest()


class ThreadMessage(models.Model):
    """The conversation between the team and the office; notifications are posted here too."""

    request = models.ForeignKey(AntRequest, on_delete=models.CASCADE, related_name="thread")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    body = models.TextField(_("message"))
    is_notification = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class StaffNote(models.Model):
    """Office-only notes: the team never sees them."""

    request = models.ForeignKey(AntRequest, on_delete=models.CASCADE, related_name="staff_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]


class DiagnosticNote(models.Model):
    """Dated notes of the diagnostic meetings with the team and the trainers."""

    request = models.ForeignKey(
        AntRequest, on_delete=models.CASCADE, related_name="diagnostic_notes"
    )
    meeting_on = models.DateField(_("date de la réunion"))
    body = models.TextField(_("compte rendu"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting_on", "pk"]

    def __str__(self):
        return f"{self.meeting_on}: {self.body[:60]}"


class TrainerProfile(models.Model):
    """A volunteer trainer of the académie: what they can train, where, and how much."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trainer_profile"
    )
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="trainers")
    themes = models.ManyToManyField(Theme, blank=True, related_name="trainers")
    disciplines = models.CharField(
        _("disciplines"), max_length=300, blank=True, help_text=_("Séparées par des virgules.")
    )
    departement = models.CharField(_("département d'intervention"), max_length=3)
    # The school where the trainer teaches: never proposed for that school's requests.
    home_school = models.ForeignKey(
        Etablissement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    max_load = models.PositiveSmallIntegerField(_("nombre maximal d'ANT suivies"), default=3)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("formateur")
        ordering = ["user__full_name"]

    def __str__(self):
        return str(self.user)

    def discipline_set(self):
        return {d.strip().lower() for d in self.disciplines.split(",") if d.strip()}


class TrainerAssignment(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposée")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Déclinée")

    request = models.ForeignKey(AntRequest, on_delete=models.CASCADE, related_name="assignments")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ant_assignments"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("affectation de formateur")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "trainer"],
                condition=~Q(status="declined"),
                name="assignment_unique_active",
            )
        ]

    get_status_display = _display("status", Status.choices)

    def __str__(self):
        return f"{self.trainer} — {self.request_id}"
