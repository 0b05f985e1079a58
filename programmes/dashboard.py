"""Dashboard panels of the programmes: providers named in accounts/dashboard.py, each a
function of the user returning the panel's items ({label, url, hint})."""

from django.urls import reverse

from programmes.models import ProgrammeMembership
from programmes.permissions import current_memberships


# --- catalogue (issue 10, point 1) ---
def my_programmes(user):
    """The programmes the user takes part in, each with their function(s): one query."""
    items = {}
    for membership in (
        current_memberships(user)
        .select_related("programme")
        .order_by("programme__title", "programme__pk", "function")
    ):
        programme = membership.programme
        is_staff = membership.function == ProgrammeMembership.Function.STAFF
        item = items.setdefault(
            programme.pk, {"label": programme.title, "url": "", "functions": []}
        )
        item["functions"].append(membership.get_function_display())
        if is_staff or not item["url"]:
            name = "programmes:manage" if is_staff else "programmes:detail"
            item["url"] = reverse(name, args=[programme.slug])
    return [
        {"label": item["label"], "url": item["url"], "hint": ", ".join(item["functions"])}
        for item in items.values()
    ]


# --- Ambassadeurs du numérique (issue 10, point 3) ---
def ambassador_items(user):
    """An ambassador's page and their accompaniment requests (none for other teachers)."""
    from django.utils.translation import gettext as _

    from programmes.ambassadeurs import ambassador_of

    ambassador = ambassador_of(user)
    if ambassador is None:
        return []
    items = [
        {
            "label": _("Mon parcours d'Ambassadeur du numérique"),
            "url": reverse("programmes:amb_me"),
            "hint": str(ambassador.cohort),
        }
    ]
    for accompaniment in ambassador.accompaniment_requests.all()[:5]:
        items.append(
            {
                "label": accompaniment.get_purpose_display(),
                "url": reverse("programmes:amb_request", args=[accompaniment.pk]),
                "hint": accompaniment.get_status_display(),
            }
        )
    return items


def accompanist_items(user):
    """The accompaniments given to the user and not yet reported."""
    from programmes.models import AccompanimentRequest

    return [
        {
            "label": accompaniment.ambassador.user.full_name,
            "url": reverse("programmes:amb_request", args=[accompaniment.pk]),
            "hint": accompaniment.get_purpose_display(),
        }
        for accompaniment in AccompanimentRequest.objects.filter(
            accompanist=user, status=AccompanimentRequest.Status.ATTRIBUEE
        )
        .select_related("ambassador__user")
        .order_by("wished_from", "pk")[:10]
    ]


def ambassadeurs_staff_items(user):
    """For the staff of an Ambassadeurs programme: its pages, with the requests waiting for an
    accompanist (one query)."""
    from django.db.models import Count, Q
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from programmes.ambassadeurs import ambassadeurs_programmes_for_staff
    from programmes.models import AccompanimentRequest

    programmes = ambassadeurs_programmes_for_staff(user).annotate(
        waiting=Count(
            "conventions__cohorts__ambassadors__accompaniment_requests",
            filter=Q(
                conventions__cohorts__ambassadors__accompaniment_requests__status=(
                    AccompanimentRequest.Status.DEMANDEE
                )
            ),
        )
    )
    items = []
    for programme in programmes:
        items += [
            {
                "label": _("Convention et engagements"),
                "url": reverse("programmes:amb_convention_current", args=[programme.slug]),
                "hint": programme.title,
            },
            {
                "label": _("Ambassadeurs"),
                "url": reverse("programmes:amb_list", args=[programme.slug]),
                "hint": programme.title,
            },
            {
                "label": _("Demandes d'accompagnement"),
                "url": reverse("programmes:amb_queue", args=[programme.slug]),
                "hint": ngettext(
                    "%(n)s demande attend un accompagnateur",
                    "%(n)s demandes attendent un accompagnateur",
                    programme.waiting,
                )
                % {"n": programme.waiting},
            },
        ]
    return items


# --- end of Ambassadeurs du numérique ---


# --- M@gistère (issue 10, point 4) ---
def magistere_courses(user):
    """A teacher's M@gistère enrolments of the latest years, with their state: one query."""
    from django.utils.translation import gettext as _

    from programmes.models import Enrolment

    items = []
    for enrolment in (
        Enrolment.objects.filter(user=user)
        .exclude(state=Enrolment.State.DECLINED)
        .select_related("session__parcours")
        .order_by("-session__school_year", "session__parcours__title", "pk")[:8]
    ):
        pending_invitation = (
            enrolment.state == Enrolment.State.PENDING
            and enrolment.origin == Enrolment.Origin.INVITATION
        )
        items.append(
            {
                "label": enrolment.session.parcours.title,
                "url": reverse("programmes:magistere_enrolment", args=[enrolment.pk]),
                "hint": _("Invitation à laquelle répondre")
                if pending_invitation
                else f"{enrolment.get_state_display()} — {enrolment.session.school_year}",
            }
        )
    return items


def magistere_organiser(user):
    """An IEN's (or a formateur de proximité's) sessions, newest first, with the candidatures
    waiting for an answer; then the needs diagnostics, for an IEN: two queries at most."""
    from django.db.models import Count, Q
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from accounts.models import Role
    from accounts.permissions import has_role
    from programmes import magistere
    from programmes.models import Enrolment, ParcoursSession

    sessions = (
        ParcoursSession.objects.filter(
            magistere.managed_sessions_q(user) | magistere.trained_sessions_q(user)
        )
        .select_related("parcours")
        .annotate(
            pending=Count(
                "enrolments",
                filter=Q(
                    enrolments__state=Enrolment.State.PENDING,
                    enrolments__origin=Enrolment.Origin.CANDIDATURE,
                ),
            )
        )
        .order_by("-school_year", "-created_at", "-pk")[:8]
    )
    items = [
        {
            "label": f"{session.parcours.title} ({session.school_year})",
            "url": reverse("programmes:magistere_session", args=[session.pk]),
            "hint": ngettext(
                "%(count)d candidature à examiner",
                "%(count)d candidatures à examiner",
                session.pending,
            )
            % {"count": session.pending}
            if session.pending
            else session.get_plan_display(),
        }
        for session in sessions
    ]
    if has_role(user, Role.IEN):
        items.append(
            {
                "label": _("Diagnostics des besoins de formation"),
                "url": reverse("programmes:magistere_diagnostics"),
                "hint": _("Un par circonscription et par année scolaire"),
            }
        )
    return items


# --- ambition-confiance (issue 10, point 2) ---
def brigade_staff_items(user):
    """For the staff of a brigade: its pages, with the observation requests waiting for an
    answer (one query)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from programmes.brigade import staff_brigades

    items = []
    for brigade in staff_brigades(user):
        slug = brigade.programme.slug
        items += [
            {
                "label": _("Demandes d'observation"),
                "url": reverse("programmes:brigade_observations", args=[slug]),
                "hint": ngettext(
                    "%(n)s demande en attente", "%(n)s demandes en attente", brigade.pending
                )
                % {"n": brigade.pending},
            },
            {
                "label": _("Vue d'ensemble de la brigade"),
                "url": reverse("programmes:brigade_overview", args=[slug]),
                "hint": brigade.programme.title,
            },
            {
                "label": _("Animateurs"),
                "url": reverse("programmes:brigade_animateurs", args=[slug]),
                "hint": _("Statuts, modules suivis, qualification"),
            },
        ]
    return items


def brigade_observer_items(user):
    """The user's latest requests to observe a workshop, with their answer (one query)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from programmes.models import ObservationRequest

    items = []
    for observation in (
        ObservationRequest.objects.filter(requester=user)
        .select_related("brigade__programme")
        .order_by("-created_at", "-pk")[:5]
    ):
        hint = observation.get_status_display()
        if observation.status == ObservationRequest.Status.ACCEPTED:
            hint = _("Journée d'observation le %(day)s") % {
                "day": date_format(observation.observation_day, "j F Y")
            }
        items.append(
            {
                "label": _("Demande du %(day)s")
                % {"day": date_format(observation.created_at, "j F Y")},
                "url": reverse(
                    "programmes:brigade_observe", args=[observation.brigade.programme.slug]
                ),
                "hint": hint,
            }
        )
    return items


# --- end of ambition-confiance ---
