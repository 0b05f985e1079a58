"""The funded operations' forms. Every rule is checked here, in French."""

# --- part A ---
# The operation, its plan lines, actions and consortium, edited on one page.
from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from funding import plan
from funding.models import (
    Action,
    ConsortiumMember,
    FundingLine,
    Operation,
    ProgrammeObjective,
)
from programmes.models import Partner


def date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def inner_helper():
    """For a form shown inside the page's one <form>: no tag, no token of its own."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def money_messages(what):
    """The French messages of an amount in euros: no negative, at most two decimals."""
    return {
        "min_value": _("%(what)s ne peut pas être négatif.") % {"what": what},
        "max_decimal_places": _("Indiquez le montant au centime près (deux décimales au plus)."),
        "max_digits": _("Ce montant est trop grand."),
        "max_whole_digits": _("Ce montant est trop grand."),
        "invalid": _("Indiquez un montant en euros, par exemple 601409,90."),
    }


def lines_of(text):
    """The non-empty lines of a textarea, stripped, in order."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OperationForm(forms.ModelForm):
    """The operation's own fields; the objective or axis is typed as its code and looked up
    in the chosen programme; the operation's aim and objectives are two textareas."""

    objective_code = forms.CharField(
        label=_("Code de l'objectif spécifique ou de l'axe prioritaire"),
        max_length=20,
        help_text=_("Par exemple «\u00a01.10.1.1\u00a0» ou «\u00a0AP07\u00a0»."),
        error_messages={"required": _("Indiquez le code de l'objectif ou de l'axe.")},
    )
    aim = forms.CharField(
        label=_("Finalité"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("L'objectif général auquel l'opération contribue, affiché en premier."),
    )
    objectives_text = forms.CharField(
        label=_("Objectifs de l'opération"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Un objectif par ligne, dans l'ordre."),
    )

    class Meta:
        model = Operation
        fields = [
            "name",
            "acronym",
            "acronym_expansion",
            "predecessor",
            "predecessor_name",
            "continuity_note",
            "fund",
            "operational_programme",
            "starts_on",
            "ends_on",
            "status",
            "description",
            "targeted_schools",
            "objectives_intro",
            "actions_intro",
            "total_eligible_cost",
            "is_public",
        ]
        widgets = {
            "starts_on": date_widget(),
            "ends_on": date_widget(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "targeted_schools": forms.Textarea(attrs={"rows": 3}),
            "objectives_intro": forms.Textarea(attrs={"rows": 2}),
            "actions_intro": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "predecessor_name": _("Si l'opération précédente n'est pas enregistrée ici."),
            "continuity_note": _(
                "Par exemple «\u00a0s'inscrit en continuité du projet NUMAVENIR\u00a0»."
            ),
            "total_eligible_cost": _(
                "Le coût total prévisionnel éligible, auquel les lignes du plan doivent "
                "s'égaler au centime près."
            ),
        }
        error_messages = {
            "name": {"required": _("Indiquez le nom de l'opération.")},
            "fund": {"required": _("Choisissez le fonds.")},
            "operational_programme": {"required": _("Choisissez le programme opérationnel.")},
            "starts_on": {
                "required": _("Indiquez la date de début."),
                "invalid": _("Indiquez une date valide, par exemple 01/05/2019."),
            },
            "ends_on": {
                "required": _("Indiquez la date de fin."),
                "invalid": _("Indiquez une date valide, par exemple 31/12/2021."),
            },
            "total_eligible_cost": money_messages(_("Le coût total éligible")),
        }

    def __init__(self, *args, academie=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.academie = academie or self.instance.academie
        predecessors = Operation.objects.filter(academie=self.academie).order_by("name")
        if self.instance.pk:
            predecessors = predecessors.exclude(pk=self.instance.pk)
            self.fields["objective_code"].initial = self.instance.objective.code
            objectives = list(self.instance.objectives.all())
            self.fields["aim"].initial = "\n".join(
                o.text for o in objectives if o.kind == o.Kind.AIM
            )
            self.fields["objectives_text"].initial = "\n".join(
                o.text for o in objectives if o.kind == o.Kind.OBJECTIVE
            )
        self.fields["predecessor"].queryset = predecessors
        self.order_fields(
            [
                *self.Meta.fields[: self.Meta.fields.index("operational_programme") + 1],
                "objective_code",
                *self.Meta.fields[self.Meta.fields.index("operational_programme") + 1 :],
                "aim",
                "objectives_text",
            ]
        )
        self.helper = inner_helper()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("La fin de l'opération ne peut pas précéder son début."))
        programme, code = cleaned.get("operational_programme"), cleaned.get("objective_code")
        if programme and code:
            code = code.strip()
            objective = ProgrammeObjective.objects.filter(programme=programme, code=code).first()
            if objective is None:
                self.add_error(
                    "objective_code",
                    _(
                        "Le code %(code)s n'existe pas dans le programme opérationnel "
                        "«\u00a0%(programme)s\u00a0»."
                    )
                    % {"code": code, "programme": programme.name},
                )
            else:
                self.instance.objective = objective
        return cleaned

    def objective_rows(self):
        """The operation's objectives as typed: (kind, text) pairs, the aim first."""
        aims = [("aim", text) for text in lines_of(self.cleaned_data.get("aim"))]
        return aims + [
            ("objective", text) for text in lines_of(self.cleaned_data.get("objectives_text"))
        ]


class FundingLineForm(forms.ModelForm):
    class Meta:
        model = FundingLine
        fields = ["resource", "label", "status", "amount", "order"]
        error_messages = {
            "resource": {"required": _("Choisissez la ressource.")},
            "amount": {"required": _("Indiquez le montant."), **money_messages(_("Un montant"))},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = inner_helper()


class ActionForm(forms.ModelForm):
    objectives_text = forms.CharField(
        label=_("Objectifs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Un objectif par ligne, dans l'ordre."),
    )

    class Meta:
        model = Action
        fields = ["kind", "number", "title", "description", "budget_share"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "number": {"required": _("Indiquez le numéro.")},
            "title": {"required": _("Indiquez l'intitulé.")},
            "budget_share": money_messages(_("Une part du budget")),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["objectives_text"].initial = "\n".join(
                o.text for o in self.instance.objectives.all()
            )
        self.helper = inner_helper()

    def objective_texts(self):
        return lines_of(self.cleaned_data.get("objectives_text"))


class MemberForm(forms.ModelForm):
    """A member of the consortium: a partner already known, or a new one typed with its
    kind (created when the page is saved)."""

    new_partner_name = forms.CharField(
        label=_("Ou nouveau partenaire"),
        required=False,
        max_length=200,
        help_text=_("Son nom, s'il n'est pas dans la liste."),
    )
    new_partner_kind = forms.ChoiceField(
        label=_("Nature du nouveau partenaire"),
        required=False,
        choices=[("", "---------"), *Partner.Kind.choices],
    )

    class Meta:
        model = ConsortiumMember
        fields = ["partner", "new_partner_name", "new_partner_kind", "role", "joined_on", "note"]
        widgets = {"joined_on": date_widget()}
        error_messages = {"role": {"required": _("Choisissez le rôle.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].required = False
        self.helper = inner_helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        partner, name = cleaned.get("partner"), (cleaned.get("new_partner_name") or "").strip()
        if partner and name:
            self.add_error(
                "new_partner_name",
                _(
                    "Choisissez un partenaire dans la liste ou saisissez-en un nouveau, "
                    "pas les deux."
                ),
            )
        elif not partner and not name:
            self.add_error("partner", _("Choisissez le partenaire ou saisissez son nom."))
        elif name and not cleaned.get("new_partner_kind"):
            self.add_error("new_partner_kind", _("Choisissez la nature du nouveau partenaire."))
        return cleaned


class RowsFormSet(forms.BaseInlineFormSet):
    """An inline formset of the page; it knows the operation's form (for the total)."""

    def __init__(self, *args, operation_form=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.operation_form = operation_form
        for form in self.forms:
            if "DELETE" in form.fields:
                form.fields["DELETE"].label = _("Retirer")

    def kept_forms(self):
        """The forms that will be saved: filled in and not deleted."""
        return [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not getattr(form, "cleaned_data", {}).get("DELETE")
        ]


class ActionFormSet(RowsFormSet):
    def clean(self):
        # The numbers first: Django's own check of the unique number says it less clearly.
        if not any(self.errors):
            numbers = [form.cleaned_data.get("number") for form in self.kept_forms()]
            duplicates = sorted({n for n in numbers if n is not None and numbers.count(n) > 1})
            if duplicates:
                raise forms.ValidationError(
                    _("Deux actions ou axes portent le même numéro\u00a0: %(numbers)s.")
                    % {"numbers": ", ".join(str(n) for n in duplicates)}
                )
        super().clean()
        if any(self.errors):
            return
        kept = self.kept_forms()
        total = None
        if self.operation_form is not None and self.operation_form.is_valid():
            total = self.operation_form.cleaned_data.get("total_eligible_cost")
        excess = plan.budget_shares_excess(
            total, [form.cleaned_data.get("budget_share") for form in kept]
        )
        if excess is not None:
            from accounts.templatetags.french_numbers import euros

            raise forms.ValidationError(
                _("Les parts du budget des actions dépassent le coût total éligible de %(excess)s.")
                % {"excess": euros(excess)}
            )


class MemberFormSet(RowsFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        carriers = [
            form
            for form in self.kept_forms()
            if form.cleaned_data.get("role") == ConsortiumMember.Role.CARRIER
        ]
        if len(carriers) > 1:
            raise forms.ValidationError(_("Une opération n'a qu'un seul porteur."))


LineFormSet = forms.inlineformset_factory(
    Operation,
    FundingLine,
    form=FundingLineForm,
    formset=RowsFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)
ActionInlineFormSet = forms.inlineformset_factory(
    Operation,
    Action,
    form=ActionForm,
    formset=ActionFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)
MemberInlineFormSet = forms.inlineformset_factory(
    Operation,
    ConsortiumMember,
    form=MemberForm,
    formset=MemberFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)


class PlanActionForm(forms.Form):
    """« Valider le plan de financement » / « Repasser en brouillon »: a button, nothing
    else (the CSRF token is the template's)."""


# --- end of part A ---


# --- part C: indicators, individual participants, deliverables ---
# The operation's follow-up (issue 12, points 3 and 4): an indicator's counts, an individual
# participant, a deliverable. Each checks its input with a French message; the rules that need
# the database (a count already there, a reference taken) are checked here for the form and
# again by the services (funding/participants.py) under the operation's lock. The imports are
# this section's own (below part A's code, hence E402).
from accounts.submissions import SubmissionTokenMixin  # noqa: E402
from dsfr_crispy.layout import Submit  # noqa: E402
from funding import participants as follow_up  # noqa: E402
from funding.models import Deliverable, FundParticipant, IndicatorValue  # noqa: E402


def follow_up_helper(label):
    helper = FormHelper()
    helper.form_method = "post"
    helper.add_input(Submit("submit", label))
    return helper


FOLLOW_UP_DATE_ERRORS = {"invalid": _("Saisissez une date valide.")}
FOLLOW_UP_COUNT_ERRORS = {
    "required": _("Indiquez un effectif, 0 s'il n'y en a pas."),
    "invalid": _("Saisissez un nombre entier."),
    "min_value": _("Un effectif ne peut pas être négatif."),
}


def limit_actions(form, operation, empty_label):
    """The `action` field offers the operation's own actions only."""
    field = form.fields["action"]
    field.queryset = operation.actions.all()
    field.empty_label = empty_label
    field.error_messages["invalid_choice"] = _("Choisissez une action de l'opération.")


class IndicatorValueForm(SubmissionTokenMixin, forms.ModelForm):
    """An aggregated count for a period: women and men, for the operation or one action."""

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "action", "period_start", "period_end", "women", "men"]
        labels = {
            "indicator": _("Indicateur"),
            "action": _("Action (facultatif)"),
            "period_start": _("Début de la période"),
            "period_end": _("Fin de la période"),
            "women": _("Femmes"),
            "men": _("Hommes"),
        }
        error_messages = {
            "indicator": {
                "required": _("Choisissez un indicateur."),
                "invalid_choice": _("Choisissez un indicateur de la liste."),
            },
            "period_start": {
                "required": _("Indiquez le début de la période."),
                **FOLLOW_UP_DATE_ERRORS,
            },
            "period_end": {
                "required": _("Indiquez la fin de la période."),
                **FOLLOW_UP_DATE_ERRORS,
            },
            "women": FOLLOW_UP_COUNT_ERRORS,
            "men": FOLLOW_UP_COUNT_ERRORS,
        }
        widgets = {"period_start": date_widget(), "period_end": date_widget()}

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.operation = operation
        limit_actions(self, operation, _("L'opération entière"))
        self.helper = follow_up_helper(_("Enregistrer"))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("La fin de la période ne peut pas précéder son début."))
        indicator = data.get("indicator")
        if (
            start
            and indicator
            and "action" not in self.errors
            and follow_up.indicator_exists(
                operation=self.operation,
                action=data.get("action"),
                indicator=indicator,
                period_start=start,
                exclude_pk=self.instance.pk,
            )
        ):
            raise forms.ValidationError(
                _("Cet indicateur a déjà une valeur pour cette action et ce début de période.")
            )
        return data

    def validate_unique(self):
        """Uniqueness is checked in `clean`, with the operation the form does not show."""


class FundParticipantForm(SubmissionTokenMixin, forms.ModelForm):
    """A participant followed individually: a reference, never a name, and the fund's
    categories at entry."""

    class Meta:
        model = FundParticipant
        fields = [
            "reference",
            "action",
            "gender",
            "age_bracket",
            "labour_status",
            "education",
            "entered_on",
            "left_on",
            "retain_until",
        ]
        labels = {
            "reference": _("Référence"),
            "action": _("Action (facultatif)"),
            "gender": _("Sexe"),
            "age_bracket": _("Âge à l'entrée"),
            "labour_status": _("Situation à l'entrée"),
            "education": _("Niveau d'études"),
            "entered_on": _("Entrée le"),
            "left_on": _("Sortie le (facultatif)"),
            "retain_until": _("À effacer le"),
        }
        help_texts = {
            "reference": _(
                "Une référence seulement, jamais le nom de la personne. "
                "Par exemple\u00a0: NUM-2019-0042."
            ),
            "retain_until": _(
                "La fiche est effacée automatiquement à cette date, qui doit suivre la sortie "
                "(ou l'entrée)."
            ),
        }
        error_messages = {
            "reference": {"required": _("Indiquez la référence du participant.")},
            "gender": {"required": _("Indiquez le sexe.")},
            "age_bracket": {"required": _("Indiquez la tranche d'âge à l'entrée.")},
            "labour_status": {"required": _("Indiquez la situation à l'entrée.")},
            "education": {"required": _("Indiquez le niveau d'études.")},
            "entered_on": {"required": _("Indiquez la date d'entrée."), **FOLLOW_UP_DATE_ERRORS},
            "left_on": FOLLOW_UP_DATE_ERRORS,
            "retain_until": {
                "required": _("Indiquez la date d'effacement."),
                **FOLLOW_UP_DATE_ERRORS,
            },
        }
        widgets = {
            "entered_on": date_widget(),
            "left_on": date_widget(),
            "retain_until": date_widget(),
        }

    def __init__(self, *args, operation, **kwargs):
        super().__init__(*args, **kwargs)
        self.operation = operation
        limit_actions(self, operation, _("Aucune action en particulier"))
        if self.instance.pk is None:
            self.initial.setdefault("retain_until", follow_up.default_retain_until(operation))
        self.helper = follow_up_helper(_("Enregistrer"))

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        others = FundParticipant.objects.filter(operation=self.operation, reference=reference)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Un participant de l'opération a déjà cette référence."))
        return reference

    def clean(self):
        data = super().clean()
        entered_on, left_on = data.get("entered_on"), data.get("left_on")
        retain_until = data.get("retain_until")
        if entered_on and left_on and left_on < entered_on:
            self.add_error("left_on", _("La sortie ne peut pas précéder l'entrée."))
        elif entered_on and retain_until and "left_on" not in self.errors:
            problem = follow_up.participant_date_problem(
                entered_on=entered_on, left_on=left_on, retain_until=retain_until
            )
            if problem:
                self.add_error("retain_until", problem)
        return data

    def validate_unique(self):
        """Uniqueness is checked in `clean_reference`, with the operation the form does not
        show."""


class DeliverableForm(SubmissionTokenMixin, forms.ModelForm):
    """A deliverable of an action: its kind and title, an optional link and dates."""

    url = forms.URLField(
        label=_("Lien (facultatif)"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("Une adresse web complète, commençant par https://."),
        error_messages={
            "invalid": _("Saisissez une adresse web valide, commençant par https://."),
            "max_length": _("L'adresse ne peut pas dépasser 200 caractères."),
        },
    )

    class Meta:
        model = Deliverable
        fields = ["kind", "title", "url", "due_on", "delivered_on"]
        labels = {
            "kind": _("Nature"),
            "title": _("Intitulé"),
            "due_on": _("Prévu pour le (facultatif)"),
            "delivered_on": _("Livré le (facultatif)"),
        }
        error_messages = {
            "kind": {
                "required": _("Choisissez la nature du livrable."),
                "invalid_choice": _("Choisissez une nature de la liste."),
            },
            "title": {"required": _("Indiquez l'intitulé du livrable.")},
            "due_on": FOLLOW_UP_DATE_ERRORS,
            "delivered_on": FOLLOW_UP_DATE_ERRORS,
        }
        widgets = {"due_on": date_widget(), "delivered_on": date_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = follow_up_helper(_("Enregistrer"))


# --- end of part C ---
