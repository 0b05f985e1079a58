"""The counts per académie and state of ANT requests (`StateCount`), kept by Python.

`workflow.perform()` is the only code that changes a request's state, `services` the only code
that creates one (a new request, a carry-over): each calls `record()` in its own transaction,
as its last write, so the académie's counter rows are locked from that UPDATE to the commit
only (microseconds), never while the notices are written. Rows are always updated in the
order of their states, so two transactions moving requests cannot deadlock on them.

A write that bypasses these functions (a data fix in the shell, a bulk load) leaves the counts
behind: `recount()` (`manage.py recount_ant_states`) puts them right from the requests."""

from django.db import transaction
from django.db.models import Count, F

from requests.models import AntRequest, StateCount


def add(*, academie_id, state, n):
    """Add `n` (negative to take away) to the académie's count of `state`."""
    counts = StateCount.objects.filter(academie_id=academie_id, state=state)
    if counts.update(n=F("n") + n):
        return
    # The académie's first request in this state: create the row (another transaction may
    # create it at the same moment; get_or_create then reads the row it committed).
    _row, created = StateCount.objects.get_or_create(
        academie_id=academie_id, state=state, defaults={"n": n}
    )
    if not created:
        counts.update(n=F("n") + n)


# --- what the office sees (issue 9, point 5) ---
# A request cancelled before its head endorsed it never reached the office: besides the
# "cancelled" count, they are counted under this key (not a state), so that the office's
# count of cancelled requests is read without counting requests.
CANCELLED_UNSEEN = "cancelled_unseen"
NEVER_REACHED_OFFICE = ("draft", "submitted", "returned")


def record(*, academie_id, leaving=None, entering=None):
    """A request of the académie left the state `leaving` (None when it was just created)
    and entered `entering` (None if it was deleted). Call it last in the transaction."""
    moves = {}
    if leaving:
        moves[leaving] = moves.get(leaving, 0) - 1
    if entering:
        moves[entering] = moves.get(entering, 0) + 1
    if entering == "cancelled" and leaving in NEVER_REACHED_OFFICE:
        moves[CANCELLED_UNSEEN] = 1
    for state in sorted(moves):
        if moves[state]:
            add(academie_id=academie_id, state=state, n=moves[state])


def recount():
    """Recompute the counts from the requests; returns the (académie, state) pairs that were
    wrong, with their (kept, actual) counts. The counter rows are locked while they are
    recomputed, so a transition waits rather than writing a count that is then overwritten."""
    with transaction.atomic():
        kept = {
            (c.academie_id, c.state): c.n
            for c in StateCount.objects.select_for_update().order_by("academie_id", "state")
        }
        actual = {
            (row["academie"], row["state"]): row["n"]
            for row in AntRequest.objects.order_by()
            .values("academie", "state")
            .annotate(n=Count("pk"))
        }
        for row in (
            AntRequest.objects.filter(state="cancelled", endorsed_at__isnull=True)
            .order_by()
            .values("academie")
            .annotate(n=Count("pk"))
        ):
            actual[(row["academie"], CANCELLED_UNSEEN)] = row["n"]
        for pair in kept.keys() | actual.keys():
            if kept.get(pair) != actual.get(pair, 0):
                academie_id, state = pair
                StateCount.objects.update_or_create(
                    academie_id=academie_id, state=state, defaults={"n": actual.get(pair, 0)}
                )
    return {
        pair: (kept.get(pair, 0), actual.get(pair, 0))
        for pair in kept.keys() | actual.keys()
        if kept.get(pair, 0) != actual.get(pair, 0)
    }
