"""The programme staff's forms (issue 10, point 1): the programme's presentation with its
contacts and resources, and its people. Every rule is checked here, in French."""

import re

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import dates
from accounts.models import User
from accounts.submissions import SubmissionTokenMixin
from dsfr_crispy.layout import Submit
from programmes import catalogue
from programmes.models import Programme, ProgrammeContact, ProgrammeMembership, ProgrammeResource

DOCUMENT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx"]
PHONE = re.compile(r"0\d([ .]?\d{2}){4}")
YOUTUBE_EMBED = re.compile(r"^https?://(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,})")


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def inner_helper():
    """For a form shown inside the page's one <form>: no tag, no token of its own."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "title",
            "summary",
            "presentation",
            "period",
            "started_on",
            "ended_on",
            "status",
            "service_mailbox",
        ]
        widgets = {
            "started_on": date_widget(),
            "ended_on": date_widget(),
            "presentation": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "summary": _("Une ou deux phrases, affichées dans la liste des programmes."),
            "period": _("Telle qu'on l'écrit, par exemple «\u00a02018-2019\u00a0»."),
            "service_mailbox": _("Par exemple ce.saio@ac-nancy-metz.fr."),
        }
        error_messages = {
            "title": {"required": _("Indiquez le titre du programme.")},
            "summary": {"required": _("Présentez le programme en une ou deux phrases.")},
            "presentation": {"required": _("Rédigez la présentation du programme.")},
            "status": {"required": _("Choisissez le statut du programme.")},
            "started_on": {"invalid": _("Indiquez une date valide, par exemple 01/09/2021.")},
            "ended_on": {"invalid": _("Indiquez une date valide, par exemple 30/06/2022.")},
            "service_mailbox": {"invalid": _("Saisissez une adresse électronique valide.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("La date de fin ne peut pas précéder la date de début."))
        return cleaned


class ContactForm(forms.ModelForm):
    class Meta:
        model = ProgrammeContact
        fields = ["name", "function", "email", "phone", "order"]
        help_texts = {
            "name": _("Une personne ou un service, par exemple «\u00a0SAIO\u00a0»."),
            "phone": _("Dix chiffres, par exemple 01.57.02.67.89."),
        }
        error_messages = {
            "name": {"required": _("Indiquez le nom du contact.")},
            "function": {"required": _("Indiquez la fonction du contact.")},
            "email": {"invalid": _("Saisissez une adresse électronique valide.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Indiquez un numéro à dix chiffres, par exemple 01.57.02.67.89.")
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or self.errors:
            return cleaned
        if not cleaned.get("email") and not cleaned.get("phone"):
            self.add_error(
                "email",
                _("Indiquez au moins une adresse électronique ou un numéro de téléphone."),
            )
        return cleaned


def https_urls(model_field, **kwargs):
    """Form fields of the model's fields, a URL typed without its scheme taken as https."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class ResourceForm(forms.ModelForm):
    class Meta:
        model = ProgrammeResource
        fields = ["title", "kind", "url", "file", "description", "order"]
        formfield_callback = https_urls
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "url": _(
                "Pour une vidéo, l'adresse de la page de la vidéo (elle s'ouvre sur son site)."
            ),
        }
        error_messages = {
            "title": {"required": _("Indiquez le titre de la ressource.")},
            "kind": {"required": _("Choisissez la nature de la ressource.")},
            "url": {"invalid": _("Saisissez une adresse complète, commençant par https://.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].validators.append(FileExtensionValidator(DOCUMENT_EXTENSIONS))
        self.fields["file"].help_text = _("Formats acceptés\u00a0: %(formats)s.") % {
            "formats": ", ".join(DOCUMENT_EXTENSIONS)
        }
        self.helper = inner_helper()

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        # A video pasted from its player (…/embed/ID) is linked to its page: the site's
        # security policy forbids frames.
        match = YOUTUBE_EMBED.match(url)
        if match:
            return f"https://www.youtube.com/watch?v={match[1]}"
        return url

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or self.errors:
            return cleaned
        url, file = cleaned.get("url"), cleaned.get("file")
        kind = cleaned.get("kind")
        if not url and not file:
            self.add_error("url", _("Indiquez l'adresse de la ressource ou joignez un fichier."))
        elif kind == ProgrammeResource.Kind.VIDEO and not url:
            self.add_error("url", _("Indiquez l'adresse de la page de la vidéo."))
        elif kind == ProgrammeResource.Kind.LIEN and not url:
            self.add_error("url", _("Indiquez l'adresse du lien."))
        return cleaned


class BaseRowsFormSet(forms.BaseInlineFormSet):
    """Contacts or resources: their order is the one typed, then their name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            if "DELETE" in form.fields:
                form.fields["DELETE"].label = _("Retirer")


ContactFormSet = forms.inlineformset_factory(
    Programme,
    ProgrammeContact,
    form=ContactForm,
    formset=BaseRowsFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)
ResourceFormSet = forms.inlineformset_factory(
    Programme,
    ProgrammeResource,
    form=ResourceForm,
    formset=BaseRowsFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)


# --- the programme's people -----------------------------------------------------------------
class GrantForm(SubmissionTokenMixin, forms.Form):
    """A function in the programme for a person of its académie who already has an account."""

    email = forms.EmailField(
        label=_("Adresse électronique de la personne"),
        help_text=_("La personne doit déjà avoir un compte et un rôle dans l'académie."),
        error_messages={
            "required": _("Indiquez l'adresse électronique de la personne."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )
    function = forms.ChoiceField(
        label=_("Fonction dans le programme"),
        choices=[("", _("Choisir une fonction"))] + list(ProgrammeMembership.Function.choices),
        error_messages={"required": _("Choisissez la fonction.")},
    )
    started_on = forms.DateField(
        label=_("Depuis le"),
        widget=date_widget(),
        initial=timezone.localdate,
        error_messages={
            "required": _("Indiquez la date de début."),
            "invalid": _("Indiquez une date valide, par exemple 01/09/2021."),
        },
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Ajouter la personne au programme")))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        # Another académie's account is refused in the same words as none: the form does
        # not tell who exists elsewhere.
        if user is None or not catalogue.may_join(user, self.programme):
            raise forms.ValidationError(
                _(
                    "Aucun compte actif de l'académie de %(academie)s n'a l'adresse "
                    "«\u00a0%(email)s\u00a0»."
                )
                % {"academie": self.programme.academie.name, "email": email}
            )
        return user

    def clean(self):
        cleaned = super().clean()
        user, function = cleaned.get("email"), cleaned.get("function")
        started_on = cleaned.get("started_on")
        if (
            user
            and function
            and started_on
            and catalogue.overlapping(self.programme, user, function, started_on)
        ):
            self.add_error("function", catalogue.duplicate_message(user, function))
        return cleaned


class EndForm(forms.Form):
    """The day a membership ends (today by default)."""

    ended_on = forms.DateField(
        label=_("Jusqu'au"),
        widget=date_widget(),
        error_messages={
            "required": _("Indiquez la date de fin."),
            "invalid": _("Indiquez une date valide, par exemple 30/06/2022."),
        },
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Mettre fin à la fonction")))

    def clean_ended_on(self):
        day = self.cleaned_data["ended_on"]
        if day < self.membership.started_on:
            raise forms.ValidationError(
                _("La fin ne peut pas précéder le début, le %(date)s.")
                % {"date": dates.letter_day(self.membership.started_on)}
            )
        return day
