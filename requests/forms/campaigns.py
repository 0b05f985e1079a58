"""Forms of the office (EAFC/DAFOR) for its campaigns: the campaign, its catalogue themes and
its submission windows. Every rule is checked here, in French."""

import re

from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import dates
from accounts.submissions import SubmissionTokenMixin
from dsfr_crispy.layout import Submit
from requests.models import Campaign, SubmissionWindow, Theme

DATE_WIDGET = {"type": "date"}


def _date_widget():
    return forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")


def _helper(label):
    helper = FormHelper()
    helper.add_input(Submit("save", label))
    return helper


class CampaignForm(SubmissionTokenMixin, forms.ModelForm):
    """A campaign of one of the académies where the user is office staff. With a single such
    académie, it is set without asking."""

    class Meta:
        model = Campaign
        fields = [
            "academie",
            "school_year",
            "title",
            "published_on",
            # --- campaign end, first term, contact (issue 9, points 6-8) ---
            "ends_on",
            "first_term_ends_on",
            "contact_civility",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {
            "published_on": _date_widget(),
            "ends_on": _date_widget(),
            "first_term_ends_on": _date_widget(),
        }
        help_texts = {
            "school_year": _("Deux années consécutives, par exemple 2020-2021."),
            "ends_on": _(
                "Obligatoire. Les fenêtres de dépôt sans date de clôture se ferment ce jour-là."
            ),
            "contact_name": _("Par exemple : Patricia BOURGEOIS."),
            "contact_phone": _("Par exemple : 01.57.02.67.89."),
        }
        error_messages = {
            "contact_email": {"invalid": _("Saisissez une adresse électronique valide.")},
        }

    def __init__(self, *args, academies, **kwargs):
        super().__init__(*args, **kwargs)
        academies = academies.order_by("name")
        if len(academies) == 1 and (
            not self.instance.pk or self.instance.academie_id == academies[0].pk
        ):
            del self.fields["academie"]
            self.instance.academie = academies[0]
        else:
            self.fields["academie"].queryset = academies
            # Its requests carry the académie: a campaign does not move once created.
            self.fields["academie"].disabled = self.instance.pk is not None
        self.fields["ends_on"].required = True
        self.fields["ends_on"].error_messages["required"] = _(
            "Indiquez la date de fin de la campagne : une campagne se termine, et avec elle "
            "ses fenêtres de dépôt sans date de clôture."
        )
        self.helper = _helper(_("Enregistrer la campagne"))

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not re.fullmatch(r"0\d([ .]?\d{2}){4}", phone):
            raise forms.ValidationError(
                _("Indiquez un numéro à dix chiffres, par exemple 01.57.02.67.89.")
            )
        return phone

    def clean_school_year(self):
        value = self.cleaned_data["school_year"].strip().replace(" ", "")
        match = re.fullmatch(r"(\d{4})[-/](\d{4})", value)
        if not match or int(match[2]) != int(match[1]) + 1:
            raise forms.ValidationError(
                _(
                    "Indiquez l'année scolaire sous la forme « 2020-2021 » : deux années "
                    "consécutives séparées par un tiret."
                )
            )
        return f"{match[1]}-{match[2]}"

    def clean(self):
        cleaned = super().clean()
        academie = cleaned.get("academie") or getattr(self.instance, "academie", None)
        year = cleaned.get("school_year")
        # An error on the year also keeps the model's generic unique message away.
        if academie and year:
            taken = Campaign.objects.filter(academie=academie, school_year=year)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "school_year",
                    _("L'académie a déjà une campagne pour l'année scolaire %(year)s.")
                    % {"year": year},
                )
        self._clean_end_and_contact(cleaned)
        return cleaned

    def _clean_end_and_contact(self, cleaned):
        published, ends = cleaned.get("published_on"), cleaned.get("ends_on")
        term_end = cleaned.get("first_term_ends_on")
        if published and ends and ends < published:
            self.add_error(
                "ends_on",
                _("La campagne ne peut pas se terminer avant la publication de son catalogue."),
            )
        if ends and term_end and term_end > ends:
            self.add_error(
                "first_term_ends_on",
                _("Le premier trimestre doit se terminer avant la fin de la campagne."),
            )
        if ends and self.instance.pk:
            late = self.instance.windows.filter(Q(opens_on__gt=ends) | Q(closes_on__gt=ends))
            late = late.order_by("opens_on").first()
            if late is not None:
                self.add_error(
                    "ends_on",
                    _(
                        "La fenêtre de dépôt %(window)s se poursuit après cette date : "
                        "modifiez-la d'abord, ou choisissez une fin de campagne plus tardive."
                    )
                    % {"window": late},
                )
        has_contact = any(
            cleaned.get(name) for name in ("contact_civility", "contact_phone", "contact_email")
        )
        if has_contact and not cleaned.get("contact_name"):
            self.add_error(
                "contact_name", _("Indiquez le nom de la personne à joindre pour cette campagne.")
            )


class ThemeForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "description", "kind", "discipline", "target_public"]
        widgets = {"kind": forms.RadioSelect}
        help_texts = {
            "discipline": _("Obligatoire pour une thématique disciplinaire."),
            "target_public": _("Par exemple : enseignants du cycle 3, équipes de direction."),
        }

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaign is not None:
            self.instance.campaign = campaign
        self.helper = _helper(_("Enregistrer la thématique"))

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        discipline = (cleaned.get("discipline") or "").strip()
        if kind == Theme.Kind.DISCIPLINAIRE and not discipline:
            self.add_error(
                "discipline", _("Indiquez la discipline d'une thématique disciplinaire.")
            )
        elif kind == Theme.Kind.TRANSVERSAL:
            cleaned["discipline"] = ""
        return cleaned


class WindowForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = SubmissionWindow
        fields = ["opens_on", "closes_on"]
        widgets = {"opens_on": _date_widget(), "closes_on": _date_widget()}
        labels = {"opens_on": _("Date d'ouverture"), "closes_on": _("Date de clôture")}
        help_texts = {
            "closes_on": _(
                "Facultative : laissez vide si le service fixera la date de clôture plus tard "
                "(la fenêtre reste alors ouverte jusqu'à la fin de la campagne)."
            )
        }

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        self.campaign = campaign
        self.helper = _helper(_("Enregistrer la fenêtre"))

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens is None:
            return cleaned
        if closes is not None and closes < opens:
            self.add_error(
                "closes_on", _("La date de clôture ne peut pas précéder la date d'ouverture.")
            )
            return cleaned
        # A window lies inside its campaign; without a closing date, it closes with it.
        end = self.campaign.end_day
        if end is not None and (opens > end or (closes is not None and closes > end)):
            raise forms.ValidationError(
                _(
                    "La campagne se termine le %(end)s : une fenêtre de dépôt ne peut pas "
                    "se poursuivre au-delà."
                )
                % {"end": dates.letter_day(end)}
            )
        others = self.campaign.windows.exclude(pk=self.instance.pk).order_by("opens_on")
        for other in others:
            starts_before_other_ends = other.closes_on is None or opens <= other.closes_on
            ends_after_other_starts = closes is None or other.opens_on <= closes
            if starts_before_other_ends and ends_after_other_starts:
                raise forms.ValidationError(
                    _(
                        "Cette fenêtre chevauche une autre fenêtre de la campagne (%(other)s) : "
                        "les fenêtres d'une même campagne ne doivent pas se recouvrir."
                    )
                    % {"other": other}
                )
        return cleaned
