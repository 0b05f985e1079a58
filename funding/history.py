"""The readable history of an operation (issue 12, point 5): who changed what and when, on
the operation, its plan lines, its objectives, its actions (their objectives and
deliverables) and its consortium, newest first, each field's value before and after.

django-simple-history keeps every version of every row; this module reads its tables, one
query per historical model (the author joined), and compares each version with the one before
it in Python. A deleted row shows with its last values. The programmes, objectives and
operations an operation's versions name are read in one query each.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.utils.translation import gettext_lazy

from accounts import dates
from accounts.templatetags.french_numbers import euros
from funding.models import (
    Action,
    ActionObjective,
    ConsortiumMember,
    Deliverable,
    FundingLine,
    Operation,
    OperationalProgramme,
    OperationObjective,
    ProgrammeObjective,
)

LIMIT = 50

KINDS = {
    "+": gettext_lazy("Création"),
    "~": gettext_lazy("Modification"),
    "-": gettext_lazy("Suppression"),
}

SUBJECTS = {
    Operation: gettext_lazy("Opération"),
    FundingLine: gettext_lazy("Ligne du plan"),
    OperationObjective: gettext_lazy("Objectif de l'opération"),
    Action: gettext_lazy("Action"),
    ActionObjective: gettext_lazy("Objectif d'une action"),
    Deliverable: gettext_lazy("Livrable"),
    ConsortiumMember: gettext_lazy("Membre du consortium"),
}

# The fields shown, per model (names of the historical rows' attributes: a foreign key by
# its column, named through the lookups read once).
TRACKED = {
    Operation: (
        "name",
        "acronym",
        "acronym_expansion",
        "predecessor_id",
        "predecessor_name",
        "continuity_note",
        "fund",
        "operational_programme_id",
        "objective_id",
        "starts_on",
        "ends_on",
        "description",
        "targeted_schools",
        "status",
        "total_eligible_cost",
        "plan_status",
        "is_public",
    ),
    FundingLine: ("resource", "label", "status", "amount", "order"),
    OperationObjective: ("kind", "text", "order"),
    Action: ("kind", "number", "title", "description", "budget_share"),
    ActionObjective: ("text", "order"),
    Deliverable: ("kind", "title", "url", "due_on", "delivered_on"),
    ConsortiumMember: ("partner_id", "role", "joined_on", "note"),
}

MONEY_FIELDS = {"total_eligible_cost", "amount", "budget_share"}


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    subject: str
    name: str
    changes: list = field(default_factory=list)

    @property
    def is_deletion(self):
        return self.kind == str(KINDS["-"])


def model_field(model, name):
    for f in model._meta.concrete_fields:
        if f.attname == name or f.name == name:
            return f
    raise LookupError(name)


def shown(model, name, value, names):
    """A value as the page writes it: a choice's label, an amount in euros, a date in words,
    a related row by its name."""
    if value is None or value == "":
        return ""
    f = model_field(model, name)
    if f.is_relation:
        return names.get((f.related_model, value), str(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if name in MONEY_FIELDS:
        return euros(value)
    if isinstance(value, bool):
        return str(gettext_lazy("oui") if value else gettext_lazy("non"))
    if hasattr(value, "isoformat"):
        return dates.day(value)
    return str(value)


def field_changes(model, old, new, names):
    """What changed from version `old` (None for a creation) to `new`; for a deletion, `new`
    is the row's last values and `old` None."""
    changes = []
    for name in TRACKED[model]:
        before = getattr(old, name) if old is not None else None
        after = getattr(new, name)
        if before in (None, "") and after in (None, ""):
            continue
        if before == after:
            continue
        changes.append(
            FieldChange(
                name,
                str(model_field(model, name).verbose_name),
                shown(model, name, before, names),
                shown(model, name, after, names),
            )
        )
    return changes


def record_name(model, record, names):
    if model is Operation:
        return record.name
    if model is FundingLine:
        return record.label or record.get_resource_display()
    if model in (OperationObjective, ActionObjective):
        return record.text if len(record.text) <= 80 else f"{record.text[:79]}…"
    if model is Action:
        return f"{record.get_kind_display()} {record.number} : {record.title}"
    if model is Deliverable:
        return record.title
    if model is ConsortiumMember:
        return names.get((ConsortiumMember.partner.field.related_model, record.partner_id), "")
    return str(record.pk)


def sources(operation):
    action_ids = Action.history.filter(operation_id=operation.pk).values("id")
    return (
        (Operation, Operation.history.filter(id=operation.pk)),
        (FundingLine, FundingLine.history.filter(operation_id=operation.pk)),
        (OperationObjective, OperationObjective.history.filter(operation_id=operation.pk)),
        (Action, Action.history.filter(operation_id=operation.pk)),
        (ActionObjective, ActionObjective.history.filter(action_id__in=action_ids)),
        (Deliverable, Deliverable.history.filter(action_id__in=action_ids)),
        (ConsortiumMember, ConsortiumMember.history.filter(operation_id=operation.pk)),
    )


def related_names(rows_by_model):
    """The names of the rows the versions point to: one query per related model."""
    wanted = {}
    for model, rows in rows_by_model:
        for name in TRACKED[model]:
            f = model_field(model, name)
            if f.is_relation:
                ids = wanted.setdefault(f.related_model, set())
                ids.update(getattr(row, name) for row in rows if getattr(row, name))
    names = {}
    for related, ids in wanted.items():
        if not ids:
            continue
        if related is ProgrammeObjective:
            values = related.objects.filter(pk__in=ids).values_list("pk", "code", "label")
            names.update({(related, pk): f"{code} - {label}" for pk, code, label in values})
        elif related in (OperationalProgramme, Operation):
            values = related.objects.filter(pk__in=ids).values_list("pk", "name")
            names.update({(related, pk): name for pk, name in values})
        else:  # the partners
            values = related.objects.filter(pk__in=ids).values_list("pk", "name")
            names.update({(related, pk): name for pk, name in values})
    return names


def history(operation, limit=LIMIT):
    """The operation's changes, newest first; `limit` None for all of them. Returns
    (entries, total count)."""
    rows_by_model = []
    for model, records in sources(operation):
        rows = list(
            records.select_related("history_user").order_by("id", "history_date", "history_id")
        )
        rows_by_model.append((model, rows))
    names = related_names(rows_by_model)
    entries = []
    for model, rows in rows_by_model:
        for _pk, versions in groupby(rows, key=lambda r: r.id):
            previous = None
            for record in versions:
                if record.history_type == "-":
                    changes = field_changes(model, None, previous or record, names)
                else:
                    changes = field_changes(
                        model, previous if record.history_type == "~" else None, record, names
                    )
                if record.history_type != "~" or changes:
                    entries.append(
                        HistoryEntry(
                            when=record.history_date,
                            who=record.history_user,
                            kind=str(KINDS[record.history_type]),
                            subject=str(SUBJECTS[model]),
                            name=record_name(model, record, names),
                            changes=changes,
                        )
                    )
                previous = record
    entries.sort(key=lambda entry: entry.when, reverse=True)
    total = len(entries)
    return (entries if limit is None else entries[:limit]), total
