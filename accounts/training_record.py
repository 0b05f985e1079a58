"""A teacher's training record gathers what every app knows of the trainings followed.

Each app provides a source, named in the TRAINING_RECORD_SOURCES setting: a function
`entries(users, school_year)` that returns `{user_id: [Entry, …]}` for the given users and
school year, in a constant number of queries. The foundation knows no programme: it only
calls the sources and adds their hours up.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Entry:
    programme: str  # what the person followed it as: "ANT", "M@gistère", "Atelier"…
    title: str
    url: str  # the training's page for this user ("" when it has none)
    hours_in_person: Decimal
    hours_online: Decimal
    # Counts towards the first degree's 18 hours of animations pédagogiques.
    animation_pedagogique: bool = False
    done: bool = True  # False while in progress: the hours are those completed so far
    # The training this entry is about, across sources ("ant:12"): when two sources speak of
    # the same training, the one named later in the setting wins (the ANT's attended
    # sessions replace its planned hours).
    key: str = ""


def entries_for(users, school_year):
    """Every source's entries for `users` in `school_year` (e.g. "2026-2027"), by user id."""
    merged = defaultdict(dict)
    for number, path in enumerate(settings.TRAINING_RECORD_SOURCES):
        for user_id, entries in import_string(path)(users, school_year).items():
            for index, entry in enumerate(entries):
                # Keyless entries never collide; a keyed one replaces the same key's earlier.
                merged[user_id][entry.key or (number, index)] = entry
    return defaultdict(list, {user_id: list(found.values()) for user_id, found in merged.items()})
