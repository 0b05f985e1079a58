"""Forms of the diagnostic meetings and of the training project (issue 9, point 1)."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.submissions import SubmissionTokenMixin
from dsfr_crispy.layout import Submit
from requests import queries


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class AttendeeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class MeetingForm(SubmissionTokenMixin, forms.Form):
    """A diagnostic meeting: its date, who attended (at least one of the team and one of the
    trainers, as the seed asks), the findings shared with all of them."""

    held_on = forms.DateField(
        label=_("Date de la réunion"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date de la réunion."),
            "invalid": _("Saisissez une date valide, par exemple 14/09/2020."),
        },
    )
    attendees = AttendeeField(
        label=_("Participants"),
        help_text=_("L'équipe, ses représentants et les formateurs présents."),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez les personnes qui ont participé à la réunion."),
            "invalid_choice": _("Cette personne ne peut pas être indiquée comme participante."),
        },
    )
    findings = forms.CharField(
        label=_("Constats partagés"),
        help_text=_(
            "Lus par l'équipe, les chefs d'établissement, les formateurs et le service de "
            "formation."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Écrivez les constats de la réunion.")},
    )

    def __init__(self, *args, ant, **kwargs):
        super().__init__(*args, **kwargs)
        self.ant = ant
        self.fields["attendees"].queryset = queries.meeting_candidates(ant)
        self.fields["held_on"].initial = timezone.localdate()
        self.helper = _helper(_("Enregistrer la réunion"))

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(
                _("La réunion s'enregistre une fois tenue\u00a0: sa date ne peut pas être à venir.")
            )
        return held_on

    def clean_attendees(self):
        attendees = self.cleaned_data["attendees"]
        ids = {user.pk for user in attendees}
        team = {m.user_id for m in self.ant.members.all() if m.status == m.Status.CONFIRMED}
        trainers = {
            a.trainer_id for a in self.ant.assignments.all() if a.status == a.Status.ACCEPTED
        }
        missing = []
        if not ids & team:
            missing.append(_("au moins un membre de l'équipe"))
        if not ids & trainers:
            missing.append(_("au moins un formateur de l'ANT"))
        if missing:
            raise forms.ValidationError(
                _("Le diagnostic associe l'équipe et les formateurs\u00a0: cochez %(who)s.")
                % {"who": _(" et ").join(str(m) for m in missing)}
            )
        return attendees


class RevisionForm(SubmissionTokenMixin, forms.Form):
    """A version of the training project, written from the one in force (`current`)."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    objectives = forms.CharField(
        label=_("Objectifs de formation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Un objectif par ligne."),
        error_messages={"required": _("Écrivez les objectifs de la formation.")},
    )
    public = forms.CharField(
        label=_("Public"),
        max_length=300,
        help_text=_(
            "Par exemple\u00a0: 14 professeurs de collège, CPE et professeure documentaliste."
        ),
        error_messages={
            "required": _("Indiquez le public de la formation."),
            "max_length": _("300 caractères au plus (actuellement %(show_value)d)."),
        },
    )
    session_count = forms.IntegerField(
        label=_("Nombre de séances prévues"),
        min_value=1,
        max_value=30,
        error_messages={
            "required": _("Indiquez le nombre de séances prévues."),
            "invalid": _("Saisissez un nombre entier de séances."),
            "min_value": _("Prévoyez au moins une séance."),
            "max_value": _("30 séances au plus."),
        },
    )
    hours_per_session = forms.DecimalField(
        label=_("Durée d'une séance (heures)"),
        help_text=_("Par demi-heures\u00a0: 3 ou 1,5 par exemple."),
        min_value=Decimal("0.5"),
        max_value=Decimal("8"),
        max_digits=3,
        decimal_places=1,
        localize=True,
        error_messages={
            "required": _("Indiquez la durée d'une séance, en heures."),
            "invalid": _("Saisissez une durée en heures, par exemple 3 ou 1,5."),
            "min_value": _("Une séance dure au moins une demi-heure."),
            "max_value": _("Une séance dure 8 heures au plus."),
            "max_decimal_places": _("Une décimale au plus (1,5 par exemple)."),
            "max_digits": _("Une séance dure 8 heures au plus."),
        },
    )
    planned_dates = forms.CharField(
        label=_("Dates envisagées"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Une date ou une période par ligne, à confirmer avec l'établissement d'accueil."
        ),
    )
    change_note = forms.CharField(
        label=_("Ce qui change dans cette version"),
        max_length=300,
        required=False,
        help_text=_("Une phrase, lue par l'équipe et les formateurs."),
        error_messages={"max_length": _("300 caractères au plus (actuellement %(show_value)d).")},
    )

    CONTENT = ("objectives", "public", "session_count", "hours_per_session", "planned_dates")

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["based_on"].initial = current.number if current else 0
        if current is not None:
            for name in self.CONTENT:
                self.fields[name].initial = getattr(current, name)
        else:
            del self.fields["change_note"]  # the first version changes nothing
        label = _("Publier la version %(number)d") % {
            "number": (current.number if current else 0) + 1
        }
        self.helper = _helper(label)

    def clean(self):
        cleaned = super().clean()
        if self.current is not None and not (cleaned.get("change_note") or "").strip():
            self.add_error(
                "change_note", _("Dites en une phrase ce qui change dans cette version.")
            )
        return cleaned

    def content(self):
        """The version's fields, for services.publish_revision."""
        fields = {name: self.cleaned_data[name] for name in self.CONTENT}
        if "change_note" in self.fields:
            fields["change_note"] = self.cleaned_data["change_note"].strip()
        return fields


class CompareForm(forms.Form):
    """Which two versions to compare (a GET form: works without JavaScript)."""

    de = forms.TypedChoiceField(label=_("Comparer la version"), coerce=int)
    a = forms.TypedChoiceField(label=_("avec la version"), coerce=int)

    def __init__(self, *args, numbers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, _("version %(number)d") % {"number": n}) for n in numbers]
        for name in ("de", "a"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = _(
                "Cette version n'existe pas\u00a0: choisissez-en une dans la liste."
            )
            self.fields[name].error_messages["required"] = _("Choisissez une version.")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "comparer"
        self.helper.add_input(Submit("", _("Comparer"), secondary=True))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("de") is not None and cleaned.get("de") == cleaned.get("a"):
            raise forms.ValidationError(_("Choisissez deux versions différentes."))
        return cleaned
