"""Observation requests accepted onto workshops (issue 11, point 5).

A professional asked the SAIO to observe an ambition-confiance workshop
(`programmes.brigade.ask_to_observe`). Here the brigade's programme staff see the pending
requests beside the upcoming workshops (sessions of kind `atelier` of the programme, dated,
planned or confirmed, in a school) and accept one onto a workshop:

- at most `brigade.max_observers_per_workshop` observers in a workshop (Participants of
  origin observer, enrolled), counted while the session's row is locked so that two decisions
  at once cannot both take the last place; the rule of the brigade (that many observers the
  same day in the same school) is `accept_observation`'s and applies as well;
- the request is accepted for the workshop's day and host school (`accept_observation`, which
  does not write its own message here: the convocation says it all);
- the observer becomes the workshop's participant (origin observer, linked to the request);
- they are enrolled (accepted, by invitation) in the brigade's preparation course, the
  M@gistère module `brigade.preparation_module`: in the académie's session of that parcours
  for the workshop's school year, or in one created for it, organised by the accepting staff;
- they are convened (kind `observation_convocation`, with the .ics).

All of it in one transaction: a refusal leaves nothing written.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import dates
from programmes import magistere
from programmes.brigade import accept_observation
from programmes.models import Enrolment, ObservationRequest, ParcoursSession
from workshops import ics, notices
from workshops.models import Participant, Session

# How far ahead the page looks for workshops, beyond the latest preferred date it shows.
HORIZON = datetime.timedelta(days=180)
# Workshops shown per request, the nearest to its preferred dates first.
WORKSHOPS_PER_REQUEST = 6


class ObservationError(Exception):
    """The workshop cannot take this observer; the message is for the user."""


def observers_q():
    return Q(
        participants__origin=Participant.Origin.OBSERVER,
        participants__status=Participant.Status.ENROLLED,
    )


def upcoming_workshops(brigade, now=None):
    """The workshops of the brigade's programme an observer may still be accepted onto, each
    with `observers` (enrolled observers) and `places_left`, soonest first."""
    now = now or timezone.now()
    return (
        Session.objects.filter(
            programme_id=brigade.programme_id,
            kind=Session.Kind.ATELIER,
            status__in=(Session.Status.PLANNED, Session.Status.CONFIRMED),
            starts_at__gt=now,
            host_school__isnull=False,
        )
        .select_related("host_school")
        .annotate(observers=Count("participants", filter=observers_q()))
        .order_by("starts_at", "pk")
    )


def places_left(brigade, observers):
    return max(brigade.max_observers_per_workshop - observers, 0)


def distance(observation, day):
    """Days between `day` and the request's preferred dates (0 within them or when it gave
    none): the order in which its workshops are offered."""
    start, end = observation.preferred_from, observation.preferred_until
    if start and day < start:
        return (start - day).days
    if end and day > end:
        return (day - end).days
    return 0


def pending_with_workshops(brigade, now=None):
    """The brigade's pending requests, oldest first, each with `workshops`: the upcoming
    workshops within or nearest its preferred dates (two queries whatever the numbers)."""
    now = now or timezone.now()
    pending = list(
        ObservationRequest.objects.filter(brigade=brigade, status=ObservationRequest.Status.PENDING)
        .select_related("requester")
        .order_by("created_at", "pk")
    )
    if not pending:
        return []
    today = timezone.localdate(now)
    latest = max([today] + [d for r in pending for d in (r.preferred_from, r.preferred_until) if d])
    until = timezone.make_aware(datetime.datetime.combine(latest + HORIZON, datetime.time()))
    workshops = list(upcoming_workshops(brigade, now).filter(starts_at__lt=until))
    for workshop in workshops:
        workshop.day = timezone.localdate(workshop.starts_at)
        workshop.places_left = places_left(brigade, workshop.observers)
    for observation in pending:
        observation.workshops = sorted(
            workshops, key=lambda w, o=observation: (distance(o, w.day), w.starts_at, w.pk)
        )[:WORKSHOPS_PER_REQUEST]
    return pending


@transaction.atomic
def accept_for_workshop(*, observation, session, by):
    """Accept `observation` onto the workshop `session` (see the module's docstring); returns
    the observer's Participant. Raises ObservationError (or the brigade's BrigadeError)."""
    brigade = observation.brigade
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("programme", "host_school")
        .get(pk=session.pk)
    )
    if (
        session.programme_id != brigade.programme_id
        or session.kind != Session.Kind.ATELIER
        or session.status not in (Session.Status.PLANNED, Session.Status.CONFIRMED)
        or session.starts_at is None
        or session.starts_at <= timezone.now()
        or session.host_school_id is None
    ):
        raise ObservationError(
            _("Cet atelier n'accueille pas d'observateur\u00a0: choisissez un atelier à venir.")
        )
    limit = brigade.max_observers_per_workshop
    taken = Participant.objects.filter(
        session=session,
        origin=Participant.Origin.OBSERVER,
        status=Participant.Status.ENROLLED,
    ).count()
    if taken >= limit:
        raise ObservationError(
            ngettext(
                "L'atelier du %(day)s est complet\u00a0: il accueille au plus %(count)s "
                "observateur.",
                "L'atelier du %(day)s est complet\u00a0: il accueille au plus %(count)s "
                "observateurs.",
                limit,
            )
            % {"day": dates.day(session.starts_at), "count": limit}
        )
    requester = observation.requester
    earlier = Participant.objects.filter(session=session, user=requester).first()
    if earlier is not None and earlier.status != Participant.Status.CANCELLED:
        raise ObservationError(
            _("%(name)s participe déjà à cet atelier.") % {"name": requester.full_name}
        )
    observation = accept_observation(
        observation=observation,
        day=timezone.localdate(session.starts_at),
        school=session.host_school,
        by=by,
        notify_requester=False,
    )
    # Someone who had left the workshop comes back as its observer (one row per person).
    participant = earlier or Participant(session=session, user=requester)
    participant.origin = Participant.Origin.OBSERVER
    participant.status = Participant.Status.ENROLLED
    participant.observation_request = observation
    participant.convened_at = timezone.now()
    participant.save()
    module = brigade.preparation_module
    if module is not None:
        enrol_in_preparation(
            brigade=brigade, user=requester, school_year=session.school_year, by=by
        )
    notices.tell(
        session,
        [requester],
        kind="observation_convocation",
        context={
            "observation": observation,
            "module": module,
            "day": dates.day(session.starts_at),
            "when": render_to_string("workshops/session/_when.html", {"session": session}).strip(),
            "place": ics.location(session),
        },
    )
    return participant


def enrol_in_preparation(*, brigade, user, school_year, by):
    """An accepted enrolment (by invitation) of `user` in the académie's session of the
    brigade's preparation module for `school_year`, created when there is none (organised by
    `by`, closed to candidatures). Call it inside the acceptance's transaction: the brigade's
    row, locked there, keeps two acceptances from creating two sessions."""
    module = brigade.preparation_module
    academie_id = brigade.programme.academie_id
    parcours_session = (
        ParcoursSession.objects.filter(
            parcours=module, academie_id=academie_id, school_year=school_year
        )
        .order_by("created_at", "pk")
        .first()
    )
    if parcours_session is None:
        parcours_session = magistere.create_session(
            session=ParcoursSession(
                parcours=module,
                academie_id=academie_id,
                school_year=school_year,
                plan=ParcoursSession.Plan.ACADEMIQUE,
                open_to_candidates=False,
                contextualisation=_(
                    "Préparation des professionnels accueillis en observation d'un atelier "
                    "ambition-confiance."
                ),
            ),
            trainers=[],
            by=by,
        )
    now = timezone.now()
    enrolment, created = Enrolment.objects.get_or_create(
        session=parcours_session,
        user=user,
        defaults={
            "origin": Enrolment.Origin.INVITATION,
            "state": Enrolment.State.ACCEPTED,
            "answered_at": now,
            "answered_by": by,
        },
    )
    if not created and enrolment.state != Enrolment.State.ACCEPTED:
        # A candidature left pending or declined earlier: the observation accepts it.
        enrolment.state = Enrolment.State.ACCEPTED
        enrolment.answered_at = now
        enrolment.answered_by = by
        enrolment.save(update_fields=["state", "answered_at", "answered_by"])
    return enrolment
