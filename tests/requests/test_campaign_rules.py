"""Issue 9, points 4 to 8: the head informs their staff of a campaign; only endorsed requests
reach the office; validated and started ANT are carried over with their decision and flagged
when the first term ends unscheduled; campaigns end, and with them their open-ended windows;
each campaign names its contact."""

import datetime
import importlib
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.dashboard import panels_for
from accounts.models import Role, RoleMembership
from accounts.submissions import SubmissionTokenForm
from notifications.models import Message
from requests import dashboard, exports, queries, services, workflow
from requests.forms.campaigns import CampaignForm, WindowForm
from requests.models import (
    AntRequest,
    Campaign,
    CampaignBroadcast,
    State,
    SubmissionWindow,
    TrainerAssignment,
    TrainingProject,
    TrainingProjectRevision,
)
from tests.factories import (
    AntRequestFactory,
    CampaignFactory,
    SubmissionWindowFactory,
    ThemeFactory,
    make_request,
    put_in_state,
    user_with_role,
)

NBSP = "\u00a0"
# Inside the second window (from 21 August 2020) and before the campaign's end.
IN_SEPTEMBER = datetime.datetime(2020, 9, 15, 10, 0, tzinfo=datetime.UTC)
AFTER_FIRST_TERM = datetime.datetime(2021, 1, 5, 10, 0, tzinfo=datetime.UTC)
AFTER_CAMPAIGN = datetime.datetime(2021, 9, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def campaign(campaign):
    """The conftest campaign with its end, its first term and the seed's contact."""
    campaign.ends_on = datetime.date(2021, 7, 6)
    campaign.first_term_ends_on = datetime.date(2020, 12, 18)
    campaign.contact_civility = "madame"
    campaign.contact_name = "Patricia BOURGEOIS"
    campaign.contact_phone = "01.57.02.67.89"
    campaign.contact_email = "patricia.bourgeois@ac-creteil.fr"
    campaign.save()
    ThemeFactory(campaign=campaign, title="Climat scolaire et prévention du harcèlement")
    return campaign


# Point 4: the head informs their staff ------------------------------------------------------
@pytest.fixture
def staff(school, teacher, colleague, other_school, academie):
    """The school's current teachers (Claire Martin, Karim Benali), one whose membership ended,
    one inactive, and a teacher of another school: only the first two are told."""
    left = user_with_role(Role.ENSEIGNANT, etablissement=school, full_name="Ancien Collègue")
    RoleMembership.objects.filter(user=left).update(
        started_on=datetime.date(2019, 9, 1), ended_on=datetime.date(2020, 7, 1)
    )
    inactive = user_with_role(Role.ENSEIGNANT, etablissement=school, full_name="Compte Fermé")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    user_with_role(Role.ENSEIGNANT, etablissement=other_school, full_name="Ailleurs")
    return [teacher, colleague]


def broadcast_url(campaign):
    return reverse("requests:campaign_broadcast", args=[campaign.pk])


def post_broadcast(client, campaign, school, **extra):
    data = {"school": school.pk, **extra}
    return client.post(broadcast_url(campaign), data)


def test_head_informs_each_teacher_once_with_catalogue_windows_and_contact(
    client, campaign, head, school, staff, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(head)

    with (
        time_machine.travel(IN_SEPTEMBER),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = post_broadcast(client, campaign, school, **token())

    assert response.status_code == 302
    assert response.url == f"{reverse('requests:catalogue')}#campagne-{campaign.pk}"
    broadcast = CampaignBroadcast.objects.get()
    assert (broadcast.campaign, broadcast.school, broadcast.sent_by) == (campaign, school, head)
    assert broadcast.recipients == 2
    sent = Message.objects.filter(kind="ant_campaign_broadcast")
    assert sorted(m.recipient.full_name for m in sent) == ["Claire Martin", "Karim Benali"]
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(u.email for u in staff)
    body = sent.first().body_text
    for text in [
        "Paul Durand, pour la direction de Collège Jean-Jaurès",
        "du 15 juin 2020 au 8 juillet 2020",
        "à partir du 21 août 2020 (jusqu'à la fin de la campagne, le 6 juillet 2021)",
        "Climat scolaire et prévention du harcèlement",
        "Madame Patricia BOURGEOIS au 01.57.02.67.89 (patricia.bourgeois@ac-creteil.fr)",
    ]:
        assert text in " ".join(body.split()), text
    assert 'href="mailto:patricia.bourgeois@ac-creteil.fr"' in sent.first().body_html
    # notify() folds the subject's line breaks but keeps its no-break space before « : ».
    assert (
        sent.first().subject
        == "Aides négociées de territoire 2020-2021\u00a0: le catalogue est publié"
    )
    page = client.get(response.url).content.decode().replace("&#x27;", "'")
    # the success message, plural
    assert "2 personnes de l'établissement Collège Jean-Jaurès" in page


def token():
    return {"submission_token": SubmissionTokenForm().fields["submission_token"].initial}


def test_a_second_broadcast_says_when_and_to_how_many(client, campaign, head, school, staff):
    client.force_login(head)
    with time_machine.travel(IN_SEPTEMBER):
        post_broadcast(client, campaign, school, **token())
        response = post_broadcast(client, campaign, school, **token())

    assert Message.objects.filter(kind="ant_campaign_broadcast").count() == 2
    assert CampaignBroadcast.objects.count() == 1
    page = client.get(response.url).content.decode()
    assert (
        "Les personnels de l'établissement Collège Jean-Jaurès ont déjà été informés de cette "
        "campagne le 15 septembre 2020, par Paul Durand (2 personnes)."
    ) in page.replace("&#x27;", "'")
    assert "Informer les personnels" not in page


def test_another_head_of_the_same_school_cannot_send_it_again(
    client, campaign, head, school, staff
):
    deputy = user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=school, full_name="Léa Noir")
    client.force_login(head)
    with time_machine.travel(IN_SEPTEMBER):
        post_broadcast(client, campaign, school, **token())
    client.force_login(deputy)

    with time_machine.travel(IN_SEPTEMBER), pytest.raises(services.AlreadyBroadcast) as raised:
        services.broadcast_campaign(campaign=campaign, school=school, by=deputy, url="/")

    assert raised.value.broadcast.sent_by == head
    assert Message.objects.filter(kind="ant_campaign_broadcast").count() == 2


def test_one_recipient_is_counted_in_the_singular(client, campaign, head, school, teacher):
    client.force_login(head)
    with time_machine.travel(IN_SEPTEMBER):
        response = post_broadcast(client, campaign, school)
    page = client.get(response.url).content.decode().replace("&#x27;", "'")
    assert "envoyés à 1 personne de l'établissement Collège Jean-Jaurès" in page


def test_a_school_without_teachers_records_nothing(client, campaign, head, school):
    client.force_login(head)
    with time_machine.travel(IN_SEPTEMBER):
        response = post_broadcast(client, campaign, school)
    assert not CampaignBroadcast.objects.exists()
    page = client.get(response.url).content.decode().replace("&#x27;", "'")
    assert "Aucun enseignant de l'établissement Collège Jean-Jaurès" in page


def test_an_ended_campaign_is_not_broadcast(client, campaign, head, school, staff):
    client.force_login(head)
    with time_machine.travel(AFTER_CAMPAIGN):
        response = post_broadcast(client, campaign, school)
        page = client.get(response.url).content.decode()
    assert not CampaignBroadcast.objects.exists()
    assert not Message.objects.filter(kind="ant_campaign_broadcast").exists()
    assert f"est terminée{NBSP}: il n'y a plus lieu" in page.replace("&#x27;", "'")


@pytest.mark.parametrize(
    "who", ["teacher", "dafor", "other_head", "other_academie_head", "other_academie_dafor"]
)
def test_broadcast_is_404_for_anyone_but_the_schools_head(
    client, request, campaign, school, staff, who
):
    if who == "other_academie_head":
        user = user_with_role(Role.CHEF_ETABLISSEMENT, academie=request.getfixturevalue(
            "other_academie"))  # fmt: skip
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    with time_machine.travel(IN_SEPTEMBER):
        response = post_broadcast(client, campaign, school)
    assert response.status_code == 404
    assert not CampaignBroadcast.objects.exists()
    assert not Message.objects.exists()


def test_a_head_of_another_academie_cannot_use_their_own_school(client, campaign, other_academie):
    head = user_with_role(Role.CHEF_ETABLISSEMENT, academie=other_academie)
    their_school = head.role_memberships.get().etablissement
    client.force_login(head)
    with time_machine.travel(IN_SEPTEMBER):
        assert post_broadcast(client, campaign, their_school).status_code == 404


@pytest.mark.parametrize("school_value", ["", "abc", "0", "999999"])
def test_a_school_not_run_by_the_head_is_404(client, campaign, head, staff, school_value):
    client.force_login(head)
    with time_machine.travel(IN_SEPTEMBER):
        response = client.post(broadcast_url(campaign), {"school": school_value})
    assert response.status_code == 404


def test_an_unpublished_campaign_is_404(client, campaign, head, school, staff):
    campaign.published_on = datetime.date(2020, 10, 1)
    campaign.save(update_fields=["published_on"])
    client.force_login(head)
    with time_machine.travel(IN_SEPTEMBER):
        assert post_broadcast(client, campaign, school).status_code == 404


def test_broadcast_is_post_only(client, campaign, head):
    client.force_login(head)
    assert client.get(broadcast_url(campaign)).status_code == 405


def test_the_catalogue_offers_the_button_to_heads_only(client, campaign, head, teacher, dafor):
    with time_machine.travel(IN_SEPTEMBER):
        client.force_login(head)
        assert (
            "Informer les personnels" in client.get(reverse("requests:catalogue")).content.decode()
        )
        for user in (teacher, dafor):
            client.force_login(user)
            page = client.get(reverse("requests:catalogue")).content.decode()
            assert "Informer les personnels" not in page


@pytest.mark.parametrize("n_campaigns", [1, 3])
def test_the_catalogue_reads_a_constant_number_of_queries_for_a_head(
    client, academie, campaign, head, school, staff, n_campaigns
):
    for year in range(2021, 2021 + n_campaigns - 1):
        other = CampaignFactory(academie=academie, school_year=f"{year}-{year + 1}")
        CampaignBroadcast.objects.create(campaign=other, school=school, sent_by=head, recipients=2)
    client.force_login(head)
    with time_machine.travel(IN_SEPTEMBER):
        client.get(reverse("requests:catalogue"))  # the session and user are read once
        with CaptureQueriesContext(connection) as queries_:
            client.get(reverse("requests:catalogue"))
    assert len(queries_) == CATALOGUE_QUERIES


# The session, the user and their roles, the campaigns with their themes and windows, the
# broadcasts: the same for one campaign or three.
CATALOGUE_QUERIES = 8


# Point 4: mission orders on the head's dashboard ---------------------------------------------
def test_the_heads_panel_lists_school_scale_ant_with_mission_orders(
    campaign, head, teacher, school, other_school
):
    validated = AntRequestFactory(
        campaign=campaign, coordinator=teacher, coordinating_school=school, validated=True
    )
    AntRequestFactory(
        campaign=campaign,
        coordinator=teacher,
        coordinating_school=school,
        validated=True,
        scale="district",
        title="ANT de district",
    )
    AntRequestFactory(
        campaign=campaign, coordinator=teacher, coordinating_school=school, under_review=True
    )
    AntRequestFactory(campaign=campaign, coordinating_school=other_school, validated=True)

    items = dashboard.mission_orders(head)

    assert items == [
        {
            "label": f"{validated.reference} — {validated.title}",
            "hint": "Validée",
            "url": reverse("requests:mission_orders", args=[validated.pk]),
        }
    ]
    [section] = panels_for(head)
    [panel] = [p for p in section["panels"] if p["title"] == "Ordres de mission"]
    assert panel["items"] == items


# Point 5: only endorsed requests reach the office ---------------------------------------------
@pytest.fixture
def mixed(campaign, teacher, school):
    """One request in each state a school keeps to itself, one cancelled before and one after
    its endorsement, and two that reached the office."""
    kept = {
        state: make_request(campaign, teacher, school, state, title=f"École {state}")
        for state in ("draft", "submitted", "returned")
    }
    early = make_request(campaign, teacher, school, "submitted", title="Annulée tôt")
    put_in_state(early, "cancelled")
    late = make_request(campaign, teacher, school, "endorsed", title="Annulée tard")
    put_in_state(late, "cancelled")
    office = [
        make_request(campaign, teacher, school, "endorsed", title="Visée"),
        make_request(campaign, teacher, school, "under_review", title="En instruction"),
    ]
    return {"kept": [*kept.values(), early], "office": [*office, late]}


def test_the_queue_shows_only_requests_that_reached_the_office(mixed, academie):
    shown = set(queries.office_queue([academie.pk]))
    assert shown == set(mixed["office"])


def test_the_office_counts_leave_out_what_never_reached_it(mixed, academie):
    assert queries.state_counts([academie.pk]) == {
        "endorsed": 1,
        "under_review": 1,
        "cancelled": 1,
    }


def test_the_queue_page_has_no_tab_for_the_schools_states(client, mixed, dafor):
    client.force_login(dafor)
    page = client.get(reverse("requests:queue")).content.decode()
    for request_ in mixed["office"]:
        assert request_.reference in page
    for request_ in mixed["kept"]:
        assert request_.reference not in page
    assert "Transmise au chef d&#x27;établissement" not in page
    assert "Retournée à l&#x27;équipe" not in page


def test_the_export_leaves_out_what_never_reached_the_office(mixed, academie):
    rows = list(exports.queue_rows(exports.queue_queryset([academie.pk], {})))
    references = {row[0] for row in rows}
    assert references == {r.reference for r in mixed["office"]}


def test_the_campaign_counts_and_dashboard_leave_them_out(client, mixed, dafor, campaign):
    [row] = queries.office_campaigns([campaign.academie_id])
    assert row.n_requests == 3
    client.force_login(dafor)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Transmise au chef" not in page
    assert "Brouillon" not in page
    urls = [item["url"] for item in dashboard.office_queue(dafor)]
    queue = reverse("requests:queue")
    assert urls == [f"{queue}?state=endorsed", f"{queue}?state=under_review"]


# Point 6: carried-over priority ---------------------------------------------------------------
@pytest.fixture
def previous(academie):
    return CampaignFactory(academie=academie, school_year="2019-2020", title="ANT 2019-2020")


@pytest.fixture
def carried(previous, campaign, teacher, colleague, school, other_school, trainer, dafor):
    """Last year's validated ANT (an accepted trainer, a declined one, a host school, 24 hours,
    a training project in two versions) and a started one."""
    validated = AntRequestFactory(
        campaign=previous,
        coordinator=teacher,
        coordinating_school=school,
        members=[colleague],
        validated=True,
        title="Co-intervention en lycée professionnel",
    )
    AntRequest.objects.filter(pk=validated.pk).update(
        host_school=other_school, planned_hours=Decimal("24")
    )
    declined = user_with_role(Role.FORMATEUR, academie=school.academie, full_name="Non Merci")
    TrainerAssignment.objects.create(
        request=validated, trainer=trainer, status="accepted", assigned_by=dafor
    )
    TrainerAssignment.objects.create(
        request=validated, trainer=declined, status="declined", assigned_by=dafor
    )
    project = TrainingProject.objects.create(request=validated)
    for number, sessions in ((1, 4), (2, 6)):
        TrainingProjectRevision.objects.create(
            project=project,
            number=number,
            objectives=f"Objectifs v{number}",
            public="Enseignants de LP",
            session_count=sessions,
            hours_per_session=Decimal("3"),
            author=trainer,
        )
    started = AntRequestFactory(
        campaign=previous,
        coordinator=teacher,
        coordinating_school=school,
        validated=True,
        title="Ateliers philo",
    )
    put_in_state(started, "in_progress")
    completed = AntRequestFactory(
        campaign=previous, coordinator=teacher, coordinating_school=school, validated=True
    )
    put_in_state(completed, "completed")
    return {"validated": validated, "started": started, "completed": completed}


def test_validated_and_started_ant_are_carried_over_with_their_decision(
    carried, previous, campaign, dafor, trainer, other_school
):
    created = services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor)

    assert len(created) == 2  # the completed one stays where it is
    new = AntRequest.objects.get(carried_over_from=carried["validated"])
    assert (new.campaign, new.state, new.priority) == (campaign, State.VALIDATED, True)
    assert (new.host_school, new.planned_hours) == (other_school, Decimal("24"))
    assert [(a.trainer, a.status) for a in new.assignments.all()] == [(trainer, "accepted")]
    [revision] = TrainingProjectRevision.objects.filter(project__request=new)
    assert (revision.number, revision.objectives, revision.session_count) == (1, "Objectifs v2", 6)
    assert carried["validated"].reference in revision.change_note
    assert set(new.members.values_list("user__full_name", flat=True)) == {
        "Claire Martin",
        "Karim Benali",
    }
    started = AntRequest.objects.get(carried_over_from=carried["started"])
    assert started.state == State.VALIDATED
    assert "Commencée en 2019-2020" in started.transitions.get().comment
    assert campaign.requests.filter(state="validated").count() == 2
    # Last year's validated request stays as it was, in its own campaign.
    assert queries.state_counts([campaign.academie_id])["validated"] == 3


def test_the_carry_over_is_idempotent(carried, previous, campaign, dafor):
    services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor)
    assert (
        services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor) == []
    )
    assert queries.to_carry_over(previous).count() == 0


def test_the_campaign_page_counts_validated_and_started_to_carry(client, carried, campaign, dafor):
    client.force_login(dafor)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "2 demandes reportées, validées ou commencées en 2019-2020 restent" in page


def test_a_carried_over_ant_says_it_is_a_priority(client, carried, previous, campaign, dafor):
    [new, _started] = services.carry_over_postponed(
        from_campaign=previous, to_campaign=campaign, by=dafor
    )
    client.force_login(dafor)
    with time_machine.travel(IN_SEPTEMBER):
        page = client.get(new.get_absolute_url()).content.decode()
        queue = client.get(reverse("requests:queue")).content.decode()
    assert "prioritaire — à programmer au 1er trimestre" in page
    assert "Le premier trimestre se termine le 18 décembre 2020." in page
    assert queue.count("prioritaire — à programmer au 1er trimestre") == 2
    assert "non programmée à la fin du 1er trimestre" not in queue


def test_the_queue_flags_those_not_scheduled_by_the_end_of_the_first_term(
    client, carried, previous, campaign, dafor
):
    [new, started] = services.carry_over_postponed(
        from_campaign=previous, to_campaign=campaign, by=dafor
    )
    put_in_state(started, "in_progress")  # scheduled: it left "validated"
    client.force_login(dafor)

    with time_machine.travel(AFTER_FIRST_TERM):
        queue = client.get(reverse("requests:queue")).content.decode()

    assert queue.count("non programmée à la fin du 1er trimestre") == 1
    row = queue.split(f'data-reference="{new.reference}"')[1].split("</tr>")[0]
    assert "non programmée à la fin du 1er trimestre" in row


def test_no_flag_without_a_first_term_date(carried, previous, campaign, dafor):
    campaign.first_term_ends_on = None
    campaign.save(update_fields=["first_term_ends_on"])
    services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor)
    with time_machine.travel(AFTER_FIRST_TERM):
        rows = queries.queue_rows(queries.office_queue([campaign.academie_id]), offset=0, limit=50)
    assert rows and not any(row["unscheduled"] for row in rows)


# Point 7: campaigns end -------------------------------------------------------------------------
def test_an_open_ended_window_closes_with_its_campaign(campaign):
    late = campaign.windows.get(closes_on=None)
    assert late.is_open_on(datetime.date(2021, 7, 6))
    assert not late.is_open_on(datetime.date(2021, 7, 7))
    assert late.last_day == datetime.date(2021, 7, 6)
    assert campaign.open_window(datetime.date(2021, 7, 7)) is None


def test_a_campaign_without_end_date_ends_with_its_school_year(academie):
    campaign = CampaignFactory(academie=academie, school_year="2020-2021", ends_on=None)
    assert campaign.end_day == datetime.date(2021, 8, 31)


def test_a_request_cannot_be_sent_after_the_campaign_ended(campaign, draft, teacher):
    with time_machine.travel(AFTER_CAMPAIGN), pytest.raises(workflow.TransitionError):
        workflow.perform(draft, "submit", by=teacher)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_team_is_told_until_when_the_window_is_open(client, campaign, teacher):
    client.force_login(teacher)
    with time_machine.travel(IN_SEPTEMBER):
        page = client.get(reverse("requests:create")).content.decode()
    alert = page.split("fr-alert--success")[1].split("</div>")[0]
    assert "depuis le 21 août 2020, jusqu'à la fin de la campagne le 6 juillet 2021" in alert


def campaign_data(**overrides):
    return {
        "school_year": "2021-2022",
        "title": "ANT 2021-2022",
        "published_on": "2021-06-15",
        "ends_on": "2022-07-06",
        "first_term_ends_on": "2021-12-17",
        "contact_civility": "madame",
        "contact_name": "Patricia BOURGEOIS",
        "contact_phone": "01.57.02.67.89",
        "contact_email": "patricia.bourgeois@ac-creteil.fr",
        **overrides,
    }


def test_the_office_creates_a_campaign_with_its_end_and_contact(client, dafor, academie):
    client.force_login(dafor)
    response = client.post(reverse("requests:campaign_create"), campaign_data())
    assert response.status_code == 302
    created = Campaign.objects.get(school_year="2021-2022")
    assert created.ends_on == datetime.date(2022, 7, 6)
    assert created.first_term_ends_on == datetime.date(2021, 12, 17)
    assert created.contact_name == "Patricia BOURGEOIS"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": ""}, "ends_on", "Indiquez la date de fin de la campagne"),
        ({"ends_on": "2021-06-01"}, "ends_on", "avant la publication de son catalogue"),
        (
            {"first_term_ends_on": "2022-09-01"},
            "first_term_ends_on",
            "avant la fin de la campagne",
        ),
        ({"contact_phone": "0157"}, "contact_phone", "dix chiffres"),
        ({"contact_email": "patricia"}, "contact_email", "adresse électronique valide"),
        ({"contact_name": ""}, "contact_name", "Indiquez le nom de la personne"),
    ],
)
def test_bad_campaign_input_is_refused_in_french(
    client, dafor, academie, overrides, field, message
):
    client.force_login(dafor)
    response = client.post(reverse("requests:campaign_create"), campaign_data(**overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Campaign.objects.filter(school_year="2021-2022").exists()


def test_the_end_cannot_cut_an_existing_window(campaign, dafor):
    form = CampaignForm(
        campaign_data(school_year="2020-2021", published_on="2020-06-15", ends_on="2020-07-01",
                      first_term_ends_on=""),
        instance=campaign,
        academies=type(campaign.academie).objects.filter(pk=campaign.academie_id),
    )  # fmt: skip
    assert not form.is_valid()
    assert "se poursuit après cette date" in form.errors["ends_on"][0]
    campaign.refresh_from_db()
    assert campaign.ends_on == datetime.date(2021, 7, 6)


def test_a_window_cannot_outlast_its_campaign(campaign):
    form = WindowForm({"opens_on": "2021-06-01", "closes_on": "2021-08-01"}, campaign=campaign)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        f"La campagne se termine le 6 juillet 2021{NBSP}: une fenêtre de dépôt ne peut pas se "
        "poursuivre au-delà."
    ]
    assert SubmissionWindow.objects.filter(campaign=campaign).count() == 2


# Point 8: contacts --------------------------------------------------------------------------------
CONTACT = "Patricia BOURGEOIS"


def test_the_contact_is_on_the_campaign_page(client, campaign, dafor):
    client.force_login(dafor)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert CONTACT in page
    assert 'href="tel:0157026789"' in page
    assert 'href="mailto:patricia.bourgeois@ac-creteil.fr"' in page


def test_the_contact_is_on_the_catalogue(client, campaign, teacher):
    client.force_login(teacher)
    with time_machine.travel(IN_SEPTEMBER):
        page = client.get(reverse("requests:catalogue")).content.decode()
    assert "Madame" in page and CONTACT in page and "01.57.02.67.89" in page


def test_the_contact_is_in_the_guide_for_the_academie_only(
    client, campaign, teacher, other_academie_dafor
):
    with time_machine.travel(IN_SEPTEMBER):
        client.force_login(teacher)
        assert CONTACT in client.get(reverse("guide_ant")).content.decode()
        client.force_login(other_academie_dafor)
        assert CONTACT not in client.get(reverse("guide_ant")).content.decode()
        client.logout()
        assert CONTACT not in client.get(reverse("guide_ant")).content.decode()


def test_an_ended_campaigns_contact_leaves_the_guide(client, campaign, teacher):
    client.force_login(teacher)
    with time_machine.travel(AFTER_CAMPAIGN):
        assert CONTACT not in client.get(reverse("guide_ant")).content.decode()


# Point 7: the demo ------------------------------------------------------------------------------
def test_the_demo_closes_2020_2021_and_opens_the_current_campaign(db):
    from io import StringIO

    from django.apps import apps

    # The académies come from a data migration, which --nomigrations leaves out.
    importlib.import_module("accounts.migrations.0002_academies").create(apps, None)
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC)):
        call_command("seed_demo", stdout=StringIO())
    historical = Campaign.objects.get(school_year="2020-2021")
    current = Campaign.objects.get(school_year="2026-2027")
    today = datetime.date(2026, 11, 30)

    assert historical.ends_on == datetime.date(2021, 7, 6)
    assert historical.open_window(today) is None
    assert str(historical.open_window(datetime.date(2020, 9, 1))) == "à partir du 21 août 2020"
    window = current.open_window(today)
    assert window is not None and window.opens_on == datetime.date(2026, 8, 21)
    assert window.last_day == current.ends_on == datetime.date(2027, 7, 2)
    assert current.first_term_ends_on == datetime.date(2026, 12, 18)
    assert current.themes.count() >= 8
    for c in (historical, current):
        assert (c.contact_civility, c.contact_name, c.contact_phone, c.contact_email) == (
            "madame",
            "Patricia BOURGEOIS",
            "01.57.02.67.89",
            "patricia.bourgeois@ac-creteil.fr",
        )


def test_an_ended_campaign_takes_no_new_draft(campaign, teacher, academie):
    from requests.forms.team import published_campaigns

    current = CampaignFactory(
        academie=academie, school_year="2021-2022", published_on=datetime.date(2021, 6, 15)
    )
    SubmissionWindowFactory(campaign=current, opens_on=datetime.date(2021, 8, 23), closes_on=None)
    assert list(published_campaigns(teacher, today=datetime.date(2021, 7, 6))) == [
        current,
        campaign,
    ]
    assert list(published_campaigns(teacher, today=datetime.date(2021, 9, 1))) == [current]
