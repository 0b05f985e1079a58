"""The calendar pages (issue 11, point 6): « Mon agenda », a school's calendar, a programme's
calendar; who sees which, what a session shows, and a constant number of queries."""

import datetime
import html

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import (
    AcademieFactory,
    EtablissementFactory,
    ParticipantFactory,
    ProgrammeFactory,
    SessionFactory,
    SessionTrainerFactory,
    paris_time,
    programme_staff,
    user_with_role,
)
from workshops.models import SchoolHoliday

JANUARY = {"mois": "2027-01"}


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=datetime.UTC), tick=False)


def diary(client, user, **query):
    client.force_login(user)
    return client.get(reverse("workshops:diary"), query)


def school_page(client, user, school, **query):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("workshops:school_calendar", args=[school.uai]), query)


def text_of(response):
    return html.unescape(response.content.decode())


def shown(response):
    """The sessions' ids the grid shows, each once."""
    text = response.content.decode()
    return {int(part.split('"', 1)[0]) for part in text.split('data-session="')[1:]}


# « Mon agenda » -------------------------------------------------------------------------------
def test_diary_shows_the_sessions_a_trainer_leads_across_programmes(client, workshop, trainer):
    other_programme = ProgrammeFactory(academie=workshop.academie, kind="magistere")
    day = SessionFactory(
        programme=other_programme,
        kind="magistere",
        title="Journée M@gistère",
        starts_at=paris_time(2027, 1, 28, 14),
    )
    SessionTrainerFactory(session=day, user=trainer, role="co")
    SessionFactory(programme=workshop.programme, title="Séance d'un autre formateur")
    response = diary(client, trainer, **JANUARY)
    assert response.status_code == 200
    assert shown(response) == {workshop.pk, day.pk}
    text = response.content.decode()
    assert "Janvier 2027" in text
    assert "Lundi" in text and "Dimanche" in text
    assert "9h00" in text and "12h00" in text
    assert "Lycée Georges de La Tour, B12" in text
    assert reverse("workshops:detail", args=[workshop.pk]) in text


def test_diary_shows_enrolled_and_waiting_participations_not_cancelled_ones(client, nancy_metz):
    teacher = user_with_role(Role.ENSEIGNANT, academie=nancy_metz)
    enrolled = ParticipantFactory(user=teacher).session
    waiting = ParticipantFactory(user=teacher, waiting=True).session
    withdrawn = ParticipantFactory(user=teacher, status="cancelled").session
    response = diary(client, teacher, **JANUARY)
    assert shown(response) == {enrolled.pk, waiting.pk}
    assert withdrawn.pk not in shown(response)
    assert "liste d'attente" in text_of(response)


def test_diary_strikes_cancelled_sessions_through(client, trainer, workshop):
    workshop.status = "cancelled"
    workshop.cancel_reason = "Grève"
    workshop.save()
    text = diary(client, trainer, **JANUARY).content.decode()
    assert f"<s>{workshop.title}</s>" in text
    assert "Annulée" in text


def test_diary_leaves_out_undated_sessions_and_other_months(client, trainer, brigade_programme):
    undated = SessionFactory(programme=brigade_programme, planned_undated=True)
    february = SessionFactory(programme=brigade_programme, starts_at=paris_time(2027, 2, 2, 9))
    for session in (undated, february):
        SessionTrainerFactory(session=session, user=trainer)
    assert shown(diary(client, trainer, **JANUARY)) == set()
    assert shown(diary(client, trainer, mois="2027-02")) == {february.pk}


def test_session_on_31_january_is_in_januarys_calendar_not_februarys(client, trainer, workshop):
    workshop.starts_at = paris_time(2027, 1, 31, 9)
    workshop.ends_at = paris_time(2027, 1, 31, 12)
    workshop.save()
    response = diary(client, trainer, **JANUARY)
    assert shown(response) == {workshop.pk}
    assert 'data-day="2027-01-31"' in response.content.decode()
    # February's grid starts on Monday 1 February: 31 January is not in it.
    assert shown(diary(client, trainer, mois="2027-02")) == set()


def test_week_view_across_the_new_year_shows_a_session_on_each_of_its_days(
    client, trainer, workshop
):
    workshop.starts_at = paris_time(2026, 12, 31, 14)
    workshop.ends_at = paris_time(2027, 1, 2, 12)
    workshop.save()
    response = diary(client, trainer, semaine="2026-W53")
    text = response.content.decode()
    assert "Semaine 53, du 28 décembre 2026 au 3 janvier 2027" in text
    assert text.count(f'data-session="{workshop.pk}"') == 3
    assert 'data-testid="calendar-week"' in text
    assert "?semaine=2027-W01" in text and "?semaine=2026-W52" in text


@pytest.mark.parametrize(
    "query", [{"mois": "2027-13"}, {"mois": "<script>"}, {"semaine": "2027-W99"}, {"mois": ""}]
)
def test_diary_with_a_bad_period_shows_the_current_one(client, trainer, query):
    response = diary(client, trainer, **query)
    assert response.status_code == 200
    text = response.content.decode()
    assert ("Novembre 2026" in text) or ("Semaine 49, du 30 novembre" in text)


def test_diary_links_to_the_neighbouring_periods_and_today(client, trainer):
    text = diary(client, trainer, **JANUARY).content.decode()
    assert "?mois=2026-12" in text and "?mois=2027-02" in text
    assert "?mois=2026-11" in text  # today
    assert "?semaine=2026-W53" in text  # the week view of the month's first day


def test_diary_asks_for_log_in(client):
    response = client.get(reverse("workshops:diary"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# A school's calendar -------------------------------------------------------------------------
def test_school_calendar_shows_the_sessions_it_hosts_to_its_head(
    client, workshop, head_metz, lycee_metz, brigade_programme
):
    elsewhere = SessionFactory(programme=brigade_programme)
    response = school_page(client, head_metz, lycee_metz, **JANUARY)
    assert response.status_code == 200
    assert shown(response) == {workshop.pk}
    assert elsewhere.pk not in shown(response)
    assert "Agenda de l'établissement Lycée Georges de La Tour" in text_of(response)


@pytest.mark.parametrize("role", [Role.DAFOR, Role.SAIO])
def test_school_calendar_opens_to_the_academies_offices(client, workshop, lycee_metz, role):
    office = user_with_role(role, academie=lycee_metz.academie)
    response = school_page(client, office, lycee_metz, **JANUARY)
    assert response.status_code == 200
    assert shown(response) == {workshop.pk}


def test_school_calendar_opens_to_its_teachers(client, workshop, lycee_metz):
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
    assert school_page(client, teacher, lycee_metz).status_code == 200


@pytest.mark.parametrize(
    "who", ["head_of_other_school", "dafor_of_other_academie", "trainer", "teacher_elsewhere"]
)
def test_school_calendar_is_404_for_others(client, workshop, lycee_metz, nancy_metz, who):
    if who == "head_of_other_school":
        user = user_with_role(
            Role.CHEF_ETABLISSEMENT, etablissement=EtablissementFactory(academie=nancy_metz)
        )
    elif who == "dafor_of_other_academie":
        user = user_with_role(Role.DAFOR, academie=AcademieFactory(code="24", name="Créteil"))
    elif who == "trainer":
        user = user_with_role(Role.FORMATEUR, academie=nancy_metz)
    else:
        user = user_with_role(
            Role.ENSEIGNANT, etablissement=EtablissementFactory(academie=nancy_metz)
        )
    assert school_page(client, user, lycee_metz).status_code == 404


def test_school_calendar_of_an_unknown_uai_is_404(client, dafor_metz):
    client.force_login(dafor_metz)
    url = reverse("workshops:school_calendar", args=["0570000Z"])
    assert client.get(url).status_code == 404


def test_school_calendar_asks_for_log_in(client, lycee_metz):
    response = school_page(client, None, lycee_metz)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_school_calendar_shades_weekends_and_the_zones_holidays(client, head_metz, lycee_metz):
    SchoolHoliday.objects.create(
        zone="B",
        school_year="2026-2027",
        name="Vacances de Noël",
        first_day=datetime.date(2026, 12, 19),
        last_day=datetime.date(2027, 1, 3),
    )
    text = school_page(client, head_metz, lycee_metz, mois="2026-12").content.decode()
    cells = {part[:10]: part.split(">", 1)[0] for part in text.split('data-day="')[1:]}
    assert "Vacances de Noël" in text
    assert "Saint-Étienne" in text  # Metz is in Moselle
    assert "shaded" in text.split('data-day="2026-12-21"')[0].rsplit("<td", 1)[1]
    assert "shaded" in text.split('data-day="2026-12-05"')[0].rsplit("<td", 1)[1]  # Saturday
    assert "shaded" not in text.split('data-day="2026-12-18"')[0].rsplit("<td", 1)[1]
    assert len(cells) == 35


def test_head_finds_their_schools_calendar_from_the_menu(client, head_metz, lycee_metz):
    client.force_login(head_metz)
    home = client.get(reverse("home")).content.decode()
    assert reverse("workshops:my_school_calendar") in home
    response = client.get(reverse("workshops:my_school_calendar"))
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:school_calendar", args=[lycee_metz.uai])


def test_head_of_two_schools_chooses_one(client, head_metz, lycee_metz, nancy_metz):
    second = EtablissementFactory(academie=nancy_metz, name="Collège Jean Rostand")
    from tests.factories import RoleMembershipFactory

    RoleMembershipFactory(user=head_metz, role=Role.CHEF_ETABLISSEMENT, etablissement=second)
    client.force_login(head_metz)
    response = client.get(reverse("workshops:my_school_calendar"))
    assert response.status_code == 200
    text = response.content.decode()
    assert reverse("workshops:school_calendar", args=[lycee_metz.uai]) in text
    assert reverse("workshops:school_calendar", args=[second.uai]) in text


def test_schools_calendar_chooser_is_404_for_who_heads_no_school(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("workshops:my_school_calendar")).status_code == 404


# A programme's calendar ------------------------------------------------------------------------
def test_programme_calendar_shows_every_session_of_the_programme_to_its_staff(
    client, saio, workshop, brigade_programme
):
    other = SessionFactory(programme=brigade_programme, starts_at=paris_time(2027, 1, 19, 14))
    elsewhere = SessionFactory()
    client.force_login(saio)
    url = reverse("workshops:programme_calendar", args=[brigade_programme.slug])
    response = client.get(url, JANUARY)
    assert response.status_code == 200
    assert shown(response) == {workshop.pk, other.pk}
    assert elsewhere.pk not in shown(response)


@pytest.mark.parametrize("who", ["trainer", "other_programmes_staff", "other_academie_saio"])
def test_programme_calendar_is_404_for_who_is_not_its_staff(
    client, workshop, brigade_programme, trainer, who
):
    if who == "trainer":
        user = trainer
    elif who == "other_programmes_staff":
        user = programme_staff(
            ProgrammeFactory(academie=brigade_programme.academie, kind="magistere"), Role.SAIO
        )
    else:
        user = programme_staff(
            ProgrammeFactory(academie=AcademieFactory(code="01", name="Paris")), Role.SAIO
        )
    client.force_login(user)
    url = reverse("workshops:programme_calendar", args=[brigade_programme.slug])
    assert client.get(url).status_code == 404


def test_programme_calendar_asks_for_log_in(client, brigade_programme):
    url = reverse("workshops:programme_calendar", args=[brigade_programme.slug])
    assert client.get(url).status_code == 302


# The menu --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "entries"),
    [
        (Role.FORMATEUR, {"Mon agenda"}),
        (Role.ENSEIGNANT, {"Mon agenda"}),
        (Role.IEN, {"Mon agenda"}),
        (Role.SAIO, {"Mon agenda"}),
        (Role.DAFOR, {"Calendrier des ANT"}),
        (Role.CHEF_ETABLISSEMENT, {"Agenda de l'établissement"}),
        (Role.ADMINISTRATEUR, set()),
    ],
)
def test_menu_offers_the_calendars_by_role(role, entries, nancy_metz, rf):
    from accounts.navigation import menu_for

    user = user_with_role(role, academie=nancy_metz)
    labels = {str(entry["label"]) for entry in menu_for(user, "/")}
    ours = {"Mon agenda", "Agenda de l'établissement", "Calendrier des ANT"}
    assert labels & ours == entries


# Queries -------------------------------------------------------------------------------------
def _sessions(count, *, programme, school, trainer, teacher):
    for n in range(count):
        session = SessionFactory(
            programme=programme,
            host_school=school,
            starts_at=paris_time(2027, 1, 4 + n % 25, 9 + n % 8),
            status="cancelled" if n % 5 == 4 else "confirmed",
            cancel_reason="Intempéries" if n % 5 == 4 else "",
        )
        SessionTrainerFactory(session=session, user=trainer)
        ParticipantFactory(session=session, user=teacher, status="enrolled")


@pytest.mark.parametrize("count", [1, 30])
def test_calendars_read_a_constant_number_of_queries(
    client,
    django_assert_num_queries,
    count,
    brigade_programme,
    lycee_metz,
    trainer,
    saio,
    head_metz,
):
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz)
    _sessions(
        count, programme=brigade_programme, school=lycee_metz, trainer=trainer, teacher=teacher
    )
    pages = [
        # log-in session, user, feed, roles, holidays, their places, their sessions of the
        # month, unread messages (layout)
        (trainer, reverse("workshops:diary"), 8),
        (teacher, reverse("workshops:diary"), 8),
        # log-in session, user, school, roles, holidays, sessions, unread messages
        (head_metz, reverse("workshops:school_calendar", args=[lycee_metz.uai]), 7),
        # log-in session, user, programme (as staff), holidays, sessions, roles, unread
        (saio, reverse("workshops:programme_calendar", args=[brigade_programme.slug]), 7),
    ]
    for user, url, queries in pages:
        client.force_login(user)
        with django_assert_num_queries(queries):
            response = client.get(url, JANUARY)
        assert len(shown(response)) == count


@pytest.mark.parametrize(
    "url",
    [
        "/seances/agenda/",
        "/seances/etablissement/",
        "/seances/etablissement/0570030Y/",
        "/seances/programme/ambition-confiance-nancy-metz/",
        "/seances/bureau/",
    ],
)
def test_calendars_ask_anonymous_visitors_to_log_in(client, brigade_programme, lycee_metz, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_calendar_escapes_what_people_typed(client, trainer, workshop):
    workshop.title = "Atelier <script>alert(1)</script>"
    workshop.save()
    text = diary(client, trainer, **JANUARY).content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "Atelier &lt;script&gt;alert(1)&lt;/script&gt;" in text
