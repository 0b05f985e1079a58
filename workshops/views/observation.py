"""Observation requests onto workshops (issue 11, point 5): the brigade programme's staff see
the pending requests with the upcoming workshops and their observer places, accept a request
onto one workshop or decline it. Anyone not on the programme's staff gets a 404."""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dsfr_crispy.layout import Submit
from programmes.brigade import BrigadeError, decline_observation
from programmes.permissions import observation_or_404
from workshops import observation as services
from workshops import permissions


class AcceptForWorkshopForm(forms.Form):
    """« Accepter pour cet atelier »: the workshop, among those still open to observers."""

    session = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": gettext_lazy("Choisissez l'atelier."),
            "invalid_choice": gettext_lazy(
                "Cet atelier n'accueille pas d'observateur\u00a0: choisissez un atelier à venir."
            ),
        },
    )

    def __init__(self, *args, brigade, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = services.upcoming_workshops(brigade)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motif du refus"),
        help_text=gettext_lazy("La personne le lira dans le message qui l'informe."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        error_messages={"required": gettext_lazy("Indiquez le motif du refus.")},
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(
            Submit("submit", _("Décliner"), secondary=True, css_id=f"{self.prefix}-decline")
        )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Indiquez le motif du refus."))
        return reason


def _page_url(brigade):
    return reverse("workshops:observations", args=[brigade.programme.slug])


def _decline_url(brigade, pk):
    return reverse("workshops:observation_decline", args=[brigade.programme.slug, pk])


def _render(request, brigade, bound=None):
    pending = services.pending_with_workshops(brigade)
    for observation in pending:
        observation.decline_form = (
            bound
            if bound is not None and bound.prefix == f"o{observation.pk}"
            else DeclineForm(
                prefix=f"o{observation.pk}", action=_decline_url(brigade, observation.pk)
            )
        )
    return render(
        request,
        "workshops/observation/list.html",
        {"brigade": brigade, "programme": brigade.programme, "pending": pending},
    )


@require_GET
def observations(request, slug):
    return _render(request, permissions.brigade_for_staff_or_404(request.user, slug))


@require_POST
def accept(request, slug, pk):
    brigade = permissions.brigade_for_staff_or_404(request.user, slug)
    observation = observation_or_404(brigade, pk)
    form = AcceptForWorkshopForm(request.POST, brigade=brigade)
    if not form.is_valid():
        for error in form.errors.get("session", []):
            messages.error(request, error)
        return redirect(_page_url(brigade))
    try:
        participant = services.accept_for_workshop(
            observation=observation, session=form.cleaned_data["session"], by=request.user
        )
    except (services.ObservationError, BrigadeError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s est convoqué ou convoquée à l'atelier «\u00a0%(title)s\u00a0».")
            % {"name": observation.requester.full_name, "title": participant.session.title},
        )
    return redirect(_page_url(brigade))


@require_POST
def decline(request, slug, pk):
    brigade = permissions.brigade_for_staff_or_404(request.user, slug)
    observation = observation_or_404(brigade, pk)
    form = DeclineForm(
        request.POST, prefix=f"o{observation.pk}", action=_decline_url(brigade, observation.pk)
    )
    if not form.is_valid():
        return _render(request, brigade, bound=form)
    try:
        decline_observation(
            observation=observation, reason=form.cleaned_data["reason"], by=request.user
        )
    except BrigadeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Demande d'observation déclinée pour %(name)s.")
            % {"name": observation.requester.full_name},
        )
    return redirect(_page_url(brigade))
