"""Open enrolment (issue 11, point 3) and the waiting list (point 2): teachers of the
académie enrol in a session « inscription libre », within its capacity; past it they wait,
and the first waiting is promoted when someone leaves."""

import datetime

import icalendar
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from tests.factories import (
    AcademieFactory,
    EtablissementFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
    paris_time,
    user_with_role,
)
from workshops import enrolment
from workshops.enrolment import EnrolmentError
from workshops.models import Participant


def _texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _ics_event(message):
    return icalendar.Calendar.from_ical(message.attachment_content).walk("VEVENT")[0]


# Enrolling ------------------------------------------------------------------------------------
def test_enrol_takes_a_place_and_sends_the_confirmation_with_the_ics(
    client, open_workshop, metz_teacher, django_capture_on_commit_callbacks
):
    client.force_login(metz_teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshops:enrol", args=[open_workshop.pk]))
    assert response.status_code == 302
    participant = Participant.objects.get(session=open_workshop, user=metz_teacher)
    assert (participant.status, participant.origin) == ("enrolled", "enrolment")
    assert [email.to for email in mail.outbox] == [[metz_teacher.email]]
    [(name, content, mimetype)] = mail.outbox[0].attachments
    assert name == f"seance-{open_workshop.pk}.ics" and mimetype.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == open_workshop.starts_at
    assert event.decoded("dtend") == open_workshop.ends_at
    assert str(event["summary"]) == open_workshop.title
    assert "Lycée Georges de La Tour" in str(event["location"])
    assert "mardi 12 janvier 2027, de 9h00 à 12h00" in mail.outbox[0].body
    assert "Votre inscription est enregistrée" in _texts(response)[0]


def test_enrol_at_the_last_place_enrols_and_one_over_waits_with_its_rank(
    open_workshop, lycee_metz, django_capture_on_commit_callbacks
):
    ParticipantFactory(session=open_workshop, origin="enrolment")  # 1 of 2 places taken
    last, over = (user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz) for _ in range(2))
    with django_capture_on_commit_callbacks(execute=True):
        at_limit = enrolment.enrol(session=open_workshop, user=last)
        beyond = enrolment.enrol(session=open_workshop, user=over)
    assert at_limit.status == "enrolled"
    assert beyond.status == "waiting"
    assert enrolment.waiting_rank(beyond) == 1
    told = Message.objects.get(recipient=over)
    assert told.kind == "workshops_waiting_list"
    assert told.attachment_name == ""  # not in the calendar while waiting
    assert "en position 1" in told.body_text
    assert {email.to[0] for email in mail.outbox} == {last.email, over.email}


def test_two_enrolments_for_the_last_place_do_not_both_get_it(open_workshop, lycee_metz):
    """The second call counts the first one's place: the session row is locked by each."""
    ParticipantFactory(session=open_workshop, origin="enrolment")
    first, second = (user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz) for _ in range(2))
    enrolment.enrol(session=open_workshop, user=first)
    enrolment.enrol(session=open_workshop, user=second)
    assert enrolment.enrolled_count(open_workshop) == open_workshop.capacity
    assert Participant.objects.get(user=second).status == "waiting"


def test_enrol_without_capacity_never_waits(open_workshop, lycee_metz):
    open_workshop.capacity = None
    open_workshop.save()
    ParticipantFactory.create_batch(3, session=open_workshop, origin="enrolment")
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
    assert enrolment.enrol(session=open_workshop, user=teacher).status == "enrolled"


def test_enrol_twice_is_refused_and_not_enrolled_twice(client, open_workshop, metz_teacher):
    client.force_login(metz_teacher)
    client.post(reverse("workshops:enrol", args=[open_workshop.pk]))
    response = client.post(reverse("workshops:enrol", args=[open_workshop.pk]), follow=True)
    assert "Votre inscription à cette séance est déjà enregistrée." in _texts(response)
    assert Participant.objects.filter(session=open_workshop, user=metz_teacher).count() == 1


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"status": "cancelled", "cancel_reason": "Grève"}, "Cette séance est annulée"),
        ({"status": "done"}, "Cette séance a eu lieu"),
        (
            {
                "starts_at": paris_time(2026, 1, 12, 9),
                "ends_at": paris_time(2026, 1, 12, 12),
                "school_year": "2025-2026",
            },
            "Cette séance a commencé ou est passée",
        ),
        ({"status": "planned", "starts_at": None, "ends_at": None}, "pas encore de date"),
    ],
)
def test_enrol_is_refused_on_a_cancelled_done_past_or_undated_session(
    client, open_workshop, metz_teacher, fields, expected
):
    for name, value in fields.items():
        setattr(open_workshop, name, value)
    open_workshop.save()
    client.force_login(metz_teacher)
    response = client.post(reverse("workshops:enrol", args=[open_workshop.pk]), follow=True)
    assert response.status_code == 200
    assert any(expected in text for text in _texts(response))
    assert not Participant.objects.filter(session=open_workshop).exists()


def test_enrol_service_refuses_a_session_that_is_not_open(workshop, metz_teacher):
    with pytest.raises(EnrolmentError, match="pas ouverte aux inscriptions"):
        enrolment.enrol(session=workshop, user=metz_teacher)
    assert not Participant.objects.exists()


def test_enrol_after_leaving_comes_back_at_the_end_of_the_queue(
    open_workshop, metz_teacher, lycee_metz
):
    ParticipantFactory.create_batch(2, session=open_workshop, origin="enrolment")
    waiting = enrolment.enrol(
        session=open_workshop, user=user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
    )
    left = enrolment.enrol(session=open_workshop, user=metz_teacher)
    enrolment.unenrol(participant=left, by=metz_teacher)
    again = enrolment.enrol(session=open_workshop, user=metz_teacher)
    assert again.pk == left.pk
    assert (enrolment.waiting_rank(waiting), enrolment.waiting_rank(again)) == (1, 2)


# Leaving and the waiting list -----------------------------------------------------------------
def test_unenrol_promotes_the_first_waiting_and_tells_exactly_them(
    client, open_workshop, metz_teacher, lycee_metz, django_capture_on_commit_callbacks
):
    mine = ParticipantFactory(session=open_workshop, user=metz_teacher, origin="enrolment")
    ParticipantFactory(session=open_workshop, origin="enrolment")
    first = ParticipantFactory(session=open_workshop, waiting=True)
    second = ParticipantFactory(session=open_workshop, waiting=True)
    client.force_login(metz_teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshops:unenrol", args=[open_workshop.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (mine.status, first.status, second.status) == ("cancelled", "enrolled", "waiting")
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [metz_teacher.email, first.user.email]
    )
    promoted = Message.objects.get(recipient=first.user)
    assert promoted.kind == "workshops_promoted"
    assert _ics_event(promoted).decoded("dtstart") == open_workshop.starts_at
    left = Message.objects.get(recipient=metz_teacher)
    assert left.kind == "workshops_unenrolled"
    assert str(_ics_event(left)["status"]) == "CANCELLED"


def test_waiting_list_order_breaks_ties_by_pk(open_workshop):
    ParticipantFactory.create_batch(2, session=open_workshop, origin="enrolment")
    same_time = paris_time(2026, 11, 2, 10)
    earlier = ParticipantFactory(session=open_workshop, waiting=True, created_at=same_time)
    later = ParticipantFactory(session=open_workshop, waiting=True, created_at=same_time)
    assert (enrolment.waiting_rank(earlier), enrolment.waiting_rank(later)) == (1, 2)
    leaving = open_workshop.participants.filter(status="enrolled").first()
    enrolment.unenrol(participant=leaving, by=leaving.user)
    earlier.refresh_from_db()
    later.refresh_from_db()
    assert (earlier.status, later.status) == ("enrolled", "waiting")


def test_leaving_the_waiting_list_promotes_no_one(open_workshop, metz_teacher):
    ParticipantFactory.create_batch(2, session=open_workshop, origin="enrolment")
    mine = ParticipantFactory(session=open_workshop, user=metz_teacher, waiting=True)
    other = ParticipantFactory(session=open_workshop, waiting=True)
    enrolment.unenrol(participant=mine, by=metz_teacher)
    other.refresh_from_db()
    assert other.status == "waiting"
    assert enrolment.waiting_rank(other) == 1


def test_manager_removal_promotes_the_first_waiting(
    client, open_workshop, trainer, django_capture_on_commit_callbacks
):
    removed = ParticipantFactory(session=open_workshop, origin="enrolment")
    ParticipantFactory(session=open_workshop, origin="enrolment")
    waiting = ParticipantFactory(session=open_workshop, waiting=True)
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:remove_participant", args=[open_workshop.pk, removed.pk])
        )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "enrolled"
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [removed.user.email, waiting.user.email]
    )
    assert "ont annulé votre participation" in Message.objects.get(recipient=removed.user).body_text


def test_a_designated_person_cannot_unenrol_themselves(client, workshop):
    mine = ParticipantFactory(session=workshop)
    client.force_login(mine.user)
    response = client.post(reverse("workshops:unenrol", args=[workshop.pk]), follow=True)
    assert "décidée par l'institution" in _texts(response)[0]
    mine.refresh_from_db()
    assert mine.status == "enrolled"


def test_unenrol_is_404_for_who_is_not_enrolled(client, open_workshop, metz_teacher):
    client.force_login(metz_teacher)
    assert client.post(reverse("workshops:unenrol", args=[open_workshop.pk])).status_code == 404


def test_remove_participant_of_another_session_is_404(client, open_workshop, trainer):
    elsewhere = ParticipantFactory(session=SessionFactory(programme=open_workshop.programme))
    client.force_login(trainer)
    url = reverse("workshops:remove_participant", args=[open_workshop.pk, elsewhere.pk])
    assert client.post(url).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == "enrolled"


# Rights -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "who",
    ["teacher_of_other_academie", "host_schools_head", "trainer", "saio"],
)
def test_enrol_is_404_for_who_is_not_a_teacher_of_the_academie(
    client, open_workshop, lycee_metz, trainer, saio, who
):
    users = {
        "teacher_of_other_academie": lambda: user_with_role(
            Role.ENSEIGNANT, academie=AcademieFactory(code="01", name="Paris")
        ),
        "host_schools_head": lambda: user_with_role(
            Role.CHEF_ETABLISSEMENT, etablissement=lycee_metz
        ),
        "trainer": lambda: trainer,
        "saio": lambda: saio,
    }
    client.force_login(users[who]())
    response = client.post(reverse("workshops:enrol", args=[open_workshop.pk]))
    assert response.status_code == 404
    assert not Participant.objects.exists()


def test_enrol_is_404_for_a_teacher_on_a_designated_session(client, workshop, metz_teacher):
    client.force_login(metz_teacher)
    assert client.post(reverse("workshops:enrol", args=[workshop.pk])).status_code == 404
    assert not Participant.objects.exists()


def test_enrol_sends_the_anonymous_to_log_in(client, open_workshop):
    response = client.post(reverse("workshops:enrol", args=[open_workshop.pk]))
    assert response.status_code == 302
    assert "?next=" in response["Location"]
    assert not Participant.objects.exists()


@pytest.mark.parametrize("name", ["enrol", "unenrol", "convene", "answer_invitation"])
def test_enrolment_actions_refuse_get(client, open_workshop, metz_teacher, name):
    client.force_login(metz_teacher)
    assert client.get(reverse(f"workshops:{name}", args=[open_workshop.pk])).status_code == 405


# The session page -----------------------------------------------------------------------------
def test_session_page_offers_enrolment_to_a_teacher_of_the_academie(
    client, open_workshop, metz_teacher
):
    client.force_login(metz_teacher)
    response = client.get(reverse("workshops:detail", args=[open_workshop.pk]))
    assert response.status_code == 200
    assert reverse("workshops:enrol", args=[open_workshop.pk]) in response.content.decode()


def test_session_page_shows_the_waiting_list_in_order_to_its_trainer(
    client, open_workshop, trainer
):
    ParticipantFactory.create_batch(2, session=open_workshop, origin="enrolment")
    first = ParticipantFactory(session=open_workshop, waiting=True, user__full_name="Aline Zed")
    ParticipantFactory(session=open_workshop, waiting=True, user__full_name="Bruno Abel")
    client.force_login(trainer)
    text = client.get(reverse("workshops:detail", args=[open_workshop.pk])).content.decode()
    waiting = text.split('data-testid="participants-waiting"')[1]
    assert waiting.index("Aline Zed") < waiting.index("Bruno Abel")
    assert reverse("workshops:remove_participant", args=[open_workshop.pk, first.pk]) in text


def test_detail_context_gives_places_left_and_rank(open_workshop, metz_teacher):
    ParticipantFactory.create_batch(2, session=open_workshop, origin="enrolment")
    mine = ParticipantFactory(session=open_workshop, user=metz_teacher, waiting=True)
    facts = enrolment.detail_context(metz_teacher, open_workshop, mine)["enrolment"]
    assert (facts.may_enrol, facts.enrolled, facts.places_left, facts.rank) == (True, 2, 0, 1)


# The list of open sessions ------------------------------------------------------------------
def test_open_list_shows_the_upcoming_open_sessions_of_the_teachers_academie(
    client, open_workshop, workshop, metz_teacher, brigade_programme, nancy_metz
):
    SessionFactory(programme=brigade_programme, open=True, cancelled=True, title="Annulée")
    SessionFactory(
        programme=brigade_programme,
        open=True,
        title="Passée",
        school_year="2025-2026",
        starts_at=paris_time(2026, 1, 12, 9),
    )
    SessionFactory(
        programme=ProgrammeFactory(academie=AcademieFactory(code="01", name="Paris")),
        open=True,
        title="Ailleurs",
    )
    client.force_login(metz_teacher)
    response = client.get(reverse("workshops:open"))
    assert response.status_code == 200
    titles = [s.title for s in response.context["page"].object_list]
    assert titles == [open_workshop.title]
    assert "2 places libres" in response.content.decode()


def test_open_list_filters_by_programme(client, open_workshop, metz_teacher, nancy_metz):
    other = SessionFactory(
        programme=ProgrammeFactory(academie=nancy_metz, kind="magistere", title="M@gistère"),
        open=True,
    )
    client.force_login(metz_teacher)
    response = client.get(reverse("workshops:open"), {"programme": other.programme_id})
    assert [s.pk for s in response.context["page"].object_list] == [other.pk]


def test_open_list_refuses_an_unknown_programme(client, open_workshop, metz_teacher):
    client.force_login(metz_teacher)
    response = client.get(reverse("workshops:open"), {"programme": "999999"})
    assert response.status_code == 200
    assert "programme" in response.context["filter"].form.errors


@pytest.mark.parametrize("rows", [1, 5])
def test_open_list_runs_a_constant_number_of_queries(
    client, brigade_programme, lycee_metz, metz_teacher, rows, django_assert_num_queries
):
    for day in range(rows):
        session = SessionFactory(
            programme=brigade_programme,
            host_school=lycee_metz,
            open=True,
            starts_at=paris_time(2027, 1, 12, 9) + datetime.timedelta(days=day),
        )
        ParticipantFactory(session=session, origin="enrolment")
        ParticipantFactory(session=session, user=metz_teacher, waiting=True)
    client.force_login(metz_teacher)
    with django_assert_num_queries(7):
        response = client.get(reverse("workshops:open"))
    assert len(response.context["page"].object_list) == rows


def test_open_list_is_404_for_who_does_not_teach(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("workshops:open")).status_code == 404


def test_open_list_sends_the_anonymous_to_log_in(client):
    assert client.get(reverse("workshops:open")).status_code == 302


def test_open_list_pages_by_twenty(client, brigade_programme, lycee_metz, metz_teacher):
    for day in range(21):
        SessionFactory(
            programme=brigade_programme,
            host_school=lycee_metz,
            open=True,
            starts_at=paris_time(2027, 2, 1, 9) + datetime.timedelta(days=day),
        )
    client.force_login(metz_teacher)
    second = client.get(reverse("workshops:open"), {"page": 2})
    assert len(second.context["page"].object_list) == 1


def test_teacher_of_another_academie_gets_404_on_the_open_session_page(client, open_workshop):
    stranger = user_with_role(
        Role.ENSEIGNANT, etablissement=EtablissementFactory(academie=AcademieFactory(code="01"))
    )
    client.force_login(stranger)
    assert client.get(reverse("workshops:detail", args=[open_workshop.pk])).status_code == 404


def test_session_page_offers_no_enrolment_to_the_host_schools_head(
    client, open_workshop, lycee_metz
):
    head = user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=lycee_metz)
    client.force_login(head)
    response = client.get(reverse("workshops:detail", args=[open_workshop.pk]))
    assert response.status_code == 200
    assert reverse("workshops:enrol", args=[open_workshop.pk]) not in response.content.decode()


def test_session_page_tells_the_places_left(client, open_workshop, metz_teacher):
    ParticipantFactory(session=open_workshop, origin="enrolment")
    client.force_login(metz_teacher)
    response = client.get(reverse("workshops:detail", args=[open_workshop.pk]))
    assert "Il reste 1 place." in response.content.decode()
