"""Forms of the Ambassadeurs du numérique (seed 001): a commitment's follow-up, an
accompaniment request and its assignment and visit, a portfolio entry, equipment received."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.submissions import SubmissionTokenMixin
from dsfr_crispy.layout import Submit
from programmes.ambassadeurs import accompanists, funding_required
from programmes.models import (
    AccompanimentRequest,
    Ambassador,
    Cohort,
    Commitment,
    Convention,
    ConventionSignatory,
    Equipment,
    PortfolioEntry,
)
from programmes.models.ambassadeurs import Degree


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def with_submit(form, label):
    form.helper = FormHelper()
    form.helper.add_input(Submit("submit", label))


class CommitmentStatusForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["status", "note"]
        labels = {"status": _("État"), "note": _("Commentaire de suivi (facultatif)")}
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"status": {"required": _("Choisissez l'état de l'engagement.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=f"commitment-{kwargs['instance'].pk}", **kwargs)
        with_submit(self, _("Enregistrer l'état"))


class AccompanimentRequestForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = AccompanimentRequest
        fields = ["purpose", "timing", "wished_from", "wished_until", "details"]
        labels = {
            "purpose": _("Objet de l'accompagnement"),
            "timing": _("Moment souhaité"),
            "wished_from": _("Disponible à partir du"),
            "wished_until": _("Jusqu'au"),
            "details": _("Précisions (facultatif)"),
        }
        help_texts = {
            "details": _(
                "La séquence ou le projet concerné, le niveau de la classe, vos créneaux."
            ),
            "wished_from": _("Format attendu : JJ/MM/AAAA."),
        }
        widgets = {
            "purpose": forms.RadioSelect,
            "timing": forms.RadioSelect,
            "wished_from": date_widget(),
            "wished_until": date_widget(),
            "details": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "purpose": {"required": _("Choisissez l'objet de l'accompagnement.")},
            "timing": {
                "required": _("Indiquez si la visite a lieu pendant ou hors temps scolaire.")
            },
            "wished_from": {
                "required": _("Indiquez à partir de quand vous êtes disponible."),
                "invalid": _("Saisissez une date valide."),
            },
            "wished_until": {
                "required": _("Indiquez jusqu'à quand vous êtes disponible."),
                "invalid": _("Saisissez une date valide."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons: no empty « --------- » choice.
        self.fields["purpose"].choices = AccompanimentRequest.Purpose.choices
        self.fields["timing"].choices = AccompanimentRequest.Timing.choices
        with_submit(self, _("Envoyer la demande"))

    def clean_wished_from(self):
        value = self.cleaned_data["wished_from"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Choisissez une date à venir."))
        return value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("wished_from"), cleaned.get("wished_until")
        if start and end and end < start:
            self.add_error("wished_until", _("La fin de la période doit suivre son début."))
        return cleaned


class AccompanistChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class AssignForm(forms.Form):
    accompanist = AccompanistChoice(
        label=_("Accompagnateur ou accompagnatrice"),
        queryset=User.objects.none(),
        empty_label=_("Choisir une personne"),
        error_messages={
            "required": _("Choisissez la personne qui accompagnera l'Ambassadeur."),
            "invalid_choice": _("Choisissez une personne de la liste."),
        },
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accompanist"].queryset = accompanists(programme)
        with_submit(self, _("Désigner"))


class VisitForm(forms.ModelForm):
    class Meta:
        model = AccompanimentRequest
        fields = ["visit_on", "visit_minutes", "report"]
        labels = {
            "visit_on": _("Date de la visite"),
            "visit_minutes": _("Durée en minutes"),
            "report": _("Compte rendu"),
        }
        help_texts = {
            "report": _("Quelques lignes : ce qui a été fait, ce qui est proposé pour la suite."),
            "visit_minutes": _("Par exemple : 90 pour une heure et demie."),
        }
        widgets = {"visit_on": date_widget(), "report": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "visit_on": {
                "required": _("Indiquez la date de la visite."),
                "invalid": _("Saisissez une date valide."),
            },
            "visit_minutes": {
                "required": _("Indiquez la durée de la visite."),
                "invalid": _("Saisissez un nombre entier de minutes."),
            },
            "report": {"required": _("Rédigez le compte rendu de la visite.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].required = True
        with_submit(self, _("Enregistrer la visite"))

    def clean_visit_on(self):
        value = self.cleaned_data["visit_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La visite ne peut pas avoir lieu dans le futur."))
        return value

    def clean_visit_minutes(self):
        value = self.cleaned_data["visit_minutes"]
        if not 15 <= value <= 480:
            raise forms.ValidationError(_("Une visite dure entre 15 minutes et 8 heures."))
        return value


class PortfolioEntryForm(SubmissionTokenMixin, forms.ModelForm):
    skills = forms.MultipleChoiceField(
        label=_("Compétences développées"),
        choices=PortfolioEntry.SKILLS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une compétence.")},
    )

    class Meta:
        model = PortfolioEntry
        fields = [
            "on",
            "title",
            "description",
            "disseminated_on",
            "dissemination_audience",
            "dissemination_count",
            "dissemination_means",
        ]
        labels = {
            "on": _("Date"),
            "title": _("Titre"),
            "description": _("Ce que vous avez fait"),
            "disseminated_on": _("Diffusé aux collègues le (facultatif)"),
            "dissemination_audience": _("Auprès de qui"),
            "dissemination_count": _("Nombre de collègues touchés"),
            "dissemination_means": _("Comment (conseil des maîtres, atelier, message…)"),
        }
        widgets = {
            "on": date_widget(),
            "disseminated_on": date_widget(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "on": {"required": _("Indiquez la date."), "invalid": _("Saisissez une date valide.")},
            "title": {"required": _("Donnez un titre à cette entrée.")},
            "description": {"required": _("Décrivez ce que vous avez fait.")},
            "disseminated_on": {"invalid": _("Saisissez une date valide.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].help_text = _("Format attendu : JJ/MM/AAAA.")
        self.order_fields(["on", "title", "description", "skills"])
        with_submit(self, _("Ajouter au portfolio"))

    def clean_on(self):
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("Une entrée du portfolio ne peut pas être datée du futur.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        on, count = cleaned.get("disseminated_on"), cleaned.get("dissemination_count")
        audience = cleaned.get("dissemination_audience")
        if on or count or audience or cleaned.get("dissemination_means"):
            if not on and "disseminated_on" not in self.errors:
                self.add_error("disseminated_on", _("Indiquez quand vous l'avez diffusé."))
            if not count:
                self.add_error(
                    "dissemination_count", _("Indiquez combien de collègues en ont bénéficié.")
                )
            if not audience:
                self.add_error("dissemination_audience", _("Indiquez auprès de qui."))
        if on and cleaned.get("on") and on < cleaned["on"]:
            self.add_error("disseminated_on", _("La diffusion ne peut précéder l'entrée."))
        return cleaned

    def save(self, commit=True):
        entry = super().save(commit=False)
        for field, _label in PortfolioEntry.SKILLS:
            setattr(entry, field, field in self.cleaned_data["skills"])
        if commit:
            entry.save()
        return entry


class EquipmentForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = Equipment
        fields = ["kind", "label", "provider", "funding", "received_on"]
        labels = {
            "kind": _("Nature"),
            "label": _("Matériel"),
            "provider": _("Fourni par"),
            "funding": _("Financement (Ville de Paris)"),
            "received_on": _("Reçu le"),
        }
        help_texts = {
            "funding": _("Obligatoire pour un équipement de la collectivité, vide sinon."),
            "label": _("Par exemple : tablette, vidéoprojecteur interactif."),
        }
        widgets = {"received_on": date_widget()}
        error_messages = {
            "kind": {"required": _("Choisissez la nature de l'équipement.")},
            "label": {"required": _("Indiquez le matériel reçu.")},
            "provider": {"required": _("Indiquez qui l'a fourni.")},
            "received_on": {
                "required": _("Indiquez la date de réception."),
                "invalid": _("Saisissez une date valide."),
            },
        }

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = partners
        self.fields["provider"].empty_label = _("Choisir un partenaire")
        with_submit(self, _("Enregistrer l'équipement"))

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date de réception ne peut pas être dans le futur."))
        return value

    def clean(self):
        cleaned = super().clean()
        provider, funding = cleaned.get("provider"), cleaned.get("funding")
        if provider is not None:
            if funding_required(provider) and not funding:
                self.add_error(
                    "funding",
                    _("Indiquez lequel des budgets de %(name)s a financé cet équipement.")
                    % {"name": provider.name},
                )
            elif funding and not funding_required(provider):
                self.add_error(
                    "funding",
                    _("Seuls les équipements de la collectivité indiquent un budget."),
                )
        return cleaned


class AmbassadorForm(forms.ModelForm):
    """Staff complete an ambassador's follow-up record."""

    class Meta:
        model = Ambassador
        fields = [
            "maitre_formateur",
            "class_name",
            "memoire_title",
            "memoire_digital_dimension",
            "tenure_on",
        ]
        labels = {"class_name": _("Classe (niveau)"), "tenure_on": _("Date de titularisation")}
        help_texts = {
            "tenure_on": _(
                "Le suivi dure jusqu'à la veille du deuxième anniversaire de cette date."
            ),
        }
        widgets = {
            "tenure_on": date_widget(),
            "memoire_digital_dimension": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"tenure_on": {"invalid": _("Saisissez une date valide.")}}

    def __init__(self, *args, maitres_formateurs, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["maitre_formateur"]
        field.queryset = maitres_formateurs
        field.label_from_instance = lambda user: user.full_name
        field.empty_label = _("Pas encore désigné")
        field.error_messages["invalid_choice"] = _("Choisissez une personne de la liste.")
        with_submit(self, _("Enregistrer le suivi"))

    def clean_tenure_on(self):
        value = self.cleaned_data["tenure_on"]
        cohort_start = int(self.instance.cohort.school_year[:4])
        if value is not None and value.year < cohort_start:
            raise forms.ValidationError(
                _("La titularisation ne peut précéder l'année de la promotion (%(year)s).")
                % {"year": self.instance.cohort.school_year}
            )
        return value


# The signed convention: a PDF, read by its own header (the name and type are the sender's word).
PDF_MAGIC = b"%PDF-"
SIGNED_PDF_MAX_BYTES = 5 * 1024 * 1024


class ConventionForm(forms.ModelForm):
    """Staff complete the convention: its signature and the signed PDF."""

    class Meta:
        model = Convention
        fields = ["title", "signed_on", "signed_at", "signed_pdf", "summary"]
        labels = {
            "title": _("Intitulé"),
            "signed_on": _("Signée le"),
            "signed_at": _("Lieu de signature"),
            "signed_pdf": _("Convention signée (PDF)"),
            "summary": _("Présentation"),
        }
        help_texts = {"signed_pdf": _("Un fichier PDF de 5 Mo au plus.")}
        widgets = {
            "signed_on": date_widget(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "signed_pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }
        error_messages = {
            "title": {"required": _("Indiquez l'intitulé de la convention.")},
            "signed_on": {"invalid": _("Saisissez une date valide.")},
            "signed_pdf": {"empty": _("Le fichier est vide.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with_submit(self, _("Enregistrer la convention"))

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("La date de signature ne peut pas être dans le futur."))
        return value

    def clean_signed_pdf(self):
        upload = self.cleaned_data["signed_pdf"]
        if not upload or upload == self.instance.signed_pdf:
            return upload
        if upload.size > SIGNED_PDF_MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo."))
        upload.seek(0)
        head = upload.read(len(PDF_MAGIC))
        upload.seek(0)
        if head != PDF_MAGIC:
            raise forms.ValidationError(_("Seuls les fichiers PDF sont acceptés."))
        if not upload.name.lower().endswith(".pdf"):
            upload.name = f"{upload.name}.pdf"
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("signed_pdf") and not cleaned.get("signed_on"):
            self.add_error(
                "signed_on", _("Indiquez la date de signature de la convention déposée.")
            )
        return cleaned


# --- staff's own forms: cohorts, ambassadors, signatories, commitments -----------------------
class CohortForm(SubmissionTokenMixin, forms.ModelForm):
    """A cohort's school year, announced counts and second-degree disciplines (one a line:
    a line added adds a discipline, a line removed removes it)."""

    disciplines = forms.CharField(
        label=_("Disciplines du second degré"),
        help_text=_("Une discipline par ligne, dans l'ordre d'affichage."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Cohort
        fields = ["school_year", "planned_first_degree", "planned_second_degree"]
        labels = {
            "school_year": _("Année scolaire"),
            "planned_first_degree": _("Effectif annoncé, premier degré"),
            "planned_second_degree": _("Effectif annoncé, second degré"),
        }
        help_texts = {"school_year": _("Par exemple : 2019-2020.")}
        error_messages = {
            "school_year": {"required": _("Indiquez l'année scolaire.")},
            "planned_first_degree": {
                "required": _(
                    "Indiquez l'effectif annoncé du premier degré (0 s'il n'y en a pas)."
                ),
                "invalid": _("Saisissez un nombre entier."),
                "min_value": _("L'effectif ne peut pas être négatif."),
            },
            "planned_second_degree": {
                "required": _("Indiquez l'effectif annoncé du second degré (0 s'il n'y en a pas)."),
                "invalid": _("Saisissez un nombre entier."),
                "min_value": _("L'effectif ne peut pas être négatif."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault(
                "disciplines", "\n".join(d.name for d in self.instance.disciplines.all())
            )
        with_submit(self, _("Enregistrer la promotion"))

    def clean_school_year(self):
        value = self.cleaned_data["school_year"].strip()
        first, _dash, second = value.partition("-")
        if not (
            len(value) == 9
            and first.isdigit()
            and second.isdigit()
            and int(second) == int(first) + 1
        ):
            raise forms.ValidationError(
                _("Écrivez l'année scolaire sous la forme 2019-2020 (deux années qui se suivent).")
            )
        taken = Cohort.objects.filter(
            convention_id=self.instance.convention_id, school_year=value
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("La promotion %(year)s existe déjà pour cette convention.") % {"year": value}
            )
        return value

    def clean_disciplines(self):
        names = [line.strip() for line in self.cleaned_data["disciplines"].splitlines()]
        names = [name for name in names if name]
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError(_("Un nom de discipline compte 100 caractères au plus."))
        seen = set()
        for name in names:
            if name.casefold() in seen:
                raise forms.ValidationError(
                    _("La discipline « %(name)s » est écrite deux fois.") % {"name": name}
                )
            seen.add(name.casefold())
        return names

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("disciplines") and cleaned.get("planned_second_degree") == 0:
            self.add_error(
                "planned_second_degree",
                _("Des disciplines sont indiquées : annoncez un effectif du second degré."),
            )
        return cleaned


class AmbassadorAddForm(SubmissionTokenMixin, forms.Form):
    """Staff make a teacher of the académie an ambassador of the cohort."""

    email = forms.EmailField(
        label=_("Adresse électronique académique de l'enseignant"),
        error_messages={
            "required": _("Indiquez l'adresse électronique de l'enseignant."),
            "invalid": _("Saisissez une adresse électronique valide."),
        },
    )
    degree = forms.ChoiceField(
        label=_("Degré"),
        choices=Degree.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez le degré."),
            "invalid_choice": _("Choisissez le premier ou le second degré."),
        },
    )
    discipline = forms.CharField(
        label=_("Discipline (second degré)"), required=False, max_length=100
    )
    uai = forms.CharField(
        label=_("UAI de l'école ou de l'établissement"),
        help_text=_("Sept chiffres et une lettre, par exemple : 0750001A."),
        max_length=8,
        error_messages={"required": _("Indiquez l'UAI de l'école ou de l'établissement.")},
    )
    class_name = forms.CharField(
        label=_("Classe (niveau, facultatif)"), required=False, max_length=100
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        names = [d.name for d in cohort.disciplines.all()]
        self.fields["discipline"] = forms.ChoiceField(
            label=_("Discipline (second degré)"),
            choices=[("", _("Aucune (premier degré)"))] + [(name, name) for name in names],
            required=False,
            error_messages={
                "invalid_choice": _(
                    "Cette discipline n'est pas parmi celles de la promotion %(year)s."
                )
                % {"year": cohort.school_year}
            },
        )
        self.order_fields(["email", "degree", "discipline", "uai", "class_name"])
        with_submit(self, _("Ajouter l'Ambassadeur"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_uai(self):
        return self.cleaned_data["uai"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        degree, discipline = cleaned.get("degree"), cleaned.get("discipline")
        if degree == Degree.PREMIER and discipline:
            self.add_error("discipline", _("Une discipline ne s'indique que pour le second degré."))
        elif degree == Degree.SECOND and "discipline" in cleaned and not discipline:
            self.add_error("discipline", _("Choisissez la discipline enseignée."))
        return cleaned


class SignatoryForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = ConventionSignatory
        fields = ["name", "function", "partner", "order"]
        labels = {
            "name": _("Nom"),
            "function": _("Fonction"),
            "partner": _("Signe pour"),
            "order": _("Ordre d'affichage"),
        }
        help_texts = {"function": _("Par exemple : recteur de la région académique.")}
        error_messages = {
            "name": {"required": _("Indiquez le nom du signataire.")},
            "function": {"required": _("Indiquez la fonction du signataire.")},
            "partner": {
                "required": _("Choisissez le partenaire pour lequel la personne signe."),
                "invalid_choice": _("Choisissez un partenaire de la convention."),
            },
            "order": {"invalid": _("Saisissez un nombre entier.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        field.queryset = self.instance.convention.partners.all()
        field.empty_label = _("Choisir un partenaire")
        self.fields["order"].required = False
        with_submit(self, _("Enregistrer le signataire"))

    def clean_name(self):
        value = self.cleaned_data["name"].strip()
        taken = ConventionSignatory.objects.filter(
            convention_id=self.instance.convention_id, name__iexact=value
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("%(name)s est déjà signataire de cette convention.") % {"name": value}
            )
        return value

    def clean_order(self):
        value = self.cleaned_data["order"]
        return 0 if value is None else value


class CommitmentForm(SubmissionTokenMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["label", "carriers"]
        labels = {"label": _("Engagement"), "carriers": _("Porté par")}
        widgets = {"carriers": forms.CheckboxSelectMultiple}
        error_messages = {
            "label": {"required": _("Indiquez l'engagement.")},
            "carriers": {
                "required": _("Choisissez au moins un partenaire qui porte l'engagement."),
                "invalid_choice": _("Choisissez des partenaires de la convention."),
                "invalid_pk_value": _("Choisissez des partenaires de la convention."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carriers"].queryset = self.instance.convention.partners.all()
        with_submit(self, _("Enregistrer l'engagement"))
