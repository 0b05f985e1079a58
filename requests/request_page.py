"""A request with everything its page shows, read in one query.

The page shows a dozen small collections (schools, team, trainers, timeline, attachments,
thread, notes). Fetched one query each, they cost more than the rest of the page: PostgreSQL
plans every query and Django compiles and reads each. Here each collection is a correlated
subquery aggregated as a JSON list in the request's own row; the rows are turned back into
model instances (with `Model.from_db`, so a field left out is loaded on access, never wrong)
and placed where `prefetch_related` would have put them: `ant.members.all()` and the rest
read them without a query, in the views, the permissions and the workflow alike.

Works on PostgreSQL (JSONB_AGG) and SQLite (JSON_GROUP_ARRAY)."""

import datetime
import functools
import json
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Aggregate, OuterRef, Subquery
from django.db.models.functions import JSONObject

from accounts.models import District, Etablissement, Reseau
from requests.models import (
    AntRequest,
    Attachment,
    DiagnosticNote,
    StaffNote,
    TeamMember,
    ThreadMessage,
    TrainerAssignment,
    TransitionLog,
)

# The person of a row (its author, member or trainer): what the pages show of them.
PERSON_FIELDS = ("id", "full_name", "email")


class JsonRows(Aggregate):
    """The aggregated values as one JSON list."""

    function = "JSONB_AGG"
    output_field = models.JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


def _attnames(model):
    return [field.attname for field in model._meta.concrete_fields]


def _json_fields(model, people):
    fields = {f"f:{name}": name for name in _attnames(model)}
    for fk in people:
        fields.update({f"p:{fk}:{name}": f"{fk}__{name}" for name in PERSON_FIELDS})
    return JSONObject(**fields)


def _collection(model, link, people=(), **filters):
    """The rows of `model` whose `link` is the outer request, as a JSON list."""
    rows = (
        model.objects.filter(**{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(rows=JsonRows(_json_fields(model, people)))
        .values("rows")
    )
    return Subquery(rows, output_field=models.JSONField())


def _one(model, fk):
    """The row of `model` the outer request's `fk` points to, as a JSON object."""
    row = model.objects.filter(pk=OuterRef(fk)).values(j=_json_fields(model, ()))
    return Subquery(row, output_field=models.JSONField())


def _value(field, value):
    """A JSON value back to what the database adapter would have given."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        moment = datetime.datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value[:10])
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.DecimalField):
        return Decimal(str(value))
    return value


def _instance(model, row, prefix="f:"):
    fields = [f for f in model._meta.concrete_fields if prefix + f.attname in row]
    return model.from_db(
        "default",
        [f.attname for f in fields],
        [_value(f, row[prefix + f.attname]) for f in fields],
    )


def _instances(model, rows, people=(), order=("pk",)):
    User = get_user_model()
    objects = []
    for row in rows or []:
        obj = _instance(model, row)
        for fk in people:
            if row.get(f"p:{fk}:id") is not None:
                setattr(obj, fk, _instance(User, row, prefix=f"p:{fk}:"))
        objects.append(obj)
    objects.sort(key=lambda obj: tuple(getattr(obj, name) for name in order))
    return objects


def _prefetched(instance, name, objects):
    """Put `objects` where `prefetch_related(name)` puts them (Django's prefetch cache)."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


# Collections: (prefetch name, model, link to the request, people, order). Staff-only ones are
# read only for the office of the request's académie.
COLLECTIONS = [
    ("members", TeamMember, "request", ("user",), ("invited_at", "pk")),
    ("assignments", TrainerAssignment, "request", ("trainer",), ("assigned_at", "pk")),
    ("transitions", TransitionLog, "request", ("actor",), ("pk",)),
    ("attachments", Attachment, "request", ("uploaded_by",), ("uploaded_at", "pk")),
    ("thread", ThreadMessage, "request", ("author",), ("created_at", "pk")),
]
OFFICE_COLLECTIONS = [
    ("staff_notes", StaffNote, "request", ("author",), ("created_at", "pk")),
    ("diagnostic_notes", DiagnosticNote, "request", ("author",), ("meeting_on", "pk")),
]
OPTIONAL_RELATIONS = [
    ("district", District),
    ("reseau", Reseau),
    ("host_school", Etablissement),
    ("carried_over_from", AntRequest),
]


# Stands for the request's id while the query is compiled (compiled once, see `_compiled`).
_ANY_REQUEST = -7_301_000_001


@functools.cache
def _compiled(vendor, staff):
    """The collections query's SQL and parameters, compiled once per process: building and
    compiling this many JSON expressions costs Django more than the database takes to run
    them. `staff` adds the office-only collections."""
    annotations = {"page_schools": _collection(Etablissement, "ant_requests")}
    for name, model, link, people, _order in COLLECTIONS + (OFFICE_COLLECTIONS if staff else []):
        annotations[f"page_{name}"] = _collection(model, link, people)
    for fk, model in OPTIONAL_RELATIONS:
        annotations[f"page_{fk}"] = _one(model, f"{fk}_id")
    queryset = (
        AntRequest.objects.filter(pk=_ANY_REQUEST)
        .order_by()
        .annotate(**annotations)
        .values(*annotations)
    )
    sql, params = queryset.query.sql_with_params()
    return sql, params, list(annotations)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def load(ant, *, staff):
    """Read `ant`'s collections in one query and place them on it (see the module's
    docstring); `staff` also reads the office-only ones: only for the request's office."""
    sql, params, names = _compiled(connection.vendor, staff)
    params = [ant.pk if p == _ANY_REQUEST else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = dict(zip(names, map(_json, cursor.fetchone()), strict=True))
    _prefetched(
        ant, "schools", _instances(Etablissement, row["page_schools"], order=("name", "pk"))
    )
    for name, model, _link, people, order in COLLECTIONS + (OFFICE_COLLECTIONS if staff else []):
        _prefetched(ant, name, _instances(model, row[f"page_{name}"], people, order))
    for fk, model in OPTIONAL_RELATIONS:
        if row[f"page_{fk}"] is not None:
            setattr(ant, fk, _instance(model, row[f"page_{fk}"]))
    return ant
