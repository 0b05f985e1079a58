"""Mission orders: the heads of the schools concerned print one page per member of their staff
on a validated ANT; nobody else gets the file."""

import datetime
import io
import re
import zlib

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from accounts import dates
from accounts.models import Corps, Role, RoleMembership
from exports.models import Export
from notifications.models import Message
from requests import mission_orders, queries, services, workflow
from tests.factories import (
    CampaignFactory,
    EtablissementFactory,
    SubmissionWindowFactory,
    ThemeFactory,
    TrainerProfileFactory,
    ant_request,
    user_with_role,
    with_training_project,
)

IN_WINDOW = datetime.datetime(2020, 6, 20, 10, 0, tzinfo=datetime.UTC)
ISSUED = datetime.datetime(2020, 10, 1, 9, 0, tzinfo=datetime.UTC)


def pdf_page_count(pdf):
    """Pages of a PDF without a PDF library: its page objects (not the page tree, /Pages),
    looked for in the file and in its compressed object streams."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", part)) for part in parts)


@pytest.fixture
def campaign(academie):
    campaign = CampaignFactory(academie=academie)
    SubmissionWindowFactory(campaign=campaign)
    return campaign


@pytest.fixture
def colleague(school):
    return user_with_role(
        Role.ENSEIGNANT, etablissement=school, full_name="Karim Benali", corps=Corps.PLP
    )


@pytest.fixture
def neighbour(other_school):
    """A teacher of the second school of a district request."""
    return user_with_role(Role.ENSEIGNANT, etablissement=other_school, full_name="Inès Garnier")


@pytest.fixture
def other_head(other_school):
    return user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=other_school, full_name="Anne Roy")


@pytest.fixture
def unrelated_head(academie):
    return user_with_role(
        Role.CHEF_ETABLISSEMENT,
        etablissement=EtablissementFactory(academie=academie, name="Lycée Voltaire"),
        full_name="Marc Tiers",
    )


@pytest.fixture
def host(academie):
    return EtablissementFactory(academie=academie, name="Lycée Eugène-Delacroix", commune="Drancy")


@pytest.fixture
def trainer(academie):
    user = user_with_role(Role.FORMATEUR, academie=academie, full_name="Sophie Lemaire")
    TrainerProfileFactory(user=user, academie=academie)
    return user


@pytest.fixture
def ant(campaign, teacher, colleague, neighbour, head, dafor, school, other_school, trainer):
    """Returns a school-scale request under review (the head signs its mission orders), with a
    colleague of another school in the team (not the head's staff) and a member invited but
    not confirmed (no mission order for them)."""
    theme = ThemeFactory(campaign=campaign, title="Évaluer par compétences")
    ant = ant_request(
        campaign=campaign,
        coordinator=teacher,
        school=school,
        members=[colleague, neighbour],
        theme=theme,
        scale="etablissement",
    )
    invited = user_with_role(Role.ENSEIGNANT, etablissement=school, full_name="Zoé Invitée")
    ant.members.create(user=invited, status="invited")
    with time_machine.travel(IN_WINDOW):
        workflow.perform(ant, "submit", by=teacher)
        workflow.perform(ant, "endorse", by=head)
        workflow.perform(ant, "start_review", by=dafor)
        assignment = services.assign_trainer(ant=ant, trainer=trainer, by=dafor)
        services.answer_assignment(assignment=assignment, accept=True)
    return ant


@pytest.fixture
def validated(ant, dafor, host):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(
            ant, "validate", by=dafor, data={"host_school": host, "planned_hours": "18"}
        )
    return ant


def url(ant, **query):
    base = reverse("requests:mission_orders", args=[ant.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# The file --------------------------------------------------------------------------------------
def test_head_gets_one_page_per_confirmed_member_of_their_school(client, head, validated):
    client.force_login(head)

    with time_machine.travel(ISSUED):
        response = client.get(url(validated))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="ordres-de-mission-{validated.reference}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert pdf_page_count(response.content) == 2  # Claire Martin, Karim Benali


def test_the_head_of_a_team_members_other_school_signs_nothing(client, other_head, validated):
    # Inès Garnier works at the other school, but the ANT is not that school's.
    client.force_login(other_head)
    assert client.get(url(validated)).status_code == 404


@pytest.mark.parametrize("scale", ["district", "reseau"])
def test_district_and_reseau_ant_get_the_convocation_not_mission_orders(
    client, head, other_head, validated, other_school, scale
):
    validated.scale = scale
    validated.save(update_fields=["scale"])
    validated.schools.add(other_school)

    for who in (head, other_head):
        client.force_login(who)
        assert client.get(url(validated)).status_code == 404
        page = client.get(validated.get_absolute_url()).content.decode()
        assert "vaut ordre de mission pour vos personnels" in page
        assert reverse("requests:mission_orders", args=[validated.pk]) not in page


def test_a_school_ant_page_links_its_orders_without_the_convocation_notice(client, head, validated):
    client.force_login(head)
    page = client.get(validated.get_absolute_url()).content.decode()
    assert reverse("requests:mission_orders", args=[validated.pk]) in page
    assert "vaut ordre de mission pour vos personnels" not in page


def test_one_agent_only(client, head, validated, colleague):
    client.force_login(head)

    response = client.get(url(validated, agent=colleague.pk))

    assert response.status_code == 200
    assert pdf_page_count(response.content) == 1
    assert response["Content-Disposition"] == (
        f'attachment; filename="ordre-de-mission-{validated.reference}-karim-benali.pdf"'
    )


@pytest.mark.parametrize("agent", ["neighbour", "invited", "dafor", "abc", ""])
def test_an_agent_outside_the_heads_staff_is_404(client, request, head, validated, agent):
    if agent in ("neighbour", "dafor"):
        value = request.getfixturevalue(agent).pk
    elif agent == "invited":
        value = validated.members.get(status="invited").user_id
    else:
        value = agent
    client.force_login(head)
    assert client.get(url(validated, agent=value)).status_code == 404


def test_the_page_count_matches_the_staff(head, validated):
    ant = queries.get_request_for(head, validated.pk)
    agents = mission_orders.mission_order_agents(ant, head)
    pdf, pages = mission_orders.mission_orders_pdf(
        ant=ant, head=head, agents=agents, issued_on=datetime.date(2020, 10, 1), base_url="/"
    )
    assert [a.full_name for a, _school in agents] == ["Claire Martin", "Karim Benali"]
    assert pages == 2 == pdf_page_count(pdf)


def test_each_page_says_who_goes_where_and_who_signs(head, validated, school):
    ant = queries.get_request_for(head, validated.pk)
    agents = mission_orders.mission_order_agents(ant, head)

    html = mission_orders.mission_orders_html(
        ant=ant, head=head, agents=agents, issued_on=datetime.date(2020, 10, 1)
    )

    assert html.count('class="order"') == 2
    for text in [
        "Académie de Créteil",
        "Ordre de mission",
        "Karim Benali",
        "Professeur de lycée professionnel",
        "Claire Martin",
        "Certifié",
        "Collège Jean-Jaurès",
        validated.reference,
        "Évaluer par compétences au collège",  # the title
        "Évaluer par compétences",  # the theme
        "Lycée Eugène-Delacroix",
        "18\u00a0h",  # the non-breaking space of the hours filter
        "Sophie Lemaire",
        "Paul Durand",
        "Fait le 1er octobre 2020",
        "donne ordre à l'agent désigné ci-dessus",
        "aide négociée de territoire (ANT) d'établissement",
    ]:
        assert text in html, text
    assert "Zoé Invitée" not in html  # invited, never confirmed
    assert "Inès Garnier" not in html  # another head's staff
    # The title says "Ordre de mission": the text no longer says the convocation is one.
    assert "convocation" not in html.lower()


def test_french_dates():
    assert dates.letter_day(datetime.date(2020, 6, 15)) == "15 juin 2020"
    assert dates.letter_day(datetime.date(2020, 9, 1)) == "1er septembre 2020"


def test_no_confirmed_staff_gives_a_message_not_an_empty_file(
    client, campaign, head, dafor, school, academie, host
):
    outsider = user_with_role(Role.ENSEIGNANT, academie=academie, full_name="Hors Établissement")
    other = user_with_role(Role.ENSEIGNANT, etablissement=outsider.memberships[0].etablissement)
    ant = ant_request(campaign=campaign, coordinator=outsider, school=outsider.memberships[0]
                      .etablissement, members=[other])  # fmt: skip
    ant.schools.add(school)  # the head's school is concerned, but none of its staff joined
    ant.state = "validated"
    ant.save(update_fields=["state"])
    client.force_login(head)

    response = client.get(url(ant), follow=False)

    assert response.status_code == 302
    assert response.url == ant.get_absolute_url()


# Who may ------------------------------------------------------------------------------------
@pytest.mark.parametrize("state", ["in_progress", "completed"])
def test_heads_may_print_while_in_progress_and_after(client, head, validated, dafor, state):
    with_training_project(validated, author=dafor)  # issue 9, point 1: `start` needs one
    with time_machine.travel(IN_WINDOW):
        workflow.perform(validated, "start", by=dafor)
        if state == "completed":
            workflow.perform(validated, "complete", by=dafor)
    client.force_login(head)
    assert client.get(url(validated)).status_code == 200


def test_no_mission_orders_before_validation(client, head, ant):
    client.force_login(head)
    assert client.get(url(ant)).status_code == 404


@pytest.mark.parametrize(
    "who", ["teacher", "colleague", "dafor", "trainer", "unrelated_head", "other_academie_dafor"]
)
def test_mission_orders_are_404_for_anyone_but_the_heads_concerned(client, request, validated, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(validated)).status_code == 404


# Many pages: in batches, and in the background ------------------------------------------------
def test_batches_of_pages_make_one_pdf_with_every_order(head, validated):
    ant = queries.get_request_for(head, validated.pk)
    agents = mission_orders.mission_order_agents(ant, head)
    reported = []
    out = io.BytesIO()

    pages = mission_orders.write_mission_orders_pdf(
        out,
        ant=ant,
        head=head,
        agents=agents,
        issued_on=datetime.date(2020, 10, 1),
        base_url="/",
        progress=reported.append,
        batch_size=1,
    )

    pdf = out.getvalue()
    assert pages == 2 == pdf_page_count(pdf)
    assert reported == [1, 2]
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    assert "Claire Martin" in texts[0] and "Karim Benali" in texts[1]
    assert reader.metadata.title == f"Ordres de mission — {validated.reference}"


@pytest.fixture
def few_pages_at_once(settings, tmp_path):
    settings.MISSION_ORDERS_SYNC_MAX_PAGES = 1
    settings.MEDIA_ROOT = tmp_path / "media"


def test_beyond_the_limit_the_orders_are_produced_in_the_background(
    client, head, validated, few_pages_at_once, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(head)

    with time_machine.travel(ISSUED), django_capture_on_commit_callbacks(execute=True):
        response = client.get(url(validated))

    export = Export.objects.get()
    assert response.status_code == 302
    assert response["Location"] == export.get_absolute_url()
    assert (export.owner, export.kind, export.format) == (head, "ant_mission_orders", "pdf")
    assert export.params["issued_on"] == "2020-10-01"
    assert export.status == Export.Status.DONE
    assert export.rows_done == export.rows_total == 2
    assert export.filename == f"ordres-de-mission-{validated.reference}.pdf"
    with export.file.open("rb") as f:
        pdf = f.read()
    assert pdf_page_count(pdf) == 2
    assert "Fait le 1er octobre 2020" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    html = client.get(export.get_absolute_url()).content.decode()
    assert "2 pages sur 2" in html
    assert reverse("exports:download", args=[export.pk]) in html
    [notice] = Message.objects.filter(recipient=head, kind="export_ready")
    assert notice.url == export.get_absolute_url()
    assert [mail.to for mail in mailoutbox if "fichier" in mail.subject] == [[head.email]]
    download = client.get(reverse("exports:download", args=[export.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == pdf


def test_one_agents_order_is_still_the_answer(
    client, head, validated, colleague, few_pages_at_once
):
    client.force_login(head)
    response = client.get(url(validated, agent=colleague.pk))
    assert response.status_code == 200
    assert pdf_page_count(response.content) == 1
    assert not Export.objects.exists()


@pytest.mark.parametrize("who", ["other_head", "colleague", "dafor", "other_academie_dafor"])
def test_the_heads_orders_export_is_404_for_others(
    client, request, head, validated, few_pages_at_once, django_capture_on_commit_callbacks, who
):
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(url(validated))
    export = Export.objects.get()

    client.force_login(request.getfixturevalue(who))

    assert client.get(export.get_absolute_url()).status_code == 404
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404


def test_a_head_who_left_the_school_gets_no_orders(
    client, head, validated, few_pages_at_once, django_capture_on_commit_callbacks
):
    client.force_login(head)
    with django_capture_on_commit_callbacks() as callbacks:
        client.get(url(validated))
    RoleMembership.objects.filter(user=head, role=Role.CHEF_ETABLISSEMENT).delete()

    for callback in callbacks:
        callback()

    export = Export.objects.get()
    assert export.status == Export.Status.FAILED
    assert not export.file
    assert Message.objects.filter(recipient=head, kind="export_failed").count() == 1


# The PDF as printed (issue 9, point 4) --------------------------------------------------------
def test_the_footer_prints_the_reference_as_written(head, validated):
    ant = queries.get_request_for(head, validated.pk)
    agents = mission_orders.mission_order_agents(ant, head)

    pdf, _pages = mission_orders.mission_orders_pdf(
        ant=ant, head=head, agents=agents, issued_on=datetime.date(2020, 10, 1), base_url="/"
    )

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    for number, text in enumerate(texts, start=1):
        assert f"Ordre de mission — {validated.reference} — {number} / 2" in text
        assert "u002D" not in text
        assert "donne ordre à l'agent désigné ci-dessus" in " ".join(text.split())
