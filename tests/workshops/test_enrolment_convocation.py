"""Designated publics convened (issue 11, point 3), one person added by a manager, and
invitations: each convocation with its .ics, nobody enrolled twice."""

import icalendar
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from requests.models import TeamMember
from tests.factories import (
    AcademieFactory,
    AnimateurFactory,
    AntRequestFactory,
    CampaignFactory,
    CohortFactory,
    ConventionFactory,
    EnrolmentFactory,
    ParcoursSessionFactory,
    ParticipantFactory,
    ProgrammeFactory,
    PromotionFactory,
    RoleMembershipFactory,
    SessionFactory,
    SessionTrainerFactory,
    TrainingModuleFactory,
    UserFactory,
    ambassador,
    user_with_role,
)
from workshops import enrolment
from workshops.enrolment import EnrolmentError
from workshops.models import Participant


def _texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def ant_session(nancy_metz, lycee_metz, trainer, saio):
    """An ANT training day whose team has two confirmed members (the coordinator and
    Marc Petit) and one still invited."""
    programme = ProgrammeFactory(academie=nancy_metz, kind="ant", slug="ant-nancy-metz")
    confirmed = UserFactory(full_name="Marc Petit")
    ant = AntRequestFactory(
        campaign=CampaignFactory(academie=nancy_metz),
        coordinating_school=lycee_metz,
        validated=True,
        members=[confirmed],
    )
    TeamMember.objects.create(request=ant, user=UserFactory(), status="invited")
    session = SessionFactory(
        programme=programme,
        kind="ant",
        ant_request=ant,
        host_school=lycee_metz,
        title="Évaluer par compétences — journée 1",
        capacity=1,
        created_by=saio,
    )
    SessionTrainerFactory(session=session, user=trainer, role="lead")
    return session


def _team(session):
    return {
        m.user for m in TeamMember.objects.filter(request=session.ant_request, status="confirmed")
    }


# Convening the designated public ------------------------------------------------------------
def test_convene_enrols_the_confirmed_team_and_sends_each_a_convocation_with_the_ics(
    client, ant_session, trainer, django_capture_on_commit_callbacks
):
    team = _team(ant_session)
    assert len(team) == 2
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("workshops:convene", args=[ant_session.pk]), follow=True)
    assert "2 convocations envoyées (dont 2 nouvelles inscriptions)." in _texts(response)
    enrolled = Participant.objects.filter(session=ant_session, status="enrolled")
    assert {p.user for p in enrolled} == team  # capacity 1: the designated public ignores it
    assert all(p.origin == "designated" and p.convened_at for p in enrolled)
    assert sorted(email.to[0] for email in mail.outbox) == sorted(u.email for u in team)
    email = mail.outbox[0]
    assert "Convocation" in email.subject
    assert "Cette convocation vaut ordre de mission." in email.body
    assert "mardi 12 janvier 2027, de 9h00 à 12h00" in email.body
    assert "Lycée Georges de La Tour, Metz — salle B12" in email.body
    assert "Claire Vautrin" in email.body
    [(name, content, mimetype)] = email.attachments
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == ant_session.starts_at
    assert event.decoded("dtend") == ant_session.ends_at
    assert str(event["summary"]) == ant_session.title
    assert "Lycée Georges de La Tour" in str(event["location"])


def test_convene_twice_enrols_no_one_twice_and_convenes_only_the_newcomers(
    ant_session, trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.convene_designated(session=ant_session, by=trainer)
    newcomer = UserFactory()
    TeamMember.objects.create(request=ant_session.ant_request, user=newcomer, status="confirmed")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = enrolment.convene_designated(session=ant_session, by=trainer)
    assert (done.enrolled, done.convened) == (1, 1)
    assert [email.to for email in mail.outbox] == [[newcomer.email]]
    assert Participant.objects.filter(session=ant_session).count() == 3


def test_convene_convenes_who_was_enrolled_but_not_convened_and_leaves_out_who_left(
    ant_session, trainer
):
    member = next(u for u in _team(ant_session) if u.full_name == "Marc Petit")
    left = ParticipantFactory(session=ant_session, user=member, status="cancelled")
    added = ParticipantFactory(session=ant_session, origin="enrolment")  # not yet convened
    done = enrolment.convene_designated(session=ant_session, by=trainer)
    left.refresh_from_db()
    added.refresh_from_db()
    assert left.status == "cancelled"
    assert added.convened_at is not None
    assert (done.enrolled, done.convened) == (1, 2)
    assert set(Message.objects.values_list("recipient", flat=True)) == {
        added.user_id,
        ant_session.ant_request.coordinator_id,
    }


def test_convene_the_ambassadors_of_the_cohort(brigade_programme, nancy_metz, trainer):
    cohort = CohortFactory(
        convention=ConventionFactory(
            programme=ProgrammeFactory(academie=nancy_metz, kind="ambassadeurs")
        )
    )
    people = [ambassador(cohort).user for _ in range(2)]
    ambassador(CohortFactory(convention=cohort.convention, school_year="2019-2020"))
    session = SessionFactory(
        programme=cohort.convention.programme, kind="ambassadeurs", cohort=cohort
    )
    done = enrolment.convene_designated(session=session, by=trainer)
    assert done.convened == 2
    assert set(Participant.objects.values_list("user", flat=True)) == {u.pk for u in people}


def test_convene_the_accepted_enrolments_of_the_magistere_session(nancy_metz, trainer):
    parcours_session = ParcoursSessionFactory(academie=nancy_metz)
    accepted = EnrolmentFactory(session=parcours_session, accepted=True).user
    EnrolmentFactory(session=parcours_session)  # pending: not convened
    session = SessionFactory(
        programme=ProgrammeFactory(academie=nancy_metz, kind="magistere"),
        kind="magistere",
        parcours_session=parcours_session,
    )
    enrolment.convene_designated(session=session, by=trainer)
    assert list(Participant.objects.values_list("user", flat=True)) == [accepted.pk]


def test_convene_the_animateurs_of_the_modules_promotion(brigade_programme, trainer):
    promotion = PromotionFactory(brigade__programme=brigade_programme)
    module = TrainingModuleFactory(promotion=promotion)
    animateur = AnimateurFactory(brigade=promotion.brigade, promotion=promotion).user
    AnimateurFactory(brigade=promotion.brigade)  # no promotion yet
    AnimateurFactory(
        brigade=promotion.brigade, promotion=PromotionFactory(brigade=promotion.brigade)
    )
    session = SessionFactory(programme=brigade_programme, kind="module", training_module=module)
    enrolment.convene_designated(session=session, by=trainer)
    assert list(Participant.objects.values_list("user", flat=True)) == [animateur.pk]


def test_a_workshop_with_pupils_has_no_public_to_convene(client, workshop, trainer):
    client.force_login(trainer)
    page = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert "il n'y a pas de public à convoquer" in page
    assert reverse("workshops:convene", args=[workshop.pk]) not in page
    response = client.post(reverse("workshops:convene", args=[workshop.pk]), follow=True)
    assert "n'a pas de public désigné à convoquer" in _texts(response)[0]
    assert not Participant.objects.exists()


def test_convene_is_refused_on_an_open_or_cancelled_session(ant_session, trainer):
    ant_session.public = "open"
    ant_session.save()
    with pytest.raises(EnrolmentError, match="pas à public désigné"):
        enrolment.convene_designated(session=ant_session, by=trainer)
    ant_session.public = "designated"
    ant_session.status = "cancelled"
    ant_session.cancel_reason = "Grève"
    ant_session.save()
    with pytest.raises(EnrolmentError, match="annulée"):
        enrolment.convene_designated(session=ant_session, by=trainer)
    assert not Participant.objects.exists()


@pytest.mark.parametrize("who", ["participant", "host_schools_head", "other_academie_saio"])
def test_convene_is_404_for_who_does_not_manage_the_session(client, ant_session, lycee_metz, who):
    users = {
        "participant": lambda: ParticipantFactory(session=ant_session).user,
        "host_schools_head": lambda: user_with_role(
            Role.CHEF_ETABLISSEMENT, etablissement=lycee_metz
        ),
        "other_academie_saio": lambda: user_with_role(
            Role.SAIO, academie=AcademieFactory(code="01", name="Paris")
        ),
    }
    client.force_login(users[who]())
    before = Participant.objects.count()
    assert client.post(reverse("workshops:convene", args=[ant_session.pk])).status_code == 404
    assert Participant.objects.count() == before
    assert not Message.objects.exists()


def test_convene_by_the_programmes_staff(client, workshop, saio, brigade_programme):
    module = TrainingModuleFactory(promotion__brigade__programme=brigade_programme)
    AnimateurFactory(brigade=module.promotion.brigade, promotion=module.promotion)
    workshop.kind = "module"
    workshop.training_module = module
    workshop.save()
    client.force_login(saio)
    response = client.post(reverse("workshops:convene", args=[workshop.pk]))
    assert response.status_code == 302
    assert Participant.objects.filter(session=workshop, status="enrolled").count() == 1


def test_convene_sends_the_anonymous_to_log_in(client, ant_session):
    assert client.post(reverse("workshops:convene", args=[ant_session.pk])).status_code == 302
    assert not Participant.objects.exists()


# One person, designated or invited --------------------------------------------------------------
def test_person_by_email_is_enrolled_and_convened(
    client, workshop, trainer, lycee_metz, django_capture_on_commit_callbacks
):
    person = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz, email="ines@ac-nm.fr")
    client.force_login(trainer)
    assert client.get(reverse("workshops:person", args=[workshop.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:person", args=[workshop.pk]), {"person": " INES@ac-nm.fr "}
        )
    assert response.status_code == 302
    participant = Participant.objects.get(session=workshop)
    assert (participant.user, participant.origin, participant.status) == (
        person,
        "designated",
        "enrolled",
    )
    assert participant.convened_at is not None
    assert [email.to for email in mail.outbox] == [[person.email]]


def test_person_by_a_unique_name(client, workshop, trainer, lycee_metz):
    person = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz, full_name="Inès Berger")
    client.force_login(trainer)
    client.post(reverse("workshops:person", args=[workshop.pk]), {"person": "berger"})
    assert Participant.objects.get(session=workshop).user == person


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("", "Indiquez le nom ou l'adresse électronique."),
        ("be", "Saisissez au moins 3 caractères."),
        ("Durand", "Personne de l'académie ne correspond"),
        ("Martin", "Plusieurs personnes correspondent"),
        ("lea@paris.fr", "Personne de l'académie ne correspond"),
    ],
)
def test_person_form_errors(client, workshop, trainer, lycee_metz, query, error):
    for name in ("Luc Martin", "Anne Martin"):
        user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz, full_name=name)
    user_with_role(Role.ENSEIGNANT, academie=AcademieFactory(code="01"), email="lea@paris.fr")
    client.force_login(trainer)
    response = client.post(reverse("workshops:person", args=[workshop.pk]), {"person": query})
    assert response.status_code == 400
    assert error in response.content.decode().replace("&#x27;", "'")
    assert not Participant.objects.exists()


def test_person_already_enrolled_is_not_enrolled_twice(client, workshop, trainer):
    present = ParticipantFactory(session=workshop)
    RoleMembershipFactory(user=present.user, etablissement=workshop.host_school)
    client.force_login(trainer)
    response = client.post(
        reverse("workshops:person", args=[workshop.pk]), {"person": present.user.email}
    )
    assert response.status_code == 400
    assert "figure déjà parmi les participants" in _texts(response)[0]
    assert Participant.objects.filter(session=workshop).count() == 1


def test_person_page_is_404_for_a_participant(client, workshop):
    participant = ParticipantFactory(session=workshop).user
    client.force_login(participant)
    assert client.get(reverse("workshops:person", args=[workshop.pk])).status_code == 404


# Invitations ------------------------------------------------------------------------------------
@pytest.fixture
def invitation_session(workshop):
    workshop.public = "invitation"
    workshop.capacity = 1
    workshop.save()
    return workshop


def test_invite_then_accept_enrols_with_the_ics(
    client, invitation_session, trainer, metz_teacher, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workshops:person", args=[invitation_session.pk]),
            {"person": metz_teacher.email},
        )
    invited = Participant.objects.get(session=invitation_session)
    assert (invited.status, invited.origin) == ("invited", "invitation")
    assert [email.to for email in mail.outbox] == [[metz_teacher.email]]
    assert mail.outbox[0].attachments == []
    client.force_login(metz_teacher)
    page = client.get(reverse("workshops:detail", args=[invitation_session.pk])).content.decode()
    assert "Accepter l'invitation" in page and "Décliner" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workshops:answer_invitation", args=[invitation_session.pk]),
            {"answer": "accept"},
        )
    invited.refresh_from_db()
    assert invited.status == "enrolled"
    accepted = Message.objects.filter(recipient=metz_teacher).latest("pk")
    assert accepted.kind == "workshops_enrolled"
    event = icalendar.Calendar.from_ical(accepted.attachment_content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == invitation_session.starts_at


def test_accepting_an_invitation_to_a_full_session_waits(invitation_session, trainer):
    ParticipantFactory(session=invitation_session, origin="invitation")
    invited = enrolment.invite(session=invitation_session, user=UserFactory(), by=trainer)
    answered = enrolment.answer_invitation(participant=invited, accept=True)
    assert answered.status == "waiting"
    assert enrolment.waiting_rank(answered) == 1


def test_declining_an_invitation(client, invitation_session, trainer, metz_teacher):
    enrolment.invite(session=invitation_session, user=metz_teacher, by=trainer)
    client.force_login(metz_teacher)
    response = client.post(
        reverse("workshops:answer_invitation", args=[invitation_session.pk]),
        {"answer": "decline"},
        follow=True,
    )
    assert "Vous avez décliné l'invitation." in _texts(response)
    assert Participant.objects.get(user=metz_teacher).status == "cancelled"


def test_answer_with_a_bad_value_changes_nothing(client, invitation_session, trainer, metz_teacher):
    enrolment.invite(session=invitation_session, user=metz_teacher, by=trainer)
    client.force_login(metz_teacher)
    response = client.post(
        reverse("workshops:answer_invitation", args=[invitation_session.pk]),
        {"answer": "peut-être"},
        follow=True,
    )
    assert "Choisissez d'accepter ou de décliner l'invitation." in _texts(response)
    assert Participant.objects.get(user=metz_teacher).status == "invited"


def test_answer_is_404_for_who_is_not_invited(client, invitation_session):
    enrolled = ParticipantFactory(session=invitation_session, origin="invitation").user
    client.force_login(enrolled)
    url = reverse("workshops:answer_invitation", args=[invitation_session.pk])
    assert client.post(url, {"answer": "accept"}).status_code == 404


def test_invite_twice_is_refused(invitation_session, trainer, metz_teacher):
    enrolment.invite(session=invitation_session, user=metz_teacher, by=trainer)
    with pytest.raises(EnrolmentError, match="déjà reçu une invitation"):
        enrolment.invite(session=invitation_session, user=metz_teacher, by=trainer)
    assert Participant.objects.count() == 1


def test_withdrawing_an_invitation_tells_no_one(
    client, invitation_session, trainer, metz_teacher, django_capture_on_commit_callbacks
):
    invited = enrolment.invite(session=invitation_session, user=metz_teacher, by=trainer)
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workshops:remove_participant", args=[invitation_session.pk, invited.pk])
        )
    invited.refresh_from_db()
    assert invited.status == "cancelled"
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["anonymous", "teacher_of_the_academie", "other_academie_saio"])
def test_person_form_is_refused_to_who_does_not_manage_the_session(
    client, workshop, lycee_metz, who
):
    if who == "teacher_of_the_academie":
        client.force_login(user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz))
    elif who == "other_academie_saio":
        client.force_login(user_with_role(Role.SAIO, academie=AcademieFactory(code="01")))
    person = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
    response = client.post(
        reverse("workshops:person", args=[workshop.pk]), {"person": person.email}
    )
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert not Participant.objects.exists()
