"""The office's pages (EAFC, ex-DAFOR): the queue, its exports and decisions on several
requests, campaigns with their themes and windows, carry-over, and the published catalogue."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from requests import workflow
from requests.models import (
    AntRequest,
    Campaign,
    State,
    SubmissionWindow,
    Theme,
    TransitionLog,
)
from tests.factories import (
    CampaignFactory,
    DistrictFactory,
    EtablissementFactory,
    ThemeFactory,
    ant_request,
    make_request,
    put_in_state,
    user_with_role,
)

PARIS = datetime.timezone(datetime.timedelta(hours=2))


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=PARIS)


# Fixtures and helpers ----------------------------------------------------------------------
@pytest.fixture
def other_campaign(other_academie):
    return CampaignFactory(academie=other_academie, title="ANT Nancy-Metz")


@pytest.fixture
def other_request(other_campaign, other_academie):
    school = EtablissementFactory(academie=other_academie, name="Lycée Henri-Poincaré")
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=school)
    return make_request(
        other_campaign, teacher, school, State.ENDORSED, title="Projet lorrain confidentiel"
    )


def snapshot():
    """What a refused POST must leave untouched."""
    return (
        list(AntRequest.objects.order_by("pk").values_list("pk", "state", "priority", "title")),
        TransitionLog.objects.count(),
        list(Campaign.objects.order_by("pk").values_list("pk", "school_year", "title")),
        list(Theme.objects.order_by("pk").values_list("pk", "title", "discipline")),
        list(SubmissionWindow.objects.order_by("pk").values_list("pk", "opens_on", "closes_on")),
    )


def message_texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def queue_refs(response):
    return [row["reference"] for row in response.context["page"].object_list]


def csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))


def xlsx_rows(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def endorsed(campaign, teacher, school):
    return make_request(campaign, teacher, school, State.ENDORSED, title="Endossée")


# Permissions: everyone but the académie's office gets a 404 ----------------------------------
OFFICE_PAGES = [
    ("requests:queue", None),
    ("requests:queue_export", "csv"),
    ("requests:queue_export", "xlsx"),
    ("requests:campaigns", None),
    ("requests:campaign_create", None),
    ("requests:campaign_detail", "campaign"),
    ("requests:campaign_edit", "campaign"),
    ("requests:theme_create", "campaign"),
    ("requests:theme_edit", "theme"),
    ("requests:window_create", "campaign"),
    ("requests:window_edit", "window"),
]
# Pages about one of Créteil's objects: a 404 for Nancy-Metz's office as well.
OBJECT_PAGES = [(name, arg) for name, arg in OFFICE_PAGES if arg in ("campaign", "theme", "window")]


def page_url(name, arg, objects):
    if arg is None:
        return reverse(name)
    if arg in ("csv", "xlsx"):
        return reverse(name, args=[arg])
    return reverse(name, args=[objects[arg].pk])


@pytest.fixture
def objects(campaign, theme, window, endorsed):
    return {"campaign": campaign, "theme": theme, "window": window, "request": endorsed}


@pytest.mark.parametrize("role", ["teacher", "head", "trainer"])
@pytest.mark.parametrize(("name", "arg"), OFFICE_PAGES)
def test_office_pages_are_404_for_school_staff_and_trainers(
    client, request, objects, role, name, arg
):
    client.force_login(request.getfixturevalue(role))
    assert client.get(page_url(name, arg, objects)).status_code == 404


@pytest.mark.parametrize(("name", "arg"), OBJECT_PAGES)
def test_office_pages_of_a_campaign_are_404_for_another_academie_office(
    client, objects, other_academie_dafor, name, arg
):
    client.force_login(other_academie_dafor)
    assert client.get(page_url(name, arg, objects)).status_code == 404


def _post_cases(objects):
    campaign, theme, window, ant = (
        objects["campaign"],
        objects["theme"],
        objects["window"],
        objects["request"],
    )
    return [
        (
            reverse("requests:bulk_decision"),
            {"action": "start_review", "requests": [ant.pk], "comment": ""},
        ),
        (
            reverse("requests:campaign_create"),
            {"school_year": "2021-2022", "title": "Intrus", "published_on": "2021-06-01"},
        ),
        (
            reverse("requests:campaign_edit", args=[campaign.pk]),
            {"school_year": "2020-2021", "title": "Piraté", "published_on": "2020-06-15"},
        ),
        (
            reverse("requests:theme_create", args=[campaign.pk]),
            {"title": "Intrus", "description": "x", "kind": "transversal", "target_public": "x"},
        ),
        (
            reverse("requests:theme_edit", args=[theme.pk]),
            {"title": "Piraté", "description": "x", "kind": "transversal", "target_public": "x"},
        ),
        (
            reverse("requests:window_create", args=[campaign.pk]),
            {"opens_on": "2021-01-04", "closes_on": "2021-01-29"},
        ),
        (
            reverse("requests:window_edit", args=[window.pk]),
            {"opens_on": "2020-06-01", "closes_on": "2020-06-02"},
        ),
        (reverse("requests:carry_over", args=[campaign.pk]), {}),
    ]


@pytest.mark.parametrize("role", ["teacher", "head", "trainer"])
def test_office_posts_are_404_and_change_nothing_for_school_staff_and_trainers(
    client, request, objects, role
):
    CampaignFactory(academie=objects["campaign"].academie, school_year="2019-2020")
    client.force_login(request.getfixturevalue(role))
    before = snapshot()
    for url, data in _post_cases(objects):
        assert client.post(url, data).status_code == 404, url
    assert snapshot() == before


def test_office_posts_on_another_academie_are_404_and_change_nothing(
    client, objects, other_academie_dafor
):
    CampaignFactory(academie=objects["campaign"].academie, school_year="2019-2020")
    client.force_login(other_academie_dafor)
    before = snapshot()
    # Creating a campaign is theirs to do, in their own académie: left out here.
    cases = [c for c in _post_cases(objects) if c[0] != reverse("requests:campaign_create")]
    for url, data in cases:
        assert client.post(url, data).status_code == 404, url
    assert snapshot() == before


def test_another_academie_office_sees_only_its_own_requests_in_queue_and_exports(
    client, endorsed, other_request, other_academie_dafor, dafor
):
    client.force_login(other_academie_dafor)
    response = client.get(reverse("requests:queue"))
    assert response.status_code == 200
    assert queue_refs(response) == [other_request.reference]
    assert endorsed.title not in response.content.decode()
    exported = csv_rows(client.get(reverse("requests:queue_export", args=["csv"])))
    assert [row[0] for row in exported[1:]] == [other_request.reference]
    exported = xlsx_rows(client.get(reverse("requests:queue_export", args=["xlsx"])))
    assert [row[0] for row in exported[1:]] == [other_request.reference]

    client.force_login(dafor)
    response = client.get(reverse("requests:queue"))
    assert queue_refs(response) == [endorsed.reference]
    assert "Projet lorrain confidentiel" not in response.content.decode()


def test_bulk_decision_with_another_academie_request_is_404_and_changes_nothing(
    client, dafor, endorsed, other_request
):
    client.force_login(dafor)
    before = snapshot()
    response = client.post(
        reverse("requests:bulk_decision"),
        {"action": "start_review", "requests": [endorsed.pk, other_request.pk]},
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_unknown_export_format_is_404(client, dafor):
    client.force_login(dafor)
    assert client.get(reverse("requests:queue_export", args=["pdf"])).status_code == 404


# The queue: filters, sorting, counts ---------------------------------------------------------
@pytest.fixture
def variety(campaign, teacher, school, other_school, theme, academie):
    """Requests of every kind the filters tell apart."""
    district = DistrictFactory(academie=academie, name="District 93-1")
    head_other = user_with_role(Role.ENSEIGNANT, etablissement=other_school)
    first = make_request(
        campaign, teacher, school, State.ENDORSED, title="A — endossée tôt",
        endorsed=at(datetime.date(2020, 6, 22)), theme=theme,
    )  # fmt: skip
    late = make_request(
        campaign, teacher, school, State.UNDER_REVIEW, title="B — instruite",
        endorsed=at(datetime.date(2020, 9, 1)), submitted=at(datetime.date(2020, 8, 25)),
        scale="district", district=district,
    )  # fmt: skip
    carried = make_request(
        campaign, head_other, other_school, State.ENDORSED, title="C — reportée",
        endorsed=at(datetime.date(2020, 9, 10)), priority=True,
    )  # fmt: skip
    # `late` also concerns the other school.
    late.schools.add(other_school)
    draft = ant_request(campaign=campaign, coordinator=teacher, school=school, title="Brouillon")
    return {"first": first, "late": late, "carried": carried, "draft": draft, "district": district}


def test_queue_puts_carried_over_first_then_by_endorsement_and_hides_drafts(client, dafor, variety):
    client.force_login(dafor)
    response = client.get(reverse("requests:queue"))
    assert queue_refs(response) == [
        variety["carried"].reference,
        variety["first"].reference,
        variety["late"].reference,
    ]
    content = response.content.decode()
    assert "prioritaire — à programmer au 1er trimestre" in content  # issue 9, point 6
    assert reverse("requests:detail", args=[variety["first"].pk]) in content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "under_review"}, ["late"]),
        ({"scale": "district"}, ["late"]),
        ({"district": "@district"}, ["late"]),
        ({"theme": "@theme"}, ["first"]),
        ({"priority": "1"}, ["carried"]),
        ({"priority": "0"}, ["first", "late"]),
        ({"school": "@other_school"}, ["late", "carried"]),  # concerned or coordinating
        ({"school": "Pablo-Neruda"}, ["late", "carried"]),  # by name
        ({"window": "@june"}, ["first", "carried"]),
        ({"window": "@august"}, ["late"]),
    ],
)
def test_queue_filters(
    client, dafor, variety, theme, window, other_school, campaign, params, expected
):
    lookups = {
        "@district": variety["district"].pk,
        "@theme": theme.pk,
        "@other_school": other_school.uai.lower(),
        "@june": window.pk,
        "@august": campaign.windows.get(opens_on=datetime.date(2020, 8, 21)).pk,
    }
    client.force_login(dafor)
    query = {key: lookups.get(value, value) for key, value in params.items()}
    response = client.get(reverse("requests:queue"), query)
    assert set(queue_refs(response)) == {variety[key].reference for key in expected}


def test_queue_sorting_by_whitelisted_keys_only(client, dafor, variety):
    client.force_login(dafor)
    by_date = client.get(reverse("requests:queue"), {"tri": "-depot"})
    assert queue_refs(by_date)[0] == variety["late"].reference
    by_reference = client.get(reverse("requests:queue"), {"tri": "reference"})
    assert queue_refs(by_reference) == sorted(queue_refs(by_reference))
    tampered = client.get(reverse("requests:queue"), {"tri": "coordinator__password"})
    assert tampered.status_code == 200
    assert queue_refs(tampered)[0] == variety["carried"].reference


def test_theme_of_another_academie_is_not_a_filter_choice(client, dafor, variety, other_campaign):
    foreign = ThemeFactory(campaign=other_campaign, title="Thème lorrain")
    client.force_login(dafor)
    response = client.get(reverse("requests:queue"))
    assert "Thème lorrain" not in response.content.decode()
    response = client.get(reverse("requests:queue"), {"theme": foreign.pk})
    assert response.context["filter"].form.errors["theme"]


def state_count(response, state):
    return next(row["count"] for row in response.context["state_counts"] if row["state"] == state)


def test_counts_per_state_are_exact_right_after_a_transition_and_ignore_the_state_filter(
    client, dafor, variety
):
    client.force_login(dafor)
    url = reverse("requests:queue")
    response = client.get(url, {"state": "endorsed"})
    assert (state_count(response, "endorsed"), state_count(response, "under_review")) == (2, 1)
    assert response.context["total"] == 3

    workflow.perform(variety["first"], "start_review", by=dafor)

    response = client.get(url, {"state": "endorsed"})
    assert (state_count(response, "endorsed"), state_count(response, "under_review")) == (1, 2)
    assert queue_refs(response) == [variety["carried"].reference]


def test_processing_times_are_medians_over_decided_requests(
    client, dafor, campaign, teacher, school
):
    for days, state in ((10, State.VALIDATED), (20, State.VALIDATED), (40, State.REJECTED)):
        ant = make_request(campaign, teacher, school, state)
        AntRequest.objects.filter(pk=ant.pk).update(
            decided_at=ant.submitted_at + datetime.timedelta(days=days)
        )
    client.force_login(dafor)
    times = client.get(reverse("requests:queue")).context["times"]
    assert times["decision_overall"] == pytest.approx(20)
    assert times["decision_by_state"]["validated"] == (pytest.approx(15), 2)
    assert times["decision_by_state"]["rejected"] == (pytest.approx(40), 1)
    assert "validated" in times["waiting_by_state"]


def test_pagination_keeps_the_filters(client, dafor, campaign, teacher, school):
    for _ in range(51):
        make_request(campaign, teacher, school, State.ENDORSED)
    client.force_login(dafor)
    response = client.get(reverse("requests:queue"), {"state": "endorsed", "page": "1"})
    assert response.context["page"].paginator.num_pages == 2
    assert "?state=endorsed&amp;page=2" in response.content.decode()


# Exports ---------------------------------------------------------------------------------
def test_csv_export_streams_the_filtered_list_with_french_headers(client, dafor, variety):
    client.force_login(dafor)
    response = client.get(reverse("requests:queue_export", args=["csv"]), {"state": "endorsed"})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0][:4] == ["Référence", "Intitulé du projet", "Campagne", "État"]
    assert [row[0] for row in rows[1:]] == [
        variety["carried"].reference,
        variety["first"].reference,
    ]
    carried = rows[1]
    assert carried[1] == "C — reportée"
    assert carried[3] == "Visée par le chef d'établissement"
    assert carried[4] == "oui"
    assert carried[13] == "10/09/2020"


def test_xlsx_export_has_the_same_rows(client, dafor, variety):
    client.force_login(dafor)
    response = client.get(reverse("requests:queue_export", args=["xlsx"]), {"tri": "reference"})
    rows = xlsx_rows(response)
    assert rows[0][0] == "Référence"
    references = [row[0] for row in rows[1:]]
    assert references == sorted(variety[k].reference for k in ("first", "late", "carried"))
    late = next(row for row in rows if row[0] == variety["late"].reference)
    assert late[5] == "District"
    assert late[8] == "District 93-1"
    assert late[13].date() == datetime.date(2020, 9, 1)


# Decisions on several requests -----------------------------------------------------------
def test_bulk_decision_reports_successes_and_refusals(client, dafor, variety):
    client.force_login(dafor)
    logs = TransitionLog.objects.count()
    response = client.post(
        reverse("requests:bulk_decision"),
        {
            "action": "start_review",
            "requests": [variety["first"].pk, variety["carried"].pk, variety["late"].pk],
            "retour": "state=endorsed&tri=reference",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("requests:queue") + "?state=endorsed&tri=reference"
    [text] = message_texts(response)
    assert text.startswith("2 demandes mises à jour, 1 refusée : ")
    assert variety["late"].reference in text
    assert "En instruction" in text
    states = dict(AntRequest.objects.values_list("pk", "state"))
    assert states[variety["first"].pk] == State.UNDER_REVIEW
    assert states[variety["carried"].pk] == State.UNDER_REVIEW
    assert states[variety["late"].pk] == State.UNDER_REVIEW  # untouched: it already was
    assert TransitionLog.objects.count() == logs + 2
    assert not TransitionLog.objects.filter(request=variety["late"], transition="start_review")


def test_a_bulk_decision_interrupted_half_way_changes_nothing(client, dafor, variety, monkeypatch):
    """The decision on the first request is done when the second one fails for a reason that
    is not a refusal (a lost database, a killed worker): nothing stays half done."""
    client.force_login(dafor)
    client.raise_request_exception = False
    perform = workflow.perform
    calls = []

    def perform_then_fail(ant, *args, **kwargs):
        calls.append(ant.pk)
        if len(calls) == 2:
            raise DatabaseError("connexion perdue")
        return perform(ant, *args, **kwargs)

    monkeypatch.setattr(workflow, "perform", perform_then_fail)
    logs = TransitionLog.objects.count()
    response = client.post(
        reverse("requests:bulk_decision"),
        {"action": "start_review", "requests": [variety["first"].pk, variety["carried"].pk]},
    )
    assert response.status_code == 500
    assert len(calls) == 2
    states = dict(AntRequest.objects.values_list("pk", "state"))
    assert states[variety["first"].pk] == states[variety["carried"].pk] == State.ENDORSED
    assert TransitionLog.objects.count() == logs


def test_a_bulk_decision_sent_twice_decides_once_and_says_so(client, dafor, variety):
    client.force_login(dafor)
    page = client.get(reverse("requests:queue"))
    token = page.context["bulk_form"]["submission_token"].value()
    logs = TransitionLog.objects.count()
    post = {
        "action": "start_review",
        "requests": [variety["first"].pk, variety["carried"].pk],
        "submission_token": str(token),
    }
    first = client.post(reverse("requests:bulk_decision"), post)
    second = client.post(reverse("requests:bulk_decision"), post)

    assert message_texts(first) == ["2 demandes mises à jour."]
    assert second.status_code == 302
    # (The first's message is still waiting: the browser left its answer for the second.)
    assert message_texts(second)[-1].startswith("Ce formulaire avait déjà été envoyé")
    assert TransitionLog.objects.count() == logs + 2


def test_bulk_reject_without_comment_is_refused_for_all(client, dafor, variety):
    client.force_login(dafor)
    before = snapshot()
    response = client.post(
        reverse("requests:bulk_decision"),
        {"action": "reject", "requests": [variety["late"].pk], "comment": "  "},
    )
    assert response.status_code == 302
    [text] = message_texts(response)
    assert "commentaire est obligatoire" in text
    assert snapshot() == before


def test_bulk_reject_with_comment_decides_each_request(client, dafor, variety, mailoutbox):
    put_in_state(variety["first"], State.DIAGNOSTIC)
    client.force_login(dafor)
    response = client.post(
        reverse("requests:bulk_decision"),
        {
            "action": "reject",
            "requests": [variety["late"].pk, variety["first"].pk],
            "comment": "Hors du champ des ANT cette année.",
        },
    )
    assert message_texts(response) == ["2 demandes mises à jour."]
    for ant in (variety["late"], variety["first"]):
        ant.refresh_from_db()
        assert ant.state == State.REJECTED
        assert ant.decided_at is not None
        assert ant.transitions.last().comment == "Hors du champ des ANT cette année."


def test_bulk_decision_needs_a_selection_and_a_known_action(client, dafor, variety):
    client.force_login(dafor)
    before = snapshot()
    response = client.post(reverse("requests:bulk_decision"), {"action": "start_review"})
    assert "Cochez au moins une demande." in message_texts(response)
    response = client.post(reverse("requests:bulk_decision"), {"requests": [variety["first"].pk]})
    assert "Choisissez l'action à appliquer aux demandes cochées." in message_texts(response)
    response = client.post(
        reverse("requests:bulk_decision"),
        {"action": "validate", "requests": [variety["first"].pk]},
    )
    assert response.status_code == 302
    assert snapshot() == before


def test_bulk_decision_on_a_draft_is_404(client, dafor, variety):
    client.force_login(dafor)
    before = snapshot()
    response = client.post(
        reverse("requests:bulk_decision"),
        {"action": "start_review", "requests": [variety["draft"].pk]},
    )
    assert response.status_code == 404
    assert snapshot() == before


# Campaigns, themes, windows ----------------------------------------------------------------
def test_dafor_creates_a_campaign_in_their_academie(client, dafor, academie):
    client.force_login(dafor)
    response = client.post(
        reverse("requests:campaign_create"),
        {
            "school_year": "2021-2022",
            "title": "ANT 2021-2022",
            "published_on": "2021-06-14",
            "ends_on": "2022-07-06",  # a campaign ends (issue 9, point 7)
        },
    )
    campaign = Campaign.objects.get(school_year="2021-2022")
    assert response["Location"] == reverse("requests:campaign_detail", args=[campaign.pk])
    assert campaign.academie == academie
    page = client.get(response["Location"]).content.decode()
    assert "Dernières modifications" in page
    assert "Création" in page and "Patricia Bourgeois" in page


@pytest.mark.parametrize("year", ["2020-2022", "2020", "21-22", "2021-2020", "abcd-efgh"])
def test_campaign_with_a_bad_school_year_is_refused(client, dafor, year):
    client.force_login(dafor)
    response = client.post(
        reverse("requests:campaign_create"),
        {"school_year": year, "title": "Mauvaise", "published_on": "2021-06-14"},
    )
    assert response.status_code == 200
    assert "deux années consécutives" in response.content.decode()
    assert not Campaign.objects.exists()


def test_campaign_year_taken_in_the_academie_is_refused(client, dafor, campaign):
    client.force_login(dafor)
    response = client.post(
        reverse("requests:campaign_create"),
        {"school_year": "2020-2021", "title": "Doublon", "published_on": "2021-06-14"},
    )
    assert "déjà une campagne pour l&#x27;année scolaire 2020-2021" in response.content.decode()
    assert Campaign.objects.count() == 1


def test_dafor_of_two_academies_chooses_the_academie(client, dafor, other_academie):
    from tests.factories import RoleMembershipFactory

    RoleMembershipFactory(user=dafor, role=Role.DAFOR, etablissement=None, academie=other_academie)
    client.force_login(dafor)
    page = client.get(reverse("requests:campaign_create")).content.decode()
    assert "Nancy-Metz" in page
    client.post(
        reverse("requests:campaign_create"),
        {
            "academie": other_academie.pk,
            "school_year": "2021-2022",
            "title": "ANT Nancy-Metz",
            "published_on": "2021-06-14",
            "ends_on": "2022-07-06",  # a campaign ends (issue 9, point 7)
        },
    )
    assert Campaign.objects.get().academie == other_academie


def test_campaign_edit_shows_who_changed_what(client, dafor, campaign):
    client.force_login(dafor)
    client.post(
        reverse("requests:campaign_edit", args=[campaign.pk]),
        {
            "school_year": "2020-2021",
            "title": "ANT 2020-2021 (v2)",
            "published_on": "2020-06-15",
            "ends_on": "2021-07-06",  # a campaign ends (issue 9, point 7)
        },
    )
    campaign.refresh_from_db()
    assert campaign.title == "ANT 2020-2021 (v2)"
    page = client.get(reverse("requests:campaign_detail", args=[campaign.pk])).content.decode()
    assert "Modification" in page and "intitulé" in page and "Patricia Bourgeois" in page


def test_campaign_page_shows_windows_themes_and_counts(client, dafor, campaign, theme, endorsed):
    ThemeFactory(campaign=campaign, title="Climat scolaire", kind="transversal", discipline="")
    client.force_login(dafor)
    response = client.get(reverse("requests:campaign_detail", args=[campaign.pk]))
    content = response.content.decode()
    assert "du 15 juin 2020 au 8 juillet 2020" in content
    assert "à partir du 21 août 2020" in content
    assert "Évaluer par compétences" in content and "Climat scolaire" in content
    assert response.context["total"] == 1


def test_disciplinary_theme_without_discipline_is_refused(client, dafor, campaign):
    client.force_login(dafor)
    response = client.post(
        reverse("requests:theme_create", args=[campaign.pk]),
        {
            "title": "Lire en mathématiques",
            "description": "Des problèmes à lire.",
            "kind": "disciplinaire",
            "discipline": " ",
            "target_public": "Enseignants de collège",
        },
    )
    assert response.status_code == 200
    assert (
        "Indiquez la discipline d&#x27;une thématique disciplinaire." in response.content.decode()
    )
    assert not Theme.objects.exists()


def test_theme_create_and_edit(client, dafor, campaign):
    client.force_login(dafor)
    response = client.post(
        reverse("requests:theme_create", args=[campaign.pk]),
        {
            "title": "Climat scolaire",
            "description": "Prévenir le harcèlement.",
            "kind": "transversal",
            "discipline": "Ignorée",
            "target_public": "Toute l'équipe",
        },
    )
    theme = Theme.objects.get()
    assert response["Location"] == reverse("requests:campaign_detail", args=[campaign.pk])
    assert (theme.campaign, theme.discipline) == (campaign, "")
    client.post(
        reverse("requests:theme_edit", args=[theme.pk]),
        {
            "title": "Climat scolaire et bien-être",
            "description": "Prévenir le harcèlement.",
            "kind": "disciplinaire",
            "discipline": "EPS",
            "target_public": "Toute l'équipe",
        },
    )
    theme.refresh_from_db()
    assert (theme.title, theme.kind, theme.discipline) == (
        "Climat scolaire et bien-être",
        "disciplinaire",
        "EPS",
    )


def test_window_closing_before_opening_is_refused(client, dafor, campaign):
    client.force_login(dafor)
    before = snapshot()
    response = client.post(
        reverse("requests:window_create", args=[campaign.pk]),
        {"opens_on": "2021-01-20", "closes_on": "2021-01-10"},
    )
    assert response.status_code == 200
    assert "La date de clôture ne peut pas précéder la date d&#x27;ouverture." in (
        response.content.decode()
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    ("opens", "closes"),
    [
        ("2020-07-01", "2020-07-15"),  # overlaps the June window's end
        ("2020-06-01", ""),  # open-ended from before both
        ("2020-09-01", "2020-09-30"),  # inside the open-ended August window
        ("2020-07-09", ""),  # starts between them but never closes
    ],
)
def test_overlapping_windows_are_refused(client, dafor, campaign, opens, closes):
    client.force_login(dafor)
    before = snapshot()
    response = client.post(
        reverse("requests:window_create", args=[campaign.pk]),
        {"opens_on": opens, "closes_on": closes},
    )
    assert response.status_code == 200
    assert "chevauche une autre fenêtre de la campagne" in response.content.decode()
    assert snapshot() == before


def test_window_between_others_and_open_ended_edit(client, dafor, campaign, window):
    client.force_login(dafor)
    client.post(
        reverse("requests:window_create", args=[campaign.pk]),
        {"opens_on": "2020-07-09", "closes_on": "2020-08-20"},
    )
    assert campaign.windows.count() == 3
    # Editing a window does not compare it with itself.
    response = client.post(
        reverse("requests:window_edit", args=[window.pk]),
        {"opens_on": "2020-06-10", "closes_on": "2020-07-08"},
    )
    assert response.status_code == 302
    window.refresh_from_db()
    assert window.opens_on == datetime.date(2020, 6, 10)


def test_campaign_list_shows_only_the_academie_campaigns(client, dafor, campaign, other_campaign):
    client.force_login(dafor)
    content = client.get(reverse("requests:campaigns")).content.decode()
    assert campaign.title in content
    assert other_campaign.title not in content


# Carry-over ------------------------------------------------------------------------------
def test_carry_over_marks_priority_and_is_idempotent(client, dafor, campaign, teacher, school):
    previous = CampaignFactory(academie=campaign.academie, school_year="2019-2020")
    postponed = make_request(previous, teacher, school, State.POSTPONED, title="Reportée en 2020")
    make_request(previous, teacher, school, State.REJECTED, title="Refusée")
    client.force_login(dafor)
    url = reverse("requests:carry_over", args=[campaign.pk])

    response = client.post(url)
    assert response["Location"] == reverse("requests:campaign_detail", args=[campaign.pk])
    assert message_texts(response) == [
        "1 demande reportée de la campagne 2019-2020 a été reprise, prioritaire."
    ]
    carried = AntRequest.objects.get(campaign=campaign)
    assert (carried.priority, carried.state, carried.carried_over_from) == (
        True,
        State.ENDORSED,
        postponed,
    )

    response = client.post(url)
    assert "Aucune demande reportée de la campagne 2019-2020" in message_texts(response)[-1]
    assert AntRequest.objects.filter(campaign=campaign).count() == 1

    queue = client.get(reverse("requests:queue"))
    assert queue_refs(queue)[0] == carried.reference


def test_carry_over_without_previous_campaign_says_so(client, dafor, campaign):
    client.force_login(dafor)
    response = client.post(reverse("requests:carry_over", args=[campaign.pk]))
    assert "Aucune campagne de l'année scolaire précédente" in message_texts(response)[0]


def test_carry_over_is_post_only(client, dafor, campaign):
    client.force_login(dafor)
    assert client.get(reverse("requests:carry_over", args=[campaign.pk])).status_code == 405


# The catalogue -------------------------------------------------------------------------------
@pytest.fixture
def unpublished(academie):
    return CampaignFactory(
        academie=academie,
        school_year="2099-2100",
        title="Campagne à venir",
        published_on=timezone.localdate() + datetime.timedelta(days=30),
    )


def test_catalogue_shows_published_themes_and_windows_in_french(
    client, teacher, campaign, theme, unpublished
):
    ThemeFactory(campaign=campaign, title="Climat scolaire", kind="transversal", discipline="")
    client.force_login(teacher)
    response = client.get(reverse("requests:catalogue"))
    content = response.content.decode()
    assert "du 15 juin 2020 au 8 juillet 2020" in content
    assert "à partir du 21 août 2020" in content
    assert content.index("Thématiques transversales") < content.index("Climat scolaire")
    assert content.index("Thématiques disciplinaires") < content.index("Évaluer par compétences")
    assert "Campagne à venir" not in content
    assert "Gérer la campagne" not in content


def test_catalogue_shows_unpublished_campaigns_to_the_office_with_a_notice(
    client, dafor, campaign, unpublished
):
    client.force_login(dafor)
    content = client.get(reverse("requests:catalogue")).content.decode()
    assert "Campagne à venir" in content
    assert "Catalogue non publié" in content


def test_catalogue_of_another_academie_is_not_shown(client, campaign, theme, other_academie):
    stranger = user_with_role(
        Role.ENSEIGNANT, etablissement=EtablissementFactory(academie=other_academie)
    )
    client.force_login(stranger)
    content = client.get(reverse("requests:catalogue")).content.decode()
    assert campaign.title not in content
    assert "Aucun catalogue n'est publié" in content


def test_waiting_time_counts_from_the_last_timeline_entry(client, dafor, endorsed):
    client.force_login(dafor)
    workflow.perform(
        endorsed, "start_review", by=dafor, now=timezone.now() - datetime.timedelta(days=9)
    )
    times = client.get(reverse("requests:queue")).context["times"]
    assert times["waiting_by_state"]["under_review"] == (pytest.approx(9, abs=0.01), 1)


def test_queue_rows_are_links_and_their_texts_escaped(client, dafor, campaign, teacher, school):
    ant = make_request(
        campaign, teacher, school, State.ENDORSED, title="<script>alert('x')</script> Projet"
    )
    client.force_login(dafor)

    content = client.get(reverse("requests:queue")).content.decode()

    detail = reverse("requests:detail", args=[ant.pk])
    assert f'<a href="{detail}?retour=">{ant.reference}</a>' in content
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Projet" in content
    assert "<script>alert('x')</script>" not in content
