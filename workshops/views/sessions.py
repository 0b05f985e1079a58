"""The page of a session, and scheduling (create, edit, cancel)."""

from django.shortcuts import render

from workshops import permissions
from workshops.models import Participant, Session


def detail(request, pk):
    session = permissions.session_for_viewer_or_404(
        request.user,
        pk,
        Session.objects.select_related(
            "programme",
            "academie",
            "host_school",
            "ant_request",
            "parcours_session__parcours",
            "trainer_team",
            "training_module",
            "cohort",
        ),
    )
    trainers = list(session.trainers.select_related("user"))
    manages = permissions.may_manage(request.user, session)
    participants = (
        list(
            session.participants.exclude(status=Participant.Status.CANCELLED)
            .select_related("user")
            .order_by("status", "created_at", "pk")
        )
        if manages
        else []
    )
    mine = session.participants.filter(user=request.user).first()
    return render(
        request,
        "workshops/session/detail.html",
        {
            "session": session,
            "trainers": trainers,
            "manages": manages,
            "participants": participants,
            "mine": mine,
        },
    )
