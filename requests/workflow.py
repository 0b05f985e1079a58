"""The ANT request's state machine, declared once.

`TRANSITIONS` is the whole table: each transition's sources, target, who may perform it and
whether a comment is required. `perform()` is the only code that changes `AntRequest.state`:
it checks the table, the actor's right and the transition's conditions, then in one
transaction saves the request, appends the chained log entry, posts to the request's thread
and writes the notifications to the outbox. A view cannot make an illegal move: it can only
name a transition.
"""

import hmac
import itertools
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from django.conf import settings
from django.db import transaction
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import dates
from requests import permissions, state_counts
from requests.models import (
    AntRequest,
    State,
    ThreadMessage,
    TrainingProjectRevision,
    TransitionLog,
)


class TransitionError(Exception):
    """A transition that is not allowed now; the message is for the user, in French."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: frozenset
    target: State
    actor: str  # a predicate of requests.permissions: ACTORS below
    comment_required: bool = False
    notice: str = ""  # what the people concerned are told, with %(title)s


def _t(name, label, sources, target, actor, *, comment_required=False, notice=""):
    return Transition(name, label, frozenset(sources), target, actor, comment_required, notice)


S = State
OPEN_STATES = (
    S.DRAFT,
    S.SUBMITTED,
    S.RETURNED,
    S.ENDORSED,
    S.UNDER_REVIEW,
    S.CORRECTIONS,
    S.DIAGNOSTIC,
    S.VALIDATED,
)

TRANSITIONS = {
    t.name: t
    for t in [
        _t("submit", gettext_lazy("Transmettre au chef d'établissement"),
           [S.DRAFT, S.RETURNED], S.SUBMITTED, "coordinator",
           notice=gettext_lazy("La demande « %(title)s » attend votre visa.")),
        _t("endorse", gettext_lazy("Viser et transmettre à l'EAFC"),
           [S.SUBMITTED], S.ENDORSED, "head",
           notice=gettext_lazy("La demande « %(title)s » a été visée par le chef d'établissement et transmise à l'EAFC.")),
        _t("return_to_team", gettext_lazy("Retourner à l'équipe"),
           [S.SUBMITTED], S.RETURNED, "head", comment_required=True,
           notice=gettext_lazy("Le chef d'établissement vous retourne la demande « %(title)s »." )),
        _t("start_review", gettext_lazy("Commencer l'instruction"),
           [S.ENDORSED], S.UNDER_REVIEW, "office",
           notice=gettext_lazy("L'EAFC instruit la demande « %(title)s ».")),
        _t("request_corrections", gettext_lazy("Demander des corrections"),
           [S.UNDER_REVIEW], S.CORRECTIONS, "office", comment_required=True,
           notice=gettext_lazy("L'EAFC demande des corrections sur la demande « %(title)s ».")),
        _t("corrections_made", gettext_lazy("Signaler les corrections faites"),
           [S.CORRECTIONS], S.UNDER_REVIEW, "team",
           notice=gettext_lazy("L'équipe a corrigé la demande « %(title)s ».")),
        _t("start_diagnostic", gettext_lazy("Ouvrir la phase de diagnostic"),
           [S.UNDER_REVIEW], S.DIAGNOSTIC, "office",
           notice=gettext_lazy("La demande « %(title)s » entre en phase de diagnostic avec l'équipe et les formateurs.")),
        _t("validate", gettext_lazy("Valider"),
           [S.UNDER_REVIEW, S.DIAGNOSTIC], S.VALIDATED, "office",
           notice=gettext_lazy("La demande « %(title)s » est validée.")),
        _t("reject", gettext_lazy("Refuser"),
           [S.UNDER_REVIEW, S.DIAGNOSTIC], S.REJECTED, "office", comment_required=True,
           notice=gettext_lazy("La demande « %(title)s » n'est pas retenue.")),
        _t("postpone", gettext_lazy("Reporter à la campagne suivante"),
           [S.ENDORSED, S.UNDER_REVIEW, S.DIAGNOSTIC], S.POSTPONED, "office",
           comment_required=True,
           notice=gettext_lazy("La demande « %(title)s » est reportée à la campagne suivante, où elle sera prioritaire.")),
        _t("start", gettext_lazy("Démarrer la formation"),
           [S.VALIDATED], S.IN_PROGRESS, "office_or_trainer",
           notice=gettext_lazy("La formation « %(title)s » a commencé.")),
        _t("complete", gettext_lazy("Déclarer la formation terminée"),
           [S.IN_PROGRESS], S.COMPLETED, "office_or_trainer",
           notice=gettext_lazy("La formation « %(title)s » est terminée.")),
        _t("cancel", gettext_lazy("Annuler la demande"),
           OPEN_STATES + (S.IN_PROGRESS,), S.CANCELLED, "canceller", comment_required=True,
           notice=gettext_lazy("La demande « %(title)s » est annulée.")),
    ]
}  # fmt: skip

# Who may perform a transition: name → predicate(user, ant).
ACTORS = {
    "coordinator": permissions.is_coordinator,
    "team": permissions.is_confirmed_member,
    "head": permissions.is_coordinating_head,
    "office": permissions.is_office,
    "office_or_trainer": lambda user, req: (
        permissions.is_office(user, req) or permissions.is_accepted_trainer(user, req)
    ),
    "canceller": permissions.may_cancel,
}


def available(ant, user):
    """The transitions `user` may perform on `ant` now (conditions aside)."""
    return [
        t for t in TRANSITIONS.values() if ant.state in t.sources and ACTORS[t.actor](user, ant)
    ]


def _check_conditions(ant, transition, data, today):
    if transition.name == "submit":
        window = ant.campaign.open_window(today)
        if window is None:
            upcoming = ant.campaign.next_window(today)
            if upcoming:
                raise TransitionError(
                    _(
                        "Les demandes ne peuvent pas être transmises aujourd'hui : la "
                        "prochaine fenêtre de dépôt ouvre le %(date)s."
                    )
                    % {"date": dates.day(upcoming.opens_on)}  # in words: running text
                )
            raise TransitionError(
                _(
                    "Les demandes ne peuvent pas être transmises : aucune fenêtre de dépôt "
                    "n'est ouverte ou prévue pour cette campagne. Votre brouillon est conservé."
                )
            )
        confirmed = ant.members.filter(status="confirmed").count()
        if confirmed < 2:
            raise TransitionError(
                _(
                    "L'équipe doit compter au moins deux membres ayant confirmé leur "
                    "participation (actuellement : %(count)d)."
                )
                % {"count": confirmed}
            )
    elif transition.name == "validate":
        if not data.get("host_school"):
            raise TransitionError(_("Indiquez l'établissement d'accueil."))
        hours = data.get("planned_hours")
        if hours is None or Decimal(hours) <= 0:
            raise TransitionError(_("Indiquez le volume prévu, en heures."))
    elif transition.name == "start" and not ant.assignments.filter(status="accepted").exists():
        raise TransitionError(
            _("Aucun formateur n'a encore accepté cette ANT : elle ne peut pas démarrer.")
        )
    # --- Issue 9, point 1: no first session before a training project exists.
    if (
        transition.name == "start"
        and not TrainingProjectRevision.objects.filter(project__request=ant).exists()
    ):
        raise TransitionError(
            _(
                "La formation ne peut pas démarrer sans projet de formation : publiez-en "
                "une première version après la réunion de diagnostic."
            )
        )
    # --- Issue 11: the apps that hold a request's sessions say what still stops it (e.g. a
    # session not yet done). Named in a setting: this app imports none of them.
    for path in settings.ANT_TRANSITION_CHECKS:
        reason = import_string(path)(ant, transition.name)
        if reason:
            raise TransitionError(reason)


def perform(ant, name, *, by, comment="", data=None, now=None):
    """Perform transition `name` on `ant` as user `by`.

    Raises TransitionError when the transition does not exist, does not start from the
    request's state, is not the user's to perform, lacks its comment, or fails its
    conditions (submission window, team of two, host school and hours, accepted trainer,
    a training project to start).
    Returns the new log entry.
    """
    data = data or {}
    now = now or timezone.now()
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError(_("Action inconnue."))
    comment = (comment or "").strip()
    original = ant
    with transaction.atomic():
        # Lock the request: two people acting at once cannot both move it.
        ant = AntRequest.objects.select_for_update().get(pk=ant.pk)
        if ant.state not in transition.sources:
            raise TransitionError(
                _("Cette action n'est pas possible quand la demande est « %(state)s ».")
                % {"state": ant.get_state_display()}
            )
        if not ACTORS[transition.actor](by, ant):
            raise TransitionError(_("Cette action ne vous revient pas."))
        if transition.comment_required and not comment:
            raise TransitionError(_("Un commentaire est obligatoire pour cette action."))
        _check_conditions(ant, transition, data, timezone.localdate(now))

        from_state = ant.state
        ant.state = transition.target
        ant.state_changed_at = now
        fields = ["state", "state_changed_at", "updated_at"]
        if transition.name == "submit":
            ant.submitted_at = now
            fields.append("submitted_at")
        elif transition.name == "endorse":
            ant.endorsed_at = now
            fields.append("endorsed_at")
        elif transition.name in ("validate", "reject", "postpone"):
            ant.decided_at = now
            fields.append("decided_at")
        if transition.name == "validate":
            ant.host_school = data["host_school"]
            ant.planned_hours = Decimal(data["planned_hours"])
            fields += ["host_school", "planned_hours"]
        ant.save(update_fields=fields)
        for field in fields:  # the caller's instance reflects the change too
            setattr(original, field, getattr(ant, field))

        entry = append_log(
            ant,
            transition=transition.name,
            from_state=from_state,
            to_state=transition.target,
            actor=by,
            comment=comment,
            at=now,
        )
        original.log_head = ant.log_head
        _announce(ant, transition, by=by, comment=comment, now=now)
        # Last: the académie's counter rows stay locked from here to the commit only.
        state_counts.record(academie_id=ant.academie_id, leaving=from_state, entering=ant.state)
    return entry


def append_log(ant, *, transition, from_state, to_state, actor, comment, at):
    """Append a chained entry to the request's timeline and make it the request's `log_head`.

    Inside the caller's transaction: the request row is locked here (the caller may hold the
    lock already). The entry follows the hash the request keeps, not the newest entry in the
    table: after a deleted tail, the next entry shows a broken link rather than hiding it.
    """
    head = AntRequest.objects.select_for_update().values_list("log_head", flat=True).get(pk=ant.pk)
    entry = TransitionLog(
        request=ant,
        transition=transition,
        from_state=from_state or "",
        to_state=to_state,
        actor=actor,
        comment=comment,
        at=at,
        previous_hash=head,
    )
    entry.hash = entry.compute_hash()
    entry.save()
    # An UPDATE, not save(): the head is no field of the request's history.
    AntRequest.objects.filter(pk=ant.pk).update(log_head=entry.hash)
    ant.log_head = entry.hash
    return entry


def _announce(ant, transition, *, by, comment, now):
    """Post the transition to the thread and notify the people concerned (not the actor)."""
    from requests import notices

    text = transition.notice % {"title": ant.title}
    # The thread is read by everyone: the third person there, "vous" in the e-mail only.
    shown = notices.thread_text(transition) % {"title": ant.title}
    body = f"{shown}\n\n{_('Commentaire')} : {comment}" if comment else shown
    ThreadMessage.objects.create(request=ant, author=None, body=body, is_notification=True)
    notices.notify_transition(ant, transition, by=by, text=text, comment=comment)


# The tamper-evident log ------------------------------------------------------------------------
class Breakage(TextChoices):
    """What `verify_ant_log` can find wrong in a request's timeline."""

    BROKEN_LINK = "broken_link", gettext_lazy("lien rompu")
    ALTERED_ENTRY = "altered_entry", gettext_lazy("étape altérée")
    MISSING_TAIL = "missing_tail", gettext_lazy("fin du journal manquante")
    STATE_MISMATCH = "state_mismatch", gettext_lazy("état incohérent")


@dataclass(frozen=True)
class LogBreak:
    """One breakage of a request's timeline. `entry` is the entry at fault; for a missing tail
    or a state mismatch, the last entry left (None when none is)."""

    reference: str
    kind: Breakage
    entry: TransitionLog | None
    reason: str


def _check_timeline(reference, state, head, chain, key):
    breaks = []
    previous = ""
    for entry in chain:
        if entry.previous_hash != previous:
            breaks.append(
                LogBreak(
                    reference,
                    Breakage.BROKEN_LINK,
                    entry,
                    _("le lien vers l'étape précédente est rompu (étape supprimée ou insérée)"),
                )
            )
        if not hmac.compare_digest(entry.compute_hash(key), entry.hash):
            breaks.append(
                LogBreak(
                    reference,
                    Breakage.ALTERED_ENTRY,
                    entry,
                    _(
                        "son contenu a été modifié après coup ou son empreinte recalculée sans "
                        "la clé du journal"
                    ),
                )
            )
        previous = entry.hash
    last = chain[-1] if chain else None
    if last is None:
        breaks.append(
            LogBreak(reference, Breakage.MISSING_TAIL, None, _("la demande n'a plus aucune étape"))
        )
    elif head != last.hash:
        breaks.append(
            LogBreak(
                reference,
                Breakage.MISSING_TAIL,
                last,
                _(
                    "ce n'est pas la dernière étape enregistrée sur la demande (étapes "
                    "supprimées en fin de journal)"
                ),
            )
        )
    if last is not None and state != last.to_state:
        states = dict(State.choices)
        breaks.append(
            LogBreak(
                reference,
                Breakage.STATE_MISMATCH,
                last,
                _(
                    "la demande est « %(state)s » alors que sa dernière étape la mène à "
                    "« %(to_state)s » (état modifié hors du circuit)"
                )
                % {
                    "state": states.get(state, state),
                    "to_state": states.get(last.to_state, last.to_state),
                },
            )
        )
    return breaks


def log_breaks(key=None):
    """Check every request's timeline under `key` (by default settings.ANT_LOG_KEY).

    Each entry must follow the one before (broken link), carry the HMAC of its content and
    link (altered entry); the last one must be the request's `log_head` (missing tail) and
    lead to the request's state (state mismatch). Returns every breakage, request by request
    in timeline order; an empty list when the log is intact.
    """
    # One query, so one snapshot: a transition committed meanwhile cannot look like a
    # breakage. Only the request's columns the check needs ride along with each entry.
    entries = (
        TransitionLog.objects.select_related("request")
        .only(
            "transition", "from_state", "to_state", "actor", "at", "comment",
            "previous_hash", "hash", "request__reference", "request__state",
            "request__log_head",
        )
        .order_by("request_id", "pk")
    )  # fmt: skip
    breaks = []
    for _request_id, group in itertools.groupby(
        entries.iterator(chunk_size=2000), key=attrgetter("request_id")
    ):
        chain = list(group)
        ant = chain[0].request
        breaks += _check_timeline(ant.reference, ant.state, ant.log_head, chain, key)
    empty = AntRequest.objects.filter(transitions__isnull=True).order_by("pk")
    for reference, state, head in empty.values_list("reference", "state", "log_head"):
        breaks += _check_timeline(reference, state, head, [], key)
    return breaks


def verify_log_chain():
    """The first breakage of the log as (entry, reason), or None when the log is intact."""
    breaks = log_breaks()
    return (breaks[0].entry, breaks[0].reason) if breaks else None


REKEY_BATCH = 500  # requests re-chained per round of queries


def rekey_log(old_key):
    """Re-chain every timeline under the current key (settings.ANT_LOG_KEY), after checking it
    under `old_key`. Returns the breakages found under the old key, and then changes nothing:
    re-keying a tampered log would launder it. Every request is locked meanwhile; run it with
    the application stopped, as entries written under the new key before it cannot verify
    under the old one."""
    with transaction.atomic():
        pks = list(
            AntRequest.objects.select_for_update().order_by("pk").values_list("pk", flat=True)
        )
        breaks = log_breaks(key=old_key)
        if breaks:
            return breaks
        for start in range(0, len(pks), REKEY_BATCH):
            batch = pks[start : start + REKEY_BATCH]
            entries = TransitionLog.objects.filter(request_id__in=batch).order_by(
                "request_id", "pk"
            )
            changed, heads = [], []
            for request_id, chain in itertools.groupby(entries, key=attrgetter("request_id")):
                previous = ""
                for entry in chain:
                    entry.previous_hash = previous
                    entry.hash = previous = entry.compute_hash()
                    changed.append(entry)
                heads.append(AntRequest(pk=request_id, log_head=previous))
            TransitionLog.objects.bulk_update(changed, ["previous_hash", "hash"])
            AntRequest.objects.bulk_update(heads, ["log_head"])
    return []
