"""Forms of the trainers' pages: the office's trainer list filters, the proposal of a trainer,
and the trainer's answer to a proposal."""

import re

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.submissions import SubmissionTokenMixin
from dsfr_crispy.layout import FilterFormMixin, Submit
from requests.models import TrainerProfile


def discipline_choices(profiles_disciplines):
    """Choices from the trainers' comma-separated disciplines, one per spelling-insensitive
    discipline, sorted."""
    seen = {}
    for disciplines in profiles_disciplines:
        for name in disciplines.split(","):
            name = name.strip()
            if name:
                seen.setdefault(name.lower(), name)
    return sorted(((label, label) for label in seen.values()), key=lambda c: c[1].lower())


class TrainerFilter(FilterFormMixin, django_filters.FilterSet):
    """Filters of the office's trainer list: a discipline, a département."""

    discipline = django_filters.ChoiceFilter(
        label=_("Discipline"), method="filter_discipline", empty_label=_("Toutes")
    )
    departement = django_filters.ChoiceFilter(
        label=_("Département d'intervention"), empty_label=_("Tous")
    )

    class Meta:
        model = TrainerProfile
        fields = []

    def __init__(self, *args, disciplines=(), departements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["discipline"].extra["choices"] = list(disciplines)
        self.filters["departement"].extra["choices"] = [(d, d) for d in departements]

    def filter_discipline(self, queryset, name, value):
        # One whole item of the comma-separated list, whatever its case.
        return queryset.filter(disciplines__iregex=rf"(^|,)\s*{re.escape(value)}\s*(,|$)")


class AssignTrainerForm(SubmissionTokenMixin, forms.Form):
    """The office proposes the request to one of the académie's trainers; the rest of the
    rules (home school, state, already assigned) are services.assign_trainer's. Shown once
    per suggested trainer, the trainer a hidden field."""

    trainer = forms.ModelChoiceField(
        queryset=User.objects.none(),
        error_messages={
            "required": _("Choisissez un formateur."),
            "invalid_choice": _("Ce formateur n'est pas un formateur actif de l'académie."),
        },
    )

    def __init__(self, *args, academie_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = User.objects.filter(
            is_active=True, trainer_profile__academie_id=academie_id
        )


class DeclineAssignmentForm(SubmissionTokenMixin, forms.Form):
    """The trainer declines a proposal and says why (the office reads it to find someone
    else)."""

    decision = forms.CharField(widget=forms.HiddenInput, initial="decline")
    reason = forms.CharField(
        label=_("Motif du refus"),
        help_text=_("Obligatoire : par exemple vos disponibilités ou votre charge actuelle."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, action=None, key="", **kwargs):
        # `key` tells apart the ids of the forms listed on one page.
        super().__init__(*args, auto_id=f"id_decline{key}_%s", **kwargs)
        self.helper = FormHelper()
        if action:
            self.helper.form_action = action
        self.helper.add_input(
            Submit("submit", _("Décliner"), secondary=True, css_id=f"decline{key}-submit")
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(
                _(
                    "Indiquez pourquoi vous déclinez, pour aider l'EAFC à trouver un autre "
                    "formateur."
                )
            )
        return reason
