"""Reads of ANT requests, scoped to what the user may see and optimised for their pages."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from accounts.models import Role
from accounts.permissions import academie_ids, etablissement_ids
from requests.models import (
    AntRequest,
    Campaign,
    TeamMember,
    TrainerAssignment,
    TransitionLog,
)


def visible_requests(user):
    """Requests `user` may see: the office's académie, their teams, their schools (heads),
    their assignments (trainers)."""
    office = academie_ids(user, Role.DAFOR)
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    q = Q(pk__in=TeamMember.objects.filter(user=user).exclude(status="declined").values("request"))
    q |= Q(
        pk__in=TrainerAssignment.objects.filter(trainer=user)
        .exclude(status="declined")
        .values("request")
    )
    if office:
        q |= Q(academie_id__in=office)
    if heads_of:
        q |= Q(coordinating_school_id__in=heads_of)
        q |= Q(
            pk__in=AntRequest.schools.through.objects.filter(etablissement_id__in=heads_of).values(
                "antrequest"
            )
        )
    return AntRequest.objects.filter(q)


def get_request_for(user, pk):
    """The request page's object with what it shows, or 404 if the user may not see it."""
    queryset = (
        visible_requests(user)
        .select_related(
            "campaign",
            "coordinating_school",
            "coordinator",
            "theme",
            "district",
            "reseau",
            "host_school",
            "carried_over_from",
        )
        .prefetch_related(
            "schools",
            Prefetch("members", queryset=TeamMember.objects.select_related("user")),
            Prefetch("assignments", queryset=TrainerAssignment.objects.select_related("trainer")),
            Prefetch("transitions", queryset=TransitionLog.objects.select_related("actor")),
            "attachments",
        )
    )
    try:
        return queryset.get(pk=pk)
    except AntRequest.DoesNotExist as exc:
        raise Http404 from exc


def my_requests(user):
    """The requests of the teams a user belongs to, newest first."""
    return (
        AntRequest.objects.filter(
            pk__in=TeamMember.objects.filter(user=user).exclude(status="declined").values("request")
        )
        .select_related("coordinating_school", "campaign")
        .order_by("-created_at")
    )


def awaiting_endorsement(user):
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    return (
        AntRequest.objects.filter(coordinating_school_id__in=heads_of, state="submitted")
        .select_related("coordinating_school", "coordinator")
        .order_by("submitted_at")
    )


def school_requests(user):
    """Every request of the schools a head runs, whatever the state."""
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    return (
        AntRequest.objects.filter(
            Q(coordinating_school_id__in=heads_of)
            | Q(
                pk__in=AntRequest.schools.through.objects.filter(
                    etablissement_id__in=heads_of
                ).values("antrequest")
            )
        )
        .exclude(state="draft")
        .select_related("coordinating_school", "coordinator")
        .order_by("-created_at")
    )


def trainer_assignments(user):
    return (
        TrainerAssignment.objects.filter(trainer=user)
        .select_related("request", "request__coordinating_school")
        .order_by("-assigned_at")
    )


def office_queue(academie_ids_):
    """The office's queue: carried-over requests first, then by endorsement date."""
    return (
        AntRequest.objects.filter(academie_id__in=academie_ids_)
        .exclude(state="draft")
        .select_related("coordinating_school", "theme", "district", "campaign")
        .order_by("-priority", "endorsed_at", "pk")
    )


def counts_by_state(queryset):
    return dict(
        queryset.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )


def campaigns_for(user):
    return Campaign.objects.filter(academie_id__in=academie_ids(user)).order_by("-school_year")
