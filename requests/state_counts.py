"""The counts per académie and state that database triggers keep (StateCount, migration 0003).

The triggers live in the database, not in the code: a later migration that rebuilds
requests_antrequest on SQLite (most field alterations do) drops them, and on PostgreSQL they
forbid changing the type of `state` until they are dropped. `installed_triggers()` says what is
there (a test requires all three after every migration) and `recount()` puts the counts right
from the requests (`manage.py recount_ant_states`)."""

from django.db import connection, transaction
from django.db.models import Count

from requests.models import AntRequest, StateCount

TRIGGERS = {
    "postgresql": {"requests_count_states_insert_delete", "requests_count_states_update"},
    "sqlite": {
        "requests_count_states_insert",
        "requests_count_states_delete",
        "requests_count_states_update",
    },
}


def installed_triggers():
    """The names of the state-count triggers on requests_antrequest."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid = 'requests_antrequest'::regclass"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'requests_antrequest'"
            )
        return {name for (name,) in cursor.fetchall()} & TRIGGERS[connection.vendor]


def recount():
    """Recompute the counts from the requests; returns the (académie, state) pairs that were
    wrong, with their (kept, actual) counts."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Requests do not move while they are counted (their triggers would race the count).
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE requests_antrequest IN SHARE MODE")
        kept = {(c.academie_id, c.state): c.n for c in StateCount.objects.all() if c.n}
        actual = {
            (row["academie"], row["state"]): row["n"]
            for row in AntRequest.objects.order_by()
            .values("academie", "state")
            .annotate(n=Count("pk"))
        }
        StateCount.objects.all().delete()
        StateCount.objects.bulk_create(
            StateCount(academie_id=academie, state=state, n=n)
            for (academie, state), n in actual.items()
        )
    return {
        pair: (kept.get(pair, 0), actual.get(pair, 0))
        for pair in kept.keys() | actual.keys()
        if kept.get(pair, 0) != actual.get(pair, 0)
    }
