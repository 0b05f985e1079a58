"""The counts per académie and state that database triggers keep (StateCount), and the queue
that reads them when no filter narrows it."""

import datetime
import io

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from requests import services, state_counts, workflow
from requests.models import AntRequest, State, StateCount, SubmissionWindow, TransitionLog
from tests.factories import (
    CampaignFactory,
    EtablissementFactory,
    SubmissionWindowFactory,
    ThemeFactory,
    ant_request,
    user_with_role,
)
from tests.requests.test_office_views import make_request


def kept():
    return {(row.academie_id, row.state): row.n for row in StateCount.objects.all() if row.n != 0}


def counted():
    return {
        (row["academie"], row["state"]): row["n"]
        for row in AntRequest.objects.values("academie", "state").annotate(n=Count("pk"))
    }


@pytest.fixture
def campaign(academie):
    return CampaignFactory(academie=academie)


def test_state_counts_follow_inserts_transitions_updates_and_deletes(
    campaign, teacher, school, head, dafor, other_academie
):
    assert kept() == counted() == {}
    colleague = user_with_role(Role.ENSEIGNANT, etablissement=school)
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school, members=[colleague])
    other = make_request(campaign, teacher, school, State.ENDORSED)
    assert (
        kept()
        == counted()
        == {(campaign.academie_id, "draft"): 1, (campaign.academie_id, "endorsed"): 1}
    )

    AntRequest.objects.filter(pk=ant.pk).update(state=State.SUBMITTED)
    workflow.perform(AntRequest.objects.get(pk=ant.pk), "endorse", by=head)
    workflow.perform(AntRequest.objects.get(pk=ant.pk), "start_review", by=dafor)
    assert kept() == counted()
    assert kept()[(campaign.academie_id, "under_review")] == 1

    # A save that does not move the request leaves the counts alone.
    other.title = "Nouveau titre"
    other.save()
    # Moving a request to another académie moves its count.
    AntRequest.objects.filter(pk=other.pk).update(academie=other_academie)
    assert kept() == counted()
    assert kept()[(other_academie.pk, "endorsed")] == 1

    TransitionLog.objects.filter(request_id=other.pk).delete()
    AntRequest.objects.filter(pk=other.pk).delete()
    assert kept() == counted() == {(campaign.academie_id, "under_review"): 1}


def test_state_counts_follow_bulk_creation_and_carry_over(
    campaign, teacher, school, dafor, academie
):
    previous = CampaignFactory(academie=academie, school_year="2019-2020")
    postponed = [make_request(previous, teacher, school, State.POSTPONED) for _ in range(3)]
    AntRequest.objects.bulk_create(
        AntRequest(
            campaign=campaign,
            academie=academie,
            reference=f"ANT-BULK-{i}",
            state=State.VALIDATED,
            scale="etablissement",
            coordinating_school=school,
            coordinator=teacher,
            title="En masse",
            professional_questions="?",
            expected_outcomes="!",
            public_count=3,
            public_categories="Enseignants",
        )
        for i in range(7)
    )
    services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor)
    assert kept() == counted()
    assert kept()[(academie.pk, "validated")] == 7
    assert kept()[(academie.pk, "endorsed")] == len(postponed)


def queue_count_queries(queries):
    return [
        q["sql"]
        for q in queries.captured_queries
        if 'COUNT(*) AS "n"' in q["sql"] and "requests_antrequest" in q["sql"]
    ]


def test_unfiltered_queue_reads_the_kept_counts_and_they_are_exact_after_a_transition(
    client, dafor, campaign, teacher, school
):
    ants = [make_request(campaign, teacher, school, State.ENDORSED) for _ in range(3)]
    client.force_login(dafor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("requests:queue"), {"state": "endorsed", "tri": "depot"})
    assert queue_count_queries(queries) == []
    counts = {row["state"]: row["count"] for row in response.context["state_counts"]}
    assert (counts["endorsed"], counts["under_review"], response.context["total"]) == (3, 0, 3)
    assert response.context["page"].paginator.count == 3

    workflow.perform(ants[0], "start_review", by=dafor)
    response = client.get(reverse("requests:queue"))
    counts = {row["state"]: row["count"] for row in response.context["state_counts"]}
    assert (counts["endorsed"], counts["under_review"], response.context["total"]) == (2, 1, 3)


def test_filtered_queue_counts_the_filtered_requests(client, dafor, campaign, teacher, school):
    theme = ThemeFactory(campaign=campaign)
    make_request(campaign, teacher, school, State.ENDORSED, theme=theme)
    make_request(campaign, teacher, school, State.UNDER_REVIEW, theme=theme)
    make_request(campaign, teacher, school, State.ENDORSED)
    elsewhere = EtablissementFactory(academie=campaign.academie)
    make_request(campaign, teacher, elsewhere, State.VALIDATED, theme=theme)
    client.force_login(dafor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("requests:queue"), {"theme": theme.pk, "state": "endorsed"})
    assert len(queue_count_queries(queries)) == 1
    counts = {row["state"]: row["count"] for row in response.context["state_counts"]}
    assert (counts["endorsed"], counts["under_review"], counts["validated"]) == (1, 1, 1)
    assert response.context["total"] == 3
    assert response.context["page"].paginator.count == 1
    assert response.context["page"].object_list[0]["state"] == "endorsed"
    assert datetime.date(2020, 6, 20) == response.context["page"].object_list[0]["submitted_day"]


def test_queue_sql_compiled_once_answers_each_filter_and_page_with_fresh_rows(
    client, dafor, campaign, teacher, school
):
    first, second = ThemeFactory(campaign=campaign), ThemeFactory(campaign=campaign)
    make_request(campaign, teacher, school, State.ENDORSED, theme=first, title="Premier")
    client.force_login(dafor)
    url = reverse("requests:queue")

    def titles(params):
        return [row["title"] for row in client.get(url, params).context["page"].object_list]

    assert titles({"theme": first.pk}) == ["Premier"]
    assert titles({"theme": second.pk}) == []
    # The same filters again: the SQL is reused, the rows are read afresh.
    make_request(campaign, teacher, school, State.UNDER_REVIEW, theme=second, title="Second")
    assert titles({"theme": second.pk}) == ["Second"]
    assert titles({"theme": second.pk, "state": "endorsed"}) == []


def test_queue_window_filter_follows_the_windows_dates(client, dafor, campaign, teacher, school):
    window = SubmissionWindowFactory(
        campaign=campaign, opens_on=datetime.date(2020, 6, 15), closes_on=datetime.date(2020, 7, 8)
    )
    make_request(
        campaign, teacher, school, State.ENDORSED, title="Juin",
        submitted=timezone.make_aware(datetime.datetime(2020, 6, 20, 10)),
    )  # fmt: skip
    client.force_login(dafor)
    url = reverse("requests:queue")

    def titles():
        return [
            r["title"] for r in client.get(url, {"window": window.pk}).context["page"].object_list
        ]

    assert titles() == ["Juin"]
    SubmissionWindow.objects.filter(pk=window.pk).update(opens_on=datetime.date(2020, 6, 25))
    caches["local"].clear()  # the filters' choices are kept a minute
    assert titles() == []


def test_state_count_triggers_are_all_in_place_after_every_migration(db):
    # A migration that rebuilds requests_antrequest (SQLite) must install them again.
    assert state_counts.installed_triggers() == state_counts.TRIGGERS[connection.vendor]


def test_recount_command_corrects_drifted_counts(campaign, teacher, school):
    make_request(campaign, teacher, school, State.ENDORSED)
    StateCount.objects.filter(state="endorsed").update(n=7)
    StateCount.objects.create(academie_id=campaign.academie_id, state="rejected", n=2)
    out = io.StringIO()

    call_command("recount_ant_states", stdout=out)

    assert kept() == counted()
    assert "2 corrigé(s)" in out.getvalue()


def test_recount_command_fails_when_a_trigger_is_missing(db):
    name = sorted(state_counts.TRIGGERS[connection.vendor])[0]
    on_table = " ON requests_antrequest" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}{on_table}")

    with pytest.raises(CommandError, match=name):
        call_command("recount_ant_states", stdout=io.StringIO())
