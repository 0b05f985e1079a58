"""The CLIF's forms (issue 9, point 3): the host school proposed for a district or réseau
request."""

from crispy_forms.helper import FormHelper
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dsfr_crispy.layout import Submit
from requests.forms.team import ReadOnceChoiceIterator


class ConcernedSchoolField(forms.ModelChoiceField):
    iterator = ReadOnceChoiceIterator


class HostProposalForm(forms.Form):
    """The school that would host the training, among the schools concerned."""

    school = ConcernedSchoolField(
        label=_("Établissement d'accueil proposé"),
        queryset=None,
        required=False,
        empty_label=_("— Pas de proposition —"),
        help_text=_(
            "À l'issue de la concertation avec le groupe formation du district. L'EAFC le "
            "confirme à la validation."
        ),
        error_messages={
            "invalid_choice": _(
                "L'établissement d'accueil proposé doit être l'un des établissements concernés."
            )
        },
    )

    prefix = "accueil"

    def __init__(self, *args, ant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = ant.schools.order_by("name")
        self.fields["school"].initial = ant.proposed_host_school_id
        self.helper = FormHelper()
        self.helper.form_action = reverse("requests:propose_host_school", args=[ant.pk])
        self.helper.add_input(Submit("submit", _("Proposer cet établissement"), secondary=True))
