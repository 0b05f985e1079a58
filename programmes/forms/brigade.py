"""Forms of the ambition-confiance brigade: the professional's observation request, the
staff's decisions, an animateur's status and modules, the teams, the animateurs list filters.
Each checks its input with a French message; the rules that need the database state are the
services' (programmes/brigade.py), whose BrigadeError the views put on the form."""

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Etablissement, User
from accounts.submissions import SubmissionTokenMixin
from accounts.uai import normalize_uai
from dsfr_crispy.layout import Submit
from programmes.models import (
    Animateur,
    AnimateurStatus,
    Brigade,
    ObservationRequest,
    Parcours,
    Promotion,
    TrainerTeam,
    TrainingModule,
)


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _helper(label, *, method="post", secondary=False):
    helper = FormHelper()
    helper.form_method = method
    helper.add_input(Submit("submit", label, secondary=secondary))
    return helper


class ObservationRequestForm(SubmissionTokenMixin, forms.ModelForm):
    """A professional asks to observe a workshop: why, when (in words, dates optional)."""

    class Meta:
        model = ObservationRequest
        fields = ["reason", "preferred_period", "preferred_from", "preferred_until"]
        labels = {
            "reason": _("Pourquoi souhaitez-vous observer un atelier\u00a0?"),
            "preferred_period": _("Période souhaitée"),
            "preferred_from": _("Disponible à partir du (facultatif)"),
            "preferred_until": _("Jusqu'au (facultatif)"),
        }
        help_texts = {
            "reason": _(
                "Par exemple\u00a0: découvrir la philosophie des ateliers avant d'en "
                "proposer un dans votre établissement."
            ),  # fmt: skip
            "preferred_period": _("Par exemple\u00a0: le deuxième trimestre, les mercredis."),
        }
        error_messages = {
            "reason": {"required": _("Dites en quelques mots pourquoi vous souhaitez observer.")},
            "preferred_period": {"required": _("Indiquez la période qui vous conviendrait.")},
            "preferred_from": {"invalid": _("Saisissez une date valide.")},
            "preferred_until": {"invalid": _("Saisissez une date valide.")},
        }
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 4}),
            "preferred_from": date_widget(),
            "preferred_until": date_widget(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Envoyer ma demande"))

    def clean_preferred_from(self):
        value = self.cleaned_data.get("preferred_from")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("Cette date est déjà passée."))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("preferred_from"), cleaned.get("preferred_until")
        if start and end and end < start:
            self.add_error("preferred_until", _("La fin de la période précède son début."))
        return cleaned


class UaiField(forms.CharField):
    """A school of the académie, typed by its UAI."""

    def __init__(self, *, academie_id=None, **kwargs):
        self.academie_id = academie_id
        super().__init__(**kwargs)

    def clean(self, value):
        uai = normalize_uai(super().clean(value))
        if not uai:
            return None
        school = Etablissement.objects.filter(uai=uai, academie_id=self.academie_id).first()
        if school is None:
            raise forms.ValidationError(
                _("Aucun établissement de l'académie n'a l'UAI «\u00a0%(uai)s\u00a0».")
                % {"uai": uai}
            )
        return school


class AcceptObservationForm(SubmissionTokenMixin, forms.Form):
    day = forms.DateField(
        label=_("Journée d'observation"),
        widget=date_widget(),
        error_messages={
            "required": _("Indiquez la journée d'observation."),
            "invalid": _("Saisissez une date valide."),
        },
    )
    school = UaiField(
        label=_("UAI de l'établissement de l'atelier"),
        help_text=_("Par exemple\u00a0: 0570054Z."),
        error_messages={"required": _("Indiquez l'UAI de l'établissement de l'atelier.")},
    )

    def __init__(self, *args, academie_id, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["school"].academie_id = academie_id
        self.helper = _helper(_("Accepter"))

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("La journée d'observation ne peut pas être passée."))
        return day


class DeclineObservationForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        help_text=_("La personne le lira dans le message qui l'informe."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": _("Indiquez le motif du refus.")},
    )

    def __init__(self, *args, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.helper = _helper(_("Décliner"), secondary=True)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indiquez le motif du refus."))
        return reason


class AnimateurStatusForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = AnimateurStatus
        fields = ["status", "on", "note"]
        labels = {"status": _("Nouveau statut"), "on": _("À compter du")}
        widgets = {"on": date_widget()}
        error_messages = {
            "status": {"required": _("Choisissez le statut.")},
            "on": {
                "required": _("Indiquez la date du changement."),
                "invalid": _("Saisissez une date valide."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_("Enregistrer le statut"))


class CompletionForm(SubmissionTokenMixin, forms.Form):
    """A module completed by an animateur of the promotion."""

    animateur = forms.ModelChoiceField(
        label=_("Animateur ou animatrice"),
        queryset=Animateur.objects.none(),
        error_messages={
            "required": _("Choisissez la personne."),
            "invalid_choice": _("Cette personne n'appartient pas à la promotion."),
        },
    )
    module = forms.ModelChoiceField(
        label=_("Module"),
        queryset=TrainingModule.objects.none(),
        error_messages={
            "required": _("Choisissez le module."),
            "invalid_choice": _("Ce module n'est pas un module de la promotion."),
        },
    )
    completed_on = forms.DateField(
        label=_("Terminé le"),
        widget=date_widget(),
        error_messages={
            "required": _("Indiquez la date de fin du module."),
            "invalid": _("Saisissez une date valide."),
        },
    )

    def __init__(self, *args, promotion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["animateur"].queryset = promotion.animateurs.select_related("user")
        self.fields["module"].queryset = promotion.modules.all()
        self.helper = _helper(_("Enregistrer le module terminé"))


class MemberChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.full_name} ({obj.town})"


class TeamForm(SubmissionTokenMixin, forms.ModelForm):
    members = MemberChoices(
        label=_("Membres"),
        queryset=Animateur.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TrainerTeam
        fields = ["level", "name", "members"]
        error_messages = {
            "level": {"required": _("Choisissez le niveau.")},
            "name": {"required": _("Donnez un nom à l'équipe.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = (
            Animateur.objects.filter(brigade_id=self.instance.brigade_id)
            .select_related("user")
            .order_by("user__full_name")
        )
        self.helper = _helper(
            _("Créer l'équipe") if self.instance.pk is None else _("Enregistrer l'équipe")
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = TrainerTeam.objects.filter(brigade_id=self.instance.brigade_id, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Une équipe de la brigade porte déjà ce nom."))
        return name


class AnimateurForm(SubmissionTokenMixin, forms.ModelForm):
    """A person joins the brigade (their account must exist)."""

    email = forms.EmailField(
        label=_("Adresse électronique de la personne"),
        help_text=_("La personne doit déjà avoir un compte."),
        error_messages={
            "required": _("Indiquez l'adresse électronique de la personne."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )
    home_uai = UaiField(
        label=_("UAI de l'établissement d'exercice"),
        required=False,
        help_text=_("Laisser vide si la personne n'exerce pas en établissement."),
    )
    since = forms.DateField(
        label=_("En formation depuis le"),
        widget=date_widget(),
        error_messages={
            "required": _("Indiquez la date d'entrée en formation."),
            "invalid": _("Saisissez une date valide."),
        },
    )

    class Meta:
        model = Animateur
        fields = ["profession", "town", "promotion"]
        labels = {"town": _("Commune d'exercice")}
        error_messages = {
            "profession": {"required": _("Choisissez la profession.")},
            "town": {"required": _("Indiquez la commune d'exercice.")},
        }

    def __init__(self, *args, brigade, **kwargs):
        super().__init__(*args, **kwargs)
        self.brigade = brigade
        self.fields["home_uai"].academie_id = brigade.programme.academie_id
        self.fields["promotion"].queryset = Promotion.objects.filter(brigade=brigade)
        self.fields["since"].initial = timezone.localdate
        self.helper = _helper(_("Ajouter à la brigade"))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Aucun compte actif n'a l'adresse «\u00a0%(email)s\u00a0».") % {"email": email}
            )
        if Animateur.objects.filter(brigade=self.brigade, user=user).exists():
            raise forms.ValidationError(
                _("%(name)s fait déjà partie de la brigade.") % {"name": user.full_name}
            )
        return user


class BrigadeForm(forms.ModelForm):
    """The staff's settings: the limit of observers, the preparation module."""

    class Meta:
        model = Brigade
        fields = ["max_observers_per_workshop", "preparation_module"]
        error_messages = {
            "max_observers_per_workshop": {
                "required": _("Indiquez le nombre d'observateurs au plus par atelier."),
                "invalid": _("Saisissez un nombre entier."),
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        academie_id = self.instance.programme.academie_id
        self.fields["preparation_module"].queryset = Parcours.objects.filter(
            Q(academie_id=academie_id) | Q(academie__isnull=True), kind=Parcours.Kind.MODULE
        )
        self.helper = _helper(_("Enregistrer les réglages"))

    def clean_max_observers_per_workshop(self):
        value = self.cleaned_data["max_observers_per_workshop"]
        if value < 1:
            raise forms.ValidationError(_("Un atelier accueille au moins un observateur."))
        return value


STANDING_CHOICES = [("1", _("Formation terminée")), ("0", _("Formation à terminer"))]


class AnimateurFilter(django_filters.FilterSet):
    """Filters of the animateurs list: current status, profession, qualified or not."""

    status = django_filters.ChoiceFilter(
        label=_("Statut"),
        field_name="current_status",
        choices=AnimateurStatus.Status.choices,
        empty_label=_("Tous"),
    )
    profession = django_filters.ChoiceFilter(
        label=_("Profession"), choices=Animateur.Profession.choices, empty_label=_("Toutes")
    )
    qualified = django_filters.ChoiceFilter(
        label=_("Qualification"),
        choices=STANDING_CHOICES,
        method="filter_qualified",
        empty_label=_("Tous"),
    )

    class Meta:
        model = Animateur
        fields = []

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = _helper(_("Filtrer"), method="get", secondary=True)
        return form

    def filter_qualified(self, queryset, name, value):
        return queryset.filter(qualified=value == "1")
