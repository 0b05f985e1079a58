"""M@gistère's pages: who sees and does what (another académie's or circonscription's people
get 404), bad input on every form, and constant query counts on the lists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from programmes.models import (
    ActivityProgress,
    Enrolment,
    NeedsDiagnostic,
    Parcours,
    ParcoursActivity,
    ParcoursKitFile,
    ParcoursSession,
    SessionStep,
)
from tests.factories import (
    EnrolmentFactory,
    ParcoursActivityFactory,
    ParcoursFactory,
    ParcoursSessionFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"programmes:magistere_{name}", args=args)


# The catalogue -------------------------------------------------------------------------------
def test_catalogue_lists_national_and_own_parcours_with_hours(client, mag):
    local = ParcoursFactory(local=True, academie=mag.academie, title="Les rituels du matin")
    ParcoursFactory(local=True, academie=mag.other_academie, title="Parcours lorrain")
    client.force_login(mag.teacher)
    response = client.get(url("catalogue"))
    assert response.status_code == 200
    titles = [p.title for p in response.context["page"].object_list]
    assert titles == ["Enseigner le calcul mental", local.title]
    assert response.context["page"].object_list[0].hours_in_person == 3


def test_catalogue_requires_login(client):
    response = client.get(url("catalogue"))
    assert response.status_code == 302 and "/connexion/" in response.url or "login" in response.url


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=calcul", ["Enseigner le calcul mental"]),
        ("audience=formateurs", ["Former à distance"]),
        ("degree=second", ["Former à distance", "Séquences en langues"]),
        ("producer=canope", ["Séquences en langues"]),
        ("kind=module", ["Former à distance"]),
        ("origin=nationale&degree=premier", ["Enseigner le calcul mental", "Former à distance"]),
        ("degree=les_deux", ["Former à distance"]),
    ],
)
def test_catalogue_filters(client, mag, query, expected):
    ParcoursFactory(
        title="Former à distance", audience="formateurs", degree="les_deux", kind="module"
    )
    ParcoursFactory(title="Séquences en langues", degree="second", producer="canope")
    client.force_login(mag.teacher)
    response = client.get(f"{url('catalogue')}?{query}")
    assert [p.title for p in response.context["page"].object_list] == expected


@pytest.mark.parametrize("rows", [1, 60])
def test_catalogue_reads_a_constant_number_of_queries(client, mag, rows, django_assert_num_queries):
    for i in range(rows - 1):
        parcours = ParcoursFactory(title=f"Parcours {i:03d}")
        ParcoursActivityFactory(parcours=parcours, order=1)
    client.force_login(mag.teacher)
    with django_assert_num_queries(8):
        response = client.get(url("catalogue"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == rows


def test_parcours_detail_shows_objectives_sequence_and_hours(client, mag):
    client.force_login(mag.teacher)
    response = client.get(url("parcours", mag.parcours.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Enseigner explicitement des stratégies de calcul." in content
    assert "3 h en présence et 3 h à distance" in content
    assert "Modifier le parcours" not in content


def test_a_local_parcours_of_another_academie_is_a_404(client, mag):
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.far_teacher)
    assert client.get(url("parcours", local.pk)).status_code == 404


# Creating and editing parcours ---------------------------------------------------------------
PARCOURS_POST = {
    "title": "Les rituels en maternelle",
    "audience": "enseignants",
    "degree": "premier",
    "producer": "academie",
    "origin": "locale",
    "kind": "parcours",
    "objectives": "Construire des rituels qui font apprendre.",
    "animation_notes": "",
}


def test_staff_create_a_parcours_of_their_academie(client, mag):
    client.force_login(mag.staff)
    response = client.post(url("parcours_create"), PARCOURS_POST)
    parcours = Parcours.objects.get(title="Les rituels en maternelle")
    assert response.status_code == 302
    assert response.url == url("parcours_activities", parcours.pk)
    assert parcours.academie == mag.academie and parcours.origin == "locale"
    assert parcours.history.first().history_user == mag.staff


def test_objectives_are_required(client, mag):
    client.force_login(mag.staff)
    response = client.post(url("parcours_create"), {**PARCOURS_POST, "objectives": "   "})
    assert response.status_code == 200
    assert "chaque parcours annonce explicitement les objectifs qu" in response.content.decode()
    assert not Parcours.objects.filter(title="Les rituels en maternelle").exists()


def test_staff_cannot_create_a_national_parcours(client, mag):
    client.force_login(mag.staff)
    response = client.post(url("parcours_create"), {**PARCOURS_POST, "origin": "nationale"})
    assert response.status_code == 200 and response.context["form"].errors["origin"]
    assert not Parcours.objects.filter(title="Les rituels en maternelle").exists()


@pytest.mark.parametrize("who", ["teacher", "ien", "trainer"])
def test_only_the_programme_s_staff_create_parcours(client, mag, who):
    client.force_login(getattr(mag, who))
    assert client.get(url("parcours_create")).status_code == 404
    assert client.post(url("parcours_create"), PARCOURS_POST).status_code == 404
    assert not Parcours.objects.filter(title="Les rituels en maternelle").exists()


def test_another_academie_s_staff_create_parcours_of_their_own_academie_only(client, mag):
    client.force_login(mag.other_staff)
    client.post(f"{url('parcours_create')}?academie={mag.academie.pk}", PARCOURS_POST)
    assert Parcours.objects.get(title="Les rituels en maternelle").academie == mag.other_academie


@pytest.mark.parametrize("page", ["parcours_edit", "parcours_activities", "parcours_kit"])
def test_a_national_parcours_is_not_editable(client, mag, page):
    client.force_login(mag.staff)
    assert client.get(url(page, mag.parcours.pk)).status_code == 404


@pytest.mark.parametrize("page", ["parcours_edit", "parcours_activities", "parcours_kit"])
def test_another_academie_s_staff_get_a_404_on_a_parcours(client, mag, page):
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.other_staff)
    assert client.get(url(page, local.pk)).status_code == 404


def test_staff_edit_their_parcours_and_see_its_history(client, mag):
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.staff)
    response = client.post(
        url("parcours_edit", local.pk), {**PARCOURS_POST, "title": "Rituels, édition 2"}
    )
    assert response.status_code == 302
    local.refresh_from_db()
    assert local.title == "Rituels, édition 2"
    page = client.get(url("parcours", local.pk)).content.decode()
    assert "Historique des modifications" in page and "par Anne Dubois" in page


def _formset(rows, initial=0):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{i}-{key}"] = value
    return data


def _row(title, order, minutes="45", modality="distance", **extra):
    return {
        "title": title,
        "type": "video",
        "grouping": "individuelle",
        "modality": modality,
        "duration_minutes": minutes,
        "ORDER": str(order),
        **extra,
    }


def test_staff_write_the_sequence_in_the_order_given(client, mag):
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.staff)
    response = client.post(
        url("parcours_activities", local.pk),
        _formset([_row("Regarder", 2), _row("Préparer ensemble", 1, "120", "presence")]),
    )
    assert response.status_code == 302
    assert list(local.activities.values_list("order", "title")) == [
        (1, "Préparer ensemble"),
        (2, "Regarder"),
    ]


def test_staff_reorder_and_delete_activities(client, mag):
    local = ParcoursFactory(local=True, academie=mag.academie)
    first = ParcoursActivityFactory(parcours=local, order=1, title="Un")
    second = ParcoursActivityFactory(parcours=local, order=2, title="Deux")
    third = ParcoursActivityFactory(parcours=local, order=3, title="Trois")
    client.force_login(mag.staff)
    rows = [
        _row("Un", 3, id=str(first.pk)),
        _row("Deux", 1, id=str(second.pk), DELETE="on"),
        _row("Trois", 2, id=str(third.pk)),
    ]
    response = client.post(url("parcours_activities", local.pk), _formset(rows, initial=3))
    assert response.status_code == 302
    assert list(local.activities.values_list("order", "title")) == [(1, "Trois"), (2, "Un")]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"duration_minutes": "0"}, "au moins une minute"),
        ({"duration_minutes": ""}, "Indiquez la durée"),
        ({"title": ""}, "Donnez un intitulé"),
        ({"modality": "ailleurs"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_activities_are_refused_and_nothing_is_saved(client, mag, row, message):
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.staff)
    response = client.post(
        url("parcours_activities", local.pk),
        _formset([_row("Bonne", 1), {**_row("Mauvaise", 2), **row}]),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not local.activities.exists()


def test_a_sequence_needs_one_activity(client, mag):
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.staff)
    response = client.post(url("parcours_activities", local.pk), _formset([]))
    assert response.status_code == 200
    assert "au moins une activité" in response.content.decode()


def test_staff_upload_a_kit_file(client, mag, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.staff)
    response = client.post(
        url("parcours_kit", local.pk),
        {
            "title": "Diaporama du regroupement",
            "file": SimpleUploadedFile("diapo.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    assert ParcoursKitFile.objects.get(parcours=local).title == "Diaporama du regroupement"
    assert "Diaporama du regroupement" in client.get(url("parcours", local.pk)).content.decode()


def test_a_kit_file_of_a_refused_type_is_refused(client, mag, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.staff)
    response = client.post(
        url("parcours_kit", local.pk),
        {"title": "Script", "file": SimpleUploadedFile("script.exe", b"MZ")},
    )
    assert response.status_code == 200
    assert "type de fichier n" in response.content.decode()
    assert not ParcoursKitFile.objects.exists()


# Sessions ------------------------------------------------------------------------------------
SESSION_POST = {
    "school_year": "2026-2027",
    "plan": "animations",
    "contextualisation": "Le calcul mental au cycle 2, après les évaluations de CP.",
    "open_to_candidates": "on",
    "capacity": "",
}


def test_the_ien_creates_a_session_for_their_circonscription(client, mag):
    client.force_login(mag.ien)
    response = client.post(
        url("session_create"),
        {
            **SESSION_POST,
            "parcours": mag.parcours.pk,
            "circonscription": mag.circonscription.pk,
            "trainers": [mag.trainer.pk],
        },
    )
    assert response.status_code == 302
    session = ParcoursSession.objects.exclude(pk=mag.session.pk).get()
    assert (session.organiser, session.academie, session.circonscription) == (
        mag.ien,
        mag.academie,
        mag.circonscription,
    )
    assert list(session.trainers.all()) == [mag.trainer]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"circonscription": ""}, "circonscription"),  # animations need one
        ({"school_year": "2026-2028"}, "school_year"),
        ({"school_year": ""}, "school_year"),
        ({"plan": "pdf"}, "plan"),
        ("other_circonscription", "circonscription"),  # not the IEN's
        ("other_trainer", "trainers"),  # not a formateur de proximité of the programme
    ],
)
def test_bad_session_input_is_refused(client, mag, change, field):
    data = {
        **SESSION_POST,
        "parcours": mag.parcours.pk,
        "circonscription": mag.circonscription.pk,
        "trainers": [mag.trainer.pk],
    }
    if change == "other_circonscription":
        data["circonscription"] = mag.other_circonscription.pk
    elif change == "other_trainer":
        data["trainers"] = [mag.other_trainer.pk]
    else:
        data.update(change)
    client.force_login(mag.ien)
    response = client.post(url("session_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert ParcoursSession.objects.count() == 1


@pytest.mark.parametrize("who", ["teacher", "trainer"])
def test_only_ien_and_staff_create_sessions(client, mag, who):
    client.force_login(getattr(mag, who))
    assert client.get(url("session_create")).status_code == 404


def test_session_page_for_the_organiser_shows_diagnostic_and_enrolments(client, mag):
    NeedsDiagnostic.objects.create(
        circonscription=mag.circonscription, school_year="2026-2027", text="Le calcul au CP."
    )
    EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    client.force_login(mag.ien)
    response = client.get(url("session", mag.session.pk))
    content = response.content.decode()
    assert "Le calcul au CP." in content and "Thomas Moreau" in content
    assert "Animations pédagogiques de circonscription" in content


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("ien", 200),
        ("staff", 200),
        ("trainer", 200),
        ("teacher", 200),  # open to their circonscription's candidatures
        ("other_teacher", 404),
        ("far_teacher", 404),
        ("other_ien", 404),
        ("other_staff", 404),
        ("other_trainer", 404),
    ],
)
def test_session_page_by_role(client, mag, who, status):
    client.force_login(getattr(mag, who))
    assert client.get(url("session", mag.session.pk)).status_code == status


@pytest.mark.parametrize("page", ["session_edit", "session_step", "session_invite"])
@pytest.mark.parametrize("who", ["teacher", "trainer", "other_ien", "other_staff"])
def test_session_management_pages_are_404_for_others(client, mag, page, who):
    client.force_login(getattr(mag, who))
    assert client.get(url(page, mag.session.pk)).status_code == 404


def test_the_organiser_adds_calendar_steps(client, mag):
    client.force_login(mag.ien)
    response = client.post(
        url("session_step", mag.session.pk),
        {
            "kind": "regroupement",
            "date": "2027-01-13",
            "start_time": "09:00",
            "place": "École Colette-Magny",
            "note": "",
        },
    )
    assert response.status_code == 302
    step = SessionStep.objects.get()
    assert step.place == "École Colette-Magny"
    assert "mercredi 13 janvier 2027" in client.get(url("session", mag.session.pk)).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "regroupement", "date": "2027-01-13", "place": ""}, "place"),
        ({"kind": "ouverture", "date": "13/13/2027"}, "date"),
        ({"kind": "", "date": "2027-01-13"}, "kind"),
    ],
)
def test_bad_calendar_steps_are_refused(client, mag, data, field):
    client.force_login(mag.ien)
    response = client.post(url("session_step", mag.session.pk), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not SessionStep.objects.exists()


@pytest.mark.parametrize("rows", [1, 25])
def test_sessions_list_reads_a_constant_number_of_queries(
    client, mag, rows, django_assert_num_queries
):
    for _ in range(rows - 1):
        session = ParcoursSessionFactory(
            parcours=mag.parcours, academie=mag.academie, organiser=mag.ien
        )
        session.trainers.set([mag.trainer])
        EnrolmentFactory(session=session, accepted=True)
    client.force_login(mag.ien)
    with django_assert_num_queries(10):
        response = client.get(url("sessions"))
    assert response.context["page"].paginator.count == rows


def test_sessions_list_shows_a_teacher_the_open_sessions_of_their_circonscription(client, mag):
    ParcoursSessionFactory(
        parcours=mag.parcours,
        academie=mag.academie,
        plan="animations",
        circonscription=mag.other_circonscription,
        organiser=mag.other_ien,
    )
    client.force_login(mag.teacher)
    response = client.get(url("sessions"))
    assert list(response.context["page"].object_list) == [mag.session]


# Enrolment flows through the pages -----------------------------------------------------------
def test_a_teacher_applies_and_the_ien_accepts(
    client, mag, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(mag.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("session_apply", mag.session.pk), {"motivation": "Mes CP"})
    assert response.status_code == 302 and response.url == url("my_courses")
    enrolment = Enrolment.objects.get()
    assert [m.to for m in mailoutbox] == [[mag.ien.email]]
    client.force_login(mag.ien)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("enrolment_decision", enrolment.pk), {"decision": "accepter"})
    enrolment.refresh_from_db()
    assert enrolment.state == "accepted"
    assert mailoutbox[-1].to == [mag.teacher.email]


def test_someone_of_another_circonscription_cannot_apply(client, mag):
    client.force_login(mag.other_teacher)
    assert client.post(url("session_apply", mag.session.pk)).status_code == 404
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "trainer", "other_ien", "other_staff"])
def test_only_managers_answer_candidatures(client, mag, who):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.other_teacher)
    client.force_login(getattr(mag, who))
    response = client.post(url("enrolment_decision", enrolment.pk), {"decision": "accepter"})
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.state == "pending"


def test_the_ien_invites_and_the_teacher_accepts(client, mag):
    client.force_login(mag.ien)
    response = client.post(url("session_invite", mag.session.pk), {"emails": mag.teacher.email})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.origin == "invitation"
    client.force_login(mag.teacher)
    page = client.get(url("enrolment", enrolment.pk)).content.decode()
    assert "Accepter l" in page
    client.post(url("invitation_answer", enrolment.pk), {"reponse": "accepter"})
    enrolment.refresh_from_db()
    assert enrolment.state == "accepted"


def test_the_invited_teacher_declines(client, mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, invited=True)
    client.force_login(mag.teacher)
    client.post(url("invitation_answer", enrolment.pk), {"reponse": "decliner"})
    enrolment.refresh_from_db()
    assert enrolment.state == "declined"


def test_someone_else_cannot_answer_an_invitation(client, mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, invited=True)
    client.force_login(mag.other_teacher)
    response = client.post(url("invitation_answer", enrolment.pk), {"reponse": "accepter"})
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.state == "pending"


@pytest.mark.parametrize(
    ("emails", "message"),
    [
        ("", "Indiquez au moins une adresse"),
        ("pas-une-adresse", "pas valide"),
        ("inconnu@ac-paris.fr", "inconnu@ac-paris.fr"),
        ("other_teacher", "Aucun enseignant pouvant suivre cette session"),  # other circonscription
        ("far_teacher", "Aucun enseignant pouvant suivre cette session"),  # other académie
    ],
)
def test_bad_invitations_are_refused(client, mag, emails, message):
    if emails in ("other_teacher", "far_teacher"):
        emails = f"{mag.teacher.email}\n{getattr(mag, emails).email}"
    client.force_login(mag.ien)
    response = client.post(url("session_invite", mag.session.pk), {"emails": emails})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Enrolment.objects.exists()


# Progress and a teacher's courses ------------------------------------------------------------
def test_the_learner_marks_an_activity_done(client, mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    client.force_login(mag.teacher)
    response = client.post(
        url("activity_mark", enrolment.pk, mag.activities[1].pk), {"fait": "oui"}
    )
    assert response.status_code == 302
    page = client.get(url("enrolment", enrolment.pk))
    assert page.context["step"] == 3
    assert "3 h en présence et 0 h à distance" in page.content.decode()


def test_the_trainer_marks_an_activity_done(client, mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    client.force_login(mag.trainer)
    client.post(url("activity_mark", enrolment.pk, mag.activities[0].pk), {"fait": "oui"})
    assert ActivityProgress.objects.get().marked_by == mag.trainer


@pytest.mark.parametrize("who", ["other_teacher", "other_trainer", "other_staff", "far_teacher"])
def test_others_cannot_see_or_mark_someone_s_progress(client, mag, who):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    client.force_login(getattr(mag, who))
    assert client.get(url("enrolment", enrolment.pk)).status_code == 404
    response = client.post(
        url("activity_mark", enrolment.pk, mag.activities[0].pk), {"fait": "oui"}
    )
    assert response.status_code == 404
    assert not ActivityProgress.objects.exists()


def test_an_activity_of_another_parcours_is_a_404(client, mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    stranger = ParcoursActivityFactory()
    client.force_login(mag.teacher)
    response = client.post(url("activity_mark", enrolment.pk, stranger.pk), {"fait": "oui"})
    assert response.status_code == 404


@pytest.mark.parametrize("courses", [1, 12])
def test_my_courses_reads_a_constant_number_of_queries(
    client, mag, courses, django_assert_num_queries
):
    for i in range(courses):
        parcours = ParcoursFactory()
        activity = ParcoursActivityFactory(parcours=parcours, order=1)
        session = ParcoursSessionFactory(
            parcours=parcours, academie=mag.academie, organiser=mag.ien
        )
        enrolment = EnrolmentFactory(session=session, user=mag.teacher, accepted=True)
        if i % 2:
            ActivityProgress.objects.create(enrolment=enrolment, activity=activity)
    client.force_login(mag.teacher)
    with django_assert_num_queries(7):
        response = client.get(url("my_courses"))
    assert len(response.context["enrolments"]) == courses
    assert "Étape 4 sur 4" in response.content.decode() or courses == 1


def test_my_courses_shows_the_step_and_hours(client, mag):
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    ActivityProgress.objects.create(enrolment=enrolment, activity=mag.activities[0])
    client.force_login(mag.teacher)
    content = client.get(url("my_courses")).content.decode()
    assert "Étape 2 sur 4" in content and "0 h en présence et 1 h à distance" in content


# The needs diagnostic ------------------------------------------------------------------------
def test_the_ien_writes_the_needs_diagnostic(client, mag):
    client.force_login(mag.ien)
    response = client.post(
        url("diagnostic_create"),
        {
            "circonscription": mag.circonscription.pk,
            "school_year": "2026-2027",
            "text": "Le calcul mental au cycle 2.",
        },
    )
    assert response.status_code == 302
    diagnostic = NeedsDiagnostic.objects.get()
    assert diagnostic.written_by == mag.ien


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": " "}, "text"),
        ({"school_year": "2026"}, "school_year"),
        ("other_circonscription", "circonscription"),
        ("duplicate", "school_year"),
    ],
)
def test_bad_diagnostics_are_refused(client, mag, change, field):
    data = {
        "circonscription": mag.circonscription.pk,
        "school_year": "2026-2027",
        "text": "Le calcul mental.",
    }
    if change == "other_circonscription":
        data["circonscription"] = mag.other_circonscription.pk
    elif change == "duplicate":
        NeedsDiagnostic.objects.create(
            circonscription=mag.circonscription, school_year="2026-2027", text="Déjà écrit."
        )
    else:
        data.update(change)
    client.force_login(mag.ien)
    response = client.post(url("diagnostic_create"), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert NeedsDiagnostic.objects.count() == (1 if change == "duplicate" else 0)


@pytest.mark.parametrize("who", ["other_ien", "teacher", "staff"])
def test_another_s_diagnostic_is_a_404(client, mag, who):
    diagnostic = NeedsDiagnostic.objects.create(
        circonscription=mag.circonscription, school_year="2026-2027", text="Le calcul."
    )
    client.force_login(getattr(mag, who))
    assert client.get(url("diagnostic_edit", diagnostic.pk)).status_code == 404


def test_an_ien_without_circonscription_has_no_diagnostic_to_write(client, mag):
    lone = user_with_role(Role.IEN, academie=mag.academie)
    client.force_login(lone)
    assert client.get(url("diagnostic_create")).status_code == 404
    assert client.get(url("diagnostics")).status_code == 200


def test_every_magistere_page_renders(client, mag, settings, tmp_path):
    """A smoke pass over the pages, as each of their users opens them."""
    settings.MEDIA_ROOT = tmp_path
    local = ParcoursFactory(local=True, academie=mag.academie)
    enrolment = EnrolmentFactory(session=mag.session, user=mag.teacher, accepted=True)
    client.force_login(mag.staff)
    for page in [
        url("catalogue"),
        url("parcours_create"),
        url("parcours", local.pk),
        url("parcours_edit", local.pk),
        url("parcours_activities", local.pk),
        url("parcours_kit", local.pk),
        url("sessions"),
        url("session_create") + f"?parcours={mag.parcours.pk}",
        url("session", mag.session.pk),
        url("session_edit", mag.session.pk),
        url("session_step", mag.session.pk),
        url("session_invite", mag.session.pk),
        url("enrolment", enrolment.pk),
    ]:
        assert client.get(page).status_code == 200, page
    client.force_login(mag.ien)
    for page in [url("diagnostics"), url("diagnostic_create")]:
        assert client.get(page).status_code == 200, page
    assert ParcoursActivity.objects.filter(parcours=local).count() == 0


# Dashboard and menu --------------------------------------------------------------------------
def test_the_teacher_s_dashboard_lists_their_magistere_courses(client, mag):
    EnrolmentFactory(session=mag.session, user=mag.teacher, invited=True)
    client.force_login(mag.teacher)
    content = client.get("/").content.decode()
    assert "Enseigner le calcul mental" in content
    assert "Invitation à laquelle répondre" in content
    assert url("my_courses") in content


def test_the_ien_s_dashboard_lists_sessions_with_candidatures_to_examine(client, mag):
    EnrolmentFactory(session=mag.session, user=mag.teacher)
    client.force_login(mag.ien)
    content = client.get("/").content.decode()
    assert "Sessions M@gistère" in content
    assert "1 candidature à examiner" in content
    assert url("diagnostics") in content


def test_the_trainer_s_dashboard_lists_the_sessions_they_run(client, mag):
    client.force_login(mag.trainer)
    content = client.get("/").content.decode()
    assert url("session", mag.session.pk) in content


def test_the_dashboard_providers_read_a_constant_number_of_queries(mag, django_assert_num_queries):
    from programmes import dashboard

    for _ in range(5):
        session = ParcoursSessionFactory(
            parcours=mag.parcours, academie=mag.academie, organiser=mag.ien
        )
        EnrolmentFactory(session=session, user=mag.teacher, accepted=True)
        EnrolmentFactory(session=session)
    with django_assert_num_queries(1):
        assert len(dashboard.magistere_courses(mag.teacher)) == 5
    mag.ien.memberships  # noqa: B018 - the roles, loaded once per request
    with django_assert_num_queries(2):
        items = dashboard.magistere_organiser(mag.ien)
    assert len(items) == 7  # 6 sessions and the diagnostics


def test_the_menu_leads_to_the_catalogue_and_to_one_s_courses(client, mag):
    client.force_login(mag.teacher)
    content = client.get("/").content.decode()
    assert url("catalogue") in content and url("my_courses") in content
    client.force_login(mag.ien)
    assert url("sessions") in client.get("/").content.decode()


def test_the_ien_is_offered_to_write_the_missing_diagnostic(client, mag):
    client.force_login(mag.ien)
    content = client.get(url("session", mag.session.pk)).content.decode()
    assert "Rédiger le diagnostic" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 3),
        ("q=calcul", 2),
        ("school_year=2025-2026", 1),
        ("plan=academique", 2),
        ("plan=animations&school_year=2026-2027", 1),
    ],
)
def test_sessions_list_filters(client, mag, query, expected):
    other = ParcoursFactory(title="La laïcité")
    ParcoursSessionFactory(parcours=other, academie=mag.academie, organiser=mag.ien)
    ParcoursSessionFactory(
        parcours=mag.parcours, academie=mag.academie, organiser=mag.ien, school_year="2025-2026"
    )
    client.force_login(mag.ien)
    response = client.get(f"{url('sessions')}?{query}")
    assert response.context["page"].paginator.count == expected


def test_the_kit_is_downloaded_by_trainers_not_by_teachers(client, mag, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    local = ParcoursFactory(local=True, academie=mag.academie)
    client.force_login(mag.staff)
    client.post(
        url("parcours_kit", local.pk),
        {"title": "Guide d'animation", "file": SimpleUploadedFile("guide.pdf", b"%PDF-1.4 x")},
    )
    kit_file = ParcoursKitFile.objects.get()
    address = url("parcours_kit_file", local.pk, kit_file.pk)
    for who, status in (("staff", 200), ("trainer", 200), ("ien", 200), ("teacher", 404)):
        client.force_login(getattr(mag, who))
        response = client.get(address)
        assert response.status_code == status, who
        if status == 200:
            assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    client.force_login(mag.other_staff)  # another académie's local parcours
    assert client.get(address).status_code == 404
    client.force_login(mag.teacher)
    assert "Guide d" not in client.get(url("parcours", local.pk)).content.decode()


def test_sessions_list_counts_enrolments_once_whatever_the_trainers(client, mag):
    second = user_with_role(Role.FORMATEUR, academie=mag.academie)
    mag.session.trainers.add(second)
    EnrolmentFactory(session=mag.session, accepted=True)
    EnrolmentFactory(session=mag.session)
    for who in (mag.ien, mag.trainer):
        client.force_login(who)
        [session] = client.get(url("sessions")).context["page"].object_list
        assert (session.enrolled, session.pending) == (1, 1)


def test_an_activity_someone_has_done_cannot_be_deleted(client, mag):
    local = ParcoursFactory(local=True, academie=mag.academie)
    activity = ParcoursActivityFactory(parcours=local, order=1, title="Un")
    session = ParcoursSessionFactory(parcours=local, academie=mag.academie, organiser=mag.staff)
    enrolment = EnrolmentFactory(session=session, user=mag.teacher, accepted=True)
    ActivityProgress.objects.create(enrolment=enrolment, activity=activity)
    client.force_login(mag.staff)
    rows = [_row("Un", 1, id=str(activity.pk), DELETE="on"), _row("Deux", 2)]
    response = client.post(url("parcours_activities", local.pk), _formset(rows, initial=1))
    assert response.status_code == 200
    assert "ne peut plus être supprimée" in response.content.decode()
    assert list(local.activities.values_list("title", flat=True)) == ["Un"]


def test_the_organiser_removes_a_calendar_step_and_others_cannot(client, mag):
    import datetime

    step = SessionStep.objects.create(
        session=mag.session, kind="ouverture", date=datetime.date(2026, 11, 16)
    )
    address = url("session_step_delete", mag.session.pk, step.pk)
    for who in ("teacher", "trainer", "other_ien", "other_staff"):
        client.force_login(getattr(mag, who))
        assert client.post(address).status_code == 404
    assert SessionStep.objects.exists()
    client.force_login(mag.ien)
    assert client.post(address).status_code == 302
    assert not SessionStep.objects.exists()
