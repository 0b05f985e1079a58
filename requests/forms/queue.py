"""The office's queue: its filters (every choice limited to the office's académies) and the
decision applied to several requests at once."""

import functools

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.core.cache import cache
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import District, Etablissement
from accounts.submissions import SubmissionTokenMixin
from accounts.uai import UAI_PATTERN, normalize_uai
from dsfr_crispy.layout import Submit
from requests import queries
from requests.models import AntRequest, Scale, State, SubmissionWindow, Theme
from requests.workflow import TRANSITIONS

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
PRIORITY_CHOICES = [("1", _("Prioritaires (reports)")), ("0", _("Non prioritaires"))]
QUEUE_STATES = [(value, label) for value, label in State.choices if value != State.DRAFT]
BULK_ACTIONS = ("start_review", "start_diagnostic", "postpone", "reject")


def queue_choices(academies):
    """{"theme": [(id, label)], "district": [...], "window": [...], "windows": {id: window}}
    for the académies' queue filters (ids as strings, as the query string gives them), kept in
    the cache until a theme, window, campaign or district changes (`queries.choices_version`)."""

    def read():
        windows = list(
            SubmissionWindow.objects.filter(campaign__academie_id__in=academies)
            .select_related("campaign")
            .order_by("-campaign__school_year", "opens_on")
        )
        return {
            "theme": [
                (str(pk), title)
                for pk, title in Theme.objects.filter(campaign__academie_id__in=academies)
                .order_by("title", "pk")
                .values_list("pk", "title")
            ],
            "district": [
                (str(pk), name)
                for pk, name in District.objects.filter(academie_id__in=academies)
                .order_by("name", "pk")
                .values_list("pk", "name")
            ],
            "window": [(str(w.pk), f"{w.campaign.school_year} : {w}") for w in windows],
            "windows": {str(w.pk): (w.campaign_id, w.opens_on, w.closes_on) for w in windows},
        }

    key = f"ant-queue-choices:{get_language()}:" + ",".join(map(str, sorted(academies)))
    return cache.get_or_set(key, read, version=queries.choices_version())


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
    # Choices as callables: a filter set and its form copy their fields deeply, and a list of
    # choices is copied item by item where a callable is copied at once.
    state = django_filters.ChoiceFilter(label=_("État"), choices=lambda: QUEUE_STATES)
    # "Tous" or "Toutes" by the noun's gender (issue 9, point 10).
    scale = django_filters.ChoiceFilter(
        label=_("Échelle"), choices=lambda: Scale.choices, empty_label=_("Toutes")
    )
    # Choices set per académie in __init__ (ids, checked against the académie's own).
    theme = django_filters.ChoiceFilter(
        label=_("Thématique du catalogue"), field_name="theme_id", empty_label=_("Toutes")
    )
    district = django_filters.ChoiceFilter(label=_("District"), field_name="district_id")
    # A text field, not a select: an académie has thousands of schools.
    school = django_filters.CharFilter(
        label=_("Établissement (UAI ou nom, coordonnateur ou concerné)"),
        method="filter_school",
    )
    window = django_filters.ChoiceFilter(
        label=_("Transmise pendant la fenêtre"), method="filter_window", empty_label=_("Toutes")
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priorité"),
        empty_label=_("Toutes"),
        choices=lambda: PRIORITY_CHOICES,
        method="filter_priority",
    )
    tri = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=lambda: SORT_CHOICES, method="sort", empty_label=None
    )

    class Meta:
        model = AntRequest
        fields = []
        form = QueueFilterForm

    def __init__(self, data=None, queryset=None, *, academies, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.choices = queue_choices(academies)
        for name in ("theme", "district", "window"):
            self.filters[name].extra["choices"] = functools.partial(self.choices.get, name)

    def qs_ignoring(self, *names):
        """The filtered queryset as if the filters `names` were left empty: the counts per
        state beside a state filter come from the other filters alone."""
        self.form.is_valid()  # cleans the form (invalid fields are left out, as in `qs`)
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in names:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

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
        campaign_id, opens_on, closes_on = self.choices["windows"][value]
        queryset = queryset.filter(campaign_id=campaign_id, submitted_at__date__gte=opens_on)
        if closes_on:
            queryset = queryset.filter(submitted_at__date__lte=closes_on)
        return queryset

    def filter_priority(self, queryset, name, value):
        return queryset.filter(priority=value == "1")

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value])


class BulkDecisionForm(SubmissionTokenMixin, forms.Form):
    """One decision for several requests of the queue; `requests` is limited by the view to
    the office's own queue."""

    action = forms.ChoiceField(
        label=_("Action à appliquer aux demandes cochées"),
        choices=[("", _("Choisir une action"))]
        + [(name, TRANSITIONS[name].label) for name in BULK_ACTIONS],
        error_messages={"required": _("Choisissez l'action à appliquer aux demandes cochées.")},
    )
    comment = forms.CharField(
        label=_("Commentaire transmis aux équipes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour refuser ou reporter."),
    )
    requests = forms.ModelMultipleChoiceField(queryset=None, error_messages={
        "required": _("Cochez au moins une demande."),
        "invalid_choice": _("Une des demandes cochées n'existe pas."),
    })  # fmt: skip

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].queryset = queryset

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if (
            action
            and TRANSITIONS[action].comment_required
            and not cleaned.get("comment", "").strip()
        ):
            self.add_error(
                "comment",
                _(
                    "Un commentaire est obligatoire pour « %(action)s » : aucune demande "
                    "n'a été modifiée."
                )
                % {"action": TRANSITIONS[action].label},
            )
        return cleaned
