"""Who hears of what on an ANT request. Every message goes through the outbox (notify)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Role, User
from notifications.services import notify
from requests.models import ThreadMessage

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
        is_active=True, role_memberships__role=Role.DAFOR, role_memberships__academie_id=academie_id
    )
    if digest is not None:
        users = users.filter(notification_digest=digest)
    return users.distinct()


def recipients(request, audiences):
    q = Q(pk__in=[])
    for audience in audiences:
        if audience == TEAM:
            q |= Q(ant_memberships__request=request, ant_memberships__status="confirmed")
        elif audience == HEADS:
            q |= Q(
                role_memberships__role=Role.CHEF_ETABLISSEMENT,
                role_memberships__etablissement_id=request.coordinating_school_id,
            )
        elif audience == CONCERNED_HEADS:
            schools = [
                request.coordinating_school_id,
                *request.schools.values_list("pk", flat=True),
            ]
            q |= Q(
                role_memberships__role=Role.CHEF_ETABLISSEMENT,
                role_memberships__etablissement_id__in=schools,
            )
        elif audience == OFFICE:
            q |= Q(
                role_memberships__role=Role.DAFOR,
                role_memberships__academie_id=request.academie_id,
                notification_digest=False,
            )
        elif audience == TRAINERS:
            q |= Q(ant_assignments__request=request) & ~Q(ant_assignments__status="declined")
    return User.objects.filter(q, is_active=True).distinct().order_by("pk")


def notify_transition(request, transition, *, by, text, comment):
    """One outbox row per person concerned (never the actor)."""
    kind = "ant_endorse_request" if transition.name == "submit" else "ant_update"
    for user in recipients(request, AUDIENCES.get(transition.name, [])):
        if user.pk == by.pk:
            continue
        notify(
            recipient=user,
            kind=kind,
            url=request.get_absolute_url(),
            context={
                "request": request,
                "headline": text,
                "comment": comment,
                "actor": by,
                "state": request.get_state_display(),
            },
        )


def tell(request, users, *, kind, text, context=None, by=None):
    """Notify `users` about `request` and post the notice to its thread."""
    ThreadMessage.objects.create(request=request, author=None, body=text, is_notification=True)
    for user in users:
        if by is not None and user.pk == by.pk:
            continue
        notify(
            recipient=user,
            kind=kind,
            url=request.get_absolute_url(),
            context={"request": request, "headline": text, **(context or {})},
        )


def thread_notice(request, text):
    return ThreadMessage.objects.create(request=request, body=text, is_notification=True)


def headline_invitation(request, by):
    return _("%(name)s vous invite à rejoindre l'équipe de la demande d'ANT « %(title)s ».") % {
        "name": by.full_name,
        "title": request.title,
    }
