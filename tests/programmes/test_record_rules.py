"""The training record's rules: school years, the 18/9-hour obligation at its edges, the
pro-rating table, the rules per département and year, and who owes nothing."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Corps, Role, RoleMembership
from accounts.training_record import Entry
from programmes import record
from programmes.models import AnimationHoursRule
from tests.factories import (
    AnimationHoursRuleFactory,
    EtablissementFactory,
    ServiceShareFactory,
    pe_teacher,
    user_with_role,
)

D = Decimal
YEAR = "2026-2027"


def animation(in_person, online, done=True):
    return Entry(
        programme="M@gistère",
        title="Parcours",
        url="",
        hours_in_person=D(in_person),
        hours_online=D(online),
        animation_pedagogique=True,
        done=done,
    )


def pe_record(*entries, share=100, rule=None):
    return record.TeacherRecord(
        user=None, entries=list(entries), obligation=record.obligation(rule, share)
    )


# School years --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2026, 9, 1), "2026-2027"),
        (datetime.date(2027, 8, 31), "2026-2027"),
        (datetime.date(2026, 8, 31), "2025-2026"),
        (datetime.date(2026, 12, 14), "2026-2027"),
    ],
)
def test_school_year_of_runs_from_september_to_august(day, year):
    assert record.school_year_of(day) == year


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2026-2027", True),
        ("2026-2028", False),
        ("2026/2027", False),
        ("26-27", False),
        ("", False),
    ],
)
def test_is_school_year_wants_two_consecutive_years(value, valid):
    assert record.is_school_year(value) is valid


# The obligation at its edges -----------------------------------------------------------------
def test_obligation_exactly_18_hours_with_9_online_is_met():
    rec = pe_record(animation(9, 0), animation(0, 9))
    assert (rec.done_total, rec.done_online) == (D(18), D(9))
    assert rec.met
    assert rec.missing_total == 0
    assert rec.missing_text == ""


def test_obligation_18_hours_with_only_8_5_online_is_not_met():
    rec = pe_record(animation("9.5", "8.5"))
    assert rec.done_total == D(18)
    assert not rec.met
    assert rec.missing_online == D("0.5")
    # The in-person half-hour too many does not make up for the online one missing.
    assert rec.missing_total == D("0.5")
    assert rec.missing_text == "Il manque 0,5\u00a0h à distance"


def test_obligation_17_5_hours_is_not_met():
    rec = pe_record(animation("8.5", 9))
    assert not rec.met
    assert rec.missing_total == D("0.5")
    assert rec.missing_online == 0
    assert rec.missing_text == "Il manque 0,5\u00a0h"


def test_obligation_says_what_is_missing_and_how_much_of_it_online():
    rec = pe_record(animation(8, 7))
    assert rec.missing_text == "Il manque 3\u00a0h, dont 2\u00a0h à distance"


def test_obligation_counts_only_animations_pedagogiques():
    ant = Entry("ANT", "ANT", "", D(12), D(0), animation_pedagogique=False)
    rec = pe_record(ant, animation(9, 9))
    assert rec.done_total == D(18)
    assert rec.hours_total == D(30)
    assert rec.met


def test_obligation_counts_hours_done_so_far_of_a_training_in_progress():
    rec = pe_record(animation(3, 2, done=False))
    assert rec.done_total == D(5)
    assert rec.missing_text == "Il manque 13\u00a0h, dont 7\u00a0h à distance"


# Pro-rating: a table, not a line ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("share", "total", "online"),
    [(100, D(18), D(9)), (75, D(15), D("7.5")), (50, D(9), D("4.5"))],
)
def test_obligation_is_prorated_by_the_table(share, total, online):
    owed = record.obligation(None, share)
    assert (owed.total, owed.online) == (total, online)


def test_obligation_at_75_percent_is_met_with_15_hours_of_which_7_5_online():
    assert pe_record(animation("7.5", "7.5"), share=75).met
    assert not pe_record(animation(8, 7), share=75).met


def test_prorating_is_not_linear():
    # Linear pro-rating would give 13.5 h at 75 %.
    assert record.prorate(D(18), 75) == D(15)
    assert record.prorate(D(18), 75) != D(18) * D("0.75")


def test_prorating_applies_to_another_departement_figure():
    rule = AnimationHoursRule(total_hours=D(24), online_min_hours=D(12))
    owed = record.obligation(rule, 50)
    assert (owed.total, owed.online, owed.rule_is_default) == (D(12), D(6), False)


# Rules per département and year, service shares, non-PE ----------------------------------------
@pytest.fixture
def ecole(academie):
    return EtablissementFactory(academie=academie, departement="093", type="Ecole")


def membership_of(user):
    return RoleMembership.objects.select_related("user", "etablissement").get(
        user=user, role=Role.ENSEIGNANT
    )


def test_records_use_the_rule_of_the_teachers_departement_and_year(academie, ecole):
    teacher = pe_teacher(ecole)
    AnimationHoursRuleFactory(
        academie=academie, departement="093", total_hours=24, online_min_hours=12
    )
    [rec] = record.records_for([membership_of(teacher)], YEAR)
    assert (rec.obligation.total, rec.obligation.online) == (D(24), D(12))
    assert not rec.obligation.rule_is_default


def test_records_ignore_another_departements_rule(academie, ecole):
    teacher = pe_teacher(ecole)
    AnimationHoursRuleFactory(
        academie=academie, departement="094", total_hours=24, online_min_hours=12
    )
    [rec] = record.records_for([membership_of(teacher)], YEAR)
    assert (rec.obligation.total, rec.obligation.online) == (D(18), D(9))
    assert rec.obligation.rule_is_default


def test_records_ignore_another_years_rule(academie, ecole):
    teacher = pe_teacher(ecole)
    AnimationHoursRuleFactory(
        academie=academie, departement="093", school_year="2025-2026", total_hours=24
    )
    [rec] = record.records_for([membership_of(teacher)], YEAR)
    assert rec.obligation.total == D(18)
    assert rec.obligation.rule_is_default


def test_records_apply_the_teachers_service_share_of_the_year(academie, ecole):
    teacher = pe_teacher(ecole)
    ServiceShareFactory(user=teacher, school_year=YEAR, share=50)
    ServiceShareFactory(user=teacher, school_year="2025-2026", share=75)
    [rec] = record.records_for([membership_of(teacher)], YEAR)
    assert (rec.obligation.share, rec.obligation.total, rec.obligation.online) == (
        50,
        D(9),
        D("4.5"),
    )


def test_records_of_non_pe_teachers_owe_nothing(academie, ecole, settings):
    settings.TRAINING_RECORD_SOURCES = ["requests.training_record.entries"]
    certifie = user_with_role(Role.ENSEIGNANT, etablissement=ecole, corps=Corps.CERTIFIE)
    [rec] = record.records_for([membership_of(certifie)], YEAR)
    assert not rec.owes
    assert not rec.met
    assert rec.missing_total == 0
    assert rec.missing_text == ""


def test_format_hours_writes_french_numbers():
    assert record.format_hours(D("7.5")) == "7,5\u00a0h"
    assert record.format_hours(D("18.0")) == "18\u00a0h"
