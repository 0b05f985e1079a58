"""bench/fill_record.py: the école of 90 teachers `make bench` measures the training record's
table on, and that table's queries with 90 teachers (those of the test with 1 and 30)."""

import importlib.util
from pathlib import Path

import pytest

from accounts.models import Role
from programmes.models import ServiceShare
from requests.models import State, TeamMember
from tests.factories import (
    CampaignFactory,
    EtablissementFactory,
    ant_request,
    put_in_state,
    user_with_role,
)

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fill_record.py"


@pytest.fixture
def fill_record():
    spec = importlib.util.spec_from_file_location("bench_fill_record", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_fill_record_makes_an_ecole_of_90_teachers_once(
    fill_record, academie, client, settings, django_assert_num_queries
):
    settings.TRAINING_RECORD_SOURCES = ["requests.training_record.entries"]
    campaign = CampaignFactory(academie=academie, school_year="2020-2021")
    school = EtablissementFactory(academie=academie)
    coordinator = user_with_role(Role.ENSEIGNANT, etablissement=school)
    for _ in range(3):
        put_in_state(
            ant_request(campaign=campaign, coordinator=coordinator, school=school), State.COMPLETED
        )
    head = fill_record.fill(academie)
    ecole = head.role_memberships.get().etablissement
    assert ecole.memberships.filter(role=Role.ENSEIGNANT).count() == 90
    assert ServiceShare.objects.filter(share=75).count() == 9
    assert TeamMember.objects.filter(user__email__startswith="bench.pe").count() == 3

    client.force_login(head)
    url = "/programmes/formation/enseignants/?annee=2020-2021"
    client.get(url)
    with django_assert_num_queries(12):
        response = client.get(url)
    assert len(response.context["records"]) == 50
    with django_assert_num_queries(11):
        response = client.get(url + "&manque=on")
    assert response.context["page"].paginator.count == 90
