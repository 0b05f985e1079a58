"""The training record's demo data: the seed's rule (18 h, of which 9 h online) for the current
school year in every département of the seeds' académies, a 75 % share for one demo PE when
there are several; a second run writes nothing."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from accounts.demo import DEMO_DOMAIN
from programmes.demo import record as demo
from programmes.models import AnimationHoursRule, ServiceShare
from tests.factories import AcademieFactory, EtablissementFactory, pe_teacher


@pytest.fixture
def academies(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Europe/Paris")))
    return [
        AcademieFactory(code="01", name="Paris"),
        AcademieFactory(code="24", name="Créteil"),
        AcademieFactory(code="12", name="Nancy-Metz"),
    ]


def test_demo_sets_the_seeds_rule_in_every_departement(academies):
    demo.seed()
    rules = AnimationHoursRule.objects.order_by("departement")
    assert [(r.departement, r.academie.code) for r in rules] == [
        ("054", "12"),
        ("055", "12"),
        ("057", "12"),
        ("075", "01"),
        ("077", "24"),
        ("088", "12"),
        ("093", "24"),
        ("094", "24"),
    ]
    assert {(r.school_year, r.total_hours, r.online_min_hours) for r in rules} == {
        ("2026-2027", Decimal("18"), Decimal("9"))
    }


def test_demo_gives_no_share_with_a_single_demo_pe(academies):
    school = EtablissementFactory(academie=academies[0], departement="075")
    pe_teacher(school, email=f"enseignant.paris@{DEMO_DOMAIN}")
    demo.seed()
    assert not ServiceShare.objects.exists()


def test_demo_gives_one_of_several_demo_pe_a_75_percent_share_once(academies):
    school = EtablissementFactory(academie=academies[0], departement="075")
    first = pe_teacher(school, email=f"enseignant.paris@{DEMO_DOMAIN}")
    second = pe_teacher(school, email=f"enseignant.paris2@{DEMO_DOMAIN}")
    pe_teacher(school, email="hors-demo@ac-paris.fr")
    demo.seed()
    counts = (
        AnimationHoursRule.history.count(),
        ServiceShare.history.count(),
    )
    demo.seed()
    assert (AnimationHoursRule.history.count(), ServiceShare.history.count()) == counts
    share = ServiceShare.objects.get()
    # The last by e-mail address: the same one at every run.
    chosen = max((first, second), key=lambda user: user.email)
    assert (share.user, share.school_year, share.share) == (chosen, "2026-2027", 75)
