"""The office's campaigns (EAFC, ex-DAFOR): each campaign with its catalogue themes and
submission windows, their history, and the carry-over of the requests postponed the year
before. Another académie's campaign is a 404."""

from itertools import chain

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, UpdateView

from accounts.models import Academie
from accounts.submissions import SubmitOnceMixin
from requests import queries, services
from requests.forms.campaigns import CampaignForm, ThemeForm, WindowForm
from requests.models import Campaign, State, SubmissionWindow, Theme
from requests.permissions import office_academies


def _office_campaign(user, pk):
    return get_object_or_404(
        Campaign.objects.filter(academie_id__in=office_academies(user)).select_related("academie"),
        pk=pk,
    )


@require_GET
def campaigns(request):
    academies = office_academies(request.user)
    return render(
        request,
        "requests/office/campaigns.html",
        {"campaigns": queries.office_campaigns(academies)},
    )


HISTORY_KINDS = {
    "+": gettext_lazy("Création"),
    "~": gettext_lazy("Modification"),
    "-": gettext_lazy("Suppression"),
}


def _history(campaign, limit=10):
    """The last changes of the campaign, its windows and its themes: who, when, what."""
    sources = [
        (_("Campagne"), Campaign.history.filter(id=campaign.pk)),
        (_("Fenêtre de dépôt"), SubmissionWindow.history.filter(campaign_id=campaign.pk)),
        (_("Thématique"), Theme.history.filter(campaign_id=campaign.pk)),
    ]
    records = chain.from_iterable(
        [(label, r) for r in qs.select_related("history_user").order_by("-history_date")[:limit]]
        for label, qs in sources
    )
    latest = sorted(records, key=lambda pair: pair[1].history_date, reverse=True)[:limit]
    entries = []
    for label, record in latest:
        changed = []
        if record.history_type == "~" and record.prev_record is not None:
            delta = record.diff_against(record.prev_record)
            fields = record.instance._meta
            changed = [str(fields.get_field(c.field).verbose_name) for c in delta.changes]
        entries.append(
            {
                "what": label,
                "object": str(record.instance),
                "kind": HISTORY_KINDS.get(record.history_type, ""),
                "who": record.history_user,
                "when": record.history_date,
                "changed": changed,
            }
        )
    return entries


@require_GET
def campaign_detail(request, pk):
    campaign = _office_campaign(request.user, pk)
    themes = list(campaign.themes.order_by("title", "pk"))
    counts = queries.counts_by_state(queries.reached_office(campaign.requests.all()))
    previous = queries.previous_campaign(campaign)
    to_carry = queries.to_carry_over(previous).count() if previous else 0
    context = {
        "campaign": campaign,
        "is_published": campaign.published_on <= timezone.localdate(),
        "windows": list(campaign.windows.order_by("opens_on", "pk")),
        "transversal": [t for t in themes if t.kind == Theme.Kind.TRANSVERSAL],
        "disciplinary": [t for t in themes if t.kind == Theme.Kind.DISCIPLINAIRE],
        "counts": [(label, counts[state]) for state, label in State.choices if counts.get(state)],
        "total": sum(counts.values()),
        "previous": previous,
        "to_carry": to_carry,
        "history": _history(campaign),
    }
    return render(request, "requests/office/campaign_detail.html", context)


@require_POST
def carry_over(request, pk):
    campaign = _office_campaign(request.user, pk)
    previous = queries.previous_campaign(campaign)
    if previous is None:
        messages.error(
            request,
            _("Aucune campagne de l'année scolaire précédente dans l'académie : rien à reporter."),
        )
        return redirect(campaign)
    created = services.carry_over_postponed(
        from_campaign=previous, to_campaign=campaign, by=request.user
    )
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)d demande reportée de la campagne %(year)s a été reprise, prioritaire.",
                "%(count)d demandes reportées de la campagne %(year)s ont été reprises, "
                "prioritaires.",
                len(created),
            )
            % {"count": len(created), "year": previous.school_year},
        )
    else:
        messages.info(
            request,
            _("Aucune demande reportée de la campagne %(year)s ne restait à reprendre.")
            % {"year": previous.school_year},
        )
    return redirect(campaign)


class OfficeFormView:
    """Create/edit pages of the office: the académies are checked before anything else."""

    template_name = "requests/office/form.html"
    page_title = ""
    success_text = ""

    def dispatch(self, request, *args, **kwargs):
        self.academies = office_academies(request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():  # the row and its history row, or neither
            response = super().form_valid(form)
        messages.success(self.request, self.success_text)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        context["back_url"] = self.back_url()
        return context


class _CampaignFormView(OfficeFormView):
    form_class = CampaignForm

    def get_form_kwargs(self):
        academies = Academie.objects.filter(pk__in=self.academies)
        return {**super().get_form_kwargs(), "academies": academies}


class CampaignCreateView(SubmitOnceMixin, _CampaignFormView, CreateView):
    page_title = gettext_lazy("Nouvelle campagne")
    success_text = gettext_lazy("La campagne est enregistrée.")

    def back_url(self):
        return reverse("requests:campaigns")


class CampaignEditView(_CampaignFormView, UpdateView):
    page_title = gettext_lazy("Modifier la campagne")
    success_text = gettext_lazy("La campagne est modifiée.")

    def get_queryset(self):
        return Campaign.objects.filter(academie_id__in=self.academies)

    def back_url(self):
        return self.object.get_absolute_url()


class _CampaignPartCreate(SubmitOnceMixin, OfficeFormView, CreateView):
    def dispatch(self, request, *args, **kwargs):
        self.campaign = _office_campaign(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "campaign": self.campaign}

    def get_success_url(self):
        return self.campaign.get_absolute_url()

    def back_url(self):
        return self.campaign.get_absolute_url()


class _CampaignPartEdit(OfficeFormView, UpdateView):
    def get_queryset(self):
        return self.model.objects.filter(campaign__academie_id__in=self.academies).select_related(
            "campaign"
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "campaign": self.object.campaign}

    def get_success_url(self):
        return self.object.campaign.get_absolute_url()

    def back_url(self):
        return self.object.campaign.get_absolute_url()


class ThemeCreateView(_CampaignPartCreate):
    form_class = ThemeForm
    page_title = gettext_lazy("Nouvelle thématique du catalogue")
    success_text = gettext_lazy("La thématique est ajoutée au catalogue.")


class ThemeEditView(_CampaignPartEdit):
    model = Theme
    form_class = ThemeForm
    page_title = gettext_lazy("Modifier la thématique")
    success_text = gettext_lazy("La thématique est modifiée.")


class WindowCreateView(_CampaignPartCreate):
    form_class = WindowForm
    page_title = gettext_lazy("Nouvelle fenêtre de dépôt")
    success_text = gettext_lazy("La fenêtre de dépôt est enregistrée.")


class WindowEditView(_CampaignPartEdit):
    model = SubmissionWindow
    form_class = WindowForm
    page_title = gettext_lazy("Modifier la fenêtre de dépôt")
    success_text = gettext_lazy("La fenêtre de dépôt est modifiée.")
