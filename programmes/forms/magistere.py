"""Forms of M@gistère (issue 10, point 4): the catalogue's filters, a parcours and its
activities, a kit file, a session and its calendar, invitations, a candidature, the needs
diagnostic."""

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import Circonscription, User
from accounts.submissions import SubmissionTokenMixin
from dsfr_crispy.layout import FilterFormMixin, Submit
from programmes import magistere
from programmes.models import (
    ActivityProgress,
    NeedsDiagnostic,
    Parcours,
    ParcoursActivity,
    ParcoursKitFile,
    ParcoursSession,
    SessionStep,
)

# Kit files: documents, slides, sheets, archives, images and video, at most 20 Mo each.
KIT_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "zip", "png", "jpg", "mp4"]
KIT_MAX_BYTES = 20 * 1024 * 1024


def _helper(label, *, method="post", multipart=False):
    helper = FormHelper()
    helper.form_method = method
    if multipart:
        helper.attrs = {"enctype": "multipart/form-data"}
    helper.add_input(Submit("enregistrer", label))
    return helper


class ParcoursFilter(FilterFormMixin, django_filters.FilterSet):
    """The catalogue's filters: words of the title, audience, degree, producer, origin, kind."""

    q = django_filters.CharFilter(
        label=_("Rechercher dans les titres"), field_name="title", lookup_expr="icontains"
    )
    audience = django_filters.ChoiceFilter(
        label=_("Public"), choices=Parcours.Audience.choices, empty_label=_("Tous")
    )
    degree = django_filters.ChoiceFilter(
        label=_("Degré"),
        choices=Parcours.Degree.choices,
        method="filter_degree",
        empty_label=_("Tous"),
    )
    producer = django_filters.ChoiceFilter(
        label=_("Producteur"), choices=Parcours.Producer.choices, empty_label=_("Tous")
    )
    origin = django_filters.ChoiceFilter(
        label=_("Origine"), choices=Parcours.Origin.choices, empty_label=_("Toutes")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Nature"), choices=Parcours.Kind.choices, empty_label=_("Toutes")
    )

    class Meta:
        model = Parcours
        fields = []

    def filter_degree(self, queryset, name, value):
        # A parcours for both degrees is one of each degree's.
        if value == Parcours.Degree.LES_DEUX:
            return queryset.filter(degree=value)
        return queryset.filter(Q(degree=value) | Q(degree=Parcours.Degree.LES_DEUX))


class SessionFilter(FilterFormMixin, django_filters.FilterSet):
    """The sessions list's filters: words of the parcours' title, school year, plan."""

    q = django_filters.CharFilter(
        label=_("Rechercher un parcours"), field_name="parcours__title", lookup_expr="icontains"
    )
    school_year = django_filters.CharFilter(
        label=_("Année scolaire"), help_text=_("Par exemple 2026-2027.")
    )
    plan = django_filters.ChoiceFilter(
        label=_("Cadre"), choices=ParcoursSession.Plan.choices, empty_label=_("Tous")
    )

    class Meta:
        model = ParcoursSession
        fields = []


class ParcoursForm(SubmissionTokenMixin, forms.ModelForm):
    """An académie's parcours: local, or shared nationally; never of the national offer."""

    class Meta:
        model = Parcours
        fields = [
            "title",
            "audience",
            "degree",
            "producer",
            "origin",
            "kind",
            "objectives",
            "animation_notes",
        ]
        error_messages = {
            "title": {"required": _("Donnez un titre au parcours.")},
            "objectives": {
                "required": _(
                    "Indiquez les objectifs du parcours : chaque parcours annonce "
                    "explicitement les objectifs qu'il vise."
                )
            },
        }
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "animation_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["origin"].choices = [
            choice for choice in Parcours.Origin.choices if choice[0] != Parcours.Origin.NATIONALE
        ]
        self.helper = _helper(_("Enregistrer le parcours"))

    def clean_objectives(self):
        objectives = self.cleaned_data["objectives"].strip()
        if not objectives:
            raise forms.ValidationError(self.fields["objectives"].error_messages["required"])
        return objectives


class ActivityForm(forms.ModelForm):
    class Meta:
        model = ParcoursActivity
        fields = ["title", "type", "grouping", "modality", "duration_minutes"]
        error_messages = {
            "title": {"required": _("Donnez un intitulé à l'activité.")},
            "duration_minutes": {
                "required": _("Indiquez la durée de l'activité, en minutes."),
                "min_value": _("La durée d'une activité est d'au moins une minute."),
            },
        }

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes is not None and minutes < 1:
            raise forms.ValidationError(_("La durée d'une activité est d'au moins une minute."))
        return minutes


class BaseActivityFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        # An activity someone has done carries hours of their training record: it stays.
        deleted = [form.instance.pk for form in self.deleted_forms if form.instance.pk]
        done = set(
            ActivityProgress.objects.filter(activity__in=deleted).values_list(
                "activity__title", flat=True
            )
        )
        if done:
            raise forms.ValidationError(
                ngettext(
                    "Cette activité a déjà été faite par des enseignants et ne peut plus être "
                    "supprimée : %(list)s.",
                    "Ces activités ont déjà été faites par des enseignants et ne peuvent plus "
                    "être supprimées : %(list)s.",
                    len(done),
                )
                % {"list": ", ".join(sorted(done))}
            )
        kept = [
            form
            for form in self.forms
            if form not in self.deleted_forms
            and (form.instance.pk or form.has_changed())
            and not form.errors
        ]
        if not kept and not any(form.errors for form in self.forms):
            raise forms.ValidationError(
                _("Un parcours organise au moins une activité dans sa séquence.")
            )


ActivityFormSet = forms.modelformset_factory(
    ParcoursActivity,
    form=ActivityForm,
    formset=BaseActivityFormSet,
    extra=2,
    can_order=True,
    can_delete=True,
)


def activity_helper():
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class KitFileForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = ParcoursKitFile
        fields = ["title", "file"]
        error_messages = {
            "title": {"required": _("Donnez un intitulé au fichier.")},
            "file": {"required": _("Choisissez le fichier à déposer.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, documents bureautiques, archive ZIP, image ou vidéo MP4 ; 20 Mo au plus."
        )
        self.helper = _helper(_("Déposer le fichier"), multipart=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in KIT_EXTENSIONS:
            raise forms.ValidationError(
                _("Ce type de fichier n'est pas accepté (formats acceptés : %(formats)s).")
                % {"formats": ", ".join(KIT_EXTENSIONS)}
            )
        if upload.size > KIT_MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 20 Mo."))
        return upload


class TrainerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class SessionForm(SubmissionTokenMixin, forms.ModelForm):
    """A session: the parcours, the year and plan, the circonscription (required for the
    animations pédagogiques), the local trainers, the contextualisation."""

    trainers = TrainerChoices(
        label=_("Formateurs de proximité"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ParcoursSession
        fields = [
            "parcours",
            "school_year",
            "plan",
            "circonscription",
            "trainers",
            "contextualisation",
            "open_to_candidates",
            "capacity",
        ]
        error_messages = {
            "parcours": {"required": _("Choisissez le parcours de la session.")},
            "school_year": {"required": _("Indiquez l'année scolaire (par exemple 2026-2027).")},
            "plan": {"required": _("Choisissez le cadre de la session.")},
        }
        help_texts = {
            "school_year": _("Par exemple 2026-2027."),
            "contextualisation": _(
                "Comment la session adapte le parcours aux besoins de formation identifiés "
                "localement."
            ),
            "capacity": _("Laisser vide pour ne pas limiter les inscriptions."),
        }
        widgets = {"contextualisation": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, academie_id, circonscriptions, parcours, **kwargs):
        super().__init__(*args, **kwargs)
        self.academie_id = academie_id
        self.fields["parcours"].queryset = parcours.order_by("title")
        self.fields["circonscription"].queryset = circonscriptions
        self.fields["circonscription"].empty_label = _("Aucune (plan départemental ou académique)")
        self.fields["trainers"].queryset = magistere.proximity_trainers(academie_id)
        self.fields["trainers"].help_text = _(
            "Les formateurs de proximité du programme M@gistère de l'académie."
        )
        self.helper = _helper(_("Enregistrer la session"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("plan") == ParcoursSession.Plan.ANIMATIONS and not cleaned.get(
            "circonscription"
        ):
            self.add_error(
                "circonscription",
                _("Les animations pédagogiques sont celles d'une circonscription : choisissez-la."),
            )
        return cleaned


class SessionStepForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = SessionStep
        fields = ["kind", "date", "start_time", "place", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        error_messages = {
            "kind": {"required": _("Choisissez l'étape.")},
            "date": {
                "required": _("Indiquez la date de l'étape."),
                "invalid": _("Cette date n'est pas valide."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Ajouter au calendrier"))

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == SessionStep.Kind.REGROUPEMENT
            and not cleaned.get("place", "").strip()
        ):
            self.add_error("place", _("Indiquez le lieu du regroupement en présence."))
        return cleaned


class InviteForm(SubmissionTokenMixin, forms.Form):
    """The organiser invites teachers by their e-mail addresses, one a line: each must be a
    teacher of a school of the session's académie (and of its circonscription)."""

    emails = forms.CharField(
        label=_("Adresses électroniques des enseignants à inviter"),
        help_text=_("Une adresse par ligne."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Indiquez au moins une adresse électronique.")},
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.helper = _helper(_("Envoyer les invitations"))

    def clean_emails(self):
        addresses = []
        for line in self.cleaned_data["emails"].replace(",", "\n").splitlines():
            address = line.strip().lower()
            if address and address not in addresses:
                addresses.append(address)
        if not addresses:
            raise forms.ValidationError(_("Indiquez au moins une adresse électronique."))
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except forms.ValidationError:
                invalid.append(address)
        if invalid:
            raise forms.ValidationError(
                ngettext(
                    "Cette adresse n'est pas valide : %(list)s.",
                    "Ces adresses ne sont pas valides : %(list)s.",
                    len(invalid),
                )
                % {"list": ", ".join(invalid)}
            )
        users = list(
            magistere.in_scope_teachers(self.session)
            .filter(email__in=addresses)
            .order_by("full_name")
        )
        unknown = sorted(set(addresses) - {u.email for u in users})
        if unknown:
            raise forms.ValidationError(
                ngettext(
                    "Aucun enseignant pouvant suivre cette session n'a cette adresse : %(list)s.",
                    "Aucun enseignant pouvant suivre cette session n'a ces adresses : %(list)s.",
                    len(unknown),
                )
                % {"list": ", ".join(unknown)}
            )
        return users


class CandidatureForm(SubmissionTokenMixin, forms.Form):
    motivation = forms.CharField(
        label=_("Vos attentes (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("2 000 caractères au plus.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Candidater"))


class NeedsDiagnosticForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = NeedsDiagnostic
        fields = ["circonscription", "school_year", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "circonscription": {"required": _("Choisissez la circonscription.")},
            "school_year": {"required": _("Indiquez l'année scolaire (par exemple 2026-2027).")},
            "text": {"required": _("Rédigez le diagnostic des besoins de formation.")},
        }
        help_texts = {"school_year": _("Par exemple 2026-2027.")}

    def __init__(self, *args, circonscriptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["circonscription"].queryset = circonscriptions
        if self.instance.pk:
            self.fields["circonscription"].disabled = True
            self.fields["school_year"].disabled = True
        self.helper = _helper(_("Enregistrer le diagnostic"))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Rédigez le diagnostic des besoins de formation."))
        return text

    def clean(self):
        cleaned = super().clean()
        circonscription, year = cleaned.get("circonscription"), cleaned.get("school_year")
        if (
            not self.instance.pk
            and circonscription
            and year
            and NeedsDiagnostic.objects.filter(
                circonscription=circonscription, school_year=year
            ).exists()
        ):
            self.add_error(
                "school_year",
                _(
                    "Le diagnostic de cette circonscription pour cette année existe "
                    "déjà : modifiez-le."
                ),
            )
        return cleaned


def circonscription_choices(user, academie_id=None):
    """The circonscriptions the user may pick for a session: their own as IEN, every one of
    the académie for the programme's staff."""
    own = magistere.inspected_circonscriptions(user)
    if academie_id and academie_id in magistere.staff_academie_ids(user):
        return Circonscription.objects.filter(Q(academie_id=academie_id) | Q(pk__in=own))
    return own
