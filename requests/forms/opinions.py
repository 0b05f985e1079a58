"""Forms of the opinions of the académie's services: the office's question, the answer."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from requests.forms.team import RequestPageForm
from requests.models import OpinionRequest
from requests.opinions import experts_of, is_expert_of


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})"


class OpinionRequestForm(RequestPageForm):
    """The office asks a person holding the role « Service consulté » in the académie, chosen
    in the list, or a person who already has an account, by their address: the role is then
    given to them with the question."""

    expert = ExpertChoiceField(
        label=_("Personne consultée"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("— Choisir dans la liste —"),
        help_text=_("Les personnes qui ont le rôle « Service consulté » dans l'académie."),
        error_messages={
            "invalid_choice": _(
                "Cette personne n'a pas le rôle « Service consulté » dans l'académie : "
                "choisissez-la dans la liste."
            )
        },
    )
    email = forms.EmailField(
        label=_("Ou adresse électronique d'une personne qui a déjà un compte"),
        required=False,
        help_text=_(
            "Le rôle « Service consulté (avis) » lui est alors attribué dans l'académie : elle "
            "ne verra que les demandes sur lesquelles son avis est demandé."
        ),
        error_messages={"invalid": _("Cette adresse électronique n'est pas valide.")},
    )
    service = forms.CharField(
        label=_("Service"),
        max_length=200,
        help_text=_(
            "Par exemple : Inspection pédagogique régionale de mathématiques, DSDEN de "
            "Seine-Saint-Denis — service de la formation."
        ),
        error_messages={
            "required": _("Indiquez le service consulté."),
            "max_length": _("Le nom du service tient en 200 caractères au plus."),
        },
    )
    question = forms.CharField(
        label=_("Question posée"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez la question posée au service.")},
    )
    due_on = forms.DateField(
        label=_("Réponse attendue le"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez la date à laquelle la réponse est attendue."),
            "invalid": _("Saisissez une date valide."),
        },
    )

    prefix = "opinion"
    submit_label = _("Demander l'avis")
    secondary = True

    def __init__(self, *args, ant, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.ant = ant
        self.by = by
        self.fields["expert"].queryset = experts_of(ant.academie_id)

    def clean_question(self):
        question = self.cleaned_data["question"].strip()
        if not question:
            raise forms.ValidationError(_("Écrivez la question posée au service."))
        return question

    def clean_service(self):
        service = self.cleaned_data["service"].strip()
        if not service:
            raise forms.ValidationError(_("Indiquez le service consulté."))
        return service

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on <= timezone.localdate():
            raise forms.ValidationError(
                _("La réponse est attendue à une date à venir, au plus tôt demain.")
            )
        return due_on

    def clean(self):
        cleaned = super().clean()
        expert, email = cleaned.get("expert"), cleaned.get("email")
        if "expert" in self.errors or "email" in self.errors:
            return cleaned
        if expert and email:
            raise forms.ValidationError(
                _("Choisissez une personne dans la liste ou indiquez une adresse, pas les deux.")
            )
        if not expert and not email:
            self.add_error(
                "expert",
                _("Choisissez la personne consultée, ou indiquez l'adresse de son compte."),
            )
            return cleaned
        cleaned["grant_role"] = False
        if email:
            expert = User.objects.filter(email__iexact=email, is_active=True).first()
            if expert is None:
                self.add_error(
                    "email",
                    _(
                        "Aucun compte actif n'a cette adresse : la personne doit d'abord avoir "
                        "un compte dans Formations."
                    ),
                )
                return cleaned
            cleaned["expert"] = expert
            cleaned["grant_role"] = not is_expert_of(expert, self.ant.academie_id)
        if expert.pk == self.by.pk:
            raise forms.ValidationError(_("Vous ne pouvez pas vous demander un avis à vous-même."))
        return cleaned


class OpinionAnswerForm(RequestPageForm):
    verdict = forms.ChoiceField(
        label=_("Votre avis"),
        choices=OpinionRequest.Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Indiquez votre avis : favorable, réservé ou défavorable."),
            "invalid_choice": _("Indiquez votre avis : favorable, réservé ou défavorable."),
        },
    )
    answer = forms.CharField(
        label=_("Votre réponse"),
        help_text=_(
            "Elle est transmise au seul service de formation. Une fois envoyée, elle ne peut "
            "plus être modifiée."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Écrivez votre réponse à la question posée.")},
    )

    prefix = "answer"
    submit_label = _("Rendre l'avis")

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise forms.ValidationError(_("Écrivez votre réponse à la question posée."))
        return answer
