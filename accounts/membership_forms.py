"""The office's form granting a role (issue 9, point 9)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.memberships import GRANTABLE_ROLES
from accounts.models import DISTRICT_ROLES, SCHOOL_ROLES, Academie, District, Etablissement, User
from accounts.submissions import SubmissionTokenMixin
from accounts.uai import normalize_uai
from dsfr_crispy.layout import Submit


class GrantForm(SubmissionTokenMixin, forms.Form):
    """A role for a person who already has an account, with its scope: a school (by its UAI)
    for teachers and heads, a district for the CLIF, the académie for the others."""

    email = forms.EmailField(
        label=_("Adresse électronique de la personne"),
        help_text=_(
            "La personne doit déjà avoir un compte ; sinon, invitez-la depuis la page des "
            "formateurs."
        ),
        error_messages={
            "required": _("Indiquez l'adresse électronique de la personne."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=[("", _("Choisir un rôle"))] + [(r.value, r.label) for r in GRANTABLE_ROLES],
        error_messages={"required": _("Choisissez le rôle.")},
    )
    uai = forms.CharField(
        label=_("UAI de l'établissement"),
        required=False,
        help_text=_("Pour un enseignant ou un chef d'établissement, par exemple 0941033M."),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("— Sans objet —"),
        help_text=_("Pour un CLIF."),
    )
    academie = forms.ModelChoiceField(
        label=_("Académie"),
        queryset=Academie.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choisissez l'académie.")},
    )

    def __init__(self, *args, academies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academie"].queryset = Academie.objects.filter(pk__in=academies)
        self.fields["district"].queryset = District.objects.filter(
            academie_id__in=academies
        ).order_by("name")
        # One académie (the usual case): no choice to offer.
        self.only_academie = None
        if len(academies) == 1:
            self.only_academie = Academie.objects.get(pk=next(iter(academies)))
            del self.fields["academie"]
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Attribuer le rôle")))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Aucun compte actif n'a l'adresse « %(email)s ».") % {"email": email}
            )
        return user

    def clean(self):
        data = super().clean()
        if self.only_academie is not None:
            data["academie"] = self.only_academie
        role, academie = data.get("role"), data.get("academie")
        if not role or academie is None:
            return data
        data["etablissement"] = None
        if role in SCHOOL_ROLES:
            uai = normalize_uai(data.get("uai", ""))
            if not uai:
                self.add_error("uai", _("Indiquez l'UAI de l'établissement pour ce rôle."))
                return data
            school = Etablissement.objects.filter(uai=uai, academie=academie).first()
            if school is None:
                self.add_error(
                    "uai",
                    _("Aucun établissement de l'académie n'a l'UAI « %(uai)s ».") % {"uai": uai},
                )
                return data
            data["etablissement"] = school
        if role in DISTRICT_ROLES:
            district = data.get("district")
            if district is None:
                self.add_error("district", _("Choisissez le district du CLIF."))
            elif district.academie_id != academie.pk:
                self.add_error("district", _("Ce district n'est pas dans l'académie choisie."))
        else:
            data["district"] = None
        return data
