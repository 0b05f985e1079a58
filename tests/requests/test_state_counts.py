"""The counts per académie and state (StateCount) kept by requests/state_counts.py, and the
queue that reads them when no filter narrows it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from requests import services, workflow
from requests.models import AntRequest, State, StateCount
from tests.factories import (
    CampaignFactory,
    EtablissementFactory,
    SubmissionWindowFactory,
    ThemeFactory,
    ant_request,
    make_request,
    user_with_role,
)


def kept():
    return {(row.academie_id, row.state): row.n for row in StateCount.objects.all() if row.n != 0}


def counted():
    return {
        (row["academie"], row["state"]): row["n"]
        for row in AntRequest.objects.values("academie", "state").annotate(n=Count("pk"))
    }


def test_state_counts_follow_creation_and_transitions(campaign, teacher, school, head, dafor):
    assert kept() == counted() == {}
    colleague = user_with_role(Role.ENSEIGNANT, etablissement=school)
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school, members=[colleague])
    assert kept() == counted() == {(campaign.academie_id, "draft"): 1}
    SubmissionWindowFactory(
        campaign=campaign,
        opens_on=timezone.localdate() - datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=10),
    )

    workflow.perform(ant, "submit", by=teacher)
    workflow.perform(ant, "endorse", by=head)
    workflow.perform(ant, "start_review", by=dafor)

    assert kept() == counted() == {(campaign.academie_id, "under_review"): 1}


def test_state_counts_refused_transition_changes_no_count(campaign, teacher, school, head):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    before = kept()
    with pytest.raises(workflow.TransitionError):
        workflow.perform(ant, "endorse", by=head)  # a draft cannot be endorsed
    assert kept() == before == counted()


def test_state_counts_follow_carry_over(campaign, teacher, school, dafor, academie):
    previous = CampaignFactory(academie=academie, school_year="2019-2020")
    postponed = [make_request(previous, teacher, school, State.POSTPONED) for _ in range(3)]

    services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor)

    assert kept() == counted()
    assert kept()[(academie.pk, "endorsed")] == len(postponed)
    assert kept()[(academie.pk, "postponed")] == len(postponed)


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


def test_queue_each_filter_and_page_reads_fresh_rows(client, dafor, campaign, teacher, school):
    first, second = ThemeFactory(campaign=campaign), ThemeFactory(campaign=campaign)
    make_request(campaign, teacher, school, State.ENDORSED, theme=first, title="Premier")
    client.force_login(dafor)
    url = reverse("requests:queue")

    def titles(params):
        return [row["title"] for row in client.get(url, params).context["page"].object_list]

    assert titles({"theme": first.pk}) == ["Premier"]
    assert titles({"theme": second.pk}) == []
    # The same filters again: the rows are read afresh.
    make_request(campaign, teacher, school, State.UNDER_REVIEW, theme=second, title="Second")
    assert titles({"theme": second.pk}) == ["Second"]
    assert titles({"theme": second.pk, "state": "endorsed"}) == []


def test_queue_window_filter_follows_the_windows_dates_at_once(
    client, dafor, campaign, teacher, school
):
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
    window.opens_on = datetime.date(2020, 6, 25)
    window.save()  # as the office's form does: the filters' choices follow at once
    assert titles() == []


def test_queue_theme_created_is_offered_by_the_filters_at_once(client, dafor, campaign):
    client.force_login(dafor)
    url = reverse("requests:queue")
    client.get(url)  # the choices are now in the cache
    theme = ThemeFactory(campaign=campaign, title="Climat scolaire et harcèlement")

    response = client.get(url)

    assert (str(theme.pk), theme.title) in response.context["filter"].form.fields["theme"].choices


def test_recount_command_corrects_drifted_counts(campaign, teacher, school):
    make_request(campaign, teacher, school, State.ENDORSED)
    StateCount.objects.filter(state="endorsed").update(n=7)
    StateCount.objects.create(academie_id=campaign.academie_id, state="rejected", n=2)
    out = io.StringIO()

    call_command("recount_ant_states", stdout=out)

    assert kept() == counted()
    assert "Comptes recalculés\u00a0: 2 corrigés." in out.getvalue()


def test_recount_command_counts_requests_written_around_the_workflow(campaign, teacher, school):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    AntRequest.objects.filter(pk=ant.pk).update(state=State.VALIDATED)  # a data fix
    assert kept() != counted()
    out = io.StringIO()

    call_command("recount_ant_states", stdout=out)

    assert kept() == counted() == {(campaign.academie_id, "validated"): 1}
    assert "2 corrigés" in out.getvalue()
