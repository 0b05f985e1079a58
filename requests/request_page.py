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
import re
import unicodedata
import weakref
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Aggregate, Func, OuterRef, Subquery
from django.db.models.functions import JSONObject

from accounts.models import District, Etablissement, Reseau
from requests.models import (
    AntRequest,
    Attachment,
    Campaign,
    DiagnosticNote,
    StaffNote,
    TeamMember,
    Theme,
    ThreadMessage,
    TrainerAssignment,
    TransitionLog,
)

# The person of a row (its author, member or trainer): what the pages show of them.
PERSON_FIELDS = ("id", "full_name", "email")


class JsonRow(JSONObject):
    """A JSON object of the given fields. On PostgreSQL, `json` rather than Django's `jsonb`:
    the page reads it as text at once, and `jsonb` costs a conversion each way."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return Func.as_sql(
            self, compiler, connection, function="JSON_BUILD_OBJECT", **extra_context
        )


class JsonRows(Aggregate):
    """The aggregated values as one JSON list."""

    function = "JSON_AGG"
    output_field = models.JSONField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


def _attnames(model):
    return [field.attname for field in model._meta.concrete_fields]


def _json_fields(model, people, names=None):
    fields = {f"f:{name}": name for name in names or _attnames(model)}
    for fk in people:
        fields.update({f"p:{fk}:{name}": f"{fk}__{name}" for name in PERSON_FIELDS})
    return JsonRow(**fields)


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


def _one(model, fk, names=None):
    """The row of `model` the outer request's `fk` points to, as a JSON object."""
    row = model.objects.filter(pk=OuterRef(fk)).order_by().values(j=_json_fields(model, (), names))
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
        # SQLite keeps 18.0 as 18: the field's places, as the ORM would give them.
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-field.decimal_places))
    return value


# Fields whose JSON value is not already what the database adapter would give.
_CONVERTED = (models.DateField, models.BooleanField, models.DecimalField)


@functools.cache
def _reader(model, prefix, keys):
    """For rows of `keys`: the attnames read, and (key, field to convert or None) for each."""
    fields = [f for f in model._meta.concrete_fields if prefix + f.attname in keys]
    return (
        [f.attname for f in fields],
        [(prefix + f.attname, f if isinstance(f, _CONVERTED) else None) for f in fields],
    )


def _instance(model, row, prefix="f:"):
    attnames, reads = _reader(model, prefix, tuple(row))
    values = [row[key] if field is None else _value(field, row[key]) for key, field in reads]
    return model.from_db("default", attnames, values)


def french_order(name):
    """A sort key that reads names as a French reader does (« école » among the E's, before
    « Lycée »), whatever the database's collation or the code points say."""
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold(), name


def _instances(model, rows, people=(), order=("pk",), parent=None):
    """Instances of `model` from JSON rows, their people attached, sorted by `order`; `parent`
    is (link, instance): the object each row belongs to, as prefetch_related sets it."""
    User = get_user_model()
    objects = []
    for row in rows or []:
        obj = _instance(model, row)
        if parent is not None:
            setattr(obj, *parent)
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


# Collections: (prefetch name, model, link to the request, people, order). The staff-only
# ones are read only for the office of the request's académie.
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
# The request's own relations: (field, model, fields read; None for all).
RELATIONS = [
    ("campaign", Campaign, None),
    ("coordinating_school", Etablissement, None),
    ("coordinator", get_user_model(), PERSON_FIELDS),
    ("theme", Theme, None),
    ("district", District, None),
    ("reseau", Reseau, None),
    ("host_school", Etablissement, None),
    ("carried_over_from", AntRequest, ("id", "reference", "title", "campaign_id")),
]

# Stand for the request's id and the office's académies while the query is compiled.
_ANY_REQUEST = -7_301_000_001
_ANY_ACADEMIE = -7_301_000_100


@functools.cache
def _compiled(vendor, offices):
    """The page's query, SQL and parameters, compiled once per process and number of the
    user's office académies (0 for everyone else, and then the staff-only collections are not
    in the query at all): building and compiling this many JSON expressions costs Django
    more than the database takes to run them."""
    annotations = {
        "page_request": _json_fields(AntRequest, ()),
        "page_schools": _collection(Etablissement, "ant_requests"),
    }
    for name, model, link, people, _order in COLLECTIONS:
        annotations[f"page_{name}"] = _collection(model, link, people)
    academies = [_ANY_ACADEMIE - i for i in range(offices)]
    for name, model, link, people, _order in OFFICE_COLLECTIONS if offices else []:
        annotations[f"page_{name}"] = _collection(
            model, link, people, request__academie_id__in=academies
        )
    for fk, model, fields in RELATIONS:
        annotations[f"page_{fk}"] = _one(model, f"{fk}_id", fields)
    queryset = (
        AntRequest.objects.filter(pk=_ANY_REQUEST)
        .order_by()
        .annotate(**annotations)
        .values(*annotations)
    )
    sql, params = queryset.query.sql_with_params()
    return sql, params, list(annotations)


# PostgreSQL plans a query each time it runs, which for this one takes longer than running
# it: it is prepared once per connection (PREPARE is per session, and survives rollbacks).
_PREPARED = weakref.WeakKeyDictionary()


def _execute_prepared(cursor, name, sql, params, stand_ins):
    prepared = _PREPARED.setdefault(connection.connection, set())
    if name not in prepared:
        # The constants inlined by the driver, the stand-ins as the statement's parameters.
        text = cursor.mogrify(sql, params).decode()
        order = list(stand_ins)
        for position, stand_in in enumerate(order, start=1):
            text = re.sub(rf"(?<![0-9]){stand_in}(?![0-9])", f"${position}", text)
        types = ", ".join(["bigint"] * len(order))
        cursor.execute(f"PREPARE {name} ({types}) AS {text}")
        prepared.add(name)
    placeholders = ", ".join(["%s"] * len(stand_ins))
    cursor.execute(f"EXECUTE {name} ({placeholders})", list(stand_ins.values()))


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def load(pk, office_academies):
    """The request `pk` with its relations and collections (see the module's docstring), or
    None. The staff-only collections are read for the office of the request's académie only.
    Whether the user may see the request is the caller's to check."""
    if not 0 < pk < 2**63:
        return None  # no such id (and PostgreSQL would refuse it as a parameter)
    offices = sorted(office_academies)
    sql, params, names = _compiled(connection.vendor, len(offices))
    stand_ins = {_ANY_REQUEST: pk} | {_ANY_ACADEMIE - i: a for i, a in enumerate(offices)}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _execute_prepared(
                cursor, f"formations_request_page_{len(offices)}", sql, params, stand_ins
            )
        else:
            cursor.execute(sql, [stand_ins.get(p, p) if isinstance(p, int) else p for p in params])
        found = cursor.fetchone()
    if found is None:
        return None
    row = dict(zip(names, map(_json, found), strict=True))
    ant = _instance(AntRequest, row["page_request"])
    for fk, model, _fields in RELATIONS:
        if row[f"page_{fk}"] is not None:
            setattr(ant, fk, _instance(model, row[f"page_{fk}"]))
    schools = _instances(Etablissement, row["page_schools"])
    _prefetched(ant, "schools", sorted(schools, key=lambda school: french_order(school.name)))
    staff = ant.academie_id in office_academies
    for name, model, link, people, order in COLLECTIONS + (OFFICE_COLLECTIONS if staff else []):
        rows = row[f"page_{name}"]
        _prefetched(ant, name, _instances(model, rows, people, order, (link, ant)))
    return ant
