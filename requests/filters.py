"""The office's queue filters: every choice is limited to the office's académies."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from accounts.models import District, Etablissement
from accounts.uai import UAI_PATTERN, normalize_uai
from dsfr_crispy.layout import Submit
from dsfr_crispy.widgets import FastSelect
from requests.models import AntRequest, Scale, State, SubmissionWindow, Theme

# `tri` values → ordering. A fixed whitelist: nothing from the query string reaches order_by.
SORTS = {
    "priorite": ("-priority", F("endorsed_at").asc(nulls_last=True), "pk"),
    "depot": (F("submitted_at").asc(nulls_last=True), "pk"),
    "-depot": (F("submitted_at").desc(nulls_last=True), "-pk"),
    "reference": ("reference",),
    "-reference": ("-reference",),
    "etablissement": ("coordinating_school__name", "reference"),
}
SORT_CHOICES = [
    ("priorite", _("Prioritaires d'abord, puis date de visa")),
    ("depot", _("Date de transmission (plus anciennes d'abord)")),
    ("-depot", _("Date de transmission (plus récentes d'abord)")),
    ("reference", _("Référence (croissante)")),
    ("-reference", _("Référence (décroissante)")),
    ("etablissement", _("Établissement coordonnateur")),
]
QUEUE_STATES = [(value, label) for value, label in State.choices if value != State.DRAFT]


class WindowChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.campaign.school_year} : {obj}"


class WindowFilter(django_filters.ModelChoiceFilter):
    field_class = WindowChoiceField


class QueueFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "filtres"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                *[Div(name, css_class="fr-col-12 fr-col-md-4") for name in self.fields],
                css_class="fr-grid-row fr-grid-row--gutters",
            )
        )
        self.helper.add_input(Submit("", _("Filtrer")))


class QueueFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("État"), choices=QUEUE_STATES)
    scale = django_filters.ChoiceFilter(label=_("Échelle"), choices=Scale.choices)
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique du catalogue"), queryset=Theme.objects.none()
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.none()
    )
    # A text field, not a select: an académie has thousands of schools.
    school = django_filters.CharFilter(
        label=_("Établissement (UAI ou nom, coordonnateur ou concerné)"),
        method="filter_school",
    )
    window = WindowFilter(
        label=_("Transmise pendant la fenêtre"),
        queryset=SubmissionWindow.objects.none(),
        method="filter_window",
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priorité"),
        choices=[("1", _("Prioritaires (reports)")), ("0", _("Non prioritaires"))],
        method="filter_priority",
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SORT_CHOICES, method="sort", empty_label=None
    )

    class Meta:
        model = AntRequest
        fields = []
        form = QueueFilterForm

    def __init__(self, data=None, queryset=None, *, academies, **kwargs):
        super().__init__(data, queryset, **kwargs)
        for name in ("state", "scale", "theme", "district", "window", "priority", "tri"):
            self.filters[name].extra["widget"] = FastSelect
        academies = list(academies)
        self.filters["theme"].queryset = Theme.objects.filter(
            campaign__academie_id__in=academies
        ).order_by("title", "pk")
        self.filters["district"].queryset = District.objects.filter(academie_id__in=academies)
        self.filters["window"].queryset = (
            SubmissionWindow.objects.filter(campaign__academie_id__in=academies)
            .select_related("campaign")
            .order_by("-campaign__school_year", "opens_on")
        )

    def qs_ignoring(self, *names):
        """The filtered queryset as if the filters `names` were left empty: the counts per
        state beside a state filter come from the other filters alone."""
        self.form.is_valid()  # cleans the form (invalid fields are left out, as in `qs`)
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def narrows(self, *ignoring):
        """Whether a filter other than `ignoring` (and the sort) is in effect."""
        self.form.is_valid()
        return any(
            value not in (None, "")
            for name, value in self.form.cleaned_data.items()
            if name not in ignoring and name != "tri"
        )

    def filter_school(self, queryset, name, value):
        value = value.strip()
        uai = normalize_uai(value)
        schools = Etablissement.objects.filter(
            Q(uai=uai) if UAI_PATTERN.match(uai) else Q(name__icontains=value)
        )
        concerned = AntRequest.schools.through.objects.filter(etablissement__in=schools)
        return queryset.filter(
            Q(coordinating_school__in=schools) | Q(pk__in=concerned.values("antrequest"))
        )

    def filter_window(self, queryset, name, value):
        queryset = queryset.filter(
            campaign_id=value.campaign_id, submitted_at__date__gte=value.opens_on
        )
        if value.closes_on:
            queryset = queryset.filter(submitted_at__date__lte=value.closes_on)
        return queryset

    def filter_priority(self, queryset, name, value):
        return queryset.filter(priority=value == "1")

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])
