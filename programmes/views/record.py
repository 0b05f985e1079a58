"""The training record (issue 10, point 5): a teacher's own page, the staff's table of the
teachers in their scope (school, district, circonscription, académie) with its export, a
teacher's record seen by staff, their service share, and the académie's rules of the
animations pédagogiques hours. Anyone outside a page's scope gets a 404."""

import tempfile
from itertools import chain

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import CreateView, UpdateView

from accounts.models import Academie, Etablissement
from accounts.permissions import academie_ids
from accounts.submissions import AlreadySubmitted, SubmitOnceMixin, check_not_repeated, once
from exports import writers
from programmes import exports, record
from programmes.forms.record import (
    AnimationHoursRuleForm,
    SchoolYearForm,
    ServiceShareForm,
    StaffRecordFilter,
)
from programmes.models import AnimationHoursRule, ServiceShare

PAGE_SIZE = 50
HISTORY_KINDS = {
    "+": gettext_lazy("Création"),
    "~": gettext_lazy("Modification"),
    "-": gettext_lazy("Suppression"),
}


def _history(querysets, limit=10):
    """The last changes of `querysets` (historical records): who, when, what changed."""
    records = chain.from_iterable(
        qs.select_related("history_user").order_by("-history_date")[:limit] for qs in querysets
    )
    latest = sorted(records, key=lambda r: r.history_date, reverse=True)[:limit]
    entries = []
    for entry in latest:
        changed = []
        if entry.history_type == "~" and entry.prev_record is not None:
            delta = entry.diff_against(entry.prev_record)
            fields = entry.instance._meta
            changed = [str(fields.get_field(c.field).verbose_name) for c in delta.changes]
        entries.append(
            {
                "object": str(entry.instance),
                "kind": HISTORY_KINDS.get(entry.history_type, ""),
                "who": entry.history_user,
                "when": entry.history_date,
                "changed": changed,
            }
        )
    return entries


def querystring(params, *drop):
    """`params` without `drop` and empty values, urlencoded (for links that keep filters)."""
    kept = QueryDict(mutable=True)
    for key, values in params.lists():
        if key not in drop:
            kept.setlist(key, [v for v in values if v])
    return kept.urlencode()


# A teacher's own record ----------------------------------------------------------------------
@require_GET
def my_record(request):
    years = SchoolYearForm(request.GET or None)
    school_year = years.school_year
    rec = record.own_record(request.user, school_year)
    start, end = record.school_year_bounds(school_year)
    return render(
        request,
        "programmes/record/mine.html",
        {
            "years": years,
            "school_year": school_year,
            "start": start,
            "end": end,
            "rec": rec,
            "own": True,
        },
    )


# Staff ---------------------------------------------------------------------------------------
@require_GET
def staff_table(request):
    scope = record.memberships_in_scope(request.user)  # 404 for non-staff
    filters = StaffRecordFilter(request.GET or None, memberships=scope)
    school_year = filters.school_year
    memberships = (
        filters.apply(scope)
        .select_related("user", "etablissement")
        .order_by("user__full_name", "etablissement__name", "pk")
    )
    if filters.short_only:
        # Who is short is known once their hours are: every teacher of the filters is read
        # (still one call of each source), the short ones paginated.
        rows = [r for r in record.records_for(memberships, school_year) if r.short]
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        records = page.object_list
    else:
        page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
        records = record.records_for(page.object_list, school_year)
    filters_query = querystring(request.GET, "page")
    return render(
        request,
        "programmes/record/staff.html",
        {
            "filters": filters,
            "school_year": school_year,
            "page": page,
            "records": records,
            # The rows: Django's Jinja2 backend renders them in a fraction of the time.
            "rows": render_to_string(
                "programmes/record/_staff_rows.html",
                {
                    "records": records,
                    "school_year": school_year,
                    "labels": {
                        "online": _("dont %(hours)s à distance"),
                        "met": _("Remplie"),
                        "short": _("Heures manquantes"),
                        "no_obligation": _("Pas d'obligation d'heures"),
                    },
                },
                using="jinja2",
            ),
            "query_prefix": f"{filters_query}&" if filters_query else "",
            "filters_query": filters_query,
            "is_office": record.is_office(request.user),
        },
    )


@require_GET
def staff_export(request, fmt):
    if fmt not in exports.RECORD_FORMATS:
        raise Http404
    memberships, school_year, short_only = exports.record_memberships(request.user, request.GET)
    total = memberships.count()
    if total > settings.EXPORT_SYNC_MAX_ROWS:
        export = exports.start_record_export(
            owner=request.user, fmt=fmt, params=request.GET, rows_total=total
        )
        return redirect(export)
    disposition = content_disposition_header(
        True, exports.record_filename(fmt, school_year, timezone.localdate())
    )
    rows = exports.record_rows(memberships, school_year, short_only, fmt)
    if fmt == "csv":
        return StreamingHttpResponse(
            writers.csv_lines(exports.RECORD_HEADERS, rows),
            content_type=writers.CONTENT_TYPES["csv"],
            headers={"Content-Disposition": disposition},
        )
    with tempfile.TemporaryFile() as out:
        exports.write_record(out, fmt, rows)
        out.seek(0)
        content = out.read()
    return HttpResponse(
        content,
        content_type=writers.CONTENT_TYPES["xlsx"],
        headers={"Content-Disposition": disposition},
    )


@require_GET
def teacher_record(request, user_id):
    membership = record.teacher_membership_or_404(request.user, user_id)
    years = SchoolYearForm(request.GET or None)
    school_year = years.school_year
    rec = record.records_for([membership], school_year)[0]
    start, end = record.school_year_bounds(school_year)
    may_set_share = _may_set_share(request.user, user_id)
    context = {
        "years": years,
        "school_year": school_year,
        "start": start,
        "end": end,
        "rec": rec,
        "own": False,
        "teacher": membership.user,
    }
    if may_set_share:
        context["share_form"] = ServiceShareForm(
            school_year=school_year,
            action=reverse("programmes:record_share", args=[user_id]),
        )
        context["history"] = _history([ServiceShare.history.filter(user_id=user_id)], limit=5)
    return render(request, "programmes/record/teacher.html", context)


def _may_set_share(user, teacher_id):
    try:
        record.teacher_membership_or_404(user, teacher_id, roles=record.SHARE_ROLES)
    except Http404:
        return False
    return True


@require_POST
def set_share(request, user_id):
    """Record the teacher's service share for a school year (over the year's earlier one)."""
    membership = record.teacher_membership_or_404(request.user, user_id, roles=record.SHARE_ROLES)
    teacher = membership.user
    form = ServiceShareForm(
        request.POST, action=reverse("programmes:record_share", args=[teacher.pk])
    )
    back = reverse("programmes:record_teacher", args=[teacher.pk])
    try:
        check_not_repeated(form, user=request.user)
        if not form.is_valid():
            rec = record.records_for([membership], record.current_school_year())[0]
            years = SchoolYearForm()
            start, end = record.school_year_bounds(years.school_year)
            return render(
                request,
                "programmes/record/teacher.html",
                {
                    "years": years,
                    "school_year": years.school_year,
                    "start": start,
                    "end": end,
                    "rec": rec,
                    "own": False,
                    "teacher": teacher,
                    "share_form": form,
                    "history": _history([ServiceShare.history.filter(user_id=user_id)], limit=5),
                },
                status=200,
            )
        year = form.cleaned_data["school_year"]
        result = f"{back}?annee={year}"
        with once(form, user=request.user, result_url=result):
            ServiceShare.objects.update_or_create(
                user=teacher, school_year=year, defaults={"share": form.cleaned_data["share"]}
            )
    except AlreadySubmitted as already:
        return already.response(request)
    messages.success(
        request,
        _("Quotité de service de %(name)s pour %(year)s enregistrée.")
        % {"name": teacher.full_name, "year": year},
    )
    return redirect(result)


# The académie's rules ------------------------------------------------------------------------
def _office_academies(user):
    ids = academie_ids(user, *record.OFFICE_ROLES)
    if not ids:
        raise Http404
    return ids


def _departements(academies):
    """{académie id: [département, …]} from the académies' schools."""
    found = {}
    rows = (
        Etablissement.objects.filter(academie_id__in=academies)
        .exclude(departement="")
        .values_list("academie_id", "departement")
        .distinct()
    )
    for academie_id, departement in rows:
        found.setdefault(academie_id, []).append(departement)
    return found


@require_GET
def rules(request):
    academies = _office_academies(request.user)
    listed = AnimationHoursRule.objects.filter(academie_id__in=academies).select_related("academie")
    return render(
        request,
        "programmes/record/rules.html",
        {
            "rules": listed,
            "default_total": record.DEFAULT_TOTAL_HOURS,
            "default_online": record.DEFAULT_ONLINE_MIN_HOURS,
            "history": _history([AnimationHoursRule.history.filter(academie_id__in=academies)]),
        },
    )


class _RuleFormView:
    template_name = "programmes/record/rule_form.html"
    form_class = AnimationHoursRuleForm
    page_title = ""
    success_text = ""

    def dispatch(self, request, *args, **kwargs):
        self.academies = _office_academies(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "academies": Academie.objects.filter(pk__in=self.academies),
            "departements": _departements(self.academies),
        }

    def get_success_url(self):
        return reverse("programmes:record_rules")

    def form_valid(self, form):
        with transaction.atomic():  # the row and its history row, or neither
            response = super().form_valid(form)
        messages.success(self.request, self.success_text)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        return context


class RuleCreateView(SubmitOnceMixin, _RuleFormView, CreateView):
    page_title = gettext_lazy("Nouvelle règle des animations pédagogiques")
    success_text = gettext_lazy("La règle est enregistrée.")


class RuleEditView(_RuleFormView, UpdateView):
    page_title = gettext_lazy("Modifier la règle des animations pédagogiques")
    success_text = gettext_lazy("La règle est modifiée.")

    def get_queryset(self):
        return AnimationHoursRule.objects.filter(academie_id__in=self.academies)


rule_create = RuleCreateView.as_view()
rule_edit = RuleEditView.as_view()
