"""The office's queue (EAFC, ex-DAFOR): the requests of its académies with their filters,
counts per state and processing times, and one decision applied to several at once.

For the DAFOR role of the académies where the user holds it: anyone else gets a 404."""

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.submissions import AlreadySubmitted, check_not_repeated, once
from requests import queries, workflow
from requests.forms.queue import SORTS, BulkDecisionForm, QueueFilter
from requests.models import State
from requests.permissions import office_academies
from requests.workflow import TransitionError

QUEUE_PAGE_SIZE = 50
FINAL_STATES = (State.VALIDATED, State.REJECTED, State.POSTPONED)
# Medians over thousands of requests move by fractions of a day: computed at most once a
# minute per académies and filters. The counts per state beside them are always exact.
PROCESSING_TIMES_TTL = 60


def querystring(params, *drop):
    """`params` without `drop` and empty values, urlencoded (for links that keep filters)."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        if key not in drop:
            kept.setlist(key, [v for v in values if v])
    return kept.urlencode()


def _ids(values):
    """Distinct database ids from form values, or 404 for anything else."""
    try:
        ids = {int(value) for value in values if value.isascii()}
    except ValueError as error:
        raise Http404 from error
    if len(ids) != len(set(values)) or not all(0 < pk < 2**63 for pk in ids):
        raise Http404
    return ids


def queue_base(academies):
    return queries.office_queue(academies).order_by(*SORTS["priorite"])


def _processing_times(academies, filters, overview):
    """The medians over `overview` (the filtered requests, every state), kept a minute."""
    key = ":".join(
        ["ant-queue-times", get_language(), ",".join(map(str, sorted(academies))), filters]
    )
    return cache.get_or_set(
        key,
        lambda: queries.processing_times(overview, timezone.now()),
        PROCESSING_TIMES_TTL,
    )


@require_GET
def queue(request):
    academies = office_academies(request.user)
    base = queue_base(academies)
    filterset = QueueFilter(request.GET or None, base, academies=academies)
    filterset.form.is_valid()  # invalid values are left out, as django-filter does
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    current_state = cleaned.get("state") or ""
    narrowed = any(value for name, value in cleaned.items() if name not in ("state", "tri"))
    # Where things stand: the same filters, every state; the list is its current state.
    overview = filterset.qs_ignoring("state") if filterset.is_bound else base
    listed = overview.filter(state=current_state) if current_state else overview
    counts = queries.counts_by_state(overview) if narrowed else queries.state_counts(academies)
    total = sum(counts.values())
    count = counts.get(current_state, 0) if current_state else total
    page = queries.QueuePaginator(listed, QUEUE_PAGE_SIZE, count=count).get_page(
        request.GET.get("page")
    )
    without_state = request.GET.copy()
    without_state.pop("state", None)
    other_filters = querystring(without_state, "page")
    times = _processing_times(academies, other_filters, overview)
    labels = dict(State.choices)
    filters = querystring(request.GET, "page")
    context = {
        "filter": filterset,
        "page": page,
        # The 50 rows: Django's Jinja2 backend renders them in a fraction of the time.
        "rows": render_to_string(
            "requests/office/_queue_rows.html",
            {
                "rows": page.object_list,
                "select_label": _("Sélectionner"),
                "submitted_label": _("Transmise le"),
                "endorsed_label": _("Visée le"),
                # The request page's back link returns to this very list (issue 9, point 11).
                "detail_query": "?" + urlencode({"retour": querystring(request.GET)}),
                "priority_label": _("prioritaire — à programmer au 1er trimestre"),
                "unscheduled_label": _("non programmée à la fin du 1er trimestre"),
            },
            using="jinja2",
        ),
        "query_prefix": f"{filters}&" if filters else "",
        "filters": filters,
        "state_counts": [
            {
                "state": state,
                "label": label,
                "count": counts.get(state, 0),
                "current": state == current_state,
                "query": f"{other_filters}&state={state}" if other_filters else f"state={state}",
            }
            for state, label in State.choices
            if state not in queries.OFFICE_HIDDEN_STATES
        ],
        "total": total,
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
        "bulk_form": BulkDecisionForm(queryset=base.none()),
    }
    return render(request, "requests/office/queue.html", context)


@require_POST
def bulk_decision(request):
    """Apply one decision to the requests ticked in the queue and report exactly what was done.

    One refusal does not stop the others (each request is decided in a savepoint) and is
    reported with its reason. All of it is one transaction (with the form's one-time token,
    so that a double click decides once and is told so): a request interrupted half-way
    (a worker killed, the database gone) changes nothing, and the notices are queued once,
    after the commit, without waiting on a hung broker (notifications.broker)."""
    academies = office_academies(request.user)
    queue_qs = queries.office_queue(academies)
    back = reverse("requests:queue")
    filters = querystring(QueryDict(request.POST.get("retour", "")), "page")
    if filters:
        back = f"{back}?{filters}"
    picked = _ids(request.POST.getlist("requests"))
    # A request outside the office's queue (another académie's, a draft): not found.
    if queue_qs.filter(pk__in=picked).count() != len(picked):
        raise Http404
    form = BulkDecisionForm(request.POST, queryset=queue_qs)
    try:
        # A double click: the first post decided, the second is told so.
        check_not_repeated(form, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        action = form.cleaned_data["action"]
        comment = form.cleaned_data["comment"]
        done, refused = 0, []
        with once(form, user=request.user, result_url=back):
            for ant in form.cleaned_data["requests"].order_by("reference"):
                try:
                    workflow.perform(ant, action, by=request.user, comment=comment)
                except TransitionError as error:
                    refused.append(f"{ant.reference} : {error}")
                else:
                    done += 1
    except AlreadySubmitted as already:
        return already.response(request)
    text = ngettext("%(count)d demande mise à jour", "%(count)d demandes mises à jour", done) % {
        "count": done
    }
    if refused:
        text += ", " + ngettext("%(count)d refusée", "%(count)d refusées", len(refused)) % {
            "count": len(refused)
        }
        text += " : " + " ; ".join(refused)
        messages.warning(request, text)
    else:
        messages.success(request, text + ".")
    return redirect(back)
