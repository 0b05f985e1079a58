"""The office's side of ANT requests (EAFC, ex-DAFOR): the queue with its filters, counts,
processing times, exports and decisions on several requests at once; campaigns with their
catalogue themes and submission windows; the published catalogue, for everyone.

Office pages are for the DAFOR role and cover the académies where the user holds it: anyone
else gets a 404, and another académie's campaign is a 404 too. State changes go through
`workflow.perform`, carry-over through `services.carry_over_postponed`."""

import csv
import datetime
import io
from html import escape
from itertools import chain

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from crispy_forms.utils import render_crispy_form
from django.contrib import messages
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, UpdateView

from accounts.models import Academie, Role
from accounts.permissions import academie_ids
from dsfr_crispy.rendering import shared_html
from requests import queries, services, workflow
from requests.filters import SORTS, QueueFilter
from requests.forms_office import BulkDecisionForm, CampaignForm, ThemeForm, WindowForm
from requests.models import (
    STATE_BADGES,
    AntRequest,
    Campaign,
    Scale,
    State,
    SubmissionWindow,
    Theme,
)
from requests.workflow import TransitionError

QUEUE_PAGE_SIZE = 50
FINAL_STATES = (State.VALIDATED, State.REJECTED, State.POSTPONED)


def office_academies(user):
    """The académies where `user` is EAFC/DAFOR staff; a 404 for everyone else."""
    ids = academie_ids(user, Role.DAFOR)
    if not ids:
        raise Http404
    return ids


def _ids(values):
    """Distinct database ids from form values, or 404 for anything else."""
    try:
        ids = {int(value) for value in values if value.isascii()}
    except ValueError as error:
        raise Http404 from error
    if len(ids) != len(set(values)) or not all(0 < pk < 2**63 for pk in ids):
        raise Http404
    return ids


def _querystring(params, *drop):
    """`params` without `drop` and empty values, urlencoded (for links that keep filters)."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        if key not in drop:
            kept.setlist(key, [v for v in values if v])
    return kept.urlencode()


def _filter_values(filterset):
    """The filters in effect, as sorted (name, value) pairs (the form cleaned, invalid values
    left out), a window with what it stands for (its dates may change); () for none."""
    if filterset is None or not filterset.is_bound:
        return ()
    filterset.form.is_valid()
    values = []
    for name, value in sorted(filterset.form.cleaned_data.items()):
        if value not in (None, ""):
            if name == "window":
                value = (value, filterset.choices["windows"][value])
            values.append((name, value))
    return tuple(values)


def _asks_for_filters(params):
    """Whether the query string asks for more than a page of the queue as it opens."""
    return any(value for key, values in params.lists() if key != "page" for value in values)


def _queue_base(academies):
    return queries.office_queue(academies).order_by(*SORTS["priorite"])


def _filtered_queue(request, academies):
    return QueueFilter(request.GET, _queue_base(academies), academies=academies)


# Medians over thousands of requests move by fractions of a day: computed at most once a
# minute per académie and filters. The counts per state beside them are always exact.
PROCESSING_TIMES_TTL = 60


def _processing_times(academies, params, overview):
    """The medians and their section of the page, (times, html), kept a minute; `overview()`
    gives the requests they are over."""
    key = f"ant-times:{get_language()}:" + ",".join(map(str, sorted(academies)))
    key += ":" + _querystring(params, "page")
    found = caches["local"].get(key)
    if found is None:
        times = queries.processing_times(overview(), timezone.now())
        labels = dict(State.choices)
        html = render_to_string(
            "requests/office/_times.html",
            {
                "times": times,
                "decision_rows": [
                    (labels[state], *times["decision_by_state"][state])
                    for state in FINAL_STATES
                    if state in times["decision_by_state"]
                ],
                "waiting_rows": [
                    (labels[state], *times["waiting_by_state"][state])
                    for state, _label in State.choices
                    if state in times["waiting_by_state"]
                ],
            },
        )
        found = (times, html)
        caches["local"].set(key, found, PROCESSING_TIMES_TTL)
    return found


# The filter form depends only on the académies' themes, districts and windows and on the
# query string: its HTML is shared for a minute (it holds nothing about the user).
FILTER_FORM_TTL = 60


def _filter_form_html(academies, params, form):
    """The filter form's HTML; `form()` builds the form when it is not in the cache."""
    key = f"ant-filters:{get_language()}:" + ",".join(map(str, sorted(academies)))
    key += ":" + params.urlencode()
    html = caches["local"].get(key)
    if html is None:
        html = render_crispy_form(form())
        caches["local"].set(key, html, FILTER_FORM_TTL)
    return html


class _QueuePaginator(Paginator):
    """The queue's paginator. It is told its count (the counts per state give it) and reads a
    page's rows (dicts of `QUEUE_ROW_FIELDS`) with SQL compiled once per `key` and page
    (queries.fetch_compiled) from `listed()`, the filtered queryset, built only then. A far
    page finds its ids before joining schools and themes, not to join the rows it skips."""

    # Up to this offset, a plain LIMIT reads fewer rows than finding the ids first.
    DIRECT_UNTIL = 250

    def __init__(self, listed, per_page, *, count, key):
        super().__init__((), per_page)
        self.listed, self.key, self._known_count = listed, key, count

    @property
    def count(self):
        return self._known_count

    def _rows(self, bottom):
        listed = self.listed()
        if bottom < self.DIRECT_UNTIL:
            rows = listed.values(*QUEUE_ROW_FIELDS, **QUEUE_ROW_DAYS)
            return rows[bottom : bottom + self.per_page]
        ids = listed[bottom : bottom + self.per_page].values("pk")
        return listed.filter(pk__in=ids).values(*QUEUE_ROW_FIELDS, **QUEUE_ROW_DAYS)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = queries.fetch_compiled((*self.key, bottom), lambda: self._rows(bottom))
        for row in rows:
            # SQLite gives the local dates as text.
            for name in QUEUE_ROW_DAYS:
                if isinstance(row[name], str):
                    row[name] = datetime.date.fromisoformat(row[name])
        return self._get_page(rows, number, self)


QUEUE_ROW_FIELDS = (
    "pk",
    "reference",
    "title",
    "coordinating_school__name",
    "theme__title",
    "own_theme",
    "scale",
    "state",
    "priority",
)
# Local dates, computed by the database in the current time zone.
QUEUE_ROW_DAYS = {
    "submitted_day": TruncDate("submitted_at"),
    "endorsed_day": TruncDate("endorsed_at"),
}

# One row of the queue. The 50 rows are built here rather than in the template: Django's
# template engine spends about 4 µs per variable, and 50 rows of a dozen cells were a third
# of the page's time.
QUEUE_ROW = (
    '<tr data-reference="{reference}"><td><div class="fr-checkbox-group fr-checkbox-group--sm">'
    '<input type="checkbox" id="choix-{pk}" name="requests" value="{pk}">'
    '<label class="fr-label" for="choix-{pk}">{select}<span class="fr-sr-only"> {reference}'
    "</span></label></div></td>"
    '<td><a href="{url}">{reference}</a></td><td>{title}</td><td>{school}</td>'
    "<td>{theme}</td><td>{scale}</td>"
    '<td><span class="fr-badge fr-badge--sm {badge}">{state}</span>{priority}</td>'
    "<td>{submitted}</td><td>{endorsed}</td></tr>"
)


def _day(value):
    return value.strftime("%d/%m/%Y") if value else "—"


def _queue_rows_html(rows):
    """The table's rows for the page's values (`QUEUE_ROW_FIELDS`). Every text is escaped
    with the standard library's `html.escape` (what Django's `escape` does, without its lazy
    string checks, which cost more than the rest of the row)."""
    states = {value: escape(str(label)) for value, label in State.choices}
    scales = {value: escape(str(label)) for value, label in Scale.choices}
    # reverse() once: every request's URL differs only by its id.
    url = reverse("requests:detail", args=[0]).removesuffix("0/") + "{}/"
    select = escape(_("Sélectionner"))
    priority = (
        ' <span class="fr-badge fr-badge--sm fr-badge--warning fr-badge--no-icon">'
        f"{escape(_('Prioritaire (report)'))}</span>"
    )
    return mark_safe(
        "".join(
            QUEUE_ROW.format(
                pk=row["pk"],
                reference=escape(row["reference"]),
                url=url.format(row["pk"]),
                select=select,
                title=escape(row["title"]),
                school=escape(row["coordinating_school__name"]),
                theme=escape(row["theme__title"] or row["own_theme"] or "—"),
                scale=scales.get(row["scale"], ""),
                state=states.get(row["state"], ""),
                badge=STATE_BADGES.get(row["state"], ""),
                priority=priority if row["priority"] else "",
                submitted=_day(row["submitted_day"]),
                endorsed=_day(row["endorsed_day"]),
            )
            for row in rows
        )
    )


STATE_ROW = (
    '<tr data-state="{state}"><th scope="row"><a href="?{query}"{current}>{label}</a></th>'
    '<td class="count">{count}</td></tr>'
)


def _state_rows_html(state_counts):
    """The counts table's rows (exact on every view, so built each time, as the queue's)."""
    return mark_safe(
        "".join(
            STATE_ROW.format(
                state=row["state"],
                query=escape(row["query"]),
                current=' aria-current="true"' if row["current"] else "",
                label=escape(str(row["label"])),
                count=row["count"],
            )
            for row in state_counts
        )
    )


def _bulk_fields_html():
    """The bulk decision's two fields: the same for every page of every office user."""

    def build():
        form = BulkDecisionForm(queryset=AntRequest.objects.none())
        return as_crispy_field(form["action"]), as_crispy_field(form["comment"])

    return shared_html(("requests:bulk-decision",), build)


# The queue ---------------------------------------------------------------------------------
@require_GET
def queue(request):
    academies = office_academies(request.user)
    base = _queue_base(academies)
    # The queue as it opens (or one of its pages) has nothing to validate.
    filterset = (
        QueueFilter(request.GET, base, academies=academies)
        if _asks_for_filters(request.GET)
        else None
    )
    values = _filter_values(filterset)
    current_state = dict(values).get("state", "")
    narrowed = any(name not in ("state", "tri") for name, _value in values)

    def overview():
        # Where things stand: the same filters, every state; the list is its current state.
        return filterset.qs_ignoring("state") if filterset else base

    def listed():
        return overview().filter(state=current_state) if current_state else overview()

    # What the SQL depends on: the académies and the filters' values (queries.fetch_compiled).
    key = (tuple(sorted(academies)), values)
    if narrowed:
        rows = queries.fetch_compiled(("counts", *key), lambda: queries.count_query(overview()))
        counts = {row["state"]: row["n"] for row in rows}
    else:
        counts = queries.state_counts(academies)
    total = sum(counts.values())
    count = counts.get(current_state, 0) if current_state else total
    page = _QueuePaginator(listed, QUEUE_PAGE_SIZE, count=count, key=("rows", *key)).get_page(
        request.GET.get("page")
    )
    without_state = request.GET.copy()
    without_state.pop("state", None)
    times, times_html = _processing_times(academies, without_state, overview)
    filters = _querystring(request.GET, "page")
    other_filters = _querystring(without_state, "page")
    state_counts = [
        {
            "state": state,
            "label": label,
            "count": counts.get(state, 0),
            "current": state == current_state,
            "query": f"{other_filters}&state={state}" if other_filters else f"state={state}",
        }
        for state, label in State.choices
        if state != State.DRAFT
    ]
    action_field, comment_field = _bulk_fields_html()
    context = {
        "filter": filterset,
        "filter_form": _filter_form_html(
            academies,
            request.GET,
            lambda: (filterset or QueueFilter(None, base, academies=academies)).form,
        ),
        "page": page,
        "rows": _queue_rows_html(page.object_list),
        "query_prefix": f"{filters}&" if filters else "",
        "filters": filters,
        "state_counts": state_counts,
        "state_rows": _state_rows_html(state_counts),
        "total": total,
        "times": times,
        "times_html": times_html,
        "bulk_action_field": action_field,
        "bulk_comment_field": comment_field,
    }
    return render(request, "requests/office/queue.html", context)


EXPORT_HEADERS = [
    _("Référence"),
    _("Intitulé du projet"),
    _("Campagne"),
    _("État"),
    _("Prioritaire (report)"),
    _("Échelle"),
    _("Établissement coordonnateur"),
    _("UAI"),
    _("District"),
    _("Thématique"),
    _("Coordonnateur"),
    _("Personnels concernés"),
    _("Transmise le"),
    _("Visée le"),
    _("Décidée le"),
]


def _local_date(value):
    return timezone.localtime(value).date() if value else None


def _export_rows(queryset):
    """One list per request, dates as `date` objects; streamed from the database."""
    for ant in queryset.select_related("coordinator").iterator(chunk_size=500):
        yield [
            ant.reference,
            ant.title,
            ant.campaign.school_year,
            ant.get_state_display(),
            _("oui") if ant.priority else _("non"),
            ant.get_scale_display(),
            ant.coordinating_school.name,
            ant.coordinating_school.uai,
            ant.district.name if ant.district_id else "",
            ant.theme_label,
            ant.coordinator.full_name,
            ant.public_count,
            _local_date(ant.submitted_at),
            _local_date(ant.endorsed_at),
            _local_date(ant.decided_at),
        ]


class _Echo:
    def write(self, value):
        return value


def _csv_stream(queryset):
    writer = csv.writer(_Echo(), delimiter=";")
    # The BOM lets spreadsheet software read the file as UTF-8.
    yield "\ufeff" + writer.writerow([str(h) for h in EXPORT_HEADERS])
    for row in _export_rows(queryset):
        yield writer.writerow(
            [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in row]
        )


@require_GET
def queue_export(request, fmt):
    academies = office_academies(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    queryset = _filtered_queue(request, academies).qs
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_stream(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="demandes-ant-{stamp}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Demandes d'ANT"))
    sheet.append([str(h) for h in EXPORT_HEADERS])
    for row in _export_rows(queryset):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="demandes-ant-{stamp}.xlsx"'
    return response


@require_POST
def bulk_decision(request):
    """Apply one decision to the requests ticked in the queue, each in its own transaction:
    one refusal does not stop the others, and is reported with its reason."""
    academies = office_academies(request.user)
    queue_qs = queries.office_queue(academies)
    back = reverse("requests:queue")
    filters = _querystring(QueryDict(request.POST.get("retour", "")), "page")
    if filters:
        back = f"{back}?{filters}"
    picked = _ids(request.POST.getlist("requests"))
    # A request outside the office's queue (another académie's, a draft): not found.
    if queue_qs.filter(pk__in=picked).count() != len(picked):
        raise Http404
    form = BulkDecisionForm(request.POST, queryset=queue_qs)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    action = form.cleaned_data["action"]
    comment = form.cleaned_data["comment"]
    done, refused = 0, []
    for ant in form.cleaned_data["requests"].order_by("reference"):
        try:
            workflow.perform(ant, action, by=request.user, comment=comment)
        except TransitionError as error:
            refused.append(f"{ant.reference} : {error}")
        else:
            done += 1
    text = ngettext("%(count)d demande mise à jour", "%(count)d demandes mises à jour", done) % {
        "count": done
    }
    if refused:
        text += ", " + ngettext("%(count)d refusée", "%(count)d refusées", len(refused)) % {
            "count": len(refused)
        }
        text += " : " + " ; ".join(refused)
        messages.warning(request, text)
    else:
        messages.success(request, text + ".")
    return redirect(back)


# Campaigns, themes, windows ----------------------------------------------------------------
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


HISTORY_KINDS = {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}


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
    counts = queries.counts_by_state(campaign.requests.exclude(state=State.DRAFT))
    previous = queries.previous_campaign(campaign)
    to_carry = (
        previous.requests.filter(state=State.POSTPONED, carried_over_to__isnull=True).count()
        if previous
        else 0
    )
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
            _("Aucune campagne de l'année scolaire précédente dans l'académie : rien à reporter."),
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


class CampaignCreateView(_CampaignFormView, CreateView):
    page_title = _("Nouvelle campagne")
    success_text = _("La campagne est enregistrée.")

    def back_url(self):
        return reverse("requests:campaigns")


class CampaignEditView(_CampaignFormView, UpdateView):
    page_title = _("Modifier la campagne")
    success_text = _("La campagne est modifiée.")

    def get_queryset(self):
        return Campaign.objects.filter(academie_id__in=self.academies)

    def back_url(self):
        return self.object.get_absolute_url()


class _CampaignPartCreate(OfficeFormView, CreateView):
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
    page_title = _("Nouvelle thématique du catalogue")
    success_text = _("La thématique est ajoutée au catalogue.")


class ThemeEditView(_CampaignPartEdit):
    model = Theme
    form_class = ThemeForm
    page_title = _("Modifier la thématique")
    success_text = _("La thématique est modifiée.")


class WindowCreateView(_CampaignPartCreate):
    form_class = WindowForm
    page_title = _("Nouvelle fenêtre de dépôt")
    success_text = _("La fenêtre de dépôt est enregistrée.")


class WindowEditView(_CampaignPartEdit):
    model = SubmissionWindow
    form_class = WindowForm
    page_title = _("Modifier la fenêtre de dépôt")
    success_text = _("La fenêtre de dépôt est modifiée.")


# The catalogue, for everyone of the académie -----------------------------------------------
@require_GET
def catalogue(request):
    today = timezone.localdate()
    office = academie_ids(request.user, Role.DAFOR)
    campaigns_ = list(queries.catalogue_campaigns(request.user, today))
    for campaign in campaigns_:
        themes = list(campaign.themes.all())
        campaign.transversal = [t for t in themes if t.kind == Theme.Kind.TRANSVERSAL]
        campaign.disciplinary = [t for t in themes if t.kind == Theme.Kind.DISCIPLINAIRE]
        campaign.is_published = campaign.published_on <= today
        campaign.may_manage = campaign.academie_id in office
    return render(request, "requests/office/catalogue.html", {"campaigns": campaigns_})


urlpatterns = [
    path("bureau/demandes/", queue, name="queue"),
    path("bureau/demandes/export.<str:fmt>/", queue_export, name="queue_export"),
    path("bureau/demandes/decision/", bulk_decision, name="bulk_decision"),
    path("bureau/campagnes/", campaigns, name="campaigns"),
    path("bureau/campagnes/nouvelle/", CampaignCreateView.as_view(), name="campaign_create"),
    path("bureau/campagnes/<int:pk>/", campaign_detail, name="campaign_detail"),
    path("bureau/campagnes/<int:pk>/modifier/", CampaignEditView.as_view(), name="campaign_edit"),
    path(
        "bureau/campagnes/<int:pk>/thematiques/nouvelle/",
        ThemeCreateView.as_view(),
        name="theme_create",
    ),
    path("bureau/thematiques/<int:pk>/", ThemeEditView.as_view(), name="theme_edit"),
    path(
        "bureau/campagnes/<int:pk>/fenetres/nouvelle/",
        WindowCreateView.as_view(),
        name="window_create",
    ),
    path("bureau/fenetres/<int:pk>/", WindowEditView.as_view(), name="window_edit"),
    path("bureau/campagnes/<int:pk>/reports/", carry_over, name="carry_over"),
    path("catalogue/", catalogue, name="catalogue"),
]
