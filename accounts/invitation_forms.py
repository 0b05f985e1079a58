"""The office's invitation form and the invited person's password form (issue 9, point 9)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import SetPasswordForm
from accounts.invitations import INVITABLE_ROLES
from accounts.models import Academie, Role
from accounts.submissions import SubmissionTokenMixin
from dsfr_crispy.layout import Submit


class InvitationForm(SubmissionTokenMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Prénom et nom"),
        max_length=150,
        error_messages={"required": _("Indiquez le prénom et le nom de la personne.")},
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        help_text=_("Le lien d'invitation y est envoyé ; il est valable 14 jours."),
        error_messages={
            "required": _("Indiquez l'adresse électronique de la personne."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[(r.value, r.label) for r in INVITABLE_ROLES],
        initial=Role.FORMATEUR,
        error_messages={"required": _("Choisissez le rôle.")},
    )
    academie = forms.ModelChoiceField(
        label=_("Académie"), queryset=Academie.objects.none(), empty_label=None
    )

    def __init__(self, *args, academies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academie"].queryset = Academie.objects.filter(pk__in=academies)
        self.only_academie = None
        if len(academies) == 1:
            self.only_academie = Academie.objects.get(pk=next(iter(academies)))
            del self.fields["academie"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Envoyer l'invitation")))

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Indiquez le prénom et le nom de la personne."))
        return name

    def clean(self):
        data = super().clean()
        if self.only_academie is not None:
            data["academie"] = self.only_academie
        return data


class AcceptInvitationForm(SetPasswordForm):
    """The password the invited person chooses: Django's validators, in French."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Créer mon compte")))
