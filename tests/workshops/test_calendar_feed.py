"""The private iCalendar feed (issue 11, point 6): a secret URL per person who trains
sessions, parsed back with icalendar, and reset from « Mon agenda »."""

import datetime
import html

import icalendar
import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import (
    CalendarFeedFactory,
    ParticipantFactory,
    SessionFactory,
    SessionTrainerFactory,
    paris_time,
    user_with_role,
)
from workshops.models import CalendarFeed


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC), tick=False)


def events_of(response):
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def feed_url(feed):
    return reverse("workshops:feed", args=[feed.token])


def test_feed_lists_a_trainers_sessions_with_sequence_and_status(client, workshop, trainer):
    workshop.sequence = 3
    workshop.save()
    cancelled = SessionFactory(
        programme=workshop.programme,
        title="Atelier annulé",
        status="cancelled",
        cancel_reason="Grève",
        starts_at=paris_time(2027, 1, 19, 9),
    )
    planned = SessionFactory(
        programme=workshop.programme,
        title="Atelier prévu",
        status="planned",
        starts_at=paris_time(2027, 2, 2, 14),
    )
    for session in (cancelled, planned):
        SessionTrainerFactory(session=session, user=trainer, role="co")
    feed = CalendarFeedFactory(user=trainer)
    response = client.get(feed_url(feed))  # no log-in: the token is the secret
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = events_of(response)
    assert set(events) == {workshop.title, "Atelier annulé", "Atelier prévu"}
    event = events[workshop.title]
    assert event["sequence"] == 3
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == paris_time(2027, 1, 12, 9)
    assert event.decoded("dtend") == paris_time(2027, 1, 12, 12)
    assert "Lycée Georges de La Tour" in str(event["location"])
    assert str(events["Atelier annulé"]["status"]) == "CANCELLED"
    assert str(events["Atelier prévu"]["status"]) == "TENTATIVE"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Séances de Claire Vautrin"


def test_feed_goes_three_months_back_and_leaves_out_undated_sessions(
    client, trainer, brigade_programme
):
    recent = SessionFactory(
        programme=brigade_programme, title="Récente", starts_at=paris_time(2026, 9, 15, 9)
    )
    old = SessionFactory(
        programme=brigade_programme, title="Ancienne", starts_at=paris_time(2026, 8, 1, 9)
    )
    undated = SessionFactory(programme=brigade_programme, title="À dater", planned_undated=True)
    for session in (recent, old, undated):
        SessionTrainerFactory(session=session, user=trainer)
    events = events_of(client.get(feed_url(CalendarFeedFactory(user=trainer))))
    assert set(events) == {"Récente"}


def test_feed_keeps_to_its_owners_sessions(client, workshop, trainer, nancy_metz):
    other_trainer = user_with_role(Role.FORMATEUR, academie=nancy_metz)
    mine = SessionFactory(programme=workshop.programme, title="Mon module")
    ParticipantFactory(session=mine, user=other_trainer)
    SessionTrainerFactory(session=SessionFactory(title="Séance d'un autre"), user=trainer)
    waiting = SessionFactory(programme=workshop.programme, title="En attente")
    ParticipantFactory(session=waiting, user=other_trainer, waiting=True)
    events = events_of(client.get(feed_url(CalendarFeedFactory(user=other_trainer))))
    assert set(events) == {"Mon module"}


def test_feed_of_an_unknown_token_is_404(client, trainer):
    CalendarFeedFactory(user=trainer)
    assert client.get(reverse("workshops:feed", args=["pas-le-bon-jeton"])).status_code == 404


def test_diary_offers_a_trainer_to_get_their_feed_then_shows_its_url(client, trainer, settings):
    settings.SITE_URL = "https://formations.example.fr"
    client.force_login(trainer)
    first = html.unescape(client.get(reverse("workshops:diary")).content.decode())
    assert "Obtenir l'adresse de mon agenda" in first
    response = client.post(reverse("workshops:feed_reset"))
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(user=trainer)
    assert len(feed.token) >= 43
    text = html.unescape(client.get(reverse("workshops:diary")).content.decode())
    assert f"https://formations.example.fr/seances/agenda/{feed.token}.ics" in text
    assert "Réinitialiser le lien" in text


def test_reset_gives_a_new_token_and_the_old_url_stops_answering(client, trainer, workshop):
    feed = CalendarFeedFactory(user=trainer)
    old_url = feed_url(feed)
    client.force_login(trainer)
    response = client.post(reverse("workshops:feed_reset"), follow=True)
    assert "réinitialisé" in response.content.decode()
    feed.refresh_from_db()
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(feed)).status_code == 200
    assert CalendarFeed.objects.filter(user=trainer).count() == 1


def test_reset_is_post_only(client, trainer):
    feed = CalendarFeedFactory(user=trainer)
    client.force_login(trainer)
    assert client.get(reverse("workshops:feed_reset")).status_code == 405
    assert CalendarFeed.objects.get(user=trainer).token == feed.token


def test_reset_asks_for_log_in(client, db):
    response = client.post(reverse("workshops:feed_reset"))
    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()


def test_diary_of_a_teacher_who_trains_nothing_offers_no_feed(client, lycee_metz):
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
    client.force_login(teacher)
    text = client.get(reverse("workshops:diary")).content.decode()
    assert 'data-testid="feed"' not in text


def test_diary_of_a_teacher_who_co_trains_a_session_offers_the_feed(client, lycee_metz, workshop):
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
    SessionTrainerFactory(session=workshop, user=teacher, role="co")
    client.force_login(teacher)
    text = client.get(reverse("workshops:diary")).content.decode()
    assert 'data-testid="feed"' in text
