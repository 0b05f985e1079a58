"""Every programme record opens in the technical administration, with its history."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

# The app's own models, their history tables and the many-to-many tables aside.
PROGRAMME_MODELS = sorted(
    (
        model
        for model in apps.get_app_config("programmes").get_models()
        if not model._meta.model_name.startswith("historical")
    ),
    key=lambda model: model._meta.model_name,
)


def test_every_programmes_model_is_in_the_administration():
    missing = [model.__name__ for model in PROGRAMME_MODELS if not admin.site.is_registered(model)]

    assert len(PROGRAMME_MODELS) >= 30
    assert missing == []


@pytest.mark.parametrize("model", PROGRAMME_MODELS, ids=lambda model: model._meta.model_name)
def test_the_administration_lists_and_adds_each_programmes_record(client, db, model):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    name = f"admin:programmes_{model._meta.model_name}"

    assert client.get(reverse(f"{name}_changelist")).status_code == 200
    assert client.get(reverse(f"{name}_add")).status_code == 200


def test_the_administration_is_closed_to_programme_staff_without_admin_access(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:programmes_brigade_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
