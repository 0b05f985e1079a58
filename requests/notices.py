"""Who hears of what on an ANT request. Every message goes through the outbox (notify)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role, RoleMembership, User
from notifications.services import notify
from requests.models import TeamMember, ThreadMessage, TrainerAssignment

TEAM = "team"
HEADS = "heads"  # heads of the coordinating school
CONCERNED_HEADS = "concerned_heads"  # heads of every school concerned
OFFICE = "office"  # EAFC/DAFOR staff who want each message as it comes
TRAINERS = "trainers"

AUDIENCES = {
    "submit": [HEADS],
    "endorse": [TEAM, OFFICE],
    "return_to_team": [TEAM],
    "start_review": [TEAM],
    "request_corrections": [TEAM],
    "corrections_made": [OFFICE],
    "start_diagnostic": [TEAM, TRAINERS],
    "validate": [TEAM, CONCERNED_HEADS, TRAINERS],
    "reject": [TEAM],
    "postpone": [TEAM],
    "start": [TEAM, TRAINERS],
    "complete": [TEAM, TRAINERS, CONCERNED_HEADS],
    "cancel": [TEAM, TRAINERS, HEADS],
}


def office_staff(academie_id, *, digest=None):
    users = User.objects.filter(
        is_active=True,
        role_memberships__role=Role.DAFOR,
        role_memberships__academie_id=academie_id,
        role_memberships__ended_on__isnull=True,  # a role ended is no longer told (issue 9)
    )
    if digest is not None:
        users = users.filter(notification_digest=digest)
    return users.distinct()


def recipients(ant, audiences):
    """The active users of `audiences` for `ant`, by id. Each audience is a small indexed read
    of its own (the team, the heads of a few schools, the office's staff, the trainers); one
    query ORing joins over every user would scan them all, inside the transition."""
    ids = set()
    for audience in audiences:
        if audience == TEAM:
            members = TeamMember.objects.filter(request=ant, status=TeamMember.Status.CONFIRMED)
            ids.update(members.values_list("user_id", flat=True))
        elif audience in (HEADS, CONCERNED_HEADS):
            schools = [ant.coordinating_school_id]
            if audience == CONCERNED_HEADS:
                schools += [school.pk for school in ant.schools.all()]
            heads = RoleMembership.objects.filter(
                role=Role.CHEF_ETABLISSEMENT, etablissement_id__in=schools
            )
            ids.update(heads.values_list("user_id", flat=True))
        elif audience == OFFICE:
            staff = RoleMembership.objects.filter(
                role=Role.DAFOR, academie_id=ant.academie_id, user__notification_digest=False
            )
            ids.update(staff.values_list("user_id", flat=True))
        elif audience == TRAINERS:
            trainers = TrainerAssignment.objects.filter(request=ant).exclude(
                status=TrainerAssignment.Status.DECLINED
            )
            ids.update(trainers.values_list("trainer_id", flat=True))
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


def notify_transition(ant, transition, *, by, text, comment):
    """One outbox row per person concerned (never the actor)."""
    kind = "ant_endorse_request" if transition.name == "submit" else "ant_update"
    for user in recipients(ant, AUDIENCES.get(transition.name, [])):
        if user.pk == by.pk:
            continue
        notify(
            recipient=user,
            kind=kind,
            url=ant.get_absolute_url(),
            context={
                "request": ant,
                "headline": text,
                "comment": comment,
                "actor": by,
                "state": ant.get_state_display(),
            },
        )


def tell(ant, users, *, kind, text, context=None, by=None, thread_text=None):
    """Notify `users` about `ant` and post the notice to its thread. `text` may speak to its
    recipients ("vous"); everyone reads the thread, so it gets `thread_text`, in the third
    person, when the two differ."""
    ThreadMessage.objects.create(
        request=ant, author=None, body=thread_text or text, is_notification=True
    )
    for user in users:
        if by is not None and user.pk == by.pk:
            continue
        notify(
            recipient=user,
            kind=kind,
            url=ant.get_absolute_url(),
            context={"request": ant, "headline": text, **(context or {})},
        )


def thread_notice(ant, text):
    return ThreadMessage.objects.create(request=ant, body=text, is_notification=True)


def headline_invitation(ant, by):
    return _("%(name)s vous invite à rejoindre l'équipe de la demande d'ANT « %(title)s ».") % {
        "name": by.full_name,
        "title": ant.title,
    }


# --- issue 9, point 11: the thread in the third person ---
# The transitions whose e-mail speaks to its recipients ("vous"): the thread, read by every
# side, says the same in the third person. The others read the same in both.
THREAD_NOTICES = {
    "submit": gettext_lazy(
        "La demande « %(title)s » est transmise au chef d'établissement pour visa."
    ),
    "return_to_team": gettext_lazy(
        "Le chef d'établissement retourne la demande « %(title)s » à l'équipe."
    ),
}


def thread_text(transition):
    """The thread's wording of a transition's notice, with %(title)s."""
    return THREAD_NOTICES.get(transition.name, transition.notice)


def thread_invitation(ant, by, invited):
    text = _(
        "%(name)s a invité %(invited)s à rejoindre l'équipe de la demande d'ANT « %(title)s »."
    )
    return text % {"name": by.full_name, "invited": invited.full_name, "title": ant.title}
