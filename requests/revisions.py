"""The differences between two versions of a training project (issue 9, point 1).

Structured data for the template, which renders it: a list of the fields that changed, each
with its value before and after and, for the texts, line by line what was removed and added
(difflib). No HTML is built here."""

import difflib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# The fields compared, in the order shown; texts are compared line by line.
FIELDS = (
    ("objectives", _("Objectifs de formation"), True),
    ("public", _("Public"), False),
    ("session_count", _("Nombre de séances prévues"), False),
    ("hours_per_session", _("Durée d'une séance (heures)"), False),
    ("total_hours", _("Volume total (heures)"), False),
    ("planned_dates", _("Dates envisagées"), True),
)


@dataclass(frozen=True)
class Line:
    kind: str  # "removed", "added" or "kept"
    text: str


@dataclass
class FieldChange:
    name: str
    label: str
    before: str
    after: str
    lines: list = field(default_factory=list)  # for texts: Line, in reading order


def _shown(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)  # 18 hours, not 18,0
    return number_format(value)


def _lines(before, after):
    lines = []
    for row in difflib.ndiff(before.splitlines(), after.splitlines()):
        code, text = row[:2], row[2:]
        if code == "- ":
            lines.append(Line("removed", text))
        elif code == "+ ":
            lines.append(Line("added", text))
        elif code == "  ":
            lines.append(Line("kept", text))
        # "? " rows are difflib's hints within a line: not shown.
    return lines


def compare(old, new):
    """What changed from revision `old` to revision `new`: a FieldChange per changed field."""
    changes = []
    for name, label, is_text in FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        change = FieldChange(name, str(label), _shown(before), _shown(after))
        if is_text:
            change.lines = _lines(change.before, change.after)
        changes.append(change)
    return changes
