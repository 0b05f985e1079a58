"""What the ANT app produces as files: the office's queue (CSV, XLSX) and a head's mission
orders (PDF), with the producers that build them in the background (exports/registry.py).

The rows are read again in the worker with the owner's rights of that moment: an owner who
lost the office role, or a request no longer theirs, makes the export fail, never leak."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models.functions import TruncDate
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from exports import registry, writers
from exports.services import start_export
from requests import mission_orders, permissions, queries
from requests.forms.queue import QueueFilter
from requests.models import Scale, State
from requests.views.queue import queue_base

QUEUE_KIND = "ant_queue"
MISSION_ORDERS_KIND = "ant_mission_orders"
QUEUE_FORMATS = ("csv", "xlsx")
# Rows fetched per round trip from the database's cursor.
CHUNK_SIZE = 2000

QUEUE_HEADERS = [
    gettext_lazy("Référence"),
    gettext_lazy("Intitulé du projet"),
    gettext_lazy("Campagne"),
    gettext_lazy("État"),
    gettext_lazy("Prioritaire (report)"),
    gettext_lazy("Échelle"),
    gettext_lazy("Établissement coordonnateur"),
    gettext_lazy("UAI"),
    gettext_lazy("District"),
    gettext_lazy("Thématique"),
    gettext_lazy("Coordonnateur"),
    gettext_lazy("Personnels concernés"),
    gettext_lazy("Transmise le"),
    gettext_lazy("Visée le"),
    gettext_lazy("Décidée le"),
]


# The office's queue -------------------------------------------------------------------------
def queue_queryset(academies, params):
    """The queue of `academies` with the filters and sort of `params` (a QueryDict), as the
    queue page shows it."""
    return QueueFilter(params, queue_base(academies), academies=academies).qs


def queue_rows(queryset):
    """One list per request in `QUEUE_HEADERS` order, read as plain values through a
    database cursor (no model instances, nothing kept); days are local dates."""
    states = {value: str(label) for value, label in State.choices}
    scales = {value: str(label) for value, label in Scale.choices}
    yes, no = _("oui"), _("non")
    values = queryset.values_list(
        "reference",
        "title",
        "campaign__school_year",
        "state",
        "priority",
        "scale",
        "coordinating_school__name",
        "coordinating_school__uai",
        "district__name",
        "theme__title",
        "own_theme",
        "coordinator__full_name",
        "public_count",
        TruncDate("submitted_at"),
        TruncDate("endorsed_at"),
        TruncDate("decided_at"),
    )
    for row in values.iterator(chunk_size=CHUNK_SIZE):
        (reference, title, year, state, priority, scale, school, uai, district, theme,
         own_theme, coordinator, public_count, submitted, endorsed, decided) = row  # fmt: skip
        yield [
            reference,
            title,
            year,
            states.get(state, state),
            yes if priority else no,
            scales.get(scale, scale),
            school,
            uai,
            district or "",
            theme or own_theme,
            coordinator,
            public_count,
            submitted,
            endorsed,
            decided,
        ]


def queue_filename(fmt, day):
    return f"demandes-ant-{day:%Y%m%d}.{fmt}"


def write_queue(out, fmt, queryset, progress=None):
    """Write the queue `queryset` into the binary file `out` as CSV or XLSX."""
    rows = queue_rows(queryset)
    if fmt == "csv":
        writers.write_csv(out, QUEUE_HEADERS, rows, progress)
    else:
        writers.write_xlsx(out, _("Demandes d'ANT"), QUEUE_HEADERS, rows, progress)


def start_queue_export(*, owner, fmt, params, rows_total):
    """The queue's export with the filters of `params` (a QueryDict), produced in the
    background for `owner`."""
    count = formats.number_format(rows_total, force_grouping=True)
    return start_export(
        owner=owner,
        kind=QUEUE_KIND,
        label=ngettext(
            "Demandes d'ANT — %(count)s ligne (%(format)s)",
            "Demandes d'ANT — %(count)s lignes (%(format)s)",
            rows_total,
        )
        % {"count": count, "format": fmt.upper()},
        format=fmt,
        params={"filters": dict(params.lists())},
        rows_total=rows_total,
    )


@registry.register(QUEUE_KIND)
def produce_queue(export, out, progress):
    academies = permissions.office_academies(export.owner)  # Http404 if no longer office
    params = QueryDict(mutable=True)
    for key, values in export.params.get("filters", {}).items():
        params.setlist(key, values)
    queryset = queue_queryset(academies, params)
    write_queue(out, export.format, queryset, progress)
    return queue_filename(export.format, timezone.localdate(export.created_at))


# Mission orders ----------------------------------------------------------------------------
def start_mission_orders_export(*, ant, head, agents, issued_on):
    return start_export(
        owner=head,
        kind=MISSION_ORDERS_KIND,
        label=ngettext(
            "Ordres de mission — %(reference)s (%(count)s agent)",
            "Ordres de mission — %(reference)s (%(count)s agents)",
            len(agents),
        )
        % {"reference": ant.reference, "count": len(agents)},
        format="pdf",
        params={"request": ant.pk, "issued_on": issued_on.isoformat()},
        rows_total=len(agents),
    )


@registry.register(MISSION_ORDERS_KIND, unit=registry.PAGES)
def produce_mission_orders(export, out, progress):
    head = export.owner
    ant = queries.get_request_for(head, export.params["request"])  # Http404 if not theirs
    if not permissions.may_issue_mission_orders(head, ant):
        raise PermissionDenied("mission orders no longer allowed for this head")
    agents = mission_orders.mission_order_agents(ant, head)
    progress(0, total=len(agents))
    mission_orders.write_mission_orders_pdf(
        out,
        ant=ant,
        head=head,
        agents=agents,
        issued_on=datetime.date.fromisoformat(export.params["issued_on"]),
        base_url=f"{settings.SITE_URL}/",
        progress=progress,
    )
    return f"ordres-de-mission-{ant.reference}.pdf"
