from io import StringIO

from django.core.management import call_command

from requests.models import AntRequest, State, TransitionLog
from requests.workflow import verify_log_chain


def test_seed_demo_shows_every_state_of_the_flow_and_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    states = set(AntRequest.objects.values_list("state", flat=True))
    counts = (AntRequest.objects.count(), TransitionLog.objects.count())

    call_command("seed_demo", stdout=StringIO())

    assert states == set(State.values)
    assert (AntRequest.objects.count(), TransitionLog.objects.count()) == counts
    assert AntRequest.objects.filter(priority=True, campaign__school_year="2020-2021").count() == 2
    # Entries were written with Paris-time datetimes and read back in UTC: the chain holds.
    assert verify_log_chain() is None
