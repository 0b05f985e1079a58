"""Individual participants (issue 12, point 4): only where a fund demands them, seen and kept
by the académie's administrators only, with a retention date."""

import datetime

import pytest
from django.urls import reverse

from funding import participants as follow_up
from funding.forms import FundParticipantForm
from funding.models import FundParticipant
from funding.participants import FollowUpError
from tests.factories import FundParticipantFactory


def url(name, operation, *args):
    return reverse(f"funding:{name}", args=[operation.pk, *args])


def participant_data(**overrides):
    data = {
        "reference": "NUM-2019-0042",
        "action": "",
        "gender": "woman",
        "age_bracket": "under_25",
        "labour_status": "inactive",
        "education": "isced_0_2",
        "entered_on": "2019-09-02",
        "left_on": "2020-06-30",
        "retain_until": "2024-12-31",
    }
    data.update(overrides)
    return data


def test_participants_page_lists_them_for_an_administrator(client, administrator, numavenir):
    FundParticipantFactory(
        operation=numavenir, reference="NUM-2019-0042", retain_until=datetime.date(2024, 12, 31)
    )
    client.force_login(administrator)

    response = client.get(url("participants", numavenir))

    html = response.content.decode()
    assert response.status_code == 200
    assert "NUM-2019-0042" in html
    assert "Moins de 25 ans" in html
    assert "31 décembre 2024" in html


@pytest.mark.parametrize(
    "reader",
    ["dafor_reader", "ien_reader", "teacher_of_nancy_metz", "other_academie_administrator"],
)
def test_participants_page_is_404_for_anyone_but_the_administrators(
    client, request, numavenir, reader
):
    FundParticipantFactory(operation=numavenir)
    client.force_login(request.getfixturevalue(reader))

    assert client.get(url("participants", numavenir)).status_code == 404


def test_participants_page_sends_anonymous_to_login(client, numavenir):
    response = client.get(url("participants", numavenir))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("rows", [1, 5])
def test_participants_page_reads_constant_queries(
    client, administrator, numavenir, numavenir_action, django_assert_num_queries, rows
):
    for n in range(rows):
        FundParticipantFactory(operation=numavenir, action=numavenir_action if n % 2 else None)
    client.force_login(administrator)

    with django_assert_num_queries(6):
        response = client.get(url("participants", numavenir))

    assert len(response.context["participants"]) == rows


def test_participant_form_proposes_the_operation_end_plus_three_years(administrator, numavenir):
    form = FundParticipantForm(operation=numavenir)

    assert form.initial["retain_until"] == datetime.date(2024, 12, 31)


def test_participant_form_follows_the_retention_setting(settings, numavenir):
    settings.FUNDING_PARTICIPANT_RETENTION_YEARS = 5

    form = FundParticipantForm(operation=numavenir)

    assert form.initial["retain_until"] == datetime.date(2026, 12, 31)


def test_participant_form_has_no_name_field(numavenir):
    form = FundParticipantForm(operation=numavenir)

    assert not {"name", "first_name", "last_name", "full_name"} & set(form.fields)


def test_participant_add_saves_it_with_its_author(client, administrator, numavenir):
    client.force_login(administrator)

    response = client.post(url("participant_add", numavenir), participant_data())

    assert response.status_code == 302
    participant = FundParticipant.objects.get()
    assert (participant.reference, participant.retain_until, participant.recorded_by) == (
        "NUM-2019-0042",
        datetime.date(2024, 12, 31),
        administrator,
    )


@pytest.mark.parametrize("reader", ["dafor_reader", "other_academie_administrator"])
def test_participant_add_is_404_for_others(client, request, numavenir, reader):
    client.force_login(request.getfixturevalue(reader))

    response = client.post(url("participant_add", numavenir), participant_data())

    assert response.status_code == 404
    assert not FundParticipant.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"entered_on": "2020-06-30", "left_on": "2019-09-02"},
            "left_on",
            "La sortie ne peut pas précéder l'entrée.",
        ),
        ({"retain_until": ""}, "retain_until", "Indiquez la date d'effacement."),
        (
            {"retain_until": "2020-06-30"},
            "retain_until",
            "La date d'effacement doit suivre la date de sortie, ou d'entrée à défaut.",
        ),
        (
            {"left_on": "", "retain_until": "2019-09-01"},
            "retain_until",
            "La date d'effacement doit suivre la date de sortie, ou d'entrée à défaut.",
        ),
        ({"reference": "  "}, "reference", "Indiquez la référence du participant."),
        ({"entered_on": "31/02/2019"}, "entered_on", "Saisissez une date valide."),
    ],
)
def test_participant_add_refuses_bad_input_and_saves_nothing(
    client, administrator, numavenir, overrides, field, message
):
    client.force_login(administrator)

    response = client.post(url("participant_add", numavenir), participant_data(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not FundParticipant.objects.exists()


def test_participant_add_refuses_a_reference_already_taken(client, administrator, numavenir):
    FundParticipantFactory(operation=numavenir, reference="NUM-2019-0042")
    client.force_login(administrator)

    response = client.post(url("participant_add", numavenir), participant_data())

    assert response.context["form"].errors["reference"] == [
        "Un participant de l'opération a déjà cette référence."
    ]
    assert FundParticipant.objects.count() == 1


def test_participant_edit_corrects_the_exit(client, administrator, numavenir):
    participant = FundParticipantFactory(operation=numavenir, reference="NUM-2019-0042")
    client.force_login(administrator)

    response = client.post(
        url("participant_edit", numavenir, participant.pk), participant_data(left_on="2020-12-18")
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.left_on == datetime.date(2020, 12, 18)


def test_participant_edit_is_404_for_a_dafor_reader(client, dafor_reader, numavenir):
    participant = FundParticipantFactory(operation=numavenir, reference="NUM-2019-0042")
    client.force_login(dafor_reader)

    assert client.get(url("participant_edit", numavenir, participant.pk)).status_code == 404


def test_participant_delete_asks_then_erases(client, administrator, numavenir):
    participant = FundParticipantFactory(operation=numavenir)
    client.force_login(administrator)

    asked = client.get(url("participant_delete", numavenir, participant.pk))
    assert FundParticipant.objects.exists()
    response = client.post(url("participant_delete", numavenir, participant.pk))

    assert asked.status_code == 200
    assert response.status_code == 302
    assert not FundParticipant.objects.exists()


def test_participant_delete_is_404_for_a_dafor_reader(client, dafor_reader, numavenir):
    participant = FundParticipantFactory(operation=numavenir)
    client.force_login(dafor_reader)

    response = client.post(url("participant_delete", numavenir, participant.pk))

    assert response.status_code == 404
    assert FundParticipant.objects.filter(pk=participant.pk).exists()


def test_participant_add_page_proposes_the_erasure_date(client, administrator, numavenir):
    client.force_login(administrator)

    response = client.get(url("participant_add", numavenir))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="retain_until" value="2024-12-31"' in html
    assert reverse("funding:detail", args=[numavenir.pk]) in html


def test_save_participant_refuses_a_retention_before_the_exit(administrator, numavenir):
    participant = FundParticipant(
        operation=numavenir,
        reference="NUM-2019-0042",
        gender="man",
        age_bracket="under_25",
        labour_status="inactive",
        education="isced_0_2",
        entered_on=datetime.date(2019, 9, 2),
        left_on=datetime.date(2020, 6, 30),
        retain_until=datetime.date(2020, 6, 30),
    )

    with pytest.raises(FollowUpError, match="doit suivre la date de sortie"):
        follow_up.save_participant(participant=participant, by=administrator)

    assert not FundParticipant.objects.exists()


def test_delete_participant_refuses_a_dafor_reader(dafor_reader, numavenir):
    participant = FundParticipantFactory(operation=numavenir)

    with pytest.raises(FollowUpError):
        follow_up.delete_participant(participant=participant, by=dafor_reader)

    assert FundParticipant.objects.filter(pk=participant.pk).exists()
