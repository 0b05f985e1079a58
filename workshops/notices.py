"""Telling people about sessions, through the outbox (notifications.notify), each message
with the session's .ics so a calendar takes it in.

Each kind has its e-mail trio in workshops/templates/emails/workshops_<kind>_subject.txt,
_body.txt and _body.html; the context holds `session` (with its programme and host school)
and whatever the caller adds.
"""

from django.urls import reverse

from notifications.services import notify
from workshops import ics
from workshops.models import Participant


def concerned(session):
    """The trainers and the enrolled participants (observers included), each once."""
    people = {t.user_id: t.user for t in session.trainers.select_related("user")}
    for participant in session.participants.filter(
        status=Participant.Status.ENROLLED
    ).select_related("user"):
        people.setdefault(participant.user_id, participant.user)
    return list(people.values())


def tell(session, users, *, kind, context=None, cancelled=False, with_ics=True):
    """Write one message per user, inside the caller's transaction."""
    url = reverse("workshops:detail", args=[session.pk])
    attachment = (
        ics.attachment(session, cancelled=cancelled)
        if (with_ics and session.starts_at is not None)
        else None
    )
    return [
        notify(
            recipient=user,
            kind=f"workshops_{kind}",
            context={"session": session, **(context or {})},
            url=url,
            attachment=attachment,
        )
        for user in users
    ]
