"""The team's and the heads' pages of ANT requests: list, draft, request page and its actions."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from requests import services, workflow
from requests.forms.team import ANT_ATTACHMENT_MAX_BYTES
from requests.models import (
    AntRequest,
    Attachment,
    DiagnosticNote,
    StaffNote,
    State,
    TeamMember,
    ThreadMessage,
    TransitionLog,
)
from tests.factories import (
    BETWEEN_WINDOWS,
    IN_WINDOW,
    CampaignFactory,
    DistrictFactory,
    EtablissementFactory,
    ant_request,
    put_in_state,
    user_with_role,
)

SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# Fixtures and helpers ----------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, user):
    client.force_login(user)
    return client


def form_data(campaign, school, **overrides):
    data = {
        "campaign": campaign.pk,
        "scale": "etablissement",
        "coordinating_school": school.pk,
        "theme": "",
        "own_theme": "L'oral au collège",
        "title": "Faire parler les élèves",
        "professional_questions": "Comment évaluer l'oral en classe entière ?",
        "expected_outcomes": "Des situations d'oral dans chaque discipline.",
        "public_count": "8",
        "public_categories": "Enseignants, CPE",
        "preferred_periods": "Premier trimestre",
        "constraints_text": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def snapshot():
    """What an action could change: compared before and after a refused one."""
    return {
        "states": list(AntRequest.objects.order_by("pk").values_list("pk", "state", "title")),
        "members": list(TeamMember.objects.order_by("pk").values_list("pk", "status")),
        "attachments": Attachment.objects.count(),
        "thread": ThreadMessage.objects.count(),
        "staff_notes": StaffNote.objects.count(),
        "diagnostic_notes": DiagnosticNote.objects.count(),
        "log": TransitionLog.objects.count(),
    }


def upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def submitted(draft, teacher):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher)
    return draft


# The list ----------------------------------------------------------------------------------
def test_list_teacher_sees_team_requests_and_pending_invitations(
    client, draft, colleague, campaign, other_school, other_teacher
):
    invited_to = ant_request(
        campaign=campaign, coordinator=other_teacher, school=other_school, title="Lire au CP"
    )
    TeamMember.objects.create(request=invited_to, user=colleague)

    response = login(client, colleague).get(reverse("requests:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert draft.title in html and "Brouillon" in html
    assert "Invitations à répondre" in html and "Lire au CP" in html
    assert reverse("requests:answer_invitation", args=[invited_to.pk]) in html
    assert "Nouvelle demande" in html


def test_list_head_sees_requests_to_endorse_and_school_requests(client, draft, teacher, head):
    submitted(draft, teacher)

    html = login(client, head).get(reverse("requests:list")).content.decode()

    assert "À viser" in html and "Demandes de mes établissements" in html
    assert html.count(draft.title) == 2
    assert "Nouvelle demande" in html  # heads may draft too


def test_list_empty_states_say_what_will_appear(client, teacher, head):
    html = login(client, teacher).get(reverse("requests:list")).content.decode()
    assert "Les demandes que vous rédigez" in html

    html = login(client, head).get(reverse("requests:list")).content.decode()
    assert "Aucune demande n'attend votre visa" in html
    assert "Les demandes transmises par les équipes de vos établissements" in html


@pytest.mark.parametrize("rows", [1, 12])
def test_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, campaign, school, teacher, head, rows
):
    for n in range(rows):
        ant_request(
            campaign=campaign, coordinator=teacher, school=school, title=f"P{n}", submitted=True
        )
    login(client, head)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("requests:list")).status_code == 200
    login(client, teacher)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("requests:list")).status_code == 200


def test_list_is_paginated(client, campaign, school, teacher):
    for n in range(25):
        ant_request(campaign=campaign, coordinator=teacher, school=school, title=f"Projet {n:02d}")
    html = login(client, teacher).get(reverse("requests:list")).content.decode()
    assert "Page 1 sur 2" in html
    html = client.get(reverse("requests:list") + "?page=2").content.decode()
    assert "Page 2 sur 2" in html


# Drafting ----------------------------------------------------------------------------------
def test_create_page_defaults_and_says_when_the_next_window_opens(client, teacher, campaign):
    with time_machine.travel(BETWEEN_WINDOWS):
        response = login(client, teacher).get(reverse("requests:create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"]["campaign"].value() == campaign.pk
    assert (
        response.context["form"]["coordinating_school"].value()
        == teacher.memberships[0].etablissement_id
    )
    assert "la prochaine ouvre le 21 août 2020" in html


def test_create_page_shows_the_open_window(client, teacher, campaign):
    with time_machine.travel(IN_WINDOW):
        html = login(client, teacher).get(reverse("requests:create")).content.decode()
    assert "la fenêtre de dépôt est ouverte du 15 juin 2020 au 8 juillet 2020" in html


def test_create_page_offers_only_published_campaigns_of_the_academie(
    client, teacher, campaign, academie, other_academie
):
    CampaignFactory(
        academie=academie, school_year="2030-2031", published_on=datetime.date(2030, 6, 1)
    )
    CampaignFactory(academie=other_academie, school_year="2020-2021")
    response = login(client, teacher).get(reverse("requests:create"))
    assert list(response.context["form"].fields["campaign"].queryset) == [campaign]


def test_create_page_without_catalogue_says_so(client, teacher):
    html = login(client, teacher).get(reverse("requests:create")).content.decode()
    assert "Aucun catalogue publié" in html


def test_teacher_drafts_a_request_outside_any_window(client, teacher, campaign, school):
    with time_machine.travel(BETWEEN_WINDOWS):
        response = login(client, teacher).post(
            reverse("requests:create"), form_data(campaign, school)
        )
    ant = AntRequest.objects.get()
    assert response.status_code == 302 and response.url == ant.get_absolute_url()
    assert ant.state == State.DRAFT
    assert ant.coordinator == teacher
    assert ant.own_theme == "L'oral au collège" and ant.theme is None
    assert list(ant.schools.all()) == [school]
    assert list(ant.members.values_list("user", "status")) == [(teacher.pk, "confirmed")]
    assert ant.transitions.get().to_state == State.DRAFT


def test_create_with_a_catalogue_theme(client, teacher, campaign, school, theme):
    login(client, teacher).post(
        reverse("requests:create"), form_data(campaign, school, theme=theme.pk, own_theme="")
    )
    assert AntRequest.objects.get().theme == theme


def test_create_without_questions_is_refused_in_french(client, teacher, campaign, school):
    response = login(client, teacher).post(
        reverse("requests:create"), form_data(campaign, school, professional_questions="")
    )
    assert response.status_code == 200
    assert "Décrivez les questionnements professionnels de l&#x27;équipe." in (
        response.content.decode()
    )
    assert not AntRequest.objects.exists()


@pytest.mark.parametrize(
    ("use_theme", "own_theme", "message"),
    [
        (True, "L'oral", "pas les deux"),
        (False, "", "Choisissez une thématique du catalogue ou proposez celle de"),
    ],
)
def test_create_needs_exactly_one_theme(
    client, teacher, campaign, school, theme, use_theme, own_theme, message
):
    data = form_data(campaign, school, theme=theme.pk if use_theme else "", own_theme=own_theme)
    response = login(client, teacher).post(reverse("requests:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AntRequest.objects.exists()


def test_create_refuses_a_zero_public(client, teacher, campaign, school):
    response = login(client, teacher).post(
        reverse("requests:create"), form_data(campaign, school, public_count="0")
    )
    assert "Au moins une personne doit être concernée." in response.content.decode()
    assert not AntRequest.objects.exists()


def test_create_refuses_a_school_where_the_user_has_no_role(
    client, teacher, campaign, other_school
):
    response = login(client, teacher).post(
        reverse("requests:create"), form_data(campaign, other_school)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["coordinating_school"]
    assert not AntRequest.objects.exists()


def test_create_at_district_scale_takes_the_schools_of_the_district(
    client, academie, campaign, school
):
    district = DistrictFactory(academie=academie, name="District 93-3")
    school.district = district
    school.save()
    neighbour = EtablissementFactory(academie=academie, district=district, name="Lycée Voltaire")
    EtablissementFactory(academie=academie, name="Collège hors district")
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=school)

    login(client, teacher).post(
        reverse("requests:create"),
        form_data(campaign, school, scale="district", district=district.pk),
    )

    ant = AntRequest.objects.get()
    assert ant.district == district
    assert set(ant.schools.all()) == {school, neighbour}


def test_create_at_district_scale_needs_the_district(client, academie, teacher, campaign, school):
    school.district = DistrictFactory(academie=academie)
    school.save()
    response = login(client, teacher).post(
        reverse("requests:create"), form_data(campaign, school, scale="district")
    )
    assert "Choisissez le district du projet." in response.content.decode()
    assert not AntRequest.objects.exists()


def test_create_offers_only_the_scales_of_the_teachers_schools(client, teacher, campaign):
    form = login(client, teacher).get(reverse("requests:create")).context["form"]
    assert [value for value, _label in form.fields["scale"].choices] == ["etablissement"]
    assert "district" not in form.fields and "schools" not in form.fields


@pytest.mark.parametrize("role", [Role.DAFOR, Role.FORMATEUR])
def test_create_page_is_for_school_staff_only(client, academie, role):
    user = user_with_role(role, academie=academie)
    assert login(client, user).get(reverse("requests:create")).status_code == 404


def test_member_edits_a_draft(client, draft, colleague, theme):
    data = form_data(draft.campaign, draft.coordinating_school, title="Nouveau titre")
    response = login(client, colleague).post(reverse("requests:edit", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert response.status_code == 302
    assert draft.title == "Nouveau titre"
    assert draft.coordinator_id != colleague.pk  # the coordinating side is unchanged


def test_edit_with_errors_saves_nothing(client, draft, teacher):
    data = form_data(draft.campaign, draft.coordinating_school, title="", own_theme="")
    response = login(client, teacher).post(reverse("requests:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title == "Évaluer par compétences au collège"


def test_edit_is_closed_once_submitted(client, draft, teacher):
    submitted(draft, teacher)
    data = form_data(draft.campaign, draft.coordinating_school, title="Trop tard")
    response = login(client, teacher).post(reverse("requests:edit", args=[draft.pk]), data)
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title != "Trop tard"


def test_head_cannot_edit_the_team_draft(client, draft, head):
    assert login(client, head).get(reverse("requests:edit", args=[draft.pk])).status_code == 404


# The team ----------------------------------------------------------------------------------
def test_coordinator_invites_a_colleague_of_the_school(client, campaign, teacher, school):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    colleague = user_with_role(Role.ENSEIGNANT, etablissement=school, email="zoe@ac-test.fr")

    response = login(client, teacher).post(
        reverse("requests:invite", args=[ant.pk]), {"invite-email": "ZOE@ac-test.fr"}
    )

    assert response.status_code == 302
    assert ant.members.get(user=colleague).status == "invited"


def test_an_outsider_cannot_be_invited(client, campaign, teacher, school, other_teacher):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    before = snapshot()
    response = login(client, teacher).post(
        reverse("requests:invite", args=[ant.pk]),
        {"invite-email": other_teacher.email},
        follow=True,
    )
    assert "seuls les collègues de ces établissements" in response.content.decode()
    assert snapshot() == before


def test_invite_with_a_bad_address_shows_the_error(client, draft, teacher):
    response = login(client, teacher).post(
        reverse("requests:invite", args=[draft.pk]), {"invite-email": "pas-une-adresse"}
    )
    assert response.status_code == 400
    assert "Cette adresse électronique n&#x27;est pas valide." in response.content.decode()


def test_only_the_coordinator_invites(client, draft, colleague, school):
    user_with_role(Role.ENSEIGNANT, etablissement=school, email="zoe@ac-test.fr")
    before = snapshot()
    response = login(client, colleague).post(
        reverse("requests:invite", args=[draft.pk]), {"invite-email": "zoe@ac-test.fr"}
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_invited_colleague_sees_the_invitation_and_accepts(client, campaign, teacher, school):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    colleague = user_with_role(Role.ENSEIGNANT, etablissement=school, email="zoe@ac-test.fr")
    services.invite_member(ant=ant, email="zoe@ac-test.fr", by=teacher)
    login(client, colleague)

    html = client.get(ant.get_absolute_url()).content.decode()
    assert "Vous êtes invité à rejoindre l" in html

    response = client.post(
        reverse("requests:answer_invitation", args=[ant.pk]), {"answer": "accept"}
    )
    assert response.status_code == 302
    assert ant.members.get(user=colleague).status == "confirmed"


def test_invited_colleague_declines(client, campaign, teacher, school):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    colleague = user_with_role(Role.ENSEIGNANT, etablissement=school, email="zoe@ac-test.fr")
    services.invite_member(ant=ant, email="zoe@ac-test.fr", by=teacher)

    response = login(client, colleague).post(
        reverse("requests:answer_invitation", args=[ant.pk]), {"answer": "decline"}
    )

    assert response.url == reverse("requests:list")
    assert ant.members.get(user=colleague).status == "declined"
    assert client.get(ant.get_absolute_url()).status_code == 404


def test_answering_without_an_invitation_is_404(client, draft, colleague):
    before = snapshot()
    response = login(client, colleague).post(
        reverse("requests:answer_invitation", args=[draft.pk]), {"answer": "decline"}
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_coordinator_removes_a_member(client, draft, teacher, colleague):
    member = draft.members.get(user=colleague)
    login(client, teacher).post(reverse("requests:remove_member", args=[draft.pk, member.pk]))
    assert not draft.members.filter(user=colleague).exists()


def test_coordinator_cannot_be_removed(client, draft, teacher):
    member = draft.members.get(user=teacher)
    response = login(client, teacher).post(
        reverse("requests:remove_member", args=[draft.pk, member.pk]), follow=True
    )
    assert "Le coordonnateur ne peut pas quitter l" in response.content.decode()
    assert draft.members.filter(user=teacher).exists()


# Transitions -------------------------------------------------------------------------------
def test_team_of_one_cannot_submit(client, campaign, teacher, school):
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school)
    with time_machine.travel(IN_WINDOW):
        response = login(client, teacher).post(
            reverse("requests:transition", args=[ant.pk, "submit"]), follow=True
        )
    assert "au moins deux membres" in response.content.decode()
    ant.refresh_from_db()
    assert ant.state == State.DRAFT


def test_submit_inside_a_window(client, draft, teacher):
    with time_machine.travel(IN_WINDOW):
        response = login(client, teacher).post(
            reverse("requests:transition", args=[draft.pk, "submit"])
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_submit_outside_a_window_says_when_the_next_opens(client, draft, teacher):
    before = snapshot()
    with time_machine.travel(BETWEEN_WINDOWS):
        response = login(client, teacher).post(
            reverse("requests:transition", args=[draft.pk, "submit"]), follow=True
        )
    assert "la prochaine fenêtre de dépôt ouvre le 21 août 2020" in response.content.decode()
    assert snapshot() == before


def test_a_member_who_is_not_the_coordinator_cannot_submit(client, draft, colleague):
    before = snapshot()
    with time_machine.travel(IN_WINDOW):
        response = login(client, colleague).post(
            reverse("requests:transition", args=[draft.pk, "submit"]), follow=True
        )
    assert "Cette action ne vous revient pas." in response.content.decode()
    assert snapshot() == before


def test_head_endorses(client, draft, teacher, head):
    submitted(draft, teacher)
    html = login(client, head).get(draft.get_absolute_url()).content.decode()
    assert "Viser et transmettre à l" in html

    with time_machine.travel(IN_WINDOW):
        client.post(reverse("requests:transition", args=[draft.pk, "endorse"]))

    draft.refresh_from_db()
    assert draft.state == State.ENDORSED


def test_head_returns_only_with_a_comment(client, draft, teacher, head):
    submitted(draft, teacher)
    login(client, head)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Commentaire pour « Retourner à l&#x27;équipe » (obligatoire)" in html

    before = snapshot()
    url = reverse("requests:transition", args=[draft.pk, "return_to_team"])
    response = client.post(url, {"return_to_team-comment": "  "})
    assert response.status_code == 400
    assert "Un commentaire est obligatoire pour cette action." in response.content.decode()
    assert snapshot() == before

    client.post(url, {"return_to_team-comment": "Précisez le public."})
    draft.refresh_from_db()
    assert draft.state == State.RETURNED
    assert draft.transitions.last().comment == "Précisez le public."


def test_office_validates_with_host_school_and_hours(client, under_review, dafor, school):
    url = reverse("requests:transition", args=[under_review.pk, "validate"])
    login(client, dafor)

    response = client.post(url, {"validate-host_school": school.pk})
    assert response.status_code == 400
    assert "Indiquez le volume prévu, en heures." in response.content.decode()

    client.post(url, {"validate-host_school": school.pk, "validate-planned_hours": "18,5"})
    under_review.refresh_from_db()
    assert under_review.state == State.VALIDATED
    assert under_review.host_school == school and str(under_review.planned_hours) == "18.5"


def test_unknown_transition_is_404(client, draft, teacher):
    url = reverse("requests:transition", args=[draft.pk, "teleport"])
    assert login(client, teacher).post(url).status_code == 404


# The page ----------------------------------------------------------------------------------
def test_page_shows_the_project_timeline_and_thread(client, draft, teacher, head):
    submitted(draft, teacher)
    workflow.perform(draft, "return_to_team", by=head, comment="Précisez le public.")
    services.post_message(ant=draft, author=teacher, body="Nous précisons le public.")

    html = login(client, teacher).get(draft.get_absolute_url()).content.decode()

    assert draft.reference in html and "Retournée à l" in html
    assert "Comment harmoniser nos pratiques d&#x27;évaluation ?" in html
    assert "Brouillon → Transmise au chef d&#x27;établissement" in html
    assert "Paul Durand" in html and "«\u00a0Précisez le public.\u00a0»" in html
    assert "Nous précisons le public." in html and "Avis automatique" in html
    assert "Prioritaire" not in html


def test_priority_badge(client, draft, teacher):
    AntRequest.objects.filter(pk=draft.pk).update(priority=True)
    html = login(client, teacher).get(draft.get_absolute_url()).content.decode()
    assert "Prioritaire (report de la campagne précédente)" in html


def test_staff_notes_are_for_the_office_only(client, draft, teacher, colleague, head, dafor):
    submitted(draft, teacher)
    services.add_staff_note(ant=draft, author=dafor, body="Équipe déjà aidée en 2019.")

    html = login(client, dafor).get(draft.get_absolute_url()).content.decode()
    assert "Équipe déjà aidée en 2019." in html

    for user in (teacher, colleague, head):
        html = login(client, user).get(draft.get_absolute_url()).content.decode()
        assert "Équipe déjà aidée en 2019." not in html
        assert "Notes internes" not in html


def test_office_adds_a_staff_note(client, draft, dafor):
    login(client, dafor).post(
        reverse("requests:staff_note", args=[draft.pk]), {"note-body": "À rappeler."}
    )
    assert draft.staff_notes.get().body == "À rappeler."


@pytest.mark.parametrize("who", ["teacher", "head"])
def test_team_and_head_cannot_add_staff_notes(client, draft, request, who):
    before = snapshot()
    response = login(client, request.getfixturevalue(who)).post(
        reverse("requests:staff_note", args=[draft.pk]), {"note-body": "Intrus"}
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_diagnostic_notes_during_the_diagnostic(client, under_review, dafor):
    url = reverse("requests:diagnostic_note", args=[under_review.pk])
    login(client, dafor)

    client.post(url, {"diag-meeting_on": "2020-09-10", "diag-body": "Besoins précisés."})
    assert not DiagnosticNote.objects.exists()  # not in diagnostic yet

    workflow.perform(under_review, "start_diagnostic", by=dafor)
    client.post(url, {"diag-meeting_on": "2020-09-10", "diag-body": "Besoins précisés."})
    assert under_review.diagnostic_notes.get().meeting_on == datetime.date(2020, 9, 10)
    html = client.get(under_review.get_absolute_url()).content.decode()
    assert "10 septembre 2020" in html


def test_team_posts_to_the_thread(client, draft, colleague):
    login(client, colleague).post(
        reverse("requests:post_message", args=[draft.pk]), {"message-body": "Bonjour !"}
    )
    assert draft.thread.get(author=colleague).body == "Bonjour !"


def test_empty_message_is_refused(client, draft, colleague):
    response = login(client, colleague).post(
        reverse("requests:post_message", args=[draft.pk]), {"message-body": "   "}
    )
    assert response.status_code == 400
    assert "Écrivez votre message." in response.content.decode()
    assert not ThreadMessage.objects.filter(author=colleague).exists()


# Attachments -------------------------------------------------------------------------------
def test_a_real_pdf_is_accepted_and_downloaded_by_the_team(client, draft, colleague, settings):
    response = login(client, colleague).post(
        reverse("requests:attachment_upload", args=[draft.pk]),
        {"piece-file": upload("diagnostic.pdf", SMALL_PDF)},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "diagnostic.pdf" and attachment.size == len(SMALL_PDF)

    download = client.get(reverse("requests:attachment_download", args=[draft.pk, attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == SMALL_PDF
    download.close()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.pdf", PNG_BYTES, "Seuls les fichiers PDF sont acceptés."),
        ("notes.pdf", b"Ceci n'est qu'un texte.", "Seuls les fichiers PDF sont acceptés."),
        (
            "gros.pdf",
            b"%PDF-1.4\n" + b"0" * (ANT_ATTACHMENT_MAX_BYTES - 8),
            "Le fichier dépasse 5 Mo.",
        ),
    ],
)
def test_non_pdf_or_too_big_files_are_refused(
    client, draft, teacher, settings, name, content, message
):
    response = login(client, teacher).post(
        reverse("requests:attachment_upload", args=[draft.pk]),
        {"piece-file": upload(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()
    assert media_files(settings) == []


def test_exactly_five_megabytes_is_accepted(client, draft, teacher):
    content = b"%PDF-1.4\n" + b"0" * (ANT_ATTACHMENT_MAX_BYTES - 9)
    login(client, teacher).post(
        reverse("requests:attachment_upload", args=[draft.pk]),
        {"piece-file": upload("a.pdf", content)},
    )
    assert Attachment.objects.get().size == ANT_ATTACHMENT_MAX_BYTES


def test_head_downloads_but_cannot_upload(client, draft, teacher, head):
    attachment = services.add_attachment(ant=draft, upload=upload("a.pdf", SMALL_PDF), by=teacher)
    submitted(draft, teacher)
    login(client, head)
    response = client.get(reverse("requests:attachment_download", args=[draft.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response = client.post(
        reverse("requests:attachment_upload", args=[draft.pk]),
        {"piece-file": upload("b.pdf", SMALL_PDF)},
    )
    assert response.status_code == 404
    assert Attachment.objects.count() == 1


def test_attachment_of_another_request_is_404(
    client, draft, campaign, teacher, school, other_teacher, other_school
):
    mine = services.add_attachment(ant=draft, upload=upload("a.pdf", SMALL_PDF), by=teacher)
    theirs = ant_request(campaign=campaign, coordinator=other_teacher, school=other_school)
    response = login(client, other_teacher).get(
        reverse("requests:attachment_download", args=[theirs.pk, mine.pk])
    )
    assert response.status_code == 404


# Who may do what: the URL × role matrix ------------------------------------------------------
OUTSIDERS = ["other_teacher", "other_head", "other_academie_dafor", "trainer"]


def _actions(ant, member, attachment):
    return [
        ("post", reverse("requests:transition", args=[ant.pk, "submit"]), {}),
        ("post", reverse("requests:transition", args=[ant.pk, "cancel"]), {"cancel-comment": "x"}),
        ("post", reverse("requests:invite", args=[ant.pk]), {"invite-email": "karim@ac-test.fr"}),
        ("post", reverse("requests:answer_invitation", args=[ant.pk]), {"answer": "accept"}),
        ("post", reverse("requests:remove_member", args=[ant.pk, member.pk]), {}),
        (
            "post",
            reverse("requests:attachment_upload", args=[ant.pk]),
            {"piece-file": upload("a.pdf", SMALL_PDF)},
        ),
        ("post", reverse("requests:post_message", args=[ant.pk]), {"message-body": "Bonjour"}),
        ("post", reverse("requests:staff_note", args=[ant.pk]), {"note-body": "Note"}),
        (
            "post",
            reverse("requests:diagnostic_note", args=[ant.pk]),
            {"diag-meeting_on": "2020-09-10", "diag-body": "CR"},
        ),
        (
            "post",
            reverse("requests:edit", args=[ant.pk]),
            form_data(ant.campaign, ant.coordinating_school),
        ),
        ("get", reverse("requests:edit", args=[ant.pk]), None),
        ("get", reverse("requests:detail", args=[ant.pk]), None),
        ("get", reverse("requests:attachment_download", args=[ant.pk, attachment.pk]), None),
    ]


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_everywhere_and_change_nothing(
    client, draft, teacher, colleague, outsider, request
):
    attachment = services.add_attachment(ant=draft, upload=upload("a.pdf", SMALL_PDF), by=teacher)
    member = draft.members.get(user=colleague)
    login(client, request.getfixturevalue(outsider))
    before = snapshot()
    for method, url, data in _actions(draft, member, attachment):
        with time_machine.travel(IN_WINDOW):
            response = (
                getattr(client, method)(url, data)
                if data is not None
                else getattr(client, method)(url)
            )
        assert response.status_code == 404, (outsider, url)
    assert snapshot() == before


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_outsiders_get_404_on_a_submitted_request_too(client, draft, teacher, outsider, request):
    submitted(draft, teacher)
    login(client, request.getfixturevalue(outsider))
    before = snapshot()
    for name in ("endorse", "return_to_team", "start_review"):
        response = client.post(
            reverse("requests:transition", args=[draft.pk, name]), {f"{name}-comment": "x"}
        )
        assert response.status_code == 404
    assert snapshot() == before


def test_list_does_not_show_other_schools_requests(client, draft, other_teacher, other_head):
    for user in (other_teacher, other_head):
        html = login(client, user).get(reverse("requests:list")).content.decode()
        assert draft.title not in html


def test_get_on_an_action_is_not_allowed(client, draft, teacher):
    response = login(client, teacher).get(reverse("requests:transition", args=[draft.pk, "submit"]))
    assert response.status_code == 405


def test_links_to_other_pages_follow_the_roles(client, draft, teacher, head, dafor, school):
    submitted(draft, teacher)
    suggestions = reverse("requests:trainer_suggestions", args=[draft.pk])
    assert suggestions in login(client, dafor).get(draft.get_absolute_url()).content.decode()
    assert suggestions not in login(client, teacher).get(draft.get_absolute_url()).content.decode()

    put_in_state(draft, State.VALIDATED)
    orders = reverse("requests:mission_orders", args=[draft.pk])
    assert orders in login(client, head).get(draft.get_absolute_url()).content.decode()
    assert orders not in login(client, teacher).get(draft.get_absolute_url()).content.decode()
