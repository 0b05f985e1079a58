"""Accepting an observation request onto a workshop: the request, the observer's place, the
preparation course, the convocation with its .ics; the limit at its edge; the decline."""

import datetime

import icalendar
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from notifications.models import Message
from programmes.brigade import BrigadeError
from programmes.models import Enrolment, ParcoursSession
from tests.factories import (
    EnrolmentFactory,
    ObservationRequestFactory,
    ParcoursSessionFactory,
    ParticipantFactory,
    SessionFactory,
    paris_time,
)
from workshops import observation as services
from workshops.models import Participant


def _accept(client, brigade, observation, session):
    url = reverse("workshops:observation_accept", args=[brigade.programme.slug, observation.pk])
    return client.post(url, {"session": session.pk})


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_accepting_convenes_the_observer_onto_the_workshop(
    before_the_workshop,
    client,
    saio,
    brigade,
    workshop,
    lycee_metz,
    observer,
    observation_request,
    preparation_module,
    django_capture_on_commit_callbacks,
):
    client.force_login(saio)

    with django_capture_on_commit_callbacks(execute=True):
        response = _accept(client, brigade, observation_request, workshop)

    assert response.status_code == 302
    assert _messages(response) == [
        "Julien Mangin est convoqué ou convoquée à l'atelier "
        "«\u00a0Atelier ambition-confiance — seconde\u00a0»."
    ]
    observation_request.refresh_from_db()
    assert observation_request.status == "accepted"
    assert observation_request.observation_day == datetime.date(2027, 1, 12)
    assert observation_request.observation_school == lycee_metz
    assert observation_request.decided_by == saio
    participant = Participant.objects.get(session=workshop, user=observer)
    assert (participant.origin, participant.status) == ("observer", "enrolled")
    assert participant.observation_request == observation_request
    assert participant.convened_at is not None
    # One message only: the convocation (not the brigade's own acceptance message).
    [email] = mail.outbox
    assert email.to == ["julien.mangin@ac-nancy-metz.fr"]
    assert Message.objects.get().kind == "workshops_observation_convocation"
    assert email.subject == (
        "Convocation\u00a0: observation d’un atelier ambition-confiance le 12 janvier 2027"
    )
    assert "mardi 12 janvier 2027, de 9h00 à 12h00" in email.body
    assert "B12 — Lycée Georges de La Tour, Metz" in email.body
    assert (
        "Avant la journée, suivez le module M@gistère "
        "«\u00a0Découvrir les ateliers ambition-confiance\u00a0»"
    ) in email.body


def test_the_convocation_carries_the_workshop_as_ics(
    before_the_workshop,
    client,
    saio,
    brigade,
    workshop,
    observation_request,
    django_capture_on_commit_callbacks,
):
    client.force_login(saio)

    with django_capture_on_commit_callbacks(execute=True):
        _accept(client, brigade, observation_request, workshop)

    [email] = mail.outbox
    [(name, content, mimetype)] = email.attachments
    assert name == f"seance-{workshop.pk}.ics"
    assert mimetype == "text/calendar; method=REQUEST"
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["method"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == paris_time(2027, 1, 12, 9)
    assert event.decoded("dtend") == paris_time(2027, 1, 12, 12)
    assert str(event["summary"]) == "Atelier ambition-confiance — seconde"
    assert "Lycée Georges de La Tour, Metz" in str(event["location"])


def test_accepting_enrols_in_a_new_preparation_session_organised_by_the_saio(
    before_the_workshop, saio, brigade, workshop, observer, observation_request, preparation_module
):
    services.accept_for_workshop(observation=observation_request, session=workshop, by=saio)

    parcours_session = ParcoursSession.objects.get()
    assert parcours_session.parcours == preparation_module
    assert parcours_session.academie == brigade.programme.academie
    assert parcours_session.school_year == "2026-2027"
    assert parcours_session.organiser == saio
    assert parcours_session.open_to_candidates is False
    enrolment = Enrolment.objects.get(user=observer)
    assert enrolment.session == parcours_session
    assert (enrolment.origin, enrolment.state) == ("invitation", "accepted")
    assert enrolment.answered_by == saio


def test_accepting_reuses_the_academies_preparation_session_of_the_year(
    before_the_workshop, saio, brigade, workshop, observer, observation_request, preparation_module
):
    ParcoursSessionFactory(
        parcours=preparation_module, academie=brigade.programme.academie, school_year="2025-2026"
    )
    this_year = ParcoursSessionFactory(
        parcours=preparation_module, academie=brigade.programme.academie, school_year="2026-2027"
    )
    # A candidature left without an answer becomes the accepted enrolment.
    EnrolmentFactory(session=this_year, user=observer)

    services.accept_for_workshop(observation=observation_request, session=workshop, by=saio)

    assert ParcoursSession.objects.count() == 2
    enrolment = Enrolment.objects.get(user=observer)
    assert (enrolment.session, enrolment.state) == (this_year, "accepted")


def test_without_a_preparation_module_the_observer_is_convened_only(
    before_the_workshop,
    saio,
    brigade,
    workshop,
    observation_request,
    django_capture_on_commit_callbacks,
):
    brigade.preparation_module = None
    brigade.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_for_workshop(observation=observation_request, session=workshop, by=saio)

    assert not Enrolment.objects.exists()
    [email] = mail.outbox
    assert "M@gistère" not in email.body


def test_the_last_observer_place_is_taken_then_the_next_is_refused(
    before_the_workshop, client, saio, brigade, workshop, observation_request
):
    # Two places: one taken by an enrolled observer; a cancelled one does not count.
    ParticipantFactory(session=workshop, origin="observer")
    ParticipantFactory(session=workshop, origin="observer", status="cancelled")
    client.force_login(saio)
    assert _accept(client, brigade, observation_request, workshop).status_code == 302
    assert (
        Participant.objects.filter(session=workshop, origin="observer", status="enrolled").count()
        == 2
    )
    third = ObservationRequestFactory(brigade=brigade)
    before = (Message.objects.count(), Enrolment.objects.count(), ParcoursSession.objects.count())

    response = _accept(client, brigade, third, workshop)

    assert _messages(response)[-1] == (
        "L'atelier du 12 janvier 2027 est complet\u00a0: il accueille au plus 2 observateurs."
    )
    third.refresh_from_db()
    assert third.status == "pending"
    assert not Participant.objects.filter(user=third.requester).exists()
    after = (Message.objects.count(), Enrolment.objects.count(), ParcoursSession.objects.count())
    assert after == before


def test_the_limit_message_is_singular_for_one_place(
    before_the_workshop, saio, brigade, workshop, observation_request
):
    brigade.max_observers_per_workshop = 1
    brigade.save()
    ParticipantFactory(session=workshop, origin="observer")

    with pytest.raises(services.ObservationError) as error:
        services.accept_for_workshop(observation=observation_request, session=workshop, by=saio)

    assert str(error.value) == (
        "L'atelier du 12 janvier 2027 est complet\u00a0: il accueille au plus 1 observateur."
    )
    observation_request.refresh_from_db()
    assert observation_request.status == "pending"
    assert not ParcoursSession.objects.exists()
    assert not Message.objects.exists()


def test_the_brigades_own_limit_the_same_day_in_the_same_school_still_applies(
    before_the_workshop, saio, brigade, workshop, brigade_programme, lycee_metz
):
    # Two workshops the same day in the same school: two observers in all (the brigade's rule).
    afternoon = SessionFactory(
        programme=brigade_programme,
        host_school=lycee_metz,
        starts_at=paris_time(2027, 1, 12, 14),
        ends_at=paris_time(2027, 1, 12, 16),
    )
    first, second, third = ObservationRequestFactory.create_batch(3, brigade=brigade)
    services.accept_for_workshop(observation=first, session=workshop, by=saio)
    services.accept_for_workshop(observation=second, session=workshop, by=saio)

    with pytest.raises(BrigadeError, match="le maximum"):
        services.accept_for_workshop(observation=third, session=afternoon, by=saio)

    assert not Participant.objects.filter(session=afternoon).exists()
    assert not Enrolment.objects.filter(user=third.requester).exists()


@pytest.mark.parametrize("change", ["cancelled", "past", "other_programme", "undated"])
def test_a_workshop_that_cannot_take_observers_is_refused(
    before_the_workshop, client, saio, brigade, workshop, observation_request, change
):
    if change == "cancelled":
        workshop.status, workshop.cancel_reason = "cancelled", "Grève"
    elif change == "past":
        before_the_workshop.move_to(paris_time(2027, 1, 12, 10), tick=False)
    elif change == "other_programme":
        workshop = SessionFactory()
    else:
        workshop.status, workshop.starts_at, workshop.ends_at = "planned", None, None
    workshop.save()
    client.force_login(saio)

    response = _accept(client, brigade, observation_request, workshop)

    assert response.status_code == 302
    assert _messages(response) == [
        "Cet atelier n'accueille pas d'observateur\u00a0: choisissez un atelier à venir."
    ]
    observation_request.refresh_from_db()
    assert observation_request.status == "pending"
    assert not Participant.objects.exists()


def test_an_answered_request_cannot_be_accepted_again(
    before_the_workshop, client, saio, brigade, workshop, observation_request
):
    client.force_login(saio)
    _accept(client, brigade, observation_request, workshop)
    afternoon = SessionFactory(
        programme=brigade.programme,
        starts_at=paris_time(2027, 1, 19, 9),
        ends_at=paris_time(2027, 1, 19, 12),
    )

    response = _accept(client, brigade, observation_request, afternoon)

    assert _messages(response)[-1] == "Cette demande a déjà reçu une réponse."
    assert Participant.objects.filter(user=observation_request.requester).count() == 1


# Decline ---------------------------------------------------------------------------------------
def _decline(client, brigade, observation, reason):
    url = reverse("workshops:observation_decline", args=[brigade.programme.slug, observation.pk])
    return client.post(url, {f"o{observation.pk}-reason": reason})


def test_declining_needs_a_reason(before_the_workshop, client, saio, brigade, observation_request):
    client.force_login(saio)

    response = _decline(client, brigade, observation_request, "   ")

    assert response.status_code == 200
    assert "Indiquez le motif du refus." in response.content.decode()
    observation_request.refresh_from_db()
    assert observation_request.status == "pending"
    assert not Message.objects.exists()


def test_declining_tells_the_requester_the_reason(
    before_the_workshop,
    client,
    saio,
    brigade,
    observer,
    observation_request,
    django_capture_on_commit_callbacks,
):
    client.force_login(saio)

    with django_capture_on_commit_callbacks(execute=True):
        response = _decline(client, brigade, observation_request, "Plus d'atelier ce trimestre.")

    assert response.status_code == 302
    observation_request.refresh_from_db()
    assert observation_request.status == "declined"
    assert observation_request.decline_reason == "Plus d'atelier ce trimestre."
    [email] = mail.outbox
    assert email.to == [observer.email]
    assert "Plus d'atelier ce trimestre." in email.body


def test_someone_already_taking_part_is_refused(
    before_the_workshop, saio, brigade, workshop, observer, observation_request
):
    ParticipantFactory(session=workshop, user=observer)

    with pytest.raises(services.ObservationError, match="participe déjà à cet atelier"):
        services.accept_for_workshop(observation=observation_request, session=workshop, by=saio)

    observation_request.refresh_from_db()
    assert observation_request.status == "pending"


def test_someone_who_had_left_the_workshop_comes_back_as_its_observer(
    before_the_workshop, saio, brigade, workshop, observer, observation_request
):
    earlier = ParticipantFactory(session=workshop, user=observer, status="cancelled")

    participant = services.accept_for_workshop(
        observation=observation_request, session=workshop, by=saio
    )

    assert participant.pk == earlier.pk
    participant.refresh_from_db()
    assert (participant.origin, participant.status) == ("observer", "enrolled")
    assert participant.observation_request == observation_request
