"""The rules of the ambition-confiance brigade (seed 000).

- An animateur's current status is the latest entry of their dated history on or before the
  day; « réintégré » only follows « ancien » (« bientôt rejoints par deux anciennes
  animatrices »). Their programme membership (ANIMATEUR) ends when they leave and starts
  again when they rejoin.
- An animateur is qualified to run workshops once they completed every required module of
  their promotion (`with_standing`, the one place the rule is written; no promotion, or a
  promotion with no required module yet, qualifies no one).
- Counts per level are counted from the teams.
- Observation requests: any professional of the académie asks; the programme's staff accept
  (a day and a school of the académie, at most `max_observers_per_workshop` observers a day
  in one school) or decline (with a reason). The observer is told by e-mail, through the
  outbox, in the same transaction.
"""

from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.permissions import academie_ids
from notifications.services import notify
from programmes.models import (
    Animateur,
    AnimateurStatus,
    Brigade,
    ModuleCompletion,
    ObservationRequest,
    ProgrammeMembership,
    TrainerTeam,
    TrainingModule,
)
from programmes.permissions import staff_programmes

Status = AnimateurStatus.Status
# The statuses in which an animateur animates workshops (and holds the membership).
ANIMATING = frozenset({Status.ACTIF, Status.REINTEGRE})


class BrigadeError(Exception):
    """A rule of the brigade refused the change; the message is for the user."""


# Reads -----------------------------------------------------------------------------------------
def with_standing(animateurs, day=None):
    """`animateurs` annotated with `current_status` (on `day`, today by default),
    `required_count`, `done_count` and `qualified`: the qualification rule."""
    day = day or timezone.localdate()
    latest = AnimateurStatus.objects.filter(animateur=OuterRef("pk"), on__lte=day).order_by(
        "-on", "-pk"
    )
    required = (
        TrainingModule.objects.filter(promotion=OuterRef("promotion"), required=True)
        .order_by()
        .values("promotion")
        .annotate(n=Count("pk"))
        .values("n")
    )
    done = (
        ModuleCompletion.objects.filter(
            animateur=OuterRef("pk"),
            module__promotion=OuterRef("promotion"),
            module__required=True,
            completed_on__lte=day,
        )
        .order_by()
        .values("animateur")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return animateurs.annotate(
        current_status=Subquery(latest.values("status")[:1]),
        required_count=Coalesce(Subquery(required), Value(0), output_field=IntegerField()),
        done_count=Coalesce(Subquery(done), Value(0), output_field=IntegerField()),
    ).annotate(
        qualified=Case(
            When(required_count__gt=0, done_count__gte=F("required_count"), then=Value(True)),
            default=Value(False),
        )
    )


def is_qualified(animateur, day=None):
    """Whether `animateur` may run workshops on `day`: see `with_standing`."""
    return (
        with_standing(Animateur.objects.filter(pk=animateur.pk), day)
        .values_list("qualified", flat=True)
        .get()
    )


def current_status(animateur, day=None):
    return (
        with_standing(Animateur.objects.filter(pk=animateur.pk), day)
        .values_list("current_status", flat=True)
        .get()
    )


def teams_per_level(brigade):
    """{level: number of teams}, every level present (0 when it has none)."""
    counts = dict(
        TrainerTeam.objects.filter(brigade=brigade)
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    return {level: counts.get(level, 0) for level in TrainerTeam.Level.values}


def status_counts(brigade, day=None):
    """{status: number of animateurs whose current status it is}, every status present."""
    rows = (
        with_standing(Animateur.objects.filter(brigade=brigade), day)
        .order_by()
        .values_list("current_status")
        .annotate(n=Count("pk"))
    )
    counts = dict(rows)
    return {status: counts.get(status, 0) for status in Status.values}


def accepted_observers(brigade, day, school):
    return ObservationRequest.objects.filter(
        brigade=brigade,
        status=ObservationRequest.Status.ACCEPTED,
        observation_day=day,
        observation_school=school,
    ).count()


# Animateurs ------------------------------------------------------------------------------------
@transaction.atomic
def add_animateur(*, brigade, user, profession, town, home_school=None, promotion=None, by,
                  since=None):  # fmt: skip
    """A person joins the brigade: « en formation » from `since` (today by default) and a
    membership ANIMATEUR of the programme."""
    since = since or timezone.localdate()
    if Animateur.objects.filter(brigade=brigade, user=user).exists():
        raise BrigadeError(_("%(name)s fait déjà partie de la brigade.") % {"name": user.full_name})
    animateur = Animateur.objects.create(
        brigade=brigade,
        user=user,
        profession=profession,
        town=town,
        home_school=home_school,
        promotion=promotion,
    )
    AnimateurStatus.objects.create(
        animateur=animateur, status=Status.EN_FORMATION, on=since, recorded_by=by
    )
    _start_membership(animateur, since)
    return animateur


@transaction.atomic
def record_status(*, animateur, status, on, note="", by):
    """Add a dated entry to the animateur's history. One entry a day; « réintégré » only for
    someone who is « ancien » on that day; the same status twice in a row says nothing new."""
    if AnimateurStatus.objects.filter(animateur=animateur, on=on).exists():
        raise BrigadeError(_("Un statut est déjà enregistré à cette date."))
    before = (
        AnimateurStatus.objects.filter(animateur=animateur, on__lt=on)
        .order_by("-on", "-pk")
        .values_list("status", flat=True)
        .first()
    )
    if status == Status.REINTEGRE and before != Status.ANCIEN:
        raise BrigadeError(_("Seule une personne sortie de la brigade peut y revenir."))
    if status == before:
        raise BrigadeError(_("C'est déjà le statut à cette date."))
    entry = AnimateurStatus.objects.create(
        animateur=animateur, status=status, on=on, note=note, recorded_by=by
    )
    if status == Status.ANCIEN:
        _end_membership(animateur, on)
    elif status in ANIMATING | {Status.EN_FORMATION}:
        _start_membership(animateur, on)
    return entry


def _memberships(animateur):
    return ProgrammeMembership.objects.filter(
        programme_id=animateur.brigade.programme_id,
        user_id=animateur.user_id,
        function=ProgrammeMembership.Function.ANIMATEUR,
    )


def _start_membership(animateur, since):
    if not _memberships(animateur).filter(ended_on__isnull=True).exists():
        ProgrammeMembership.objects.create(
            programme_id=animateur.brigade.programme_id,
            user_id=animateur.user_id,
            function=ProgrammeMembership.Function.ANIMATEUR,
            started_on=since,
        )


def _end_membership(animateur, on):
    for membership in _memberships(animateur).filter(ended_on__isnull=True):
        membership.ended_on = max(on, membership.started_on)
        membership.save(update_fields=["ended_on"])


@transaction.atomic
def record_completion(*, animateur, module, completed_on, by):
    """The animateur completed `module` (a module of their promotion) on `completed_on`: not
    before the module starts, not in the future, once."""
    if module.promotion_id != animateur.promotion_id:
        raise BrigadeError(
            _("%(name)s n'appartient pas à la promotion de ce module.")
            % {"name": animateur.user.full_name}
        )
    if completed_on < module.starts_on:
        raise BrigadeError(_("Le module ne peut pas être terminé avant d'avoir commencé."))
    if completed_on > timezone.localdate():
        raise BrigadeError(_("La date de fin ne peut pas être dans le futur."))
    if ModuleCompletion.objects.filter(animateur=animateur, module=module).exists():
        raise BrigadeError(
            _("Le module est déjà enregistré comme terminé pour %(name)s.")
            % {"name": animateur.user.full_name}
        )
    return ModuleCompletion.objects.create(
        animateur=animateur, module=module, completed_on=completed_on, recorded_by=by
    )


@transaction.atomic
def save_team(*, team, members):
    """Save a team and its members, who must be animateurs of the team's brigade."""
    if any(member.brigade_id != team.brigade_id for member in members):
        raise BrigadeError(_("Les membres d'une équipe font partie de sa brigade."))
    team.save()
    team.members.set(members)
    return team


# Observation requests --------------------------------------------------------------------------
def staff_brigades(user):
    """The brigades the user is staff of, each with `pending`: its requests awaiting a
    decision (for the SAIO's dashboard)."""
    return list(
        Brigade.objects.filter(programme__in=staff_programmes(user))
        .select_related("programme")
        .annotate(
            pending=Count(
                "observation_requests",
                filter=Q(observation_requests__status=ObservationRequest.Status.PENDING),
            )
        )
        .order_by("programme__title")
    )


def may_ask_to_observe(user, brigade):
    """Any professional of the académie: a current role there."""
    return brigade.programme.academie_id in academie_ids(user)


def _staff(brigade):
    today = timezone.localdate()
    memberships = ProgrammeMembership.objects.filter(
        programme_id=brigade.programme_id,
        function=ProgrammeMembership.Function.STAFF,
        started_on__lte=today,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    return [m.user for m in memberships.select_related("user").order_by("user__full_name")]


@transaction.atomic
def ask_to_observe(*, brigade, requester, reason, preferred_period, preferred_from=None,
                   preferred_until=None):  # fmt: skip
    """A professional asks to observe; the programme's staff are told."""
    if not may_ask_to_observe(requester, brigade):
        raise BrigadeError(_("Seuls les professionnels de l'académie peuvent demander."))
    observation = ObservationRequest.objects.create(
        brigade=brigade,
        requester=requester,
        reason=reason,
        preferred_period=preferred_period,
        preferred_from=preferred_from,
        preferred_until=preferred_until,
    )
    url = reverse("programmes:brigade_observations", args=[brigade.programme.slug])
    for staff in _staff(brigade):
        notify(
            recipient=staff,
            kind="brigade_observation_requested",
            context={"observation": observation, "brigade": brigade},
            url=url,
        )
    return observation


def _pending_locked(observation):
    """The request locked for the decision; refused unless it still waits for one."""
    locked = ObservationRequest.objects.select_for_update().get(pk=observation.pk)
    if locked.status != ObservationRequest.Status.PENDING:
        raise BrigadeError(_("Cette demande a déjà reçu une réponse."))
    return locked


@transaction.atomic
def accept_observation(*, observation, day, school, by, notify_requester=True):
    """Accept: the observation day and the school of the workshop. At most
    `max_observers_per_workshop` observers the same day in the same school (the brigade's row
    is locked while counting, so two decisions at once cannot both take the last place).
    `notify_requester=False` leaves the requester's message to the caller (the workshops'
    convocation, workshops/observation.py)."""
    brigade = type(observation.brigade).objects.select_for_update().get(pk=observation.brigade_id)
    observation = _pending_locked(observation)
    if school.academie_id != brigade.programme.academie_id:
        raise BrigadeError(_("L'établissement de l'atelier doit être dans l'académie."))
    if day < timezone.localdate():
        raise BrigadeError(_("La journée d'observation ne peut pas être dans le passé."))
    taken = accepted_observers(brigade, day, school)
    if taken >= brigade.max_observers_per_workshop:
        raise BrigadeError(
            ngettext(
                "L'atelier du %(day)s (%(school)s) accueille déjà %(count)s observateur, le "
                "maximum\u00a0: choisissez une autre journée ou un autre établissement.",
                "L'atelier du %(day)s (%(school)s) accueille déjà %(count)s observateurs, le "
                "maximum\u00a0: choisissez une autre journée ou un autre établissement.",
                taken,
            )
            % {"day": _day(day), "school": school.name, "count": taken}
        )
    observation.status = ObservationRequest.Status.ACCEPTED
    observation.observation_day = day
    observation.observation_school = school
    observation.decided_at = timezone.now()
    observation.decided_by = by
    observation.save(
        update_fields=[
            "status",
            "observation_day",
            "observation_school",
            "decided_at",
            "decided_by",
        ]
    )
    if notify_requester:
        notify(
            recipient=observation.requester,
            kind="brigade_observation_accepted",
            context={
                "observation": observation,
                "brigade": brigade,
                "module": brigade.preparation_module,
            },
            url=reverse("programmes:brigade_observe", args=[brigade.programme.slug]),
        )
    return observation


@transaction.atomic
def decline_observation(*, observation, reason, by):
    """Decline, with a reason the professional reads."""
    reason = reason.strip()
    if not reason:
        raise BrigadeError(_("Indiquez le motif du refus."))
    observation = _pending_locked(observation)
    observation.status = ObservationRequest.Status.DECLINED
    observation.decline_reason = reason
    observation.decided_at = timezone.now()
    observation.decided_by = by
    observation.save(update_fields=["status", "decline_reason", "decided_at", "decided_by"])
    notify(
        recipient=observation.requester,
        kind="brigade_observation_declined",
        context={"observation": observation, "brigade": observation.brigade},
        url=reverse("programmes:brigade_observe", args=[observation.brigade.programme.slug]),
    )
    return observation


def _day(day):
    return date_format(day, "j F Y")
