"""The training record's pages: a teacher's own record, the staff's table per school,
district, circonscription and académie (scopes, filters, pagination, constant queries), a
teacher's record seen by staff, the service share and the académie's rules (bad input, nothing
half-saved), the export. Anyone outside a page's scope gets a 404."""

import csv
import html
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role
from exports.models import Export
from programmes.models import AnimationHoursRule, ServiceShare
from requests.models import State
from tests.factories import (
    AnimationHoursRuleFactory,
    CampaignFactory,
    EtablissementFactory,
    ServiceShareFactory,
    ant_request,
    pe_teacher,
    put_in_state,
    user_with_role,
    with_training_project,
)

YEAR = "2026-2027"
MINE = reverse("programmes:record_mine")
STAFF = reverse("programmes:record_staff")
RULES = reverse("programmes:record_rules")
RULE_NEW = reverse("programmes:record_rule_create")


def teacher_url(user):
    return reverse("programmes:record_teacher", args=[user.pk])


def share_url(user):
    return reverse("programmes:record_share", args=[user.pk])


def export_url(fmt):
    return reverse("programmes:record_export", args=[fmt])


def completed_ant(w, member, hours="3", sessions=4):
    campaign = CampaignFactory(academie=w.academie, school_year=YEAR)
    coordinator = user_with_role(Role.ENSEIGNANT, etablissement=w.school)
    ant = ant_request(
        campaign=campaign, coordinator=coordinator, school=w.school, members=[member], title="Lire"
    )
    with_training_project(ant, author=coordinator, sessions=sessions, hours=Decimal(hours))
    return put_in_state(ant, State.COMPLETED)


# A teacher's own record ------------------------------------------------------------------------
def test_my_record_shows_a_pe_teacher_what_is_missing(client, record_world):
    w = record_world
    client.force_login(w.pe)
    response = client.get(MINE)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mon parcours de formation" in text
    assert "Il manque 18\u00a0h, dont 9\u00a0h à distance" in text
    assert "1<sup>er</sup>&nbsp;septembre 2026 au 31&nbsp;août 2027" in text
    assert "la règle par défaut s'applique" in text


def test_my_record_lists_the_trainings_of_the_year_with_their_hours(client, record_world):
    w = record_world
    ant = completed_ant(w, w.certifie, hours="3", sessions=4)
    client.force_login(w.certifie)
    response = client.get(MINE, {"annee": YEAR})
    assert [(e.programme, e.hours_in_person) for e in response.context["rec"].entries] == [
        ("ANT", Decimal("12"))
    ]
    text = response.content.decode()
    assert ant.reference in text
    assert "1 formation suivie" in text
    assert "Il manque" not in text
    assert "sans obligation d'heures" in text


def test_my_record_shows_another_school_year(client, record_world):
    w = record_world
    client.force_login(w.certifie)
    completed_ant(w, w.certifie)
    response = client.get(MINE, {"annee": "2025-2026"})
    assert response.context["school_year"] == "2025-2026"
    assert response.context["rec"].entries == []


def test_my_record_falls_back_on_the_current_year_for_a_wrong_one(client, record_world):
    client.force_login(record_world.pe)
    response = client.get(MINE, {"annee": "1999-2001"})
    assert response.status_code == 200
    assert response.context["school_year"] == YEAR


def test_my_record_uses_the_departements_rule_and_the_share(client, record_world):
    w = record_world
    AnimationHoursRuleFactory(academie=w.academie, departement="093")
    ServiceShareFactory(user=w.pe, school_year=YEAR, share=75)
    client.force_login(w.pe)
    text = client.get(MINE).content.decode()
    assert "Il manque 15\u00a0h, dont 7,5\u00a0h à distance" in text
    assert "quotité de service de 75&nbsp;%" in text
    assert "la règle par défaut" not in text


def test_my_record_requires_logging_in(client, db):
    response = client.get(MINE)
    assert response.status_code == 302
    assert "/connexion/" in response.url or "login" in response.url


# Staff scopes ----------------------------------------------------------------------------------
def names(response):
    return sorted(rec.user.full_name for rec in response.context["records"])


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("head", ["Marc Lenoir", "Élise Girard"]),
        ("other_head", ["Inès Robert"]),
        ("clif", ["Marc Lenoir", "Élise Girard"]),
        ("other_clif", ["Inès Robert"]),
        ("ien", ["Marc Lenoir", "Élise Girard"]),
        ("other_ien", ["Inès Robert"]),
        ("dafor", ["Inès Robert", "Marc Lenoir", "Élise Girard"]),
        ("admin", ["Inès Robert", "Marc Lenoir", "Élise Girard"]),
        ("other_dafor", []),
    ],
)
def test_staff_table_shows_the_teachers_of_the_staffs_scope(client, record_world, who, seen):
    client.force_login(getattr(record_world, who))
    response = client.get(STAFF)
    assert response.status_code == 200
    assert names(response) == seen


@pytest.mark.parametrize("who", ["pe", "certifie", "formateur"])
def test_staff_table_is_not_found_for_others(client, record_world, who):
    client.force_login(getattr(record_world, who))
    assert client.get(STAFF).status_code == 404
    assert client.get(export_url("csv")).status_code == 404


def test_staff_table_flags_the_short_teachers(client, record_world):
    w = record_world
    client.force_login(w.head)
    text = client.get(STAFF).content.decode()
    assert 'class="formations-short"' in text
    assert "Heures manquantes" in text
    # The rows come from the Jinja2 partial, which escapes the apostrophe.
    assert "Pas d'obligation d'heures" in html.unescape(text)


def test_staff_table_filters_those_short_of_hours(client, record_world, settings):
    w = record_world
    # Élise Girard's M@gistère hours are not there: the PE is short, the certifié owes nothing.
    client.force_login(w.head)
    response = client.get(STAFF, {"manque": "on"})
    assert names(response) == ["Élise Girard"]


def test_staff_table_filters_by_school_district_and_circonscription(client, record_world):
    w = record_world
    client.force_login(w.dafor)
    assert names(client.get(STAFF, {"etablissement": w.other_school.pk})) == ["Inès Robert"]
    assert names(client.get(STAFF, {"district": w.district.pk})) == ["Marc Lenoir", "Élise Girard"]
    assert names(client.get(STAFF, {"circonscription": w.other_circonscription.pk})) == [
        "Inès Robert"
    ]


def test_staff_table_ignores_a_school_outside_the_scope(client, record_world):
    w = record_world
    client.force_login(w.head)
    response = client.get(STAFF, {"etablissement": w.other_school.pk})
    assert names(response) == ["Marc Lenoir", "Élise Girard"]


def test_staff_table_paginates(client, record_world):
    w = record_world
    for n in range(55):
        pe_teacher(w.school, full_name=f"Zoé Enseignante{n:02d}")
    client.force_login(w.head)
    first = client.get(STAFF)
    assert len(first.context["records"]) == 50
    assert first.context["page"].paginator.count == 57
    assert len(client.get(STAFF, {"page": 2}).context["records"]) == 7


# Constant queries ------------------------------------------------------------------------------
@pytest.mark.parametrize("teachers", [1, 30])
def test_staff_table_reads_a_constant_number_of_queries(
    client, record_world, settings, django_assert_num_queries, teachers
):
    settings.TRAINING_RECORD_SOURCES = ["requests.training_record.entries"]
    w = record_world
    school = EtablissementFactory(academie=w.academie, departement="093", type="Ecole")
    head = user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=school)
    people = [pe_teacher(school) for _ in range(teachers)]
    ServiceShareFactory(user=people[0], school_year=YEAR, share=75)
    AnimationHoursRuleFactory(academie=w.academie, departement="093")
    completed_ant(w, people[-1])
    client.force_login(head)
    client.get(STAFF)  # the session and caches warmed
    # Session, user, roles; count, page; the ANT source, the rules, the shares; the inbox's
    # unread count; the filters' schools, districts and circonscriptions.
    with django_assert_num_queries(12):
        response = client.get(STAFF)
    assert len(response.context["records"]) == teachers


@pytest.mark.parametrize("teachers", [1, 30])
def test_staff_table_short_filter_reads_a_constant_number_of_queries(
    client, record_world, settings, django_assert_num_queries, teachers
):
    settings.TRAINING_RECORD_SOURCES = ["requests.training_record.entries"]
    w = record_world
    school = EtablissementFactory(academie=w.academie, departement="093", type="Ecole")
    head = user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=school)
    for _ in range(teachers):
        pe_teacher(school)
    client.force_login(head)
    client.get(STAFF, {"manque": "on"})
    # As above, without the count: the short ones are counted once their hours are known.
    with django_assert_num_queries(11):
        response = client.get(STAFF, {"manque": "on"})
    assert len(response.context["records"]) == teachers


# A teacher's record seen by staff --------------------------------------------------------------
@pytest.mark.parametrize("who", ["head", "clif", "ien", "dafor", "admin"])
def test_teacher_record_is_shown_to_staff_in_scope(client, record_world, who):
    w = record_world
    client.force_login(getattr(w, who))
    response = client.get(teacher_url(w.pe))
    assert response.status_code == 200
    assert "Parcours de formation de Élise Girard" in response.content.decode()
    assert "Il manque 18\u00a0h, dont 9\u00a0h à distance" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["other_head", "other_clif", "other_ien", "other_dafor", "formateur", "certifie"]
)
def test_teacher_record_is_not_found_out_of_scope(client, record_world, who):
    w = record_world
    client.force_login(getattr(w, who))
    assert client.get(teacher_url(w.pe)).status_code == 404


def test_teacher_record_of_someone_who_is_not_a_teacher_is_not_found(client, record_world):
    w = record_world
    client.force_login(w.dafor)
    assert client.get(teacher_url(w.head)).status_code == 404


# The service share ---------------------------------------------------------------------------
def test_service_share_is_recorded_with_its_history(client, record_world):
    w = record_world
    client.force_login(w.head)
    response = client.post(share_url(w.pe), {"school_year": YEAR, "share": "75"})
    assert response.status_code == 302
    assert ServiceShare.objects.get(user=w.pe, school_year=YEAR).share == 75
    client.post(share_url(w.pe), {"school_year": YEAR, "share": "50"})
    assert ServiceShare.objects.get(user=w.pe, school_year=YEAR).share == 50
    page = client.get(teacher_url(w.pe)).content.decode()
    assert "Il manque 9\u00a0h, dont 4,5\u00a0h à distance" in page
    assert "par Sophie Lambert" in page


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"school_year": YEAR, "share": "60"}, "Choisissez une quotité du barème"),
        ({"school_year": "2026-2028", "share": "75"}, "deux années qui se suivent"),
        ({"school_year": YEAR}, "Ce champ est obligatoire"),
    ],
)
def test_service_share_bad_input_is_told_and_saves_nothing(client, record_world, data, error):
    w = record_world
    client.force_login(w.dafor)
    response = client.post(share_url(w.pe), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not ServiceShare.objects.exists()


@pytest.mark.parametrize("who", ["clif", "other_head", "other_ien", "other_dafor", "pe"])
def test_service_share_is_not_found_for_others(client, record_world, who):
    w = record_world
    client.force_login(getattr(w, who))
    response = client.post(share_url(w.pe), {"school_year": YEAR, "share": "75"})
    assert response.status_code == 404
    assert not ServiceShare.objects.exists()


def test_service_share_form_is_shown_to_the_head_not_to_the_clif(client, record_world):
    w = record_world
    client.force_login(w.head)
    assert "Quotité de service" in client.get(teacher_url(w.pe)).content.decode()
    client.force_login(w.clif)
    assert "share_form" not in client.get(teacher_url(w.pe)).context


# The académie's rules ---------------------------------------------------------------------------
def rule_data(**over):
    return {
        "departement": "093",
        "school_year": YEAR,
        "total_hours": "18",
        "online_min_hours": "9",
        **over,
    }


def test_rule_is_created_by_the_office_with_its_history(client, record_world):
    w = record_world
    client.force_login(w.dafor)
    response = client.post(RULE_NEW, rule_data(total_hours="20", online_min_hours="10"))
    assert response.status_code == 302
    rule = AnimationHoursRule.objects.get()
    assert (rule.academie, rule.departement, rule.total_hours) == (w.academie, "093", 20)
    page = client.get(RULES).content.decode()
    assert "Création le" in page
    assert "par Patricia Bourgeois" in page


@pytest.mark.parametrize(
    ("over", "error"),
    [
        ({"online_min_hours": "19"}, "ne peuvent dépasser les heures dues"),
        ({"departement": "054"}, "Sélectionnez un choix valide"),
        ({"school_year": "2026-2028"}, "deux années qui se suivent"),
        ({"total_hours": "0"}, "supérieur à zéro"),
        ({"online_min_hours": "-1"}, "ne peut être négatif"),
        ({"total_hours": "dix-huit"}, "Saisissez un nombre"),
    ],
)
def test_rule_bad_input_is_told_and_saves_nothing(client, record_world, over, error):
    w = record_world
    client.force_login(w.dafor)
    response = client.post(RULE_NEW, rule_data(**over))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not AnimationHoursRule.objects.exists()


def test_rule_of_a_departement_and_year_cannot_be_created_twice(client, record_world):
    w = record_world
    AnimationHoursRuleFactory(academie=w.academie, departement="093", school_year=YEAR)
    client.force_login(w.dafor)
    response = client.post(RULE_NEW, rule_data())
    assert "Une règle existe déjà pour le département 093 en 2026-2027" in response.content.decode()
    assert AnimationHoursRule.objects.count() == 1


def test_rule_is_edited_by_its_academies_office(client, record_world):
    w = record_world
    rule = AnimationHoursRuleFactory(academie=w.academie, departement="093")
    client.force_login(w.admin)
    url = reverse("programmes:record_rule_edit", args=[rule.pk])
    response = client.post(url, rule_data(total_hours="18", online_min_hours="6"))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.online_min_hours == 6
    assert "dont au moins, à distance" in client.get(RULES).content.decode()


def test_rule_of_another_academie_is_not_found(client, record_world):
    w = record_world
    rule = AnimationHoursRuleFactory(academie=w.academie, departement="093")
    client.force_login(w.other_dafor)
    url = reverse("programmes:record_rule_edit", args=[rule.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, rule_data(total_hours="30")).status_code == 404
    rule.refresh_from_db()
    assert rule.total_hours == 18
    assert rule not in client.get(RULES).context["rules"]


@pytest.mark.parametrize("who", ["head", "clif", "ien", "pe", "formateur"])
def test_rules_are_not_found_for_others(client, record_world, who):
    client.force_login(getattr(record_world, who))
    assert client.get(RULES).status_code == 404
    assert client.get(RULE_NEW).status_code == 404
    assert client.post(RULE_NEW, rule_data()).status_code == 404
    assert not AnimationHoursRule.objects.exists()


# Export ----------------------------------------------------------------------------------------
def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_export_csv_has_the_heads_teachers_and_their_hours(client, record_world):
    w = record_world
    ServiceShareFactory(user=w.pe, school_year=YEAR, share=75)
    client.force_login(w.head)
    response = client.get(export_url("csv"))
    assert response.status_code == 200
    assert "parcours-formation-2026-2027-" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[0] == "Enseignant"
    by_name = {row[0]: row for row in rows}
    assert set(by_name) == {"Élise Girard", "Marc Lenoir"}
    girard = by_name["Élise Girard"]
    assert girard[2:7] == ["École élémentaire Jean-Jaurès", w.school.uai, "093", YEAR, "75"]
    assert girard[7:14] == ["15", "7,5", "0", "0", "non", "15", "7,5"]
    assert by_name["Marc Lenoir"][7:12] == ["", "", "", "", ""]


def test_export_xlsx_keeps_the_filter_of_the_short_ones(client, record_world):
    w = record_world
    client.force_login(w.dafor)
    response = client.get(export_url("xlsx"), {"manque": "on"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Inès Robert", "Élise Girard"]
    assert rows[1][7] == 18


def test_export_beyond_the_sync_limit_is_produced_with_the_owners_scope(
    client, record_world, settings, tmp_path, django_capture_on_commit_callbacks
):
    w = record_world
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(w.head)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(export_url("csv"))
    export = Export.objects.get()
    assert response.status_code == 302
    assert export.status == Export.Status.DONE
    with export.file.open("rb") as stored:
        text = stored.read().decode("utf-8-sig")
    assert "Élise Girard" in text
    assert "Inès Robert" not in text


def test_export_fails_when_the_owner_is_no_longer_staff(client, record_world, settings, tmp_path):
    from exports.services import produce

    w = record_world
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(w.head)
    client.get(export_url("csv"))  # the task waits for the commit (none in this test)
    w.head.role_memberships.update(ended_on="2026-11-29", started_on="2026-01-01")
    export = Export.objects.get()
    produce(export=export)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert not export.file


def test_export_of_an_unknown_format_is_not_found(client, record_world):
    client.force_login(record_world.head)
    assert client.get(export_url("pdf")).status_code == 404


# Menu and dashboard ------------------------------------------------------------------------------
def test_dashboard_shows_the_teacher_where_they_stand(client, record_world):
    client.force_login(record_world.pe)
    text = client.get("/").content.decode()
    assert "Mon parcours de formation 2026-2027" in text
    assert "Il manque 18\u00a0h, dont 9\u00a0h à distance" in text


def test_menu_leads_staff_to_the_table(client, record_world):
    client.force_login(record_world.ien)
    assert STAFF in client.get(STAFF).content.decode()


@pytest.mark.parametrize("who", ["head", "clif", "ien", "dafor", "admin"])
def test_dashboard_leads_staff_to_the_teachers_table(client, record_world, who):
    client.force_login(getattr(record_world, who))
    response = client.get("/")
    assert response.status_code == 200
    assert "Formation des enseignants" in response.content.decode()
    assert f'href="{STAFF}"' in response.content.decode()


def test_my_record_of_someone_without_a_school_shows_their_trainings_without_obligation(
    client, record_world
):
    client.force_login(record_world.formateur)
    response = client.get(MINE)
    assert response.status_code == 200
    assert not response.context["rec"].owes
    assert "Aucune formation suivie" in response.content.decode()


def test_rule_posted_twice_is_saved_once(client, record_world):
    client.force_login(record_world.dafor)
    data = rule_data(submission_token="0b7f4a52-2d0e-4c55-9d2a-5b3f0f7f3a11")
    first = client.post(RULE_NEW, data)
    second = client.post(RULE_NEW, data)
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert AnimationHoursRule.objects.count() == 1


def test_service_share_posted_twice_is_saved_once(client, record_world):
    w = record_world
    client.force_login(w.head)
    data = {
        "school_year": YEAR,
        "share": "75",
        "submission_token": "5d1c1a8e-8f0e-4e0b-a1c4-3f1f2f0f9e22",
    }
    client.post(share_url(w.pe), data)
    response = client.post(share_url(w.pe), data)
    assert response.status_code == 302
    assert ServiceShare.history.filter(user_id=w.pe.pk).count() == 1
