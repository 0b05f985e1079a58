"""What each kind of export is: apps register the function that produces its file.

A producer is called as `produce(export, out, progress)`: it reads what it needs from
`export.params` (checking again that `export.owner` may see it), writes the file into the
binary file `out`, calls `progress(done, total=None)` as it goes and returns the file's
name for the download. Register it in the app's `exports` module, which exports/apps.py
imports when Django starts:

    @registry.register("ant_queue")
    def produce_queue(export, out, progress): ...
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

# What `rows_done` and `rows_total` count, for the progress shown on the export's page.
ROWS = "rows"
PAGES = "pages"


@dataclass(frozen=True)
class Producer:
    kind: str
    produce: Callable
    unit: str = ROWS


PRODUCERS = {}


def register(kind, *, unit=ROWS):
    """Decorator: `produce` makes the files of exports of `kind`."""
    if unit not in (ROWS, PAGES):
        raise ImproperlyConfigured(f"Unknown export unit {unit!r} for {kind!r}.")

    def decorator(produce):
        known = PRODUCERS.get(kind)
        if known is not None and known.produce is not produce:
            raise ImproperlyConfigured(f"Two producers registered for the export kind {kind!r}.")
        PRODUCERS[kind] = Producer(kind=kind, produce=produce, unit=unit)
        return produce

    return decorator


def producer_for(kind):
    """The producer of `kind`; LookupError if no app registered one."""
    try:
        return PRODUCERS[kind]
    except KeyError:
        raise LookupError(f"No producer registered for the export kind {kind!r}.") from None
