"""The staff's page of observation requests with the upcoming workshops: who may see it and
act on it, what it lists, in how many queries."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from programmes.models import ObservationRequest
from tests.factories import (
    AcademieFactory,
    BrigadeFactory,
    EtablissementFactory,
    ObservationRequestFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
    paris_time,
    programme_staff,
    user_with_role,
)
from workshops.models import Participant


def _url(brigade, name="workshops:observations", *args):
    return reverse(name, args=[brigade.programme.slug, *args])


def test_page_lists_pending_requests_with_workshops_and_observer_places(
    before_the_workshop, client, saio, brigade, workshop, observation_request
):
    ParticipantFactory(session=workshop, origin="observer")  # one place of two taken
    ObservationRequestFactory(brigade=brigade, status="declined", decline_reason="Complet")
    client.force_login(saio)

    response = client.get(_url(brigade))

    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('data-testid="pending-observation"') == 1
    assert "Julien Mangin" in text
    assert "Atelier ambition-confiance — seconde" in text
    assert "mardi 12 janvier 2027, de 9h00 à 12h00" in text
    assert "1 place libre" in text
    assert "Accepter pour cet atelier" in text


def test_a_full_workshop_shows_no_accept_button(
    before_the_workshop, client, saio, brigade, workshop, observation_request
):
    ParticipantFactory.create_batch(2, session=workshop, origin="observer")
    client.force_login(saio)

    text = client.get(_url(brigade)).content.decode()

    assert "Complet" in text
    assert "Accepter pour cet atelier" not in text


def test_workshops_within_the_preferred_dates_come_first(
    before_the_workshop, brigade_programme, lycee_metz, brigade, workshop, observation_request
):
    from workshops import observation

    march = SessionFactory(
        programme=brigade_programme,
        host_school=lycee_metz,
        starts_at=paris_time(2027, 3, 2, 14),
        ends_at=paris_time(2027, 3, 2, 16),
    )
    december = SessionFactory(
        programme=brigade_programme,
        host_school=lycee_metz,
        starts_at=paris_time(2026, 12, 15, 9),
        ends_at=paris_time(2026, 12, 15, 12),
    )
    # Not offered: cancelled, past, another kind, another programme, online only.
    SessionFactory(programme=brigade_programme, host_school=lycee_metz, cancelled=True)
    SessionFactory(
        programme=brigade_programme,
        starts_at=paris_time(2026, 11, 24, 9),
        ends_at=paris_time(2026, 11, 24, 12),
    )
    SessionFactory(programme=brigade_programme, kind="module")
    SessionFactory(
        programme=ProgrammeFactory(academie=brigade_programme.academie, kind="magistere")
    )
    SessionFactory(programme=brigade_programme, host_school=None, online_url="https://v.fr/")

    [pending] = observation.pending_with_workshops(brigade)

    # January is within the request's dates; December is 20 days before, March 32 after.
    assert pending.workshops == [workshop, december, march]


@pytest.mark.parametrize("rows", [1, 5])
def test_page_queries_are_constant(
    before_the_workshop, client, saio, brigade, workshop, django_assert_num_queries, rows
):
    for n in range(rows):
        ObservationRequestFactory(brigade=brigade)
        SessionFactory(
            programme=brigade.programme,
            starts_at=paris_time(2027, 2, 1 + n, 9),
            ends_at=paris_time(2027, 2, 1 + n, 12),
        )
        ParticipantFactory(session=workshop, origin="observer", status="cancelled")
    client.force_login(saio)

    with django_assert_num_queries(8):
        response = client.get(_url(brigade))

    assert response.content.decode().count('data-testid="pending-observation"') == rows


# Rights ----------------------------------------------------------------------------------------
def _outsider(who, nancy_metz, brigade):
    if who == "other_academie_saio":
        paris = AcademieFactory(code="01", name="Paris")
        other = BrigadeFactory(programme=ProgrammeFactory(academie=paris))
        return programme_staff(other.programme, Role.SAIO)
    if who == "saio_not_on_the_staff":
        return user_with_role(Role.SAIO, academie=nancy_metz)
    if who == "teacher":
        return user_with_role(
            Role.ENSEIGNANT, etablissement=EtablissementFactory(academie=nancy_metz)
        )
    if who == "trainer_of_the_workshop":
        return user_with_role(Role.FORMATEUR, academie=nancy_metz)
    return None


OUTSIDERS = [
    "other_academie_saio",
    "saio_not_on_the_staff",
    "teacher",
    "trainer_of_the_workshop",
    "anonymous",
]


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("action", ["page", "accept", "decline"])
def test_outsiders_get_404_and_change_nothing(
    before_the_workshop,
    client,
    nancy_metz,
    brigade,
    workshop,
    trainer,
    observation_request,
    who,
    action,
):
    user = trainer if who == "trainer_of_the_workshop" else _outsider(who, nancy_metz, brigade)
    if user is not None:
        client.force_login(user)
    pk = observation_request.pk
    if action == "page":
        response = client.get(_url(brigade))
    elif action == "accept":
        response = client.post(
            _url(brigade, "workshops:observation_accept", pk), {"session": workshop.pk}
        )
    else:
        response = client.post(
            _url(brigade, "workshops:observation_decline", pk), {f"o{pk}-reason": "Non."}
        )

    if user is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 404
    observation_request.refresh_from_db()
    assert observation_request.status == ObservationRequest.Status.PENDING
    assert not Participant.objects.exists()


def test_actions_are_post_only(before_the_workshop, client, saio, brigade, observation_request):
    client.force_login(saio)
    pk = observation_request.pk
    assert client.get(_url(brigade, "workshops:observation_accept", pk)).status_code == 405
    assert client.get(_url(brigade, "workshops:observation_decline", pk)).status_code == 405
    assert client.post(_url(brigade)).status_code == 405


def test_another_brigades_request_is_404(before_the_workshop, client, saio, brigade, workshop):
    paris = AcademieFactory(code="01", name="Paris")
    elsewhere = ObservationRequestFactory(
        brigade=BrigadeFactory(programme=ProgrammeFactory(academie=paris))
    )
    client.force_login(saio)

    response = client.post(
        _url(brigade, "workshops:observation_accept", elsewhere.pk), {"session": workshop.pk}
    )

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == "pending"


def test_the_programmes_observation_page_links_here(before_the_workshop, client, saio, brigade):
    client.force_login(saio)

    response = client.get(reverse("programmes:brigade_observations", args=[brigade.programme.slug]))

    assert _url(brigade) in response.content.decode()


def test_a_day_before_today_is_not_offered(before_the_workshop, brigade, workshop):
    from workshops import observation

    before_the_workshop.move_to(workshop.starts_at + datetime.timedelta(minutes=1), tick=False)

    assert not observation.upcoming_workshops(brigade).exists()
