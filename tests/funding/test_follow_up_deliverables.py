"""The deliverables of an action (issue 12, point 3): readers see them with their links and
dates, administrators add, correct and delete them."""

import datetime

import pytest
from django.urls import reverse

from funding.models import Deliverable
from tests.factories import ActionFactory, DeliverableFactory, OperationFactory


def url(name, action, *args):
    return reverse(f"funding:{name}", args=[action.operation_id, action.pk, *args])


def deliverable_data(**overrides):
    data = {
        "kind": "video",
        "title": "Capsules vidéo «\u00a0Je décroche, je raccroche\u00a0»",
        "url": "https://tube.ac-nancy-metz.fr/numavenir",
        "due_on": "2020-06-30",
        "delivered_on": "",
    }
    data.update(overrides)
    return data


def test_deliverables_page_shows_link_and_dates_to_a_dafor_reader(
    client, dafor_reader, numavenir_action
):
    DeliverableFactory(
        action=numavenir_action,
        title="Livret du décrochage",
        url="https://www.ac-nancy-metz.fr/livret.pdf",
        due_on=datetime.date(2020, 6, 30),
        delivered_on=datetime.date(2020, 9, 1),
    )
    client.force_login(dafor_reader)

    response = client.get(url("deliverables", numavenir_action))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="https://www.ac-nancy-metz.fr/livret.pdf"' in html
    assert "30 juin 2020" in html
    assert "1er septembre 2020" in html
    assert url("deliverable_add", numavenir_action) not in html


def test_deliverables_page_offers_editing_to_an_administrator(
    client, administrator, numavenir_action
):
    deliverable = DeliverableFactory(action=numavenir_action)
    client.force_login(administrator)

    html = client.get(url("deliverables", numavenir_action)).content.decode()

    assert url("deliverable_add", numavenir_action) in html
    assert url("deliverable_edit", numavenir_action, deliverable.pk) in html


def test_deliverables_page_is_404_for_another_academie(
    client, other_academie_administrator, numavenir_action
):
    client.force_login(other_academie_administrator)

    assert client.get(url("deliverables", numavenir_action)).status_code == 404


def test_deliverables_page_is_404_for_a_teacher_of_the_academie(
    client, teacher_of_nancy_metz, numavenir_action
):
    client.force_login(teacher_of_nancy_metz)

    assert client.get(url("deliverables", numavenir_action)).status_code == 404


def test_deliverables_page_is_404_for_an_action_of_another_operation(
    client, administrator, numavenir, nancy_metz
):
    foreign = ActionFactory(operation=OperationFactory(academie=nancy_metz))
    client.force_login(administrator)

    response = client.get(reverse("funding:deliverables", args=[numavenir.pk, foreign.pk]))

    assert response.status_code == 404


def test_deliverables_page_sends_anonymous_to_login(client, numavenir_action):
    response = client.get(url("deliverables", numavenir_action))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("rows", [1, 5])
def test_deliverables_page_reads_constant_queries(
    client, administrator, numavenir_action, django_assert_num_queries, rows
):
    DeliverableFactory.create_batch(rows, action=numavenir_action)
    client.force_login(administrator)

    with django_assert_num_queries(7):
        response = client.get(url("deliverables", numavenir_action))

    assert len(response.context["deliverables"]) == rows


def test_deliverable_add_saves_it_on_the_action(client, administrator, numavenir_action):
    client.force_login(administrator)

    response = client.post(url("deliverable_add", numavenir_action), deliverable_data())

    assert response.status_code == 302
    deliverable = Deliverable.objects.get()
    assert (deliverable.action, deliverable.kind, deliverable.due_on) == (
        numavenir_action,
        "video",
        datetime.date(2020, 6, 30),
    )


def test_deliverable_add_is_404_for_a_dafor_reader(client, dafor_reader, numavenir_action):
    client.force_login(dafor_reader)

    response = client.post(url("deliverable_add", numavenir_action), deliverable_data())

    assert response.status_code == 404
    assert not Deliverable.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"url": "pas une adresse"},
            "url",
            "Saisissez une adresse web valide, commençant par https://.",
        ),
        ({"title": ""}, "title", "Indiquez l'intitulé du livrable."),
        ({"kind": "poster"}, "kind", "Choisissez une nature de la liste."),
        ({"due_on": "2020-13-01"}, "due_on", "Saisissez une date valide."),
    ],
)
def test_deliverable_add_refuses_bad_input_and_saves_nothing(
    client, administrator, numavenir_action, overrides, field, message
):
    client.force_login(administrator)

    response = client.post(url("deliverable_add", numavenir_action), deliverable_data(**overrides))

    assert response.context["form"].errors[field] == [message]
    assert not Deliverable.objects.exists()


def test_deliverable_edit_records_its_delivery(client, administrator, numavenir_action):
    deliverable = DeliverableFactory(action=numavenir_action)
    client.force_login(administrator)

    response = client.post(
        url("deliverable_edit", numavenir_action, deliverable.pk),
        deliverable_data(delivered_on="2020-09-01"),
    )

    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.delivered_on == datetime.date(2020, 9, 1)


def test_deliverable_edit_is_404_for_another_academie(
    client, other_academie_administrator, numavenir_action
):
    deliverable = DeliverableFactory(action=numavenir_action, title="Livret")
    client.force_login(other_academie_administrator)

    response = client.post(
        url("deliverable_edit", numavenir_action, deliverable.pk), deliverable_data()
    )

    assert response.status_code == 404
    deliverable.refresh_from_db()
    assert deliverable.title == "Livret"


def test_deliverable_delete_asks_then_deletes(client, administrator, numavenir_action):
    deliverable = DeliverableFactory(action=numavenir_action)
    client.force_login(administrator)

    asked = client.get(url("deliverable_delete", numavenir_action, deliverable.pk))
    assert Deliverable.objects.exists()
    response = client.post(url("deliverable_delete", numavenir_action, deliverable.pk))

    assert asked.status_code == 200
    assert response.status_code == 302
    assert not Deliverable.objects.exists()


def test_deliverable_delete_is_404_for_a_dafor_reader(client, dafor_reader, numavenir_action):
    deliverable = DeliverableFactory(action=numavenir_action)
    client.force_login(dafor_reader)

    response = client.post(url("deliverable_delete", numavenir_action, deliverable.pk))

    assert response.status_code == 404
    assert Deliverable.objects.filter(pk=deliverable.pk).exists()


def test_deliverable_add_page_links_back_to_the_record(client, administrator, numavenir_action):
    client.force_login(administrator)

    response = client.get(url("deliverable_add", numavenir_action))

    assert response.status_code == 200
    assert reverse("funding:detail", args=[numavenir_action.operation_id]) in (
        response.content.decode()
    )
