"""The office's calendar of the ANT (issue 11, point 8): the académie's ANT sessions per
month, and the carried-over requests with priority « au 1er trimestre » listed until one of
their sessions is dated in the first term."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.factories import (
    AcademieFactory,
    AntRequestFactory,
    CampaignFactory,
    EtablissementFactory,
    ProgrammeFactory,
    SessionFactory,
    paris_time,
    user_with_role,
)

URL = "/seances/bureau/"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 10, 5, 10, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def creteil_world(academie):
    creteil = academie  # tests/conftest.py's: Créteil, code 24
    previous = CampaignFactory(academie=creteil, school_year="2025-2026")
    campaign = CampaignFactory(
        academie=creteil,
        school_year="2026-2027",
        published_on=datetime.date(2026, 6, 15),
        first_term_ends_on=datetime.date(2026, 12, 18),
    )
    school = EtablissementFactory(academie=creteil, name="Lycée Louise Michel", commune="Bobigny")
    postponed = AntRequestFactory(campaign=previous, coordinating_school=school, state="postponed")
    carried = AntRequestFactory(
        campaign=campaign,
        coordinating_school=school,
        title="Co-intervention en lycée professionnel",
        priority=True,
        carried_over_from=postponed,
        validated=True,
    )
    programme = ProgrammeFactory(academie=creteil, kind="ant", slug="ant-creteil")
    return {
        "campaign": campaign,
        "previous": previous,
        "carried": carried,
        "school": school,
        "programme": programme,
        "dafor": user_with_role(Role.DAFOR, academie=creteil, full_name="Patricia Bourgeois"),
    }


def ant_session(world, *, starts_at, **fields):
    return SessionFactory(
        programme=world["programme"],
        kind="ant",
        ant_request=world["carried"],
        host_school=world["school"],
        title="Journée de formation ANT",
        starts_at=starts_at,
        **fields,
    )


def carried_over(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    panel = text.split('data-testid="carried-over"', 1)[1].split("</section>", 1)[0]
    return [int(part.split('"', 1)[0]) for part in panel.split('data-request="')[1:]], panel


def test_office_calendar_lists_a_carried_over_ant_to_schedule(client, creteil_world):
    ids, panel = carried_over(client, creteil_world["dafor"])
    carried = creteil_world["carried"]
    assert ids == [carried.pk]
    assert f"{reverse('workshops:create')}?ant={carried.pk}" in panel
    assert carried.reference in panel
    assert "1er septembre 2026 au 18 décembre 2026" in panel


def test_carried_over_ant_leaves_the_panel_once_a_first_term_session_is_dated(
    client, creteil_world
):
    ant_session(creteil_world, starts_at=paris_time(2026, 12, 18, 9))
    ids, panel = carried_over(client, creteil_world["dafor"])
    assert ids == []
    assert "Aucune ANT reportée n'attend de séance au premier trimestre" in panel


@pytest.mark.parametrize(
    "fields",
    [
        {"starts_at": paris_time(2027, 1, 7, 9)},  # after the first term
        {"starts_at": paris_time(2026, 11, 10, 9), "cancelled": True},
        {"planned_undated": True},  # planned for a term, not dated
    ],
)
def test_carried_over_ant_stays_without_a_dated_first_term_session(client, creteil_world, fields):
    starts_at = fields.pop("starts_at", None)
    ant_session(creteil_world, starts_at=starts_at, **fields)
    ids, _panel = carried_over(client, creteil_world["dafor"])
    assert ids == [creteil_world["carried"].pk]


def test_panel_lists_carried_over_requests_still_under_review_without_a_schedule_link(
    client, creteil_world, academie
):
    campaign, school = creteil_world["campaign"], creteil_world["school"]
    AntRequestFactory(campaign=campaign, coordinating_school=school, validated=True)
    previous = CampaignFactory(academie=academie, school_year="2024-2025")
    reviewed = AntRequestFactory(
        campaign=campaign,
        coordinating_school=school,
        priority=True,
        carried_over_from=AntRequestFactory(campaign=previous, coordinating_school=school),
        under_review=True,
    )
    AntRequestFactory(  # carried over, then refused: nothing left to schedule
        campaign=campaign,
        coordinating_school=school,
        priority=True,
        carried_over_from=AntRequestFactory(campaign=previous, coordinating_school=school),
        state="rejected",
    )
    ids, panel = carried_over(client, creteil_world["dafor"])
    assert sorted(ids) == sorted([creteil_world["carried"].pk, reviewed.pk])
    assert f"?ant={creteil_world['carried'].pk}" in panel
    assert f"?ant={reviewed.pk}" not in panel
    assert "à valider avant de programmer une séance" in panel


def test_office_calendar_shows_the_academies_ant_sessions_of_the_month(
    client, creteil_world, nancy_metz
):
    session = ant_session(creteil_world, starts_at=paris_time(2026, 10, 13, 9))
    workshop = SessionFactory(
        programme=ProgrammeFactory(academie=creteil_world["campaign"].academie),
        starts_at=paris_time(2026, 10, 14, 9),
    )
    elsewhere = SessionFactory(
        programme=ProgrammeFactory(academie=nancy_metz, kind="ant"),
        kind="ant",
        starts_at=paris_time(2026, 10, 13, 9),
    )
    client.force_login(creteil_world["dafor"])
    text = client.get(URL, {"mois": "2026-10"}).content.decode()
    assert f'data-session="{session.pk}"' in text
    assert f'data-session="{workshop.pk}"' not in text
    assert f'data-session="{elsewhere.pk}"' not in text
    assert "Octobre 2026" in text


@pytest.mark.parametrize("who", ["saio", "trainer", "head", "other_academie_dafor"])
def test_office_calendar_is_404_for_anyone_but_the_academies_eafc(
    client, creteil_world, academie, who
):
    if who == "saio":
        user = user_with_role(Role.SAIO, academie=academie)
    elif who == "trainer":
        user = user_with_role(Role.FORMATEUR, academie=academie)
    elif who == "head":
        user = user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=creteil_world["school"])
    else:
        user = user_with_role(Role.DAFOR, academie=AcademieFactory(code="01", name="Paris"))
    client.force_login(user)
    response = client.get(URL)
    if who == "other_academie_dafor":
        # Their own académie's calendar: nothing of Créteil's.
        assert response.status_code == 200
        assert creteil_world["carried"].reference not in response.content.decode()
    else:
        assert response.status_code == 404


def test_office_calendar_asks_for_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("count", [1, 30])
def test_office_calendar_reads_a_constant_number_of_queries(
    client, django_assert_num_queries, creteil_world, count
):
    for n in range(count):
        ant_session(creteil_world, starts_at=paris_time(2026, 10, 1 + n % 28, 9 + n % 8))
        AntRequestFactory(
            campaign=creteil_world["campaign"],
            coordinating_school=creteil_world["school"],
            priority=True,
            carried_over_from=AntRequestFactory(
                campaign=creteil_world["previous"], coordinating_school=creteil_world["school"]
            ),
            validated=True,
        )
    client.force_login(creteil_world["dafor"])
    # log-in session, user, roles, holidays, sessions, campaign, carried over, unread messages
    with django_assert_num_queries(8):
        response = client.get(URL, {"mois": "2026-10"})
    # The first request has its sessions in the first term: the new ones are listed.
    assert response.content.decode().count('data-request="') == count


def test_office_chooses_another_campaigns_carried_over_ant(client, creteil_world, academie):
    older = CampaignFactory(academie=academie, school_year="2024-2025")
    last_year = AntRequestFactory(
        campaign=creteil_world["previous"],
        coordinating_school=creteil_world["school"],
        priority=True,
        carried_over_from=AntRequestFactory(
            campaign=older, coordinating_school=creteil_world["school"]
        ),
        validated=True,
    )
    creteil_world["previous"].first_term_ends_on = datetime.date(2025, 12, 19)
    creteil_world["previous"].save()
    ids, panel = carried_over(client, creteil_world["dafor"])
    assert ids == [creteil_world["carried"].pk]  # the current campaign by default
    response = client.get(URL, {"campagne": "2025-2026"})
    panel = response.content.decode().split('data-testid="carried-over"', 1)[1]
    assert f'data-request="{last_year.pk}"' in panel
    assert f'data-request="{creteil_world["carried"].pk}"' not in panel
    assert "1er septembre 2025 au 19 décembre 2025" in panel
