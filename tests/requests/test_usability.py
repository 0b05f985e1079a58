"""What a new user stumbled on (issue 9, point 11), one test per defect: the office's queue
rows first in a scrolling table, action boxes named for their action, cards read in the order
they are seen, dashboards that fill in, the invited colleague told to answer, the teacher's
"Nouvelle demande", closed campaigns not offered, the back link to the filtered queue, the
thread in the third person, and the error summary of a form sent with errors."""

import datetime
import re

import lxml.html
import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from requests import services
from requests.models import State, TeamMember, ThreadMessage
from tests.factories import (
    IN_WINDOW,
    CampaignFactory,
    SubmissionWindowFactory,
    TrainerProfileFactory,
    ant_request,
    make_request,
    user_with_role,
)

NBSP = "\u00a0"


def tree(response):
    return lxml.html.fromstring(response.content.decode())


# The office's queue ------------------------------------------------------------------------
def test_queue_rows_come_before_the_figures_and_the_table_scrolls_in_its_wrapper(
    client, dafor, campaign, teacher, school
):
    make_request(campaign, teacher, school, State.ENDORSED)
    client.force_login(dafor)

    page = tree(client.get(reverse("requests:queue")))

    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert ids.index("file") < ids.index("etats") < ids.index("times-title")
    table = page.get_element_by_id("file")
    wrappers = [ancestor.get("class", "") for ancestor in table.iterancestors()]
    assert "fr-table__container" in wrappers  # the DSFR's scrolling box
    assert any("fr-table" in classes.split() for classes in wrappers)
    # Six columns, the long texts allowed to wrap: the table fits a 1,200 px box.
    assert len(table.xpath("./thead/tr/th")) == 6
    assert table.xpath(".//td[contains(@class, 'fr-cell--multiline')]")
    # The filters are folded above the rows (open when some are set), not a page of fields.
    assert page.get_element_by_id("filtres").tag == "details"
    assert page.get_element_by_id("filtres").get("open") is None


def test_queue_filters_stay_open_when_set(client, dafor, campaign, teacher, school):
    client.force_login(dafor)
    page = tree(client.get(reverse("requests:queue"), {"state": State.ENDORSED}))
    assert page.get_element_by_id("filtres").get("open") is not None


@pytest.mark.parametrize("rows", [1, 5])
def test_queue_reads_the_same_queries_whatever_the_rows(
    client, dafor, campaign, teacher, school, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_request(campaign, teacher, school, State.ENDORSED)
    client.force_login(dafor)
    client.get(reverse("requests:queue"))  # the medians and the filters' choices cached

    # Six, with one row or five: the rows are one query of the page.
    with django_assert_num_queries(6):
        response = client.get(reverse("requests:queue"))

    assert len(response.context["page"].object_list) == rows


# The request page --------------------------------------------------------------------------
def test_each_action_box_is_named_for_its_action(client, under_review, dafor):
    client.force_login(dafor)

    page = tree(client.get(under_review.get_absolute_url()))

    labels = [
        re.sub(r"[ \t\n]+", " ", label.text_content()).strip()  # NBSPs kept
        for label in page.xpath("//label[contains(@for, '-comment')]")
    ]
    assert len(labels) >= 3
    assert len(set(labels)) == len(labels)
    assert f"Commentaire pour «{NBSP}Refuser{NBSP}» (obligatoire) *" in labels
    assert f"Commentaire pour «{NBSP}Valider{NBSP}» (facultatif)" in labels


def test_back_link_returns_to_the_filtered_queue(client, dafor, campaign, teacher, school):
    ant = make_request(campaign, teacher, school, State.ENDORSED)
    client.force_login(dafor)
    queue = client.get(reverse("requests:queue"), {"state": "endorsed", "tri": "priorite"})
    [link] = tree(queue).xpath(f"//table[@id='file']//a[text()='{ant.reference}']")

    page = tree(client.get(link.get("href")))

    back = page.get_element_by_id("retour")
    assert back.text_content().strip() == "Demandes à instruire"
    assert back.get("href") == f"{reverse('requests:queue')}?state=endorsed&tri=priorite"


def test_back_link_never_leaves_the_site(client, dafor, campaign, teacher, school):
    ant = make_request(campaign, teacher, school, State.ENDORSED)
    client.force_login(dafor)

    page = tree(client.get(ant.get_absolute_url(), {"retour": "https://evil.example/x"}))

    assert page.get_element_by_id("retour").get("href").startswith(reverse("requests:queue"))


def test_back_link_of_a_team_member_is_their_requests(client, draft, teacher):
    client.force_login(teacher)
    page = tree(client.get(draft.get_absolute_url(), {"retour": "state=endorsed"}))
    back = page.get_element_by_id("retour")
    assert (back.get("href"), back.text_content().strip()) == (
        reverse("requests:list"),
        "Mes demandes",
    )


# The thread in the third person, the e-mail to "vous" -----------------------------------
def test_invitation_reads_in_the_third_person_in_the_thread_and_vous_in_the_email(
    draft, teacher, school
):
    zoe = user_with_role(
        Role.ENSEIGNANT, etablissement=school, full_name="Zoé Martin", email="zoe@ac-test.fr"
    )

    services.invite_member(ant=draft, email=zoe.email, by=teacher)

    notice = ThreadMessage.objects.filter(request=draft, is_notification=True).latest("pk")
    assert notice.body == (
        f"{teacher.full_name} a invité Zoé Martin à rejoindre l'équipe de la demande d'ANT "
        f"«{NBSP}{draft.title}{NBSP}»."
    )
    assert "vous" not in notice.body
    [mail] = Message.objects.filter(recipient=zoe)
    assert f"{teacher.full_name} vous invite" in mail.body_text


def test_submission_reads_in_the_third_person_in_the_thread(client, draft, teacher, head):
    from requests import workflow

    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher)

    notice = ThreadMessage.objects.filter(request=draft, is_notification=True).latest("pk")
    assert "votre" not in notice.body and "vous" not in notice.body
    assert "chef d'établissement pour visa" in notice.body
    [mail] = Message.objects.filter(recipient=head)
    assert "vous transmet, pour visa" in mail.body_text


def test_trainer_proposal_agrees_with_anyone(draft, dafor, academie, other_school):
    from tests.factories import put_in_state

    helene = user_with_role(Role.FORMATEUR, academie=academie, full_name="Hélène Marchand")
    TrainerProfileFactory(user=helene, academie=academie, home_school=other_school)
    put_in_state(draft, State.UNDER_REVIEW)

    services.assign_trainer(ant=draft, trainer=helene, by=dafor)

    notice = ThreadMessage.objects.filter(request=draft, is_notification=True).latest("pk")
    assert "proposé" not in notice.body
    assert notice.body == (
        f"L'EAFC propose à Hélène Marchand d'accompagner l'ANT «{NBSP}{draft.title}{NBSP}»."
    )


# Dashboards --------------------------------------------------------------------------------
def card_orders(page):
    """Each card's children, in source order, as the DSFR's flex order puts them on screen."""
    order = {"fr-card__start": 1, "fr-card__title": 2, "fr-card__desc": 3, "fr-card__end": 4}
    cards = []
    for content in page.xpath("//*[contains(@class, 'fr-card__content')]"):
        children = []
        for child in content:
            classes = child.get("class", "").split()
            # A child with no card class is placed first (order 0), whatever its place.
            children.append(next((order[c] for c in classes if c in order), 0))
        cards.append(children)
    return cards


@pytest.mark.parametrize("who", ["teacher", "dafor"])
def test_dashboard_cards_show_their_content_in_source_order(
    client, request, campaign, school, teacher, who
):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    make_request(campaign, teacher, school, State.ENDORSED)
    assert ant.pk
    client.force_login(request.getfixturevalue(who))

    cards = card_orders(tree(client.get(reverse("home"))))

    assert cards
    for children in cards:
        assert 0 not in children
        assert children == sorted(children)


def test_my_interventions_cards_show_the_title_before_the_answers(
    client, draft, dafor, academie, other_school
):
    from tests.factories import put_in_state

    helene = user_with_role(Role.FORMATEUR, academie=academie, full_name="Hélène Marchand")
    TrainerProfileFactory(user=helene, academie=academie, home_school=other_school)
    put_in_state(draft, State.UNDER_REVIEW)
    services.assign_trainer(ant=draft, trainer=helene, by=dafor)
    client.force_login(helene)

    page = tree(client.get(reverse("requests:my_assignments")))

    [children] = card_orders(page)
    assert 0 not in children and children == sorted(children)
    text = " ".join(page.xpath("//li[@data-testid='assignment']")[0].text_content().split())
    assert text.index(draft.title) < text.index("Accepter")


def test_office_dashboard_lists_its_campaigns(client, dafor, campaign, academie):
    CampaignFactory(academie=academie, school_year="2021-2022", title="ANT 2021-2022 Créteil")
    client.force_login(dafor)

    content = client.get(reverse("home")).content.decode()

    assert "ANT 2020-2021 Créteil" in content and "ANT 2021-2022 Créteil" in content
    assert campaign.get_absolute_url() in content
    assert "Les campagnes, leurs catalogues et leurs fenêtres de dépôt apparaîtront" not in content


def test_administrator_dashboard_links_to_the_reference_data(client, academie):
    admin = user_with_role(Role.ADMINISTRATEUR, academie=academie, is_staff=True)
    client.force_login(admin)

    content = client.get(reverse("home")).content.decode()

    assert reverse("admin:accounts_etablissement_changelist") in content
    assert reverse("admin:accounts_academie_changelist") in content


def test_invited_colleague_is_told_to_answer_on_the_dashboard(
    client, campaign, teacher, school, colleague
):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    TeamMember.objects.create(request=ant, user=colleague)
    client.force_login(colleague)

    content = client.get(reverse("home")).content.decode()

    assert "Invitation à confirmer" in content
    assert "répondez à l&#x27;invitation" in content


def test_teacher_dashboard_has_a_new_request_button(client, teacher):
    client.force_login(teacher)
    page = tree(client.get(reverse("home")))
    [button] = page.xpath(
        f"//a[@href='{reverse('requests:create')}' and contains(@class, 'fr-btn')]"
    )
    assert button.text_content().strip() == "Nouvelle demande"


def test_head_dashboard_has_no_new_request_button(client, head):
    client.force_login(head)
    assert reverse("requests:create") not in client.get(reverse("home")).content.decode()


# The new-request form ----------------------------------------------------------------------
def test_new_request_form_offers_no_closed_campaign(client, teacher, campaign, academie):
    closed = CampaignFactory(academie=academie, school_year="2019-2020", title="ANT 2019-2020")
    SubmissionWindowFactory(
        campaign=closed, opens_on=datetime.date(2019, 6, 1), closes_on=datetime.date(2019, 7, 1)
    )
    client.force_login(teacher)

    with time_machine.travel(IN_WINDOW):
        response = client.get(reverse("requests:create"))

    offered = set(response.context["form"].fields["campaign"].queryset)
    assert campaign in offered
    assert closed not in offered


def test_new_request_form_refuses_a_closed_campaign_and_saves_nothing(
    client, teacher, campaign, academie, school
):
    from requests.models import AntRequest

    closed = CampaignFactory(academie=academie, school_year="2019-2020", title="ANT 2019-2020")
    SubmissionWindowFactory(
        campaign=closed, opens_on=datetime.date(2019, 6, 1), closes_on=datetime.date(2019, 7, 1)
    )
    client.force_login(teacher)
    with time_machine.travel(IN_WINDOW):
        response = client.post(
            reverse("requests:create"),
            {"campaign": closed.pk, "scale": "etablissement", "coordinating_school": school.pk},
        )

    assert response.status_code == 200
    assert not AntRequest.objects.exists()
    content = response.content.decode()
    assert "formations-error-summary" in content


# The error summary -------------------------------------------------------------------------
def test_form_with_errors_opens_with_a_summary_linking_to_the_fields(client, teacher, campaign):
    client.force_login(teacher)
    with time_machine.travel(IN_WINDOW):
        response = client.post(reverse("requests:create"), {"campaign": campaign.pk})

    page = tree(response)
    [summary] = page.xpath("//*[contains(@class, 'formations-error-summary')]")
    assert summary.get("tabindex") == "-1"
    assert "fr-alert--error" in summary.get("class")
    assert summary.xpath(".//h3")[0].text_content().startswith("Le formulaire contient")
    links = summary.xpath(".//a/@href")
    assert "#id_title" in links
    for href in links:  # every link leads to a field of the page
        assert page.xpath(f"//*[@id='{href[1:]}']"), href
    # The summary comes before the form's first field.
    form = summary.getparent()
    while form.tag != "form":
        form = form.getparent()
    fields = form.xpath(".//input[not(@type='hidden')] | .//select | .//textarea")
    positions = {element: n for n, element in enumerate(form.iter())}
    assert positions[summary] < positions[fields[0]]


def test_form_without_errors_has_no_summary(client, teacher, campaign):
    client.force_login(teacher)
    with time_machine.travel(IN_WINDOW):
        content = client.get(reverse("requests:create")).content.decode()
    assert "formations-error-summary" not in content
    assert "/static/js/formations.js" in content


# The French (issue 9, point 10) ------------------------------------------------------------
def test_queue_filters_say_tous_or_toutes_by_the_nouns_gender(client, dafor, campaign):
    client.force_login(dafor)
    page = tree(client.get(reverse("requests:queue")))

    def empty_option(name):
        return page.xpath(f"//select[@name='{name}']/option[@value='']")[0].text_content()

    assert empty_option("state") == "Tous"
    assert empty_option("district") == "Tous"
    assert empty_option("scale") == "Toutes"
    assert empty_option("theme") == "Toutes"
    assert empty_option("priority") == "Toutes"


@pytest.mark.parametrize(
    ("hours", "printed"),
    [("15.0", f"15{NBSP}h"), ("15.5", f"15,5{NBSP}h"), ("3", f"3{NBSP}h"), (None, "")],
)
def test_hours_are_printed_without_a_useless_decimal(hours, printed):
    from decimal import Decimal

    from django.utils import translation

    from accounts.templatetags.french_numbers import heures

    with translation.override("fr"):
        assert heures(Decimal(hours) if hours else None) == printed


def test_request_page_prints_planned_hours_as_a_french_writer_would(client, under_review, dafor):
    from decimal import Decimal

    from tests.factories import put_in_state

    put_in_state(under_review, State.VALIDATED, planned_hours=Decimal("15.0"))
    client.force_login(dafor)

    content = client.get(under_review.get_absolute_url()).content.decode()

    assert f"Volume prévu{NBSP}: 15{NBSP}h." in content
    assert "15,0" not in content


def test_an_answer_to_an_invitation_is_one_whole_sentence(campaign, teacher, school, colleague):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    member = TeamMember.objects.create(request=ant, user=colleague)

    services.answer_invitation(member=member, accept=True)

    notice = ThreadMessage.objects.filter(request=ant, is_notification=True).latest("pk")
    assert notice.body == "Karim Benali a rejoint l'équipe."


@pytest.mark.parametrize(
    ("count", "subject"),
    [(1, "1 demande d’ANT attend votre visa"), (3, "3 demandes d’ANT attendent votre visa")],
)
def test_emails_go_through_the_catalogue_with_ngettext_plurals(count, subject):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("fr"):
        rendered = render_to_string("emails/ant_endorse_reminder_subject.txt", {"count": count})
        body = render_to_string(
            "emails/ant_endorse_reminder_body.txt",
            {
                "recipient": {"full_name": "Claire Dubois"},
                "window": {"closes_on": datetime.date(2020, 7, 8)},
                "requests": [],
                "absolute_url": "https://formations.example/demandes/",
            },
        )

    assert rendered.strip() == subject
    assert "Bonjour Claire Dubois," in body
    assert (
        f"se ferme le 8 juillet 2020. Ces demandes de vos équipes attendent votre visa{NBSP}:"
        in body
    )
    assert f"automatiquement{NBSP}; merci" in body
