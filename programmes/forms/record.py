"""Forms of the training record: the school year and filters of the pages, the rule of the
animations pédagogiques hours (académie staff) and a teacher's service share."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Circonscription, District, Etablissement
from accounts.submissions import SubmissionTokenMixin
from dsfr_crispy.layout import Submit
from programmes.models import AnimationHoursRule, ServiceShare
from programmes.record import current_school_year, is_school_year, school_year_choices

SCHOOL_YEAR_ERROR = _(
    "Saisissez une année scolaire sous la forme 2026-2027 (deux années qui se suivent)."
)


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class SchoolYearForm(forms.Form):
    """The school year a page shows (GET); the current one when none or a wrong one is given.
    The selector offers the recent years; an earlier one may be asked by its address."""

    annee = forms.CharField(label=_("Année scolaire"), required=False, widget=forms.Select)
    submit_label = _("Afficher")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = school_year_choices()
        asked = self.data.get("annee") if self.is_bound else None
        if asked and is_school_year(asked) and asked not in years:
            years = sorted([*years, asked], reverse=True)
        self.fields["annee"].widget.choices = [(y, y) for y in years]
        self.fields["annee"].initial = current_school_year()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("", self.submit_label))

    def clean_annee(self):
        year = self.cleaned_data["annee"]
        if year and not is_school_year(year):
            raise forms.ValidationError(SCHOOL_YEAR_ERROR)
        return year

    def valid_data(self):
        """The fields given with a right value (a wrong one is left out, as django-filter
        does)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    @property
    def school_year(self):
        return self.valid_data().get("annee") or current_school_year()


class StaffRecordFilter(SchoolYearForm):
    """The staff table's filters, limited to what the user sees (`memberships`: the teachers'
    memberships in their scope)."""

    etablissement = forms.ModelChoiceField(
        label=_("Établissement"), queryset=Etablissement.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False
    )
    circonscription = forms.ModelChoiceField(
        label=_("Circonscription"), queryset=Circonscription.objects.none(), required=False
    )
    manque = forms.BooleanField(
        label=_("Seulement ceux à qui il manque des heures"), required=False
    )
    submit_label = _("Filtrer")

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        schools = memberships.values("etablissement_id")
        self.fields["etablissement"].queryset = Etablissement.objects.filter(pk__in=schools)
        self.fields["district"].queryset = District.objects.filter(
            etablissements__in=schools
        ).distinct()
        self.fields["circonscription"].queryset = Circonscription.objects.filter(
            etablissements__in=schools
        ).distinct()

    def apply(self, memberships):
        """`memberships` narrowed by the valid filters (invalid ones are left out)."""
        data = self.valid_data()
        if data.get("etablissement"):
            memberships = memberships.filter(etablissement=data["etablissement"])
        if data.get("district"):
            memberships = memberships.filter(etablissement__district=data["district"])
        if data.get("circonscription"):
            memberships = memberships.filter(etablissement__circonscription=data["circonscription"])
        return memberships

    @property
    def short_only(self):
        return bool(self.valid_data().get("manque"))


class AnimationHoursRuleForm(SubmissionTokenMixin, forms.ModelForm):
    """A département's rule for a school year, for the académie staff of that département's
    académie: the département is one of the académie's schools'."""

    departement = forms.ChoiceField(label=_("Département"))

    class Meta:
        model = AnimationHoursRule
        fields = ["academie", "departement", "school_year", "total_hours", "online_min_hours"]
        help_texts = {
            "school_year": _("Deux années qui se suivent, par exemple 2026-2027."),
            "total_hours": _("Pour un professeur des écoles à temps plein, par exemple 18."),
            "online_min_hours": _("Heures à suivre au moins sur support numérique, par exemple 9."),
        }

    def __init__(self, *args, academies, departements, **kwargs):
        super().__init__(*args, **kwargs)
        self.departements = departements  # {académie id: [département, …]}
        academies = academies.order_by("name")
        if len(academies) == 1:
            del self.fields["academie"]
            self.instance.academie = academies[0]
        else:
            self.fields["academie"].queryset = academies
        self.fields["departement"].choices = [("", "---------")] + sorted(
            {(d, d) for ds in departements.values() for d in ds}
        )
        if not self.instance.pk:
            self.initial.setdefault("school_year", current_school_year())
        self.helper = _helper(_("Enregistrer la règle"))

    def clean_school_year(self):
        year = self.cleaned_data["school_year"]
        if not is_school_year(year):
            raise forms.ValidationError(SCHOOL_YEAR_ERROR)
        return year

    def clean_total_hours(self):
        total = self.cleaned_data["total_hours"]
        if total is not None and total <= 0:
            raise forms.ValidationError(_("Le nombre d'heures dues doit être supérieur à zéro."))
        return total

    def clean_online_min_hours(self):
        online = self.cleaned_data["online_min_hours"]
        if online is not None and online < 0:
            raise forms.ValidationError(_("Le nombre d'heures à distance ne peut être négatif."))
        return online

    def clean(self):
        cleaned = super().clean()
        academie = cleaned.get("academie") or getattr(self.instance, "academie", None)
        departement = cleaned.get("departement")
        if academie and departement and departement not in self.departements.get(academie.pk, ()):
            self.add_error(
                "departement",
                _("Le département %(dep)s n'est pas dans l'académie de %(academie)s.")
                % {"dep": departement, "academie": academie},
            )
        total, online = cleaned.get("total_hours"), cleaned.get("online_min_hours")
        if total is not None and online is not None and online > total:
            self.add_error(
                "online_min_hours",
                _("Les heures à distance ne peuvent dépasser les heures dues (%(total)s).")
                % {"total": total},
            )
        year = cleaned.get("school_year")
        if departement and year:
            taken = AnimationHoursRule.objects.filter(departement=departement, school_year=year)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "school_year",
                    _(
                        "Une règle existe déjà pour le département %(dep)s en %(year)s : "
                        "modifiez-la."
                    )
                    % {"dep": departement, "year": year},
                )
        return cleaned

    def validate_unique(self):
        # The uniqueness of (département, year) is told in clean(), in French.
        pass


class ServiceShareForm(SubmissionTokenMixin, forms.Form):
    """A teacher's service share for a school year (written over the year's earlier one)."""

    school_year = forms.ChoiceField(label=_("Année scolaire"))
    share = forms.TypedChoiceField(
        label=_("Quotité de service"),
        coerce=int,
        choices=ServiceShare.Share.choices,
        error_messages={
            "invalid_choice": _("Choisissez une quotité du barème : 100 %%, 75 %% ou 50 %%.")
        },
    )

    def __init__(self, *args, action, school_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(y, y) for y in school_year_choices()]
        self.fields["school_year"].error_messages["invalid_choice"] = SCHOOL_YEAR_ERROR
        self.initial.setdefault("school_year", school_year or current_school_year())
        self.helper = _helper(_("Enregistrer la quotité"))
        self.helper.form_action = action
