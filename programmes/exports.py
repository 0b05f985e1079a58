"""What the programmes produce as files: the teachers' training record table (CSV, XLSX), with
the producer that builds it in the background (exports/registry.py).

The rows are read again in the worker with the owner's rights of that moment: an owner who
lost their staff role makes the export fail, never leak; a teacher who left their scope is
no longer in it."""

from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Corps
from exports import registry, writers
from exports.services import start_export
from programmes import record

RECORD_KIND = "training_record"
RECORD_FORMATS = ("csv", "xlsx")
# Teachers whose records are computed at once (one call of every source per batch).
BATCH = 500

RECORD_HEADERS = [
    gettext_lazy("Enseignant"),
    gettext_lazy("Corps"),
    gettext_lazy("Établissement"),
    gettext_lazy("UAI"),
    gettext_lazy("Département"),
    gettext_lazy("Année scolaire"),
    gettext_lazy("Quotité de service (%)"),
    gettext_lazy("Heures dues"),
    gettext_lazy("dont à distance au moins"),
    gettext_lazy("Heures d'animation pédagogique faites"),
    gettext_lazy("dont à distance"),
    gettext_lazy("Obligation remplie"),
    gettext_lazy("Heures manquantes"),
    gettext_lazy("dont à distance (manquantes)"),
    gettext_lazy("Heures de formation suivies (toutes)"),
]


def record_memberships(user, params):
    """The teachers' memberships of the staff table for `user` with the filters of `params`
    (a QueryDict), in the table's order, and the school year. Http404 if `user` is not staff."""
    from programmes.forms.record import StaffRecordFilter

    scope = record.memberships_in_scope(user)
    filters = StaffRecordFilter(params, memberships=scope)
    memberships = (
        filters.apply(scope)
        .select_related("user", "etablissement")
        .order_by("user__full_name", "etablissement__name", "pk")
    )
    return memberships, filters.school_year, filters.short_only


def _csv_number(value):
    """A number as French spreadsheet software reads it in CSV: 7,5 (XLSX keeps it typed)."""
    if value is None:
        return None
    return formats.number_format(value.normalize() if hasattr(value, "normalize") else value)


def record_rows(memberships, school_year, short_only=False, fmt="xlsx"):
    """One list per teacher in RECORD_HEADERS order, BATCH teachers at a time."""
    yes, no = _("oui"), _("non")
    number = _csv_number if fmt == "csv" else (lambda value: value)
    corps = dict(Corps.choices)
    batch = []

    def flush():
        for rec in record.records_for(batch, school_year):
            if short_only and not rec.short:
                continue
            owed = rec.obligation
            yield [
                rec.user.full_name,
                str(corps.get(rec.user.corps, rec.user.corps)),
                rec.school.name,
                rec.school.uai,
                rec.school.departement,
                school_year,
                owed.share if owed else None,
                number(owed.total) if owed else None,
                number(owed.online) if owed else None,
                number(rec.done_total) if owed else None,
                number(rec.done_online) if owed else None,
                (yes if rec.met else no) if owed else "",
                number(rec.missing_total) if owed else None,
                number(rec.missing_online) if owed else None,
                number(rec.hours_total),
            ]

    for membership in memberships.iterator(chunk_size=BATCH):
        batch.append(membership)
        if len(batch) == BATCH:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def record_filename(fmt, school_year, day):
    return f"parcours-formation-{school_year}-{day:%Y%m%d}.{fmt}"


def write_record(out, fmt, rows, progress=None):
    if fmt == "csv":
        writers.write_csv(out, RECORD_HEADERS, rows, progress)
    else:
        writers.write_xlsx(out, _("Parcours de formation"), RECORD_HEADERS, rows, progress)


def start_record_export(*, owner, fmt, params, rows_total):
    count = formats.number_format(rows_total, force_grouping=True)
    return start_export(
        owner=owner,
        kind=RECORD_KIND,
        label=ngettext(
            "Parcours de formation — %(count)s enseignant (%(format)s)",
            "Parcours de formation — %(count)s enseignants (%(format)s)",
            rows_total,
        )
        % {"count": count, "format": fmt.upper()},
        format=fmt,
        params={"filters": dict(params.lists())},
        rows_total=rows_total,
    )


@registry.register(RECORD_KIND)
def produce_record(export, out, progress):
    params = QueryDict(mutable=True)
    for key, values in export.params.get("filters", {}).items():
        params.setlist(key, values)
    # Http404 when the owner no longer holds a staff role: the export fails.
    memberships, school_year, short_only = record_memberships(export.owner, params)
    rows = record_rows(memberships, school_year, short_only, export.format)
    write_record(out, export.format, rows, progress)
    return record_filename(export.format, school_year, timezone.localdate(export.created_at))


# --- Ambassadeurs (issue 10, point 3) ---
AMBASSADORS_KIND = "ambassadeurs_list"
AMBASSADORS_FORMATS = ("csv", "xlsx")

AMBASSADORS_HEADERS = [
    gettext_lazy("Ambassadeur"),
    gettext_lazy("Adresse électronique"),
    gettext_lazy("Promotion"),
    gettext_lazy("Degré"),
    gettext_lazy("Discipline"),
    gettext_lazy("École ou établissement"),
    gettext_lazy("UAI"),
    gettext_lazy("Classe"),
    gettext_lazy("Maître-formateur"),
    gettext_lazy("Titularisation le"),
    gettext_lazy("Suivi jusqu'au"),
]


def ambassadors_queryset(user, programme_pk, params):
    """The ambassadors of the list for `user` with the filters of `params`, read with the
    user's rights of this moment: Http404 if they are no longer the programme's staff."""
    from django.http import Http404

    from programmes import ambassadeurs

    programme = ambassadeurs.ambassadeurs_programmes_for_staff(user).filter(pk=programme_pk).first()
    if programme is None:
        raise Http404
    return ambassadeurs.filtered_ambassadors(programme, params)


def ambassadors_rows(queryset):
    from programmes.models.ambassadeurs import Degree, follow_up_end

    degrees = {value: str(label) for value, label in Degree.choices}
    values = queryset.values_list(
        "user__full_name",
        "user__email",
        "cohort__school_year",
        "degree",
        "discipline",
        "etablissement__name",
        "etablissement__uai",
        "class_name",
        "maitre_formateur__full_name",
        "tenure_on",
    )
    for row in values.iterator(chunk_size=2000):
        (name, email, year, degree, discipline, school, uai, class_name, mentor, tenure) = row
        yield [
            name,
            email,
            year,
            degrees.get(degree, degree),
            discipline,
            school,
            uai,
            class_name,
            mentor or "",
            tenure,
            follow_up_end(tenure),
        ]


def ambassadors_filename(programme, fmt, day):
    return f"ambassadeurs-{programme.slug}-{day:%Y%m%d}.{fmt}"


def write_ambassadors(out, fmt, queryset, progress=None):
    rows = ambassadors_rows(queryset)
    if fmt == "csv":
        writers.write_csv(out, AMBASSADORS_HEADERS, rows, progress)
    else:
        writers.write_xlsx(out, _("Ambassadeurs"), AMBASSADORS_HEADERS, rows, progress)


def start_ambassadors_export(*, owner, programme, fmt, params, rows_total):
    count = formats.number_format(rows_total, force_grouping=True)
    return start_export(
        owner=owner,
        kind=AMBASSADORS_KIND,
        label=ngettext(
            "Ambassadeurs du numérique — %(count)s Ambassadeur (%(format)s)",
            "Ambassadeurs du numérique — %(count)s Ambassadeurs (%(format)s)",
            rows_total,
        )
        % {"count": count, "format": fmt.upper()},
        format=fmt,
        params={
            "programme": programme.pk,
            "filters": {key: params.get(key, "") for key in ("promotion", "degre", "q")},
        },
        rows_total=rows_total,
    )


@registry.register(AMBASSADORS_KIND)
def produce_ambassadors(export, out, progress):
    from programmes.models import Programme

    # Http404 when the owner is no longer the programme's staff: the export fails.
    queryset = ambassadors_queryset(
        export.owner, export.params["programme"], export.params.get("filters", {})
    )
    write_ambassadors(out, export.format, queryset, progress)
    programme = Programme.objects.get(pk=export.params["programme"])
    return ambassadors_filename(programme, export.format, timezone.localdate(export.created_at))
