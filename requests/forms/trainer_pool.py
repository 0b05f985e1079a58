"""Forms of the trainer pool (issue 9, point 9): the office creates and edits the académie's
trainer profiles; a trainer volunteers for catalogue themes from their own page."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Etablissement, User
from accounts.submissions import SubmissionTokenMixin
from accounts.uai import normalize_uai
from dsfr_crispy.layout import Submit
from requests.models import Theme, TrainerProfile


class ThemeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.campaign.school_year})"


def academie_themes(academie_id):
    """The catalogue themes of the académie's campaigns, newest campaign first."""
    return (
        Theme.objects.filter(campaign__academie_id=academie_id)
        .select_related("campaign")
        .order_by("-campaign__school_year", "title")
    )


class TrainerProfileForm(SubmissionTokenMixin, forms.ModelForm):
    """A trainer of the académie: the person (by e-mail, on creation only), home school (by
    UAI), disciplines, département, themes, maximum load, availability, active or not."""

    email = forms.EmailField(
        label=_("Adresse électronique du formateur"),
        help_text=_(
            "La personne doit déjà avoir un compte ; sinon, envoyez-lui d'abord une invitation."
        ),
        error_messages={
            "required": _("Indiquez l'adresse électronique du formateur."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )
    home_uai = forms.CharField(
        label=_("UAI de l'établissement d'exercice"),
        required=False,
        help_text=_(
            "Le formateur n'est jamais proposé pour les demandes de son établissement. "
            "Laisser vide s'il n'exerce pas en établissement."
        ),
    )
    themes = ThemeChoices(
        label=_("Thématiques du catalogue qu'il peut accompagner"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    max_load = forms.IntegerField(
        label=_("Nombre maximal d'ANT suivies"),
        min_value=1,
        max_value=20,
        error_messages={
            "required": _("Indiquez le nombre maximal d'ANT suivies."),
            "min_value": _("Le formateur doit pouvoir suivre au moins une ANT."),
            "max_value": _("Vingt ANT au plus à la fois."),
        },
    )

    class Meta:
        model = TrainerProfile
        fields = ["disciplines", "departement", "themes", "max_load", "availability", "is_active"]
        labels = {
            "departement": _("Département d'intervention"),
            "is_active": _("Actif : peut être proposé pour de nouvelles ANT"),
        }
        help_texts = {"departement": _("Par exemple : 093, 094 ou 077.")}
        error_messages = {"departement": {"required": _("Indiquez le département d'intervention.")}}
        widgets = {"availability": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, academie_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.academie_id = academie_id
        self.fields["themes"].queryset = academie_themes(academie_id)
        if self.instance.pk is not None:
            del self.fields["email"]
            if self.instance.home_school_id:
                self.fields["home_uai"].initial = self.instance.home_school.uai
        self.helper = FormHelper()
        self.helper.add_input(
            Submit(
                "submit",
                _("Enregistrer le formateur")
                if self.instance.pk is None
                else _("Enregistrer les modifications"),
            )
        )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Aucun compte actif n'a l'adresse « %(email)s » : invitez d'abord la personne.")
                % {"email": email}
            )
        if TrainerProfile.objects.filter(user=user).exists():
            raise forms.ValidationError(
                _("%(name)s a déjà un profil de formateur.") % {"name": user.full_name}
            )
        return user

    def clean_departement(self):
        value = self.cleaned_data["departement"].strip()
        if not (value.isdigit() or value.upper() in ("2A", "2B")) or len(value) > 3:
            raise forms.ValidationError(_("Saisissez un numéro de département, par exemple 093."))
        return value.zfill(3) if value.isdigit() else value.upper()

    def clean_home_uai(self):
        uai = normalize_uai(self.cleaned_data.get("home_uai"))
        if not uai:
            return None
        school = Etablissement.objects.filter(uai=uai, academie_id=self.academie_id).first()
        if school is None:
            raise forms.ValidationError(
                _("Aucun établissement de l'académie n'a l'UAI « %(uai)s ».") % {"uai": uai}
            )
        return school

    def clean_disciplines(self):
        names = [n.strip() for n in self.cleaned_data["disciplines"].split(",") if n.strip()]
        return ", ".join(names)


class VolunteerForm(forms.ModelForm):
    """The trainer's own choice: the catalogue themes they volunteer for, their availability."""

    themes = ThemeChoices(
        label=_("Thématiques pour lesquelles je me porte volontaire"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TrainerProfile
        fields = ["themes", "availability"]
        labels = {"availability": _("Mes disponibilités")}
        widgets = {"availability": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = academie_themes(self.instance.academie_id)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Enregistrer mes choix")))
