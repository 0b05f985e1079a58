"""The scheduling rules (issue 11, point 2) at their edges, and the calendars they read."""

import datetime

import pytest

from accounts.models import Role
from tests.factories import (
    AcademieFactory,
    EtablissementFactory,
    ProgrammeFactory,
    SessionFactory,
    SessionTrainerFactory,
    paris_time,
    user_with_role,
)
from workshops import calendar, scheduling
from workshops.models import SchoolHoliday, Session


def candidate(programme, *, start, end, school=None, room="", status="confirmed"):
    return Session(
        programme=programme,
        academie=programme.academie,
        title="Nouvelle séance",
        host_school=school,
        room=room,
        starts_at=start,
        ends_at=end,
        status=status,
    )


# Calendars -------------------------------------------------------------------------------------
def test_public_holidays_are_the_eleven_national_days_outside_alsace_moselle():
    days = calendar.public_holidays(2023, "054")
    assert len(days) == 11
    assert days[datetime.date(2023, 4, 10)] == "lundi de Pâques"
    assert days[datetime.date(2023, 5, 18)] == "Ascension"
    assert days[datetime.date(2023, 5, 29)] == "lundi de Pentecôte"
    assert datetime.date(2023, 4, 7) not in days


def test_public_holidays_add_good_friday_and_saint_etienne_in_moselle():
    days = calendar.public_holidays(2023, "057")
    assert len(days) == 13
    assert days[datetime.date(2023, 4, 7)] == "Vendredi saint"
    assert days[datetime.date(2023, 12, 26)] == "Saint-Étienne"


@pytest.mark.parametrize(("code", "zone"), [("12", "B"), ("24", "C"), ("01", "C"), ("10", "A")])
def test_zone_of_an_academie_comes_from_its_code(code, zone):
    assert calendar.zone_of(AcademieFactory.build(code=code)) == zone


def test_shipped_calendar_has_zone_b_christmas_2022_from_17_december_to_2_january():
    holidays = {(h["zone"], h["school_year"], h["name"]): h for h in calendar.shipped_holidays()}
    christmas = holidays[("B", "2022-2023", "Vacances de Noël")]
    assert christmas["first_day"] == datetime.date(2022, 12, 17)
    assert christmas["last_day"] == datetime.date(2023, 1, 2)  # classes resume on 3 January
    years = {year for (_zone, year, _name) in holidays}
    assert years == {f"{y}-{y + 1}" for y in range(2021, 2027)}
    assert {zone for (zone, _year, _name) in holidays} == {"A", "B", "C"}


# Refusals --------------------------------------------------------------------------------------
def test_trainer_in_an_overlapping_session_is_refused_naming_the_clash(
    workshop, brigade_programme, trainer
):
    session = candidate(
        brigade_programme, start=paris_time(2027, 1, 12, 11), end=paris_time(2027, 1, 12, 14)
    )
    [message] = scheduling.refusals(session, [trainer])
    assert message == (
        "Claire Vautrin anime déjà la séance «\u00a0Atelier ambition-confiance — seconde\u00a0» "
        "le mardi 12 janvier 2027, de 9h00 à 12h00\u00a0: une personne ne peut pas animer deux "
        "séances à la fois."
    )


def test_touching_times_do_not_clash(workshop, brigade_programme, trainer, lycee_metz):
    after = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 12, 12),
        end=paris_time(2027, 1, 12, 15),
        school=lycee_metz,
        room="B12",
    )
    before = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 12, 6),
        end=paris_time(2027, 1, 12, 9),
        school=lycee_metz,
        room="B12",
    )
    assert scheduling.refusals(after, [trainer]) == []
    assert scheduling.refusals(before, [trainer]) == []


def test_a_cancelled_session_does_not_clash(workshop, brigade_programme, trainer, lycee_metz):
    Session.objects.filter(pk=workshop.pk).update(status="cancelled", cancel_reason="Grève")
    session = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 12, 9),
        end=paris_time(2027, 1, 12, 12),
        school=lycee_metz,
        room="B12",
    )
    assert scheduling.refusals(session, [trainer]) == []


def test_the_session_itself_does_not_clash_when_it_is_edited(workshop, trainer):
    workshop.starts_at = paris_time(2027, 1, 12, 10)
    assert scheduling.refusals(workshop, [trainer]) == []


def test_same_room_of_the_same_school_is_refused_whatever_the_case_and_spaces(
    workshop, brigade_programme, lycee_metz, co_trainer
):
    session = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 12, 10),
        end=paris_time(2027, 1, 12, 11),
        school=lycee_metz,
        room="  b12 ",
    )
    [message] = scheduling.refusals(session, [co_trainer])
    assert message == (
        "La salle B12 est déjà occupée par la séance «\u00a0Atelier ambition-confiance — "
        "seconde\u00a0» le mardi 12 janvier 2027, de 9h00 à 12h00."
    )


def test_same_room_name_in_another_school_or_an_empty_room_does_not_clash(
    workshop, brigade_programme, lycee_metz, lycee_nancy, co_trainer
):
    Session.objects.filter(pk=workshop.pk).update(room="")
    elsewhere = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 12, 10),
        end=paris_time(2027, 1, 12, 11),
        school=lycee_nancy,
        room="B12",
    )
    no_room = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 12, 10),
        end=paris_time(2027, 1, 12, 11),
        school=lycee_metz,
        room="",
    )
    assert scheduling.refusals(elsewhere, [co_trainer]) == []
    assert scheduling.refusals(no_room, [co_trainer]) == []


def test_end_not_after_start_is_refused(brigade_programme, trainer):
    start = paris_time(2027, 1, 12, 9)
    session = candidate(brigade_programme, start=start, end=start)
    assert scheduling.refusals(session, [trainer]) == ["La fin de la séance doit suivre son début."]


def test_host_school_of_another_academie_is_refused(brigade_programme, trainer):
    paris_school = EtablissementFactory(
        academie=AcademieFactory(code="01", name="Paris"), name="Lycée Henri-IV"
    )
    session = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 12, 14),
        end=paris_time(2027, 1, 12, 16),
        school=paris_school,
    )
    assert scheduling.refusals(session, [trainer]) == [
        "L'établissement «\u00a0Lycée Henri-IV\u00a0» n'est pas dans l'académie du programme."
    ]


def test_a_trainer_without_a_trainers_role_in_the_programme_is_refused(
    brigade_programme, lycee_metz, nancy_metz
):
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz, full_name="Léa Hoffmann")
    elsewhere = user_with_role(
        Role.FORMATEUR, academie=AcademieFactory(code="24", name="Créteil"), full_name="Yves Roy"
    )
    session = candidate(
        brigade_programme, start=paris_time(2027, 1, 12, 14), end=paris_time(2027, 1, 12, 16)
    )
    messages = scheduling.refusals(session, [teacher, elsewhere])
    assert len(messages) == 2
    assert messages[0].startswith("Léa Hoffmann ne peut pas animer les séances de ce programme")
    assert messages[1].startswith("Yves Roy ne peut pas animer")


def test_trainer_allowed_by_a_programme_membership_or_as_an_animateur(brigade_programme):
    from tests.factories import BrigadeFactory, ProgrammeMembershipFactory, animateur

    member = ProgrammeMembershipFactory(programme=brigade_programme, function="animateur").user
    brigade = BrigadeFactory(programme=brigade_programme)
    person = animateur(brigade).user
    assert scheduling.allowed_trainer_ids(brigade_programme, [member, person]) == {
        member.pk,
        person.pk,
    }
    other = ProgrammeFactory(academie=brigade_programme.academie, kind="magistere")
    assert scheduling.allowed_trainer_ids(other, [member, person]) == set()


# Warnings --------------------------------------------------------------------------------------
@pytest.mark.usefixtures("school_calendar")
def test_a_plain_tuesday_has_no_warning(brigade_programme, lycee_metz):
    session = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 12, 9),
        end=paris_time(2027, 1, 12, 12),
        school=lycee_metz,
    )
    assert scheduling.warnings(session) == []


@pytest.mark.usefixtures("school_calendar")
def test_a_saturday_is_a_weekend_warning_naming_the_day(brigade_programme, lycee_metz):
    session = candidate(
        brigade_programme,
        start=paris_time(2027, 1, 16, 9),
        end=paris_time(2027, 1, 16, 12),
        school=lycee_metz,
    )
    assert scheduling.warnings(session) == [
        "La séance a lieu un jour de week-end\u00a0: samedi 16 janvier 2027."
    ]


@pytest.mark.usefixtures("school_calendar")
def test_easter_monday_is_a_public_holiday_warning(brigade_programme, lycee_nancy):
    session = candidate(
        brigade_programme,
        start=paris_time(2023, 4, 10, 9),
        end=paris_time(2023, 4, 10, 12),
        school=lycee_nancy,
    )
    assert scheduling.warnings(session) == [
        "La séance a lieu un jour férié\u00a0: lundi de Pâques (lundi 10 avril 2023)."
    ]


@pytest.mark.usefixtures("school_calendar")
def test_good_friday_warns_in_moselle_only(brigade_programme, lycee_metz, lycee_nancy):
    metz = candidate(
        brigade_programme,
        start=paris_time(2023, 4, 7, 9),
        end=paris_time(2023, 4, 7, 12),
        school=lycee_metz,
    )
    nancy = candidate(
        brigade_programme,
        start=paris_time(2023, 4, 7, 9),
        end=paris_time(2023, 4, 7, 12),
        school=lycee_nancy,
    )
    assert scheduling.warnings(metz) == [
        "La séance a lieu un jour férié\u00a0: Vendredi saint (vendredi 7 avril 2023)."
    ]
    assert scheduling.warnings(nancy) == []


@pytest.mark.usefixtures("school_calendar")
def test_the_week_of_14_to_19_december_2022_warns_of_the_weekend_and_zone_b_christmas(
    brigade_programme, lycee_metz
):
    session = candidate(
        brigade_programme,
        start=paris_time(2022, 12, 14, 9),
        end=paris_time(2022, 12, 19, 17),
        school=lycee_metz,
    )
    assert scheduling.warnings(session) == [
        "La séance a lieu des jours de week-end\u00a0: samedi 17 décembre 2022 et "
        "dimanche 18 décembre 2022.",
        "La séance a lieu pendant les vacances de Noël (zone B)\u00a0: samedi 17 décembre "
        "2022, dimanche 18 décembre 2022 et lundi 19 décembre 2022.",
    ]


@pytest.mark.usefixtures("school_calendar")
def test_zone_holidays_follow_the_host_schools_academie_or_else_the_programmes(
    brigade_programme,
):
    # Monday 6 February 2023: zone A's winter holidays, not zone B's (Nancy-Metz).
    lyon = EtablissementFactory(academie=AcademieFactory(code="10", name="Lyon"))
    in_lyon = candidate(
        brigade_programme,
        start=paris_time(2023, 2, 6, 9),
        end=paris_time(2023, 2, 6, 12),
        school=lyon,
    )
    without_school = candidate(
        brigade_programme, start=paris_time(2023, 2, 6, 9), end=paris_time(2023, 2, 6, 12)
    )
    assert scheduling.warnings(in_lyon) == [
        "La séance a lieu pendant les vacances d'hiver (zone A)\u00a0: lundi 6 février 2023."
    ]
    assert scheduling.warnings(without_school) == []


def test_warnings_read_the_loaded_calendar(brigade_programme, lycee_metz):
    SchoolHoliday.objects.create(
        zone="B",
        school_year="2026-2027",
        name="Vacances d'Hiver",
        first_day=datetime.date(2027, 1, 12),
        last_day=datetime.date(2027, 1, 12),
    )
    session = SessionFactory.build(
        programme=brigade_programme, host_school=lycee_metz, academie=brigade_programme.academie
    )
    assert scheduling.warnings(session) == [
        "La séance a lieu pendant les vacances d'hiver (zone B)\u00a0: mardi 12 janvier 2027."
    ]


def test_trainer_clash_needs_the_same_person(workshop, brigade_programme, co_trainer):
    SessionTrainerFactory(session=SessionFactory(programme=brigade_programme), user=co_trainer)
    session = candidate(
        brigade_programme, start=paris_time(2027, 1, 13, 9), end=paris_time(2027, 1, 13, 12)
    )
    assert scheduling.refusals(session, [co_trainer]) == []
