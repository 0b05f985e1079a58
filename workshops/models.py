"""Scheduled sessions of every programme (issue 11).

A session is a dated meeting of trainers and participants in a place (a school's room) or
online: an ANT training day, the in-person day of a M@gistère session, an ambition-confiance
team's workshop with pupils, a module of the animateurs' training, or an Ambassadeurs
cohort's « atelier pratique participatif ». It belongs to a programme and, where it applies,
to that programme's record (the request, the parcours session, the team, the module, the
cohort). A session may be planned for a term before it has a date (« dès le deuxième
trimestre »): it has no start and end until it is scheduled.

The school and public holidays the scheduling rules warn about are data (`SchoolHoliday`),
loaded from the official calendar; public holidays are computed (workshops/calendar.py).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Academie, Etablissement
from programmes.models import Cohort, ParcoursSession, Programme, TrainerTeam, TrainingModule
from requests.models import AntRequest


class Zone(models.TextChoices):
    A = "A", _("Zone A")
    B = "B", _("Zone B")
    C = "C", _("Zone C")
    CORSE = "Corse", _("Corse")


class SchoolHoliday(models.Model):
    """A period of school holidays of one zone, from its first day to its last day
    (inclusive): the official calendar's `[start, end)` with the end's day before."""

    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices)
    school_year = models.CharField(_("année scolaire"), max_length=9)
    name = models.CharField(_("vacances"), max_length=100)
    first_day = models.DateField(_("premier jour"))
    last_day = models.DateField(_("dernier jour"))

    class Meta:
        verbose_name = _("vacances scolaires")
        verbose_name_plural = _("vacances scolaires")
        ordering = ["first_day", "zone"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "school_year", "name"], name="school_holiday_unique"
            ),
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="school_holiday_in_order"
            ),
        ]
        indexes = [models.Index(fields=["zone", "first_day", "last_day"])]

    def __str__(self):
        return f"{self.name} {self.school_year} ({self.zone})"


class Session(models.Model):
    class Kind(models.TextChoices):
        ANT = "ant", _("Séance d'une ANT")
        MAGISTERE = "magistere", _("Journée en présence d'un parcours M@gistère")
        ATELIER = "atelier", _("Atelier ambition-confiance avec des élèves")
        MODULE = "module", _("Module de formation des animateurs")
        AMBASSADEURS = "ambassadeurs", _("Atelier pratique participatif")
        AUTRE = "autre", _("Autre séance")

    class Public(models.TextChoices):
        DESIGNATED = "designated", _("Public désigné")
        OPEN = "open", _("Inscription libre")
        INVITATION = "invitation", _("Sur invitation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        CONFIRMED = "confirmed", _("Confirmée")
        DONE = "done", _("Réalisée")
        CANCELLED = "cancelled", _("Annulée")

    class Term(models.IntegerChoices):
        FIRST = 1, _("premier trimestre")
        SECOND = 2, _("deuxième trimestre")
        THIRD = 3, _("troisième trimestre")

    # Denormalised from the programme: every scoped query filters on it.
    academie = models.ForeignKey(Academie, on_delete=models.PROTECT, related_name="sessions")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("programme")
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    # What the session belongs to, where it applies (at most one, by kind).
    ant_request = models.ForeignKey(
        AntRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("ANT"),
    )
    parcours_session = models.ForeignKey(
        ParcoursSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="in_person_days",
        verbose_name=_("session M@gistère"),
    )
    trainer_team = models.ForeignKey(
        TrainerTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("équipe d'animateurs"),
    )
    training_module = models.ForeignKey(
        TrainingModule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("module de formation"),
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("cohorte"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    level = models.CharField(_("niveau"), max_length=100, blank=True)
    school_year = models.CharField(_("année scolaire"), max_length=9)
    term = models.PositiveSmallIntegerField(
        _("trimestre"), choices=Term.choices, null=True, blank=True
    )
    # « en cours de planification pour le mois de septembre 2022 »: what is known before a date.
    planning_note = models.CharField(_("programmation"), max_length=200, blank=True)
    host_school = models.ForeignKey(
        Etablissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_sessions",
        verbose_name=_("établissement d'accueil"),
    )
    room = models.CharField(_("salle"), max_length=100, blank=True)
    online_url = models.URLField(_("lien de la classe virtuelle"), blank=True)
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"), null=True, blank=True)
    public = models.CharField(
        _("public"), max_length=20, choices=Public.choices, default=Public.DESIGNATED
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    description = models.TextField(_("présentation"), blank=True)
    cancel_reason = models.CharField(_("motif de l'annulation"), max_length=300, blank=True)
    # The iCalendar SEQUENCE: raised at each change of time, place or status people are told
    # of, so calendars replace the event they hold.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("programmée par"),
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True, ends_at__isnull=True)
                | Q(starts_at__isnull=False, ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("La fin de la séance doit suivre son début."),
            ),
            # Confirmed and done sessions have a date; planned ones may wait for theirs.
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"]) | Q(starts_at__isnull=False),
                name="session_confirmed_has_dates",
                violation_error_message=_("Une séance confirmée ou réalisée a une date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="session_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="session_capacity_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["academie", "starts_at"]),
            models.Index(fields=["host_school", "starts_at"]),
            models.Index(fields=["programme", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self):
        return self.title

    @property
    def hours(self):
        """The session's length in hours (a Decimal with one decimal place), or None.

        A session over several days (« la semaine du 14 au 19 décembre 2022 ») runs each
        weekday of its span from its start time to its end time: its nights and weekend do
        not count."""
        if self.starts_at is None:
            return None
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        if start.date() == end.date():
            seconds = (end - start).total_seconds()
        else:
            daily = datetime.datetime.combine(start.date(), end.time()) - datetime.datetime.combine(
                start.date(), start.time()
            )
            days = sum(
                1
                for offset in range((end.date() - start.date()).days + 1)
                if (start.date() + datetime.timedelta(days=offset)).weekday() < 5
            )
            seconds = max(daily.total_seconds(), 0) * days
        return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))


class SessionTrainer(models.Model):
    """A trainer of a session: its lead, or a co-trainer."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Formateur ou formatrice principal(e)")
        CO = "co", _("Co-animation")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="trainers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="session_trainings"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.CO)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("formateur d'une séance")
        verbose_name_plural = _("formateurs d'une séance")
        ordering = ["session", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="session_trainer_unique"),
            models.UniqueConstraint(
                fields=["session"], condition=Q(role="lead"), name="session_one_lead"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.session}"


class Participant(models.Model):
    """A person taking part in a session: enrolled (designated, by enrolment or by
    invitation), on the waiting list, or an observer; then present or absent on the day."""

    class Origin(models.TextChoices):
        DESIGNATED = "designated", _("Public désigné")
        ENROLMENT = "enrolment", _("Inscription")
        INVITATION = "invitation", _("Invitation")
        OBSERVER = "observer", _("Observation")

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Inscrit")
        WAITING = "waiting", _("Liste d'attente")
        CANCELLED = "cancelled", _("Désinscrit")
        # part B: invited to a session « sur invitation », not yet answered.
        INVITED = "invited", _("Invitation en attente de réponse")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Non renseignée")
        PRESENT = "present", _("Présent")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="session_participations"
    )
    origin = models.CharField(_("origine"), max_length=20, choices=Origin.choices)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.ENROLLED
    )
    # The observation request this observer comes from (ambition-confiance).
    observation_request = models.OneToOneField(
        "programmes.ObservationRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participation",
    )
    created_at = models.DateTimeField(_("inscrit le"), default=timezone.now)
    convened_at = models.DateTimeField(_("convoqué le"), null=True, blank=True)
    attendance = models.CharField(
        _("présence"), max_length=10, choices=Attendance.choices, default="", blank=True
    )
    # The hours attended: the session's length when present, fewer for a partial attendance.
    hours_attended = models.DecimalField(
        _("heures suivies"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    attendance_marked_at = models.DateTimeField(_("présence notée le"), null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="participant_unique"),
            models.CheckConstraint(
                condition=Q(hours_attended__isnull=True) | Q(hours_attended__gte=0),
                name="participant_hours_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["session", "status", "created_at"]),
        ]

    def __str__(self):
        return f"{self.user} — {self.session}"


class ReminderSent(models.Model):
    """A reminder sent to one person for one session, 7 or 1 day before: the unique row is
    what makes a reminder go once, whatever beat or the workers do."""

    class Lead(models.IntegerChoices):
        WEEK = 7, _("7 jours avant")
        DAY = 1, _("la veille")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lead = models.PositiveSmallIntegerField(_("délai"), choices=Lead.choices)
    sent_at = models.DateTimeField(_("envoyé le"), default=timezone.now)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(fields=["session", "user", "lead"], name="reminder_once")
        ]

    def __str__(self):
        return f"{self.session} — {self.user} ({self.lead})"


class CalendarFeed(models.Model):
    """A trainer's private iCalendar feed: whoever has the secret URL reads the diary, so the
    trainer can reset it (a new token; the old URL answers 404)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)

    class Meta:
        verbose_name = _("flux iCalendar")
        verbose_name_plural = _("flux iCalendar")

    def __str__(self):
        return str(self.user)


# --- part A: scheduling ---
# --- end of part A ---
# --- part B: enrolment and convocations ---
# --- end of part B ---
# --- part C: attendance ---
# --- end of part C ---
# --- part D: calendars ---
# --- end of part D ---
# --- part E: reminders and observation ---
# --- end of part E ---
