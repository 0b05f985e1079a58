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
from accounts.choices import display
from accounts.models import Academie, District, Etablissement, Reseau


class Civility(models.TextChoices):
    MADAME = "madame", _("Madame")
    MONSIEUR = "monsieur", _("Monsieur")


class Campaign(models.Model):
    """One académie's ANT campaign for a school year, with its catalogue and windows."""

    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="campaigns")
    school_year = models.CharField(_("année scolaire"), max_length=9, help_text="2020-2021")
    title = models.CharField(_("intitulé"), max_length=200)
    published_on = models.DateField(
        _("catalogue publié le"),
        help_text=_("Le catalogue est visible des équipes à partir de ce jour."),
    )
    # --- campaign end, first term, contact (issue 9, points 6-8) ---
    ends_on = models.DateField(
        _("fin de la campagne"),
        null=True,
        blank=True,
        help_text=_("Les fenêtres sans date de clôture se ferment ce jour-là."),
    )
    first_term_ends_on = models.DateField(
        _("fin du premier trimestre"),
        null=True,
        blank=True,
        help_text=_(
            "Dernier jour avant les vacances de Noël : les ANT reportées doivent être "
            "programmées d'ici là."
        ),
    )
    contact_civility = models.CharField(
        _("civilité du contact"), max_length=10, choices=Civility.choices, blank=True
    )
    contact_name = models.CharField(_("nom du contact"), max_length=150, blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=20, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), blank=True)
    # --- end of campaign end, first term, contact ---
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

    @property
    def end_day(self):
        """The campaign's last day: `ends_on`, or else 31 August of its school year's end
        (a campaign always ends, even one created before the field existed)."""
        if self.ends_on:
            return self.ends_on
        try:
            return datetime.date(int(self.school_year[5:9]), 8, 31)
        except ValueError:
            return None

    @property
    def has_contact(self):
        return bool(self.contact_name or self.contact_phone or self.contact_email)

    def is_over_on(self, day):
        end = self.end_day
        return end is not None and day > end

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
                "start": dates.letter_day(self.opens_on),
                "end": dates.letter_day(self.closes_on),
            }
        return _("à partir du %(start)s") % {"start": dates.letter_day(self.opens_on)}

    def is_open_on(self, day):
        """Open from `opens_on` to `closes_on`; a window without a closing date (« à partir
        du 21 août ») closes with its campaign."""
        if day < self.opens_on:
            return False
        if self.closes_on is not None:
            return day <= self.closes_on
        return not self.campaign.is_over_on(day)

    @property
    def last_day(self):
        """The last day of submission: the closing date, or the campaign's end."""
        return self.closes_on or self.campaign.end_day


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
    # --- districts and the CLIF (issue 9, point 3) ---
    # Proposed by the CLIF or the coordinator « à l'issue de cette concertation »; the office
    # confirms it (or names another) as `host_school` when it validates.
    proposed_host_school = models.ForeignKey(
        Etablissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("établissement d'accueil proposé"),
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

    get_state_display = display("state", State.choices)
    get_scale_display = display("scale", Scale.choices)

    def __str__(self):
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self):
        return reverse("requests:detail", args=[self.pk])

    # The states in which a training takes sessions (issue 11: scheduled in workshops).
    SESSION_STATES = (State.VALIDATED, State.IN_PROGRESS)

    @property
    def takes_sessions(self):
        return self.state in self.SESSION_STATES

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
        INVITED = "invited", _("Invitation en attente")
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

    get_status_display = display("status", Status.choices)

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

    get_from_state_display = display("from_state", State.choices)
    get_to_state_display = display("to_state", State.choices)

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
    # --- the trainer pool (issue 9, point 9) ---
    availability = models.TextField(
        _("disponibilités"),
        blank=True,
        help_text=_("Par exemple : le mercredi après-midi, hors périodes d'examens."),
    )
    # An inactive trainer stays in the pool's history but is no longer proposed.
    is_active = models.BooleanField(_("actif"), default=True)
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

    get_status_display = display("status", Status.choices)

    def __str__(self):
        return f"{self.trainer} — {self.request_id}"


# --- Diagnostic meetings and the training project (issue 9, point 1) ---------------------------
class DiagnosticMeeting(models.Model):
    """A diagnostic meeting held with the team, its representatives and the trainers (the
    seed: « le préalable indispensable à l'élaboration du projet de formation »). Unlike the
    office's `DiagnosticNote`, its findings are read by everyone who took part: the team, the
    heads of the schools concerned, the accepted trainers and the office."""

    request = models.ForeignKey(
        AntRequest, on_delete=models.CASCADE, related_name="diagnostic_meetings"
    )
    held_on = models.DateField(_("date de la réunion"))
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("participants")
    )
    findings = models.TextField(_("constats partagés"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("réunion de diagnostic")
        verbose_name_plural = _("réunions de diagnostic")
        ordering = ["held_on", "pk"]

    def __str__(self):
        return f"{self.request_id} — {self.held_on}"


class TrainingProject(models.Model):
    """The training project of a request, « possiblement évolutif »: its content is in its
    revisions, the newest being the current one. The row is what publishing locks, so that
    revisions are numbered 1, 2, 3… without a gap or a duplicate."""

    request = models.OneToOneField(
        AntRequest, on_delete=models.CASCADE, related_name="training_project"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("projet de formation")
        verbose_name_plural = _("projets de formation")

    def __str__(self):
        return f"{self.request_id}"


class TrainingProjectRevision(models.Model):
    """One version of the training project, kept as published: a new version is a new row."""

    project = models.ForeignKey(TrainingProject, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("version"))
    objectives = models.TextField(_("objectifs de formation"))
    public = models.CharField(_("public"), max_length=300)
    session_count = models.PositiveSmallIntegerField(_("nombre de séances prévues"))
    hours_per_session = models.DecimalField(
        _("durée d'une séance (heures)"), max_digits=4, decimal_places=1
    )
    planned_dates = models.TextField(_("dates envisagées"), blank=True)
    change_note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("version du projet de formation")
        verbose_name_plural = _("versions du projet de formation")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="training_revision_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(session_count__gte=1), name="training_revision_sessions"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_session__gt=0), name="training_revision_hours"
            ),
        ]

    def __str__(self):
        return f"{self.project_id} v{self.number}"

    @property
    def total_hours(self):
        return self.session_count * self.hours_per_session


# --- opinions of the académie's services (« avis externes », issue 9, point 2) ---
class OpinionRequest(models.Model):
    """The office asks a named person of the académie's services (an inspector, a DSDEN
    service, another office) for an opinion on one request under review. That person sees
    this request only, through the opinion (never through the request pages), and answers
    once; the answer is shown to the office alone."""

    class Verdict(models.TextChoices):
        FAVOURABLE = "favourable", _("Favorable")
        RESERVED = "reserved", _("Réservé")
        UNFAVOURABLE = "unfavourable", _("Défavorable")

    request = models.ForeignKey(AntRequest, on_delete=models.CASCADE, related_name="opinions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ant_opinions",
        verbose_name=_("personne consultée"),
    )
    service = models.CharField(_("service consulté"), max_length=200)
    question = models.TextField(_("question posée"))
    due_on = models.DateField(_("réponse attendue le"))
    created_at = models.DateTimeField(_("demandé le"), default=timezone.now)
    reminded_at = models.DateTimeField(_("relancé le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("rendu le"), null=True, blank=True)
    verdict = models.CharField(_("avis"), max_length=15, choices=Verdict.choices, blank=True)
    answer = models.TextField(_("réponse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("avis demandé")
        verbose_name_plural = _("avis demandés")
        ordering = ["created_at", "pk"]
        indexes = [
            # The expert's list, newest first.
            models.Index(fields=["expert", "-created_at"], name="opinion_expert_list"),
            # The daily reminders: unanswered opinions by due date.
            models.Index(
                fields=["due_on"],
                condition=Q(answered_at__isnull=True, reminded_at__isnull=True),
                name="opinion_to_remind",
            ),
        ]
        constraints = [
            # An answer is a verdict and its text, given together.
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, verdict="")
                | (Q(answered_at__isnull=False) & ~Q(verdict="") & ~Q(answer="")),
                name="opinion_answer_complete",
            )
        ]

    get_verdict_display = display("verdict", Verdict.choices)

    def __str__(self):
        return f"{self.request_id} — {self.service}"

    def get_absolute_url(self):
        return reverse("requests:opinion_detail", args=[self.pk])

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def verdict_badge_class(self):
        return {
            self.Verdict.FAVOURABLE: "fr-badge--success",
            self.Verdict.RESERVED: "fr-badge--warning",
            self.Verdict.UNFAVOURABLE: "fr-badge--error",
        }.get(self.verdict, "fr-badge--info")


# --- head's broadcast of the catalogue (issue 9, point 4) ---
class CampaignBroadcast(models.Model):
    """A head of school told their staff about a campaign (catalogue and windows): once per
    campaign and school, whoever the head."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="broadcasts")
    school = models.ForeignKey(Etablissement, on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveIntegerField(_("destinataires"))

    class Meta:
        verbose_name = _("information des personnels")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "school"], name="campaign_broadcast_once")
        ]

    def __str__(self):
        return f"{self.campaign_id} — {self.school_id}"


# --- end of head's broadcast ---
