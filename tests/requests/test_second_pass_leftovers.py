"""What the by-hand walk through the seed's campaign (issue 9, « Done when ») and the known
leftovers put right: French spacing in the demo data, the log check and the export e-mails;
dates in words; a carried-over ANT counted once in a trainer's load; the admin of the issue's
models; the office withdrawing an opinion; the trainers' shared partials; and what the walk
found (the district named twice, the mission order's wording, the CLIF's district, the
broadcast's message, the processing times)."""

import ast
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Role
from notifications.models import Message
from requests import opinions, queries, services
from requests.forms.team import AntRequestForm
from requests.mission_orders import mission_orders_html
from requests.models import (
    AntRequest,
    CampaignBroadcast,
    DiagnosticMeeting,
    OpinionRequest,
    TrainerAssignment,
    TrainerProfile,
    TrainingProject,
    TrainingProjectRevision,
)
from tests.factories import (
    AntRequestFactory,
    CampaignFactory,
    DistrictFactory,
    EtablissementFactory,
    put_in_state,
    user_with_role,
)

ROOT = Path(settings.BASE_DIR)
NBSP = "\u00a0"
PLAIN_SPACE = re.compile(r"(?<=\S) [:;?!»]|« ")
PARIS = datetime.timezone(datetime.timedelta(hours=2))


def spacing_faults(text):
    return PLAIN_SPACE.findall(text)


# French spacing -------------------------------------------------------------------------------
def python_strings(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_demo_data_texts_put_a_non_breaking_space_before_high_punctuation():
    faults = [
        text
        for text in python_strings(ROOT / "requests" / "demo.py")
        if spacing_faults(text) and not text.startswith(("The ", "Demo ", "A ", "Before "))
    ]
    assert faults == []


@pytest.mark.django_db
def test_demo_request_retitles_a_title_seeded_with_plain_spaces(campaign, teacher, school):
    from requests.demo import demo_request

    old = AntRequestFactory(
        campaign=campaign,
        coordinator=teacher,
        coordinating_school=school,
        title="Climat scolaire : protocole harcèlement",
    )

    found = demo_request(campaign, f"Climat scolaire{NBSP}: protocole harcèlement")

    assert found == old
    old.refresh_from_db()
    assert old.title == f"Climat scolaire{NBSP}: protocole harcèlement"
    assert AntRequest.objects.count() == 1


@pytest.mark.parametrize(
    "name",
    sorted(
        str(path.relative_to(ROOT))
        for folder in ("exports/templates/emails", "requests/templates/emails")
        for path in (ROOT / folder).glob("*.*")
    ),
)
def test_email_templates_put_a_non_breaking_space_before_high_punctuation(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", "x", text, flags=re.S)
    assert spacing_faults(text) == []


@pytest.mark.django_db
def test_verify_ant_log_says_it_with_non_breaking_spaces(under_review):
    out = io.StringIO()
    call_command("verify_ant_log", stdout=out)
    steps = under_review.transitions.count()
    assert out.getvalue().strip() == f"Journal intègre{NBSP}: {steps} étapes vérifiées."


# Dates in words -------------------------------------------------------------------------------
@pytest.mark.django_db
def test_campaign_page_writes_its_dates_in_words(client, dafor, campaign):
    campaign.published_on = datetime.date(2020, 6, 1)
    campaign.ends_on = datetime.date(2021, 7, 6)
    campaign.first_term_ends_on = datetime.date(2020, 12, 18)
    campaign.save()
    client.force_login(dafor)

    page = client.get(reverse("requests:campaign_detail", args=[campaign.pk])).content.decode()

    assert "Catalogue publié le 1er juin 2020." in page
    assert "La campagne se termine le 6 juillet 2021." in page
    assert "qui se termine le 18 décembre 2020." in page
    assert "du 15 juin 2020 au 8 juillet 2020" in page
    assert "la campagne, le 6 juillet 2021" in page
    assert not re.search(r"\d\d/\d\d/\d{4}", page)


@pytest.mark.django_db
def test_a_window_is_named_with_its_dates_in_words(campaign):
    [first, second] = campaign.windows.order_by("opens_on")
    assert str(first) == "du 15 juin 2020 au 8 juillet 2020"
    assert str(second) == "à partir du 21 août 2020"


@pytest.mark.django_db
def test_the_diagnostic_meeting_subject_writes_the_first_of_the_month(dafor, under_review):
    meeting = DiagnosticMeeting(request=under_review, held_on=datetime.date(2020, 9, 1))
    subject = render_to_string(
        "emails/ant_diagnostic_meeting_subject.txt",
        {"meeting": meeting, "request": under_review},
    )
    assert subject.strip().endswith("Réunion de diagnostic du 1er septembre 2020")


# A carried-over ANT counts once in its trainer's load ----------------------------------------
@pytest.mark.django_db
def test_a_carried_over_ant_counts_once_in_its_trainers_load(
    academie, campaign, teacher, school, trainer, dafor
):
    previous = CampaignFactory(academie=academie, school_year="2019-2020", title="ANT 2019-2020")
    old = AntRequestFactory(
        campaign=previous, coordinator=teacher, coordinating_school=school, validated=True
    )
    TrainerAssignment.objects.create(
        request=old, trainer=trainer, status="accepted", assigned_by=dafor
    )
    profile = TrainerProfile.objects.get(user=trainer)

    def load():
        return queries.trainers_with_load(academie.pk).get(pk=profile.pk).load

    assert load() == 1
    [new] = services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor)

    old.refresh_from_db()
    assert old.state == "validated"  # what it reached in 2019-2020, kept as it was
    assert new.assignments.get().trainer == trainer
    assert load() == 1
    put_in_state(new, "in_progress")
    assert load() == 1
    put_in_state(new, "completed")
    assert load() == 0


@pytest.mark.django_db
def test_a_carried_over_ant_keeps_the_day_its_head_endorsed_it(
    academie, campaign, teacher, school, dafor
):
    previous = CampaignFactory(academie=academie, school_year="2019-2020", title="ANT 2019-2020")
    old = AntRequestFactory(
        campaign=previous, coordinator=teacher, coordinating_school=school, endorsed=True
    )
    put_in_state(old, "postponed")

    [new] = services.carry_over_postponed(from_campaign=previous, to_campaign=campaign, by=dafor)

    assert new.endorsed_at == old.endorsed_at


# The admin of the issue's models -------------------------------------------------------------
@pytest.fixture
def superuser(academie):
    user = user_with_role(Role.ADMINISTRATEUR, academie=academie, full_name="Marc Lefèvre")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def project_records(under_review, dafor, trainer, head, school, academie, campaign):
    meeting = DiagnosticMeeting.objects.create(
        request=under_review,
        held_on=datetime.date(2020, 9, 1),
        findings="Constats",
        recorded_by=trainer,
    )
    project = TrainingProject.objects.create(request=under_review)
    revision = TrainingProjectRevision.objects.create(
        project=project,
        number=1,
        objectives="Objectifs",
        public="Enseignants",
        session_count=3,
        hours_per_session=Decimal("3"),
        author=trainer,
    )
    expert = user_with_role(Role.SERVICE_CONSULTE, academie=academie, full_name="Avis Expert")
    opinion = OpinionRequest.objects.create(
        request=under_review,
        asked_by=dafor,
        expert=expert,
        service="IA-IPR",
        question="Votre avis ?",
        due_on=datetime.date(2020, 9, 30),
    )
    broadcast = CampaignBroadcast.objects.create(
        campaign=campaign, school=school, sent_by=head, recipients=2
    )
    return [meeting, project, revision, opinion, broadcast]


@pytest.mark.django_db
def test_admin_lists_and_shows_the_issue_models_read_only(client, superuser, project_records):
    client.force_login(superuser)
    for record in project_records:
        meta = record._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        add = reverse(f"admin:{meta.app_label}_{meta.model_name}_add")
        delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[record.pk])
        assert client.get(changelist).status_code == 200, changelist
        page = client.get(change)
        assert page.status_code == 200, change
        assert 'name="_save"' not in page.content.decode()
        assert client.get(add).status_code == 403, add
        assert client.get(delete).status_code == 403, delete
        assert client.post(change, {}).status_code == 403, change


@pytest.mark.django_db
def test_admin_shows_an_opinions_history(client, superuser, project_records):
    opinion = project_records[3]
    client.force_login(superuser)
    url = reverse("admin:requests_opinionrequest_history", args=[opinion.pk])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_admin_of_the_issue_models_is_closed_to_non_staff(client, dafor, project_records):
    client.force_login(dafor)
    response = client.get(reverse("admin:requests_opinionrequest_changelist"))
    assert response.status_code == 302  # to the admin's login


# The office withdraws an opinion not yet answered --------------------------------------------
@pytest.fixture
def expert(academie):
    return user_with_role(
        Role.SERVICE_CONSULTE,
        academie=academie,
        full_name="Catherine Vasseur",
        email="catherine.vasseur@ac-test.fr",
    )


@pytest.fixture
def asked(under_review, dafor, expert):
    with time_machine.travel(datetime.datetime(2020, 9, 14, 10, tzinfo=PARIS), tick=False):
        return opinions.ask_opinion(
            ant=under_review,
            by=dafor,
            expert=expert,
            service="Inspection pédagogique régionale de mathématiques",
            question="Le projet est-il cohérent avec le plan de formation ?",
            due_on=datetime.date(2020, 9, 30),
        )


def token():
    from accounts.submissions import SubmissionTokenForm

    return {"submission_token": SubmissionTokenForm().fields["submission_token"].initial}


def withdraw_url(opinion):
    return reverse("requests:opinion_withdraw", args=[opinion.request_id, opinion.pk])


@pytest.mark.django_db
def test_office_withdraws_an_unanswered_opinion_and_the_expert_is_told(
    client, dafor, expert, asked, under_review, django_capture_on_commit_callbacks
):
    client.force_login(dafor)
    page = client.get(under_review.get_absolute_url()).content.decode()
    assert "Retirer la demande d&#x27;avis" in page or "Retirer la demande d'avis" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_url(asked), token())

    assert response.status_code == 302
    assert response.url == f"{under_review.get_absolute_url()}#avis"
    assert not OpinionRequest.objects.filter(pk=asked.pk).exists()
    [withdrawn] = OpinionRequest.history.filter(id=asked.pk, history_type="-")
    assert withdrawn.history_user == dafor
    notice = Message.objects.get(recipient=expert, kind="ant_opinion_withdrawn")
    assert notice.subject == f"[{under_review.reference}] Demande d’avis retirée"
    assert f"«{NBSP}{under_review.title}{NBSP}»" in notice.body_text
    assert "Vous n’avez plus à y répondre." in notice.body_text
    assert notice.url == reverse("requests:opinions")
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [
        f"La demande d'avis à Catherine Vasseur est retirée{NBSP}; un message l'en informe."
    ]

    client.force_login(expert)
    assert client.get(reverse("requests:opinion_detail", args=[asked.pk])).status_code == 404
    assert client.get(reverse("requests:opinions")).status_code == 200


@pytest.mark.django_db
def test_an_answered_opinion_cannot_be_withdrawn(client, dafor, expert, asked):
    opinions.answer_opinion(opinion=asked, by=expert, verdict="favourable", answer="D'accord.")
    client.force_login(dafor)

    response = client.post(withdraw_url(asked), token())

    assert response.status_code == 302
    assert OpinionRequest.objects.filter(pk=asked.pk).exists()
    [shown] = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown.startswith("Catherine Vasseur a déjà rendu son avis le ")
    assert shown.endswith(f"{NBSP}: il ne peut plus être retiré.")
    page = client.get(asked.request.get_absolute_url()).content.decode()
    assert "Retirer la demande" not in page


@pytest.mark.django_db
def test_withdrawing_twice_says_it_is_already_withdrawn(client, dafor, asked):
    client.force_login(dafor)
    client.post(withdraw_url(asked), token())
    response = client.post(withdraw_url(asked), token())
    [shown] = [str(m) for m in get_messages(response.wsgi_request)][-1:]
    assert shown == "Cette demande d'avis a déjà été retirée."


@pytest.mark.django_db
def test_only_the_office_of_the_academie_withdraws_an_opinion(
    client, asked, expert, teacher, head, other_academie_dafor
):
    for user in (expert, teacher, head, other_academie_dafor):
        client.force_login(user)
        assert client.post(withdraw_url(asked), token()).status_code == 404, user
    assert OpinionRequest.objects.filter(pk=asked.pk).exists()


@pytest.mark.django_db
def test_an_opinion_of_another_request_is_not_withdrawn_through_this_one(
    client, dafor, asked, campaign, teacher, school
):
    other = AntRequestFactory(
        campaign=campaign, coordinator=teacher, coordinating_school=school, under_review=True
    )
    client.force_login(dafor)
    url = reverse("requests:opinion_withdraw", args=[other.pk, asked.pk])
    response = client.post(url, token())
    assert response.status_code == 302
    assert OpinionRequest.objects.filter(pk=asked.pk).exists()


@pytest.mark.django_db
def test_withdraw_is_post_only(client, dafor, asked):
    client.force_login(dafor)
    assert client.get(withdraw_url(asked)).status_code == 405


# The trainers' shared partials ----------------------------------------------------------------
def test_trainer_pages_share_one_back_link_and_one_load_cell():
    folder = ROOT / "requests" / "templates" / "requests"
    back = '{% include "requests/trainers/_back_link.html"'
    load = '{% include "requests/trainers/_load.html" %}'
    pages = ("trainer_pool/form.html", "trainer_pool/volunteer.html", "trainers/suggestions.html")
    for name in pages:
        text = (folder / name).read_text(encoding="utf-8")
        assert back in text, name
        assert "fr-icon-arrow-left-line" not in text, name
        assert text.index(back) < text.index("<h1"), name  # the link above the heading
    for name in ("trainers/list.html", "trainers/suggestions.html"):
        text = (folder / name).read_text(encoding="utf-8")
        assert load in text, name
        assert "max_load" not in text, name


@pytest.mark.django_db
def test_suggestions_show_a_full_trainer_as_such_and_the_back_link(
    client, dafor, under_review, trainer, academie
):
    TrainerProfile.objects.filter(user=trainer).update(max_load=1)
    other = AntRequestFactory(
        campaign=under_review.campaign,
        coordinator=under_review.coordinator,
        coordinating_school=under_review.coordinating_school,
        under_review=True,
    )
    TrainerAssignment.objects.create(
        request=other, trainer=trainer, status="accepted", assigned_by=dafor
    )
    client.force_login(dafor)
    page = client.get(reverse("requests:trainer_suggestions", args=[under_review.pk]))
    content = page.content.decode()
    assert f'href="{under_review.get_absolute_url()}"' in content
    assert f"<h1>Formateurs pour {under_review.reference}</h1>" in content
    client.force_login(dafor)
    pool = client.get(reverse("requests:trainers")).content.decode()
    assert "1 / 1" in pool and "Complet" in pool


# What the walk through the seed's campaign found ---------------------------------------------
@pytest.fixture
def district(academie):
    return DistrictFactory(academie=academie, name="District de Vitry-sur-Seine")


@pytest.fixture
def clif(district):
    return user_with_role(Role.CLIF, district=district, full_name="Lina Morel")


@pytest.mark.django_db
def test_a_district_request_names_its_district_once(
    client, campaign, clif, district, academie, dafor
):
    perrin = EtablissementFactory(academie=academie, district=district, name="Collège Jean-Perrin")
    ant = AntRequestFactory(
        campaign=campaign,
        coordinator=clif,
        coordinating_school=perrin,
        scale="district",
        district=district,
        endorsed=True,
    )
    client.force_login(dafor)
    page = client.get(ant.get_absolute_url()).content.decode()
    assert "District — District de Vitry-sur-Seine" in page
    assert "district District" not in page


@pytest.mark.django_db
def test_a_clif_of_one_district_finds_it_chosen_on_the_new_request_form(clif, district, academie):
    EtablissementFactory(academie=academie, district=district, name="Collège Jean-Perrin")
    form = AntRequestForm(user=clif)
    assert form.fields["scale"].initial == "district"
    assert form.fields["district"].initial == district.pk


@pytest.mark.django_db
def test_a_teacher_finds_no_district_chosen_for_them(teacher, school):
    form = AntRequestForm(user=teacher)
    assert "district" not in form.fields or form.fields["district"].initial is None


@pytest.mark.django_db
def test_mission_orders_name_the_host_school_in_their_table_not_after_a_bare_a(
    client, head, teacher, colleague, school, campaign
):
    ant = AntRequestFactory(
        campaign=campaign,
        coordinator=teacher,
        coordinating_school=school,
        members=[colleague],
        validated=True,
    )
    html = mission_orders_html(
        ant=ant,
        head=head,
        agents=[(teacher, school), (colleague, school)],
        issued_on=datetime.date(2020, 9, 1),
        trainers=[],
    )
    assert f", à {school}" not in html
    assert html.count("dans l'établissement d'accueil indiqué ci-dessus") == 2
    assert "Fait le 1er septembre 2020" in html


@pytest.mark.django_db
def test_the_broadcast_messages_name_the_school_as_a_school(client, campaign, head, school):
    from requests.views.campaign_rules import already_sent_text

    broadcast = CampaignBroadcast(
        campaign=campaign,
        school=school,
        sent_by=head,
        sent_at=datetime.datetime(2020, 9, 1, 10, tzinfo=PARIS),
        recipients=2,
    )
    text = already_sent_text(broadcast)
    assert text == (
        f"Les personnels de l'établissement {school.name} ont déjà été informés de cette "
        f"campagne le 1er septembre 2020, par {head.full_name} (2 personnes)."
    )


def test_processing_times_drop_a_zero_decimal():
    html = render_to_string(
        "requests/office/_times.html",
        {
            "times": {"decision_overall": 101.0, "decision_count": 7},
            "decision_rows": [("Validée", 88.0, 3), ("Refusée", 2.5, 1)],
            "waiting_rows": [],
        },
    )
    assert "101 jours en médiane" in html
    assert "<td>88</td>" in html and "<td>2,5</td>" in html
    assert "101,0" not in html


@pytest.mark.django_db
def test_the_expert_dashboard_keeps_the_opinions_given_after_the_pending_ones(
    client, expert, asked, dafor, campaign, teacher, school
):
    other = AntRequestFactory(
        campaign=campaign,
        coordinator=teacher,
        coordinating_school=school,
        under_review=True,
        title="Autre demande",
    )
    pending = opinions.ask_opinion(
        ant=other,
        by=dafor,
        expert=expert,
        service="IA-IPR",
        question="Votre avis ?",
        due_on=datetime.date(2020, 10, 1),
    )
    with time_machine.travel(datetime.datetime(2020, 9, 20, 10, tzinfo=PARIS), tick=False):
        opinions.answer_opinion(opinion=asked, by=expert, verdict="favourable", answer="Oui.")
    client.force_login(expert)

    page = client.get(reverse("home")).content.decode()

    assert page.index(pending.get_absolute_url()) < page.index(asked.get_absolute_url())
    assert "Réponse attendue le 1er octobre 2020" in page
    assert "Avis rendu le 20 septembre 2020" in page
    assert "apparaîtront ici" not in page


@pytest.mark.django_db
def test_the_guide_says_an_opinion_may_be_withdrawn(client, teacher):
    client.force_login(teacher)
    page = client.get(reverse("guide_ant")).content.decode().replace("&#x27;", "’")
    assert "l’EAFC peut retirer sa demande d’avis" in page
