"""Every funding record opens in the technical administration, operations with their plan
lines, actions and members inline, and with their history."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import ActionFactory, ConsortiumMemberFactory, UserFactory

FUNDING_MODELS = sorted(
    (
        model
        for model in apps.get_app_config("funding").get_models()
        if not model._meta.model_name.startswith("historical")
    ),
    key=lambda model: model._meta.model_name,
)


def test_every_funding_model_is_in_the_administration():
    missing = [model.__name__ for model in FUNDING_MODELS if not admin.site.is_registered(model)]

    assert len(FUNDING_MODELS) >= 12
    assert missing == []


@pytest.mark.parametrize("model", FUNDING_MODELS, ids=lambda model: model._meta.model_name)
def test_the_administration_lists_and_adds_each_funding_record(client, db, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    name = f"admin:funding_{model._meta.model_name}"

    assert client.get(reverse(f"{name}_changelist")).status_code == 200
    assert client.get(reverse(f"{name}_add")).status_code == 200


def test_the_operations_page_has_its_rows_inline_and_its_history(client, numavenir):
    ActionFactory(operation=numavenir, number=1, title="Prévenir le décrochage")
    ConsortiumMemberFactory(operation=numavenir, role="carrier")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    change = client.get(reverse("admin:funding_operation_change", args=[numavenir.pk]))
    history = client.get(reverse("admin:funding_operation_history", args=[numavenir.pk]))

    text = change.content.decode()
    assert 'name="lines-TOTAL_FORMS" value="2"' in text
    assert 'name="actions-TOTAL_FORMS" value="1"' in text
    assert 'name="members-TOTAL_FORMS" value="1"' in text
    assert history.status_code == 200


def test_the_administration_is_closed_to_an_administrator_without_admin_access(
    client, administrator
):
    client.force_login(administrator)

    response = client.get(reverse("admin:funding_operation_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
