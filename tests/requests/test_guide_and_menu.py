import pytest
from django.urls import reverse

from accounts.models import Role
from requests.models import State
from tests.factories import ant_request, put_in_state, user_with_role


def test_ant_guide_is_public_and_has_a_section_per_role(client, db):
    response = client.get(reverse("guide_ant"))
    content = response.content.decode()
    assert response.status_code == 200
    for section in ('id="enseignant"', 'id="chef"', 'id="eafc"', 'id="formateur"', 'id="etats"'):
        assert section in content
    assert "du 15 juin au 8 juillet" in content


MENUS = {
    "teacher": {"Mes demandes"},
    "head": {"Mes demandes"},
    "dafor": {"Demandes à instruire", "Campagnes", "Formateurs"},
    "trainer": {"Mes interventions"},
}
ALL_ROLE_ENTRIES = set().union(*MENUS.values())


@pytest.mark.parametrize("who", list(MENUS))
def test_menu_shows_each_role_its_ant_entries_only(client, request, academie, who):
    if who == "trainer":
        user = user_with_role(Role.FORMATEUR, academie=academie)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    menu = [entry["label"] for entry in client.get(reverse("home")).context["main_menu"]]
    assert MENUS[who] <= set(menu)
    assert not (ALL_ROLE_ENTRIES - MENUS[who]) & set(menu)
    assert "Catalogue ANT" in menu


def test_dashboards_list_the_teams_requests_and_the_office_queue(
    client, campaign, school, teacher, dafor
):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    client.force_login(teacher)
    assert ant.reference in client.get(reverse("home")).content.decode()

    put_in_state(ant, State.ENDORSED)
    client.force_login(dafor)
    content = client.get(reverse("home")).content.decode()
    assert "Visée par le chef d&#x27;établissement : 1" in content
    assert f"{reverse('requests:queue')}?state=endorsed" in content
