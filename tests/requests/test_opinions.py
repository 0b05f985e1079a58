"""Opinions of the académie's services (« avis externes », issue 9, point 2): the office asks a
person holding the role « Service consulté » during review; that person sees the request only
through their opinion, answers once, is reminded two days before the due date; the answers are
shown to the office alone."""

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from accounts.models import Role, RoleMembership
from config.celery import app
from notifications.models import Message
from requests import opinions
from requests.models import Attachment, OpinionRequest, StaffNote, State, ThreadMessage
from tests.factories import (
    AntRequestFactory,
    CampaignFactory,
    EtablissementFactory,
    UserFactory,
    put_in_state,
    user_with_role,
)

PARIS = datetime.timezone(datetime.timedelta(hours=2))
# A day of the review in the 2020-2021 campaign.
TODAY = datetime.date(2020, 9, 14)
NOW = datetime.datetime(2020, 9, 14, 10, tzinfo=PARIS)
DUE = datetime.date(2020, 9, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


# Fixtures ------------------------------------------------------------------------------------
@pytest.fixture
def expert(academie):
    return user_with_role(
        Role.SERVICE_CONSULTE,
        academie=academie,
        full_name="Catherine Vasseur",
        email="catherine.vasseur@ac-test.fr",
    )


@pytest.fixture
def other_expert(academie):
    return user_with_role(
        Role.SERVICE_CONSULTE, academie=academie, full_name="Hervé Lucas", email="herve@ac-test.fr"
    )


@pytest.fixture
def other_academie_expert(other_academie):
    return user_with_role(Role.SERVICE_CONSULTE, academie=other_academie, full_name="Marie Nicolas")


@pytest.fixture
def opinion(under_review, dafor, expert):
    return opinions.ask_opinion(
        ant=under_review,
        by=dafor,
        expert=expert,
        service="Inspection pédagogique régionale de mathématiques",
        question="Le projet est-il cohérent avec le plan de formation disciplinaire ?",
        due_on=DUE,
    )


@pytest.fixture
def second_request(campaign, teacher, colleague, school, theme):
    return AntRequestFactory(
        campaign=campaign,
        coordinator=teacher,
        coordinating_school=school,
        members=[colleague],
        theme=theme,
        under_review=True,
        title="Un autre projet du collège",
    )


def ask_data(**overrides):
    data = {
        "opinion-expert": "",
        "opinion-email": "",
        "opinion-service": "DSDEN de Seine-Saint-Denis — service de la formation",
        "opinion-question": "Ce besoin est-il déjà couvert par le plan départemental ?",
        "opinion-due_on": "2020-09-28",
    }
    data.update(overrides)
    return data


def answer_data(**overrides):
    data = {"answer-verdict": "reserved", "answer-answer": "Avis réservé : voir le calendrier."}
    data.update(overrides)
    return data


def flash(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# The office asks -------------------------------------------------------------------------------
def test_office_asks_an_expert_who_is_told_by_email(
    client, under_review, dafor, expert, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(dafor)
    url = reverse("requests:opinion_ask", args=[under_review.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, ask_data(**{"opinion-expert": expert.pk}))

    assert response.status_code == 302
    assert response.url == f"{under_review.get_absolute_url()}#avis"
    opinion = OpinionRequest.objects.get()
    assert (opinion.request, opinion.expert, opinion.asked_by) == (under_review, expert, dafor)
    assert opinion.due_on == datetime.date(2020, 9, 28)
    assert opinion.answered_at is None
    [mail] = mailoutbox
    assert mail.to == [expert.email]
    assert under_review.reference in mail.subject
    assert opinion.get_absolute_url() in mail.body
    assert "28 septembre 2020" in mail.body


def test_office_asks_an_existing_account_by_email_and_grants_the_role(
    client, under_review, dafor, academie
):
    inspector = UserFactory(full_name="Jean Roche", email="jean.roche@ac-test.fr")
    client.force_login(dafor)

    response = client.post(
        reverse("requests:opinion_ask", args=[under_review.pk]),
        ask_data(**{"opinion-email": "Jean.Roche@ac-test.fr"}),
    )

    assert response.status_code == 302
    assert OpinionRequest.objects.get().expert == inspector
    assert RoleMembership.objects.filter(
        user=inspector, role=Role.SERVICE_CONSULTE, academie=academie
    ).exists()


def test_office_asks_during_the_diagnostic(client, under_review, dafor, expert):
    put_in_state(under_review, State.DIAGNOSTIC)
    client.force_login(dafor)

    client.post(
        reverse("requests:opinion_ask", args=[under_review.pk]),
        ask_data(**{"opinion-expert": expert.pk}),
    )

    assert OpinionRequest.objects.filter(request=under_review).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"opinion-due_on": "2020-09-10"}, "due_on", "au plus tôt demain"),
        ({"opinion-due_on": "2020-09-14"}, "due_on", "au plus tôt demain"),
        ({"opinion-due_on": "14/13/2020"}, "due_on", "Saisissez une date valide."),
        ({"opinion-due_on": ""}, "due_on", "Indiquez la date"),
        ({"opinion-question": "   "}, "question", "Écrivez la question posée au service."),
        ({"opinion-service": ""}, "service", "Indiquez le service consulté."),
        ({"opinion-expert": "999999"}, "expert", "n'a pas le rôle"),
        ({"opinion-expert": ""}, "expert", "Choisissez la personne consultée"),
        ({"opinion-expert": "", "opinion-email": "x@ac-test.fr"}, "email", "Aucun compte actif"),
        ({"opinion-expert": "", "opinion-email": "pas une adresse"}, "email", "n'est pas valide"),
    ],
    ids=[
        "past_due_date",
        "due_today",
        "bad_date",
        "no_date",
        "empty_question",
        "no_service",
        "unknown_expert",
        "no_expert",
        "unknown_account",
        "bad_email",
    ],
)
def test_office_ask_bad_input_is_refused_with_a_message(
    client, under_review, dafor, expert, overrides, field, message
):
    client.force_login(dafor)
    data = ask_data(**{"opinion-expert": expert.pk})
    data.update(overrides)

    response = client.post(reverse("requests:opinion_ask", args=[under_review.pk]), data)

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert escape(message) in response.content.decode()
    assert not OpinionRequest.objects.exists()
    assert not Message.objects.exists()


def test_office_ask_an_expert_of_another_academie_is_refused(
    client, under_review, dafor, other_academie_expert
):
    client.force_login(dafor)

    response = client.post(
        reverse("requests:opinion_ask", args=[under_review.pk]),
        ask_data(**{"opinion-expert": other_academie_expert.pk}),
    )

    assert response.status_code == 400
    assert "expert" in response.context["form"].errors
    assert not OpinionRequest.objects.exists()


def test_office_ask_both_a_person_and_an_address_is_refused(client, under_review, dafor, expert):
    client.force_login(dafor)

    response = client.post(
        reverse("requests:opinion_ask", args=[under_review.pk]),
        ask_data(**{"opinion-expert": expert.pk, "opinion-email": expert.email}),
    )

    assert response.status_code == 400
    assert "pas les deux" in response.context["form"].non_field_errors()[0]
    assert not OpinionRequest.objects.exists()


def test_office_ask_oneself_is_refused(client, under_review, dafor):
    client.force_login(dafor)

    response = client.post(
        reverse("requests:opinion_ask", args=[under_review.pk]),
        ask_data(**{"opinion-email": dafor.email}),
    )

    assert response.status_code == 400
    assert "à vous-même" in response.context["form"].non_field_errors()[0]
    assert not OpinionRequest.objects.exists()
    assert not RoleMembership.objects.filter(user=dafor, role=Role.SERVICE_CONSULTE).exists()


def test_office_ask_a_second_pending_opinion_of_the_same_person_is_refused(
    client, opinion, under_review, dafor, expert
):
    client.force_login(dafor)

    response = client.post(
        reverse("requests:opinion_ask", args=[under_review.pk]),
        ask_data(**{"opinion-expert": expert.pk}),
    )

    assert response.status_code == 400
    assert "déjà demandé" in response.context["form"].non_field_errors()[0]
    assert OpinionRequest.objects.count() == 1


def test_office_ask_sent_twice_saves_once(client, under_review, dafor, expert):
    client.force_login(dafor)
    url = reverse("requests:opinion_ask", args=[under_review.pk])
    data = ask_data(**{"opinion-expert": expert.pk, "opinion-submission_token": "1" * 32})
    # The same form sent again, for another person: the token makes it the same submission.
    client.post(url, data)

    response = client.post(url, {**data, "opinion-service": "Autre service"})

    assert response.status_code == 302
    assert OpinionRequest.objects.count() == 1
    assert "déjà été envoyé" in flash(response)[-1]


@pytest.mark.parametrize(
    "state", [State.ENDORSED, State.CORRECTIONS, State.VALIDATED, State.REJECTED]
)
def test_office_ask_outside_review_is_refused(client, under_review, dafor, expert, state):
    put_in_state(under_review, state)
    client.force_login(dafor)

    response = client.post(
        reverse("requests:opinion_ask", args=[under_review.pk]),
        ask_data(**{"opinion-expert": expert.pk}),
    )

    assert response.status_code == 302
    assert "pendant l'instruction ou le diagnostic" in flash(response)[0]
    assert not OpinionRequest.objects.exists()


@pytest.mark.parametrize(
    "who", ["teacher", "colleague", "head", "trainer", "expert", "other_academie_dafor"]
)
def test_ask_by_anyone_but_the_office_is_404(client, request, under_review, expert, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(
        reverse("requests:opinion_ask", args=[under_review.pk]),
        ask_data(**{"opinion-expert": expert.pk}),
    )

    assert response.status_code == 404
    assert not OpinionRequest.objects.exists()


# The request page: the answers, for the office alone -------------------------------------------
def test_request_page_shows_the_office_the_opinions_and_the_form(
    client, opinion, under_review, dafor, expert
):
    opinions.answer_opinion(opinion=opinion, by=expert, verdict="favourable", answer="Très bien.")
    client.force_login(dafor)

    response = client.get(under_review.get_absolute_url())

    page = response.content.decode()
    assert 'id="avis"' in page
    assert "Catherine Vasseur" in page
    assert "Inspection pédagogique régionale de mathématiques" in page
    assert "Très bien." in page
    assert "Favorable" in page
    assert 'name="opinion-question"' in page


@pytest.mark.parametrize("who", ["teacher", "colleague", "head"])
def test_request_page_hides_the_opinions_from_the_team_and_heads(
    client, request, opinion, under_review, expert, who
):
    opinions.answer_opinion(opinion=opinion, by=expert, verdict="reserved", answer="Secret.")
    client.force_login(request.getfixturevalue(who))

    response = client.get(under_review.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="avis"' not in page
    assert "Secret." not in page
    assert "Catherine Vasseur" not in page


# The person consulted --------------------------------------------------------------------------
def test_expert_sees_the_request_through_the_opinion_read_only(
    client, opinion, under_review, expert, dafor
):
    StaffNote.objects.create(request=under_review, author=dafor, body="Note interne secrète")
    ThreadMessage.objects.create(request=under_review, author=dafor, body="Échange de l'équipe")
    client.force_login(expert)

    response = client.get(opinion.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert escape(under_review.title) in page
    assert escape(under_review.professional_questions) in page
    assert "Claire Martin" in page  # the coordinator, in the team
    assert opinion.question in page
    assert 'name="answer-answer"' in page
    assert "Note interne secrète" not in page
    assert "Échange de l'équipe" not in page
    assert reverse("requests:edit", args=[under_review.pk]) not in page


def test_expert_downloads_the_request_attachments(client, opinion, under_review, teacher, expert):
    attachment = Attachment.objects.create(
        request=under_review,
        file=ContentFile(b"%PDF-1.4 diagnostic", name="diagnostic.pdf"),
        name="diagnostic.pdf",
        size=19,
        uploaded_by=teacher,
    )
    client.force_login(expert)

    response = client.get(reverse("requests:opinion_attachment", args=[opinion.pk, attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 diagnostic"


def test_expert_may_not_download_another_requests_attachment(
    client, opinion, second_request, teacher, expert
):
    attachment = Attachment.objects.create(
        request=second_request,
        file=ContentFile(b"%PDF-1.4", name="autre.pdf"),
        name="autre.pdf",
        size=8,
        uploaded_by=teacher,
    )
    client.force_login(expert)

    response = client.get(reverse("requests:opinion_attachment", args=[opinion.pk, attachment.pk]))

    assert response.status_code == 404


def test_expert_on_the_normal_request_page_gets_404(client, opinion, under_review, expert):
    client.force_login(expert)

    assert client.get(under_review.get_absolute_url()).status_code == 404
    assert client.get(reverse("requests:queue")).status_code == 404
    response = client.get(reverse("requests:attachment_download", args=[under_review.pk, 1]))
    assert response.status_code == 404


def test_expert_on_another_requests_page_gets_404(client, opinion, second_request, expert):
    client.force_login(expert)

    assert client.get(second_request.get_absolute_url()).status_code == 404


def test_expert_on_another_persons_opinion_gets_404(
    client, opinion, second_request, dafor, expert, other_expert
):
    theirs = opinions.ask_opinion(
        ant=second_request,
        by=dafor,
        expert=other_expert,
        service="IEN de circonscription",
        question="Avis ?",
        due_on=DUE,
    )
    client.force_login(expert)

    assert client.get(theirs.get_absolute_url()).status_code == 404
    response = client.post(reverse("requests:opinion_answer", args=[theirs.pk]), answer_data())
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.answered_at is None


def test_expert_whose_role_was_removed_gets_404(client, opinion, expert):
    RoleMembership.objects.filter(user=expert, role=Role.SERVICE_CONSULTE).delete()
    client.force_login(expert)

    assert client.get(opinion.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "who", ["teacher", "colleague", "head", "trainer", "dafor", "other_academie_dafor"]
)
def test_opinion_pages_are_404_for_everyone_but_the_expert(client, request, opinion, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(opinion.get_absolute_url()).status_code == 404
    assert client.get(reverse("requests:opinions")).status_code == 404
    response = client.post(reverse("requests:opinion_answer", args=[opinion.pk]), answer_data())
    assert response.status_code == 404
    opinion.refresh_from_db()
    assert opinion.answered_at is None


def test_expert_of_another_academie_gets_404(client, opinion, other_academie_expert):
    client.force_login(other_academie_expert)

    assert client.get(opinion.get_absolute_url()).status_code == 404
    assert client.get(reverse("requests:opinions")).status_code == 200


# Answering once ----------------------------------------------------------------------------------
def test_expert_answers_and_the_office_is_told(
    client, opinion, expert, dafor, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(expert)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("requests:opinion_answer", args=[opinion.pk]),
            answer_data(**{"answer-verdict": "favourable", "answer-answer": "Projet cohérent."}),
        )

    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.verdict == OpinionRequest.Verdict.FAVOURABLE
    assert opinion.answer == "Projet cohérent."
    assert opinion.answered_at == NOW
    [mail] = [m for m in mailoutbox if m.to == [dafor.email]]
    assert "Catherine Vasseur" in mail.subject
    assert "favorable" in mail.subject
    assert "Projet cohérent." in mail.body


def test_expert_answer_twice_is_refused(client, opinion, expert):
    client.force_login(expert)
    url = reverse("requests:opinion_answer", args=[opinion.pk])
    client.post(url, answer_data(**{"answer-answer": "Première réponse."}))

    response = client.post(
        url, answer_data(**{"answer-verdict": "unfavourable", "answer-answer": "Seconde."})
    )

    assert response.status_code == 302
    assert "déjà rendu cet avis" in flash(response)[-1]
    opinion.refresh_from_db()
    assert (opinion.verdict, opinion.answer) == ("reserved", "Première réponse.")


def test_expert_answer_sent_twice_with_the_same_token_is_saved_once(client, opinion, expert):
    client.force_login(expert)
    url = reverse("requests:opinion_answer", args=[opinion.pk])
    data = answer_data(**{"answer-submission_token": "2" * 32})
    client.post(url, data)

    response = client.post(url, data)

    assert response.status_code == 302
    assert "déjà été envoyé" in flash(response)[-1]
    assert Message.objects.filter(kind="ant_opinion_answered").count() == 1


def test_answer_service_refuses_a_second_answer(opinion, expert):
    opinions.answer_opinion(opinion=opinion, by=expert, verdict="favourable", answer="Oui.")

    with pytest.raises(opinions.OpinionError, match="14 septembre 2020"):
        opinions.answer_opinion(opinion=opinion, by=expert, verdict="reserved", answer="Non.")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"answer-verdict": ""}, "verdict", "Indiquez votre avis"),
        ({"answer-verdict": "peut-être"}, "verdict", "Indiquez votre avis"),
        ({"answer-answer": "  "}, "answer", "Écrivez votre réponse"),
    ],
    ids=["no_verdict", "unknown_verdict", "empty_answer"],
)
def test_expert_answer_bad_input_is_refused(client, opinion, expert, overrides, field, message):
    client.force_login(expert)

    response = client.post(
        reverse("requests:opinion_answer", args=[opinion.pk]), answer_data(**overrides)
    )

    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert escape(message) in response.content.decode()
    opinion.refresh_from_db()
    assert opinion.answered_at is None


def test_answered_opinion_page_shows_the_answer_without_a_form(client, opinion, expert):
    opinions.answer_opinion(opinion=opinion, by=expert, verdict="favourable", answer="Oui.")
    client.force_login(expert)

    response = client.get(opinion.get_absolute_url())

    page = response.content.decode()
    assert "Oui." in page
    assert "Favorable" in page
    assert 'name="answer-answer"' not in page


# The expert's list -----------------------------------------------------------------------------
@pytest.mark.parametrize("count", [1, 4, 12])
def test_expert_list_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, campaign, school, teacher, dafor, expert, count
):
    for n in range(count):
        ant = AntRequestFactory(
            campaign=campaign,
            coordinator=teacher,
            coordinating_school=school,
            under_review=True,
            title=f"Projet {n}",
        )
        opinions.ask_opinion(
            ant=ant, by=dafor, expert=expert, service="IA-IPR", question="Avis ?", due_on=DUE
        )
    client.force_login(expert)

    # Session, user, roles; the page's count and rows; the unread messages.
    with django_assert_num_queries(6):
        response = client.get(reverse("requests:opinions"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == count
    assert response.content.decode().count('data-testid="opinion-row"') == count


def test_expert_list_shows_only_their_own_opinions(
    client, opinion, second_request, dafor, other_expert, expert
):
    opinions.ask_opinion(
        ant=second_request,
        by=dafor,
        expert=other_expert,
        service="IEN",
        question="Avis ?",
        due_on=DUE,
    )
    client.force_login(expert)

    response = client.get(reverse("requests:opinions"))

    assert [o.pk for o in response.context["page"].object_list] == [opinion.pk]
    assert second_request.title not in response.content.decode()


def test_expert_dashboard_lists_pending_opinions(client, opinion, expert):
    client.force_login(expert)

    response = client.get(reverse("home"))

    page = response.content.decode()
    assert "Avis demandés" in page
    assert opinion.get_absolute_url() in page


# Reminders ---------------------------------------------------------------------------------------
def test_reminder_goes_two_days_before_the_due_date_once(
    opinion, expert, django_capture_on_commit_callbacks, mailoutbox
):
    assert opinions.send_opinion_reminders(today=datetime.date(2020, 9, 27)) == 0

    with django_capture_on_commit_callbacks(execute=True):
        sent = opinions.send_opinion_reminders(today=datetime.date(2020, 9, 28))

    assert sent == 1
    [mail] = [m for m in mailoutbox if "Rappel" in m.subject]
    assert mail.to == [expert.email]
    assert "Rappel" in mail.subject
    opinion.refresh_from_db()
    assert opinion.reminded_at is not None
    assert opinions.send_opinion_reminders(today=datetime.date(2020, 9, 29)) == 0
    assert Message.objects.filter(kind="ant_opinion_reminder").count() == 1


def test_no_reminder_for_an_answered_or_overdue_opinion(opinion, expert):
    assert opinions.send_opinion_reminders(today=datetime.date(2020, 10, 1)) == 0
    opinions.answer_opinion(opinion=opinion, by=expert, verdict="favourable", answer="Oui.")

    assert opinions.send_opinion_reminders(today=datetime.date(2020, 9, 28)) == 0
    assert not Message.objects.filter(kind="ant_opinion_reminder").exists()


def test_reminder_task_is_in_the_beat_schedule_and_runs(opinion):
    from requests import tasks

    entry = app.conf.beat_schedule["ant-opinion-reminders"]
    assert app.tasks[entry["task"]].name == tasks.send_opinion_reminders.name
    assert entry["task"] == "requests.tasks.send_opinion_reminders"

    with time_machine.travel(datetime.datetime(2020, 9, 28, 8, tzinfo=PARIS), tick=False):
        result = tasks.send_opinion_reminders.delay()

    assert result.get() == 1


# Another académie's office ---------------------------------------------------------------------
def test_other_academie_office_sees_nothing_of_the_opinions(
    client, opinion, other_academie, other_academie_dafor
):
    other_campaign = CampaignFactory(academie=other_academie, title="ANT Nancy-Metz")
    other_school = EtablissementFactory(academie=other_academie)
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=other_school)
    ant = AntRequestFactory(
        campaign=other_campaign,
        coordinator=teacher,
        coordinating_school=other_school,
        under_review=True,
    )
    client.force_login(other_academie_dafor)

    response = client.get(ant.get_absolute_url())

    assert response.status_code == 200
    assert "Catherine Vasseur" not in response.content.decode()
    # The form lists the people of their own académie only.
    form_html = response.content.decode()
    assert "catherine.vasseur@ac-test.fr" not in form_html


def _ask_several(ant, dafor, count):
    for n in range(count):
        expert = user_with_role(Role.SERVICE_CONSULTE, academie=ant.academie)
        opinion = opinions.ask_opinion(
            ant=ant, by=dafor, expert=expert, service=f"Service {n}", question="?", due_on=DUE
        )
        if n % 2:
            opinions.answer_opinion(opinion=opinion, by=expert, verdict="reserved", answer="Non.")


def test_request_page_reads_the_same_queries_whatever_the_number_of_opinions(
    client, under_review, dafor
):
    """The page's literal count is in test_query_counts.py (the office's row, with the
    opinions' two reads: the opinions with their people, the people who may be asked); here,
    that it does not grow with the opinions."""
    client.force_login(dafor)
    _ask_several(under_review, dafor, 1)
    with CaptureQueriesContext(connection) as one:
        first = client.get(under_review.get_absolute_url())
    _ask_several(under_review, dafor, 5)

    with CaptureQueriesContext(connection) as six:
        response = client.get(under_review.get_absolute_url())

    assert first.content.decode().count('data-testid="opinion"') == 1
    assert response.content.decode().count('data-testid="opinion"') == 6
    assert len(six) == len(one)


# Demo ------------------------------------------------------------------------------------------
# The whole seed needs the académies of the data migrations (tests/requests/test_demo.py runs
# it); here, its opinions on the two requests they are about.
def test_demo_opinions_one_answered_one_pending_and_idempotent(
    client, campaign, school, teacher, academie, dafor
):
    from accounts.demo import demo_email
    from requests.demo import opinions_of_services

    expert = user_with_role(
        Role.SERVICE_CONSULTE,
        academie=academie,
        full_name="Catherine Vasseur",
        email=demo_email("avis"),
    )
    states = {
        "Orientation et ambition scolaire": State.DIAGNOSTIC,
        "Climat scolaire : protocole harcèlement": State.UNDER_REVIEW,
    }
    for title, state in states.items():
        ant = AntRequestFactory(
            campaign=campaign, coordinator=teacher, coordinating_school=school, title=title
        )
        put_in_state(ant, state)

    opinions_of_services(campaign, dafor)
    opinions_of_services(campaign, dafor)

    demo = OpinionRequest.objects.select_related("request").order_by("created_at")
    # The title seeded with a plain space is put right (« : » after a no-break space).
    assert [(o.request.title, o.is_answered, o.verdict) for o in demo] == [
        ("Climat scolaire\u00a0: protocole harcèlement", False, ""),
        ("Orientation et ambition scolaire", True, "favourable"),
    ]
    client.force_login(expert)
    response = client.get(reverse("requests:opinions"))
    assert len(response.context["page"].object_list) == 2
    assert client.get(demo[0].request.get_absolute_url()).status_code == 404
