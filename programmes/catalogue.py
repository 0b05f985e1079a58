"""The programme catalogue's rules (issue 10, point 1): the public reads, the staff's edit of a
programme with its contacts and resources in one transaction, the programme's people (grant a
function, end it: the row stays with its end date), and the history of who changed what and
when, field by field.

Every write here is one transaction; django-simple-history records each row's change with its
author (its request middleware), so the staff page reads the history tables and nothing else.
"""

import difflib
from dataclasses import dataclass, field
from itertools import groupby

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import dates
from accounts.models import RoleMembership
from programmes.models import Programme, ProgrammeContact, ProgrammeMembership, ProgrammeResource


class MembershipError(Exception):
    """A grant or an end that is refused; the message is for the user, in French."""


# --- public reads ---------------------------------------------------------------------------
def public_programmes():
    """Every programme of the catalogue with its académie: one query, in the page's order."""
    return Programme.objects.select_related("academie").order_by("academie__name", "title", "pk")


def public_programme(slug):
    """The programme `slug`, its académie, contacts and resources (three queries)."""
    return (
        Programme.objects.select_related("academie")
        .prefetch_related(
            "contacts",
            "resources",
        )
        .get(slug=slug)
    )


# --- the programme's people ---------------------------------------------------------------------
def memberships_of(programme):
    """The programme's memberships, current first (by function then name), then ended ones
    (latest end first), each with its person: one query."""
    today = timezone.localdate()
    rows = list(
        programme.memberships.select_related("user").order_by(
            "function", "user__full_name", "started_on", "pk"
        )
    )
    current = [m for m in rows if m.ended_on is None or m.ended_on > today]
    ended = sorted(
        (m for m in rows if m.ended_on is not None and m.ended_on <= today),
        key=lambda m: (m.ended_on, m.pk),
        reverse=True,
    )
    return current, ended


def may_join(user, programme):
    """A person may hold a function in a programme when they hold a current role in its
    académie (a programme's people are the académie's)."""
    today = timezone.localdate()
    return (
        RoleMembership.objects.filter(user=user, academie_id=programme.academie_id)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
        .exists()
    )


def overlapping(programme, user, function, started_on):
    """The membership of `user` with `function` in `programme` that would still run on
    `started_on` (none ended or ending after that day), if any."""
    return (
        programme.memberships.filter(user=user, function=function)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
        .first()
    )


@transaction.atomic
def grant_membership(*, programme, user, function, started_on, by):
    """Give `user` the `function` in `programme` from `started_on`.

    Refused (MembershipError) when the person has no current role in the programme's académie,
    or already holds that function then. The form checks both first; the database's unique
    index on current memberships settles a race between two staff members."""
    if not may_join(user, programme):
        raise MembershipError(
            _("%(name)s n'a pas de rôle dans l'académie de %(academie)s.")
            % {"name": user.full_name, "academie": programme.academie.name}
        )
    if overlapping(programme, user, function, started_on) is not None:
        raise MembershipError(duplicate_message(user, function))
    membership = ProgrammeMembership(
        programme=programme, user=user, function=function, started_on=started_on
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:
        raise MembershipError(duplicate_message(user, function)) from error
    return membership


def duplicate_message(user, function):
    return _("%(name)s exerce déjà la fonction «\u00a0%(function)s\u00a0» dans ce programme.") % {
        "name": user.full_name,
        "function": ProgrammeMembership.Function(function).label,
    }


@transaction.atomic
def end_membership(*, membership, ended_on, by):
    """End `membership` on `ended_on`: the row stays, with its end date.

    Refused when it has already ended, when the day is before its start, and for one's own
    place in the programme's team (another staff member ends it: the programme never loses
    its last editor by a slip)."""
    locked = ProgrammeMembership.objects.select_for_update().get(pk=membership.pk)
    if locked.ended_on is not None and locked.ended_on <= timezone.localdate():
        raise MembershipError(
            _("Cette fonction a déjà pris fin le %(date)s.")
            % {"date": dates.letter_day(locked.ended_on)}
        )
    if ended_on < locked.started_on:
        raise MembershipError(
            _("La fin ne peut pas précéder le début, le %(date)s.")
            % {"date": dates.letter_day(locked.started_on)}
        )
    if locked.user_id == by.pk and locked.function == ProgrammeMembership.Function.STAFF:
        raise MembershipError(
            _(
                "Vous ne pouvez pas mettre fin à votre propre place dans l'équipe du "
                "programme\u00a0: demandez-le à un ou une collègue de l'équipe."
            )
        )
    locked.ended_on = ended_on
    locked.save(update_fields=["ended_on"])
    return locked


# --- the staff's edit ---------------------------------------------------------------------
@transaction.atomic
def save_programme(*, form, contacts, resources):
    """Save the programme's form and its contacts' and resources' formsets, all or nothing.

    Only what changed is written, so each history row is a real change: the programme when its
    form changed, each contact or resource added, changed or deleted."""
    programme = form.instance
    if form.has_changed():
        programme = form.save()
    for formset in (contacts, resources):
        formset.instance = programme
        formset.save()
    return programme


# --- history: who changed what and when ---------------------------------------------------------
KINDS = {
    "+": gettext_lazy("Création"),
    "~": gettext_lazy("Modification"),
    "-": gettext_lazy("Suppression"),
}

# The fields shown in the history, per model; texts are compared line by line.
TRACKED = {
    Programme: (
        ("title", False),
        ("summary", False),
        ("presentation", True),
        ("period", False),
        ("started_on", False),
        ("ended_on", False),
        ("status", False),
        ("service_mailbox", False),
    ),
    ProgrammeContact: (
        ("name", False),
        ("function", False),
        ("email", False),
        ("phone", False),
        ("order", False),
    ),
    ProgrammeResource: (
        ("title", False),
        ("kind", False),
        ("url", False),
        ("file", False),
        ("description", True),
        ("order", False),
    ),
    ProgrammeMembership: (
        ("function", False),
        ("started_on", False),
        ("ended_on", False),
    ),
}

SUBJECTS = {
    Programme: gettext_lazy("Programme"),
    ProgrammeContact: gettext_lazy("Contact"),
    ProgrammeResource: gettext_lazy("Ressource"),
    ProgrammeMembership: gettext_lazy("Fonction de"),
}


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
    lines: list = field(default_factory=list)


@dataclass
class HistoryEntry:
    when: object
    who: object
    kind: str
    subject: str
    name: str
    changes: list


def shown(model, name, value):
    """A field's value as the page writes it: a choice's label, a date in words."""
    model_field = model._meta.get_field(name)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return dates.letter_day(value)
    return str(value)


def text_lines(before, after):
    lines = []
    for row in difflib.ndiff(before.splitlines(), after.splitlines()):
        code, text = row[:2], row[2:]
        if code == "- ":
            lines.append(Line("removed", text))
        elif code == "+ ":
            lines.append(Line("added", text))
        elif code == "  ":
            lines.append(Line("kept", text))
    return lines


def field_changes(model, old, new):
    """What changed from historical record `old` (None for a creation) to `new`."""
    changes = []
    for name, is_text in TRACKED[model]:
        before = getattr(old, name) if old is not None else None
        after = getattr(new, name)
        if (before or "") == (after or ""):
            continue
        change = FieldChange(
            name,
            str(model._meta.get_field(name).verbose_name),
            shown(model, name, before),
            shown(model, name, after),
        )
        if is_text and old is not None:
            change.lines = text_lines(change.before, change.after)
        changes.append(change)
    return changes


def record_name(model, record):
    """What a historical record is about, as the history names it."""
    if model is ProgrammeMembership:
        # The person's account may have been deleted since (their memberships with it).
        person = record.user if record.user_id else None
        return person.full_name if person is not None else ""
    return record.title if model in (Programme, ProgrammeResource) else record.name


def history(programme, limit=50):
    """The last `limit` changes of the programme, its contacts, its resources and its people,
    latest first: four queries, whatever the number of records (each record is compared with the
    one before it in Python, not through `prev_record`, which would query once per row)."""
    sources = (
        (Programme, Programme.history.filter(id=programme.pk)),
        (ProgrammeContact, ProgrammeContact.history.filter(programme_id=programme.pk)),
        (ProgrammeResource, ProgrammeResource.history.filter(programme_id=programme.pk)),
        (
            ProgrammeMembership,
            ProgrammeMembership.history.filter(programme_id=programme.pk).select_related("user"),
        ),
    )
    entries = []
    for model, records in sources:
        rows = records.select_related("history_user").order_by("id", "history_date", "history_id")
        for _pk, versions in groupby(rows, key=lambda r: r.id):
            previous = None
            for record in versions:
                changes = (
                    []
                    if record.history_type == "-"
                    else field_changes(
                        model, previous if record.history_type == "~" else None, record
                    )
                )
                if record.history_type != "~" or changes:
                    entries.append(
                        HistoryEntry(
                            when=record.history_date,
                            who=record.history_user,
                            kind=str(KINDS[record.history_type]),
                            subject=str(SUBJECTS[model]),
                            name=record_name(model, record),
                            changes=changes,
                        )
                    )
                previous = record
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]
