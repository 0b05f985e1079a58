"""Reminders 7 days and 1 day before a session (issue 11, point 7), sent by Celery beat every
ten minutes (workshops.tasks.send_session_reminders, config/celery.py).

Who: the session's trainers and its enrolled participants (observers included; never the
waiting list nor the people who left), active accounts only. What: one message per person
and reminder through the outbox (`workshops.notices.tell`, kind `reminder`, with the .ics).

When a reminder is « due », for a dated session that is planned or confirmed (never
cancelled nor done), starting at S, at the moment `now` (7 days being 7 × 24 hours):

- the 7-day reminder when S − 7 days ≤ now < S − 1 day, for a session whose date was already
  S at S − 7 days and, among the participants, for those already enrolled at S − 7 days
  (their histories say so; a row with no history, loaded in bulk, counts from its creation).
  Someone convened inside the last week has just been told, and « dans 7 jours » would be
  untrue: a session scheduled 3 days ahead gets only the 1-day reminder, and so does a
  session moved inside the week, or a person enrolled or promoted from the waiting list
  inside it;
- the 1-day reminder when S − 1 day ≤ now < S.

A reminder not sent inside its window (beat stopped for days) is not sent late: once the
1-day window opens the 7-day reminder is no longer due, and nothing goes once the session
has started.

Never twice: a `ReminderSent` row (unique session, user, lead) is written in the same
transaction as the person's message. Each session's reminders are written in a transaction
that locks the session's row, so two runs at once (a restarted beat, two workers) take the
sessions one after the other and the second finds the rows of the first; a conflict on the
unique row (another writer) skips that person alone, the others of the session still go.
"""

from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from workshops import ics, notices
from workshops.models import Participant, ReminderSent, Session, SessionTrainer

Lead = ReminderSent.Lead
ACTIVE = (Session.Status.PLANNED, Session.Status.CONFIRMED)
WEEK = timedelta(days=7)
DAY = timedelta(days=1)


def window(lead):
    """(earliest, latest) time before the start at which `lead`'s reminder is due: it is due
    when start − earliest ≤ now < start − latest."""
    return (WEEK, DAY) if lead == Lead.WEEK else (DAY, timedelta(0))


def due_sessions(lead, now):
    """The sessions whose `lead` reminder is due at `now` (see the module's docstring)."""
    earliest, latest = window(lead)
    sessions = Session.objects.filter(
        status__in=ACTIVE,
        starts_at__isnull=False,
        starts_at__gt=now + latest,
        starts_at__lte=now + earliest,
    )
    if lead == Lead.WEEK:
        history = Session.history.model.objects.filter(
            id=OuterRef("pk"), history_date__lte=OuterRef("starts_at") - WEEK
        )
        sessions = sessions.annotate(
            date_a_week_before=Subquery(
                history.order_by("-history_date", "-history_id").values("starts_at")[:1]
            ),
        ).filter(
            Q(date_a_week_before=F("starts_at"))
            | (~Exists(history) & Q(created_at__lte=F("starts_at") - WEEK))
        )
    return sessions


def enrolled_a_week_before(participants):
    """Those of `participants` who were already enrolled 7 days before their session (their
    history says so; a row with no history counts from its creation)."""
    history = Participant.history.model.objects.filter(
        id=OuterRef("pk"), history_date__lte=OuterRef("session__starts_at") - WEEK
    )
    return participants.annotate(
        status_a_week_before=Subquery(
            history.order_by("-history_date", "-history_id").values("status")[:1]
        )
    ).filter(
        Q(status_a_week_before=Participant.Status.ENROLLED)
        | (~Exists(history) & Q(created_at__lte=F("session__starts_at") - WEEK))
    )


def pending(lead, now):
    """{session id: [user ids]} of the reminders due at `now` and not sent yet."""
    sessions = due_sessions(lead, now).values("pk")
    sent = ReminderSent.objects.filter(
        session_id=OuterRef("session_id"), user_id=OuterRef("user_id"), lead=lead
    )
    trainers = SessionTrainer.objects.filter(session__in=sessions, user__is_active=True)
    participants = Participant.objects.filter(
        session__in=sessions, status=Participant.Status.ENROLLED, user__is_active=True
    )
    if lead == Lead.WEEK:
        participants = enrolled_a_week_before(participants)
    people = defaultdict(list)
    for rows in (trainers, participants):
        for session_id, user_id in (
            rows.exclude(Exists(sent)).order_by("pk").values_list("session_id", "user_id")
        ):
            if user_id not in people[session_id]:
                people[session_id].append(user_id)
    return people


def send_due_reminders(now=None):
    """Send every reminder due at `now` (now by default) that was not sent; returns how many
    messages were written."""
    now = now or timezone.now()
    sent = 0
    for lead in (Lead.WEEK, Lead.DAY):
        people = pending(lead, now)
        if not people:
            continue
        sessions = Session.objects.in_bulk(list(people))
        users = User.objects.in_bulk({pk for ids in people.values() for pk in ids})
        for session_id, user_ids in people.items():
            sent += remind(
                session=sessions[session_id],
                users=[users[pk] for pk in user_ids],
                lead=lead,
                now=now,
            )
    return sent


@transaction.atomic
def remind(*, session, users, lead, now):
    """Send `lead`'s reminder of `session` to those of `users` who have not had it: one
    `ReminderSent` row and one message each, in one transaction holding the session's row.
    Nothing is sent if meanwhile the session was cancelled or moved out of the window."""
    earliest, latest = window(lead)
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("programme", "host_school")
        .filter(pk=session.pk)
        .first()
    )
    if (
        session is None
        or session.status not in ACTIVE
        or session.starts_at is None
        or not (session.starts_at - earliest <= now < session.starts_at - latest)
    ):
        return 0
    told = []
    for user in users:
        # The row is what makes the reminder go once: another writer's row (committed while
        # we waited on the unique index) means that person has had it.
        _, created = ReminderSent.objects.get_or_create(
            session=session, user=user, lead=lead, defaults={"sent_at": now}
        )
        if created:
            told.append(user)
    if told:
        notices.tell(session, told, kind="reminder", context=context(session, lead))
    return len(told)


def context(session, lead):
    """What the reminder's e-mail says: how far (« dans 7 jours », « demain »), when, where."""
    return {
        "lead": int(lead),
        "when": render_to_string("workshops/session/_when.html", {"session": session}).strip(),
        "place": ics.location(session),
    }
