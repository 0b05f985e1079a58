"""The operation's aggregated indicators (issue 12, point 4): readers see them, administrators
add, correct and delete them, with French messages and nothing half-saved."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from funding import participants as follow_up
from funding.models import IndicatorValue
from funding.participants import FollowUpError
from tests.factories import (
    ActionFactory,
    IndicatorValueFactory,
    OperationFactory,
    user_with_role,
)


def url(name, operation, *args):
    return reverse(f"funding:{name}", args=[operation.pk, *args])


def add_data(**overrides):
    data = {
        "indicator": "young_under_25",
        "action": "",
        "period_start": "2019-09-01",
        "period_end": "2020-07-04",
        "women": "132",
        "men": "118",
    }
    data.update(overrides)
    return data


def test_indicators_page_shows_counts_and_totals_to_a_dafor_reader(
    client, dafor_reader, numavenir, numavenir_action
):
    IndicatorValueFactory(
        operation=numavenir,
        action=numavenir_action,
        period_start=datetime.date(2019, 9, 1),
        period_end=datetime.date(2020, 7, 4),
        women=132,
        men=118,
    )
    IndicatorValueFactory(
        operation=numavenir,
        period_start=datetime.date(2020, 9, 1),
        period_end=datetime.date(2021, 7, 6),
        women=10,
        men=5,
    )
    client.force_login(dafor_reader)

    response = client.get(url("indicators", numavenir))

    assert response.status_code == 200
    html = response.content.decode()
    assert "du 1er septembre 2019 au 4 juillet 2020" in html
    assert "L'opération entière" in html
    assert [(t["label"], t["women"], t["men"], t["total"]) for t in response.context["totals"]] == [
        ("Jeunes de moins de 25 ans touchés", 142, 123, 265)
    ]
    assert reverse("funding:indicator_add", args=[numavenir.pk]) not in html


def test_indicators_page_offers_editing_to_an_administrator(client, administrator, numavenir):
    value = IndicatorValueFactory(operation=numavenir)
    client.force_login(administrator)

    html = client.get(url("indicators", numavenir)).content.decode()

    assert url("indicator_add", numavenir) in html
    assert url("indicator_edit", numavenir, value.pk) in html
    assert url("indicator_delete", numavenir, value.pk) in html


def test_indicators_page_is_404_for_another_academie(
    client, other_academie_administrator, numavenir
):
    client.force_login(other_academie_administrator)

    assert client.get(url("indicators", numavenir)).status_code == 404


def test_indicators_page_is_404_for_a_teacher_of_the_academie(
    client, teacher_of_nancy_metz, numavenir
):
    client.force_login(teacher_of_nancy_metz)

    assert client.get(url("indicators", numavenir)).status_code == 404


def test_indicators_page_sends_anonymous_to_login(client, numavenir):
    response = client.get(url("indicators", numavenir))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("rows", [1, 10])
def test_indicators_page_reads_constant_queries(
    client, administrator, numavenir, numavenir_action, django_assert_num_queries, rows
):
    for n in range(rows):
        IndicatorValueFactory(
            operation=numavenir,
            action=numavenir_action if n % 2 else None,
            indicator="staff_trained" if n % 3 else "young_under_25",
        )
    client.force_login(administrator)

    with django_assert_num_queries(6):
        response = client.get(url("indicators", numavenir))

    assert len(response.context["values"]) == rows


def test_indicator_add_saves_a_count_for_an_action(
    client, administrator, numavenir, numavenir_action
):
    client.force_login(administrator)

    response = client.post(url("indicator_add", numavenir), add_data(action=numavenir_action.pk))

    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.operation, value.action, value.women, value.men, value.total) == (
        numavenir,
        numavenir_action,
        132,
        118,
        250,
    )


def test_indicator_add_is_404_for_a_dafor_reader(client, dafor_reader, numavenir):
    client.force_login(dafor_reader)

    response = client.post(url("indicator_add", numavenir), add_data())

    assert response.status_code == 404
    assert not IndicatorValue.objects.exists()


def test_indicator_add_refuses_an_end_before_the_start(client, administrator, numavenir):
    client.force_login(administrator)

    response = client.post(
        url("indicator_add", numavenir),
        add_data(period_start="2020-07-04", period_end="2019-09-01"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["period_end"] == [
        "La fin de la période ne peut pas précéder son début."
    ]
    assert not IndicatorValue.objects.exists()


def test_indicator_add_refuses_a_negative_count(client, administrator, numavenir):
    client.force_login(administrator)

    response = client.post(url("indicator_add", numavenir), add_data(men="-3"))

    assert response.context["form"].errors["men"] == ["Un effectif ne peut pas être négatif."]
    assert not IndicatorValue.objects.exists()


def test_indicator_add_refuses_a_second_count_for_the_same_period(client, administrator, numavenir):
    IndicatorValueFactory(operation=numavenir, action=None, period_start=datetime.date(2019, 9, 1))
    client.force_login(administrator)

    response = client.post(url("indicator_add", numavenir), add_data())

    assert response.context["form"].non_field_errors() == [
        "Cet indicateur a déjà une valeur pour cette action et ce début de période."
    ]
    assert IndicatorValue.objects.count() == 1


def test_indicator_add_refuses_an_action_of_another_operation(
    client, administrator, numavenir, nancy_metz
):
    foreign = ActionFactory(operation=OperationFactory(academie=nancy_metz))
    client.force_login(administrator)

    response = client.post(url("indicator_add", numavenir), add_data(action=foreign.pk))

    assert response.context["form"].errors["action"] == ["Choisissez une action de l'opération."]
    assert not IndicatorValue.objects.exists()


def test_indicator_add_posted_twice_saves_once(client, administrator, numavenir):
    client.force_login(administrator)
    form = client.get(url("indicator_add", numavenir)).context["form"]
    data = add_data(submission_token=form["submission_token"].initial)

    client.post(url("indicator_add", numavenir), data)
    response = client.post(url("indicator_add", numavenir), data)

    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 1


def test_save_indicator_refuses_a_duplicate_for_the_operation(administrator, numavenir):
    IndicatorValueFactory(operation=numavenir, period_start=datetime.date(2019, 9, 1))
    duplicate = IndicatorValue(
        operation=numavenir,
        indicator="young_under_25",
        period_start=datetime.date(2019, 9, 1),
        period_end=datetime.date(2019, 12, 31),
    )

    with pytest.raises(FollowUpError, match="déjà une valeur"):
        follow_up.save_indicator(value=duplicate, by=administrator)

    assert IndicatorValue.objects.count() == 1


def test_save_indicator_refuses_a_reader(dafor_reader, numavenir):
    value = IndicatorValue(
        operation=numavenir,
        indicator="young_under_25",
        period_start=datetime.date(2019, 9, 1),
        period_end=datetime.date(2019, 12, 31),
    )

    with pytest.raises(FollowUpError):
        follow_up.save_indicator(value=value, by=dafor_reader)

    assert not IndicatorValue.objects.exists()


def test_indicator_edit_corrects_the_counts(client, administrator, numavenir):
    value = IndicatorValueFactory(operation=numavenir, period_start=datetime.date(2019, 9, 1))
    client.force_login(administrator)

    response = client.post(url("indicator_edit", numavenir, value.pk), add_data(women="140"))

    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.women, value.men) == (140, 118)


def test_indicator_edit_is_404_for_another_academie(
    client, other_academie_administrator, numavenir
):
    value = IndicatorValueFactory(operation=numavenir, women=7)
    client.force_login(other_academie_administrator)

    response = client.post(url("indicator_edit", numavenir, value.pk), add_data(women="0"))

    assert response.status_code == 404
    value.refresh_from_db()
    assert value.women == 7


def test_indicator_delete_asks_then_deletes(client, administrator, numavenir):
    value = IndicatorValueFactory(operation=numavenir)
    client.force_login(administrator)

    asked = client.get(url("indicator_delete", numavenir, value.pk))
    assert IndicatorValue.objects.exists()
    response = client.post(url("indicator_delete", numavenir, value.pk))

    assert asked.status_code == 200
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()


def test_indicator_delete_is_404_for_a_dafor_reader(client, dafor_reader, numavenir):
    value = IndicatorValueFactory(operation=numavenir)
    client.force_login(dafor_reader)

    response = client.post(url("indicator_delete", numavenir, value.pk))

    assert response.status_code == 404
    assert IndicatorValue.objects.filter(pk=value.pk).exists()


@pytest.mark.parametrize("role", [Role.SAIO, Role.IEN])
def test_indicators_page_is_read_only_for_the_other_readers(client, nancy_metz, numavenir, role):
    IndicatorValueFactory(operation=numavenir)
    client.force_login(user_with_role(role, academie=nancy_metz))

    response = client.get(url("indicators", numavenir))

    assert response.status_code == 200
    assert response.context["can_edit"] is False
    assert client.get(url("indicator_add", numavenir)).status_code == 404
