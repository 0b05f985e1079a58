"""The foundation the workshops' parts build on: the session page and who sees it, the ANT
completion check, the outbox's attachment, the training record's keyed entries."""

import datetime
from decimal import Decimal

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from accounts.training_record import Entry, entries_for
from notifications.models import Message
from tests.factories import (
    AcademieFactory,
    EtablissementFactory,
    ParticipantFactory,
    SessionFactory,
    user_with_role,
)
from workshops import notices
from workshops.models import Session


def test_session_page_shows_its_facts_to_its_trainer(client, workshop, trainer):
    client.force_login(trainer)
    response = client.get(reverse("workshops:detail", args=[workshop.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "mardi 12 janvier 2027, de 9h00 à 12h00" in text
    assert "Lycée Georges de La Tour, Metz" in text
    assert "Claire Vautrin" in text


@pytest.mark.parametrize(
    "who",
    ["other_academie_saio", "teacher_of_the_academie", "head_of_other_school", "anonymous"],
)
def test_session_page_is_404_for_who_has_no_part_in_it(client, workshop, nancy_metz, who):
    if who == "other_academie_saio":
        user = user_with_role(Role.SAIO, academie=AcademieFactory(code="01", name="Paris"))
    elif who == "teacher_of_the_academie":  # a designated session is not open to enrolment
        user = user_with_role(
            Role.ENSEIGNANT, etablissement=EtablissementFactory(academie=nancy_metz)
        )
    elif who == "head_of_other_school":
        user = user_with_role(
            Role.CHEF_ETABLISSEMENT, etablissement=EtablissementFactory(academie=nancy_metz)
        )
    else:
        user = None
    if user:
        client.force_login(user)
    response = client.get(reverse("workshops:detail", args=[workshop.pk]))
    assert response.status_code == (302 if user is None else 404)


def test_session_page_opens_for_a_participant_and_the_host_schools_head(
    client, workshop, lycee_metz
):
    participant = ParticipantFactory(session=workshop).user
    head = user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=lycee_metz)
    for user in (participant, head):
        client.force_login(user)
        assert client.get(reverse("workshops:detail", args=[workshop.pk])).status_code == 200


def test_tell_writes_one_message_per_person_with_the_ics(
    workshop, trainer, django_capture_on_commit_callbacks
):
    participant = ParticipantFactory(session=workshop).user
    ParticipantFactory(session=workshop, status="waiting")  # not told
    with django_capture_on_commit_callbacks(execute=True):
        messages = notices.tell(
            workshop,
            notices.concerned(workshop),
            kind="session_changed",
            context={"changes": ["Nouvelle salle : B14"]},
        )
    assert {m.recipient for m in messages} == {trainer, participant}
    message = Message.objects.get(recipient=participant)
    assert message.attachment_name == f"seance-{workshop.pk}.ics"
    event = icalendar.Calendar.from_ical(message.attachment_content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == workshop.starts_at
    assert str(event["summary"]) == workshop.title
    sent = {email.to[0]: email for email in mail.outbox}
    [(name, content, mimetype)] = sent[participant.email].attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content
    assert "Nouvelle salle : B14" in sent[participant.email].body


def test_entries_for_lets_a_later_source_replace_a_keyed_entry(settings, teacher):
    settings.TRAINING_RECORD_SOURCES = [
        "tests.workshops.test_foundation.planned_source",
        "tests.workshops.test_foundation.attended_source",
    ]
    [entry] = entries_for([teacher], "2026-2027")[teacher.pk]
    assert entry.hours_in_person == Decimal("4.5")


def planned_source(users, school_year):
    return {u.pk: [_entry(Decimal(9), "ant:1")] for u in users}


def attended_source(users, school_year):
    return {u.pk: [_entry(Decimal("4.5"), "ant:1")] for u in users}


def _entry(hours, key):
    return Entry("ANT", "Une ANT", "", hours, Decimal(0), key=key)


def test_session_hours_and_undated_planning(brigade_programme):
    planned = SessionFactory(programme=brigade_programme, planned_undated=True, term=2)
    assert planned.hours is None
    dated = SessionFactory(programme=brigade_programme)
    assert dated.hours == Decimal("3.0")
    assert Session.objects.filter(starts_at__date=datetime.date(2027, 1, 12)).count() == 1
