"""Who takes part in a session: the designated public convened, open enrolment, invitations,
the capacity and its waiting list (issue 11, points 2 and 3).

- A session « à public désigné » is for people the institution names: the confirmed team of
  an ANT, the ambassadors of a cohort, the accepted enrolments of a M@gistère session, the
  animateurs of a module's promotion. Convening them enrols them and sends each a convocation
  (it serves as the mission order) with the .ics. The designated public ignores the capacity:
  the institution decided who comes, a place count does not turn them away.
- A session « inscription libre » takes enrolments from the teachers of its académie; one
  « sur invitation » from the people its managers invite. Both respect the capacity: past it,
  people go on the waiting list, by order of arrival, and the first is promoted when an
  enrolled person leaves.

Every write locks the session's row first (`_lock`), so the count of enrolled people and the
decision it drives are one step for concurrent requests (see `enrol`).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programmes.models import Ambassador, Animateur, Enrolment
from requests.models import TeamMember
from workshops.models import Participant, Session
from workshops.notices import tell

OPEN_STATUSES = (Session.Status.PLANNED, Session.Status.CONFIRMED)

# What the designated public of each kind of session is, as the page says it.
DESIGNATED_PUBLICS = {
    Session.Kind.ANT: gettext_lazy("les membres de l'équipe de l'ANT qui ont confirmé"),
    Session.Kind.AMBASSADEURS: gettext_lazy("les ambassadeurs et ambassadrices de la cohorte"),
    Session.Kind.MAGISTERE: gettext_lazy("les inscriptions acceptées de la session M@gistère"),
    Session.Kind.MODULE: gettext_lazy("les animateurs et animatrices de la promotion"),
}


class EnrolmentError(Exception):
    """A rule of enrolment refused the action; the message is for the user."""


@dataclass(frozen=True)
class Convened:
    """What « Convoquer le public désigné » did: people newly enrolled, convocations sent."""

    enrolled: int
    convened: int


# Reads ---------------------------------------------------------------------------------------
def enrolled_count(session):
    return Participant.objects.filter(session=session, status=Participant.Status.ENROLLED).count()


def has_room(session):
    """Whether one more person may be enrolled (no capacity: always)."""
    return session.capacity is None or enrolled_count(session) < session.capacity


def waiting_rank(participant):
    """1 for the first on the waiting list (by arrival, then pk), None when not waiting."""
    if participant.status != Participant.Status.WAITING:
        return None
    ahead = Participant.objects.filter(
        session_id=participant.session_id, status=Participant.Status.WAITING
    ).filter(
        Q(created_at__lt=participant.created_at)
        | Q(created_at=participant.created_at, pk__lt=participant.pk)
    )
    return ahead.count() + 1


def designated_public(session):
    """The users the institution names for `session`, or None when its kind has no such public
    (a workshop with pupils, another session): the page says so."""
    active = {"user__is_active": True}
    if session.kind == Session.Kind.ANT:
        if session.ant_request_id is None:
            return []
        rows = TeamMember.objects.filter(
            request_id=session.ant_request_id, status=TeamMember.Status.CONFIRMED, **active
        )
    elif session.kind == Session.Kind.AMBASSADEURS:
        if session.cohort_id is None:
            return []
        rows = Ambassador.objects.filter(cohort_id=session.cohort_id, **active)
    elif session.kind == Session.Kind.MAGISTERE:
        if session.parcours_session_id is None:
            return []
        rows = Enrolment.objects.filter(
            session_id=session.parcours_session_id, state=Enrolment.State.ACCEPTED, **active
        )
    elif session.kind == Session.Kind.MODULE:
        if session.training_module_id is None:
            return []
        rows = Animateur.objects.filter(promotion__modules=session.training_module_id, **active)
    else:
        return None
    people = {}
    for row in rows.select_related("user").order_by("user__full_name", "user_id"):
        people.setdefault(row.user_id, row.user)
    return list(people.values())


def check_takes_people(session, now=None):
    """Raise EnrolmentError when `session` can take no one: cancelled, done, undated or past."""
    now = now or timezone.now()
    if session.status == Session.Status.CANCELLED:
        raise EnrolmentError(_("Cette séance est annulée\u00a0: elle ne prend plus d'inscription."))
    if session.status == Session.Status.DONE:
        raise EnrolmentError(_("Cette séance a eu lieu\u00a0: elle ne prend plus d'inscription."))
    if session.starts_at is None:
        raise EnrolmentError(
            _("Cette séance n'a pas encore de date\u00a0: les inscriptions ouvriront avec elle.")
        )
    if session.starts_at <= now:
        raise EnrolmentError(
            _("Cette séance a commencé ou est passée\u00a0: elle ne prend plus d'inscription.")
        )


# Writes --------------------------------------------------------------------------------------
def _lock(session):
    """Lock the session's row until the end of the transaction and return it fresh.

    Every function that counts the enrolled people and acts on the count (enrol, accept an
    invitation, cancel and promote) takes this lock first. A second transaction asking for it
    waits until the first commits, and its count, a new statement under READ COMMITTED, then
    sees the first one's enrolment: two people cannot both take the last place."""
    return Session.objects.select_for_update().get(pk=session.pk)


def _tell(session, users, *, kind, context=None, **options):
    """`notices.tell` with the trainers every message of this module names."""
    trainers = [t.user for t in session.trainers.select_related("user").order_by("role", "pk")]
    return tell(
        session, users, kind=kind, context={"trainers": trainers, **(context or {})}, **options
    )


def _convene(session, participants, now):
    for participant in participants:
        participant.convened_at = now
        participant.save(update_fields=["convened_at"])
    if participants:
        _tell(session, [p.user for p in participants], kind="convocation")


def _take_place(participant, now):
    """Enrol `participant` if there is room, or put them on the waiting list; tell them."""
    room = has_room(participant.session)
    participant.status = Participant.Status.ENROLLED if room else Participant.Status.WAITING
    participant.created_at = now  # the waiting list's order: the latest arrival is last
    participant.convened_at = None
    participant.save()
    if room:
        _tell(participant.session, [participant.user], kind="enrolled")
    else:
        _tell(
            participant.session,
            [participant.user],
            kind="waiting_list",
            context={"rank": waiting_rank(participant)},
            with_ics=False,
        )
    return participant


@transaction.atomic
def convene_designated(*, session, by):
    """« Convoquer le public désigné »: enrol the session's designated public and send a
    convocation to everyone enrolled who has not had one yet.

    Nobody is enrolled twice; a person on the waiting list or invited is enrolled; a person
    who left the session or was removed from it stays out (a manager adds them back one by
    one). The capacity is ignored: the institution designates. Returns a `Convened`."""
    locked = _lock(session)
    check_takes_people(locked)
    if locked.public != Session.Public.DESIGNATED:
        raise EnrolmentError(_("Cette séance n'est pas à public désigné."))
    people = designated_public(session)
    if people is None:
        raise EnrolmentError(
            _(
                "Cette séance n'a pas de public désigné à convoquer\u00a0: ajoutez les "
                "personnes une à une."
            )
        )
    now = timezone.now()
    existing = {p.user_id: p for p in Participant.objects.filter(session=session)}
    enrolled = 0
    for user in people:
        participant = existing.get(user.pk)
        if participant is None:
            Participant.objects.create(
                session=session,
                user=user,
                origin=Participant.Origin.DESIGNATED,
                status=Participant.Status.ENROLLED,
                created_at=now,
            )
            enrolled += 1
        elif participant.status in (Participant.Status.WAITING, Participant.Status.INVITED):
            participant.status = Participant.Status.ENROLLED
            participant.origin = Participant.Origin.DESIGNATED
            participant.save(update_fields=["status", "origin"])
            enrolled += 1
    to_convene = list(
        Participant.objects.filter(
            session=session, status=Participant.Status.ENROLLED, convened_at__isnull=True
        ).select_related("user")
    )
    _convene(session, to_convene, now)
    return Convened(enrolled=enrolled, convened=len(to_convene))


@transaction.atomic
def add_designated(*, session, user, by):
    """A manager designates one more person: enrolled whatever the capacity, and convened."""
    locked = _lock(session)
    check_takes_people(locked)
    participant = Participant.objects.filter(session=session, user=user).first()
    if participant is not None and participant.status == Participant.Status.ENROLLED:
        raise EnrolmentError(
            _("%(name)s figure déjà parmi les participants.") % {"name": user.full_name}
        )
    now = timezone.now()
    participant = participant or Participant(session=session, user=user)
    participant.origin = Participant.Origin.DESIGNATED
    participant.status = Participant.Status.ENROLLED
    participant.created_at = now
    participant.save()
    _convene(session, [participant], now)
    return participant


@transaction.atomic
def enrol(*, session, user):
    """A teacher enrols in an open session (the view checked they may): enrolled while there
    is room, else on the waiting list and told their rank.

    Two teachers asking for the last place at once: both transactions ask for the session's
    row lock (`_lock`); the second waits for the first to commit, then counts the first's
    enrolment and goes on the waiting list."""
    locked = _lock(session)
    check_takes_people(locked)
    if locked.public != Session.Public.OPEN:
        raise EnrolmentError(_("Cette séance n'est pas ouverte aux inscriptions."))
    participant = Participant.objects.filter(session=session, user=user).first()
    if participant is not None:
        if participant.status == Participant.Status.ENROLLED:
            raise EnrolmentError(_("Votre inscription à cette séance est déjà enregistrée."))
        if participant.status == Participant.Status.WAITING:
            raise EnrolmentError(_("Vous êtes déjà sur la liste d'attente de cette séance."))
    participant = participant or Participant(session=session, user=user)
    participant.session = session
    participant.origin = Participant.Origin.ENROLMENT
    return _take_place(participant, timezone.now())


@transaction.atomic
def invite(*, session, user, by):
    """A manager invites someone to a session « sur invitation »; they answer on its page."""
    locked = _lock(session)
    check_takes_people(locked)
    if locked.public != Session.Public.INVITATION:
        raise EnrolmentError(_("Cette séance n'est pas sur invitation."))
    participant = Participant.objects.filter(session=session, user=user).first()
    if participant is not None and participant.status == Participant.Status.INVITED:
        raise EnrolmentError(
            _("%(name)s a déjà reçu une invitation à cette séance.") % {"name": user.full_name}
        )
    if participant is not None and participant.status != Participant.Status.CANCELLED:
        raise EnrolmentError(
            _("%(name)s figure déjà parmi les participants.") % {"name": user.full_name}
        )
    participant = participant or Participant(session=session, user=user)
    participant.origin = Participant.Origin.INVITATION
    participant.status = Participant.Status.INVITED
    participant.created_at = timezone.now()
    participant.convened_at = None
    participant.save()
    _tell(session, [user], kind="invitation", context={"by": by}, with_ics=False)
    return participant


@transaction.atomic
def answer_invitation(*, participant, accept):
    """The invited person accepts (enrolled, or on the waiting list when the session is full)
    or declines."""
    session = participant.session
    locked = _lock(session)
    participant = Participant.objects.select_related("user").get(pk=participant.pk)
    participant.session = session
    if participant.status != Participant.Status.INVITED:
        raise EnrolmentError(_("Vous avez déjà répondu à cette invitation."))
    check_takes_people(locked)
    if not accept:
        participant.status = Participant.Status.CANCELLED
        participant.save(update_fields=["status"])
        return participant
    return _take_place(participant, timezone.now())


@transaction.atomic
def unenrol(*, participant, by):
    """`by` leaves the session (themselves) or removes `participant` from it (a manager).

    The person is told (with the .ics that takes the session out of their calendar when they
    were enrolled); an invitation withdrawn is withdrawn silently. When an enrolled person
    leaves, the first people on the waiting list take the places freed (`promote_waiting`).
    A designated person does not leave on their own: the institution convened them."""
    session = participant.session
    locked = _lock(session)
    participant = Participant.objects.select_related("user").get(pk=participant.pk)
    participant.session = session
    own = participant.user_id == by.pk
    if participant.status == Participant.Status.CANCELLED:
        raise EnrolmentError(_("Cette inscription est déjà annulée."))
    if locked.status not in OPEN_STATUSES or (
        locked.starts_at is not None and locked.starts_at <= timezone.now()
    ):
        raise EnrolmentError(
            _("Cette séance est annulée, commencée ou passée\u00a0: la liste ne change plus.")
        )
    if (
        own
        and participant.origin == Participant.Origin.DESIGNATED
        and participant.status == Participant.Status.ENROLLED
    ):
        raise EnrolmentError(
            _(
                "Votre participation a été décidée par l'institution\u00a0: pour une dispense, "
                "adressez-vous aux formateurs de la séance."
            )
        )
    previous = participant.status
    participant.status = Participant.Status.CANCELLED
    participant.save(update_fields=["status"])
    if previous != Participant.Status.INVITED:
        _tell(
            session,
            [participant.user],
            kind="unenrolled",
            context={"by_manager": not own, "was_waiting": previous == Participant.Status.WAITING},
            cancelled=True,
            with_ics=previous == Participant.Status.ENROLLED,
        )
    if previous == Participant.Status.ENROLLED:
        promote_waiting(session)
    return participant


def promote_waiting(session):
    """Inside a transaction holding the session's lock: enrol the first on the waiting list
    (by arrival, then pk) while there is room, and tell each of them (with the .ics).
    Returns the participants promoted."""
    promoted = []
    while has_room(session):
        first = (
            Participant.objects.filter(session=session, status=Participant.Status.WAITING)
            .select_related("user")
            .order_by("created_at", "pk")
            .first()
        )
        if first is None:
            break
        first.status = Participant.Status.ENROLLED
        first.save(update_fields=["status"])
        promoted.append(first)
    if promoted:
        _tell(session, [p.user for p in promoted], kind="promoted")
    return promoted


# The session page ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PageFacts:
    """What the session page's enrolment area shows beyond what the page already has."""

    may_enrol: bool
    enrolled: int
    places_left: int | None
    rank: int | None
    designated_public: str


def detail_context(user, session, mine):
    """Extra context for the session page (workshops/views/sessions.py `detail`):
    `{"enrolment": PageFacts}`. Three queries at most, whatever the participants."""
    from workshops.permissions import may_enrol_openly

    count = enrolled_count(session)
    return {
        "enrolment": PageFacts(
            may_enrol=may_enrol_openly(user, session),
            enrolled=count,
            places_left=max(session.capacity - count, 0) if session.capacity else None,
            rank=waiting_rank(mine) if mine is not None else None,
            designated_public=str(DESIGNATED_PUBLICS.get(session.kind, "")),
        )
    }
