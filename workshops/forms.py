# --- part A: scheduling (its imports; its forms are at the end of the file) ---
import copy
import datetime

from accounts.models import Role, RoleMembership
from accounts.submissions import SubmissionTokenMixin
from programmes.forms.brigade import UaiField
from programmes.models import Animateur, ProgrammeMembership, TrainerTeam
from workshops import scheduling
from workshops.permissions import TRAINER_FUNCTIONS

# isort: split
# --- end of part A (imports) ---
# --- part B: enrolment and convocations ---
# The person form of a session's managers (designate or invite one person), and the filter
# of the open sessions' list.

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from dsfr_crispy.layout import FilterFormMixin, Submit
from programmes.models import Programme
from workshops.models import Session

# A search shorter than this matches too many people to be a choice.
PERSON_QUERY_MIN_LENGTH = 3
# Names listed when a search matches several people.
PERSON_MATCHES_SHOWN = 5


def academie_users(academie):
    """Active users holding a current role in `academie`."""
    today = timezone.localdate()
    return User.objects.filter(
        Q(role_memberships__ended_on__isnull=True) | Q(role_memberships__ended_on__gt=today),
        is_active=True,
        role_memberships__academie=academie,
    ).distinct()


class PersonForm(forms.Form):
    """One person of the session's académie, found by e-mail address or by name."""

    person = forms.CharField(
        label=_("Nom ou adresse électronique"),
        help_text=_("Une personne de l'académie qui a un compte ici."),
        max_length=254,
        error_messages={"required": _("Indiquez le nom ou l'adresse électronique.")},
    )

    def __init__(self, *args, academie, submit_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.academie = academie
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", submit_label))

    def clean_person(self):
        query = self.cleaned_data["person"].strip()
        if len(query) < PERSON_QUERY_MIN_LENGTH:
            raise forms.ValidationError(
                _("Saisissez au moins %(count)d caractères.") % {"count": PERSON_QUERY_MIN_LENGTH}
            )
        people = academie_users(self.academie)
        exact = list(people.filter(email__iexact=query)[:1])
        if exact:
            return exact[0]
        matches = list(
            people.filter(full_name__icontains=query).order_by("full_name", "pk")[
                : PERSON_MATCHES_SHOWN + 1
            ]
        )
        if not matches:
            raise forms.ValidationError(
                _("Personne de l'académie ne correspond à «\u00a0%(query)s\u00a0».")
                % {"query": query}
            )
        if len(matches) > 1:
            names = ", ".join(
                f"{user.full_name} ({user.email})" for user in matches[:PERSON_MATCHES_SHOWN]
            )
            raise forms.ValidationError(
                _(
                    "Plusieurs personnes correspondent (%(names)s)\u00a0: saisissez l'adresse "
                    "électronique."
                )
                % {"names": names}
            )
        return matches[0]


class OpenSessionFilter(FilterFormMixin, django_filters.FilterSet):
    """The open sessions' list: by programme."""

    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=_("Tous")
    )

    class Meta:
        model = Session
        fields = []

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["programme"].queryset = programmes


# --- end of part B ---

# --- part A: scheduling ---
# « Programmer une séance » and « Modifier la séance »: one form for both; and the reason of
# a cancellation. The rules that read the database (clashes, holidays) are checked here for
# the form's messages, and again by workshops/services.py under its locks.


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def allowed_trainers(programme):
    """Who may run the programme's sessions (workshops/scheduling.py), as a queryset."""
    today = timezone.localdate()
    current = Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    return User.objects.filter(
        Q(
            pk__in=RoleMembership.objects.filter(
                current, role=Role.FORMATEUR, academie_id=programme.academie_id
            ).values("user_id")
        )
        | Q(
            pk__in=ProgrammeMembership.objects.filter(
                current, programme=programme, function__in=TRAINER_FUNCTIONS, started_on__lte=today
            ).values("user_id")
        )
        | Q(pk__in=Animateur.objects.filter(brigade__programme=programme).values("user_id")),
        is_active=True,
    ).order_by("full_name", "pk")


def current_school_year():
    today = timezone.localdate()
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}-{first + 1}"


class SessionForm(SubmissionTokenMixin, forms.ModelForm):
    """A session's facts, its day and times (or first and last days), its host school typed
    by UAI, its trainers. On a warning (weekend, public or school holiday) it asks for
    « Programmer malgré tout » before it saves; on a refusal it shows why."""

    day = forms.DateField(
        label=_("Date (ou premier jour)"),
        required=False,
        widget=date_input(),
        help_text=_("Laissez vide pour une séance prévue dont la date n'est pas encore fixée."),
        error_messages={"invalid": _("Saisissez une date valide.")},
    )
    end_day = forms.DateField(
        label=_("Dernier jour (séance sur plusieurs jours)"),
        required=False,
        widget=date_input(),
        error_messages={"invalid": _("Saisissez une date valide.")},
    )
    start_time = forms.TimeField(
        label=_("Heure de début"),
        required=False,
        widget=time_input(),
        error_messages={"invalid": _("Saisissez une heure valide, par exemple 9:30.")},
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"),
        required=False,
        widget=time_input(),
        error_messages={"invalid": _("Saisissez une heure valide, par exemple 12:00.")},
    )
    host_school_uai = UaiField(
        label=_("UAI de l'établissement d'accueil"),
        required=False,
        help_text=_("Un établissement de l'académie du programme, par exemple 0570030Y."),
    )
    trainer_team = forms.ModelChoiceField(
        label=_("Équipe d'animateurs"),
        queryset=TrainerTeam.objects.none(),
        required=False,
        help_text=_("Tous les animateurs de l'équipe animent la séance."),
        error_messages={"invalid_choice": _("Cette équipe n'appartient pas à la brigade.")},
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Formateurs et formatrices"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Cette personne ne peut pas animer les séances du programme."),
            "invalid_pk_value": _("Choix invalide."),
        },
    )
    lead = forms.ModelChoiceField(
        label=_("Responsable de la séance"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Par défaut, la première personne de la liste."),
        error_messages={
            "invalid_choice": _("Cette personne ne peut pas animer les séances du programme.")
        },
    )
    online_url = forms.URLField(
        label=_("Lien de la classe virtuelle"),
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": _("Saisissez une adresse web valide.")},
    )
    confirm = forms.BooleanField(
        label=_("Programmer malgré tout"),
        required=False,
        help_text=_(
            "À cocher pour enregistrer une séance un week-end, un jour férié ou pendant des "
            "vacances scolaires."
        ),
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "level",
            "public",
            "capacity",
            "status",
            "room",
            "online_url",
            "school_year",
            "term",
            "planning_note",
            "description",
        ]
        labels = {
            "title": _("Intitulé"),
            "status": _("État"),
            "school_year": _("Année scolaire"),
            "planning_note": _("Programmation (séance sans date)"),
            "capacity": _("Nombre de places"),
        }
        help_texts = {
            "school_year": _(
                "Par exemple 2022-2023\u00a0; déduite de la date quand il y en a une."
            ),
            "planning_note": _("Par exemple\u00a0: dès le deuxième trimestre."),
            "room": _("Deux séances ne peuvent pas occuper la même salle en même temps."),
        }
        error_messages = {
            "title": {"required": _("Indiquez l'intitulé de la séance.")},
            "capacity": {"invalid": _("Saisissez un nombre entier.")},
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, programme, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.warnings = []
        self.fields["status"].choices = [
            (value, label)
            for value, label in Session.Status.choices
            if value in (Session.Status.PLANNED, Session.Status.CONFIRMED)
        ]
        self.fields["host_school_uai"].academie_id = programme.academie_id
        trainers = allowed_trainers(programme)
        self.fields["trainers"].queryset = trainers
        self.fields["lead"].queryset = trainers
        if teams is None:
            del self.fields["trainer_team"]
        else:
            self.fields["trainer_team"].queryset = teams
        self.fields["school_year"].required = False
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(
            Submit(
                "submit",
                _("Programmer la séance")
                if self.instance.pk is None
                else _("Enregistrer les modifications"),
            )
        )
        self.order_fields(
            ["title", "level", "day", "end_day", "start_time", "end_time", "host_school_uai",
             "room", "online_url", "trainer_team", "trainers", "lead", "public", "capacity",
             "status", "school_year", "term", "planning_note", "description", "confirm"]
        )  # fmt: skip

    @classmethod
    def initial_for(cls, session, trainers):
        """The initial values of the edit form for `session` run by `trainers` (rows)."""
        initial = {"trainers": [t.user_id for t in trainers]}
        lead = next((t.user_id for t in trainers if t.role == "lead"), None)
        if lead is not None:
            initial["lead"] = lead
        if session.host_school_id is not None:
            initial["host_school_uai"] = session.host_school.uai
        if session.starts_at is not None:
            start = timezone.localtime(session.starts_at)
            end = timezone.localtime(session.ends_at)
            initial.update(day=start.date(), start_time=start.time(), end_time=end.time())
            if end.date() != start.date():
                initial["end_day"] = end.date()
        return initial

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(_("Une séance a au moins une place."))
        return capacity

    def _moments(self, cleaned):
        day, end_day = cleaned.get("day"), cleaned.get("end_day")
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if any(name in self.errors for name in ("day", "end_day", "start_time", "end_time")):
            return None
        if not (day or end_day or start or end):
            return (None, None)
        if day is None:
            self.add_error("day", _("Indiquez la date de la séance."))
        if start is None:
            self.add_error("start_time", _("Indiquez l'heure de début."))
        if end is None:
            self.add_error("end_time", _("Indiquez l'heure de fin."))
        if day is None or start is None or end is None:
            return None
        if end_day is not None and end_day < day:
            self.add_error("end_day", _("Le dernier jour précède le premier."))
            return None
        starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
        ends_at = timezone.make_aware(datetime.datetime.combine(end_day or day, end))
        if ends_at <= starts_at:
            self.add_error("end_time", _("La fin de la séance doit suivre son début."))
            return None
        return (starts_at, ends_at)

    def clean(self):
        cleaned = super().clean()
        moments = self._moments(cleaned)
        if moments is None:
            return cleaned
        cleaned["starts_at"], cleaned["ends_at"] = moments
        status = cleaned.get("status")
        if cleaned["starts_at"] is None:
            if status == Session.Status.CONFIRMED:
                self.add_error("status", _("Une séance confirmée a une date et des horaires."))
            if not cleaned.get("school_year"):
                cleaned["school_year"] = current_school_year()
        if self.errors:
            return cleaned
        candidate = self.candidate(cleaned)
        trainers = self.chosen_trainers(cleaned)
        for problem in scheduling.refusals(candidate, trainers):
            self.add_error(None, problem)
        if self.errors:
            return cleaned
        self.warnings = scheduling.warnings(candidate)
        if self.warnings and not cleaned.get("confirm"):
            self.add_error(
                "confirm",
                _(
                    "Cette séance appelle votre attention (voir ci-dessus)\u00a0: cochez "
                    "«\u00a0Programmer malgré tout\u00a0» pour l'enregistrer."
                ),
            )
        return cleaned

    def chosen_trainers(self, cleaned):
        trainers = list(cleaned.get("trainers") or [])
        team = cleaned.get("trainer_team")
        if team is not None:
            members = scheduling.team_trainers(team)
            trainers = members + [t for t in trainers if t.pk not in {m.pk for m in members}]
        lead = cleaned.get("lead")
        if lead is not None and lead.pk not in {t.pk for t in trainers}:
            trainers.insert(0, lead)
        if not trainers and self.instance.pk is not None:
            trainers = [t.user for t in self.instance.trainers.select_related("user")]
        return trainers

    def candidate(self, cleaned):
        """The session as it would be saved, for the rules."""
        session = copy.copy(self.instance) if self.instance.pk else Session()
        session.programme = self.programme
        session.academie_id = self.programme.academie_id
        for name in ("title", "status", "room", "online_url", "starts_at", "ends_at"):
            setattr(session, name, cleaned.get(name))
        session.host_school = cleaned.get("host_school_uai")
        return session

    def session_fields(self):
        """The Session fields for workshops/services.py."""
        cleaned = self.cleaned_data
        fields = {name: cleaned[name] for name in self.Meta.fields}
        fields.update(
            starts_at=cleaned["starts_at"],
            ends_at=cleaned["ends_at"],
            host_school=cleaned.get("host_school_uai"),
        )
        return fields


class CancelSessionForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        help_text=_(
            "Les formateurs et les participants le liront dans le message qui les prévient."
        ),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Indiquez le motif de l'annulation."),
            "max_length": _("Le motif tient en 300 caractères au plus."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "post"
        self.helper.add_input(Submit("submit", _("Annuler la séance")))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indiquez le motif de l'annulation."))
        return reason


# --- end of part A ---
