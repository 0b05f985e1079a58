"""Sessions and the ANT request they carry out (issue 11, point 1).

Scheduling the first session of a validated request starts it (« en cours »); the request
cannot be declared completed while one of its sessions is still to be held.
"""

from django.utils.translation import ngettext

from requests import workflow
from requests.models import State
from workshops.models import Session

OPEN_STATUSES = (Session.Status.PLANNED, Session.Status.CONFIRMED)


def start_on_first_session(session, *, by):
    """Inside the scheduling transaction: a validated request moves to « en cours » with its
    first dated session. The workflow checks the actor and the conditions as for a click."""
    ant = session.ant_request
    if ant is None or ant.state != State.VALIDATED or session.starts_at is None:
        return None
    return workflow.perform(ant, "start", by=by)


def transition_check(ant, name):
    """ANT_TRANSITION_CHECKS: a request is completed once all its sessions are held."""
    if name != "complete":
        return ""
    pending = Session.objects.filter(ant_request=ant, status__in=OPEN_STATUSES).count()
    if not pending:
        return ""
    return ngettext(
        "Une séance de cette formation n'est pas encore réalisée\u00a0: elle ne peut pas être "
        "déclarée terminée.",
        "%(count)d séances de cette formation ne sont pas encore réalisées\u00a0: elle ne peut pas "
        "être déclarée terminée.",
        pending,
    ) % {"count": pending}
