"""Who may do what in a programme.

A programme's staff are the people with a current `STAFF` membership of it; they edit its
records. Anyone else asking for a programme's staff pages, another académie's staff included,
gets a 404, never a 403 that would confirm the record exists.
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from programmes.models import Programme, ProgrammeMembership


def current_memberships(user, *functions):
    """The user's current programme memberships (of `functions`, any when none given)."""
    if not user.is_authenticated:
        return ProgrammeMembership.objects.none()
    today = timezone.localdate()
    memberships = ProgrammeMembership.objects.filter(user=user, started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )
    if functions:
        memberships = memberships.filter(function__in=functions)
    return memberships


def staff_programmes(user):
    """The programmes whose records the user edits."""
    return Programme.objects.filter(
        pk__in=current_memberships(user, ProgrammeMembership.Function.STAFF).values("programme_id")
    )


def is_staff_of(user, programme):
    return staff_programmes(user).filter(pk=programme.pk).exists()


def programme_for_staff_or_404(user, slug, kind=None):
    """The programme `slug` when the user is on its staff (and it is of `kind`); else 404."""
    programmes = staff_programmes(user)
    if kind is not None:
        programmes = programmes.filter(kind=kind)
    return get_object_or_404(programmes.select_related("academie"), slug=slug)


def require_staff(user, programme):
    if not is_staff_of(user, programme):
        raise Http404


def observation_or_404(brigade, pk):
    """An observation request of `brigade` (the caller checked the user is on its staff)."""
    from programmes.models import ObservationRequest

    return get_object_or_404(
        ObservationRequest.objects.select_related("requester", "brigade__programme"),
        brigade=brigade,
        pk=pk,
    )
