"""The brigade's lists read a fixed number of queries however many animateurs, modules,
completions, teams and requests there are: each count is asserted exactly, with one row and
with many, the same literal at both sizes."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from programmes.models import (
    Animateur,
    AnimateurStatus,
    ModuleCompletion,
    ObservationRequest,
    TrainerTeam,
)
from tests.factories import PromotionFactory, TrainingModuleFactory

SIZES = [1, 40]
D = datetime.date


def fill(brig, count):
    """`count` animateurs (each with two statuses, a promotion's two modules done, a team) and
    `count` pending and `count` decided observation requests, the teacher's among them."""
    promotion = PromotionFactory(brigade=brig.brigade, number=1)
    modules = [
        TrainingModuleFactory(promotion=promotion, order=i, starts_on=D(2021, 10, i))
        for i in (1, 2)
    ]
    people = User.objects.bulk_create(
        User(email=f"animateur{i}@ac-test.fr", full_name=f"Animateur {i}", password="!")
        for i in range(count)
    )
    animateurs = Animateur.objects.bulk_create(
        Animateur(
            brigade=brig.brigade,
            user=user,
            profession="cpe",
            town="Metz",
            home_school=brig.school,
            promotion=promotion,
        )
        for user in people
    )
    AnimateurStatus.objects.bulk_create(
        AnimateurStatus(animateur=a, status=status, on=day)
        for a in animateurs
        for status, day in (("en_formation", D(2021, 9, 1)), ("actif", D(2021, 12, 1)))
    )
    ModuleCompletion.objects.bulk_create(
        ModuleCompletion(animateur=a, module=m, completed_on=D(2021, 11, 1))
        for a in animateurs
        for m in modules
    )
    teams = TrainerTeam.objects.bulk_create(
        TrainerTeam(
            brigade=brig.brigade,
            level=("seconde", "premiere", "terminale")[i % 3],
            name=f"Équipe {i}",
        )  # fmt: skip
        for i in range(count)
    )
    for team, member in zip(teams, animateurs, strict=True):
        team.members.add(member)
    ObservationRequest.objects.bulk_create(
        ObservationRequest(
            brigade=brig.brigade,
            requester=brig.teacher if i % 2 else people[i % count],
            reason="Découvrir",
            preferred_period="Mars",
            **(
                {}
                if i < count
                else {
                    "status": "accepted",
                    "observation_day": D(2027, 3, 4),
                    "observation_school": brig.school,
                    "decided_by": brig.staff,
                    "decided_at": brig.staff.date_joined,
                }
            ),
        )
        for i in range(2 * count)
    )


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize(
    "name, queries",
    [
        ("brigade_overview", 12),
        ("brigade_animateurs", 8),
        ("brigade_promotions", 13),
        ("brigade_teams", 8),
        ("brigade_observations", 7),
    ],
)
def test_staff_list_queries_are_constant(
    client, brig, django_assert_num_queries, count, name, queries
):
    fill(brig, count)
    client.force_login(brig.staff)
    page = reverse(f"programmes:{name}", args=[brig.programme.slug])
    with django_assert_num_queries(queries):
        response = client.get(page)
    assert response.status_code == 200


@pytest.mark.parametrize("count", SIZES)
def test_observe_page_queries_are_constant(client, brig, django_assert_num_queries, count):
    fill(brig, count)
    client.force_login(brig.teacher)
    page = reverse("programmes:brigade_observe", args=[brig.programme.slug])
    with django_assert_num_queries(7):
        response = client.get(page)
    assert len(response.context["observations"]) >= 1
